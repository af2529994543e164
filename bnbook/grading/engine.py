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
           "get_task", "run_task", "TASKS", "DEFAULT_TIMEOUT"]

# .../bnbook/ as the interpreter imported it (the same spelling as the code objects' file names)
_LIB = str(Path(os.path.abspath(__file__)).parent.parent).replace("\\", "/") + "/"
_GRADER = _LIB + "grading/"


def _in_library(path: str) -> bool:
    """True for a bnbook source file outside the grader."""
    path = path.replace("\\", "/")
    return path.startswith(_LIB) and not path.startswith(_GRADER)


def _in_bnbook(path: str) -> bool:
    return path.replace("\\", "/").startswith(_LIB)


DEFAULT_TIMEOUT = float(os.environ.get("BNBOOK_GRADING_TIMEOUT", "10"))
"""Seconds one test may run (env ``BNBOOK_GRADING_TIMEOUT``)."""


class Fail(Exception):  # noqa: N818 - a feedback signal, not an error
    """Stop the current test with feedback ``key`` formatted with ``fmt``."""

    def __init__(self, key: str, **fmt):
        super().__init__(key)
        self.key = key
        self.fmt = fmt


class NotDone(Exception):  # noqa: N818
    """The learner has not written this answer yet."""


class _Timeout(Exception):  # noqa: N818
    pass


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
def run_with_timeout(fn: Callable, timeout: float, forbidden: dict | None = None):
    """Run ``fn()`` in a daemon thread and wait at most ``timeout`` seconds.

    Thread-based, so it works in any thread (Jupyter, the CLI, pytest) and on every OS, unlike
    ``signal.alarm``. Its limit: Python cannot kill a thread, so a learner's infinite loop keeps
    running in the background (using CPU) until the process ends; the grader moves on. The CLI
    runs each submission in its own kernel, which it shuts down, so nothing outlives a grade.

    ``forbidden`` maps a bnbook module file (``"layers.py"``) to function names the learner's
    code must not call (the library's own solution of the task); calls from the grader's own
    code are allowed. Raises :class:`UsesLibrary` naming the first such call.
    """
    box: dict = {}
    hits: list[str] = []

    def profile(frame, event, arg):
        if event != "call":
            return
        code = frame.f_code
        path = code.co_filename.replace("\\", "/")
        names = forbidden.get(path.rsplit("/", 1)[-1]) if _in_library(path) else None
        if names and code.co_name in names:
            caller = frame.f_back
            if caller is None or not _in_bnbook(caller.f_code.co_filename):
                module = path.rsplit("/", 1)[-1].removesuffix(".py")
                hits.append(f"bnbook.{module}.{code.co_name}")

    def target():
        if forbidden:
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
    worker.join(timeout)
    if worker.is_alive():
        raise _Timeout
    if hits:
        raise UsesLibrary(hits[0])
    if "error" in box:
        raise box["error"]
    return box.get("value")


class UsesLibrary(Exception):  # noqa: N818
    """The learner's code called the library's own solution of the task."""


def describe_exception(exc: BaseException) -> str:
    """``TypeName: message`` with the learner's own last frame, short enough for feedback."""
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
    except (Fail, NotDone):
        raise
    except BaseException as exc:  # noqa: BLE001
        text = describe_exception(exc)
        if isinstance(exc, ValueError) and "broadcast" in str(exc):
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


def run_task(task: Task, answer, timeout: float | None = None) -> Result:
    """Grade ``answer`` on every test of ``task``; never raises."""
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
            ok, key, fmt = run_with_timeout(lambda t=test: t.fn(answer), timeout,
                                            task.forbidden)
        except UsesLibrary as use:
            ok, key, fmt = False, "fb.uses_library", {"name": str(use)}
        except NotDone:
            return Result(task.task_id, task.title, _zero(task), task.max_score,
                          status="not_done", note=("note.not_done", {}))
        except Fail as f:
            ok, key, fmt = False, f.key, f.fmt
        except _Timeout:
            ok, key, fmt = False, "fb.timeout", {"seconds": f"{timeout:g}"}
        except BaseException as exc:  # noqa: BLE001 - nothing may reach the learner's notebook
            ok, key, fmt = False, "note.grader_bug", {"err": describe_exception(exc)}
        if ok:
            passed.add(test.name)
        outcomes.append(Outcome(test.name, test.points if ok else 0.0, test.points, key, fmt))
    return Result(task.task_id, task.title, outcomes, task.max_score)


def _library_answer(task: Task, answer) -> str | None:
    """The name of a bnbook function handed in as the answer itself (for tasks whose solution
    the library contains), else None."""
    if not task.forbidden:
        return None
    for f in answer if isinstance(answer, tuple) else (answer,):
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
