"""The learner's side of class grading: runs inside the sandbox, never in the judge.

``python -m bnbook.grading.kernel`` reads requests from fd 3 and writes replies to fd 4, one
JSON line each (:mod:`bnbook.grading.wire`). It executes the submission's code cells one by one
(CPU-time limit per cell), hands the judge the answers by name (functions as handles) and calls a
learner's function on plain-data arguments when the judge asks, returning the result and the
arguments after the call. It holds no reference, no test input and no score: whatever the
learner's code changes in this process can only change the learner's own outputs.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import os
import re
import signal
import sys
import time
import traceback

MAX_OUTPUT = 64_000  # characters of one cell's stored output


class CpuTimeout(BaseException):  # noqa: N818 - BaseException: `except Exception` can't hide it
    """The learner's code used up its CPU-time budget."""


def _on_cpu_limit(signum, frame):
    raise CpuTimeout


class _Capped(io.TextIOBase):
    def __init__(self):
        self.parts: list[str] = []
        self.size = 0
        self.truncated = False

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        if self.size < MAX_OUTPUT:
            self.parts.append(text[: MAX_OUTPUT - self.size])
        if self.size + len(text) > MAX_OUTPUT:
            self.truncated = True
        self.size += len(text)
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.parts)


_IPYTHON_SYNTAX = re.compile(r"^\s*[%!]|\?\s*$", re.M)


def to_python(source: str) -> str:
    """A notebook cell's IPython syntax (``%pip``, ``!ls``, ``%%time``, ``x?``) as plain Python:
    calls of ``get_ipython()``, which this kernel answers with :class:`_Shell`. Cells without such
    syntax are returned unchanged (and IPython is not imported for them)."""
    if not _IPYTHON_SYNTAX.search(source):
        return source
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # no IPython in this environment: environment commands become `pass`
        return re.sub(r"^(\s*)(%%?|!).*$", r"\1pass", source, flags=re.M)
    return TransformerManager().transform_cell(source)


class _Shell:
    """What a notebook's magics reach in the grader. Environment commands (``%pip install``, which
    every chapter's first cell has, ``%matplotlib``, shell escapes) do nothing: the library is
    installed and there is no network. ``%time``/``%timeit``/``%%time``/``%%capture`` run their
    code once; any other magic is skipped with a note on stderr."""

    QUIET = {"pip", "conda", "mamba", "matplotlib", "config", "load_ext", "reload_ext",
             "autoreload", "aimport", "env", "pinfo", "pinfo2", "psearch"}
    RUN = {"time", "timeit", "prun", "capture"}

    def __init__(self, kernel: Kernel):
        self.kernel = kernel

    def run_line_magic(self, name, line, _stack_depth=1):
        if name in self.RUN:
            self.kernel._exec(line)
        elif name not in self.QUIET:
            print(f"(grader: %{name} skipped)", file=sys.stderr)

    def run_cell_magic(self, name, line, cell):
        if name in self.RUN:
            self.kernel._exec(cell)
        else:
            print(f"(grader: %%{name} cell skipped)", file=sys.stderr)

    def system(self, cmd):
        print("(grader: shell command skipped)", file=sys.stderr)

    def getoutput(self, cmd, split=True):
        return []


