"""Shared fixtures: the repository root and the built book.

``make test`` builds the book once (clean, ``-W --keep-going --all``) and passes the result to
pytest: BNBOOK_HTML (the html folder), BNBOOK_BUILD_LOG and BNBOOK_BUILD_RC (log and exit status of
that build). Run without them (plain ``pytest tests/test_build.py``), the fixture builds the book
into a temporary folder itself, so the tests never look at a stale build.

Hypothesis (property tests) runs under a profile registered here:

* ``ci`` when the environment variable ``CI`` is set (``.ci/run`` and most CI services set it):
  ``derandomize=True`` (the examples are a fixed function of the test, so a CI run never fails on a
  draw that the previous run did not make), no example database, no deadline;
* ``dev`` otherwise: random draws (new examples each run, failures saved in ``.hypothesis/`` and
  replayed first), no deadline (the machine is shared: timing is no property of the code).

``HYPOTHESIS_PROFILE=ci pytest …`` forces the reproducible profile locally. Property tests bound
their draws or derive their tolerance from the draw (e.g. tests/test_layers.py: ε/σ² and
u·|x|/σ), so a valid draw never fails them by chance.

Order of the files (``make test`` runs ``pytest -n 2 --dist loadfile --no-loadscope-reorder``): the
files are handed to the xdist workers most expensive first (costs in ``tests/file_costs.json``,
CPU seconds per file from a measured run), so no long file starts last while the other worker
idles. Only the order changes: every test still runs, a file's tests stay together and in their
order. A file missing from the table counts as the median cost. Refresh the table after a big
change: ``BNBOOK_RECORD_COSTS=_build/costs make test`` then
``.venv/bin/python tests/file_costs.py _build/costs`` (``BNBOOK_RECORD_COSTS`` makes every worker
append each test's wall and CPU time, its own and its finished children's, to a JSON-lines file).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI")
                                                              else "dev"))

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BookBuild:
    html: Path  # the html folder (index.html inside)
    log: str  # everything the build printed
    returncode: int


def build_book(out_dir: Path) -> BookBuild:
    """Clean build with warnings as errors; returns the html folder, log and exit code."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run(
        [str(jupyter_book), "build", str(REPO), "-W", "--keep-going", "--all",
         "--path-output", str(out_dir)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=1800,
    )
    return BookBuild(out_dir / "_build" / "html", proc.stdout + proc.stderr, proc.returncode)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def book_build(tmp_path_factory) -> BookBuild:
    html = os.environ.get("BNBOOK_HTML")
    if html:
        log_path = os.environ.get("BNBOOK_BUILD_LOG")
        rc_path = os.environ.get("BNBOOK_BUILD_RC")
        if not (log_path and rc_path):
            pytest.fail("BNBOOK_HTML is set: BNBOOK_BUILD_LOG and BNBOOK_BUILD_RC must be set too")
        return BookBuild(
            Path(html),
            Path(log_path).read_text(encoding="utf-8", errors="replace"),
            int(Path(rc_path).read_text().strip()),
        )
    return build_book(tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def built_html(book_build: BookBuild) -> Path:
    if not (book_build.html / "index.html").is_file():
        pytest.fail(f"the book build produced no {book_build.html / 'index.html'}:\n"
                    + book_build.log[-3000:])
    return book_build.html


def pytest_ignore_collect(collection_path, config):
    """Notebooks under tests/ are fixtures (e.g. deliberately broken learner submissions), not book
    notebooks: nbval runs on chapters/, exercises/ and solutions/ only."""
    if collection_path.suffix == ".ipynb":
        return True
    return None


COSTS = REPO / "tests" / "file_costs.json"


def _file_of(item) -> str:
    return item.nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(session, config, items):
    """Most expensive files first (see the module docstring); a stable sort, so each file's tests
    stay together and in their order (nbval runs a notebook's cells in order in one kernel)."""
    try:
        costs = json.loads(COSTS.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return
    if not costs:
        return
    default = statistics.median(costs.values())
    items.sort(key=lambda item: -costs.get(_file_of(item), default))


def _cpu_seconds() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """With BNBOOK_RECORD_COSTS=FOLDER: one JSON line per test (set-up, call and teardown) with its
    wall time and CPU time, this process's and its finished children's (nbval kernels, grading
    runs, pip), in FOLDER/<xdist worker>.jsonl; tests/file_costs.py sums them per file."""
    folder = os.environ.get("BNBOOK_RECORD_COSTS")
    if not folder:
        yield
        return
    wall0, (own0, children0) = time.monotonic(), _cpu_seconds()
    yield
    wall1, (own1, children1) = time.monotonic(), _cpu_seconds()
    Path(folder).mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(Path(folder) / f"{worker}.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps({"test": item.nodeid, "wall": round(wall1 - wall0, 3),
                            "cpu": round(own1 - own0, 3),
                            "children": round(children1 - children0, 3),
                            "end": round(wall1, 3)}) + "\n")
