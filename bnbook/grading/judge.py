"""The judge: grades one submission without ever running the learner's code in its own process.

Two processes with a wall between them:

- the **learner kernel** (:mod:`bnbook.grading.kernel`) runs the submission's cells in a sandbox
  (bubblewrap: no network, a private /tmp, a read-only library and Python, no other file of the
  host, a scrubbed environment, rlimits on memory, CPU time, processes and file size, and a pid
  namespace, so everything it started dies with it);
- the **judge** (this module, in the grader's process) imports the tasks: their references, test
  inputs, comparisons and scores. It hands each test a stand-in (:class:`Remote`) for the
  learner's function; calling it sends the arguments as plain data (:mod:`bnbook.grading.wire`)
  to the kernel, which calls the learner's function there and returns the result and the
  arguments after the call. Nothing the learner's code does can reach a reference or a score.

Every wait on the kernel has a deadline; the kernel's limits count CPU time (a loaded machine
takes no point), with a wall-clock backstop for code that blocks.
"""

from __future__ import annotations

import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from .. import i18n
from . import engine, wire
from .result import Outcome, Result

MAX_RESTARTS = 3
MEMORY_BYTES = 2 * 1024**3  # address space of the learner's kernel
FILE_BYTES = 64 * 1024**2  # largest file it may write
TMP_BYTES = 256 * 1024**2  # all its files together (its /tmp is a tmpfs of this size)
MAX_PROCESSES = 24  # processes + threads at once (counted in its own user namespace)
MAX_SUBMISSION_BYTES = 32 * 1024**2  # a larger .ipynb is not read
MAX_EXECUTED_BYTES = 4 * 1024**2  # text outputs kept in executed.ipynb, all cells together
KERNEL_START_TIMEOUT = 60.0  # wall seconds for the kernel to start (imports, under load)


class SandboxUnavailable(RuntimeError):
    pass


_BWRAP_OK: dict = {}


def sandbox_problem() -> str | None:
    """None if bubblewrap can build the sandbox here, else why not (one line)."""
    if "why" in _BWRAP_OK:
        return _BWRAP_OK["why"]
    why = None
    bwrap = shutil.which("bwrap")
    if sys.platform != "linux":
        why = f"no sandbox on {sys.platform} (bubblewrap needs Linux)"
    elif bwrap is None:
        why = "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    else:
        try:
            with tempfile.TemporaryDirectory(prefix="bnbook-probe-") as tmp:
                cmd = _bwrap_command(Path(tmp), [sys.executable, "-c", "pass"])
                proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                                      timeout=60)
            if proc.returncode != 0:
                why = ("bubblewrap cannot create a sandbox here (user namespaces disabled?): "
                       + proc.stderr.decode("utf-8", "replace").strip()[:200])
        except (OSError, subprocess.TimeoutExpired) as exc:
            why = f"bubblewrap failed: {exc}"
    _BWRAP_OK["why"] = why
    return why


def _read_only_paths() -> list[str]:
    """What the learner's kernel may read, besides bnbook (at ``SANDBOX_LIB``): the Python
    installation, the virtual environment, system libraries and fonts. Not the home folder, not
    the repository (solutions/), not the submissions, not --out."""
    paths = {"/usr", "/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime",
             "/etc/fonts", sys.base_prefix, sys.prefix, str(Path(sys.executable).parent)}
    # (not every sys.path entry: a user's ~/.local site-packages stays out of reach)
    # the interpreter a venv's python links to
    paths.add(str(Path(os.path.realpath(sys.executable)).parent.parent))
    return sorted(p for p in paths if os.path.exists(p))


