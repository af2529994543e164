"""Layer contract of the grader: grading imports no chapter, plotting or widget module (not at
import time, not while it grades), and the references the chapters and the grader share live in
the library (the chapter modules re-export them)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GRADING = REPO / "bnbook" / "grading"
FORBIDDEN = ("bnbook.chapters", "bnbook.plotting", "bnbook.widgets", "bnbook.experiments")


def _imports(path: Path) -> set[str]:
    """Absolute names of the bnbook modules ``path`` imports (anywhere in the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:  # bnbook/grading/x.py: level 1 = bnbook.grading, level 2 = bnbook
                package = ["bnbook", "grading"][: 3 - node.level]
                base = ".".join(package + ([node.module] if node.module else []))
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return found


def test_no_grading_module_imports_a_chapter_plotting_or_widget_module():
    bad = {p.name: sorted(m for m in _imports(p) if m.startswith(FORBIDDEN))
           for p in sorted(GRADING.glob("*.py"))}
    assert {k: v for k, v in bad.items() if v} == {}


def test_grading_a_class_loads_none_of_them(tmp_path):
    """The judge grades a chapter-7 and a chapter-5 solution; afterwards its process holds no
    chapter, plotting or widget module (the learner's kernel imports them, not the judge)."""
    code = f"""
import sys
from bnbook.grading import engine, judge, cli
engine._load_tasks()
for t in engine.TASKS.values():
    engine.forbidden_specs(t.forbidden)
for ch, nb in (("07", "07_critique"), ("05", "05_inference")):
    r = judge.grade_notebook({str(REPO)!r} + f"/solutions/en/{{nb}}.ipynb", chapter=ch,
                             sandbox=judge.sandbox_problem() is None)
    assert r["score"] == r["max_score"] > 0, (ch, r["messages"])
print(sorted(m for m in sys.modules if m.startswith({FORBIDDEN!r})))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_shared_references_live_in_the_library():
    from bnbook import layers, model
    from bnbook.chapters import ch05, ch06, ch07

    assert ch06.one_hot is layers.one_hot and ch06.hardmax is layers.hardmax
    assert ch07.noisy_bn is layers.noisy_bn
    for name in ("gradient_shift", "loss_along_gradient", "gradient_predictiveness",
                 "effective_beta_smoothness"):
        assert getattr(ch07, name) is getattr(model, name)
    for name in ("fold_bn", "ema_update", "torch_ema_update", "population_statistics",
                 "batch_statistics"):
        assert getattr(ch05, name) is getattr(model, name)


def test_forbidden_functions_are_function_objects_or_resolve_to_them():
    from bnbook.grading import engine
    from bnbook.grading.tasks_ch07 import CH07_SOLUTIONS

    assert all(callable(f) for f in CH07_SOLUTIONS)
    engine._load_tasks()
    for task in engine.TASKS.values():
        for spec in engine.forbidden_specs(task.forbidden):
            module, _, name = spec.partition(":")
            obj = __import__(module, fromlist=["_"])
            for part in name.split("."):
                obj = getattr(obj, part)  # no name that the library lacks
            assert callable(obj), spec
    # a method named in the older {"file.py": {"name"}} form is found too (03.adam: Adam.step)
    specs = engine.forbidden_specs(engine.get_task("03.adam").forbidden)
    assert any(s.endswith(".step") for s in specs), specs
