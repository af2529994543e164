"""Sphinx extension of the book (``sphinx.extra_extensions: [bnbook.book]`` in ``_config.yml``).

- Language links: every page under a ``ko/`` or ``en/`` folder gets a link to the same page in the
  other language, computed from its path (``chapters/ko/01_x`` ↔ ``chapters/en/01_x``); a page whose
  twin is missing is a build warning (so ``-W`` fails).
- ``{bnbook-glossary} ko|en``: the glossary table of one language, from ``book/glossary.yml``.
- ``{bnbook-notation} ko|en``: the notation tables (기호표) of one language, from
  ``book/notation.yml``.
- The site (``site.py``, ``search.py``, ``static/``): Prev/Next and the sidebar stay in the page's
  language, theme labels in Korean on Korean pages, Korean-aware search, sidebar toggles that work
  at every width, Korean line breaking by words, no widget manager or Font Awesome script on pages
  that do not use them.
"""

from __future__ import annotations

from pathlib import Path

from .glossary import GlossaryDirective
from .langlinks import add_language_link, check_twins, drop_duplicate_scripts
from .notation import NotationDirective
from .search import register as register_search
from .site import (
    PageTranslations,
    drop_unused_widget_js,
    keep_navigation_in_language,
    slim_pages,
)

STATIC_DIR = Path(__file__).parent / "static"


def _add_static_path(app) -> None:
    app.config.html_static_path.append(str(STATIC_DIR))


def setup(app):
    app.add_directive("bnbook-glossary", GlossaryDirective)
    app.add_directive("bnbook-notation", NotationDirective)
    app.connect("builder-inited", _add_static_path)
    app.connect("env-check-consistency", check_twins)
    app.connect("html-page-context", add_language_link)
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", keep_navigation_in_language, priority=900)
    app.connect("html-page-context", drop_unused_widget_js, priority=900)
    app.connect("config-inited", register_search)
    translations = PageTranslations()
    app.connect("builder-inited", translations.builder_inited)
    app.connect("html-page-context", translations.page_context, priority=100)  # before the themes
    app.connect("doctree-resolved", translations.doctree_resolved)
    app.connect("build-finished", translations.build_finished)
    app.connect("build-finished", slim_pages)
    app.add_css_file("bnbook.css")
    app.add_js_file("bnbook.js", loading_method="defer")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