def _bwrap_command(private: Path, argv: list[str], extra_ro: dict | None = None) -> list[str]:
    cmd = ["bwrap", "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
           "--cap-drop", "ALL", "--die-with-parent", "--new-session", "--clearenv",
           "--proc", "/proc", "--dev", "/dev"]
    # the private /tmp first: the read-only binds below are mounted on top of it, so a Python or
    # venv under the host's /tmp (a CI clone, a scratch venv) is still there in the sandbox
    tmp = private / "tmp"
    (tmp / "work").mkdir(parents=True, exist_ok=True)
    if _bwrap_sizes_tmpfs():  # a tmpfs of TMP_BYTES: many files under the per-file limit can't
        cmd += ["--size", str(TMP_BYTES), "--tmpfs", "/tmp"]  # fill the host's disk either
        for sub in ("work", "home", "mpl"):
            cmd += ["--dir", f"/tmp/{sub}"]
        for font_list in sorted((tmp / "mpl").glob("fontlist-*.json")):
            cmd += ["--ro-bind", str(font_list), f"/tmp/mpl/{font_list.name}"]
    else:  # bubblewrap < 0.8 (no --size): the private folder on the host's disk
        cmd += ["--bind", str(tmp), "/tmp"]
    for link in ("lib", "lib64", "bin", "sbin", "lib32"):
        if os.path.islink(f"/{link}"):
            cmd += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
        elif os.path.isdir(f"/{link}"):
            cmd += ["--ro-bind", f"/{link}", f"/{link}"]
    for p in _read_only_paths():
        cmd += ["--ro-bind", p, p]
    import bnbook

    package = Path(bnbook.__file__).resolve().parent  # at a fixed place: /tmp is private
    cmd += ["--ro-bind", str(package), f"{SANDBOX_LIB}/bnbook"]
    if (package.parent / "results").is_dir():
        cmd += ["--ro-bind", str(package.parent / "results"), f"{SANDBOX_LIB}/results"]
    for dest, src in (extra_ro or {}).items():
        cmd += ["--ro-bind", str(src), dest]
    cmd += ["--chdir", "/tmp/work"]
    for key, value in _kernel_env("/tmp", SANDBOX_LIB).items():
        cmd += ["--setenv", key, value]
    return cmd + ["--", *argv]


@functools.lru_cache(maxsize=1)
def _bwrap_sizes_tmpfs() -> bool:
    """Whether this bubblewrap can size a tmpfs (``--size``, bubblewrap 0.8)."""
    try:
        text = subprocess.run(["bwrap", "--help"], capture_output=True, text=True,
                              timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "--size" in text


SANDBOX_LIB = "/opt/bnbook"  # where the sandbox sees the judge's bnbook package (read-only)


def _kernel_env(tmp: str, top: str | None = None) -> dict:
    """The learner kernel's whole environment. ``top``: the folder holding the ``bnbook``
    package the judge runs (the kernel imports that same one, via PYTHONPATH)."""
    if top is None:
        import bnbook

        top = str(Path(bnbook.__file__).resolve().parent.parent)
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": f"{tmp}/home", "PYTHONPATH": top,
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": f"{tmp}/mpl", "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1", "BNBOOK_DATA_DIR": "/opt/bnbook-data",
            "TMPDIR": tmp}


class KernelGone(Exception):  # noqa: N818
    """The learner's kernel ended (os._exit, out of memory, killed) or broke the protocol."""


class WallTimeout(Exception):  # noqa: N818
    pass


