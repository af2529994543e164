"""Multiple-choice questions as data: the correct letter is spread over the positions, it is not
spotted by its length, every wrong letter has its own explanation, and the notebooks show
exactly the options the grader knows (both languages). Every chapter 1–7 has tasks at the three
levels and at least one derivation."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from bnbook import i18n
from bnbook.grading import engine
from bnbook.grading.concepts import CHOICES, render_options

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = [f"{n:02d}" for n in range(1, 8)]
engine._load_tasks()
BOOK = {tid: q for tid, q in CHOICES.items() if tid[:2] in CHAPTERS}


def test_every_choice_question_is_data():
    for tid, task in engine.TASKS.items():
        if tid[:2] in CHAPTERS and task.tests[0].name == "t.choice":
            assert tid in BOOK, f"{tid}: options are not declared as data"


def test_correct_letter_spread_over_positions():
    counts = collections.Counter(q["correct"] for q in BOOK.values())
    letters = "abcd"
    assert all(len(q["options"]) == 4 for q in BOOK.values())
    even = len(BOOK) / len(letters)
    # each position is correct for floor or ceil of its even share
    for letter in letters:
        assert int(even) <= counts[letter] <= int(even) + 1, (letter, counts)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_correct_option_is_not_the_longest(lang):
    longest = 0
    for q in BOOK.values():
        lengths = {k: len(i18n.t(key, lang)) for k, key in q["options"].items()}
        if sorted(lengths.values())[-2] < lengths[q["correct"]]:  # strictly the longest
            longest += 1
    # chance alone makes the correct option the longest in 1 of 4 questions
    assert longest <= len(BOOK) / 4 + 1, (longest, len(BOOK))


@pytest.mark.parametrize("tid", sorted(BOOK))
def test_each_wrong_letter_has_its_explanation(tid):
    task = engine.get_task(tid)
    q = BOOK[tid]
    keys = set()
    for letter in q["options"]:
        r = engine.run_task(task, letter, 10.0)
        assert r.passed == (letter == q["correct"])
        if letter != q["correct"]:
            key = r.outcomes[0].key
            assert key in i18n.TABLE if hasattr(i18n, "TABLE") else True
            for lang in ("ko", "en"):
                text = i18n.t(key, lang, got=letter)
                assert "{" not in text and f"({letter})" in text
            keys.add(key)
    assert len(keys) == 3, f"{tid}: the wrong letters share explanations"


def _markdown(lang: str, chapter: str) -> str:
    (path,) = (ROOT / "solutions" / lang).glob(f"{chapter}_*.ipynb")
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("tid", sorted(BOOK))
def test_notebook_shows_the_options_of_the_data(tid, lang):
    assert render_options(tid, lang) in _markdown(lang, tid[:2])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_three_levels_and_a_derivation(chapter):
    tasks = [t for t in engine.TASKS.values() if t.chapter == chapter]
    assert all(t.level in ("check", "build", "explore") for t in tasks), \
        [t.task_id for t in tasks if t.level not in ("check", "build", "explore")]
    assert {t.level for t in tasks} == {"check", "build", "explore"}
    assert any(t.kind == "derivation" for t in tasks)
