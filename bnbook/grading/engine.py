"""The grading engine: task registry, per-test timeouts, ``check``, ``progress`` and ``tasks``.

A task is a list of tests. Each test gets the learner's answer and returns a feedback
``(ok, key, fmt)``; helper functions raise :class:`Fail` to stop a test early with a message and
:class:`NotDone` when the learner has not written the answer yet (``None`` or a stub that raises
``NotImplementedError``). Learner code runs in a worker thread with a time limit (see
:func:`run_with_timeout`), and nothing a learner's answer does is allowed to raise into the
notebook.
"""

from __future__ import annotations

import difflib
import importlib
import os
import pkgutil
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .result import Outcome, Result

__all__ = ["Task", "Test", "Fail", "NotDone", "check", "progress", "tasks", "register_task",
           "get_task", "run_task", "TASKS", "DEFAULT_TIMEOUT", "seed"]

# .../bnbook/ as the interpreter imported it (the same spelling as the code objects' file names)
_LIB = str(Path(os.path.abspath(__file__)).parent.parent).replace("\\", "/") + "/"
_GRADER = _LIB + "grading/"


def _in_library(path: str) -> bool:
    """True for a bnbook source file outside the grader."""
    path = path.replace("\\", "/")
    return path.startswith(_LIB) and not path.startswith(_GRADER)


def _in_bnbook(path: str) -> bool:
    return path.replace("\\", "/").startswith(_LIB)


DEFAULT_TIMEOUT = 10.0
"""CPU seconds one test may use in the notebook. Not read from the environment: a learner's
notebook could raise it. Class grading passes its own limit (``--test-timeout``)."""

WALL_FACTOR, WALL_SLACK = 6.0, 20.0
"""A test that uses little CPU (sleeping, blocked) is stopped after ``WALL_FACTOR × timeout +
WALL_SLACK`` seconds of wall-clock time; CPU time is the limit that counts, so a loaded machine
takes no point."""

_SEED = {"secret": None}
_BUDGET = threading.local()  # class grading: CPU seconds the current test has left (judge thread)


def test_budget() -> dict | None:
    """``{"left": seconds}`` for the test the judge is running in this thread, or None: the
    sandboxed kernel's calls of one test share one CPU-time budget (``--test-timeout``)."""
    return getattr(_BUDGET, "value", None)


def engine_seed(base: int) -> int:
    return seed(base)


def seed(base: int) -> int:
    """The seed a test uses where it would write the literal ``base``: ``base`` itself in the
    notebook's check() (feedback that is the same every time), a number derived from a secret
    drawn once per class-grading run otherwise (a lookup table keyed on the notebook's inputs
    fails). Tasks write ``make_case(seed(0), ...)``."""
    secret = _SEED["secret"]
    if secret is None:
        return int(base)
    import hashlib

    digest = hashlib.sha256(f"{secret}:{base}".encode()).digest()
    return int.from_bytes(digest[:4], "little")


_DEFAULT_RNG = np.random.default_rng


def _secret_default_rng(seed=None, *args, **kwargs):
    """``np.random.default_rng`` of the judge during class grading: an integer seed written in a
    task (``default_rng(0)``) becomes :func:`seed` of it, so every task's inputs are secret
    without changing the task. Anything else passes through."""
    if isinstance(seed, int | np.integer) and not isinstance(seed, bool):
        seed = engine_seed(int(seed))
    return _DEFAULT_RNG(seed, *args, **kwargs)


def set_secret_seed(secret: str | None) -> None:
    """Class grading (the judge's process only): draw every test input from ``secret`` — through
    :func:`seed`, and through the integer seeds the tasks give ``np.random.default_rng`` — or
    (None) back to the notebook's fixed seeds."""
    _SEED["secret"] = secret
    np.random.default_rng = _DEFAULT_RNG if secret is None else _secret_default_rng


class Fail(Exception):  # noqa: N818 - a feedback signal, not an error
    """Stop the current test with feedback ``key`` formatted with ``fmt``."""

    def __init__(self, key: str, **fmt):
        super().__init__(key)
        self.key = key
        self.fmt = fmt


class NotDone(Exception):  # noqa: N818
    """The learner has not written this answer yet."""