class Session:
    """One learner kernel: started in the sandbox (or, if ``sandbox=False``, as a plain child
    process with the same rlimits), talked to over two pipes, killed by :meth:`close`."""

    def __init__(self, *, sandbox: bool, cpu_seconds: float):
        self.sandbox = sandbox
        self.private = Path(tempfile.mkdtemp(prefix="bnbook-sandbox-"))
        for sub in ("tmp/work", "tmp/home", "tmp/mpl"):
            (self.private / sub).mkdir(parents=True, exist_ok=True)
        _copy_font_cache(self.private / "tmp/mpl")
        self.judge_objects: dict[int, object] = {}
        self.forbidden: list[str] = []
        self.dead = False
        req_r, self.req_w = os.pipe()
        self.rep_r, rep_w = os.pipe()
        limits = [f"--cpu={int(cpu_seconds) + 1}", f"--as={MEMORY_BYTES}",
                  f"--fsize={FILE_BYTES}", f"--nproc={MAX_PROCESSES}", "--core=0",
                  "--nofile=256"]
        kernel = [sys.executable, "-m", "bnbook.grading.kernel", str(req_r), str(rep_w)]
        self.cgroup = _pids_cgroup()
        if self.cgroup is not None:  # root ignores RLIMIT_NPROC: a pids cgroup limits it instead
            argv_prefix = ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"',
                           str(self.cgroup)]
        else:
            argv_prefix = []
        log = open(self.private / "kernel.log", "wb")  # noqa: SIM115 - a file, never a pipe
        data = _data_dir()
        if sandbox:
            argv = ["prlimit", *limits, "--", *_bwrap_command(
                self.private, kernel, {"/opt/bnbook-data": data} if data else None)]
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        else:
            argv = ["prlimit", *limits, "--", *kernel]
            env = _kernel_env(str(self.private / "tmp"))
            if data:
                env["BNBOOK_DATA_DIR"] = str(data)
        try:
            self.proc = subprocess.Popen(
                argv_prefix + argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                pass_fds=(req_r, rep_w), cwd=str(self.private / "tmp/work"), env=env,
                start_new_session=True)
        finally:
            os.close(req_r)
            os.close(rep_w)
            log.close()
        self.buffer = b""

    # -- pipes ---------------------------------------------------------------------------------
    def send(self, message: dict) -> None:
        data = wire.dumps(message)
        try:
            while data:
                _, ready, _ = select.select([], [self.req_w], [], 30.0)
                if not ready:
                    raise KernelGone("the kernel stopped reading")
                n = os.write(self.req_w, data[:65536])
                data = data[n:]
        except OSError as exc:
            raise KernelGone(str(exc)) from None

    def receive(self, wall: float) -> dict:
        deadline = time.monotonic() + max(wall, 0.0)
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WallTimeout
            ready, _, _ = select.select([self.rep_r], [], [], min(left, 1.0))
            if not ready:
                if self.proc.poll() is not None and not select.select([self.rep_r], [], [], 0)[0]:
                    raise KernelGone("the kernel ended")
                continue
            chunk = os.read(self.rep_r, 1 << 20)
            if not chunk:
                raise KernelGone("the kernel ended")
            self.buffer += chunk
            if len(self.buffer) > wire.MAX_LINE:
                raise KernelGone("reply too large")
        line, _, self.buffer = self.buffer.partition(b"\n")
        try:
            return wire.loads(line)
        except wire.WireError as exc:
            raise KernelGone(f"unreadable reply ({exc})") from None

    def request(self, message: dict, wall: float) -> dict:
        if self.dead:
            raise KernelGone("the kernel ended earlier")
        deadline = time.monotonic() + wall  # for the whole exchange, callbacks included
        try:
            self.send(message)
            while True:
                reply = self.receive(deadline - time.monotonic())
                if reply.get("op") != "callback":
                    return reply
                self._callback(reply)
        except (KernelGone, WallTimeout):
            self.close()
            raise

    # -- handles -------------------------------------------------------------------------------
    def refer(self, obj) -> dict:
        """A judge-side object (e.g. a task's loss function) the learner's code may call back."""
        ident = id(obj)
        self.judge_objects[ident] = obj
        return {"__ref__": ident, "home": "judge", "name": str(getattr(obj, "name", ""))[:80]}

    def resolve(self, handle: dict):
        if handle.get("home") == "judge":
            obj = self.judge_objects.get(handle.get("__ref__"))
            if obj is None:
                raise wire.WireError("unknown handle")
            return obj
        return RemoteFunction(self, handle) if handle.get("callable") else Remote(self, handle)

    def _callback(self, message: dict) -> None:
        fn = self.judge_objects.get(message.get("ref"))
        try:
            args = wire.decode(message.get("args", []), self.resolve)
            kwargs = wire.decode(message.get("kwargs", {"__dict__": []}), self.resolve)
            if not callable(fn) or not isinstance(args, list) or not isinstance(kwargs, dict):
                raise wire.WireError("bad callback")
            value = fn(*args, **{str(k): v for k, v in kwargs.items()})
            reply = {"op": "callback_result", "value": wire.encode(value, self.refer)}
        except BaseException as exc:  # noqa: BLE001 - the judge's function refused (Fail) or bad data
            if self.pending_error is None:
                self.pending_error = exc
            reply = {"op": "callback_error", "text": "the grader's function refused this call"}
        self.send(reply)

    pending_error: BaseException | None = None

    def call(self, remote: Remote, args: tuple, kwargs: dict, cpu: float):
        """Call the learner's function ``remote`` in the kernel; raises like the learner's
        code would (as :class:`engine.RemoteError`), or :class:`engine._Timeout`. The calls of
        one test share its CPU-time budget (:func:`engine.test_budget`)."""
        budget = engine.test_budget()
        if budget is not None:
            cpu = budget["left"]
            if cpu <= 0:
                raise engine._Timeout("cpu")
        self.pending_error = None
        message = {"op": "call", "ref": remote.ident, "cpu": cpu, "forbidden": self.forbidden,
                   "args": wire.encode(list(args), self.refer),
                   "kwargs": wire.encode(dict(kwargs), self.refer)}
        try:
            reply = self.request(message, engine.WALL_FACTOR * cpu + engine.WALL_SLACK)
        except WallTimeout:
            raise engine._Timeout("wall") from None
        except KernelGone:
            raise engine.RemoteError("SystemExit: your code ended the Python process "
                                     "(os._exit, out of memory, too many processes, ...)") from None
        if budget is not None:
            used = reply.get("cpu_used")
            budget["left"] -= float(used) if isinstance(used, int | float) and used >= 0 else cpu
        if self.pending_error is not None:
            raise self.pending_error
        try:
            after = wire.decode(reply.get("args_after"), self.resolve) if "args_after" in reply \
                else None
            kw_after = wire.decode(reply.get("kwargs_after"), self.resolve) \
                if "kwargs_after" in reply else None
        except (wire.WireError, ValueError, TypeError):
            after = kw_after = None
        if isinstance(after, list) and len(after) == len(args):
            for old, new in zip(args, after, strict=True):
                wire.update_in_place(old, new)
        if isinstance(kw_after, dict):
            for key, old in kwargs.items():
                if key in kw_after:
                    wire.update_in_place(old, kw_after[key])
        if reply.get("op") == "result":
            try:
                return wire.decode(reply.get("value"), self.resolve)
            except (wire.WireError, ValueError, TypeError):
                raise engine.RemoteError("ValueError: the function returned something that "
                                         "cannot be graded") from None
        if reply.get("timeout"):
            raise engine._Timeout("cpu")
        if reply.get("uses_library"):
            raise engine.UsesLibrary(str(reply["uses_library"])[:120])
        text = str(reply.get("text") or "error")[:450]
        raising = reply.get("raising")
        raising = str(raising)[:80] if raising else None
        if reply.get("not_implemented"):
            raise engine.RemoteNotImplemented(text, raising)
        raise engine.RemoteError(text, raising, bool(reply.get("broadcast")))

    def close(self) -> None:
        """Kill the kernel and everything it started; remove its private folder."""
        self.dead = True
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.kill()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for fd in (self.req_w, self.rep_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.req_w = self.rep_r = -1
        try:
            with open(self.private / "kernel.log", "rb") as f:
                f.seek(0, 2)
                f.seek(max(0, f.tell() - 4000))
                self.log_tail = f.read().decode("utf-8", "replace")
        except OSError:
            pass
        shutil.rmtree(self.private, ignore_errors=True)
        if self.cgroup is not None:
            _remove_cgroup(self.cgroup)
            self.cgroup = None

    log_tail = ""


class Remote:
    """Stand-in for an object of the learner's that lives in the kernel (usually a function)."""

    def __init__(self, session: Session, handle: dict):
        self.session, self.ident = session, handle.get("__ref__")
        self.typ = str(handle.get("typ", "object"))[:80]
        self.text = str(handle.get("text", ""))[:200]
        self.is_callable = bool(handle.get("callable"))
        self.__name__ = str(handle.get("name") or self.typ)[:80]
        self.library_name = str(handle.get("library") or "")[:120]
        self.cpu = 5.0

    def __repr__(self) -> str:
        return self.text or f"<{self.typ}>"


class RemoteFunction(Remote):
    """Stand-in for a learner's function (or other callable): calling it calls it in the kernel."""

    def __init__(self, session: Session, handle: dict):
        super().__init__(session, handle)
        self.__code__ = SimpleNamespace(co_name=self.__name__, co_filename="<learner>")

    def __call__(self, *args, **kwargs):
        return self.session.call(self, args, kwargs, self.cpu)


def _pids_cgroup() -> Path | None:
    """A fresh cgroup limiting the number of processes to MAX_PROCESSES, where this process may
    make one (as root: the kernel does not apply RLIMIT_NPROC to root's user namespaces), or
    None (an ordinary user: RLIMIT_NPROC does the job)."""
    if os.geteuid() != 0:
        return None
    import secrets

    for base in (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup")):
        if not (base / "cgroup.procs").exists():
            continue
        if base == Path("/sys/fs/cgroup") and "pids" not in _read(base / "cgroup.subtree_control"):
            continue
        group = base / f"bnbook-grade-{secrets.token_hex(6)}"
        try:
            group.mkdir()
            (group / "pids.max").write_text(str(MAX_PROCESSES))
            return group
        except OSError:
            _remove_cgroup(group)
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _remove_cgroup(group: Path) -> None:
    """Kill whatever is left in ``group``, then remove it (a few tries: exits are not instant)."""
    for _ in range(50):
        pids = _read(group / "cgroup.procs").split()
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError, PermissionError):
                pass
        try:
            group.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.05)


