"""Reading a chapter notebook's stored text, for tests that check the prose quotes the outputs."""

from __future__ import annotations

import json
from pathlib import Path

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"


def chapter_cells(lang: str, name: str) -> list[dict]:
    """The cells of chapters/<lang>/<name>.ipynb."""
    path = CHAPTERS / lang / f"{name}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def output_and_next_markdown(cells: list[dict], code_snippet: str) -> tuple[str, str]:
    """(stored stdout of the code cell containing ``code_snippet``, the next markdown cell)."""
    i = next(k for k, c in enumerate(cells)
             if c["cell_type"] == "code" and code_snippet in "".join(c["source"]))
    stdout = "".join("".join(o.get("text", "")) for o in cells[i]["outputs"]
                     if o["output_type"] == "stream")
    md = next("".join(c["source"]) for c in cells[i + 1:] if c["cell_type"] == "markdown")
    return stdout, md
