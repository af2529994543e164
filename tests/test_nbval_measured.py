"""tests/nbval_measured.py: `measured` cells compare numbers with a tolerance, nothing else.

The plugin's pure parts are tested directly; the whole chain (nbval + kernel + the wrapped
comparison) runs once, in a pytest subprocess, on a synthetic notebook whose stored outputs were
edited by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.nbval_measured import (
    MeasuredSpecError,
    Tolerance,
    compare_text,
    measured_spec,
    split_numbers,
)

REPO = Path(__file__).resolve().parent.parent
TOL = Tolerance(atol=0.001, rtol=0.0, why="test")


# ---------------------------------------------------------------- pure functions


def test_split_numbers_keeps_identifiers_and_korean_particles():
    text, nums = split_numbers("gamma1: W1 0.91입니다, -6.27e-1 [1. 1.] nan 3장 1.2.3")
    assert nums == ["0.91", "-6.27e-1", "1.", "1.", "nan", "3", "1.2"]
    assert text[0] == "gamma1: W1 "
    assert text[1] == "입니다, "


@pytest.mark.parametrize("expected, got, ok", [
    ("acc 0.9085\n", "acc 0.9081\n", True),  # inside atol
    ("acc 0.9085\n", "acc 0.9200\n", False),  # outside
    ("acc 0.9085\n", "precision 0.9085\n", False),  # a changed word
    ("acc 0.9\nloss 0.2\n", "acc 0.9\n", False),  # a missing line
    ("acc 0.9\nloss 0.2\n", "acc 0.9 loss 0.2\n", False),  # a newline is not a space
    ("acc 0.9 0.5\n", "acc 0.9\n", False),  # a number less
    ("SGD   -0.00  0.91\n", "SGD    0.00  0.91\n", True),  # a column that lost its minus sign
    ("nan 0.5", "nan 0.5", True),
    ("nan 0.5", "0.1 0.5", False),
    ("0.5", "nan", False),
])
def test_compare_text(expected, got, ok):
    assert (compare_text(expected, got, TOL) is None) is ok


def test_relative_tolerance():
    tol = Tolerance(atol=0.0, rtol=0.002, why="test")
    assert compare_text("1000.0", "1001.9", tol) is None
    assert "Δ" in compare_text("1000.0", "1002.1", tol)


def _cell(tags=None, bnbook=None):
    metadata = {}
    if tags is not None:
        metadata["tags"] = tags
    if bnbook is not None:
        metadata["bnbook"] = bnbook
    return nbformat.v4.new_code_cell("", metadata=metadata)


def test_measured_spec():
    assert measured_spec(_cell()) is None
    assert measured_spec(_cell(tags=["other"])) is None
    spec = measured_spec(_cell(["measured"], {"atol": 0.01, "rtol": 0, "why": "max |Δ| 0.004"}))
    assert spec == Tolerance(0.01, 0.0, "max |Δ| 0.004")


@pytest.mark.parametrize("tags, bnbook, message", [
    (["measured"], None, "metadata.bnbook ="),
    (["measured"], {"atol": 0.01}, "why"),
    (["measured"], {"atol": 0.01, "why": "  "}, "why"),
    (["measured"], {"why": "spread"}, "atol"),
    (["measured"], {"atol": -1, "why": "spread"}, "atol"),
    (["measured"], {"atol": 0.1, "rtol": "x", "why": "spread"}, "rtol"),
    (None, {"atol": 0.1, "why": "spread"}, "no 'measured' tag"),
])
def test_bad_spec_is_an_error(tags, bnbook, message):
    with pytest.raises(MeasuredSpecError, match=re.escape(message)):
        measured_spec(_cell(tags, bnbook))


def test_every_measured_cell_in_the_repository_has_a_valid_spec():
    """Fails fast (no kernel) on a book notebook whose measured metadata nbval would reject."""
    bad = []
    for path in sorted(REPO.glob("*/*/*.ipynb")):
        if path.parts[len(REPO.parts)] not in ("chapters", "solutions", "exercises"):
            continue
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                measured_spec(cell)
            except MeasuredSpecError as err:
                bad.append(f"{path.relative_to(REPO)} cell {i}: {err}")
    assert not bad, "\n".join(bad)


# ---------------------------------------------------------------- through nbval (one kernel)

MEASURED = {"tags": ["measured"], "bnbook": {"atol": 0.001, "rtol": 0.0, "why": "synthetic"}}
#: (name, code, stored stdout or text/plain, metadata, expected outcome)
CASES = [
    ("inside", 'print("accuracy 0.9081")', "accuracy 0.9085\n", MEASURED, "PASSED"),
    ("outside", 'print("accuracy 0.9081")', "accuracy 0.9200\n", MEASURED, "FAILED"),
    ("word", 'print("accuracy 0.9081")', "precision 0.9081\n", MEASURED, "FAILED"),
    ("line", 'print("accuracy 0.9081")', "accuracy 0.9081\nloss 0.25\n", MEASURED, "FAILED"),
    ("column", 'print("SGD    0.00  0.9081")', "SGD   -0.00  0.9085\n", MEASURED, "PASSED"),
    ("result", "0.9081", {"text/plain": "0.9085"}, MEASURED, "PASSED"),
    ("strict", 'print("accuracy 0.9081")', "accuracy 0.9085\n", {}, "FAILED"),
    ("strict_same", 'print("accuracy 0.9081")', "accuracy 0.9081\n", {}, "PASSED"),
    ("no_why", 'print("accuracy 0.9081")', "accuracy 0.9085\n",
     {"tags": ["measured"], "bnbook": {"atol": 0.001}}, "FAILED"),
]


@pytest.fixture(scope="module")
def nbval_run(tmp_path_factory):
    """Run nbval (with the plugin) once over a notebook holding every case; {case: outcome}, log."""
    tmp = tmp_path_factory.mktemp("measured")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    for count, (_, code, stored, metadata, _) in enumerate(CASES, start=1):
        cell = nbformat.v4.new_code_cell(code, metadata=dict(metadata), execution_count=count)
        if isinstance(stored, dict):
            cell.outputs = [nbformat.v4.new_output("execute_result", data=stored,
                                                   execution_count=count)]
        else:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=stored)]
        nb.cells.append(cell)
    nbformat.write(nb, tmp / "synthetic.ipynb")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", "-p", "tests.nbval_measured", "synthetic.ipynb",
         "--rootdir", str(tmp)],
        cwd=tmp, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    log = proc.stdout + proc.stderr
    outcomes = dict(re.findall(r"synthetic(?:\.|::)ipynb::Cell (\d+) (PASSED|FAILED|ERROR)", log))
    return {name: outcomes.get(str(i)) for i, (name, *_) in enumerate(CASES)}, log


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_through_nbval(nbval_run, case):
    outcomes, log = nbval_run
    name, *_, expected = case
    assert outcomes[name] == expected, log[-4000:]


@pytest.mark.slow
def test_failure_messages_say_why(nbval_run):
    _, log = nbval_run
    assert "'measured' cell (atol=0.001, rtol=0)" in log
    assert "|Δ| = 0.0119 > atol" in log
    assert "needs metadata.bnbook.why" in log


def test_measure_spread_reports_the_largest_number_change_per_cell():
    from tests.measure_spread import spread

    def nb(*texts):
        book = nbformat.v4.new_notebook()
        for text in texts:
            cell = nbformat.v4.new_code_cell("")
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
            book.cells.append(cell)
        return book

    runs = [nb("acc 0.909\n", "same 1\n", "a 1"), nb("acc 0.908\n", "same 1\n", "b 1"),
            nb("acc 0.912\n", "same 1\n", "a 1")]
    rows = spread(runs)
    assert [(i, round(d, 6), t) for i, d, t in rows] == [(0, 0.003, False), (2, 0.0, True)]
