"""The Korean and English halves of the book stay twins.

- chapters/, exercises/, solutions/: the same file names under ko/ and en/ (notebooks and md pages);
- paired notebooks have the same code cells — comments aside (STYLE.md lets comments be
  translated) — except the one language cell, the first code cell: ``bnbook.setup("ko")`` vs
  ``bnbook.setup("en")``;
- the glossary page exists in both languages.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
BOOK_DIRS = ("chapters", "exercises", "solutions")
PAGE_SUFFIXES = (".ipynb", ".md")
SETUP_CALL = "bnbook.setup("


def pages(folder: Path) -> set[str]:
    """File names of the book pages (notebooks and md) directly in ``folder``."""
    if not folder.is_dir():
        return set()
    return {p.name for p in folder.iterdir() if p.suffix in PAGE_SUFFIXES}


def notebook_pairs() -> list[tuple[Path, Path]]:
    pairs = []
    for top in BOOK_DIRS:
        for name in sorted(pages(REPO / top / "ko") & pages(REPO / top / "en")):
            if name.endswith(".ipynb"):
                pairs.append((REPO / top / "ko" / name, REPO / top / "en" / name))
    return pairs


def strip_comments(source: str) -> str:
    """Python source without comments and trailing blanks; IPython magics kept verbatim."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return "\n".join(line.rstrip() for line in source.strip().splitlines())
    kept = [tok for tok in tokens if tok.type != tokenize.COMMENT]
    text = tokenize.untokenize(kept)
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line.strip())


def code_cells(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("top", BOOK_DIRS)
def test_every_page_has_its_twin(top):
    ko, en = pages(REPO / top / "ko"), pages(REPO / top / "en")
    only_ko, only_en = sorted(ko - en), sorted(en - ko)
    assert not only_ko and not only_en, (
        f"{top}/: pages without a twin — only in ko/: {only_ko}; only in en/: {only_en} "
        f"(한국어판과 영어판 파일 이름이 같아야 합니다)"
    )


def test_glossary_has_both_languages():
    for lang in ("ko", "en"):
        assert (REPO / "glossary" / f"{lang}.md").is_file(), f"glossary/{lang}.md is missing"


def test_there_is_something_to_compare():
    # chapters 01-03 are notebooks: if none is found the parity test below would pass vacuously
    assert notebook_pairs(), "no ko/en notebook pairs found in chapters/, exercises/, solutions/"


@pytest.mark.parametrize(
    "ko_path,en_path", notebook_pairs(), ids=lambda p: str(Path(p).relative_to(REPO))
)
def test_code_cells_match(ko_path, en_path):
    ko_cells, en_cells = code_cells(ko_path), code_cells(en_path)
    rel = ko_path.relative_to(REPO)
    assert len(ko_cells) == len(en_cells), (
        f"{rel}: {len(ko_cells)} code cells in ko, {len(en_cells)} in en (코드 셀 수가 다릅니다)"
    )
    setup_ko = [i for i, s in enumerate(ko_cells) if SETUP_CALL in s]
    setup_en = [i for i, s in enumerate(en_cells) if SETUP_CALL in s]
    assert setup_ko == [0] and setup_en == [0], (
        f"{rel}: the language cell `import bnbook; bnbook.setup(...)` must be the first code "
        f"cell and the only one calling bnbook.setup; found at code cells "
        f"ko={setup_ko}, en={setup_en}"
    )
    for lang, first_cell in (("ko", ko_cells[0]), ("en", en_cells[0])):
        call = re.compile(rf"""bnbook\.setup\(\s*["']{lang}["']""")
        assert call.search(first_cell), f"{rel}: the {lang} notebook must call setup({lang!r})"
    for i in range(1, len(ko_cells)):
        a, b = strip_comments(ko_cells[i]), strip_comments(en_cells[i])
        assert a == b, (
            f"{rel}: code cell {i} differs between ko and en (only comments may differ; "
            f"코드 셀은 주석 말고는 같아야 합니다)\n"
            f"--- ko ---\n{ko_cells[i]}\n--- en ---\n{en_cells[i]}"
        )


def test_strip_comments_keeps_strings_and_code():
    src = 'x = "# not a comment"  # 주석\n# 전체 주석\ny = x\n'
    assert strip_comments(src) == 'x = "# not a comment"\ny = x'
    assert strip_comments("a = 1  # one") != strip_comments("a = 2  # one")
