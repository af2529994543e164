"""Bilingual messages put the page's language first (fix pass fc, item 1)."""

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
