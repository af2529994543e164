"""Write the fixture submissions for tests/test_grading_cli.py (run from the repository root):

    python tests/grading_fixtures/make_fixtures.py

Each fixture is the English chapter 2 solution or exercise notebook with one kind of damage.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SOLUTION = REPO / "solutions" / "en" / "02_bn_algorithm.ipynb"
EXERCISE = REPO / "exercises" / "en" / "02_bn_algorithm.ipynb"


def load(path: Path):
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def code_index(nb, needle: str) -> int:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and needle in cell.source:
            return i
    raise LookupError(needle)


def insert_after(nb, needle: str, source: str):
    nb.cells.insert(code_index(nb, needle) + 1, nbformat.v4.new_code_cell(source))


def replace(nb, needle: str, old: str, new: str):
    cell = nb.cells[code_index(nb, needle)]
    assert old in cell.source, (needle, old)
    cell.source = cell.source.replace(old, new)


def fixtures() -> dict[str, object]:
    sol = load(SOLUTION)
    out: dict[str, object] = {"good": sol}

    nb = copy.deepcopy(sol)
    replace(nb, "def batchnorm_forward", "x.mean(axis=0)", "x.mean(axis=1, keepdims=True)")
    replace(nb, "def batchnorm_forward", "x.var(axis=0)", "x.var(axis=1, keepdims=True)")
    out["wrong_axis"] = nb

    nb = copy.deepcopy(sol)
    insert_after(nb, "def batchnorm_forward", "while True:\n    pass")
    out["infinite_loop"] = nb

    nb = copy.deepcopy(sol)
    insert_after(nb, "def batchnorm_backward", "import sys\nsys.exit()")
    insert_after(nb, "def undo_bn", "import os\nos._exit(1)")
    out["exits"] = nb

    nb = copy.deepcopy(sol)
    insert_after(nb, "def batchnorm_forward", 'for i in range(100_000):\n    print("spam " * 20)')
    out["spam"] = nb

    nb = copy.deepcopy(sol)
    replace(nb, "def batchnorm_forward", "out = gamma * x_hat + beta", "out = gamma * x_hat / 0.0")
    replace(nb, "def batchnorm_backward", "return dx, dgamma, dbeta", "return dx.T, dgamma, dbeta")
    out["nan_shapes"] = nb

    nb = copy.deepcopy(sol)
    insert_after(nb, "import numpy as np", "raise RuntimeError('a learner cell that fails')")
    replace(nb, "def undo_bn", "beta = x.mean(axis=0)", "beta = x.mean(axis=0)[x.shape[1]]")
    out["exception"] = nb

    nb = copy.deepcopy(sol)
    fwd = code_index(nb, "def batchnorm_forward")
    nb.cells[fwd].source = "from bnbook.layers import batchnorm_forward"
    bwd = code_index(nb, "def batchnorm_backward")
    nb.cells[bwd].source = ("from bnbook import layers\n\n\ndef batchnorm_backward(dout, cache):\n"
                            "    return layers.batchnorm_backward(dout, cache)")
    out["library"] = nb

    nb = copy.deepcopy(sol)
    replace(nb, "def undo_bn", "beta = x.mean(axis=0)", "import os\n    os._exit(3)")
    out["killer"] = nb

    nb = copy.deepcopy(sol)
    nb.cells = [c for c in nb.cells if "spatial" not in c.source and "answer_02_p" not in c.source]
    replace(nb, "def undo_bn", "def undo_bn", "def undo_batchnorm")
    replace(nb, 'check("02.undo"', "undo_bn", "undo_batchnorm")
    out["missing"] = nb

    nb = load(EXERCISE)
    insert_after(nb, "import numpy as np", (
        "import bnbook.grading.engine as _e\n"
        "from bnbook.grading.result import Outcome, Result\n"
        "_e.run_task = lambda task, answer, timeout=None: Result(task.task_id, task.title, "
        "[Outcome('t.returns', task.max_score, task.max_score, 'fb.pass')], task.max_score)\n"
        "print('[02.forward] batch normalization forward pass: 8/8 points')\n"
        "print('Score so far: 25/25 points')"))
    out["fake_score"] = nb

    out["untouched"] = load(EXERCISE)
    return out


def main() -> None:
    for name, nb in fixtures().items():
        for i, cell in enumerate(nb.cells):
            cell.id = f"{name}-{i}"  # deterministic ids: regenerating changes nothing
        nbformat.write(nb, str(HERE / f"{name}_02.ipynb"))
    (HERE / "invalid_02.ipynb").write_text('{"cells": [ this is not json', encoding="utf-8")
    print(f"wrote fixtures to {HERE}")


if __name__ == "__main__":
    main()
