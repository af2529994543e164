"""Grade one submission notebook in a fresh kernel (nbclient), robust to whatever it contains.

:func:`grade_notebook` executes the learner's code cells one at a time with a per-cell timeout,
a total timeout and a cap on stored output, then runs the grader's own cell
(:mod:`bnbook.grading.collect`) and returns a JSON-ready grade. A cell that never ends or kills
the kernel (``os._exit``) is skipped and the notebook is re-run without it in a new kernel (at
most ``MAX_RESTARTS`` times), so the rest of the notebook is still graded.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from .. import i18n
from . import engine
from .result import Outcome, Result

MAX_RESTARTS = 3
MAX_OUTPUT_BYTES = 64_000  # per cell, in the executed notebook kept for the instructor
COLLECT_TIMEOUT = 120.0  # seconds for the grader's own cell (its tests time out on their own)


class CappedClient(NotebookClient):
    """NotebookClient that stops storing a cell's outputs after ``max_output_bytes``."""

    max_output_bytes = MAX_OUTPUT_BYTES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.output_sizes: dict[int, int] = {}
        self.truncated: set[int] = set()

    def output(self, outs, msg, display_id, cell_index):
        if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
            size = self.output_sizes.get(cell_index, 0) + len(json.dumps(msg["content"]))
            self.output_sizes[cell_index] = size
            if size > self.max_output_bytes:
                if cell_index not in self.truncated:
                    self.truncated.add(cell_index)
                    outs.append(nbformat.v4.new_output(
                        "stream", name="stderr",
                        text=f"\n[bnbook grader: output of this cell truncated at "
                             f"{self.max_output_bytes} bytes]\n"))
                return None
        return super().output(outs, msg, display_id, cell_index)


_CHAPTER_IN_CHECK = re.compile(r"""check\(\s*["'](\d\d)\.""")


def detect_chapter(nb, path: Path) -> str | None:
    """Chapter of a submission: notebook metadata, else the check() calls, else the file name."""
    meta = (nb.get("metadata") or {}).get("bnbook") or {} if nb is not None else {}
    if isinstance(meta, dict) and str(meta.get("chapter", "")) in _chapters():
        return str(meta["chapter"])
    if nb is not None:
        found = [m for c in nb.cells if c.get("cell_type") == "code"
                 for m in _CHAPTER_IN_CHECK.findall(str(c.get("source", "")))]
        found = [c for c in found if c in _chapters()]
        if found:
            return max(set(found), key=found.count)
    m = re.search(r"(?<!\d)(0[1-9])(?!\d)", path.name)
    if m and m.group(1) in _chapters():
        return m.group(1)
    return None


def _chapters() -> set[str]:
    engine._load_tasks()
    return {t.chapter for t in engine.TASKS.values()}


def _chapter_tasks(chapter: str) -> list[engine.Task]:
    engine._load_tasks()
    return [t for t in engine.TASKS.values() if t.chapter == chapter]


def _failed_results(chapter: str | None, key: str, fmt: dict) -> list[dict]:
    if chapter is None:
        return []
    return [Result(t.task_id, t.title, [Outcome(o.name, 0.0, o.points, key, fmt) for o in t.tests],
                   t.max_score, status="not_graded", note=(key, fmt)).to_dict()
            for t in _chapter_tasks(chapter)]


def _collector_source(chapter: str, out_path: str, nonce: str) -> str:
    return ("import importlib as _bnbook_il, bnbook.grading.collect as _bnbook_collect\n"
            f"_bnbook_il.reload(_bnbook_collect).collect({chapter!r}, globals(), "
            f"{out_path!r}, {nonce!r})\n")


