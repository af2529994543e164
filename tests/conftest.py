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
"""

from __future__ import annotations

import os
import subprocess
import sys
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
