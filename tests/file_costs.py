"""Writes tests/file_costs.json (the order in which ``make test`` hands files to the xdist workers:
most expensive first, see tests/conftest.py) from the per-test records of a run:

    BNBOOK_RECORD_COSTS=_build/costs make test
    .venv/bin/python tests/file_costs.py _build/costs

A file's cost is its CPU seconds (the worker's own and its finished children's: nbval kernels,
grading runs, pip); where a file mostly waits on processes that are not its children (chromium
under playwright), its wall time scaled by the run's overall CPU/wall ratio is used instead.
Prints the per-file table and the slowest tests.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent / "file_costs.json"


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__, file=sys.stderr)
        return 2
    rows = [json.loads(line) for f in sorted(Path(argv[0]).glob("*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        print(f"no records in {argv[0]}", file=sys.stderr)
        return 1
    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)
    for r in rows:
        name = r["test"].split("::", 1)[0]
        cpu[name] += r["cpu"] + r["children"]
        wall[name] += r["wall"]
    ratio = sum(cpu.values()) / max(sum(wall.values()), 1e-9)
    files = {name: round(max(cpu[name], wall[name] * ratio), 1) for name in cpu}
    files = dict(sorted(files.items(), key=lambda kv: (-kv[1], kv[0])))
    OUT.write_text(json.dumps({
        "what": "estimated CPU seconds per test file: only the order in which make test hands "
                "files to the xdist workers (most expensive first); written by tests/file_costs.py",
        "files": files}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(rows)} tests, {sum(cpu.values()):.0f} CPU s, {sum(wall.values()):.0f} wall s "
          f"(summed over workers); CPU/wall {ratio:.2f}; wrote {OUT}")
    for name, cost in list(files.items())[:30]:
        print(f"{cost:8.1f}  {name}")
    print("slowest tests (CPU s, wall s):")
    for r in sorted(rows, key=lambda r: -(r["cpu"] + r["children"]))[:20]:
        print(f"{r['cpu'] + r['children']:8.1f} {r['wall']:8.1f}  {r['test']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
