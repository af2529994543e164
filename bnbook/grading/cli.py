"""Command line: ``python -m bnbook.grading {grade,generate,tasks}``.

``grade`` runs every submission in its own worker process (``--jobs`` at a time), each with a
fresh kernel, and writes per submission ``OUT/<name>/grade.json`` (full feedback in Korean and
English), ``OUT/<name>/results.json`` (Gradescope format) and ``OUT/<name>/executed.ipynb``;
for the class ``OUT/grades.csv`` and ``OUT/summary.json``; with a single submission also
``OUT/results.json`` (where Gradescope's autograder expects it). Exit status 0 whatever the
submissions contain; 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

WORKER_MARGIN = 60.0  # seconds a worker may take beyond --total-timeout before it is killed


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
    g.add_argument("--chapter", choices=_chapters(),
                   help="chapter of the submissions (default: from each notebook)")
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
    w = sub.add_parser("_worker", help=argparse.SUPPRESS)
    w.add_argument("submission", type=Path)
    w.add_argument("--dest", type=Path, required=True)
    w.add_argument("--cell-timeout", type=float, required=True)
    w.add_argument("--total-timeout", type=float, required=True)
    w.add_argument("--test-timeout", type=float, required=True)
    w.add_argument("--chapter")
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
    if args.command == "_worker":
        return worker_command(args)
    return 2


# -- worker: one submission in this process ----------------------------------------------------
def worker_command(args) -> int:
    from .runner import grade_notebook

    args.dest.mkdir(parents=True, exist_ok=True)
    report = grade_notebook(args.submission, cell_timeout=args.cell_timeout,
                            total_timeout=args.total_timeout, chapter=args.chapter,
                            test_timeout=args.test_timeout,
                            executed_path=args.dest / "executed.ipynb")
    _write_json(args.dest / "grade.json", report)
    return 0


# -- grade: many submissions, in parallel --------------------------------------------------------
def _submissions(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.glob("*.ipynb") if q.is_file()))
        else:
            found.append(p)
    return found


def _dest_names(subs: list[Path]) -> list[str]:
    names, seen = [], {}
    for s in subs:
        base = re.sub(r"[^\w.-]+", "_", s.stem) or "submission"
        n = seen.get(base, 0)
        seen[base] = n + 1
        names.append(base if n == 0 else f"{base}-{n + 1}")
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
    if args.jobs < 1 or args.cell_timeout <= 0 or args.total_timeout <= 0:
        print("--jobs, --cell-timeout and --total-timeout must be positive / 양수여야 합니다",
              file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    names = _dest_names(subs)
    t0 = time.perf_counter()

    def one(item):
        sub, name = item
        dest = args.out / name
        report = _run_worker(sub, dest, args)
        report["name"] = name
        _write_json(dest / "grade.json", report)
        _write_json(dest / "results.json", gradescope(report))
        status = f"{report['score']:g}/{report['max_score']:g}"
        print(f"{name}: {status} ({report['wall_seconds']:.1f} s)", flush=True)
        return report

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        reports = list(pool.map(one, zip(subs, names, strict=True)))
    wall = time.perf_counter() - t0
    _write_csv(args.out / "grades.csv", reports)
    summary = {"submissions": len(reports), "wall_seconds": round(wall, 3), "jobs": args.jobs,
               "seconds_per_submission": [r.get("wall_seconds") for r in reports],
               "grades": [{"name": r["name"], "score": r["score"], "max_score": r["max_score"]}
                          for r in reports]}
    _write_json(args.out / "summary.json", summary)
    if len(reports) == 1:
        _write_json(args.out / "results.json", gradescope(reports[0]))
    print(f"graded {len(reports)} submission(s) in {wall:.1f} s → {args.out}", flush=True)
    return 0


def _run_worker(sub: Path, dest: Path, args) -> dict:
    """Grade ``sub`` in a child process; whatever happens there, return a report."""
    dest.mkdir(parents=True, exist_ok=True)
    grade_file = dest / "grade.json"
    if grade_file.exists():
        grade_file.unlink()
    cmd = [sys.executable, "-m", "bnbook.grading", "_worker", str(sub), "--dest", str(dest),
           "--cell-timeout", str(args.cell_timeout), "--total-timeout", str(args.total_timeout),
           "--test-timeout", str(args.test_timeout)]
    if args.chapter:
        cmd += ["--chapter", args.chapter]
    t0 = time.perf_counter()
    limit = args.total_timeout + WORKER_MARGIN + 130  # + the grading cell's own limit
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        log, _ = proc.communicate(timeout=limit)
        why = f"worker exit status {proc.returncode}"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the worker and its kernel (its own session)
        log, _ = proc.communicate()
        why = f"worker killed after {limit:g} s"
    try:
        report = json.loads(grade_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = (log or b"").decode("utf-8", "replace")[-500:]
        report = _worker_failed(sub, why, tail)
    report.setdefault("seconds", None)
    report["wall_seconds"] = round(time.perf_counter() - t0, 3)  # incl. worker start-up
    return report


def _worker_failed(sub: Path, why: str, tail: str) -> dict:
    from .. import i18n
    from .runner import _failed_results

    key_fmt = {"why": why}
    return {"submission": str(sub), "name": sub.stem, "chapter": None, "score": 0.0,
            "max_score": 0.0, "tasks": _failed_results(None, "run.no_grades_task", {}),
            "messages": [{lg: i18n.t("run.no_grades", lg, **key_fmt) for lg in i18n.LANGUAGES}],
            "cells": {}, "worker_log": tail}


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
    return {"score": report.get("score", 0.0), "max_score": report.get("max_score", 0.0),
            "output": messages, "visibility": "visible", "tests": tests}


def _write_csv(path: Path, reports: list[dict]) -> None:
    task_ids: list[str] = []
    for r in reports:
        for t in r.get("tasks", []):
            if t["task_id"] not in task_ids:
                task_ids.append(t["task_id"])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "submission", "chapter", "score", "max_score", *task_ids,
                    "seconds", "problems"])
        for r in reports:
            by_id = {t["task_id"]: t["score"] for t in r.get("tasks", [])}
            problems = " | ".join(m.get("en", "") for m in r.get("messages", []))
            w.writerow([r.get("name"), r.get("submission"), r.get("chapter"), r.get("score"),
                        r.get("max_score"), *[by_id.get(t, "") for t in task_ids],
                        r.get("wall_seconds"), problems[:500]])


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
