"""Give every notebook a first code cell that runs anywhere with only pip (Colab, a downloaded
notebook in plain Jupyter, JupyterLab in the repository).

``python -m bnbook.book.first_cell chapters solutions exercises`` rewrites the language cell
(``import bnbook`` / ``bnbook.setup("ko")``) of each notebook into::

    # <one line saying what the next two lines do, in the notebook's language>
    import importlib.util
    if importlib.util.find_spec("bnbook") is None:
        %pip install --quiet "bnbook @ git+https://github.com/<org>/<repo>"
    import bnbook
    bnbook.setup("ko")

Inside the repository (``make lab``, nbval, the grader) bnbook is importable, so the install line
does nothing and prints nothing: the cell's stored outputs, execution count and metadata are kept
as they are. The URL is the book's one repository setting (``repository.url`` in ``_config.yml``).
``--check`` only reports notebooks whose first cell is not the current one (exit status 1).
"""

from __future__ import annotations

import argparse
import re
import sys

import nbformat

from .repository import repository_url
from .run_notebooks import find_notebooks

COMMENT = {
    "ko": "# 이 책의 라이브러리 bnbook이 없는 곳(Colab, 내려받은 노트북)에서는 먼저 설치합니다.",
    "en": "# Where the book's library bnbook is missing (Colab, a downloaded notebook), install it",
}
INSTALL_LINE = re.compile(r'^\s*%pip install --quiet "bnbook @ git\+(?P<url>\S+?)"\s*$', re.M)
SETUP = re.compile(r"""^bnbook\.setup\(\s*["'](?P<lang>ko|en)["']\s*\)\s*$""", re.M)


def first_cell_source(lang: str, url: str, ref: str | None = None) -> str:
    """The first code cell of a notebook in ``lang`` ("ko"/"en"); ``ref``: a git tag or branch."""
    if lang not in COMMENT:
        raise ValueError(f"lang must be 'ko' or 'en'; got {lang!r}")
    target = f"git+{url}" + (f"@{ref}" if ref else "")
    return (f"{COMMENT[lang]}\n"
            "import importlib.util\n"
            'if importlib.util.find_spec("bnbook") is None:\n'
            f'    %pip install --quiet "bnbook @ {target}"\n'
            "import bnbook\n"
            f'bnbook.setup("{lang}")')


def first_code_cell(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            return cell
    return None


def rewrite(nb, url: str, ref: str | None = None) -> bool:
    """Put the current first cell into ``nb`` (in memory); True if the source changed. Outputs,
    execution count and metadata of the cell are not touched."""
    cell = first_code_cell(nb)
    if cell is None:
        raise ValueError("the notebook has no code cell")
    m = SETUP.search(cell.source)
    if m is None or "import bnbook" not in cell.source:
        raise ValueError("the first code cell must be the language cell: import bnbook / "
                         'bnbook.setup("ko"|"en") (첫 코드 셀은 언어 셀이어야 합니다)')
    new = first_cell_source(m.group("lang"), url, ref)
    if cell.source == new:
        return False
    cell.source = new
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bnbook.book.first_cell",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+",
                        help="notebooks or folders (chapters solutions exercises)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if any is stale")
    parser.add_argument("--ref", help="a git tag or branch to install (default: default branch)")
    parser.add_argument("--url", help="repository URL (default: repository.url of _config.yml)")
    args = parser.parse_args(argv)
    url = args.url or repository_url()
    stale = []
    for path in find_notebooks(args.paths):
        nb = nbformat.read(path, as_version=4)
        try:
            changed = rewrite(nb, url, args.ref)
        except ValueError as e:
            print(f"{path}: {e}", file=sys.stderr)
            return 2
        if changed:
            stale.append(path)
            if not args.check:
                nbformat.write(nb, path)
    verb = "stale" if args.check else "rewritten"
    print(f"{len(stale)} notebook(s) {verb}" + "".join(f"\n  {p}" for p in stale))
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