class _Timeout(Exception):  # noqa: N818
    """Out of time; ``kind`` is "cpu" (CPU-time budget used up) or "wall" (wall-clock backstop)."""

    def __init__(self, kind: str = "cpu"):
        super().__init__(kind)
        self.kind = kind


@dataclass
class Test:
    """One graded test: ``fn(answer) -> (ok, key, fmt)``; ``needs`` names earlier tests that must
    pass first (otherwise this one is skipped with a message)."""

    name: str
    points: float
    fn: Callable
    needs: tuple[str, ...] = ()


@dataclass
class Task:
    """A graded exercise: id like ``"02.forward"``, chapter ``"02"``, title (i18n key), the
    notebook names that hold the answer (one name, or several for a tuple answer), tests."""

    task_id: str
    chapter: str
    title: str
    answer_names: tuple[str, ...]
    tests: list[Test] = field(default_factory=list)
    kind: str = "code"  # "code" (functions) or "concept" (a value)
    forbidden: dict = field(default_factory=dict)  # library solutions the answer may not call
    level: str = ""  # "check" (short question), "build" (implement), "explore" (experiment)

    @property
    def max_score(self) -> float:
        return float(sum(t.points for t in self.tests))


TASKS: dict[str, Task] = {}
_PROGRESS: dict[str, Result] = {}


def register_task(task: Task) -> Task:
    if task.task_id in TASKS:
        raise ValueError(f"task {task.task_id!r} registered twice")
    TASKS[task.task_id] = task
    return task


def get_task(task_id: str) -> Task:
    _load_tasks()
    return TASKS[task_id]


def chapter_modules(kind: str) -> list[str]:
    """Names of this package's per-chapter modules of one kind, in chapter order:
    ``chapter_modules("tasks")`` → ``["tasks_ch01", "tasks_ch02", ...]``. A new chapter's
    ``tasks_chNN.py`` / ``strings_chNN.py`` is found without being listed anywhere."""
    pattern = re.compile(rf"{kind}_ch\d\d")
    here = str(Path(__file__).resolve().parent)
    return sorted(m.name for m in pkgutil.iter_modules([here]) if pattern.fullmatch(m.name))


def _load_tasks() -> None:
    """Import every ``tasks_chNN`` module (each registers its tasks on import)."""
    for name in chapter_modules("tasks"):
        importlib.import_module(f"{__package__}.{name}")


# -- running learner code ----------------------------------------------------------------------
def run_with_timeout(fn: Callable, timeout: float, forbidden=None):
    """Run ``fn()`` in a daemon thread; stop waiting once it has used ``timeout`` seconds of CPU
    time (where the OS reports a thread's CPU clock; wall-clock time elsewhere), or after
    ``WALL_FACTOR × timeout + 20`` s of wall-clock time if it uses little CPU. A busy machine
    therefore costs no point. Raises :class:`_Timeout` (with ``.kind`` ``"cpu"`` or ``"wall"``).

    Thread-based, so it works in any thread (Jupyter, pytest) and on every OS. Its limit: Python
    cannot kill a thread, so a learner's infinite loop keeps running in the background until the
    kernel restarts. Class grading runs the learner's code in a sandboxed process instead
    (:mod:`bnbook.grading.judge`).

    ``forbidden``: the library's own solutions of the task, which the learner's code must not call
    (see :func:`forbidden_codes`); calls from bnbook's own code are allowed. Raises
    :class:`UsesLibrary` naming the first such call.
    """
    box: dict = {}
    hits: list[str] = []
    codes = forbidden_codes(forbidden)

    def profile(frame, event, arg):
        if event != "call":
            return
        name = codes.get(frame.f_code)
        if name is not None:
            caller = frame.f_back
            if caller is None or not _in_bnbook(caller.f_code.co_filename):
                hits.append(name)

    def target():
        if codes:
            sys.setprofile(profile)  # this thread only
        try:
            # np.errstate is per thread (a context variable): silences numpy's floating-point
            # warnings from the learner's code without touching the notebook's global state
            with np.errstate(all="ignore"):
                box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - SystemExit from learner code too
            box["error"] = exc
        finally:
            sys.setprofile(None)

    worker = threading.Thread(target=target, daemon=True, name="bnbook-grading-test")
    worker.start()
    kind = _wait(worker, timeout)
    if kind is not None:
        raise _Timeout(kind)
    if hits:
        raise UsesLibrary(hits[0])
    if "error" in box:
        raise box["error"]
    return box.get("value")


