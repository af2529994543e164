"""Chapters read as a textbook: a main text a reader finishes in about 30 minutes, with reproduction
details and development notes in collapsed "Going deeper / 더 알아보기" blocks.

Budget: 3,000 English words of main text (bnbook.book.wordcount: prose outside collapsed blocks, no
code, no display math). At the 100–150 words a minute of careful technical reading that is 20–30
minutes, leaving time for the figures, code and equations. Korean counts 어절, about three for
every four English words on this book's pages (measured over chapters 1–8 before this budget:
0.72–0.75), so the Korean budget is 2,300.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bnbook.book.wordcount import _blocks, count_cell, count_notebook

REPO = Path(__file__).resolve().parent.parent
BUDGET = {"en": 3000, "ko": 2300}
DEEPER = {"en": "Going deeper", "ko": "더 알아보기"}
# Words that belong to reproducing the book, not to its argument: they go into a collapsed block.
DEVELOPMENT = re.compile(r"tests/test_\w+|\bOpenBLAS\b|\bBLAS\b|load average|--full|results/\w+"
                         r"|threadpoolctl|\bnbval\b|make run-notebooks")


def chapters(lang):
    return sorted((REPO / "chapters" / lang).glob("[0-9][0-9]_*.ipynb"))


def _markdown(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def test_counter_separates_collapsed_blocks():
    text = ("Intro words here.\n\n```{admonition} Going deeper: reproduce\n:class: dropdown\n"
            "Hidden one two three.\n$$ x^2 $$\n```\n\n:::{dropdown} Answer\nfour five\n:::\n\n"
            "```{math}\na+b\n```\n\n```python\ncode here\n```\nTail.")
    assert count_cell(text) == (4, 10)
    # an admonition that does not collapse is main text
    assert count_cell("```{note} Title words\nbody\n```") == (3, 0)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_main_text_fits_a_thirty_minute_reading(lang):
    over = {p.stem: n for p in chapters(lang) if (n := count_notebook(p)["main"]) > BUDGET[lang]}
    assert not over, (f"main text over {BUDGET[lang]:,} words ({lang}): {over}; move reproduction "
                      f"details into a '{DEEPER[lang]}' dropdown or cut what does not serve the "
                      "argument")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_development_notes_stay_in_collapsed_blocks(lang):
    found = []
    for path in chapters(lang):
        for text in _markdown(path):
            for line, hidden in _blocks(text):
                if not hidden and (m := DEVELOPMENT.search(line)):
                    found.append(f"{path.name}: {m.group(0)!r} in {line.strip()[:80]!r}")
    assert not found, "\n".join(found)


def test_both_languages_have_the_same_going_deeper_blocks():
    for ko, en in zip(chapters("ko"), chapters("en"), strict=True):
        n = {lang: sum(t.count(DEEPER[lang]) for t in _markdown(p))
             for lang, p in (("ko", ko), ("en", en))}
        assert n["ko"] == n["en"], f"{en.stem}: {n}"