class Kernel:
    def __init__(self, rfd: int, wfd: int):
        from . import wire

        self.wire = wire
        self.rin = os.fdopen(rfd, "rb", buffering=0)
        self.out = os.fdopen(wfd, "wb", buffering=0)
        shell = _Shell(self)
        self.ns: dict = {"__name__": "__main__", "__builtins__": builtins,
                         "get_ipython": lambda: shell}
        self.objects: dict[int, object] = {}
        signal.signal(signal.SIGPROF, _on_cpu_limit)

    # -- protocol ------------------------------------------------------------------------------
    def send(self, message: dict) -> None:
        self.out.write(self.wire.dumps(message))

    def receive(self) -> dict | None:
        line = self.rin.readline(self.wire.MAX_LINE)
        if not line:
            return None
        return self.wire.loads(line)

    def refer(self, obj) -> dict:
        ident = id(obj)
        self.objects[ident] = obj
        try:
            text = repr(obj)[:200]
        except BaseException:  # noqa: BLE001 - a learner's __repr__
            text = ""
        library = ""
        code = getattr(obj, "__code__", None)
        if code is not None and _in_library(code.co_filename):
            library = f"{getattr(obj, '__module__', 'bnbook')}.{getattr(obj, '__name__', '?')}"
        return {"__ref__": ident, "home": "kernel", "typ": type(obj).__name__[:80],
                "text": text, "callable": callable(obj), "library": library,
                "name": str(getattr(obj, "__name__", ""))[:80]}

    def resolve(self, handle: dict):
        if handle.get("home") == "kernel":
            return self.objects[handle["__ref__"]]
        ident = handle["__ref__"]
        kernel = self

        def judge_function(*args, **kwargs):
            """A function of the judge's (e.g. the task's loss): each call asks the judge."""
            kernel.send({"op": "callback", "ref": ident,
                         "args": [kernel.wire.encode(a, kernel.refer) for a in args],
                         "kwargs": kernel.wire.encode(dict(kwargs), kernel.refer)})
            reply = kernel.receive()
            if reply is None:
                os._exit(3)
            if reply.get("op") != "callback_result":
                raise ValueError(str(reply.get("text", "the grader's function failed"))[:300])
            return kernel.wire.decode(reply.get("value"), kernel.resolve)

        judge_function.__name__ = str(handle.get("name") or "judge_function")
        return judge_function

    # -- cells -----------------------------------------------------------------------------------
    def run_cell(self, source: str, cpu: float) -> dict:
        out, err = _Capped(), _Capped()
        error = None
        timed_out = False
        cpu0 = time.process_time()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            signal.setitimer(signal.ITIMER_PROF, max(cpu, 0.01))
            try:
                self._exec(source)
            except CpuTimeout:
                timed_out = True
            except BaseException as exc:  # noqa: BLE001 - SystemExit, KeyboardInterrupt too
                error = {"ename": type(exc).__name__, "evalue": str(exc)[:500],
                         "traceback": traceback.format_exc()[-3000:]}
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
        return {"op": "cell_done", "stdout": out.getvalue(), "stderr": err.getvalue(),
                "truncated": out.truncated or err.truncated, "error": error,
                "timeout": timed_out, "cpu_used": time.process_time() - cpu0}

    def _exec(self, source: str) -> None:
        tree = ast.parse(to_python(source), "<cell>")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, "<cell>", "exec"), self.ns)  # noqa: S102 - the learner's own cell
        if last is not None:
            value = eval(compile(last, "<cell>", "eval"), self.ns)  # noqa: S307
            if value is not None:
                print(repr(value))

    # -- calls -----------------------------------------------------------------------------------
    def answers(self, names: list[str]) -> dict:
        values = {}
        for name in names:
            if not isinstance(name, str) or name not in self.ns:
                continue
            values[name] = self.wire.encode(self.ns[name], self.refer)
        return {"op": "answers", "values": values}

    def call(self, msg: dict) -> dict:
        from .engine import _raising_function, describe_exception

        fn = self.objects.get(msg.get("ref"))
        args = self.wire.decode(msg.get("args", []), self.resolve)
        kwargs = self.wire.decode(msg.get("kwargs", {"__dict__": []}), self.resolve)
        forbidden = _forbidden_codes(msg.get("forbidden") or [])
        hits: list[str] = []

        def profile(frame, event, arg):
            if event == "call" and frame.f_code in forbidden:
                caller = frame.f_back
                if caller is None or not _in_bnbook(caller.f_code.co_filename):
                    hits.append(forbidden[frame.f_code])

        import numpy as np

        reply: dict
        cpu0 = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, max(float(msg.get("cpu", 5.0)), 0.01))
        try:
            if forbidden:
                sys.setprofile(profile)
            with np.errstate(all="ignore"), contextlib.redirect_stdout(_Capped()), \
                    contextlib.redirect_stderr(_Capped()):
                value = fn(*args, **kwargs)
            sys.setprofile(None)
            signal.setitimer(signal.ITIMER_PROF, 0)
            reply = {"op": "result", "value": self.wire.encode(value, self.refer)}
        except CpuTimeout:
            reply = {"op": "error", "timeout": True}
        except BaseException as exc:  # noqa: BLE001
            sys.setprofile(None)
            signal.setitimer(signal.ITIMER_PROF, 0)
            reply = {"op": "error", "type": type(exc).__name__,
                     "text": describe_exception(exc),
                     "raising": _raising_function(exc),
                     "not_implemented": isinstance(exc, NotImplementedError),
                     "broadcast": isinstance(exc, ValueError) and "broadcast" in str(exc)}
        finally:
            sys.setprofile(None)
            signal.setitimer(signal.ITIMER_PROF, 0)
        if hits:
            reply = {"op": "error", "uses_library": hits[0]}
        reply["cpu_used"] = time.process_time() - cpu0
        try:
            reply["args_after"] = self.wire.encode(args, self.refer)
            reply["kwargs_after"] = self.wire.encode(kwargs, self.refer)
        except BaseException:  # noqa: BLE001
            pass
        return reply

    def serve(self) -> None:
        while True:
            msg = self.receive()
            if msg is None:
                return
            op = msg.get("op")
            try:
                if op == "cell":
                    reply = self.run_cell(str(msg.get("source", "")), float(msg.get("cpu", 30)))
                elif op == "answers":
                    reply = self.answers(list(msg.get("names", [])))
                elif op == "call":
                    reply = self.call(msg)
                elif op == "ping":
                    reply = {"op": "pong"}
                elif op == "usage":
                    import resource

                    me = resource.getrusage(resource.RUSAGE_SELF)
                    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
                    reply = {"op": "usage", "cpu": me.ru_utime + me.ru_stime + kids.ru_utime
                             + kids.ru_stime, "max_rss_kb": me.ru_maxrss}
                elif op == "bye":
                    return
                else:
                    reply = {"op": "error", "text": "unknown request"}
            except BaseException as exc:  # noqa: BLE001 - the learner's objects, e.g. a bad __repr__
                reply = {"op": "error", "type": type(exc).__name__, "text": str(exc)[:300]}
            self.send(reply)


