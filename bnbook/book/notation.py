"""The book's one notation table: ``book/notation.yml`` → one page per language (기호표 / Notation).

Usage in a MyST page::

    ```{bnbook-notation} ko
    ```

``load_notation`` rejects a symbol defined twice (one meaning per symbol); ``clashes`` finds the
places in the chapters and exercises where a symbol is used with another meaning (the ``clash``
patterns of each entry); tests/test_notation.py runs both and checks the glossary against the table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

LANGUAGES = ("ko", "en")
HEADERS = {"ko": ("기호", "뜻", "출처"), "en": ("Symbol", "Meaning", "Source")}
INSTEAD = {"ko": "다른 뜻에는: ", "en": "For other meanings: "}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_MATH = re.compile(r"\$([^$]+)\$")


def load_notation(path: str | Path) -> tuple[dict, list[dict]]:
    """Read and validate ``notation.yml``; return (groups, symbols).

    Raises ValueError (bilingual) for a missing field, an unknown group, an id or a symbol used
    twice, an invalid ``clash`` pattern."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    groups, symbols = data.get("groups") or {}, data.get("symbols")
    if not isinstance(symbols, list) or not symbols:
        raise ValueError(f"{path}: needs a non-empty list 'symbols:' (기호 목록 'symbols:'가 필요)")
    ids: set[str] = set()
    seen: dict[tuple[str, str], str] = {}
    for i, sym in enumerate(symbols):
        where = f"{path}: symbol #{i + 1} ({sym.get('id', '?')})"
        for key in ("id", "tex", "text", "group", "ko", "en"):
            if not isinstance(sym.get(key), str) or not sym[key].strip():
                raise ValueError(f"{where}: field '{key}' is missing (필드 '{key}'가 없습니다)")
        if not _ID.match(sym["id"]):
            raise ValueError(f"{where}: id must be lowercase-with-dashes (id는 소문자와 -만)")
        if sym["id"] in ids:
            raise ValueError(f"{where}: duplicate id (id가 중복됩니다)")
        ids.add(sym["id"])
        if sym["group"] not in groups:
            raise ValueError(f"{where}: unknown group {sym['group']!r}; groups: {sorted(groups)} "
                             f"(없는 그룹입니다)")
        for key in ("tex", "text"):
            norm = re.sub(r"\s+", "", sym[key])
            if (key, norm) in seen:
                raise ValueError(
                    f"{where}: symbol {sym[key]!r} is already defined by '{seen[key, norm]}'; "
                    f"one meaning per symbol (기호 하나에 뜻 하나: '{seen[key, norm]}'에 이미 "
                    f"정의되어 있습니다)")
            seen[key, norm] = sym["id"]
        instead = sym.get("instead") or {}
        if instead and set(instead) != set(LANGUAGES):
            raise ValueError(f"{where}: 'instead' needs both 'ko' and 'en' (ko와 en 둘 다 필요)")
        sym["instead"] = instead
        sym["terms"] = list(sym.get("terms") or [])
        sym["clash"] = list(sym.get("clash") or [])
        for pattern in sym["clash"]:
            try:
                re.compile(pattern)
            except re.error as err:
                raise ValueError(f"{where}: clash pattern {pattern!r}: {err} "
                                 "(정규식 오류)") from err
    return groups, symbols


def _inline(text: str) -> list[nodes.Node]:
    """Text with ``$...$`` spans turned into inline math nodes."""
    out: list[nodes.Node] = []
    pos = 0
    for m in _MATH.finditer(text):
        if m.start() > pos:
            out.append(nodes.Text(text[pos:m.start()]))
        out.append(nodes.math(m.group(1), m.group(1)))
        pos = m.end()
    if pos < len(text):
        out.append(nodes.Text(text[pos:]))
    return out


def _entry(children: list[nodes.Node]) -> nodes.entry:
    entry = nodes.entry()
    para = nodes.paragraph()
    para.extend(children)
    entry += para
    return entry


# the words of a source reference in Korean (the references themselves stay as cited)
SOURCE_KO = (("Alg.", "알고리즘"), ("Fig.", "그림"), (" and ", ", "), (" et al.", " 외"),
             ("(Lipschitzness of the loss)", "(손실의 립시츠 연속성)"), ("(step η)", "(걸음 η)"))


def source_text(source: str, lang: str) -> str:
    """A symbol's source as the notation page shows it: in Korean on the Korean page."""
    if lang == "ko":
        for en, ko in SOURCE_KO:
            source = source.replace(en, ko)
    return source


def notation_tables(groups: dict, symbols: list[dict], lang: str) -> list[nodes.Node]:
    """One titled table per group: symbol (typeset), meaning (+ what to write instead), source."""
    out: list[nodes.Node] = []
    for group, titles in groups.items():
        rows = [s for s in symbols if s["group"] == group]
        if not rows:
            continue
        out.append(nodes.rubric(text=titles[lang]))
        table = nodes.table(classes=["bnbook-notation"])
        tgroup = nodes.tgroup(cols=3)
        table += tgroup
        for width in (18, 60, 22):
            tgroup += nodes.colspec(colwidth=width)
        head = nodes.thead()
        hrow = nodes.row()
        for text in HEADERS[lang]:
            hrow += _entry([nodes.Text(text)])
        head += hrow
        tgroup += head
        body = nodes.tbody()
        for sym in rows:
            row = nodes.row(ids=[f"sym-{sym['id']}"])
            row += _entry([nodes.math(sym["tex"], sym["tex"])])
            meaning = _inline(sym[lang])
            if sym["instead"]:
                meaning += [nodes.Text(" — "), nodes.emphasis(text=INSTEAD[lang])]
                meaning += _inline(sym["instead"][lang])
            row += _entry(meaning)
            row += _entry([nodes.Text(source_text(sym.get("source", ""), lang))])
            body += row
        tgroup += body
        out.append(table)
    return out


class NotationDirective(SphinxDirective):
    """``{bnbook-notation} ko|en`` — the notation tables of one language."""

    required_arguments = 1
    option_spec = {"source": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        lang = self.arguments[0].strip()
        if lang not in LANGUAGES:
            raise self.error(f"bnbook-notation: language must be ko or en, got {lang!r}")
        source = Path(self.env.srcdir) / self.options.get("source", "book/notation.yml")
        self.env.note_dependency(str(source))
        try:
            groups, symbols = load_notation(source)
        except (OSError, ValueError) as err:
            raise self.error(str(err)) from err
        return notation_tables(groups, symbols, lang)


# ---------------------------------------------------------------- clashes in the book's text
def markdown_cells(path: Path) -> list[tuple[int, str]]:
    """(cell index, source) of every markdown cell of a notebook, or (0, text) of a .md file."""
    if path.suffix == ".md":
        return [(0, path.read_text(encoding="utf-8"))]
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(i, "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"]


def clashes(symbols: list[dict], paths: list[Path], root: Path) -> list[str]:
    """``path [cell]: symbol — 'matched text'`` for every hit of a symbol's clash patterns."""
    found = []
    for path in paths:
        for cell, text in markdown_cells(path):
            for sym in symbols:
                for pattern in sym["clash"]:
                    for m in re.finditer(pattern, text):
                        snippet = re.sub(r"\s+", " ", m.group(0))[:80]
                        found.append(f"{path.relative_to(root)} [{cell}]: {sym['text']} "
                                     f"({sym['id']}) — {snippet!r}")
    return found
