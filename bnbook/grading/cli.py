"""Command line: ``python -m bnbook.grading {grade,generate,tasks,autograder}``.

``grade --chapter NN`` grades every submission (``--jobs`` at a time) with the judge
(:mod:`bnbook.grading.judge`): the learner's notebook runs in its own sandboxed kernel, the
tests run here on plain data, with test inputs drawn from a secret seed of this run. It writes
per submission ``OUT/<name>/grade.json`` (full feedback in Korean and English),
``OUT/<name>/results.json`` (Gradescope format) and ``OUT/<name>/executed.ipynb`` (``<name>``:
the file name made safe); for the class ``OUT/grades.csv`` and ``OUT/summary.json`` (always, one
row per submission, broken or not); with a single submission also ``OUT/results.json``. Without
a sandbox (no bubblewrap, not Linux) it refuses unless ``--unsandboxed`` is given, which every
output then states. Exit status 0 whatever the submissions contain; 2 for wrong usage or a
missing sandbox.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def _chapters() -> list[str]:
    """Chapters that have graded tasks ("01", "02", ...), from the ``tasks_chNN`` modules."""
    from .engine import chapter_modules

    return [name[-2:] for name in chapter_modules("tasks")]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bnbook.grading",
        description="Grade Batch Normalization exercise notebooks, or generate the exercise "
                    "notebooks from the solutions.")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="grade submission notebooks (each in a fresh kernel)")
    g.add_argument("submissions", nargs="+", type=Path,
                   help=".ipynb files, or folders whose *.ipynb files are graded")
    g.add_argument("--out", required=True, type=Path, help="folder for the results")
    g.add_argument("--jobs", type=int, default=2, help="submissions graded in parallel (2)")
    g.add_argument("--cell-timeout", type=float, default=30.0,
                   help="seconds one notebook cell may run (30)")
    g.add_argument("--total-timeout", type=float, default=300.0,
                   help="seconds for all cells of one submission (300)")
    g.add_argument("--test-timeout", type=float, default=5.0,
                   help="seconds one grader test may run on the learner's code (5)")
    g.add_argument("--chapter", choices=_chapters(), required=True,
                   help="chapter of the assignment (the instructor's: never read from a "
                        "submission)")
    g.add_argument("--unsandboxed", action="store_true",
                   help="grade without a sandbox where bubblewrap is unavailable: the "
                        "submissions' code then runs unisolated on this machine (every output "
                        "says so)")
    a = sub.add_parser("autograder", help="build a Gradescope autograder .zip for one chapter")
    a.add_argument("--chapter", choices=_chapters(), required=True)
    a.add_argument("--out", type=Path, required=True, help="the .zip to write")
    rg = sub.add_parser("run-autograder", help=argparse.SUPPRESS)
    rg.add_argument("--chapter", choices=_chapters(), required=True)
    rg.add_argument("--root", type=Path, default=None)
    gen = sub.add_parser("generate", help="write exercises/ from solutions/ (and execute them)")
    gen.add_argument("--root", type=Path, default=None, help="repository root (default: cwd)")
    gen.add_argument("--check", action="store_true",
                     help="only report whether exercises/ is up to date (exit 1 if stale)")
    gen.add_argument("--run-solutions", action="store_true",
                     help="first execute solutions/ in place (stores their full-mark outputs)")
    gen.add_argument("--no-execute", action="store_true",
                     help="write sources only, without outputs (for a quick look)")
    gen.add_argument("--chapter", action="append", choices=_chapters(), dest="chapters",
                     help="only this chapter (repeatable; default: every chapter)")
    sub.add_parser("tasks", help="list every task id with its points and chapter")
    return p


def _skip_slow_optional_import() -> None:
    """jsonschema (used by nbformat) imports ``rfc3987_syntax`` when it is installed, only to
    check the "iri" string format, which notebook schemas do not use; building its grammar costs
    ~2.5 s per process, paid by every grading worker. Mark it absent (jsonschema then skips that
    format checker); only this command-line process is affected."""
    sys.modules.setdefault("rfc3987_syntax", None)


def main(argv: list[str] | None = None) -> int:
    _skip_slow_optional_import()
    args = build_parser().parse_args(argv)
    if args.command == "grade":
        return grade_command(args)
    if args.command == "generate":
        from .generate import generate_all, run_solutions

        root = args.root or Path.cwd()
        if args.run_solutions and not args.check:
            run_solutions(root, chapters=args.chapters)
        stale = generate_all(root, check=args.check, run=not args.no_execute,
                             chapters=args.chapters)
        return 1 if (args.check and stale) else 0
    if args.command == "tasks":
        from .engine import tasks

        print(tasks().text("ko"))
        print()
        print(tasks().text("en"))
        return 0
    if args.command == "autograder":
        from .autograder import build

        build(args.chapter, args.out)
        print(f"wrote {args.out}")
        return 0
    if args.command == "run-autograder":
        from .autograder import run

        return run(args.chapter, args.root)
    return 2


# -- grade: many submissions, in parallel --------------------------------------------------------
def _submissions(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.glob("*.ipynb") if q.is_file()))
        else:
            found.append(p)
    return found


RESERVED = {"grades", "summary", "results", "grade", "executed"}


def _dest_names(subs: list[Path]) -> list[str]:
    """A safe folder name under --out for each submission, from its file name: letters, digits,
    ``_`` and ``-`` only (no dots, so never ``..`` nor a clash with ``grades.csv``), unique
    without regard to case, never one of the class files' names."""
    names, seen = [], set()
    for s in subs:
        base = re.sub(r"[^\w-]+", "_", s.stem, flags=re.ASCII).strip("_")[:80] or "submission"
        if base.lower() in RESERVED:
            base += "_submission"
        name, n = base, 1
        while name.lower() in seen:
            n += 1
            name = f"{base}-{n}"
        seen.add(name.lower())
        names.append(name)
    return names


