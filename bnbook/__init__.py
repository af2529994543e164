"""bnbook — the numpy library behind the bilingual Batch Normalization textbook.

Chapters import what earlier chapters built: ``from bnbook import layers``. The first code cell of
every notebook is ``import bnbook; bnbook.setup("ko")`` (or ``"en"``): the only cell that differs
between the Korean and the English notebook of a chapter.
"""

from __future__ import annotations

import importlib

from . import i18n
from .i18n import get_language, set_language, t

__version__ = "0.1.0"
__all__ = ["setup", "set_language", "get_language", "t", "i18n"]

_SUBMODULES = {"layers", "optim", "model", "train", "data", "checks", "plotting", "widgets",
               "chapters", "grading", "experiments", "conv", "norms"}


def __getattr__(name: str):
    # Lazy submodules: `bnbook.data.load_mnist()` works after a bare `import bnbook`.
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'bnbook' has no attribute {name!r}")


def setup(lang: str = "en", *, threads: int | None = 1) -> None:
    """Prepare a notebook: language of figures and messages, Hangul fonts, plot defaults and
    (by default) single-threaded BLAS, which is faster for the book's small networks on 2 cores."""
    set_language(lang, page=True)
    from . import plotting

    plotting.use_book_style()
    if threads is not None:
        from threadpoolctl import threadpool_limits

        global _thread_limit
        _thread_limit = threadpool_limits(limits=threads)


_thread_limit = None
