"""Every string of the grader's tables formats with its own placeholders.

``i18n.t(key, **fmt)`` calls ``str.format``, so a literal brace in a string that also has a
placeholder (``v_{t−1}`` next to ``{got}``) raises and the learner sees the raw key instead of the
feedback. Literal braces in such strings must be doubled (``v_{{t−1}}``).
"""

from __future__ import annotations

import importlib
import re
import string

import pytest

from bnbook import i18n

CHAPTERS = [f"{n:02d}" for n in range(1, 9)]
_MODULES = ["bnbook.grading._strings"] + [f"bnbook.grading.strings_ch{n}" for n in CHAPTERS]


def _tables():
    out = {}
    for name in _MODULES:
        mod = importlib.import_module(name)
        for attr, value in vars(mod).items():
            if attr.isupper() and isinstance(value, dict):
                for key, entry in value.items():
                    if isinstance(entry, dict) and set(i18n.LANGUAGES) <= set(entry):
                        out[(name, key)] = entry
    return out


TABLES = _tables()
# a placeholder as the code writes it: {name} or {name:spec} or {name!r}
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)(?:[!:][^{}]*)?\}(?!\})")


class _Any:
    """A dummy value that accepts any format spec (``{err:.1e}``, ``{n:d}``, ...)."""

    def __format__(self, spec):
        return "X"

    def __str__(self):
        return "X"

    __repr__ = __str__


def test_tables_found():
    # each chapter's module contributes strings; a rename would otherwise make this test vacuous
    modules = {name for name, _ in TABLES}
    assert modules == set(_MODULES)
    assert len(TABLES) > 300


@pytest.mark.parametrize("key", sorted(TABLES), ids=lambda k: f"{k[0].rsplit('.', 1)[1]}:{k[1]}")
def test_string_formats_with_its_placeholders(key):
    entry = TABLES[key]
    for lang in i18n.LANGUAGES:
        text = entry[lang]
        names = set(_FIELD.findall(text))
        if not names:
            continue  # never formatted with arguments in practice; t() returns it as is
        dummies = {n: _Any() for n in names}
        try:
            out = text.format(**dummies)
        except (KeyError, IndexError, ValueError) as exc:
            pytest.fail(f"{key[1]} [{lang}] does not format ({exc!r}); "
                        f"double the literal braces: {text!r}")
        # every field the formatter sees is one we supplied (no stray {t−1} swallowed as a field)
        fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
        assert fields <= names, (key, lang, fields - names)
        assert "X" in out


def test_fm_generic_formats():
    # the reported bug: a wrong 03.first_moment answer printed the raw key
    import bnbook.grading.strings_ch03  # noqa: F401
    for lang in i18n.LANGUAGES:
        text = i18n.t("fb.fm.generic", lang, at="t = 3", got="0.1", want="0.2")
        assert "v_{t−1}" in text and "0.2" in text