def _copy_font_cache(dest: Path) -> None:
    """matplotlib's font list, so that the kernel does not rebuild it (seconds per submission)."""
    cache = Path(os.environ.get("MPLCONFIGDIR") or Path.home() / ".cache" / "matplotlib")
    for f in cache.glob("fontlist-*.json") if cache.is_dir() else ():
        try:
            shutil.copy(f, dest / f.name)
        except OSError:
            pass


def _data_dir() -> Path | None:
    """The MNIST cache folder (read-only in the sandbox), if there is one."""
    try:
        from ..data import data_dir

        d = data_dir()
    except Exception:  # noqa: BLE001
        return None
    return d if d.is_dir() else None


# -- grading one submission ---------------------------------------------------------------------
def _chapter_tasks(chapter: str) -> list[engine.Task]:
    engine._load_tasks()
    return [t for t in engine.TASKS.values() if t.chapter == chapter]


def _failed_results(chapter: str | None, key: str, fmt: dict) -> list[dict]:
    if chapter is None:
        return []
    return [Result(t.task_id, t.title, [Outcome(o.name, 0.0, o.points, key, fmt) for o in t.tests],
                   t.max_score, status="not_graded", note=(key, fmt)).to_dict()
            for t in _chapter_tasks(chapter)]


def read_cells(path: Path) -> list[str]:
    """The code cells' sources of a submission (raises on a damaged file)."""
    import nbformat

    if Path(path).stat().st_size > MAX_SUBMISSION_BYTES:
        raise ValueError("file too large")
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    return [str(c.get("source", "")) for c in nb.cells if c.get("cell_type") == "code"]


