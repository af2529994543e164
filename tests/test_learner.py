"""Learner progress kept beside the notebook, check_all(), and copying the exercises
(bnbook.grading.learner)."""

from __future__ import annotations

import json

import pytest

from bnbook.grading import check_all, engine, learner, reset_progress

RIGHT = "c"  # 02.eps: ε inside the square root, option (c) (tasks_ch02.py: correct="c")


@pytest.fixture()
def notebook_dir(tmp_path, monkeypatch):
    """A notebook's folder as working directory, progress kept on disk (as in a kernel)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(learner.ENV_SWITCH, "on")
    reset_progress()
    yield tmp_path
    reset_progress()


def test_outside_a_kernel_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(learner.ENV_SWITCH, raising=False)
    assert learner.progress_path() is None
    learner.check("02.eps", RIGHT)
    assert not (tmp_path / learner.PROGRESS_FILE).exists()


def test_off_switch_wins(notebook_dir, monkeypatch):
    monkeypatch.setenv(learner.ENV_SWITCH, "off")
    assert learner.progress_path() is None


def test_progress_survives_a_restart_and_keeps_the_best(notebook_dir):
    good = learner.check("02.eps", RIGHT)
    bad = learner.check("02.eps", "a")
    assert good.score == good.max_score and bad.score == 0
    saved = json.loads((notebook_dir / learner.PROGRESS_FILE).read_text(encoding="utf-8"))
    entry = saved["tasks"]["02.eps"]
    assert (entry["latest"], entry["best"], entry["attempts"]) == (0, good.max_score, 2)

    reset_progress()  # what a kernel restart does to the session's memory
    shown = learner.progress("02")
    line = next(s for s in shown.text("en").split("\n") if "02.eps" in s)
    assert "0/1" in line and "(best 1/1)" in line  # the latest, and the best beside it
    assert shown.score == 0  # the total counts the latest attempts
    assert "(최고 1/1)" in shown.text("ko")


def test_a_corrupt_progress_file_is_ignored(notebook_dir):
    (notebook_dir / learner.PROGRESS_FILE).write_text("{not json", encoding="utf-8")
    assert learner.load_saved() == {}
    learner.check("02.eps", RIGHT)
    assert learner.load_saved()["02.eps"]["best"] == 1


def test_without_saved_results_progress_reads_as_before(notebook_dir):
    learner.check("02.eps", RIGHT)
    assert learner.progress("02").text("en") == engine.progress("02").text("en")
    assert repr(learner.progress("02")) == repr(engine.progress("02"))  # what a notebook shows


def test_check_all_grades_what_the_notebook_defines(notebook_dir):
    task = engine.get_task("02.eps")
    namespace = {task.answer_names[0]: RIGHT}
    out = check_all(namespace=namespace)
    assert [r.task_id for r in out.results] == ["02.eps"]
    assert out.results[0].passed
    assert "02.eps" in out.text("en") and "Score so far: 1/" in out.text("en")
    assert learner.load_saved()["02.eps"]["best"] == 1


def test_check_all_reads_the_callers_globals(notebook_dir):
    task = engine.get_task("02.eps")
    globals()[task.answer_names[0]] = "a"
    try:
        out = check_all("02")
    finally:
        del globals()[task.answer_names[0]]
    assert [r.task_id for r in out.results] == ["02.eps"] and out.results[0].score == 0


def test_check_all_with_nothing_defined_says_what_to_do(notebook_dir):
    assert "Run All" in check_all(namespace={}).text("en")


def test_copy_exercises_never_overwrites(tmp_path):
    dest = tmp_path / "mine"
    copied, kept = learner.copy_exercises(dest, lang="ko")
    assert copied and not kept
    assert all(p.parent == dest / "ko" for p in copied)
    copied[0].write_text("my answers", encoding="utf-8")
    again, kept = learner.copy_exercises(dest, lang="ko")
    assert not again and copied[0] in kept
    assert copied[0].read_text(encoding="utf-8") == "my answers"


def test_copy_command(tmp_path, capsys):
    assert learner.main(["copy", str(tmp_path / "work")]) == 0
    out = capsys.readouterr().out
    assert "Work there" in out and "복사했습니다" in out
    assert {p.parent.name for p in (tmp_path / "work").glob("*/*.ipynb")} == {"ko", "en"}


def test_copy_refuses_an_unknown_language(tmp_path):
    with pytest.raises(ValueError, match="lang"):
        learner.copy_exercises(tmp_path, lang="fr")
