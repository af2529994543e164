"""In-kernel side of the class grader: re-run every task of a chapter on the learner's objects.

The grader appends one cell to a submission after all of the learner's cells have run::

    import importlib, bnbook.grading.collect as c
    importlib.reload(c).collect("02", globals(), "/tmp/…/result.json", "NONCE")

The scores therefore come from the grader's tests run on the learner's functions and answers,
not from anything the notebook printed or stored. The grading modules are reloaded from disk
first, so that a notebook that monkeypatched ``bnbook.grading`` in memory does not change its
own grade. The random nonce (unknown to the learner's cells, which ran before this cell existed)
ties the JSON to this run.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys


def _fresh_engine():
    """Reload the grading modules from disk (drops in-memory monkeypatches) and return engine."""
    from .engine import chapter_modules

    names = ["_strings", "result", "engine", "concepts",
             *chapter_modules("strings"), *chapter_modules("tasks")]
    modules = {}
    for name in names:
        full = f"bnbook.grading.{name}"
        if importlib.util.find_spec(full) is None:
            continue
        mod = sys.modules.get(full)
        modules[name] = importlib.reload(mod) if mod is not None else importlib.import_module(full)
    return modules["engine"], modules["result"]


def collect(chapter: str, namespace: dict, out_path: str, nonce: str,
            timeout: float | None = None) -> None:
    """Grade every task of ``chapter`` on the objects in ``namespace`` (the notebook's globals)
    and write ``{"nonce", "results": [...]}`` to ``out_path``. Prints nothing."""
    engine, result_mod = _fresh_engine()
    engine._load_tasks()
    results: list[dict] = []
    for task in engine.TASKS.values():
        if task.chapter != chapter:
            continue
        # written before each task: if the learner's code kills the kernel while this task
        # runs (os._exit, out of memory), the grader still has every earlier result
        _write(out_path, {"nonce": nonce, "chapter": chapter, "results": results,
                          "running": task.task_id})
        missing = [n for n in task.answer_names if n not in namespace]
        if missing:
            r = result_mod.Result(task.task_id, task.title, engine._zero(task), task.max_score,
                                  status="missing", note=("note.missing",
                                                          {"names": ", ".join(missing)}))
        else:
            values = tuple(namespace[n] for n in task.answer_names)
            answer = values[0] if len(values) == 1 else values
            r = engine.run_task(task, answer, timeout)
        results.append(r.to_dict())
    _write(out_path, {"nonce": nonce, "chapter": chapter, "results": results, "running": None})


def _write(out_path: str, data: dict) -> None:
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    os.replace(tmp, out_path)