def grade_notebook(path: str | Path, *, chapter: str, cell_timeout: float = 30.0,
                   total_timeout: float = 300.0, test_timeout: float = 5.0,
                   sandbox: bool = True, executed_path: str | Path | None = None) -> dict:
    """Grade one submission (never raises for anything inside it). ``chapter`` is the
    instructor's, never the notebook's. Returns the JSON-ready report: submission, chapter,
    score, max_score, tasks (feedback in ko and en), cells (errors, timeouts, kernel deaths,
    truncated outputs, not run), messages, seconds, sandboxed."""
    path = Path(path)
    t0 = time.perf_counter()
    tasks = _chapter_tasks(chapter)
    report: dict = {"submission": str(path), "name": path.stem, "chapter": chapter,
                    "score": 0.0, "max_score": float(sum(t.max_score for t in tasks)),
                    "tasks": [], "messages": [], "sandboxed": sandbox,
                    "cells": {"errors": [], "timeouts": [], "kernel_deaths": [], "truncated": [],
                              "not_run": []}}

    def message(key: str, **fmt):
        report["messages"].append({lg: i18n.t(key, lg, **fmt) for lg in i18n.LANGUAGES})

    if not sandbox:
        message("run.unsandboxed")
    try:
        too_large = path.stat().st_size > MAX_SUBMISSION_BYTES
    except OSError:
        too_large = False
    if too_large:
        message("run.too_large", mb=f"{MAX_SUBMISSION_BYTES // 1024**2}")
        report["tasks"] = _failed_results(chapter, "run.invalid_task", {})
        return _finish(report, t0)
    try:
        cells = read_cells(path)
    except Exception as exc:  # noqa: BLE001 - invalid JSON, wrong schema, unreadable file
        message("run.invalid", err=f"{type(exc).__name__}")
        report["tasks"] = _failed_results(chapter, "run.invalid_task", {})
        return _finish(report, t0)

    runner = _Runner(cells, sandbox=sandbox, cell_timeout=cell_timeout,
                     total_timeout=total_timeout, report=report)
    outputs: dict[int, dict] = {}
    try:
        runner.run(outputs)
        report["tasks"] = _grade_tasks(runner, tasks, test_timeout, message)
        report["kernel_cpu_seconds"] = runner.usage()  # the last kernel's (after any restart)
    except SandboxUnavailable as exc:  # the instructor's problem: told on the console only
        print(f"[bnbook judge] {path.name}: {exc}", file=sys.stderr, flush=True)
        message("run.setup_failed")
        report["tasks"] = _failed_results(chapter, "run.no_grades_task", {})
        report["grader_error"] = True
    finally:
        runner.close()
    _cell_messages(report, message)
    if executed_path is not None:
        _write_executed(path, outputs, executed_path)
    report["score"] = float(sum(t["score"] for t in report["tasks"]))
    return _finish(report, t0)


