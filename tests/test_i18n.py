"""Bilingual messages put the page's language first (fix pass fc, item 1)."""

import importlib
import re

import numpy as np
import pytest

from bnbook import i18n, layers, optim
from bnbook.model import MLP


@pytest.fixture
def lang():
    before = i18n.get_language()
    yield i18n.set_language
    i18n.set_language(before)


def _message(call) -> str:
    with pytest.raises(ValueError) as info:
        call()
    return str(info.value)


def _single_example():
    return layers.batchnorm_forward(np.ones((1, 100)), np.ones(100), np.zeros(100),
                                    {"mode": "train"})


@pytest.mark.parametrize("language", ["ko", "en"])
def test_bilingual_puts_the_current_language_first(lang, language):
    lang(language)
    text = i18n.bilingual("English words", "한국어 문장")
    first, second = ("한국어 문장", "English words") if language == "ko" else ("English words",
                                                                             "한국어 문장")
    assert text == f"{first} ({second})"
    assert isinstance(i18n.error("English words", "한국어 문장"), ValueError)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_library_errors_start_in_the_page_language(lang, language):
    """The error chapter 5 and 8 show (batchnorm on one example) and one from each module that
    builds bilingual errors start with the page's language."""
    lang(language)
    calls = [
        _single_example,
        lambda: layers.affine_forward(np.array([["a"]]), np.ones((1, 1)), np.ones(1)),
        lambda: optim.SGD(lr=-1.0),
        lambda: MLP([5]),
    ]
    for call in calls:
        msg = _message(call)
        head = msg.split("(", 1)[0]
        has_hangul = any("\uac00" <= c <= "\ud7a3" for c in head)
        assert has_hangul == (language == "ko"), msg


@pytest.mark.parametrize("language", ["ko", "en"])
def test_both_puts_the_current_language_first(lang, language):
    i18n.register({"test.fc.both": {"ko": "가나다", "en": "abc"}})
    lang(language)
    expected = "가나다 / abc" if language == "ko" else "abc / 가나다"
    assert i18n.both("test.fc.both") == expected


# English words that, as a label, need a Korean name on a Korean page (code such as `x.mean`,
# LaTeX $...$ and format fields {...} are left out before the check)
ENGLISH_LABELS = re.compile(
    r"\b(plain|dropout|Dropout|sigmoid|Sigmoid|momentum|Momentum|variant|accuracy|loss|mean|std|"
    r"train|training|test|steps?|epochs?|layers?|optimizer|learning rate|batch|normalization|"
    r"weight|activation|distribution|input|output|value|count|gap|final|seeds?|mode|inference)\b")


@pytest.mark.parametrize("chapter", [f"ch0{n}" for n in range(1, 9)])
def test_korean_string_table_has_no_english_label(chapter):
    """Fix pass fc, item 3: every Korean entry of a chapter's string table is Korean where a
    translated label is expected (names such as ReLU, Adam, BN and code or formulas excepted)."""
    importlib.import_module(f"bnbook.chapters.{chapter}")
    entries = {k: v for k, v in i18n._strings.items() if k.startswith(f"{chapter}.")}
    assert entries, chapter
    bad = {}
    for key, entry in entries.items():
        ko = re.sub(r"\$[^$]*\$|\{[^}]*\}|`[^`]*`", "", entry["ko"])
        found = ENGLISH_LABELS.findall(ko)
        if found:
            bad[key] = (entry["ko"], found)
    assert not bad, bad


def test_english_labels_pattern_catches_the_reported_cases():
    """The check above can fail: the labels the readers reported match it."""
    for text in ("plain", "bn_dropout", "sigmoid", "Momentum", "mean of z"):
        assert ENGLISH_LABELS.search(text.replace("_", " ")), text


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_book_page_shows_library_errors_in_its_language_alone(language):
    """After bnbook.setup() (every notebook's first cell) a library error speaks the page's
    language only; outside a page it keeps both."""
    before = i18n.get_language()
    try:
        i18n.set_language(language, page=True)
        text = _message(_single_example)
        assert bool(re.search("[가-힣]", text)) == (language == "ko"), text
        assert ("training mode" in text) == (language == "en"), text
        i18n.set_language(language)
        both = _message(_single_example)
        assert re.search("[가-힣]", both) and "training mode" in both, both
    finally:
        i18n.set_language(before)