def _wait(worker: threading.Thread, timeout: float) -> str | None:
    """Join ``worker``; None when it finished, "cpu" or "wall" when it ran out of time."""
    import time

    start = time.monotonic()
    wall_limit = WALL_FACTOR * timeout + WALL_SLACK
    clock = None
    while worker.is_alive():
        if clock is None and worker.ident is not None:
            try:
                clock = time.pthread_getcpuclockid(worker.ident)
            except (AttributeError, OSError):  # not Unix
                clock = False
        worker.join(min(0.05 + 0.1 * timeout, 0.5))
        if not worker.is_alive():
            return None
        if clock:
            try:
                if time.clock_gettime(clock) >= timeout:
                    return "cpu"
            except OSError:  # the thread ended between the two calls
                continue
        elif time.monotonic() - start >= timeout:
            return "wall"
        if time.monotonic() - start >= wall_limit:
            return "wall"
    return None


def forbidden_codes(forbidden) -> dict:
    """{code object: "bnbook.module.name"} for a task's ``forbidden`` library solutions:
    function objects (``[layers.batchnorm_forward, ...]``), or the older form
    ``{"layers.py": {"name", ...}}`` (a bnbook module's file name and its function names)."""
    out: dict = {}
    for fn in _forbidden_functions(forbidden):
        code = getattr(fn, "__code__", None)
        if code is not None:
            out[code] = f"{fn.__module__}.{fn.__qualname__}"
    return out


def _forbidden_functions(forbidden) -> list:
    if not forbidden:
        return []
    if not isinstance(forbidden, dict):
        return [f for f in forbidden if callable(f)]
    found = []
    for filename, names in forbidden.items():
        module = _module_for_file(filename)
        for name in sorted(names):
            found += _named(module, name)
    return found


def _named(module, name: str) -> list:
    """The module's function ``name``, or else every method of that name of its classes (the
    older ``{"optim.py": {"step"}}`` form named methods too)."""
    if module is None:
        return []
    fn = getattr(module, name, None)
    if callable(fn) and hasattr(fn, "__code__"):
        return [fn]
    methods = []
    for cls in vars(module).values():
        if isinstance(cls, type) and cls.__module__ == module.__name__:
            method = vars(cls).get(name)
            if hasattr(method, "__code__"):
                methods.append(method)
    return methods


def _module_for_file(filename: str):
    """``"layers.py"`` → bnbook.layers, ``"ch05.py"`` → bnbook.chapters.ch05 (None if absent).
    Used by the notebook's check() only (the learner's kernel has imported its chapter anyway)."""
    stem = filename.removesuffix(".py")
    for package in ("bnbook.chapters", "bnbook") if re.fullmatch(r"ch\d\d", stem) else ("bnbook",):
        try:
            return importlib.import_module(f"{package}.{stem}")
        except ImportError:
            continue
    return None


def forbidden_specs(forbidden) -> list[str]:
    """The forbidden functions as ``"module:qualname"`` (what the sandboxed kernel resolves).
    A chapter module is named without being imported: the judge never imports one."""
    if not forbidden:
        return []
    if not isinstance(forbidden, dict):
        return [f"{fn.__module__}:{fn.__qualname__}" for fn in forbidden if callable(fn)]
    specs = []
    for filename, names in forbidden.items():
        stem = filename.removesuffix(".py")
        if re.fullmatch(r"ch\d\d", stem):
            specs += [f"bnbook.chapters.{stem}:{name}" for name in sorted(names)]
            continue
        module = _module_for_file(filename)
        for name in sorted(names):
            specs += [f"{fn.__module__}:{fn.__qualname__}" for fn in _named(module, name)]
    return specs


class UsesLibrary(Exception):  # noqa: N818
    """The learner's code called the library's own solution of the task."""


