"""The book's one glossary: ``book/glossary.yml`` → one table per language.

Usage in a MyST page::

    ```{bnbook-glossary} ko
    ```
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

LANGUAGES = ("ko", "en")
HEADERS = {
    "ko": ("한국어", "English", "설명"),
    "en": ("English", "한국어", "note"),
}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_glossary(path: str | Path) -> list[dict]:
    """Read and validate ``glossary.yml``; return its terms (each with id, en, ko, note)."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = data.get("terms")
    if not isinstance(terms, list) or not terms:
        raise ValueError(f"{path}: needs a non-empty list 'terms:' (용어 목록 'terms:'가 필요)")
    seen: set[str] = set()
    for i, term in enumerate(terms):
        where = f"{path}: term #{i + 1} ({term.get('id', '?')})"
        for key in ("id", "en", "ko"):
            if not isinstance(term.get(key), str) or not term[key].strip():
                raise ValueError(f"{where}: field '{key}' is missing (필드 '{key}'가 없습니다)")
        if not _ID.match(term["id"]):
            raise ValueError(f"{where}: id must be lowercase-with-dashes (id는 소문자와 -만)")
        if term["id"] in seen:
            raise ValueError(f"{where}: duplicate id (id가 중복됩니다)")
        seen.add(term["id"])
        note = term.get("note") or {}
        if note and set(note) != set(LANGUAGES):
            raise ValueError(f"{where}: note needs both 'ko' and 'en' (설명은 ko와 en 둘 다 필요)")
        if "regulariz" in term["en"].lower() and "정규화" in term["ko"]:
            raise ValueError(
                f"{where}: regularization is 규제 in this book, never 정규화 "
                "(이 책에서 regularization은 '규제'입니다)"
            )
        term["note"] = note
    return terms


def _row(cells: list[str], entry_ids: list[str] | None = None) -> nodes.row:
    row = nodes.row()
    for text in cells:
        entry = nodes.entry()
        entry += nodes.paragraph(text=text)
        row += entry
    if entry_ids:
        row["ids"].extend(entry_ids)
    return row


def glossary_table(terms: list[dict], lang: str) -> nodes.table:
    """A docutils table: term in ``lang``, the other language's term, note in ``lang``."""
    other = "en" if lang == "ko" else "ko"
    table = nodes.table(classes=["bnbook-glossary"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (30, 30, 40):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(list(HEADERS[lang]))
    group += head
    body = nodes.tbody()
    for term in terms:
        note = term["note"].get(lang, "")
        body += _row([term[lang], term[other], note], [f"term-{term['id']}"])
    group += body
    return table


class GlossaryDirective(SphinxDirective):
    """``{bnbook-glossary} ko|en`` — the glossary table of one language."""

    required_arguments = 1
    option_spec = {"source": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        lang = self.arguments[0].strip()
        if lang not in LANGUAGES:
            raise self.error(f"bnbook-glossary: language must be ko or en, got {lang!r}")
        source = Path(self.env.srcdir) / self.options.get("source", "book/glossary.yml")
        self.env.note_dependency(str(source))
        try:
            terms = load_glossary(source)
        except (OSError, ValueError) as err:
            raise self.error(str(err)) from err
        return [glossary_table(terms, lang)]
