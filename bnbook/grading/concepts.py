"""Graded conceptual questions: multiple choice (a letter) and numeric or exact-value answers.

A wrong answer gets an explanation of the concept (an i18n key per known-wrong answer, and a
general explanation otherwise), not just "wrong".
"""

from __future__ import annotations

import numbers

import numpy as np

from .engine import Fail, Task, Test, register_task


def _letter(answer, choices: str) -> str:
    if isinstance(answer, str):
        letter = answer.strip().strip("()").strip().lower()
        if len(letter) == 1 and letter in choices:
            return letter
    options = ", ".join(f'"{c}"' for c in choices)
    raise Fail("fb.choice_type", choices=options, got=repr(answer)[:60])


def choice_task(task_id: str, chapter: str, title: str, name: str, *, choices: str, correct: str,
                explain: dict[str, str], points: float = 1.0) -> Task:
    """Multiple choice: ``explain[letter]`` is the key of the explanation shown for that wrong
    letter (keys of ``choices`` not in ``explain`` get ``explain["*"]``)."""

    def test(answer):
        letter = _letter(answer, choices)
        if letter == correct:
            return True, "fb.pass", {}
        return False, explain.get(letter, explain["*"]), {"got": letter}

    return register_task(Task(task_id, chapter, title, (name,),
                              [Test("t.choice", points, test)], kind="concept"))


def _number(answer) -> float:
    if isinstance(answer, str) and _parses_as_number(answer):
        raise Fail("fb.number_quoted", got=repr(answer)[:60], bare=answer.strip()[:60])
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real | np.number):
        raise Fail("fb.number_type", got=repr(answer)[:60])
    value = float(answer)
    if not np.isfinite(value):
        raise Fail("fb.number_type", got=repr(answer)[:60])
    return value


def _parses_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def number_task(task_id: str, chapter: str, title: str, name: str, *, correct: float,
                rtol: float, known: dict[float, str], explain: str, points: float = 1.0) -> Task:
    """Numeric answer within relative tolerance ``rtol``; ``known`` maps typical wrong values to
    the explanation of that mistake, ``explain`` is the general explanation."""

    def test(answer):
        value = _number(answer)
        if np.isclose(value, correct, rtol=rtol, atol=0.0):
            return True, "fb.pass", {}
        for wrong, key in known.items():
            if np.isclose(value, wrong, rtol=rtol, atol=0.0):
                return False, key, {"got": f"{value:g}"}
        return False, explain, {"got": f"{value:g}"}

    return register_task(Task(task_id, chapter, title, (name,),
                              [Test("t.value", points, test)], kind="concept"))


def value_task(task_id: str, chapter: str, title: str, name: str, *, correct, normalize,
               known: dict, explain: str, points: float = 1.0) -> Task:
    """Exact answer (e.g. a shape tuple) compared after ``normalize(answer)``, which raises
    :class:`Fail` for an answer of the wrong kind."""

    def test(answer):
        value = normalize(answer)
        if value == correct:
            return True, "fb.pass", {}
        key = known.get(value, explain)
        return False, key, {"got": repr(value)}

    return register_task(Task(task_id, chapter, title, (name,),
                              [Test("t.value", points, test)], kind="concept"))


STRINGS = {
    "t.choice": {"ko": "선택지", "en": "choice"},
    "t.value": {"ko": "답", "en": "answer"},
}


def _register() -> None:
    from .. import i18n

    i18n.register(STRINGS)


_register()
