# ruff: noqa: E501
"""Graded conceptual questions: multiple choice (a letter) and numeric or exact-value answers.

A wrong answer gets an explanation of the concept (an i18n key per known-wrong answer, and a
general explanation otherwise), not just "wrong".
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from .engine import Fail, Task, Test, call, register_task


def _letter(answer, choices: str) -> str:
    if isinstance(answer, str):
        letter = answer.strip().strip("()").strip().lower()
        if len(letter) == 1 and letter in choices:
            return letter
    options = ", ".join(f'"{c}"' for c in choices)
    raise Fail("fb.choice_type", choices=options, got=repr(answer)[:60])


CHOICES: dict[str, dict] = {}
"""Multiple-choice questions as data: task id → ``{"correct": letter, "options": {letter: i18n
key}}``. The option texts live in the i18n table (``opt.<task id>.<letter>``); the notebooks show
them through :func:`render_options`, and the tests check position balance and lengths here."""


def choice_task(task_id: str, chapter: str, title: str, name: str, *, correct: str,
                explain: dict[str, str], options: dict[str, dict[str, str]] | None = None,
                choices: str | None = None, points: float = 1.0, level: str = "check") -> Task:
    """Multiple choice: ``explain[letter]`` is the key of the explanation shown for that wrong
    letter (keys of ``choices`` not in ``explain`` get ``explain["*"]``). ``options`` maps each
    letter to its text ``{"ko": ..., "en": ...}`` (registered as ``opt.<task_id>.<letter>``)."""
    if options is not None:
        choices = "".join(options)
        from .. import i18n

        i18n.register({f"opt.{task_id}.{k}": v for k, v in options.items()})
        CHOICES[task_id] = {"correct": correct,
                            "options": {k: f"opt.{task_id}.{k}" for k in options}}
    if not choices or correct not in choices:
        raise ValueError(f"{task_id}: the correct letter {correct!r} is not among {choices!r}")
    wrong = set(choices) - {correct}
    if not wrong <= set(explain) and "*" not in explain:
        raise ValueError(f"{task_id}: no explanation for {sorted(wrong - set(explain))}")

    def test(answer):
        letter = _letter(answer, choices)
        if letter == correct:
            return True, "fb.pass", {}
        return False, explain.get(letter, explain.get("*")), {"got": letter}

    return register_task(Task(task_id, chapter, title, (name,),
                              [Test("t.choice", points, test)], kind="concept", level=level))


def render_options(task_id: str, lang: str) -> str:
    """The markdown list of a question's options, as the notebooks show it."""
    from .. import i18n

    options = CHOICES[task_id]["options"]
    return "\n".join(f"- ({k}) {i18n.t(key, lang)}" for k, key in options.items())


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
                rtol: float, known: dict[float, str], explain: str, points: float = 1.0,
                level: str = "check") -> Task:
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
                              [Test("t.value", points, test)], kind="concept", level=level))


def value_task(task_id: str, chapter: str, title: str, name: str, *, correct, normalize,
               known: dict, explain: str, points: float = 1.0, level: str = "check") -> Task:
    """Exact answer (e.g. a shape tuple) compared after ``normalize(answer)``, which raises
    :class:`Fail` for an answer of the wrong kind."""

    def test(answer):
        value = normalize(answer)
        if value == correct:
            return True, "fb.pass", {}
        key = known.get(value, explain)
        return False, key, {"got": repr(value)}

    return register_task(Task(task_id, chapter, title, (name,),
                              [Test("t.value", points, test)], kind="concept", level=level))


def fresh_rng() -> np.random.Generator:
    """A generator seeded from the OS: new inputs on every check(), so an answer that looks up
    the outputs of the inputs it has seen before cannot pass."""
    return np.random.default_rng()


def fresh_seed() -> int:
    """A seed drawn from the OS, for one more test case on every check() besides the fixed ones."""
    return int(fresh_rng().integers(2**31))