class RemoteError(Exception):
    """An exception raised by the learner's code in the sandboxed kernel, as plain data: its
    ``text`` (``TypeName: message (← line)``, from the learner's own run), the learner's function
    it was raised in (``raising``) and whether it was a broadcasting ValueError."""

    def __init__(self, text: str, raising: str | None = None, broadcast: bool = False):
        super().__init__(text)
        self.text, self.raising, self.broadcast = text, raising, broadcast


class RemoteNotImplemented(NotImplementedError, RemoteError):
    """``NotImplementedError`` in the learner's kernel (a stub)."""

    def __init__(self, text: str, raising: str | None = None, broadcast: bool = False):
        RemoteError.__init__(self, text, raising, broadcast)


def describe_exception(exc: BaseException) -> str:
    """``TypeName: message`` with the learner's own last frame, short enough for feedback."""
    if isinstance(exc, RemoteError):
        return exc.text[:450]
    text = f"{type(exc).__name__}: {exc}".strip()
    if len(text) > 300:
        text = text[:300] + "…"
    tb = traceback.extract_tb(exc.__traceback__)
    learner = [f for f in tb if not _in_bnbook(f.filename)]
    if learner:
        frame = learner[-1]
        line = (frame.line or "").strip()
        if line:
            text += f" (← {line[:120]})"
    return text


def _raising_function(exc: BaseException) -> str | None:
    """Name of the learner's function in which ``exc`` was raised (None if it came from bnbook)."""
    if isinstance(exc, RemoteError):
        return exc.raising
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _in_bnbook(f.filename)]
    if not frames or frames[-1].name.startswith("<"):
        return None
    return frames[-1].name


def call(fn: Callable, *args, shape_hint: str = "D,", **kwargs):
    """Call learner code: NotImplementedError → :class:`NotDone`, other errors → :class:`Fail`."""
    if not callable(fn):
        raise Fail("fb.not_callable", typ=type(fn).__name__)
    try:
        return fn(*args, **kwargs)
    except NotImplementedError as exc:
        stub = _raising_function(exc)
        if stub is not None and stub != getattr(fn, "__name__", stub):
            # the learner's function is written but calls another one that is still a stub
            raise Fail("fb.stub_called", name=stub) from None
        raise NotDone from exc
    except (Fail, NotDone, _Timeout, UsesLibrary):
        raise
    except BaseException as exc:  # noqa: BLE001
        text = describe_exception(exc)
        broadcast = (exc.broadcast if isinstance(exc, RemoteError)
                     else isinstance(exc, ValueError) and "broadcast" in str(exc))
        if broadcast:
            raise Fail("fb.exception_broadcast", exc=text, shape_hint=shape_hint) from None
        raise Fail("fb.exception", exc=text) from None


def as_tuple(value, n: int, what: str, *, handed_in: bool = False) -> tuple:
    """``value`` as a tuple of ``n`` items: what the learner's function returned, or with
    ``handed_in=True`` what the learner handed to check() (e.g. a pair of functions)."""
    if value is None:
        raise Fail("fb.none_handed_in" if handed_in else "fb.none")
    if not isinstance(value, tuple | list) or len(value) != n:
        typ = type(value).__name__
        if isinstance(value, tuple | list):
            typ = f"{typ} of length {len(value)}"
        raise Fail("fb.not_tuple_handed_in" if handed_in else "fb.not_tuple",
                   n=n, what=what, typ=typ)
    return tuple(value)


