"""Words a reader meets in a chapter's main text, and words kept in collapsed blocks.

    python -m bnbook.book.wordcount                 # every chapter, ko and en
    python -m bnbook.book.wordcount --json out.json

Main text = the markdown cells' prose, without display math (``$$ … $$``, ``{math}`` blocks),
HTML comments and everything inside a collapsed block: a ``{dropdown}`` directive or an admonition
with ``:class: dropdown`` ("Going deeper / 더 알아보기" notes, questionnaire answers). Collapsed
words are counted apart. Words are whitespace-separated tokens (a Korean 어절 is one word), so a
Korean page has about three words for every four of its English twin. Code cells are not counted.
Used by ``tests/test_focus.py`` (the main-text budget) and for the numbers in the team's notes.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\s*(?:\{(?P<directive>[\w:-]+)\})?(?P<rest>.*)$")
_COLLAPSING = {"dropdown"}
_ADMONITIONS = {"admonition", "note", "tip", "hint", "important", "warning", "caution", "attention",
                "danger", "error", "seealso"}
_MATH_BLOCK = re.compile(r"\$\$.*?\$\$", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _blocks(text: str):
    """Yield (line, collapsed) for every prose line of one markdown cell."""
    stack: list[tuple[str, bool, bool]] = []  # (fence, collapsed, is_math_or_code)
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _FENCE.match(line)
        if m:
            fence, directive = m["fence"], m["directive"]
            if stack and set(fence) == set(stack[-1][0]) and len(fence) >= len(stack[-1][0]) \
                    and not directive and not m["rest"].strip():
                stack.pop()
                i += 1
                continue
            collapsed = bool(stack and stack[-1][1])
            if directive in _COLLAPSING:
                collapsed = True
            elif directive in _ADMONITIONS:
                # options follow the opening line (":class: dropdown")
                j = i + 1
                while (j < len(lines) and lines[j].lstrip().startswith(":")
                       and not _FENCE.match(lines[j])):
                    if re.match(r"\s*:class:.*\b(dropdown|toggle)\b", lines[j]):
                        collapsed = True
                    j += 1
            verbatim = directive is None or directive == "math" or directive.startswith("code")
            stack.append((fence, collapsed, verbatim))
            if directive and directive not in ("math",) and not verbatim:
                yield m["rest"], collapsed  # a directive's title is prose
            i += 1
            continue
        collapsed = bool(stack and stack[-1][1])
        verbatim = bool(stack and stack[-1][2])
        if not verbatim and not re.match(r"^\s*:[\w-]+:", line):
            yield line, collapsed
        i += 1


def count_cell(text: str) -> tuple[int, int]:
    """(main, collapsed) word counts of one markdown cell."""
    text = _COMMENT.sub(" ", _MATH_BLOCK.sub(" ", text))
    main = collapsed = 0
    for line, hidden in _blocks(text):
        n = len(line.split())
        if hidden:
            collapsed += n
        else:
            main += n
    return main, collapsed


def count_notebook(path: Path) -> dict:
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    main = collapsed = 0
    for cell in cells:
        if cell["cell_type"] == "markdown":
            a, b = count_cell("".join(cell["source"]))
            main += a
            collapsed += b
    return {"main": main, "collapsed": collapsed, "total": main + collapsed}


def chapter_counts(root: Path = REPO) -> dict:
    """{'ko': {'01_covariate_shift': {...}}, 'en': {...}} for every chapter notebook."""
    out: dict = {}
    for lang in ("ko", "en"):
        out[lang] = {p.stem: count_notebook(p)
                     for p in sorted((Path(root) / "chapters" / lang).glob("[0-9][0-9]_*.ipynb"))}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=REPO)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    counts = chapter_counts(args.root)
    print(f"{'chapter':24} {'ko main':>8} {'ko hid':>7} {'en main':>8} {'en hid':>7}")
    for name in counts["en"]:
        ko, en = counts["ko"].get(name, {}), counts["en"][name]
        print(f"{name:24} {ko.get('main', 0):8,} {ko.get('collapsed', 0):7,} "
              f"{en['main']:8,} {en['collapsed']:7,}")
    if args.json:
        args.json.write_text(json.dumps(counts, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
