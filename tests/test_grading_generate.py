"""exercises/ is generated from solutions/ and up to date; the stored outputs show the right
state (full marks in solutions, "not done yet" in exercises)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from bnbook.grading.engine import get_task, tasks
from bnbook.grading.generate import CODE_STUBS, pairs, stale, strip_code

REPO = Path(__file__).resolve().parent.parent
PAIRS = list(pairs(REPO))


def test_strip_code_replaces_regions_and_answers():
    src = ("def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    y = x + 1\n    z = 2\n"
           "    ### END SOLUTION\n    return y\nanswer_q = 'b'  # ANSWER\n"
           "keep = 1  # not an answer")
    assert strip_code(src, "en") == (
        "def f(x):\n    y = 1\n    raise NotImplementedError  # write your code here\n"
        "    return y\nanswer_q = None  # your answer\nkeep = 1  # not an answer")
    assert strip_code(src, "ko") == (
        "def f(x):\n    y = 1\n    raise NotImplementedError  # 여기에 코드를 작성하세요\n"
        "    return y\nanswer_q = None  # 답을 쓰세요\nkeep = 1  # not an answer")
    for bad in ("### BEGIN SOLUTION\nx", "### END SOLUTION",
                "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"):
        with pytest.raises(ValueError):
            strip_code(bad)


def test_there_are_solutions():
    chapters = {ch for _, _, ch in PAIRS}
    assert "02" in chapters


def test_one_chapter_can_be_chosen():
    chosen = list(pairs(REPO, ["02"]))
    assert {ch for _, _, ch in chosen} == {"02"}
    assert sorted(p.parent.name for p, _, _ in chosen) == ["en", "ko"]
    assert list(pairs(REPO, ["99"])) == []


def test_exercises_are_up_to_date():
    assert stale(REPO) == [], "run `python -m bnbook.grading generate`"


def check_calls(nb) -> list[str]:
    return [m for c in nb.cells if c.cell_type == "code"
            for m in re.findall(r"""check\(\s*["']([\w.]+)["']""", c.source)]


@pytest.mark.parametrize("sol_path,ex_path,chapter", PAIRS,
                         ids=[str(p[0].relative_to(REPO)) for p in PAIRS])
def test_every_task_is_in_the_notebook_and_outputs_show_its_state(sol_path, ex_path, chapter):
    sol = nbformat.read(str(sol_path), as_version=4)
    ex = nbformat.read(str(ex_path), as_version=4)
    assert sorted(check_calls(sol)) == sorted(tasks(chapter).ids())
    code = "\n".join(c.source for c in sol.cells if c.cell_type == "code")
    for tid in tasks(chapter).ids():
        for name in get_task(tid).answer_names:
            assert re.search(rf"^(def {name}\(|{name} = )", code, re.M), (tid, name)
    for nb, want in ((sol, "full"), (ex, "not_done")):
        for cell in nb.cells:
            if cell.cell_type != "code" or not re.match(r"check\(", cell.source.split("\n")[-1]):
                continue
            text = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
            assert text, f"{cell.source!r} has no stored output"
            m = re.search(r": (\d+)/(\d+)", text)
            if want == "full":
                assert m and m.group(1) == m.group(2), text
            else:
                assert m and m.group(1) == "0", text
                assert "Not done yet" in text or "아직 작성하지" in text, text


def test_learner_fills_in_a_wrong_forward_and_sees_what_to_fix():
    """The Korean exercise notebook, executed with a forward pass that averages over axis 1."""
    from nbclient import NotebookClient

    nb = nbformat.read(str(REPO / "exercises" / "ko" / "02_bn_algorithm.ipynb"), as_version=4)
    wrong = ("mu = x.mean(axis=1, keepdims=True)\n    var = x.var(axis=1, keepdims=True)\n"
             "    out = gamma * (x - mu) / np.sqrt(var + eps) + beta\n    cache = None")
    cell = next(c for c in nb.cells if "def batchnorm_forward(" in c.source)
    cell.source = cell.source.replace(CODE_STUBS["ko"], wrong)
    nb.cells = nb.cells[: nb.cells.index(cell) + 2]  # up to its check() cell
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    shown = nb.cells[-1].outputs[0]["data"]
    assert "배치 축 0" in shown["text/plain"] and "2/8점" in shown["text/plain"]
    assert "배치 축 0" in shown["text/html"]
    assert "batch axis 0" not in shown["text/html"]  # a Korean page speaks Korean alone