def as_array(value, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Check a learner's array: type, shape, floating dtype, finiteness."""
    if value is None:
        raise Fail("fb.none")
    if not isinstance(value, np.ndarray):
        if np.isscalar(value) and shape == ():
            value = np.asarray(value)
        else:
            raise Fail("fb.not_array", name=name, typ=type(value).__name__)
    if value.shape != shape:
        raise Fail("fb.shape", name=name, got=value.shape, want=shape)
    if not np.issubdtype(value.dtype, np.floating):
        raise Fail("fb.dtype", name=name, got=str(value.dtype))
    if not np.all(np.isfinite(value)):
        raise Fail("fb.nan", name=name)
    return value


def close(a: np.ndarray, b: np.ndarray, rtol: float = 1e-6, atol: float = 1e-8) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def diagnose(value: np.ndarray, variants: dict[str, np.ndarray], **close_kw) -> str | None:
    """The first known-wrong variant the learner's value matches, or None."""
    for key, candidate in variants.items():
        if candidate is not None and close(value, candidate, **close_kw):
            return key
    return None


# -- grading -----------------------------------------------------------------------------------
def _is_missing(answer, task: Task) -> bool:
    if answer is None:
        return True
    if len(task.answer_names) > 1 and isinstance(answer, tuple):
        return any(a is None for a in answer)
    return False


def run_task(task: Task, answer, timeout: float | None = None, *, judge: bool = False) -> Result:
    """Grade ``answer`` on every test of ``task``; never raises.

    ``judge=True`` (class grading): ``answer`` holds stand-ins for the learner's objects in the
    sandboxed kernel (:mod:`bnbook.grading.judge`), which enforce the time limit and the
    forbidden functions there; the tests run directly in this (the judge's) thread, and an
    internal error's text stays out of the learner's feedback.
    """
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    if _is_missing(answer, task):
        return Result(task.task_id, task.title, _zero(task), task.max_score, status="not_done",
                      note=("note.not_done", {}))
    outcomes: list[Outcome] = []
    passed: set[str] = set()
    library = _library_answer(task, answer)
    for test in task.tests:
        if library:
            outcomes.append(Outcome(test.name, 0.0, test.points, "fb.uses_library",
                                    {"name": library}))
            continue
        missing = [n for n in test.needs if n not in passed]
        if missing:  # named, so the learner knows which failing test to fix first
            outcomes.append(Outcome(test.name, 0.0, test.points, "fb.skipped",
                                    {"test_key": missing[0]}))
            continue
        try:
            if judge:
                _BUDGET.value = {"left": float(timeout)}
                try:
                    with np.errstate(all="ignore"):
                        ok, key, fmt = test.fn(answer)
                finally:
                    _BUDGET.value = None
            else:
                ok, key, fmt = run_with_timeout(lambda t=test: t.fn(answer), timeout,
                                                task.forbidden)
        except UsesLibrary as use:
            ok, key, fmt = False, "fb.uses_library", {"name": str(use)}
        except NotDone:
            return Result(task.task_id, task.title, _zero(task), task.max_score,
                          status="not_done", note=("note.not_done", {}))
        except Fail as f:
            ok, key, fmt = False, f.key, f.fmt
        except _Timeout as t:
            ok, key, fmt = False, ("fb.timeout_wall" if t.kind == "wall" else "fb.timeout"), \
                {"seconds": f"{timeout:g}"}
        except BaseException as exc:  # noqa: BLE001 - nothing may reach the learner's notebook
            err = "" if judge else describe_exception(exc)
            if judge:  # for the instructor's console only: the learner's feedback has no host text
                print(f"[bnbook judge] internal error in {task.task_id} / {test.name}: "
                      f"{describe_exception(exc)}", file=sys.stderr, flush=True)
            ok, key, fmt = False, "note.grader_bug", {"err": err}
        ok = bool(ok)
        if ok:
            passed.add(test.name)
        outcomes.append(Outcome(test.name, test.points if ok else 0.0, test.points, key,
                                fmt if isinstance(fmt, dict) else {}))
    return Result(task.task_id, task.title, outcomes, task.max_score)


def _library_answer(task: Task, answer) -> str | None:
    """The name of a bnbook function handed in as the answer itself (for tasks whose solution
    the library contains), else None."""
    if not task.forbidden:
        return None
    for f in answer if isinstance(answer, tuple) else (answer,):
        remote = getattr(f, "library_name", None)  # a stand-in from the sandboxed kernel
        if isinstance(remote, str) and remote:
            return remote
        code = getattr(f, "__code__", None)
        if code is not None and _in_library(code.co_filename):
            return f"{getattr(f, '__module__', 'bnbook')}.{getattr(f, '__name__', '?')}"
    return None


def _zero(task: Task) -> list[Outcome]:
    return [Outcome(t.name, 0.0, t.points, "note.not_done") for t in task.tests]


_NO_ANSWER = object()


def check(task_id: str, answer=_NO_ANSWER, *, timeout: float | None = None) -> Result:
    """Grade ``answer`` for task ``task_id`` and return the result (it displays itself in a
    notebook, in the language chosen by ``bnbook.setup``). Never raises."""
    try:
        task = get_task(task_id)
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(task_id), list(TASKS), n=1, cutoff=0.6)
        note = (("note.unknown_task_close", {"task": task_id, "close": close[0]}) if close
                else ("note.unknown_task", {"task": task_id}))
        return Result(str(task_id), "result.unknown_title", [], 0.0, status="unknown_task",
                      note=note)
    if answer is _NO_ANSWER:
        answer = None
    result = run_task(task, answer, timeout)
    _PROGRESS[task.task_id] = result
    return result


