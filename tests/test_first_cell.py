"""The first code cell of every notebook installs bnbook where it is missing and does nothing where
it is importable (bnbook.book.first_cell)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from bnbook.book import first_cell

REPO = Path(__file__).resolve().parents[1]
URL = "https://github.com/example/book"


def _notebook(first_source: str):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(first_source, execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="kept\n")]
    cell.metadata["tags"] = ["keep-me"]
    nb.cells = [nbformat.v4.new_markdown_cell("# title"), cell, nbformat.v4.new_code_cell("x = 1")]
    return nb


def _run_first_cell(source: str, bnbook_importable: bool, monkeypatch) -> list[tuple[str, str]]:
    """Execute the cell as IPython would (magics transformed) and return the magics it ran."""
    magics = []

    class FakeShell:
        def run_line_magic(self, name, line, _stack_depth=1):
            magics.append((name, line))

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: (real(name, *a) if bnbook_importable or name != "bnbook"
                                          else None))
    code = TransformerManager().transform_cell(source)
    exec(compile(code, "<first cell>", "exec"), {"get_ipython": FakeShell})  # noqa: S102
    return magics


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_rewrite_changes_only_the_source_and_is_idempotent(lang):
    nb = _notebook(f'import bnbook\nbnbook.setup("{lang}")')
    assert first_cell.rewrite(nb, URL) is True
    cell = nb.cells[1]
    assert cell.source.endswith(f'import bnbook\nbnbook.setup("{lang}")')
    assert f'%pip install --quiet "bnbook @ git+{URL}"' in cell.source
    assert cell.outputs[0]["text"] == "kept\n" and cell.execution_count == 1
    assert cell.metadata["tags"] == ["keep-me"]
    assert nb.cells[2].source == "x = 1"
    assert first_cell.rewrite(nb, URL) is False


def test_a_ref_pins_the_install():
    assert '"bnbook @ git+https://github.com/example/book@v0.1.0"' in first_cell.first_cell_source(
        "en", URL, ref="v0.1.0")


def test_a_notebook_without_a_language_cell_is_refused():
    with pytest.raises(ValueError, match="language cell"):
        first_cell.rewrite(_notebook("import numpy as np"), URL)


@pytest.mark.parametrize("importable,expected", [(True, 0), (False, 1)])
def test_the_cell_installs_only_where_bnbook_is_missing(importable, expected, monkeypatch):
    source = first_cell.first_cell_source("en", URL)
    magics = _run_first_cell(source, importable, monkeypatch)
    assert len(magics) == expected
    if expected:
        assert magics == [("pip", f'install --quiet "bnbook @ git+{URL}"')]


def test_every_notebook_has_the_current_first_cell():
    """Fails until `python -m bnbook.book.first_cell chapters solutions exercises` was run (it
    rewrites the first cell only; outputs stay as stored)."""
    assert first_cell.main(["--check", str(REPO / "chapters"), str(REPO / "solutions"),
                            str(REPO / "exercises")]) == 0
