"""Where the book's saved results live, in a source checkout and in an installed package.

The long experiments of the chapters (``python -m bnbook.chapters.chNN --full``) save small JSON
files in the repository's ``results/``; the prose cites them by that path. A wheel carries the same
files as package data, ``bnbook/_results/`` (``pyproject.toml`` maps ``results/`` to the package
``bnbook._results``), so a reader who only ran ``pip install`` gets them too. Every chapter module
asks :func:`results_path`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def results_dir() -> Path:
    """The folder of the saved results: ``bnbook/_results`` in an installed package, else the
    checkout's ``results/`` next to ``bnbook/`` (a source tree or an editable install)."""
    packaged = _PACKAGE / "_results"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "results"


def results_path(name: str) -> Path:
    """The saved result file ``name`` (e.g. ``"ch02_lr_sweep.json"``) in :func:`results_dir`."""
    if not name or Path(name).name != name:
        raise ValueError("results_path takes a bare file name such as 'ch02_lr_sweep.json'; "
                         f"got {name!r}")
    return results_dir() / name
