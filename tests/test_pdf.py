"""`make pdf`: the text layer of each language's PDF (pdftotext from poppler-utils).

The PDFs take minutes to print, so `make test` does not build them: `make pdf` builds both and then
runs this file with BNBOOK_PDF=_build/pdf. Without BNBOOK_PDF the PDF checks are skipped (the
unit checks of bnbook.book.pdf still run).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bnbook.book import pdf

PDF_DIR = os.environ.get("BNBOOK_PDF")
HANGUL = re.compile(r"[가-힣]")
#: TeX that MathJax would have typeset: any of these in the text layer means raw TeX was printed
RAW_TEX = re.compile(r"\\(frac|mathbb|mathrm|sum|sqrt|hat|gamma|beta|sigma|mu|epsilon|partial|"
                     r"left|right|begin|end|cdot|operatorname)\b|\\\(|\\\)|\\\[|\\\]|\$\$")


def test_the_toc_of_one_language_names_only_its_pages():
    for lang, other in (("ko", "en"), ("en", "ko")):
        toc = pdf.TOC_TEMPLATE.format(lang=lang, part=pdf.PART[lang], appendix=pdf.APPENDIX[lang])
        assert f"chapters/{lang}/*" in toc and f"glossary/{lang}" in toc and f"run/{lang}" in toc
        assert f"/{other}" not in toc


def _text(lang: str) -> tuple[Path, str]:
    path = Path(PDF_DIR) / f"bnbook-{lang}.pdf"
    assert path.is_file(), f"{path} is missing: run `make pdf`"
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: apt-get install poppler-utils (.ci/run installs it)")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return path, out


@pytest.mark.skipif(not PDF_DIR, reason="set BNBOOK_PDF=_build/pdf (make pdf does)")
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pdf_text_layer(lang):
    path, text = _text(lang)
    pages = text.split("\f")
    assert len(pages) > 50  # the whole book, not a first screen (a clipped print had 6 pages)
    # page numbers in every footer: "… · N / TOTAL"
    total = len([p for p in pages if p.strip()])
    numbered = re.findall(r"· (\d+) / (\d+)", text)
    assert len(numbered) >= total - 1 and {int(t) for _, t in numbered} == {total}
    # the table of contents, with every chapter
    contents = pdf.CONTENTS[lang]
    assert contents in pages[0]
    chapter = r"(\d)장\." if lang == "ko" else r"Chapter (\d)\."
    assert set(re.findall(chapter, "".join(pages[:4]))) >= set("1234567")
    # Hangul as text (not boxes, not images): many syllables in the Korean book, some in both
    hangul = len(HANGUL.findall(text))
    assert hangul > (20_000 if lang == "ko" else 20)
    # typeset math, and no raw TeX
    assert re.search(r"[γβσμε∑√∂]", text)
    assert not RAW_TEX.search(text), RAW_TEX.search(text).group(0)