def grade_notebook(path: str | Path, *, cell_timeout: float = 30.0, total_timeout: float = 300.0,
                   chapter: str | None = None, test_timeout: float = 5.0,
                   executed_path: str | Path | None = None) -> dict:
    """Execute and grade one submission; never raises for anything inside the notebook.

    Returns a dict: submission, chapter, score, max_score, tasks (one per task, feedback in ko
    and en), cells (errors, timeouts, kernel deaths, truncated outputs), messages, seconds.
    """
    path = Path(path)
    t0 = time.perf_counter()
    report: dict = {"submission": str(path), "name": path.stem, "chapter": chapter,
                    "score": 0.0, "max_score": 0.0, "tasks": [], "messages": [],
                    "cells": {"errors": [], "timeouts": [], "kernel_deaths": [], "truncated": [],
                              "not_run": []}}

    def message(key: str, **fmt):
        report["messages"].append({lg: i18n.t(key, lg, **fmt) for lg in i18n.LANGUAGES})

    try:
        nb = nbformat.read(str(path), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - invalid JSON, wrong schema, unreadable file
        nb = None
        message("run.invalid", err=engine.describe_exception(exc)[:300])
    chapter = chapter or detect_chapter(nb, path)
    report["chapter"] = chapter
    if chapter is None:
        message("run.no_chapter")
        return _finish(report, t0)
    report["max_score"] = float(sum(t.max_score for t in _chapter_tasks(chapter)))
    if nb is None:
        report["tasks"] = _failed_results(chapter, "run.invalid_task", {})
        return _finish(report, t0)

    with tempfile.TemporaryDirectory(prefix="bnbook-grade-") as work:
        out_path = os.path.join(work, f"grade-{secrets.token_hex(8)}.json")
        nonce = secrets.token_hex(16)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nb.cells.append(nbformat.v4.new_code_cell(_collector_source(chapter, out_path, nonce)))
        collector = len(nb.cells) - 1
        env = dict(os.environ, BNBOOK_GRADING_TIMEOUT=str(test_timeout), MPLBACKEND="Agg",
                   PYDEVD_DISABLE_FILE_VALIDATION="1")
        deadline = time.monotonic() + total_timeout
        skip: dict[int, str] = {}
        client = None
        for _attempt in range(MAX_RESTARTS + 1):
            client = CappedClient(nb, timeout=int(cell_timeout), allow_errors=True,
                                  record_timing=False, kernel_name="python3",
                                  resources={"metadata": {"path": work}})
            restart = False
            try:
                with client.setup_kernel(env=env):
                    for i, cell in enumerate(nb.cells):
                        if cell.cell_type != "code" or i in skip:
                            continue
                        if i == collector:
                            client.timeout = int(COLLECT_TIMEOUT)
                        else:
                            left = deadline - time.monotonic()
                            if left < 1:
                                skip[i] = "not_run"
                                continue
                            client.timeout = max(1, int(min(cell_timeout, left)))
                        try:
                            client.execute_cell(cell, i)
                        except CellTimeoutError:
                            skip[i] = "timeouts"
                            restart = i != collector
                            break
                        except DeadKernelError:
                            skip[i] = "kernel_deaths"
                            restart = i != collector
                            break
            except Exception as exc:  # noqa: BLE001 - kernel failed to start or shut down
                if not os.path.exists(out_path):
                    message("run.kernel_error", err=engine.describe_exception(exc)[:300])
            if not restart:
                break
        for i, why in sorted(skip.items()):
            if i != collector:
                report["cells"][why].append(_cell_number(nb, i))
                nb.cells[i].outputs = [nbformat.v4.new_output(
                    "stream", name="stderr", text=f"[bnbook grader: cell skipped ({why})]\n")]
        for i, cell in enumerate(nb.cells[:collector]):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    report["cells"]["errors"].append(
                        {"cell": _cell_number(nb, i), "error": f"{out.get('ename')}: "
                         f"{str(out.get('evalue'))[:200]}"})
        if client is not None:
            report["cells"]["truncated"] = [_cell_number(nb, i) for i in sorted(client.truncated)
                                            if i != collector]
        _cell_messages(report, message)
        grades, running = _read_grades(out_path, nonce)
        if running is not None:  # the kernel died while the grader ran this task
            message("run.died_in_task", task=running)
            done = {g["task_id"] for g in grades}
            grades += [g for g in _failed_results(chapter, "run.died_in_task", {"task": running})
                       if g["task_id"] not in done]
        if grades is None:
            why = skip.get(collector, "missing")
            for out in nb.cells[collector].get("outputs", []):
                if out.get("output_type") == "error":
                    why = f"{out.get('ename')}: {str(out.get('evalue'))[:200]}"
            message("run.no_grades", why=why)
            report["tasks"] = _failed_results(chapter, "run.no_grades_task", {})
        else:
            report["tasks"] = grades
        if executed_path is not None:
            nb.cells.pop()
            try:
                nbformat.write(nb, str(executed_path))
            except Exception:  # noqa: BLE001 - the grade matters more than this copy
                pass
    report["score"] = float(sum(t["score"] for t in report["tasks"]))
    return _finish(report, t0)


def _cell_number(nb, index: int) -> int:
    """1-based number of a code cell among the code cells (what a learner sees as 'cell k')."""
    return sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")


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


def _read_grades(out_path: str, nonce: str) -> tuple[list[dict] | None, str | None]:
    """(results, task that was running when the grading cell stopped, or None)."""
    try:
        with open(out_path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None, None
    if not isinstance(data, dict) or data.get("nonce") != nonce:
        return None, None
    return list(data.get("results") or []), data.get("running")


def _finish(report: dict, t0: float) -> dict:
    report["seconds"] = round(time.perf_counter() - t0, 3)
    return report


RUN_STRINGS = {
    "run.invalid": {"ko": "노트북 파일을 읽을 수 없습니다(올바른 .ipynb JSON이 아닙니다): {err}",
                    "en": "The notebook file cannot be read (not valid .ipynb JSON): {err}"},
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
        "ko": "채점기가 과제 {task}를 검사하는 동안 커널이 종료되었습니다"
              "(예: 함수 안의 os._exit, 메모리 부족). 이 과제와 그 뒤의 과제는 채점하지 "
              "못했습니다.",
        "en": "The kernel died while the grader ran task {task} (e.g. os._exit inside a function, "
              "out of memory); that task and the ones after it were not graded."},
    "run.no_grades_task": {"ko": "채점하지 못했습니다(채점 셀 실패).",
                           "en": "Not graded (the grading cell failed)."},
}
i18n.register(RUN_STRINGS)
