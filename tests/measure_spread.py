"""Measure how much a notebook's printed numbers move between OpenBLAS kernels (for the ``why`` of a
``measured`` cell, see tests/nbval_measured.py).

    .venv/bin/python tests/measure_spread.py chapters/en/04_regularization.ipynb
    .venv/bin/python tests/measure_spread.py NB.ipynb --kernels SkylakeX Haswell Sandybridge

Executes each notebook once per kernel (``OPENBLAS_CORETYPE`` set for that run only, in the child
process: never set it in a project file) into a temporary folder, then prints, for every code cell
whose text output differs, the largest |Δ| of any number and whether non-number text differed.
"SkylakeX" (or "default") runs with the variable unset. A kernel this CPU cannot run falls back to
another one silently in OpenBLAS: check with ``threadpoolctl.threadpool_info()``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.nbval_measured import split_numbers  # noqa: E402

TEXT_MIMES = ("text/plain", "text/markdown", "text/html")


def cell_text(cell) -> str:
    """The text outputs of a code cell, concatenated (streams and text MIME types; not the text
    of figures and widgets)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
            continue
        data = out.get("data", {})
        if "image/png" in data or "application/vnd.jupyter.widget-view+json" in data:
            continue
        parts.extend(data[m] for m in TEXT_MIMES if m in data)
    return "".join(parts)


def spread(notebooks: list) -> list[tuple[int, float, bool]]:
    """For the same notebook executed several times: (cell index, max |Δ| of a number against the
    first run, non-number text differed) for every code cell whose outputs differ."""
    rows = []
    for idx, cell in enumerate(notebooks[0].cells):
        if cell.cell_type != "code":
            continue
        ref = cell_text(cell)
        ref_text, ref_nums = split_numbers(ref)
        worst, text_differs = 0.0, False
        for nb in notebooks[1:]:
            other = cell_text(nb.cells[idx])
            if other == ref:
                continue
            text, nums = split_numbers(other)
            if text != ref_text or len(nums) != len(ref_nums):
                text_differs = True
                continue
            worst = max([worst] + [abs(float(a) - float(b)) for a, b in zip(ref_nums, nums,
                                                                             strict=True)])
        if worst or text_differs:
            rows.append((idx, worst, text_differs))
    return rows


def run(path: Path, kernel: str, out_dir: Path) -> Path:
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    if kernel.lower() not in ("default", "skylakex", ""):
        env["OPENBLAS_CORETYPE"] = kernel
    target = out_dir / f"{kernel}_{path.parent.name}_{path.name}"
    code = ("import sys, nbformat; from nbclient import NotebookClient; "
            "nb = nbformat.read(sys.argv[1], as_version=4); "
            "NotebookClient(nb, timeout=1800, kernel_name='python3', "
            "resources={'metadata': {'path': sys.argv[3]}}).execute(); "
            "nbformat.write(nb, sys.argv[2])")
    subprocess.run([sys.executable, "-c", code, str(path), str(target),
                    str(path.parent.resolve())], env=env, check=True)
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--kernels", nargs="+", default=["SkylakeX", "Haswell", "Sandybridge"])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.notebooks:
            runs = [nbformat.read(run(path, k, Path(tmp)), as_version=4) for k in args.kernels]
            print(f"{path} over {', '.join(args.kernels)}:")
            rows = spread(runs)
            for idx, worst, text_differs in rows:
                print(f"  cell {idx}: max |Δ| {worst:.3g}"
                      + ("; NON-NUMBER TEXT DIFFERS" if text_differs else ""))
            if not rows:
                print("  every text output identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