def _in_bnbook(path: str) -> bool:
    from .engine import _in_bnbook as inside

    return inside(path)


def _in_library(path: str) -> bool:
    from .engine import _in_library as inside

    return inside(path)


def _forbidden_codes(names: list) -> dict:
    """``["bnbook.layers:batchnorm_forward"]`` → {code: "bnbook.layers.batchnorm_forward"}."""
    import importlib

    codes = {}
    for spec in names:
        module, _, attr = str(spec).partition(":")
        if not module.startswith("bnbook."):
            continue
        try:
            obj = importlib.import_module(module)
            for part in attr.split("."):
                obj = getattr(obj, part)
            codes[obj.__code__] = f"{module}.{attr}"
        except Exception:  # noqa: BLE001, S112 - a name this library version does not have
            continue
    return codes


def main() -> None:
    """``python -m bnbook.grading.kernel RFD WFD``: the two pipe ends the judge passed."""
    rfd, wfd = int(sys.argv[1]), int(sys.argv[2])
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.argv = ["bnbook-learner-kernel"]
    sys.path.insert(0, os.getcwd())
    _one_blas_thread()
    Kernel(rfd, wfd).serve()


def _one_blas_thread() -> None:
    """One BLAS thread per kernel (the judge runs --jobs kernels side by side), set through
    threadpoolctl as bnbook.setup() does: the project sets no BLAS environment variable."""
    try:
        import numpy  # noqa: F401 - loads the BLAS library threadpoolctl then limits
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except Exception:  # noqa: BLE001, S110 - without them the kernel still runs, threaded
        pass


if __name__ == "__main__":
    main()
