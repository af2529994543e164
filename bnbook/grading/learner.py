"""The learner's side of the exercises: progress kept on disk, ``check_all()``, and the command that
copies the exercises into the learner's own folder.

- ``check`` (what ``from bnbook.grading import check`` gives) grades as :func:`engine.check` does
  and also writes the result to ``bnbook-progress.json`` in the notebook's folder (the kernel's
  working directory): the latest score and the best score of every task. So ``progress()`` still
  knows the scores after a kernel restart; it shows the latest score of each task and, where an
  earlier attempt scored higher, the best one beside it. Delete the file to start again; set
  ``BNBOOK_PROGRESS=off`` to keep nothing on disk. A folder that cannot be written is skipped.
  Outside a Jupyter kernel (scripts, pytest) nothing is kept unless ``BNBOOK_PROGRESS=on``.
- ``check_all()`` grades every task whose answer is defined in the notebook (stubs that are not
  written yet count as not done), after a restart too: Run All, then ``check_all()``.
- ``python -m bnbook.grading.learner copy [FOLDER] [--lang ko|en]`` (or ``bnbook-exercises``)
  copies the exercise notebooks into FOLDER (default ``bnbook-exercises``), never overwriting a
  file that is already there: work there, not in the repository's ``exercises/``, which is
  regenerated upstream (a ``git pull`` would then conflict with your answers).
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from . import engine
from ._strings import msg
from .result import Result

PROGRESS_FILE = "bnbook-progress.json"
ENV_SWITCH = "BNBOOK_PROGRESS"
_FORMAT = 1

i18n.register({
    "progress.best": {"ko": "(최고 {best}/{max_score})", "en": "(best {best}/{max_score})"},
    "check_all.none": {
        "ko": "이 노트북에서 답을 찾은 과제가 없습니다. 과제 셀을 먼저 실행하세요(Run All).",
        "en": "No task's answer is defined in this notebook yet. Run the task cells first "
              "(Run All)."},
    "copy.done": {"ko": "연습 문제 {n}개를 {dest}에 복사했습니다. 그 폴더에서 푸세요.",
                  "en": "Copied {n} exercise notebook(s) to {dest}. Work there."},
    "copy.kept": {"ko": "이미 있는 파일은 그대로 두었습니다(답을 덮어쓰지 않습니다): {names}",
                  "en": "Kept the files already there (your answers are never overwritten): "
                        "{names}"},
    "copy.no_source": {
        "ko": "연습 문제 노트북을 찾지 못했습니다. 저장소에서 실행하거나 "
              "bnbook을 pip로 설치하세요.",
        "en": "No exercise notebooks found: run this in the repository or pip install bnbook."},
})


# ---------------------------------------------------------------- the progress file
def _in_notebook() -> bool:
    """True inside a Jupyter kernel (JupyterLab, Colab, nbval, the grader's kernels)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def progress_path() -> Path | None:
    """``bnbook-progress.json`` in the working directory (a notebook's own folder), or None:
    outside a Jupyter kernel (scripts, pytest) unless ``BNBOOK_PROGRESS=on``, and never with
    ``BNBOOK_PROGRESS=off``."""
    switch = os.environ.get(ENV_SWITCH, "").strip().lower()
    if switch in {"0", "off", "no", "false"}:
        return None
    if switch not in {"1", "on", "yes", "true"} and not _in_notebook():
        return None
    return Path.cwd() / PROGRESS_FILE


def load_saved(path: Path | None = None) -> dict[str, dict]:
    """``{task_id: {"latest", "best", "max_score", "attempts", "latest_at", "best_at"}}`` from
    the progress file; empty if there is none or it cannot be read."""
    path = progress_path() if path is None else path
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        tasks = data["tasks"] if data.get("format") == _FORMAT else {}
        return {k: v for k, v in tasks.items() if isinstance(v, dict) and "latest" in v}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def record(result: Result, path: Path | None = None) -> None:
    """Write ``result`` into the progress file: latest score, best score so far. Only graded
    and not-done results of known tasks count; an unwritable folder is skipped silently."""
    if result.status not in {"graded", "not_done"}:
        return
    path = progress_path() if path is None else path
    if path is None:
        return
    tasks = load_saved(path)
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    old = tasks.get(result.task_id, {})
    entry = {"latest": result.score, "max_score": result.max_score, "latest_at": now,
             "attempts": int(old.get("attempts", 0)) + 1,
             "best": old.get("best", result.score), "best_at": old.get("best_at", now)}
    if result.score > float(entry["best"]) or "best" not in old:
        entry["best"], entry["best_at"] = result.score, now
    tasks[result.task_id] = entry
    tmp = path.with_name(path.name + ".tmp")
    with contextlib.suppress(OSError):
        tmp.write_text(json.dumps({"format": _FORMAT, "tasks": tasks}, ensure_ascii=False,
                                  indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)


# ---------------------------------------------------------------- check, progress, check_all
def check(task_id: str, answer=engine._NO_ANSWER, *, timeout: float | None = None) -> Result:
    """Grade ``answer`` for ``task_id`` (:func:`bnbook.grading.engine.check`) and keep the
    score in the progress file. Never raises."""
    result = engine.check(task_id, answer, timeout=timeout)
    record(result)
    return result


@dataclass(repr=False)  # keep engine.Progress.__repr__: the notebook shows the text
class Progress(engine.Progress):
    """The latest score of each task, from this session or, after a restart, from the progress
    file; the best earlier score beside it where it was higher."""

    saved: dict[str, dict] = field(default_factory=dict)

    def _rows(self):
        for tid, score, max_score, seen in super()._rows():
            s = self.saved.get(tid)
            if not seen and s is not None:
                score, seen = float(s["latest"]), True
            yield tid, score, max_score, seen

    def _best(self, tid: str, latest: float) -> float:
        s = self.saved.get(tid)
        return max(latest, float(s["best"])) if s is not None else latest

    def text(self, lang: str | None = None) -> str:
        lines = super().text(lang).split("\n")
        for i, (tid, score, max_score, seen) in enumerate(self._rows(), start=1):
            best = self._best(tid, score)
            if seen and best > score:
                lines[i] += "  " + msg("progress.best", lang, best=f"{best:g}",
                                       max_score=f"{max_score:g}")
        return "\n".join(lines)


def progress(chapter: str | None = None) -> Progress:
    """Score so far, for every task (or one chapter's): this session's checks, and the saved
    ones of earlier sessions (after a kernel restart)."""
    return Progress(dict(engine._PROGRESS), chapter, load_saved())


@dataclass
class CheckAll:
    results: list[Result]
    progress: Progress

    def text(self, lang: str | None = None) -> str:
        if not self.results:
            return msg("check_all.none", lang)
        return "\n".join([*(r.text(lang).split("\n")[0] for r in self.results), "",
                          self.progress.text(lang)])

    def __repr__(self) -> str:
        return self.text()


def check_all(chapter: str | None = None, namespace: dict | None = None) -> CheckAll:
    """Grade every task whose answer names are defined in ``namespace`` (default: the calling
    notebook's globals), or only those of ``chapter``; print one line per task and the progress.
    Unwritten stubs are graded as not done; nothing raises."""
    if namespace is None:
        frame = inspect.currentframe()
        namespace = frame.f_back.f_globals if frame and frame.f_back else {}
    engine._load_tasks()
    results, chapters = [], set()
    for task in engine.TASKS.values():
        if chapter not in (None, task.chapter):
            continue
        if not task.answer_names or any(n not in namespace for n in task.answer_names):
            continue
        values = tuple(namespace[n] for n in task.answer_names)
        results.append(check(task.task_id, values[0] if len(values) == 1 else values))
        chapters.add(task.chapter)
    shown = chapter if chapter is not None else (next(iter(chapters)) if len(chapters) == 1
                                                 else None)
    return CheckAll(results, progress(shown))


# ---------------------------------------------------------------- copying the exercises
def exercises_dir() -> Path | None:
    """The exercise notebooks: ``bnbook/_exercises`` of an installed package, else the
    checkout's ``exercises/``; None if neither exists."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "_exercises", package.parent / "exercises"):
        if any(candidate.glob("*/*.ipynb")):
            return candidate
    return None


def copy_exercises(dest: str | Path = "bnbook-exercises", lang: str | None = None,
                   source: Path | None = None) -> tuple[list[Path], list[Path]]:
    """Copy the exercise notebooks (``lang`` or both, each language in its own subfolder) into
    ``dest``; a file already in ``dest`` is kept. Returns (copied, kept)."""
    if lang not in (None, *i18n.LANGUAGES):
        raise ValueError(f"lang must be one of {i18n.LANGUAGES} or None; got {lang!r}")
    source = exercises_dir() if source is None else source
    if source is None:
        raise FileNotFoundError(i18n.both("copy.no_source"))
    copied, kept = [], []
    for nb in sorted(source.glob("*/*.ipynb")):
        if nb.parent.name not in i18n.LANGUAGES or lang not in (None, nb.parent.name):
            continue
        target = Path(dest) / nb.parent.name / nb.name
        if target.exists():
            kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(nb, target)
        copied.append(target)
    return copied, kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bnbook.grading.learner",
                                     description="Copy the exercises into your own folder "
                                                 "(연습 문제를 내 폴더로 복사합니다).")
    sub = parser.add_subparsers(dest="command", required=True)
    cp = sub.add_parser("copy", help="copy the exercise notebooks into FOLDER")
    cp.add_argument("folder", nargs="?", default="bnbook-exercises")
    cp.add_argument("--lang", choices=i18n.LANGUAGES, help="one language only (default: both)")
    args = parser.parse_args(argv)
    try:
        copied, kept = copy_exercises(args.folder, args.lang)
    except FileNotFoundError as e:
        print(e, file=sys.stderr)
        return 1
    print(i18n.both("copy.done", n=len(copied), dest=Path(args.folder).resolve()))
    if kept:
        print(i18n.both("copy.kept", names=", ".join(str(p) for p in kept)))
    return 0


def copy_main() -> int:  # the console script `bnbook-exercises [FOLDER] [--lang ko|en]`
    return main(["copy", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