def grade_command(args) -> int:
    absent = [str(p) for p in args.submissions if not p.exists()]
    if absent:
        print(f"no such file or folder / 파일이나 폴더가 없습니다: {', '.join(absent)}",
              file=sys.stderr)
        return 2
    subs = _submissions(args.submissions)
    if not subs:
        print("no .ipynb submissions found / 제출물(.ipynb)을 찾지 못했습니다", file=sys.stderr)
        return 2
    if not (args.jobs >= 1 and all(0 < x < 1e6 for x in (args.cell_timeout, args.total_timeout,
                                                         args.test_timeout))):
        print("--jobs and the timeouts must be positive / 양수여야 합니다", file=sys.stderr)
        return 2
    from . import engine, judge

    sandbox = not args.unsandboxed
    if sandbox:
        why = judge.sandbox_problem()
        if why is not None:
            print(f"no sandbox / 샌드박스를 만들 수 없습니다: {why}\n"
                  "Install bubblewrap, or pass --unsandboxed to run the submissions' code "
                  "unisolated on this machine. / bubblewrap을 설치하거나, 제출물의 코드를 격리 "
                  "없이 실행하려면 --unsandboxed를 주세요.", file=sys.stderr)
            return 2
    else:
        print("WARNING: grading WITHOUT a sandbox (--unsandboxed) / 경고: 샌드박스 없이 채점합니다",
              file=sys.stderr, flush=True)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    names = _dest_names(subs)
    engine.set_secret_seed(secrets.token_hex(16))  # this run's test inputs: unknown in advance
    t0 = time.perf_counter()

    def one(item):
        sub, name = item
        dest = out / name
        t1 = time.perf_counter()
        try:
            report = judge.grade_notebook(sub, chapter=args.chapter,
                                          cell_timeout=args.cell_timeout,
                                          total_timeout=args.total_timeout,
                                          test_timeout=args.test_timeout, sandbox=sandbox,
                                          executed_path=dest / "executed.ipynb"
                                          if _inside(dest, out) and _mkdir(dest) else None)
        except Exception as exc:  # noqa: BLE001 - a grader bug: this row still gets written
            report = _worker_failed(sub, args.chapter, type(exc).__name__)
        report["name"] = name
        report["wall_seconds"] = round(time.perf_counter() - t1, 3)
        report["sandboxed"] = sandbox
        try:
            if _inside(dest, out):
                _write_json(dest / "grade.json", report)
                _write_json(dest / "results.json", gradescope(report))
        except OSError as exc:
            print(f"{name}: cannot write results ({exc})", file=sys.stderr)
        status = f"{report['score']:g}/{report['max_score']:g}"
        print(f"{name}: {status} ({report['wall_seconds']:.1f} s)", flush=True)
        return report

    reports: list[dict] = []
    try:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            reports = list(pool.map(one, zip(subs, names, strict=True)))
    finally:
        wall = time.perf_counter() - t0
        done = {r["name"] for r in reports}
        reports += [dict(_worker_failed(s, args.chapter, "interrupted"), name=n)
                    for s, n in zip(subs, names, strict=True) if n not in done]
        _write_csv(out / "grades.csv", reports, sandbox)
        summary = {"submissions": len(reports), "wall_seconds": round(wall, 3),
                   "jobs": args.jobs, "chapter": args.chapter, "sandboxed": sandbox,
                   "seconds_per_submission": [r.get("wall_seconds") for r in reports],
                   "kernel_cpu_seconds": [r.get("kernel_cpu_seconds") for r in reports],
                   "load_average": _load_average(),
                   "judge_cpu_seconds": round(os.times().user + os.times().system, 3),
                   "grader_errors": [r["name"] for r in reports if r.get("grader_error")],
                   "grades": [{"name": r["name"], "score": r["score"],
                               "max_score": r["max_score"]} for r in reports]}
        _write_json(out / "summary.json", summary)
        if len(reports) == 1:
            _write_json(out / "results.json", gradescope(reports[0]))
    print(f"graded {len(reports)} submission(s) in {wall:.1f} s → {args.out}"
          + ("" if sandbox else " (UNSANDBOXED)"), flush=True)
    if summary["grader_errors"]:
        print("the grader failed on (grade them again): " + ", ".join(summary["grader_errors"]),
              file=sys.stderr, flush=True)
    return 0


