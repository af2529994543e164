"""The class grader on fixture submissions (tests/grading_fixtures/, made by make_fixtures.py):
every damaged submission is graded with a clear message and the command exits 0."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bnbook.grading import get_task, tasks
from bnbook.grading.judge import read_cells

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "grading_fixtures"
FULL = float(sum(get_task(t).max_score for t in tasks("02").ids()))  # chapter 2's points


def run_cli(*args, timeout=600):
    """The CLI; ``grade`` without a sandbox on this machine (CI without user namespaces) gets
    ``--unsandboxed`` (the refusal itself is tested below with bwrap hidden)."""
    from bnbook.grading import judge

    args = [str(a) for a in args]
    if args and args[0] == "grade" and judge.sandbox_problem() is not None:
        args.append("--unsandboxed")
    return subprocess.run([sys.executable, "-m", "bnbook.grading", *args],
                          capture_output=True, text=True, timeout=timeout)


def load(out: Path, name: str) -> dict:
    return json.loads((out / name / "grade.json").read_text(encoding="utf-8"))


def task(report: dict, task_id: str) -> dict:
    return next(t for t in report["tasks"] if t["task_id"] == task_id)


def test_help_and_usage_errors(tmp_path):
    assert run_cli("--help").returncode == 0
    assert "grade" in run_cli("--help").stdout
    assert run_cli("grade", "--help").returncode == 0
    assert run_cli("grade", FIXTURES / "good_02.ipynb", "--chapter", "02").returncode == 2  # --out
    # the instructor fixes the chapter: never guessed from a submission
    assert run_cli("grade", FIXTURES / "good_02.ipynb", "--out", tmp_path).returncode == 2
    assert run_cli("grade", tmp_path / "nothing-here", "--out", tmp_path).returncode == 2


@pytest.fixture(scope="module")
def class_run(tmp_path_factory) -> Path:
    """The fixture folder graded once as a class (every failure mode, ≈ 30–60 s on 2 busy cores);
    the two tests below read its outputs (they graded good_02 and invalid_02 twice before)."""
    out = tmp_path_factory.mktemp("class")
    proc = run_cli("grade", FIXTURES, "--out", out, "--chapter", "02", "--jobs", 2,
                   "--cell-timeout", 3,
                   "--total-timeout", 60)
    assert proc.returncode == 0, proc.stderr
    return out


def test_two_submissions_fast(class_run, tmp_path):
    """A good and an invalid notebook (graded with the class above, two at a time): outputs for
    the class and for Gradescope; and notebooks named one by one on the command line (the class
    run grades a folder): two invalid ones, which need no kernel."""
    other = tmp_path / "in" / "also_invalid_02.ipynb"
    other.parent.mkdir()
    other.write_text("{not json", encoding="utf-8")
    proc = run_cli("grade", FIXTURES / "invalid_02.ipynb", other, "--out", tmp_path / "out",
                   "--chapter", "02", "--jobs", 2)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(open(tmp_path / "out" / "grades.csv", encoding="utf-8")))
    assert {r["name"]: float(r["score"]) for r in rows} == {"invalid_02": 0.0,
                                                            "also_invalid_02": 0.0}
    assert "not valid .ipynb JSON" in load(tmp_path / "out", "also_invalid_02")["messages"][0]["en"]

    good, invalid = load(class_run, "good_02"), load(class_run, "invalid_02")
    assert good["score"] == good["max_score"] == FULL
    # the first cell's `%pip install` (IPython syntax) runs as a no-op, not as a syntax error
    assert "%pip" in read_cells(FIXTURES / "good_02.ipynb")[0]
    assert good["cells"]["errors"] == [] and good["messages"] == [], good["messages"]
    assert invalid["score"] == 0 and invalid["max_score"] == FULL
    assert "not valid .ipynb JSON" in invalid["messages"][0]["en"]
    assert "올바른 .ipynb JSON" in invalid["messages"][0]["ko"]
    gs = json.loads((class_run / "good_02" / "results.json").read_text(encoding="utf-8"))
    assert gs["score"] == FULL and gs["max_score"] == FULL
    assert all({"name", "score", "max_score", "output"} <= set(t) for t in gs["tests"])
    assert sum(t["max_score"] for t in gs["tests"]) == FULL
    rows = list(csv.DictReader(open(class_run / "grades.csv", encoding="utf-8")))
    # one row per submission, with the score of its grade.json
    assert sorted(r["name"] for r in rows) == sorted(p.stem for p in FIXTURES.glob("*.ipynb"))
    scores = {r["name"]: float(r["score"]) for r in rows}
    assert scores["good_02"] == FULL and scores["invalid_02"] == 0.0
    assert all(scores[name] == load(class_run, name)["score"] for name in scores)
    assert (class_run / "good_02" / "executed.ipynb").exists()


@pytest.mark.slow
def test_grade_the_fixture_folder(class_run):
    """Every failure mode in one class run."""
    tmp_path = class_run
    r = {p.name: load(tmp_path, p.name) for p in tmp_path.iterdir() if p.is_dir()}
    assert set(r) == {p.stem for p in FIXTURES.glob("*.ipynb")}

    assert r["good_02"]["score"] == FULL
    # a cell that never ends, sys.exit(), os._exit() and megabytes of printing cost nothing
    # else: the cell is skipped (or its output truncated) and the rest is graded
    assert r["infinite_loop_02"]["score"] == FULL
    assert r["infinite_loop_02"]["cells"]["timeouts"] == [4]
    assert r["exits_02"]["score"] == FULL
    assert r["exits_02"]["cells"]["kernel_deaths"] and r["exits_02"]["cells"]["errors"]
    assert r["spam_02"]["score"] == FULL and r["spam_02"]["cells"]["truncated"] == [4]
    size = (tmp_path / "spam_02" / "executed.ipynb").stat().st_size
    assert size < 1_000_000
    # a failing cell and a learner exception: only the affected task loses points
    exc = r["exception_02"]
    assert exc["score"] == FULL - 3 and task(exc, "02.undo")["score"] == 0
    assert "IndexError" in task(exc, "02.undo")["feedback"]["en"]
    assert any("a learner cell that fails" in m["en"] for m in exc["messages"])
    # a function that kills its kernel while the judge calls it: that test gets 0, the kernel
    # is restarted and every other task is graded
    killer = r["killer_02"]
    assert killer["score"] == FULL - 3 and task(killer, "02.undo")["score"] == 0
    assert any("02.undo" in m["en"] and "process ended" in m["en"] for m in killer["messages"])
    # handing in the library's own solution (imported or wrapped) earns nothing for that task
    lib = r["library_02"]
    assert task(lib, "02.forward")["score"] == 0 and task(lib, "02.backward")["score"] == 0
    assert "bnbook.layers.batchnorm_forward" in task(lib, "02.forward")["feedback"]["en"]
    assert task(lib, "02.undo")["score"] == 3
    # wrong statistics axis: diagnosed by name
    wrong = r["wrong_axis_02"]
    assert task(wrong, "02.forward")["score"] < 8
    assert "batch axis 0" in task(wrong, "02.forward")["feedback"]["en"]
    assert "배치 축 0" in task(wrong, "02.forward")["feedback"]["ko"]
    # NaN output and a transposed dx
    nan = r["nan_shapes_02"]
    assert "NaN" in task(nan, "02.forward")["feedback"]["en"]
    assert task(nan, "02.backward")["score"] == 0
    # deleted and renamed cells: those tasks are missing, the rest is graded
    missing = r["missing_02"]
    assert task(missing, "02.spatial")["status"] == "missing"
    assert task(missing, "02.undo")["status"] == "missing"
    assert "undo_bn" in task(missing, "02.undo")["feedback"]["en"]
    assert task(missing, "02.forward")["score"] == 8
    # printing a score and monkeypatching the grader in the notebook does not fake a grade
    assert r["fake_score_02"]["score"] == 0
    assert r["untouched_02"]["score"] == 0
    assert task(r["untouched_02"], "02.forward")["status"] == "not_done"
    assert r["invalid_02"]["score"] == 0 and r["invalid_02"]["messages"]
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["submissions"] == len(r)


def test_chapters_1_and_3_solutions_get_full_marks(tmp_path):
    solutions = REPO / "solutions" / "ko"
    for name, chapter in (("01_covariate_shift", "01"), ("03_bias_elimination", "03")):
        proc = run_cli("grade", solutions / f"{name}.ipynb", "--out", tmp_path / chapter,
                       "--chapter", chapter)
        assert proc.returncode == 0, proc.stderr
        report = load(tmp_path / chapter, name)
        assert report["chapter"] == chapter
        assert report["score"] == report["max_score"] > 0, report["messages"]


def test_chapters_4_to_7_solutions_full_marks_and_a_blank_gets_zero(tmp_path):
    """Every later chapter's solution gets full marks through the judge (its answers cross the
    sandbox as plain data: arrays, generators, callbacks to the task's own functions), an
    untouched exercise zero; one class CSV per chapter."""
    for lang, chapter, name in (("en", "04", "04_regularization"), ("ko", "05", "05_inference"),
                                ("en", "06", "06_softmax"), ("ko", "07", "07_critique")):
        folder = tmp_path / chapter
        folder.mkdir()
        (folder / f"{name}.ipynb").write_bytes((REPO / "solutions" / lang / f"{name}.ipynb")
                                               .read_bytes())
        (folder / "blank.ipynb").write_bytes((REPO / "exercises" / "ko" / f"{name}.ipynb")
                                             .read_bytes())
        out = tmp_path / f"out{chapter}"
        proc = run_cli("grade", folder, "--out", out, "--chapter", chapter, "--jobs", 2)
        assert proc.returncode == 0, proc.stderr
        report = load(out, name)
        assert report["chapter"] == chapter
        assert report["score"] == report["max_score"] > 0, report["messages"]
        blank = load(out, "blank")
        assert blank["score"] == 0 < blank["max_score"]
        with open(out / "grades.csv", encoding="utf-8") as f:
            assert {r["name"] for r in csv.DictReader(f)} == {name, "blank"}


def test_without_a_sandbox_grade_refuses_unless_unsandboxed_which_every_output_says(tmp_path):
    """No bwrap on PATH (as on macOS or Windows): refusal with an actionable message; with
    --unsandboxed the class is graded and grade.json, results.json, the CSV and the summary say
    so."""
    import os
    import shutil

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("prlimit", "sh", "ps"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    env = dict(os.environ, PATH=str(bin_dir))
    args = [sys.executable, "-m", "bnbook.grading", "grade", str(FIXTURES / "good_02.ipynb"),
            "--chapter", "02", "--out", str(tmp_path / "out")]
    refused = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    assert refused.returncode == 2 and "--unsandboxed" in refused.stderr
    assert "bubblewrap" in refused.stderr and not (tmp_path / "out").exists()
    proc = subprocess.run(args + ["--unsandboxed"], capture_output=True, text=True, timeout=600,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    report = load(out, "good_02")
    assert report["score"] == FULL and report["sandboxed"] is False
    assert any("WITHOUT a sandbox" in m["en"] for m in report["messages"])
    gs = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert gs["output"].startswith("UNSANDBOXED")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["sandboxed"] is False
    rows = list(csv.DictReader(open(out / "grades.csv", encoding="utf-8")))
    assert rows[0]["sandboxed"] == "NO"
    assert "UNSANDBOXED" in proc.stdout and "WARNING" in proc.stderr


def test_ipython_syntax_in_a_submission_runs_as_a_notebook_would():
    """The grader's kernel is plain Python: IPython syntax is translated, environment commands
    (`%pip`, `!`) do nothing, `%time`/`%%time` run their code, other magics are skipped with a
    note."""
    import os

    from bnbook.grading.kernel import Kernel, to_python

    assert to_python("x = 7 % 3\n") == "x = 7 % 3\n"
    r, w = os.pipe()
    kernel = Kernel(r, w)
    try:
        cell = ("import importlib.util\nif importlib.util.find_spec('numpy') is None:\n"
                "    %pip install numpy\n%time y = 2\n!echo hi\n%who\n")
        done = kernel.run_cell(cell, cpu=10)
        assert done["error"] is None, done
        assert kernel.ns["y"] == 2
        assert "%who skipped" in done["stderr"] and "shell command skipped" in done["stderr"]
        done = kernel.run_cell("%%time\nz = y + 1\n", cpu=10)
        assert done["error"] is None and kernel.ns["z"] == 3
        done = kernel.run_cell("%%bash\necho hi\n", cpu=10)
        assert done["error"] is None and "%%bash cell skipped" in done["stderr"]
    finally:  # the kernel's file objects own the two descriptors
        kernel.rin.close()
        kernel.out.close()