class _Runner:
    """Runs the cells in a session; restarts it without a cell that killed it or hung."""

    def __init__(self, cells, *, sandbox, cell_timeout, total_timeout, report):
        self.cells, self.sandbox = cells, sandbox
        self.cell_timeout, self.total_timeout = cell_timeout, total_timeout
        self.report = report
        self.skip: set[int] = set()
        self.session: Session | None = None
        self.restarts = 0
        self.deadline = time.monotonic() + total_timeout * engine.WALL_FACTOR / 2 + 30

    def _start(self) -> Session:
        """A new kernel, ready (two tries: a start can fail on a machine out of processes or
        memory for a moment). Raises :class:`SandboxUnavailable` if both fail."""
        why = ""
        for _ in range(2):
            session = Session(sandbox=self.sandbox,
                              cpu_seconds=self.total_timeout + 10 * 60)  # + the tests' calls
            try:  # before any learner code: a failure here is the grader's, not the learner's
                ok = session.request({"op": "ping"}, KERNEL_START_TIMEOUT).get("op") == "pong"
            except (KernelGone, WallTimeout):
                ok = False
            if ok:
                return session
            session.close()
            why = session.log_tail[-600:]
        raise SandboxUnavailable("the learner kernel did not start: " + why)

    def run(self, outputs: dict, upto: int | None = None) -> None:
        """Run every cell (not skipped) in a fresh session; on a kernel death or a wall-clock
        hang, skip that cell and start again (at most MAX_RESTARTS times)."""
        cells = self.report["cells"]
        while True:
            self.session = self._start()
            cpu_left = self.total_timeout  # CPU seconds for all cells of this attempt
            broke = None
            for i, source in enumerate(self.cells):
                if i in self.skip:
                    continue
                if cpu_left < 0.5 or time.monotonic() > self.deadline:
                    cells["not_run"].append(i + 1)
                    self.skip.add(i)
                    continue
                cpu = min(self.cell_timeout, cpu_left)
                try:
                    reply = self.session.request({"op": "cell", "source": source, "cpu": cpu},
                                                 engine.WALL_FACTOR * cpu + KERNEL_START_TIMEOUT)
                except WallTimeout:
                    broke = (i, "timeouts")
                    break
                except KernelGone:
                    broke = (i, "kernel_deaths")
                    break
                used = reply.get("cpu_used")
                cpu_left -= float(used) if isinstance(used, int | float) and used >= 0 else cpu
                if reply.get("timeout"):
                    _add(cells["timeouts"], i + 1)
                if reply.get("truncated"):
                    _add(cells["truncated"], i + 1)
                err = reply.get("error")
                if isinstance(err, dict):
                    text = f"{str(err.get('ename'))[:80]}: {str(err.get('evalue'))[:200]}"
                    cells["errors"].append({"cell": i + 1, "error": text})
                outputs[i] = reply
            if broke is None:
                return
            i, why = broke
            _add(cells[why], i + 1)
            self.skip.add(i)
            outputs[i] = {"stderr": f"[bnbook grader: cell skipped ({why})]\n"}
            cells["errors"] = []  # the cells before i run again and report their errors again
            self.restarts += 1
            if self.restarts > MAX_RESTARTS:
                self.skip.update(range(len(self.cells)))
                return

    def restart(self) -> None:
        """After the kernel died in a task: a new kernel with the same cells (not re-reported)."""
        if self.restarts > MAX_RESTARTS:
            return
        self.restarts += 1
        saved = json.loads(json.dumps(self.report["cells"]))
        self.run({})
        self.report["cells"] = saved

    def answers(self, names: list[str]) -> dict:
        if self.session is None or self.session.dead:
            self.restart()
        try:
            reply = self.session.request({"op": "answers", "names": names},
                                         KERNEL_START_TIMEOUT)
            values = reply.get("values") if isinstance(reply.get("values"), dict) else {}
            return {str(k): wire.decode(v, self.session.resolve) for k, v in values.items()
                    if k in names}
        except (KernelGone, WallTimeout, wire.WireError, ValueError, TypeError):
            return {}

    def usage(self) -> float | None:
        """CPU seconds the current kernel has used (for the instructor's throughput numbers)."""
        if self.session is None or self.session.dead:
            return None
        try:
            cpu = self.session.request({"op": "usage"}, KERNEL_START_TIMEOUT).get("cpu")
        except (KernelGone, WallTimeout):
            return None
        return round(float(cpu), 3) if isinstance(cpu, int | float) else None

    def close(self) -> None:
        if self.session is not None and not self.session.dead:
            try:
                self.session.send({"op": "bye"})
            except KernelGone:
                pass
            self.session.close()


