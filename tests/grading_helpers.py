"""Helpers the per-chapter grading tests share: grade an answer in-process, read the outcome keys,
check that feedback renders in both languages, and assert a named diagnosis."""

from __future__ import annotations

import re

from bnbook.grading.engine import get_task, run_task

HANGUL = re.compile(r"[가-힣]")


def grade(task_id, answer, timeout=10.0):
    return run_task(get_task(task_id), answer, timeout)


def keys(result):
    return {o.name: o.key for o in result.outcomes}


def assert_bilingual(result, raw_keys):
    """Every message renders in both languages, with none of the i18n key prefixes ``raw_keys``
    (e.g. ``("fb05.", "t05.")``) left in the text."""
    ko, en = result.text("ko"), result.text("en")
    for text in (ko, en):
        assert not any(k in text for k in raw_keys), text
    assert HANGUL.search(ko) and not HANGUL.search(en.split("] ", 1)[1]), (ko, en)


def assert_diagnosed(task_id, answer, test, key, raw_keys, timeout=10.0):
    r = grade(task_id, answer, timeout)
    assert r.status == "graded" and r.score < r.max_score, r.text("en")
    assert keys(r)[test] == key, r.text("en")
    assert_bilingual(r, raw_keys)
    return r