RULES: dict[str, tuple[str, ...]] = {}
"""Rules a task's text states and its checks enforce, as data: task id → rule names. Each rule
``r`` has the text ``rule.<r>`` (ko/en) that the task's markdown contains word for word (a test
compares them), and the feedback ``fb.rule.<r>`` when an answer breaks it."""


def declare_rules(task_id: str, *rules: str) -> None:
    RULES[task_id] = tuple(rules)


def require_float64(value, name: str):
    """Rule ``float64``: float64 inputs give float64 results (a float32 result loses the digits
    the gradient checks compare)."""
    dtype = getattr(value, "dtype", None)
    if dtype is not None and np.issubdtype(dtype, np.floating) and dtype != np.float64:
        raise Fail("fb.rule.float64", name=name, got=str(dtype))
    return value


def formula_task(task_id: str, chapter: str, title: str, name: str, *,
                 sample: Callable[[np.random.Generator], dict], correct: Callable,
                 known: dict[str, Callable], explain: str, rtol: float = 1e-6,
                 draws: int = 20, points: float = 2.0, level: str = "build") -> Task:
    """A derivation graded numerically: the learner writes the derived expression as a Python
    function of named symbols (``def answer(m, sigma2): return ...``). ``sample(rng)`` draws one
    point ``{symbol: value}``; the answer must equal ``correct(**point)`` within ``rtol`` at
    ``draws`` points (fresh every check()). ``known`` maps a feedback key to a typical wrong
    expression, recognised when it matches the learner's at every point."""

    def test(fn):
        rng = fresh_rng()
        points_, got, want = [], [], []
        for _ in range(draws):
            point = sample(rng)
            value = call(fn, **point)
            if isinstance(value, np.ndarray) and value.size == 1:
                value = value.item()
            if isinstance(value, bool) or not isinstance(value, numbers.Real | np.number):
                raise Fail("fb.formula.type", got=repr(value)[:60])
            points_.append(point)
            got.append(float(value))
            want.append(float(correct(**point)))
        got_a, want_a = np.array(got), np.array(want)
        if np.allclose(got_a, want_a, rtol=rtol, atol=0.0):
            return True, "fb.pass", {}
        for key, wrong in known.items():
            alt = np.array([float(wrong(**p)) for p in points_])
            if np.allclose(got_a, alt, rtol=rtol, atol=0.0):
                return False, key, {}
        i = int(np.argmax(np.abs(got_a - want_a) / np.maximum(np.abs(want_a), 1e-300)))
        at = ", ".join(f"{k}={v:.4g}" for k, v in points_[i].items())
        return False, explain, {"at": at, "got": f"{got_a[i]:.6g}", "want": f"{want_a[i]:.6g}"}

    return register_task(Task(task_id, chapter, title, (name,),
                              [Test("t.formula", points, test)], kind="derivation", level=level))


STRINGS = {
    "t.choice": {"ko": "선택지", "en": "choice"},
    "t.value": {"ko": "답", "en": "answer"},
    "rule.float64": {
        "ko": "float64로 계산하세요: float64 입력에는 float64 결과를 돌려줘야 하며, float32 결과는 받지 않습니다.",
        "en": "Work in float64: float64 inputs must give float64 results; a float32 result is not accepted."},
    "fb.rule.float64": {
        "ko": "{name}의 자료형이 {got}입니다. 입력은 float64로 들어오니 float32로 바꾸지 말고 float64 그대로 계산하세요. 채점기는 유효 숫자 7자리 넘게 비교하는데, float32는 그만큼의 정밀도가 없습니다.",
        "en": "{name} has dtype {got}. The inputs come in as float64: compute in float64 and do not convert to float32. The grader compares more than 7 significant digits, which float32 does not have."},
    "t.formula": {"ko": "무작위로 뽑은 점들에서 식의 값", "en": "the expression at randomly drawn points"},
    "fb.formula.type": {
        "ko": "함수가 숫자 하나를 반환해야 하는데 {got}을(를) 반환했습니다. 유도한 식의 값을 return 하세요.",
        "en": "Your function must return one number; it returned {got}. Return the value of your derived expression."},
}


def _register() -> None:
    from .. import i18n

    i18n.register(STRINGS)


_register()
