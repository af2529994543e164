"""bnbook.grading — graded exercises with feedback that says what to fix.

In a notebook::

    from bnbook.grading import check, progress, tasks
    check("02.forward", batchnorm_forward)   # runs the task's tests, shows feedback (ko / en)
    progress()                              # score so far (kept beside the notebook)
    check_all()                             # grade every task defined in the notebook
    tasks()                                 # every task id, its points and chapter

For a class: ``python -m bnbook.grading grade SUBMISSION.ipynb... --out DIR`` (see ``--help``);
``python -m bnbook.grading generate`` writes ``exercises/`` from ``solutions/``.
"""

from __future__ import annotations

from . import _strings  # noqa: F401  (registers the engine's strings)
from .engine import TASKS, Task, Test, get_task, reset_progress, run_task, tasks
from .learner import check, check_all, progress  # engine's, plus progress kept on disk
from .result import Outcome, Result

__all__ = ["check", "check_all", "progress", "tasks", "reset_progress", "run_task", "get_task",
           "Result", "Outcome", "Task", "Test", "TASKS"]
