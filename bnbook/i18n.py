"""Korean/English string tables for figures, widgets and feedback.

Every string a reader sees in a figure or a message comes from a table
``{key: {"ko": ..., "en": ...}}`` so that the Korean and English notebooks run identical code.
Modules register their own tables with
:func:`register`; :func:`t` looks a key up in the current language.
"""

from __future__ import annotations

import unicodedata

LANGUAGES = ("ko", "en")

_strings: dict[str, dict[str, str]] = {}
_language = "en"
_page = False  # True once a book page chose its language (bnbook.setup): messages in it alone


def set_language(lang: str, *, page: bool = False) -> None:
    """Choose the language of figures and messages: ``"ko"`` or ``"en"``. ``page=True`` (what
    :func:`bnbook.setup` passes in a chapter or exercise notebook) also makes the library's error
    messages speak that language alone, as every other string on the page does."""
    global _language, _page
    if lang not in LANGUAGES:
        raise ValueError(
            f"language must be one of {LANGUAGES}; got {lang!r} "
            f"(언어는 {LANGUAGES} 중 하나여야 합니다)"
        )
    _language = lang
    _page = page


def on_page() -> bool:
    """Whether a book page chose the language (:func:`bnbook.setup`): then everything the library
    shows speaks that language alone."""
    return _page


def get_language() -> str:
    """The current language, ``"ko"`` or ``"en"``."""
    return _language


def register(table: dict[str, dict[str, str]]) -> None:
    """Add a string table. Each entry needs both languages; a key may not be registered twice
    with different text."""
    for key, entry in table.items():
        missing = [lang for lang in LANGUAGES if lang not in entry]
        if missing:
            raise ValueError(f"string {key!r} lacks {missing}")
        if key in _strings and _strings[key] != entry:
            raise ValueError(f"string {key!r} registered twice with different text")
        _strings[key] = dict(entry)


def t(key: str, lang: str | None = None, **fmt) -> str:
    """The string ``key`` in ``lang`` (default: the current language), formatted with ``fmt``."""
    try:
        entry = _strings[key]
    except KeyError:
        raise KeyError(f"no string {key!r} in bnbook's tables; register it first") from None
    text = entry[lang or _language]
    return text.format(**fmt) if fmt else text


def both(key: str, **fmt) -> str:
    """Both languages together, for messages a learner sees: the current language first
    (``"한국어 / English"`` on a Korean page, ``"English / 한국어"`` on an English one)."""
    first = _language
    second = "en" if first == "ko" else "ko"
    return f"{t(key, first, **fmt)} / {t(key, second, **fmt)}"


def bilingual(en: str, ko: str) -> str:
    """A message in the page's language alone once a notebook chose it with :func:`bnbook.setup`;
    elsewhere (a script, the learner's own code before the set-up cell) in both languages, the
    current language first and the other in parentheses: ``"English (한국어)"`` or
    ``"한국어 (English)"``. The one place that orders the library's bilingual error messages."""
    if _page:
        return ko if _language == "ko" else en
    return f"{ko} ({en})" if _language == "ko" else f"{en} ({ko})"


def error(en: str, ko: str) -> ValueError:
    """A ValueError a learner can act on, in both languages (see :func:`bilingual`)."""
    return ValueError(bilingual(en, ko))


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns, counting Hangul and other wide
    characters as two, so that Korean and English tables printed in a notebook line up."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - shown, 0)