def _add(items: list, n: int) -> None:
    if n not in items:
        items.append(n)


def _grade_tasks(runner: _Runner, tasks: list[engine.Task], test_timeout: float,
                 message) -> list[dict]:
    results = []
    previous = None
    for task in tasks:
        if runner.session is None or runner.session.dead:
            if previous is not None:
                message("run.died_in_task", task=previous)
            runner.restart()
        previous = task.task_id
        values = runner.answers(list(task.answer_names))
        missing = [n for n in task.answer_names if n not in values]
        if missing:
            r = Result(task.task_id, task.title, engine._zero(task), task.max_score,
                       status="missing", note=("note.missing", {"names": ", ".join(missing)}))
            results.append(r.to_dict())
            continue
        for value in values.values():
            if isinstance(value, Remote):
                value.cpu = test_timeout
        answer = tuple(values[n] for n in task.answer_names)
        answer = answer[0] if len(answer) == 1 else answer
        runner.session.forbidden = engine.forbidden_specs(task.forbidden)
        r = engine.run_task(task, answer, test_timeout, judge=True)
        results.append(_clamped(r.to_dict(), task))
    return results


def _clamped(record: dict, task: engine.Task) -> dict:
    """Host-side validation of one task's record: known id, finite scores within [0, max]."""
    import math

    total = 0.0
    for t in record.get("tests", []):
        s = t.get("score")
        s = float(s) if isinstance(s, int | float) and math.isfinite(s) else 0.0
        t["score"] = min(max(s, 0.0), float(t.get("max_score") or 0.0))
        total += t["score"]
    record["task_id"] = task.task_id
    record["max_score"] = task.max_score
    record["score"] = min(total, task.max_score) if record.get("status") == "graded" else 0.0
    return record


def _cell_messages(report: dict, message) -> None:
    cells = report["cells"]
    for n in cells["timeouts"]:
        message("run.cell_timeout", cell=n)
    for n in cells["kernel_deaths"]:
        message("run.kernel_died", cell=n)
    for n in cells["truncated"]:
        message("run.truncated", cell=n)
    if cells["not_run"]:
        message("run.total_timeout", cells=", ".join(map(str, cells["not_run"])))
    for e in cells["errors"]:
        message("run.cell_error", cell=e["cell"], err=e["error"])


def _write_executed(path: Path, outputs: dict, executed_path) -> None:
    """The submission with each code cell's text output (for the instructor)."""
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)
        k, budget = 0, MAX_EXECUTED_BYTES
        for cell in nb.cells:
            if cell.get("cell_type") != "code":
                continue
            reply = outputs.get(k, {})
            cell.outputs, cell.execution_count = [], None
            err = reply.get("error")
            texts = [(name, str(reply.get(name) or "")) for name in ("stdout", "stderr")]
            if isinstance(err, dict):
                texts.append(("stderr", str(err.get("traceback", ""))))
            for name, text in texts:
                if text:
                    if len(text) > budget:
                        text = text[:max(budget, 0)] + "\n[bnbook grader: output truncated]\n"
                    budget -= len(text)
                    cell.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))
            k += 1
        nbformat.write(nb, str(executed_path))
    except Exception:  # noqa: BLE001, S110 - the grade matters more than this copy
        pass


