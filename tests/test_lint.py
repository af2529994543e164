"""House style (STYLE.md): the library, the tests and every notebook's code cells are ruff clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_is_clean_on_code_and_notebooks():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format",
                           "concise", "."], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_reads_the_notebooks():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--show-files",
                           "."], cwd=REPO, capture_output=True, text=True)
    checked = proc.stdout
    assert "chapters/ko/02_bn_algorithm.ipynb" in checked
    assert "solutions/en/03_bias_elimination.ipynb" in checked