def _load_average() -> list[float] | None:
    """1-, 5- and 15-minute load averages at the end of the run (the machine may be shared)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root) and path.resolve() != root
    except (OSError, ValueError):
        return False


def _mkdir(path: Path) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return True


def _worker_failed(sub: Path, chapter: str | None, why: str) -> dict:
    from .. import i18n
    from .judge import _failed_results

    tasks = _failed_results(chapter, "run.no_grades_task", {})
    return {"submission": str(sub), "name": sub.stem, "chapter": chapter, "score": 0.0,
            "max_score": float(sum(t["max_score"] for t in tasks)), "tasks": tasks,
            "messages": [{lg: i18n.t("run.no_grades", lg, why=why) for lg in i18n.LANGUAGES}],
            "cells": {}}


def gradescope(report: dict) -> dict:
    """Gradescope autograder ``results.json``: score, max_score, output, tests[]."""
    tests = []
    for task in report.get("tasks", []):
        for t in task.get("tests", []):
            out = t.get("output", {})
            tests.append({"name": f"{task['task_id']} {t['name']}", "score": t["score"],
                          "max_score": t["max_score"],
                          "output": f"{out.get('ko', '')}\n{out.get('en', '')}".strip()})
    messages = "\n".join(f"{m.get('ko', '')}\n{m.get('en', '')}"
                         for m in report.get("messages", []))
    if not report.get("sandboxed", True):
        messages = "UNSANDBOXED / 샌드박스 없이 채점\n" + messages
    return {"score": report.get("score", 0.0), "max_score": report.get("max_score", 0.0),
            "output": messages, "visibility": "visible", "tests": tests}


def _write_csv(path: Path, reports: list[dict], sandbox: bool = True) -> None:
    task_ids: list[str] = []
    for r in reports:
        for t in r.get("tasks", []):
            if t["task_id"] not in task_ids:
                task_ids.append(t["task_id"])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "submission", "chapter", "score", "max_score", *task_ids,
                    "seconds", "sandboxed", "problems"])
        for r in reports:
            by_id = {t["task_id"]: t["score"] for t in r.get("tasks", [])}
            problems = " | ".join(m.get("en", "") for m in r.get("messages", []))
            w.writerow([r.get("name"), r.get("submission"), r.get("chapter"), r.get("score"),
                        r.get("max_score"), *[by_id.get(t, "") for t in task_ids],
                        r.get("wall_seconds"), "yes" if sandbox else "NO", problems[:500]])


def _finite(data):
    """``data`` with every non-finite float as None (JSON has no NaN)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(v) for v in data]
    return data


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(_finite(data), ensure_ascii=False, indent=1, allow_nan=False),
                   encoding="utf-8")
    os.replace(tmp, path)