@dataclass
class Progress:
    """Score of this session (the latest check() of each task)."""

    results: dict[str, Result]
    chapter: str | None

    def _rows(self):
        _load_tasks()
        for tid, task in TASKS.items():
            if self.chapter is not None and task.chapter != self.chapter:
                continue
            r = self.results.get(tid)
            yield tid, (r.score if r else 0.0), task.max_score, (r is not None)

    @property
    def score(self) -> float:
        return float(sum(s for _, s, _, _ in self._rows()))

    @property
    def max_score(self) -> float:
        return float(sum(m for _, _, m, _ in self._rows()))

    def text(self, lang: str | None = None) -> str:
        from ._strings import msg

        lines = [msg("progress.header", lang, score=f"{self.score:g}",
                     max_score=f"{self.max_score:g}")]
        rows = list(self._rows())
        id_width = max([18, *(len(tid) for tid, *_ in rows)])  # long ids widen the column
        for tid, s, m, seen in rows:
            state = (f"{s:g}/{m:g}" if seen
                     else msg("progress.not_checked", lang, max_score=f"{m:g}"))
            lines.append(f"  {tid:<{id_width}} {state}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()


def progress(chapter: str | None = None) -> Progress:
    """Score so far in this session, for every task (or one chapter's tasks)."""
    return Progress(dict(_PROGRESS), chapter)


def reset_progress() -> None:
    _PROGRESS.clear()


@dataclass
class TaskList:
    chapter: str | None

    def text(self, lang: str | None = None) -> str:
        """One block per chapter: a heading (``1장 과제: 모두 11점`` / ``Chapter 1 tasks: 11
        points in all``), then each task's id, points and title."""
        from ._strings import msg

        _load_tasks()
        chosen = [t for t in TASKS.values() if self.chapter in (None, t.chapter)]
        lines: list[str] = []
        for chapter in dict.fromkeys(t.chapter for t in chosen):
            in_chapter = [t for t in chosen if t.chapter == chapter]
            total = sum(t.max_score for t in in_chapter)
            lines.append(msg("tasks.chapter", lang, n=_chapter_number(chapter),
                             points=f"{total:g}"))
            points = [msg("tasks.point" if t.max_score == 1 else "tasks.points", lang,
                          points=f"{t.max_score:g}") for t in in_chapter]
            width = max(map(len, points))
            id_width = max([20, *(len(t.task_id) for t in in_chapter)])
            levels = [msg(f"tasks.level.{t.level}", lang) if t.level else "" for t in in_chapter]
            lwidth = max(map(len, levels))
            for task, pts, lvl in zip(in_chapter, points, levels, strict=True):
                lines.append(f"  {task.task_id:<{id_width}} {pts:<{width}}  {lvl:<{lwidth}}  "
                             f"{msg(task.title, lang)}")
        return "\n".join(lines)

    def ids(self) -> list[str]:
        _load_tasks()
        return [t for t, task in TASKS.items() if self.chapter in (None, task.chapter)]

    def __repr__(self) -> str:
        return self.text()


def _chapter_number(chapter: str) -> str:
    """``"01"`` → ``"1"``: chapters are written 1장 / Chapter 1 in the text."""
    return str(int(chapter)) if chapter.isdigit() else chapter


def tasks(chapter: str | None = None) -> TaskList:
    """Every task id with its points and chapter (``tasks("02")`` for one chapter)."""
    return TaskList(chapter)
