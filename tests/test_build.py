"""The book builds without a single warning, serves everything itself, and links its two languages.

The build itself comes from the ``book_build`` fixture (tests/conftest.py): the clean ``-W`` build
that ``make test`` made just before pytest, or a fresh build into a temporary folder.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from bnbook.book.glossary import load_glossary
from bnbook.book.langlinks import twin_docname

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.build

# <link rel=...> values that only name a relation (not loaded by the browser)
NON_LOADING_RELS = {"canonical", "alternate", "next", "prev", "index", "search", "license",
                    "author", "help", "top", "up", "first", "last", "contents", "copyright"}
LOADING_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
                 "audio": "src", "track": "src", "embed": "src", "object": "data", "input": "src"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.S)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def is_off_site(url: str) -> bool:
    """True for a URL the browser would fetch from another host (http:, https:, //host, ws:...)."""
    url = url.strip()
    if url.startswith("//"):
        return True
    scheme = urlsplit(url).scheme.lower()
    return scheme not in ("", "data", "blob", "about", "javascript", "mailto", "file")


class ResourceCollector(HTMLParser):
    """Collects the URLs an HTML page makes the browser load (not plain <a> links)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if attrs.get("href") and not rels <= NON_LOADING_RELS:
                self.urls.append(attrs["href"])
        elif tag in LOADING_ATTRS and attrs.get(LOADING_ATTRS[tag]):
            self.urls.append(attrs[LOADING_ATTRS[tag]])
        for srcset in (attrs.get("srcset"),):
            if srcset:
                self.urls.extend(part.split()[0] for part in srcset.split(",") if part.strip())
        if attrs.get("style"):
            self.urls.extend(css_urls(attrs["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls.extend(css_urls(data))


def css_urls(css: str) -> list[str]:
    """url(...) and @import targets of a stylesheet, comments removed."""
    css = CSS_COMMENT.sub("", css)
    return [m.group(2) or m.group(4) or "" for m in CSS_URL.finditer(css)]


def page_resources(path: Path) -> list[str]:
    parser = ResourceCollector()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser.urls


def test_build_has_no_warnings(book_build):
    lines = book_build.log.splitlines()
    warnings = [line for line in lines if "WARNING" in line or "ERROR" in line]
    assert book_build.returncode == 0 and not warnings, (
        f"jupyter-book build -W failed (exit {book_build.returncode}); warnings:\n"
        + "\n".join(warnings[:40]) + "\n--- end of log ---\n" + book_build.log[-2000:]
    )


def test_no_resource_is_loaded_from_another_host(built_html):
    offenders = []
    for path in sorted(built_html.rglob("*.html")):
        offenders += [f"{path.relative_to(built_html)}: {u}" for u in page_resources(path)
                      if is_off_site(u)]
    for path in sorted(built_html.rglob("*.css")):
        css = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.relative_to(built_html)}: {u}" for u in css_urls(css)
                      if is_off_site(u)]
    assert not offenders, "the built book loads from other hosts:\n" + "\n".join(offenders)


def test_local_scripts_and_styles_exist(built_html):
    """Every script, stylesheet, font and image a page loads is a file of the build."""
    missing = []
    pages = [p for p in built_html.rglob("*.html") if "_static" not in p.parts]  # not templates
    for page in sorted(pages):
        for url in page_resources(page):
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(built_html)}: {url}")
    assert not missing, "pages reference files the build lacks:\n" + "\n".join(missing[:40])


def test_offline_assets_are_wired(built_html):
    page = built_html / "chapters" / "ko" / "04_regularization.html"  # has math
    urls = page_resources(page)
    assert any(u.split("?")[0].endswith("_static/mathjax/startup.js") for u in urls), urls
    for component in ("input/tex.js", "output/chtml.js", "core.js"):  # loaded by startup.js
        assert (built_html / "_static" / "mathjax" / component).is_file(), component
    assert (built_html / "_static" / "require.js").is_file()
    assert (built_html / "_static" / "html-manager" / "embed-amd.js").is_file()


def test_off_site_detection():
    assert is_off_site("https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js")
    assert is_off_site("//fonts.googleapis.com/css?family=Roboto")
    assert not is_off_site("../_static/mathjax/tex-chtml.js")
    assert not is_off_site("data:image/png;base64,AAAA")
    page = '<link rel="stylesheet" href="https://x.org/a.css"><a href="https://x.org">ok</a>'
    parser = ResourceCollector()
    parser.feed(page + "<style>@import url('http://y.org/b.css');</style>")
    assert parser.urls == ["https://x.org/a.css", "http://y.org/b.css"]


def book_pages(lang: str) -> list[Path]:
    found = []
    for top in ("chapters", "exercises"):
        found += sorted(p for p in (REPO / top / lang).glob("*") if p.suffix in (".ipynb", ".md"))
    return found + [REPO / "glossary" / f"{lang}.md"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_is_built_and_links_its_twin(built_html, lang):
    """Each chapter/exercise/glossary page is in the book (the toc globs found it) and its language
    link points at the twin page."""
    problems = []
    for source in book_pages(lang):
        docname = source.relative_to(REPO).with_suffix("").as_posix()
        html = built_html / f"{docname}.html"
        if not html.is_file():
            problems.append(f"{docname}: not built (is it matched by _toc.yml?)")
            continue
        m = re.search(r'class="[^"]*bnbook-langlink-a[^"]*" href="([^"]+)"',
                      html.read_text(encoding="utf-8"))
        if not m:
            problems.append(f"{docname}: no language link")
            continue
        target = (html.parent / m.group(1).split("#")[0]).resolve()
        expected = (built_html / f"{twin_docname(docname)}.html").resolve()
        if target != expected or not target.is_file():
            problems.append(f"{docname}: language link goes to {target}, expected {expected}")
    assert not problems, "\n".join(problems)


def test_twin_docname():
    assert twin_docname("chapters/ko/01_covariate_shift") == "chapters/en/01_covariate_shift"
    assert twin_docname("exercises/en/02_bn_algorithm") == "exercises/ko/02_bn_algorithm"
    assert twin_docname("glossary/ko") == "glossary/en"
    assert twin_docname("index") is None


def test_glossary_source_is_valid_and_rendered(built_html):
    terms = load_glossary(REPO / "book" / "glossary.yml")
    assert len(terms) >= 30
    for lang, other in (("ko", "en"), ("en", "ko")):
        page = (built_html / "glossary" / f"{lang}.html").read_text(encoding="utf-8")
        for term in terms:
            row_re = rf'<tr[^>]*id="term-{re.escape(term["id"])}"[^>]*>(.*?)</tr>'
            row = re.search(row_re, page, re.S)
            assert row, f"glossary/{lang}: no row for {term['id']}"
            cells = re.findall(r"<p>(.*?)</p>", row.group(1), re.S)
            assert cells[:2] == [escape(term[lang], quote=False), escape(term[other], quote=False)]


def test_glossary_rejects_regularization_as_jeongkyuhwa(tmp_path):
    bad = tmp_path / "glossary.yml"
    bad.write_text("terms:\n  - {id: regularization, en: regularization, ko: 정규화}\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="규제"):
        load_glossary(bad)


def test_notebook_pages_offer_their_notebook(built_html):
    """The download button of every notebook page links to the .ipynb, which the build ships."""
    problems = []
    for lang in ("ko", "en"):
        for source in book_pages(lang):
            if source.suffix != ".ipynb":
                continue
            docname = source.relative_to(REPO).with_suffix("").as_posix()
            page = built_html / f"{docname}.html"
            if not page.is_file():
                continue  # reported by test_every_page_is_built_and_links_its_twin
            m = re.search(rf'href="([^"]*_sources/{re.escape(docname)}\.ipynb)"',
                          page.read_text(encoding="utf-8"))
            if not m:
                problems.append(f"{docname}: no download link to the notebook")
            elif not (page.parent / m.group(1)).resolve().is_file():
                problems.append(f"{docname}: download link {m.group(1)} leads nowhere")
    assert not problems, "\n".join(problems)


def test_launch_buttons_point_at_the_repository(built_html):
    page = (built_html / "chapters" / "ko" / "01_covariate_shift.html")
    if not page.is_file():
        pytest.skip("chapters/ko/01_covariate_shift is not in the book yet")
    html = page.read_text(encoding="utf-8")
    notebook = "chapters/ko/01_covariate_shift.ipynb"
    assert f"https://mybinder.org/v2/gh/bnbook/bnbook/main?urlpath=lab/tree/{notebook}" in html
    assert f"https://colab.research.google.com/github/bnbook/bnbook/blob/main/{notebook}" in html
