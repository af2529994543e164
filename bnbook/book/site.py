"""The reader stays in one language, and pages carry only what they use.

- ``keep_navigation_in_language``: Prev/Next never lead into the other language (the last Korean
  page has no "Next" to English chapter 1), and the sidebar lists only the parts of the page's
  language.
- ``PageTranslations``: theme labels ("Contents", "Next", "Search", ...) in Korean on Korean pages,
  from Sphinx's and sphinx-book-theme's Korean catalogs plus ``THEME_KO`` for the labels they lack.
- ``drop_unused_widget_js``: the ipywidgets html-manager (3.6 MB), require.js and the widget state
  load only on a page that renders a live widget view; the static pages show precomputed frames.
- ``slim_pages``: the theme's CSS already draws the icons with Font Awesome's web fonts; the
  1.5 MB SVG-replacing script is removed from every page after the build, and the search index
  (0.3 MB) from every page but the search page.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from markupsafe import Markup
from sphinx import locale as sphinx_locale

from .langlinks import page_language

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_SCRIPTS = ("require.js", "bnbook-require-config.js", "html-manager/embed-amd.js")

# Korean for theme labels that Sphinx's, pydata-sphinx-theme's and sphinx-book-theme's catalogs lack
# (pydata-sphinx-theme 0.17 ships no Korean catalog).
THEME_KO = {
    "Skip to main content": "본문으로 건너뛰기",
    "Back to top": "맨 위로",
    "Search": "검색",
    "Search the docs ...": "책에서 검색...",
    "Search...": "검색...",
    "Search this book...": "이 책에서 검색...",
    "Contents": "목차",
    "Previous": "이전",
    "Next": "다음",
    "previous page": "이전 페이지",
    "next page": "다음 페이지",
    "By": "지은이:",
    "Copyright": "저작권",
    "Toggle primary sidebar": "왼쪽 목차 열고 닫기",
    "Toggle secondary sidebar": "이 페이지 목차 열고 닫기",
    "Site navigation": "사이트 목차",
    "Section Navigation": "절 목차",
    "Main": "주 메뉴",
    "On this page": "이 페이지의 내용",
    "Download this page": "이 페이지 내려받기",
    "Download source file": "원본 파일 내려받기",
    "Download notebook file": "노트북 파일 내려받기",
    "Print to PDF": "PDF로 인쇄",
    "Fullscreen mode": "전체 화면",
    "Launch interactive content": "실행 환경에서 열기",
    "Source repositories": "소스 저장소",
    "Source repository": "소스 저장소",
    "repository": "저장소",
    "Light": "밝게",
    "Dark": "어둡게",
    "System Settings": "시스템 설정",
    "Color mode": "색상 모드",
    "Clear search": "검색어 지우기",
    "Search Results": "검색 결과",
    "Searching": "검색 중",
    "Theme by the": "테마:",
    "Executable Books Project": "Executable Books Project",
    "Built with the": "만든 도구:",
    "Created using": "만든 도구:",
}


# Labels the themes write into their templates without gettext: replaced in Korean pages.
TEMPLATE_KO = {
    'title="Toggle primary sidebar"': 'title="왼쪽 목차 열고 닫기"',
    'title="Toggle secondary sidebar"': 'title="이 페이지 목차 열고 닫기"',
    'title="Launch on Colab"': 'title="Colab에서 열기"',
    'title="Launch on Binder"': 'title="Binder에서 열기"',
    'title="Link to this heading"': 'title="이 제목으로 가는 링크"',
    'aria-label="Main"': 'aria-label="주 메뉴"',
    'aria-label="Page"': 'aria-label="페이지"',
    'aria-label="Version warning"': 'aria-label="버전 경고"',
    '<span class="btn__text-container">Open issue</span>':
        '<span class="btn__text-container">이슈 열기</span>',
    '<span class="btn__text-container">Repository</span>':
        '<span class="btn__text-container">저장소</span>',
    # the footer of _config.yml (html.extra_footer)
    '<p>Code: <a href="https://opensource.org/license/mit">MIT</a> · text and figures:':
        '<p>코드: <a href="https://opensource.org/license/mit">MIT</a> · 글과 그림:',
}


class _DictTranslations(gettext.NullTranslations):
    def __init__(self, table: dict[str, str]):
        super().__init__()
        self._table = table

    def gettext(self, message):
        if message in self._table:
            return self._table[message]
        return super().gettext(message)


def _catalog(domain: str, dirs: list[Path], lang: str) -> gettext.NullTranslations:
    """THEME_KO first (it also corrects catalog entries, e.g. booktheme's "By" → "으로"), then
    ``domain``'s catalogs in ``lang`` from ``dirs``, then the message itself."""
    chain = _DictTranslations(THEME_KO)
    for folder in dirs:
        try:
            chain.add_fallback(gettext.translation(domain, localedir=str(folder), languages=[lang]))
        except OSError:
            continue
    return chain


class PageTranslations:
    """Switches the theme's translators per page: Korean on pages under a ``ko/`` folder.

    Sphinx renders one page at a time (this book builds serially), right after the page's
    html-page-context event, so the switch made there holds while that page's templates render.
    """

    CATALOGS = ("sphinx", "booktheme")

    def __init__(self) -> None:
        self.original: dict[str, object] = {}
        self.korean: dict[str, gettext.NullTranslations] = {}
        self.current = None

    def builder_inited(self, app) -> None:
        import sphinx
        import sphinx_book_theme

        dirs = {
            "sphinx": [Path(sphinx.__file__).parent / "locale"],
            "booktheme": [Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme"
                          / "static" / "locales"],
        }
        for catalog in self.CATALOGS:
            key = ("general", catalog)
            self.original[catalog] = sphinx_locale.translators.get(key)
            self.korean[catalog] = _catalog(catalog, dirs[catalog], "ko")
        templates = getattr(app.builder, "templates", None)
        env = getattr(templates, "environment", None)
        if env is not None and hasattr(env, "install_gettext_translations"):
            env.install_gettext_translations(self)  # gettext below dispatches per page

    def use(self, lang: str | None) -> None:
        self.current = lang
        for catalog in self.CATALOGS:
            key = ("general", catalog)
            if lang == "ko":
                sphinx_locale.translators[key] = self.korean[catalog]
            elif self.original.get(catalog) is not None:
                sphinx_locale.translators[key] = self.original[catalog]

    # the gettext interface Jinja's i18n extension calls for {{ _("...") }} in theme templates
    def _translator(self):
        return sphinx_locale.translators.get(("general", "sphinx")) or gettext.NullTranslations()

    def gettext(self, message):
        return self._translator().gettext(message)

    def ngettext(self, singular, plural, n):
        return self._translator().ngettext(singular, plural, n)

    def page_context(self, app, pagename, templatename, context, doctree) -> None:
        lang = page_language(pagename)
        self.use(lang)
        if lang == "ko":
            sphinx_book_context = context.get("translate")
            if sphinx_book_context is not None:
                context["translate"] = sphinx_locale.get_translation("booktheme")
            context["theme_search_bar_text"] = THEME_KO["Search this book..."]

    def doctree_resolved(self, app, doctree, docname) -> None:
        """The page body is written before html-page-context: switch for it too."""
        self.use(page_language(docname))

    def build_finished(self, app, exception) -> None:
        self.use(None)


# ---------------------------------------------------------------- navigation in one language
_CAPTION = re.compile(r'<p [^>]*class="caption"[^>]*>')
_HREF = re.compile(r'href="([^"#]*)')


def filter_sidebar(html: str, lang: str) -> str:
    """Drop the toctree parts (caption + list) whose every link leads into the other language."""
    other = "en" if lang == "ko" else "ko"
    starts = [m.start() for m in _CAPTION.finditer(html)]
    if not starts:
        return html
    pieces = [html[: starts[0]]]
    for begin, end in zip(starts, starts[1:] + [len(html)], strict=True):
        block = html[begin:end]
        hrefs = [h.removesuffix(".html") for h in _HREF.findall(block) if h]
        if hrefs and all(other in h.split("/") for h in hrefs):
            # keep whatever closes an enclosing element after the block's own list
            tail = block[block.rfind("</ul>") + len("</ul>"):] if "</ul>" in block else ""
            pieces.append(tail)
        else:
            pieces.append(block)
    return "".join(pieces)


def keep_navigation_in_language(app, pagename, templatename, context, doctree) -> None:
    """html-page-context (late): Prev/Next and the sidebar stay in the page's language."""
    lang = page_language(pagename)
    if lang is None:
        return
    relations = app.env.collect_relations()
    parent, prev, nxt = relations.get(pagename, [None, None, None])
    if prev is not None and page_language(prev) != lang:
        context["prev"] = None
    if nxt is not None and page_language(nxt) != lang:
        context["next"] = None
    generate = context.get("generate_toctree_html")
    if generate is not None and not getattr(generate, "_bnbook_filtered", False):
        def generate_in_language(*args, **kwargs):
            out = generate(*args, **kwargs)  # a BeautifulSoup or Markup, rendered as HTML
            return Markup(filter_sidebar(str(out), lang))

        generate_in_language._bnbook_filtered = True
        context["generate_toctree_html"] = generate_in_language


# ---------------------------------------------------------------- page weight
def _script_name(js) -> str:
    return (getattr(js, "filename", None) or "").split("?")[0]


def drop_unused_widget_js(app, pagename, templatename, context, doctree) -> None:
    """html-page-context (late): no live widget view on the page → no widget manager scripts;
    no sphinx-design component (cards, tabs: class ``sd-``) → no sphinx-design css/js."""
    body = context.get("body", "")
    scripts = context.get("script_files") or []
    drop: tuple[str, ...] = ()
    if WIDGET_VIEW not in body:
        drop += WIDGET_SCRIPTS
    if 'class="sd-' not in body and " sd-" not in body:
        drop += ("design-tabs.js", "sphinx-design.min.css")
    kept = []
    for js in scripts:
        attributes = getattr(js, "attributes", {}) or {}
        if WIDGET_VIEW not in body and attributes.get("type") == WIDGET_STATE:
            continue
        if any(_script_name(js).endswith(name) for name in drop):
            continue
        kept.append(js)
    context["script_files"] = kept
    if context.get("css_files"):
        context["css_files"] = [css for css in context["css_files"]
                                if not any(_script_name(css).endswith(name) for name in drop)]


_FONTAWESOME_JS = re.compile(
    r'[ \t]*<script (?:defer )?src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?')
# pydata-sphinx-theme loads Sphinx's search (index 0.3 MB) on every page for its optional
# search-as-you-type, which this book leaves off: the search box submits to search.html.
_INLINE_SEARCH_JS = re.compile(
    r'[ \t]*<script src="[^"]*'
    r'(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>\n?')


def slim_pages(app, exception) -> None:
    """build-finished: remove the theme's fontawesome.js from every written page, and the search
    scripts from every page but search.html (unless search-as-you-type is switched on)."""
    if exception is not None or app.builder.format != "html":
        return
    options = app.builder.theme_options if hasattr(app.builder, "theme_options") else {}
    as_you_type = str(app.config.html_theme_options.get(
        "search_as_you_type", options.get("search_as_you_type", False))).lower() == "true"
    outdir = Path(app.outdir)
    for path in outdir.rglob("*.html"):
        if "_static" in path.relative_to(outdir).parts:
            continue
        text = path.read_text(encoding="utf-8")
        new = _FONTAWESOME_JS.sub("", text)
        if '<html lang="ko"' in new:
            for english, korean in TEMPLATE_KO.items():
                new = new.replace(english, korean)
        if not as_you_type and path != outdir / "search.html":
            new = _INLINE_SEARCH_JS.sub("", new)
        if new != text:
            path.write_text(new, encoding="utf-8")
