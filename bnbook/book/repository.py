"""The book's one repository URL, and the command that changes it everywhere.

``repository.url`` in ``_config.yml`` is the setting: Jupyter Book derives the repository, issue,
Binder and Colab buttons of every page from it. Files that cannot read it at build time repeat it
(``pyproject.toml``'s project URLs, ``CITATION.cff``, ``README.md``, ``CONTRIBUTING.md``, the
how-to-run pages ``run/{ko,en}.md``, the first cell of every notebook);
``tests/test_public_files.py`` fails when one of them differs.

``python -m bnbook.book.repository https://github.com/ORG/REPO`` writes a new URL into all of them
and rewrites the notebooks' first cells (``bnbook.book.first_cell``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "_config.yml"
#: files that repeat the URL (relative to the repository root)
REPEATED_IN = ("pyproject.toml", "CITATION.cff", "README.md", "CONTRIBUTING.md", "run/ko.md",
               "run/en.md")
URL_RE = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+[\w-]")



def repository_url(config: Path = CONFIG) -> str:
    """``repository.url`` of ``_config.yml``."""
    import yaml

    url = (yaml.safe_load(config.read_text(encoding="utf-8")).get("repository") or {}).get("url")
    if not url or not re.fullmatch(r"https://\S+[^/]", url):
        raise ValueError(f"{config}: repository.url must be an https URL without a trailing "
                         f"slash; got {url!r}")
    return url


def set_repository_url(new: str, root: Path = REPO) -> list[Path]:
    """Write ``new`` as the repository URL into ``_config.yml`` and every file of
    :data:`REPEATED_IN`; return the files changed. (Notebooks: ``bnbook.book.first_cell``.)"""
    if not URL_RE.fullmatch(new):
        raise ValueError("expected https://github.com/ORG/REPO without a trailing slash; "
                         f"got {new!r}")
    old = repository_url(root / "_config.yml")
    changed = []
    for name in ("_config.yml", *REPEATED_IN):
        path = root / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        updated = text.replace(old, new)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    for path in set_repository_url(args[0]):
        print(f"updated {path.relative_to(REPO)}")
    from . import first_cell

    return first_cell.main([str(REPO / d) for d in ("chapters", "solutions", "exercises")])


if __name__ == "__main__":
    sys.exit(main())
