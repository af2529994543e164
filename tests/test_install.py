"""Done means: a reader with only `pip install <wheel>` (no checkout on sys.path) runs a chapter
notebook copied alone into an empty folder.

Slow (a wheel, a fresh venv, two notebooks: about 2–3 minutes on 2 cores). The same helpers run
every chapter and exercise notebook, on any Python:

    .venv/bin/python tests/test_install.py [--python python3.12] [NOTEBOOK ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: one chapter per language; both load saved results, which an installed package must carry
NOTEBOOKS = ["chapters/ko/01_covariate_shift.ipynb", "chapters/en/02_bn_algorithm.ipynb"]

RUNNER = r"""
import json, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
import bnbook
out = {"bnbook": bnbook.__file__, "results": []}
for name in sys.argv[1:]:
    path = Path(name)
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    error = None
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except Exception as exc:  # report, go on with the next notebook
        error = f"{type(exc).__name__}: {str(exc)[-600:]}"
    out["results"].append({"notebook": path.name, "seconds": round(time.perf_counter() - t0, 1),
                           "error": error})
print(json.dumps(out))
"""


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env.pop("BNBOOK_PROGRESS", None)
    return env


#: what the wheel is built from (setuptools builds in the source's build/: a copy keeps parallel
#: runs apart and leaves the checkout clean)
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-text", "bnbook", "results",
           "exercises")


def build_wheel(dest: Path) -> Path:
    import shutil

    src = dest / "src"
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".*"))
        else:
            src.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dest),
                    str(src)], check=True, env=_clean_env(), cwd=dest)
    (wheel,) = dest.glob("bnbook-*.whl")
    return wheel


def make_venv(where: Path, wheel: Path, python: str = sys.executable) -> Path:
    """A fresh venv with only the wheel (its dependencies at the locked reader versions) and
    ipykernel's kernel spec; returns its python."""
    subprocess.run([python, "-m", "venv", str(where)], check=True, env=_clean_env())
    py = where / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "-c",
                    str(REPO / "requirements" / "reader.txt"), str(wheel)],
                   check=True, env=_clean_env(), cwd=where)
    # the kernel nbclient starts must be this venv's python, not a python3 kernel found elsewhere
    subprocess.run([str(py), "-m", "ipykernel", "install", "--prefix", str(where), "--name",
                    "python3"], check=True, env=_clean_env(), capture_output=True)
    return py


def run_alone(py: Path, notebooks: list[str], workdir: Path) -> dict:
    """Copy each notebook alone into its own empty folder and execute it with ``py``."""
    copies = []
    for i, name in enumerate(notebooks):
        folder = workdir / f"nb{i:02d}"
        folder.mkdir(parents=True)
        target = folder / Path(name).name
        target.write_bytes((REPO / name).read_bytes())
        copies.append(str(target))
    env = _clean_env()
    env["JUPYTER_PATH"] = str(py.parent.parent / "share" / "jupyter")
    proc = subprocess.run([str(py), "-c", RUNNER, *copies], capture_output=True, text=True,
                          env=env, cwd=workdir)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_chapter_per_language_runs_from_a_wheel_alone(tmp_path):
    wheel = build_wheel(tmp_path)
    py = make_venv(tmp_path / "venv", wheel)
    report = run_alone(py, NOTEBOOKS, tmp_path / "work")
    assert str(tmp_path / "venv") in report["bnbook"]  # the installed package, not the checkout
    failed = [r for r in report["results"] if r["error"]]
    assert not failed, failed


def main(argv: list[str]) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("notebooks", nargs="*")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted(str(p.relative_to(REPO)) for d in ("chapters", "exercises")
                                         for p in (REPO / d).glob("*/*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        py = make_venv(tmp / "venv", build_wheel(tmp), args.python)
        version = subprocess.run([str(py), "--version"], capture_output=True, text=True).stdout
        print(f"venv ({version.strip()}) in {time.perf_counter() - t0:.0f} s", flush=True)
        report = run_alone(py, notebooks, tmp / "work")
    print(f"bnbook from {report['bnbook']}")
    for r in report["results"]:
        status = r["error"] or "OK"
        print(f"{r['notebook']:<32} {r['seconds']:6.1f} s  {status}")
    failed = sum(1 for r in report["results"] if r["error"])
    print(f"{len(report['results']) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
