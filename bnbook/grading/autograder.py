"""A Gradescope autograder for one chapter, running the same judge as ``grade``.

``python -m bnbook.grading autograder --chapter 02 --out autograder.zip`` writes a zip with

- ``setup.sh``: installs Python, bubblewrap and the **pinned** packages (``requirements.txt``,
  every package of the grading run with its exact version, transitive ones included, taken from
  the environment that built the zip), then this bnbook source (``src/``), and fills the MNIST
  cache;
- ``run_autograder``: grades the notebook in ``$AUTOGRADER_ROOT/submission/`` (default root
  ``/autograder``) and writes ``$AUTOGRADER_ROOT/results/results.json``;
- ``src/``: the bnbook package and ``results/`` as they are now.

Inside Gradescope each submission already runs in its own container. Where bubblewrap cannot
make a sandbox there (some containers forbid user namespaces) ``run_autograder`` grades with the
learner's kernel as a plain child process, and the results say so.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import stat
import zipfile
from importlib import metadata
from pathlib import Path

ROOTS = ("numpy", "matplotlib", "noto-cjk-sans-otc", "pillow", "threadpoolctl", "packaging",
         "platformdirs", "nbformat", "ipywidgets", "PyYAML")
"""What a chapter's notebook and the judge import (the book-building tools are not needed)."""


def pinned_requirements(roots=ROOTS) -> list[str]:
    """``name==version`` for ``roots`` and everything they require, from this environment."""
    from packaging.requirements import Requirement

    seen: dict[str, str] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = f"{dist.metadata['Name']}=={dist.version}"
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return sorted(seen.values(), key=str.lower)


SETUP = """#!/usr/bin/env bash
# Gradescope runs this once when the autograder is built (Ubuntu image, as root).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3 python3-venv python3-pip bubblewrap
python3 -m venv "$HERE/venv"
"$HERE/venv/bin/python" -m pip install --quiet --no-deps -r "$HERE/requirements.txt"
"$HERE/venv/bin/python" -m pip install --quiet --no-deps "$HERE/src"
"$HERE/venv/bin/python" -c "import bnbook.data as d; d.load_mnist()" || \\
    echo "MNIST not cached: chapters that load it will fail their cells"
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for each submission: grades $AUTOGRADER_ROOT/submission/*.ipynb and
# writes $AUTOGRADER_ROOT/results/results.json (AUTOGRADER_ROOT defaults to /autograder).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${{BNBOOK_PYTHON:-$HERE/venv/bin/python}}"
export PYTHONPATH="$HERE/src"
exec "$PYTHON" -m bnbook.grading run-autograder --chapter {chapter} \\
    --root "${{AUTOGRADER_ROOT:-/autograder}}"
"""


def build(chapter: str, out: Path) -> Path:
    """Write the autograder zip for ``chapter`` to ``out``."""
    import bnbook

    package = Path(bnbook.__file__).resolve().parent
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        _add(z, "setup.sh", SETUP, executable=True)
        _add(z, "run_autograder", RUN.format(chapter=chapter), executable=True)
        _add(z, "requirements.txt", "\n".join(pinned_requirements()) + "\n")
        _add(z, "src/pyproject.toml", (package.parent / "pyproject.toml").read_text("utf-8"))
        _add(z, "src/README.md", f"bnbook autograder for chapter {chapter}\n")
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                z.write(path, f"src/bnbook/{path.relative_to(package).as_posix()}")
        results = package.parent / "results"
        for path in sorted(results.rglob("*")) if results.is_dir() else ():
            if path.is_file():
                z.write(path, f"src/results/{path.relative_to(results).as_posix()}")
    out.write_bytes(buf.getvalue())
    return out


def _add(z: zipfile.ZipFile, name: str, text: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    mode = 0o755 if executable else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    z.writestr(info, text)


def run(chapter: str, root: Path | None = None) -> int:
    """Grade the submission under ``root`` (``$AUTOGRADER_ROOT``, default ``/autograder``)."""
    from . import engine, judge
    from .cli import _write_json, gradescope

    root = Path(root or os.environ.get("AUTOGRADER_ROOT") or "/autograder")
    results = root / "results" / "results.json"
    subs = sorted((root / "submission").glob("*.ipynb"))
    if not subs:
        _write_json(results, {"score": 0.0, "output": "제출물에서 .ipynb 파일을 찾지 못했습니다. / "
                              "No .ipynb file was found in the submission.", "tests": []})
        return 0
    sandbox = judge.sandbox_problem() is None
    engine.set_secret_seed(secrets.token_hex(16))
    report = judge.grade_notebook(subs[0], chapter=chapter, sandbox=sandbox)
    report["sandboxed"] = sandbox
    _write_json(results, gradescope(report))
    print(json.dumps({"score": report["score"], "max_score": report["max_score"],
                      "sandboxed": sandbox}))
    return 0
