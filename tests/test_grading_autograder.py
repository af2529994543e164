"""The Gradescope bundle: built by ``python -m bnbook.grading autograder``, run locally in the
``$AUTOGRADER_ROOT`` layout Gradescope uses (submission/ in, results/results.json out)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from bnbook.grading.engine import get_task, tasks

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "grading_fixtures"


def test_bundle_grades_a_submission_in_the_simulated_layout(tmp_path):
    bundle = tmp_path / "autograder.zip"
    proc = subprocess.run([sys.executable, "-m", "bnbook.grading", "autograder", "--chapter", "02",
                           "--out", str(bundle)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    source = tmp_path / "source"
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        assert {"setup.sh", "run_autograder", "requirements.txt", "src/pyproject.toml",
                "src/bnbook/grading/judge.py", "src/bnbook/layers.py"} <= names
        assert not any("solutions/" in n or n.endswith(".ipynb") for n in names)
        z.extractall(source)
        for name in ("setup.sh", "run_autograder"):
            assert z.getinfo(name).external_attr >> 16 & 0o111  # executable in the zip
    pins = (source / "requirements.txt").read_text().split()
    assert pins and all("==" in p for p in pins)
    assert any(p.lower().startswith("numpy==") for p in pins)
    assert any(p.lower().startswith("nbformat==") for p in pins)
    assert "--chapter 02" in (source / "run_autograder").read_text()

    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    (root / "submission" / "my_work.ipynb").write_bytes((FIXTURES / "good_02.ipynb").read_bytes())
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), BNBOOK_PYTHON=sys.executable)
    proc = subprocess.run(["bash", str(source / "run_autograder")], capture_output=True,
                          text=True, timeout=600, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    full = float(sum(get_task(t).max_score for t in tasks("02").ids()))  # chapter 2's points
    assert results["score"] == results["max_score"] == full
    assert sum(t["max_score"] for t in results["tests"]) == full
    # the bundle's own copy of bnbook ran (not this checkout's)
    assert "src" in proc.stdout or (source / "src" / "bnbook").is_dir()


def test_bundle_without_a_notebook_writes_a_zero(tmp_path):
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    proc = subprocess.run([sys.executable, "-m", "bnbook.grading", "run-autograder", "--chapter",
                           "02", "--root", str(root)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0 and "No .ipynb" in results["output"]