def _finish(report: dict, t0: float) -> dict:
    report["seconds"] = round(time.perf_counter() - t0, 3)
    return report


JUDGE_STRINGS = {
    "run.invalid": {"ko": "노트북 파일을 읽을 수 없습니다(올바른 .ipynb JSON이 아닙니다): {err}",
                    "en": "The notebook file cannot be read (not valid .ipynb JSON): {err}"},
    "run.setup_failed": {
        "ko": "채점기가 이 제출물을 실행할 커널을 시작하지 못했습니다(제출물의 문제가 아닙니다). "
              "강사에게 알려 주세요.",
        "en": "The grader could not start a kernel for this submission (not a problem of the "
              "submission); tell the instructor."},
    "run.too_large": {"ko": "노트북 파일이 {mb} MB보다 커서 채점하지 않았습니다(큰 출력을 지우고 "
                              "다시 저장하세요).",
                      "en": "The notebook file is larger than {mb} MB and was not graded (clear "
                            "large outputs and save it again)."},
    "run.invalid_task": {"ko": "노트북 파일이 손상되어 채점하지 못했습니다.",
                         "en": "Not graded: the notebook file is damaged."},
    "run.no_chapter": {
        "ko": "어느 장의 과제인지 알 수 없습니다. --chapter 옵션을 주세요.",
        "en": "Cannot tell which chapter this submission belongs to; pass --chapter."},
    "run.kernel_error": {"ko": "커널 오류: {err}", "en": "Kernel error: {err}"},
    "run.cell_timeout": {
        "ko": "코드 셀 {cell}이(가) 시간 제한 안에 끝나지 않아 건너뛰고 나머지를 채점했습니다.",
        "en": "Code cell {cell} did not finish within the time limit; it was skipped and the "
              "rest was graded."},
    "run.kernel_died": {
        "ko": "코드 셀 {cell}이(가) 커널을 종료시켜(예: os._exit) 건너뛰고 나머지를 채점했습니다.",
        "en": "Code cell {cell} killed the kernel (e.g. os._exit); it was skipped and the rest "
              "was graded."},
    "run.truncated": {"ko": "코드 셀 {cell}의 출력이 너무 커서 잘랐습니다.",
                      "en": "The output of code cell {cell} was too large and was truncated."},
    "run.total_timeout": {
        "ko": "전체 시간 제한을 넘어 코드 셀 {cells}을(를) 실행하지 않았습니다.",
        "en": "The total time limit was reached; code cells {cells} were not run."},
    "run.cell_error": {"ko": "코드 셀 {cell}에서 오류: {err}",
                       "en": "Error in code cell {cell}: {err}"},
    "run.no_grades": {
        "ko": "채점 셀이 결과를 남기지 못했습니다({why}).",
        "en": "The grading cell produced no result ({why})."},
    "run.died_in_task": {
        "ko": "채점기가 과제 {task}를 검사하는 동안 파이썬 프로세스가 끝났습니다"
              "(예: 함수 안의 os._exit, 메모리 부족, 너무 오래 멈춤). 그 검사는 0점이고, 나머지 "
              "과제는 노트북을 다시 실행해 채점했습니다.",
        "en": "The Python process ended while the grader ran task {task} (e.g. os._exit inside "
              "a function, out of memory, blocked too long); that test got 0 points and the "
              "remaining tasks were graded after re-running the notebook."},
    "run.no_grades_task": {"ko": "채점하지 못했습니다(채점 셀 실패).",
                           "en": "Not graded (the grading cell failed)."},
    "run.unsandboxed": {
        "ko": "주의: 샌드박스 없이 채점했습니다(--unsandboxed). 제출물의 코드가 이 컴퓨터에서 "
              "격리되지 않은 채 실행되었습니다.",
        "en": "Warning: graded WITHOUT a sandbox (--unsandboxed); the submission's code ran "
              "unisolated on this machine."},
}
i18n.register(JUDGE_STRINGS)
