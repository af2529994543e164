"""The site without a browser: navigation stays in one language, Korean labels, slim pages, and the
Korean search stemmer (the same algorithm in Python for the index and in JavaScript for the query).
Browser checks of the same features at 390 and 1280 px are in tests/test_browser.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bnbook.book.langlinks import page_language
from bnbook.book.search import JS_STEMMER, SearchBilingual, stem_word
from bnbook.book.site import filter_sidebar

REPO = Path(__file__).resolve().parent.parent

# words as the chapters write them → the form both index and query reduce them to
STEMS = {
    "정규화": "정규화", "정규화를": "정규화", "정규화된": "정규화", "정규화할": "정규화",
    "정규화하지": "정규화", "정규화합니다": "정규화", "표준편차로": "표준편차", "분산이": "분산",
    "평균을": "평균", "배치의": "배치", "학습률이": "학습률", "활성값은": "활성값",
    "기울기가": "기울기", "추론에서": "추론", "신경망의": "신경망", "BN의": "bn", "γ는": "γ",
    "값이": "값이",  # a one-syllable stem is never cut (값 would match far too much)
    "normalization": "normal", "normalized": "normal",
}


def test_stem_word_strips_particles_and_endings():
    assert {w: stem_word(w) for w in STEMS} == STEMS


def test_search_language_uses_the_stemmer():
    lang = SearchBilingual({})
    assert lang.stem("표준편차를") == "표준편차"
    assert lang.word_filter("분산")  # two-syllable Korean words are indexed


def chapter_words() -> list[str]:
    """Every distinct word of the Korean chapters' markdown (a realistic, large sample)."""
    words: set[str] = set()
    for path in sorted((REPO / "chapters" / "ko").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                words |= set(re.findall(r"\w+", "".join(cell["source"])))
    return sorted(words)


def test_javascript_stemmer_agrees_with_python():
    """The query (stemmed in the browser) and the index (stemmed by Sphinx) use one algorithm for
    every word with Hangul. (Words without Hangul go to Sphinx's own Porter pair, snowball in
    Python and porter.js in the browser, which already differ on a few short words: s, ms, 2s.)"""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed (make bootstrap installs the npm assets with it)")
    words = [w for w in list(STEMS) + chapter_words() if re.search("[가-힣]", w)]
    assert len(words) > 1000
    script = (JS_STEMMER + "\nconst s = new Stemmer();\nconst words = "
              + json.dumps(words, ensure_ascii=False)
              + ";\nprocess.stdout.write(JSON.stringify(words.map(w => s.stemWord(w))));\n")
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    js = json.loads(out)
    differ = [(w, stem_word(w), j) for w, j in zip(words, js, strict=True) if stem_word(w) != j]
    assert not differ, f"{len(differ)} of {len(words)} differ (word, python, js): {differ[:20]}"


def test_filter_sidebar_keeps_the_page_language():
    html = ('<nav><p class="caption" role="heading"><span>한국어</span></p>'
            '<ul><li><a href="#">1장</a></li><li><a href="02_x.html">2장</a></li></ul>'
            '<p class="caption" role="heading"><span>부록</span></p>'
            '<ul><li><a href="../../glossary/ko.html">용어집</a></li></ul>'
            '<p class="caption" role="heading"><span>English</span></p>'
            '<ul><li><a href="../en/01_x.html">Chapter 1</a></li></ul>'
            '<p class="caption" role="heading"><span>Appendix</span></p>'
            '<ul><li><a href="../../glossary/en.html">Glossary</a></li></ul></nav>')
    out = filter_sidebar(html, "ko")
    assert "한국어" in out and "용어집" in out
    assert "English" not in out and "Appendix" not in out and out.endswith("</nav>")


# ---------------------------------------------------------------- the built site
def pages_of(built_html: Path, lang: str) -> list[Path]:
    return sorted(p for p in built_html.rglob("*.html")
                  if "_static" not in p.parts
                  and page_language(p.relative_to(built_html).with_suffix("").as_posix()) == lang)


@pytest.mark.build
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_prev_next_and_sidebar_stay_in_the_language(built_html, lang):
    other = "en" if lang == "ko" else "ko"
    problems = []
    pages = pages_of(built_html, lang)
    assert len(pages) >= 16
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(built_html).as_posix()
        for kind in ("prev", "next"):
            m = re.search(rf'<link rel="{kind}"[^>]*href="([^"]+)"', html)
            if m and page_language((page.parent / m.group(1)).resolve().relative_to(
                    built_html.resolve()).with_suffix("").as_posix()) != lang:
                problems.append(f"{rel}: {kind} → {m.group(1)}")
        nav = html[html.find('class="bd-links bd-docs-nav"'):]
        nav = nav[:nav.find("</nav>")]
        if re.search(rf'href="[^"]*\b{other}/[^"]*"', nav) or f"/{other}.html" in nav:
            problems.append(f"{rel}: the sidebar links pages in '{other}'")
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_korean_glossary_has_no_next_into_english(built_html):
    html = (built_html / "glossary" / "ko.html").read_text(encoding="utf-8")
    m = re.search(r'<link rel="next"[^>]*href="([^"]+)"', html)
    assert m is None or "/en/" not in m.group(1), m and m.group(1)


ENGLISH_LABELS = ("Skip to main content", "Back to top", 'title="Toggle primary sidebar"',
                  '>Contents<', 'title="next page"', 'title="previous page"', ">Next<",
                  ">Previous<", 'aria-label="Search"', ">Open issue<", ">Repository<",
                  "text and figures")


@pytest.mark.build
def test_theme_labels_are_korean_on_korean_pages(built_html):
    problems = []
    for page in pages_of(built_html, "ko"):
        html = page.read_text(encoding="utf-8")
        left = [label for label in ENGLISH_LABELS if label in html]
        if left:
            problems.append(f"{page.relative_to(built_html)}: {left}")
        if "본문으로 건너뛰기" not in html:
            problems.append(f"{page.relative_to(built_html)}: no Korean skip link")
    english = (built_html / "chapters" / "en" / "01_covariate_shift.html").read_text(
        encoding="utf-8")
    assert "Skip to main content" in english  # English pages keep the theme's English
    assert "text and figures" in english and "글과 그림" not in english  # the footer, one language
    assert not problems, "\n".join(problems[:20])


@pytest.mark.build
def test_pages_load_only_the_scripts_they_use(built_html):
    problems = []
    for page in sorted(built_html.rglob("*.html")):
        if "_static" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(built_html).as_posix()
        if "fontawesome.js" in html:
            problems.append(f"{rel}: fontawesome.js")
        if rel != "search.html" and "searchindex.js" in html:
            problems.append(f"{rel}: searchindex.js")
        live = 'type="application/vnd.jupyter.widget-view+json"' in html
        if not live and ("embed-amd.js" in html or "require.js" in html
                         or "application/vnd.jupyter.widget-state+json" in html):
            problems.append(f"{rel}: widget manager without a live widget")
    assert "searchindex.js" in (built_html / "search.html").read_text(encoding="utf-8")
    assert not problems, "\n".join(problems[:40])
