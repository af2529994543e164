"""Sphinx extension of the book (``sphinx.extra_extensions: [bnbook.book]`` in ``_config.yml``).

- Language links: every page under a ``ko/`` or ``en/`` folder gets a link to the same page in the
  other language, computed from its path (``chapters/ko/01_x`` ↔ ``chapters/en/01_x``); a page whose
  twin is missing is a build warning (so ``-W`` fails).
- ``{bnbook-glossary} ko|en``: the glossary table of one language, from ``book/glossary.yml``.
"""

from __future__ import annotations

from pathlib import Path

from .glossary import GlossaryDirective
from .langlinks import add_language_link, check_twins, drop_duplicate_scripts

STATIC_DIR = Path(__file__).parent / "static"


def _add_static_path(app) -> None:
    app.config.html_static_path.append(str(STATIC_DIR))


def setup(app):
    app.add_directive("bnbook-glossary", GlossaryDirective)
    app.connect("builder-inited", _add_static_path)
    app.connect("env-check-consistency", check_twins)
    app.connect("html-page-context", add_language_link)
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.add_css_file("bnbook.css")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
