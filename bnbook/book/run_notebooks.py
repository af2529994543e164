"""Re-execute notebooks in place and store their outputs (``make run-notebooks``).

``python -m bnbook.book.run_notebooks chapters solutions`` runs every ``*.ipynb`` under the given
folders (or the given files), one after another, each with its own folder as working directory —
the same working directory nbval uses when it checks the stored outputs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def find_notebooks(paths: list[str]) -> list[Path]:
    """Every notebook under ``paths`` (files or folders), sorted, without checkpoints."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_file() and path.suffix == ".ipynb":
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        else:
            raise FileNotFoundError(f"no notebook or folder {name!r} (노트북이나 폴더가 없습니다)")
    return sorted(set(found))


def run_notebook(path: Path, timeout: int = 600, kernel_name: str = "python3") -> float:
    """Execute ``path`` in place; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.execute()
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["chapters", "solutions"])
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    notebooks = find_notebooks(args.paths)
    if not notebooks:
        print("no notebooks found", file=sys.stderr)
        return 0
    for path in notebooks:
        print(f"running {path} ...", flush=True)
        seconds = run_notebook(path, timeout=args.timeout)
        print(f"  done in {seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
