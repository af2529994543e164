"""One meaning per symbol: book/notation.yml is the table; the glossary and the book's text agree.

- ``load_notation`` rejects a symbol defined twice (the table itself has one meaning per symbol);
- a glossary term that names a symbol (``mini-batch size (m)``) is linked from that symbol's entry
  (``terms:``), so the glossary and the table cannot say two things;
- the chapters, exercises and solutions use no symbol with a meaning the table gives another letter
  (each entry's ``clash`` patterns); a failure lists every place, for the chapter owners;
- both notation pages render every symbol (needs the built book).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bnbook.book.glossary import load_glossary
from bnbook.book.notation import clashes, load_notation

REPO = Path(__file__).resolve().parent.parent
NOTATION = REPO / "book" / "notation.yml"
GLOSSARY = REPO / "book" / "glossary.yml"


def named_symbol(text: str, symbols: list[dict]) -> dict | None:
    """The first notation symbol that ``text`` names as a whole token (longest at a position)."""
    best = None
    for sym in symbols:
        for form in [sym["text"], *sym.get("aliases", [])]:
            m = re.search(rf"(?<![\w′]){re.escape(form)}(?![\w′\u0302])", text)
            if m and (best is None or (m.start(), -len(form)) < best[0]):
                best = ((m.start(), -len(form)), sym)
    return best[1] if best else None


def test_notation_loads_with_one_meaning_per_symbol():
    groups, symbols = load_notation(NOTATION)
    assert len(symbols) >= 30
    assert {s["text"] for s in symbols} >= {"x", "x̂", "y", "μ_B", "σ²_B", "γ", "β", "m", "ε", "η"}


def test_a_symbol_defined_twice_is_rejected(tmp_path):
    bad = tmp_path / "notation.yml"
    bad.write_text(
        "groups: {g: {ko: 그룹, en: group}}\n"
        "symbols:\n"
        "  - {id: kappa, tex: '\\kappa', text: 'κ', group: g, ko: 조건수, en: condition number}\n"
        "  - {id: kurtosis, tex: '\\kappa', text: 'κ', group: g, ko: 첨도, en: kurtosis}\n",
        encoding="utf-8")
    with pytest.raises(ValueError, match="one meaning per symbol"):
        load_notation(bad)


def test_glossary_terms_that_name_a_symbol_agree_with_the_table():
    _, symbols = load_notation(NOTATION)
    terms = {t["id"]: t for t in load_glossary(GLOSSARY)}
    problems = []
    for sym in symbols:
        problems += [f"notation {sym['id']}: glossary has no term {tid!r}"
                     for tid in sym["terms"] if tid not in terms]
    for term in terms.values():
        for lang in ("en", "ko"):
            sym = named_symbol(term[lang], symbols)
            if sym is not None and term["id"] not in sym["terms"]:
                problems.append(
                    f"glossary {term['id']} ({term[lang]!r}) names {sym['text']}, which the "
                    f"notation table defines as {sym['en']!r}: add {term['id']!r} to its terms: if "
                    f"they agree, else rename the symbol in the glossary")
    assert not problems, "\n".join(problems)


def test_named_symbol_finds_the_defined_symbol():
    _, symbols = load_notation(NOTATION)
    assert named_symbol("effective batch size (m′ = m·p·q)", symbols)["id"] == "m-prime"
    assert named_symbol("mini-batch size (m)", symbols)["id"] == "m"
    assert named_symbol("normalized activation (x̂)", symbols)["id"] == "x-hat"
    assert named_symbol("mean", symbols) is None


def book_sources() -> list[Path]:
    found = []
    for top in ("chapters", "exercises", "solutions"):
        for lang in ("ko", "en"):
            found += sorted(p for p in (REPO / top / lang).glob("*")
                            if p.suffix in (".ipynb", ".md"))
    return found


def test_no_symbol_is_used_with_another_meaning():
    """Every use the table's clash patterns find is a symbol with a second meaning: rename it as the
    entry's 'instead' says (notation/en.html)."""
    _, symbols = load_notation(NOTATION)
    found = clashes(symbols, book_sources(), REPO)
    assert not found, (f"{len(found)} uses of a symbol with another meaning:\n" + "\n".join(found))


def test_clash_patterns_catch_the_known_clashes():
    """The patterns find the clashes the readers reported (issue 13), as the book wrote them."""
    _, symbols = load_notation(NOTATION)
    by_id = {s["id"]: s for s in symbols}
    samples = {
        "kappa": "이 장에서 $\\kappa$는 첨도입니다.",
        "eta": "학습률은 $\\alpha$로 씁니다.",
        "x-hat": "3장에서는 $\\hat z$를 미니배치 통계로 정규화한 값으로 썼습니다.",
        "v": "$v$는 2차 모멘트입니다.",
    }
    for sid, text in samples.items():
        assert any(re.search(p, text) for p in by_id[sid]["clash"]), (sid, text)


@pytest.mark.build
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_notation_pages_render_every_symbol(built_html, lang):
    _, symbols = load_notation(NOTATION)
    page = (built_html / "notation" / f"{lang}.html").read_text(encoding="utf-8")
    missing = [s["id"] for s in symbols if f'id="sym-{s["id"]}"' not in page]
    assert not missing, f"notation/{lang}: no row for {missing}"
    assert 'class="bnbook-langlink' in page


def test_no_control_character_in_the_notation():
    """A `\\text` inside a double-quoted YAML string is a TAB and 'ext' (the page once showed
    "p_e xtkeep"): every string of the table is free of control characters."""
    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for v in node.values():
                yield from strings(v)
        elif isinstance(node, list):
            for v in node:
                yield from strings(v)

    bad = [s for sym in load_notation(NOTATION)[1] for s in strings(sym)
           if any(ord(ch) < 32 and ch != "\n" for ch in s)]
    assert not bad, bad


def test_sources_read_in_korean_on_the_korean_page():
    from bnbook.book.notation import source_text

    _, symbols = load_notation(NOTATION)
    for sym in symbols:
        ko = source_text(sym.get("source", ""), "ko")
        assert not re.search(r"\b(Alg|Fig|and|of|the|step)\b", ko), ko
    assert source_text("Ioffe & Szegedy 2015, Alg. 1 and §3.2", "ko") == \
        "Ioffe & Szegedy 2015, 알고리즘 1, §3.2"
