"""``make pdf``: one PDF per language, with Hangul, typeset math, figures, a table of contents and
page numbers, and no TeX.

For each language: a table of contents with that language's chapters and appendix is written to
``_build/pdf/_toc_<lang>.yml``; Jupyter Book builds it as a single HTML page (the book's own
MathJax, fonts and static widget frames); Debian's chromium, driven by playwright (no browser
download), waits until MathJax has typeset every formula, adds a table of contents, then prints
A4 pages with the page number in the footer and PDF bookmarks from the headings. A widget prints
as its first precomputed frame. Exercises are left out: they are for running, not reading.

    python -m bnbook.book.pdf [--lang ko|en ...] [--out _build/pdf]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BNBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TITLE = {"ko": "배치 정규화", "en": "Batch Normalization"}
CONTENTS = {"ko": "차례", "en": "Contents"}
APPENDIX = {"ko": "부록", "en": "Appendix"}
PART = {"ko": "한국어", "en": "English"}

TOC_TEMPLATE = """format: jb-book
root: index
parts:
  - caption: {part}
    chapters:
      - glob: chapters/{lang}/*
  - caption: {appendix}
    chapters:
      - file: run/{lang}
      - file: glossary/{lang}
"""

#: print-only CSS: no navigation, no buttons, one chapter per page start, figures within the page
PRINT_CSS = """
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .bd-footer,
.bd-footer-article, .bd-footer-content, .prev-next-area, .bnbook-langlink, .headerlink,
.header-article-items, .article-header-buttons, #pst-skip-link, .sd-card, .sd-container-fluid,
.sd-row, .bd-toc, .onlyprint, #rtd-footer-container { display: none !important; }
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
.bd-container, .bd-container__inner, .bd-page-width { max-width: 100% !important; }
html, body { background: white !important; }
section > h2 { break-before: page; }
img, svg, .cell_output { max-width: 100% !important; break-inside: avoid; }
pre { white-space: pre-wrap !important; word-break: break-word; }
mjx-container[display="true"] { overflow: visible !important; }
#bnbook-pdf-toc { break-after: page; font-size: 10pt; line-height: 1.3; }
#bnbook-pdf-toc .title { font-size: 22pt; font-weight: 700; margin: 0 0 8pt 0; }
#bnbook-pdf-toc .contents { font-size: 15pt; font-weight: 600; margin: 0 0 6pt 0; }
#bnbook-pdf-toc ol { list-style: none; padding: 0; margin: 0; }
#bnbook-pdf-toc li { margin: 0 !important; padding: 0 !important; }
#bnbook-pdf-toc li.h2 { margin-top: 5pt !important; font-weight: 600; }
#bnbook-pdf-toc li.h3 { margin-left: 14pt !important; font-weight: normal; }
#bnbook-pdf-toc a { color: black; text-decoration: none; padding: 0; }
:lang(ko) { word-break: keep-all; }
"""

#: builds the table of contents from the chapter (h2) and section (h3) headings
TOC_JS = """([title, contents]) => {
  const heads = [...document.querySelectorAll('section > h2, section > section > h3')]
    .filter(h => h.offsetParent !== null || getComputedStyle(h).display !== 'none');
  const nav = document.createElement('div');  // not <nav>: the theme styles nav links
  nav.id = 'bnbook-pdf-toc';
  nav.innerHTML = `<div class="title">${title}</div>` +
                  `<div class="contents">${contents}</div><ol></ol>`;
  const ol = nav.querySelector('ol');
  heads.forEach((h, i) => {
    if (!h.id) { h.id = 'bnbook-h-' + i; }
    const li = document.createElement('li');
    li.className = h.tagName.toLowerCase();
    const a = document.createElement('a');
    a.href = '#' + (h.parentElement.id || h.id);
    a.textContent = h.textContent.replace(/#$/, '').trim();
    li.appendChild(a); ol.appendChild(li);
  });
  const article = document.querySelector('article') || document.body;
  article.insertBefore(nav, article.firstChild);
  return heads.length;
}"""

FOOTER = ('<div style="width:100%;font-size:8px;color:#555;text-align:center;'
          'font-family:\'Noto Sans CJK KR\',sans-serif;">'
          '<span class="title"></span> · <span class="pageNumber"></span> / '
          '<span class="totalPages"></span></div>')


def build_single_html(lang: str, out: Path) -> Path:
    """Jupyter Book singlehtml build of one language; returns its index.html."""
    out.mkdir(parents=True, exist_ok=True)
    toc = out / f"_toc_{lang}.yml"
    toc.write_text(TOC_TEMPLATE.format(lang=lang, part=PART[lang], appendix=APPENDIX[lang]),
                   encoding="utf-8")
    log = out / f"build_{lang}.log"
    jb = Path(sys.executable).parent / "jupyter-book"
    with open(log, "w", encoding="utf-8") as f:
        # no -W: the other language's pages are missing on purpose (twin and link warnings)
        rc = subprocess.call([str(jb), "build", str(REPO), "--toc", str(toc), "--builder",
                              "singlehtml", "--path-output", str(out / lang)], stdout=f,
                             stderr=subprocess.STDOUT)
    index = out / lang / "_build" / "singlehtml" / "index.html"
    if rc != 0 or not index.is_file():
        raise RuntimeError(f"the single-page build of {lang!r} failed (exit {rc}); see {log}")
    return index


def print_pdf(index: Path, pdf: Path, lang: str, browser) -> dict:
    """Print the single-page book to ``pdf`` once MathJax has typeset it; return facts about it."""
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    page.goto(index.resolve().as_uri(), wait_until="load", timeout=120_000)
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                           timeout=60_000)
    page.evaluate("() => MathJax.startup.promise")
    page.evaluate("() => MathJax.typesetPromise ? MathJax.typesetPromise() : null")
    page.add_style_tag(content=PRINT_CSS)
    page.evaluate(f"() => document.documentElement.setAttribute('lang', '{lang}')")
    page.evaluate(f"() => {{ document.title = {TITLE[lang]!r}; }}")
    headings = page.evaluate(TOC_JS, [TITLE[lang], CONTENTS[lang]])
    math = page.evaluate("() => document.querySelectorAll('mjx-container').length")
    page.emulate_media(media="print")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(pdf), format="A4", print_background=True, display_header_footer=True,
             header_template="<span></span>", footer_template=FOOTER, outline=True, tagged=True,
             margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
    page.close()
    return {"headings": headings, "math": math}


def page_count(pdf: Path) -> int:
    """Pages of a PDF (its /Type /Page objects)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bnbook.book.pdf", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", nargs="+", choices=["ko", "en"], default=["ko", "en"])
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "pdf")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} not found: apt-get install chromium (or set BNBOOK_CHROMIUM)",
              file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    indexes = {}
    for lang in args.lang:
        t0 = time.perf_counter()
        indexes[lang] = build_single_html(lang, args.out)
        print(f"{lang}: single-page HTML in {time.perf_counter() - t0:.0f} s")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for lang, index in indexes.items():
            t0 = time.perf_counter()
            pdf = args.out / f"bnbook-{lang}.pdf"
            facts = print_pdf(index, pdf, lang, browser)
            print(f"{lang}: {pdf} — {page_count(pdf)} pages, {pdf.stat().st_size / 1e6:.1f} MB, "
                  f"{facts['headings']} headings in the contents, {facts['math']} formulas, "
                  f"printed in {time.perf_counter() - t0:.0f} s")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
