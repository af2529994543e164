"""Chapter 6 tasks: right answers written differently get full marks; each known-wrong answer
loses points and gets its diagnosis, in Korean and in English; junk gets a message."""

from __future__ import annotations

import re

import numpy as np
import pytest

from bnbook import i18n, layers
from bnbook.grading.engine import get_task, run_task


def grade(task_id, answer):
    return run_task(get_task(task_id), answer, 10.0)


def keys(result):
    return {o.name: o.key for o in result.outcomes}


def assert_diagnosed(result, test, key):
    """``test`` failed with ``key``; the message renders in both languages (not as a key)."""
    assert not result.passed
    assert keys(result)[test] == key, result.text("en")
    outcome = next(o for o in result.outcomes if o.name == test)
    assert outcome.score == 0
    for lang in i18n.LANGUAGES:
        text = outcome.text(lang)
        # a missing string or a bad format field would show as "fb.key {...}" (grading._strings.msg)
        assert not re.search(r"fb\.[\w.]+ \{", text) and not text.startswith("fb."), text


# -- right answers -------------------------------------------------------------------------------
def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_other(z):  # last axis, [:, None] instead of keepdims, exp(logsumexp) form
    m = np.max(z, axis=-1)[:, None]
    lse = m + np.log(np.sum(np.exp(z - m), axis=-1))[:, None]
    return np.exp(z - lse)


def log_softmax(z):
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def log_softmax_other(z):  # row by row, with np.logaddexp.reduce
    return np.stack([row - np.logaddexp.reduce(row) for row in z])


def ce(z, y):
    return float(-log_softmax(z)[np.arange(len(y)), y].mean())


def ce_onehot(z, y):  # one-hot matrix, returns a 0-d numpy value
    Y = np.eye(z.shape[1])[y]
    return -np.sum(Y * log_softmax_other(z)) / z.shape[0]


def ce_backward(z, y):
    d = softmax(z)
    d[np.arange(len(y)), y] -= 1
    return d / len(y)


def ce_backward_other(z, y):
    N, C = z.shape
    return (softmax_other(z) - (np.arange(C) == y[:, None])) / N


@pytest.mark.parametrize("task_id,fn", [
    ("06.softmax", softmax), ("06.softmax", softmax_other),
    ("06.log_softmax", log_softmax), ("06.log_softmax", log_softmax_other),
    ("06.cross_entropy", ce), ("06.cross_entropy", ce_onehot),
    ("06.ce_backward", ce_backward), ("06.ce_backward", ce_backward_other),
])
def test_right_answers_get_full_marks(task_id, fn):
    r = grade(task_id, fn)
    assert r.passed and r.score == get_task(task_id).max_score, r.text("en")


def test_references_agree_with_the_library():
    from bnbook.grading import tasks_ch06 as t6

    z, y = t6.make_logits(3, 5, 3)
    assert np.isclose(t6.ref_cross_entropy(z, y), layers.softmax_cross_entropy(z, y)[0])
    assert np.allclose(t6.ref_dlogits(z, y), layers.softmax_cross_entropy(z, y)[1])
    # centred differences are accurate to ~1e-7 relative on the smallest entries (~2e-5)
    assert t6.rel_error(t6.ref_dlogits(z, y), t6.numerical_dlogits(z, y)) < 1e-6


# -- 06.softmax ----------------------------------------------------------------------------------
def sm_mutates(z):
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("fn,test,key", [
    (lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), "t.sm.stable", "fb.sm.overflow"),
    (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=1, keepdims=True),
     "t.sm.stable", "fb.sm.global_max"),
    (lambda z: np.exp(z) / np.exp(z).sum(axis=0, keepdims=True), "t.sm.values", "fb.sm.axis0"),
    (lambda z: np.exp(z - z.max(axis=1, keepdims=True)), "t.sm.values", "fb.sm.not_normalized"),
    (lambda z: np.exp(z) / np.exp(z).sum(), "t.sm.values", "fb.sm.global"),
    (lambda z: np.eye(z.shape[1])[z.argmax(axis=1)], "t.sm.values", "fb.sm.hardmax"),
    (lambda z: (z == z.max(axis=1, keepdims=True)).astype(int), "t.sm.returns", "fb.sm.hardmax"),
    (lambda z: z / z.sum(axis=1, keepdims=True), "t.sm.values", "fb.sm.no_exp"),
    (lambda z: softmax(-z), "t.sm.values", "fb.sm.sign"),
    (lambda z: np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z).sum(axis=1, keepdims=True),
     "t.sm.values", "fb.sm.shift_once"),
    (lambda z: np.exp(z - z.max(axis=1)) / np.exp(z - z.max(axis=1)).sum(axis=1),
     "t.sm.returns", "fb.sm.broadcast"),
    (sm_mutates, "t.sm.no_mutation", "fb.sm.mutated"),
])
def test_softmax_wrong(fn, test, key):
    assert_diagnosed(grade("06.softmax", fn), test, key)


def test_softmax_keepdims_on_a_square_input():
    # [:, None] on the max but not on the sum: (N, C) / (N,) raises for N != C ...
    def half_keepdims(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1)
    assert_diagnosed(grade("06.softmax", half_keepdims), "t.sm.returns", "fb.sm.broadcast")
    # ... and the square probe names the same mistake when it broadcasts silently
    from bnbook.grading.tasks_ch06 import make_logits, softmax_variants
    z, _ = make_logits(1, 4, 4)
    assert [k for k, v in softmax_variants(z)
            if v is not None and np.allclose(v, half_keepdims(z))] == ["fb.sm.keepdims"]


# -- 06.log_softmax ------------------------------------------------------------------------------
def ls_forgot_m(z):
    m = z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z - m).sum(axis=1, keepdims=True))


@pytest.mark.parametrize("fn,test,key", [
    (lambda z: np.log(softmax(z)), "t.ls.stable", "fb.ls.log_of_softmax"),
    (lambda z: z - np.log(np.exp(z).sum(axis=1, keepdims=True)), "t.ls.stable", "fb.ls.overflow"),
    (lambda z: np.log(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)), "t.ls.stable",
     "fb.ls.overflow"),
    (lambda z: softmax(z), "t.sm.values", "fb.ls.softmax"),
    (lambda z: z - z.max(axis=1, keepdims=True), "t.sm.values", "fb.ls.no_lse"),
    (ls_forgot_m, "t.sm.values", "fb.ls.forgot_m"),
    (lambda z: -log_softmax(z), "t.sm.values", "fb.ls.sign"),
    (lambda z: np.log2(softmax(z)), "t.sm.values", "fb.ls.log_base"),
    (lambda z: log_softmax(z.T).T, "t.sm.values", "fb.ls.axis0"),
    (lambda z: np.log(softmax(z) + 1e-12), "t.ls.stable", "fb.ls.clipped"),
    (lambda z: np.log(np.clip(softmax(z), 1e-15, 1.0)), "t.ls.stable", "fb.ls.clipped"),
    (lambda z: z - np.log(np.exp(z).sum(axis=1)), "t.sm.returns", "fb.ls.broadcast"),
])
def test_log_softmax_wrong(fn, test, key):
    assert_diagnosed(grade("06.log_softmax", fn), test, key)


# -- 06.cross_entropy ----------------------------------------------------------------------------
def rows(y):
    return np.arange(len(y))


@pytest.mark.parametrize("fn,test,key", [
    (lambda z, y: -log_softmax(z)[rows(y), y].sum(), "t.ce.values", "fb.ce.sum"),
    (lambda z, y: -np.mean(np.eye(z.shape[1])[y] * log_softmax(z)), "t.ce.values",
     "fb.ce.mean_all"),
    (lambda z, y: log_softmax(z)[rows(y), y].mean(), "t.ce.values", "fb.ce.sign"),
    (lambda z, y: -np.log(z[rows(y), y]).mean(), "t.ce.values", "fb.ce.logits_as_probs"),
    (lambda z, y: -z[rows(y), y].mean(), "t.ce.values", "fb.ce.no_softmax"),
    (lambda z, y: -softmax(z)[rows(y), y].mean(), "t.ce.values", "fb.ce.no_log"),
    (lambda z, y: -log_softmax(z)[:, y].mean(), "t.ce.values", "fb.ce.index_cols"),
    (lambda z, y: -log_softmax(z).sum(axis=1).mean(), "t.ce.values", "fb.ce.all_classes"),
    (lambda z, y: -np.log2(softmax(z)[rows(y), y]).mean(), "t.ce.values", "fb.ce.log_base"),
    (lambda z, y: -np.log(softmax(z)[rows(y), y]).mean(), "t.ce.stable", "fb.ce.unstable"),
    (lambda z, y: -log_softmax(z)[rows(y), y], "t.ce.returns", "fb.ce.per_example"),
    (lambda z, y: -np.sum(y * log_softmax(z)) / len(y), "t.ce.returns", "fb.ce.broadcast"),
    (lambda z, y: [ce(z, y)], "t.ce.returns", "fb.ce.not_scalar"),
    (lambda z, y: -np.log(softmax(z)[rows(y), y]).sum() / np.array(y.shape), "t.ce.returns",
     "fb.ce.not_scalar"),
    (lambda z, y: (ce(z, y), ce_backward(z, y)), "t.ce.returns", "fb.ce.tuple"),
    (lambda z, y: -np.mean(np.log(softmax(z)[rows(y), y] + 1e-12)), "t.ce.stable",
     "fb.ce.clipped"),
    (lambda z, y: -np.mean(np.log(np.clip(softmax(z)[rows(y), y], 1e-15, 1.0))), "t.ce.stable",
     "fb.ce.clipped"),
    # a float32 result breaks the declared float64 rule (concepts.RULES)
    (lambda z, y: np.float32(-log_softmax(z.astype(np.float32))[rows(y), y].mean()),
     "t.ce.returns", "fb.rule.float64"),
    # computed in float32 but handed back as a Python float: right to ~7 digits; the message
    # says so (it used to print the loss and the exact value rounded to the same 6 digits)
    (lambda z, y: float(-log_softmax(z.astype(np.float32))[rows(y), y].mean()),
     "t.ce.stable", "fb.ce.precision"),
])
def test_cross_entropy_wrong(fn, test, key):
    assert_diagnosed(grade("06.cross_entropy", fn), test, key)


def test_cross_entropy_negative_loss_is_named():
    # a learner's log_softmax that forgot m, and then picked columns: the loss comes out < 0
    def bad_log_softmax(z):
        return z - np.log(np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))
    r = grade("06.cross_entropy", lambda z, y: -np.mean(bad_log_softmax(z)[:, y]))
    assert_diagnosed(r, "t.ce.values", "fb.ce.negative")


def test_cross_entropy_onehot_mixup_on_the_square_probe():
    # a learner who broadcasts y (N,) as if it were one-hot, where the shapes happen to allow it
    def mixup(z, y):
        if z.shape[0] != z.shape[1]:
            return ce(z, y)
        return -np.sum(y * log_softmax(z)) / len(y)
    assert_diagnosed(grade("06.cross_entropy", mixup), "t.ce.values", "fb.ce.onehot_mixup")


# -- 06.ce_backward ------------------------------------------------------------------------------
def ceb_cols(z, y):
    d = softmax(z)
    d[:, y] -= 1
    return d / len(y)


def ceb_mutates(z, y):
    z -= z.max(axis=1, keepdims=True)
    return ce_backward(z, y)


def naive_softmax(z):
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


@pytest.mark.parametrize("fn,test,key", [
    (lambda z, y: ce_backward(z, y) * len(y), "t.ceb.values", "fb.ceb.no_mean"),
    (lambda z, y: -ce_backward(z, y), "t.ceb.values", "fb.ceb.sign"),
    (lambda z, y: softmax(z) / len(y), "t.ceb.values", "fb.ceb.no_onehot"),
    (lambda z, y: -np.eye(z.shape[1])[y] / len(y), "t.ceb.values", "fb.ceb.only_onehot"),
    (lambda z, y: -np.eye(z.shape[1])[y] / softmax(z) / len(y), "t.ceb.values", "fb.ceb.dp"),
    (ceb_cols, "t.ceb.values", "fb.ceb.index_cols"),
    (lambda z, y: (softmax(z.T).T - np.eye(z.shape[1])[y]) / len(y), "t.ceb.values",
     "fb.ceb.axis0"),
    (lambda z, y: (naive_softmax(z) - np.eye(z.shape[1])[y]) / len(y), "t.ceb.stable",
     "fb.ceb.unstable"),
    (ceb_mutates, "t.sm.no_mutation", "fb.ceb.mutated"),
    (lambda z, y: ce_backward(z, y) / len(y), "t.ceb.values", "fb.ceb.twice_n"),
    (lambda z, y: (ce(z, y), ce_backward(z, y)), "t.ceb.returns", "fb.ceb.tuple"),
    (lambda z, y: (softmax(z) - y) / len(y), "t.ceb.returns", "fb.ceb.broadcast"),
    (lambda z, y: ce_backward(z.astype(np.float32), y), "t.ceb.returns", "fb.rule.float64"),
])
def test_ce_backward_wrong(fn, test, key):
    assert_diagnosed(grade("06.ce_backward", fn), test, key)


def test_ce_backward_several_mistakes_are_numbered():
    r = grade("06.ce_backward", lambda z, y: np.eye(z.shape[1])[y] - softmax(z))
    assert keys(r)["t.ceb.values"] == ("fb.ceb.sign", "fb.ceb.no_mean")
    assert "(1)" in r.text("ko") and "(2)" in r.text("en")


# -- junk ----------------------------------------------------------------------------------------
JUNK = [None, lambda *a: None, lambda *a: 1 / 0, lambda *a: np.nan,
        lambda *a: np.full((2, 2), np.nan), lambda *a: "softmax", 3.0,
        lambda *a: raise_not_implemented()]


def raise_not_implemented():
    raise NotImplementedError


@pytest.mark.parametrize("task_id", ["06.softmax", "06.log_softmax", "06.cross_entropy",
                                     "06.ce_backward"])
@pytest.mark.parametrize("junk", range(len(JUNK)))
def test_junk_gets_a_message_not_an_exception(task_id, junk):
    r = grade(task_id, JUNK[junk])
    assert r.score == 0
    for lang in i18n.LANGUAGES:
        text = r.text(lang)
        assert text and "Internal grader error" not in text and "내부 오류" not in text, text


def test_nan_outputs_are_explained():
    r = grade("06.softmax", lambda z: np.full(z.shape, np.nan))
    assert keys(r)["t.sm.returns"] == "fb.sm.nan_small"
    r = grade("06.log_softmax", lambda z: np.log(z - z.min()))  # log 0 = -inf on ordinary logits
    assert keys(r)["t.sm.returns"] == "fb.ls.nan_small"
    r = grade("06.ce_backward", lambda z, y: -np.eye(z.shape[1])[y] / (0 * z))
    assert keys(r)["t.ceb.returns"] == "fb.ceb.nan_small"
    r = grade("06.cross_entropy", lambda z, y: float("nan"))
    assert keys(r)["t.ce.returns"] == "fb.ce.nan_small"


def test_library_solutions_score_nothing():
    assert "uses_library" in keys(grade("06.softmax", layers.softmax))["t.sm.returns"]
    r = grade("06.cross_entropy", lambda z, y: layers.softmax_cross_entropy(z, y)[0])
    assert r.score == 0 and keys(r)["t.ce.returns"] == "fb.uses_library"
    r = grade("06.ce_backward", lambda z, y: layers.softmax_cross_entropy(z, y)[1])
    assert r.score == 0


# -- conceptual questions ------------------------------------------------------------------------
def test_init_loss():
    for right in (np.log(10), 2.3, 2.303, -np.log(0.1)):
        assert grade("06.init_loss", right).passed
    for wrong, key in ((1.0, "fb.il.log10"), (np.log2(10), "fb.il.log2"), (0.1, "fb.il.prob"),
                       (10, "fb.il.classes"), (-2.3026, "fb.il.sign"),
                       (64 * np.log(10), "fb.il.sum"), (0.0, "fb.il.generic")):
        assert grade("06.init_loss", wrong).outcomes[0].key == key
    assert grade("06.init_loss", "2.3").outcomes[0].key == "fb.number_quoted"


def test_overflow():
    for right in (88.7, 88.72, float(np.log(np.finfo(np.float32).max))):
        assert grade("06.overflow", right).passed
    for wrong, key in ((709.78, "fb.of.float64"), (3.4028235e38, "fb.of.max_itself"),
                       (128, "fb.of.base2"), (-87.3, "fb.of.underflow"), (89.5, "fb.of.generic")):
        assert grade("06.overflow", wrong).outcomes[0].key == key


def test_two_class():
    assert grade("06.two_class", "b").passed and grade("06.two_class", "(B)").passed
    for wrong in "acd":
        r = grade("06.two_class", wrong)
        assert r.outcomes[0].key == f"fb.tc.{wrong}" and r.score == 0
    assert grade("06.two_class", 2).outcomes[0].key == "fb.choice_type"


def test_float32_loss_message_shows_the_digits_that_differ():
    r = grade("06.cross_entropy",
              lambda z, y: float(-log_softmax(z.astype(np.float32))[rows(y), y].mean()))
    text = next(o for o in r.outcomes if o.name == "t.ce.stable").text("en")
    got, want = re.findall(r"(\d+\.\d+)", text)[:2]
    assert got != want and "float32" in text


def test_broadcast_error_inside_the_learners_own_softmax_names_that_function():
    """A later task that calls the learner's broken softmax (no keepdims) is told to fix softmax,
    not given its own task's hint about y and one-hot vectors."""
    def softmax(z):  # noqa: F811 - the learner's own, broken helper
        e = np.exp(z)
        return e / e.sum(axis=1)

    def cross_entropy(z, y):
        return float(-np.log(softmax(z)[rows(y), y]).mean())

    def cross_entropy_backward(z, y):
        return (softmax(z) - np.eye(z.shape[1])[y]) / len(y)

    def log_softmax(z):  # noqa: F811
        return np.log(softmax(z))

    for task_id, fn, test in (("06.cross_entropy", cross_entropy, "t.ce.returns"),
                              ("06.ce_backward", cross_entropy_backward, "t.ceb.returns"),
                              ("06.log_softmax", log_softmax, "t.sm.returns")):
        r = grade(task_id, fn)
        assert_diagnosed(r, test, "fb.helper_broadcast")
        text = next(o for o in r.outcomes if o.name == test).text("en")
        assert "softmax()" in text


def test_broadcast_error_in_a_nested_helper_keeps_the_tasks_own_hint():
    def cross_entropy(z, y):
        def inner(a):
            return a - a.max(axis=1)
        return float(-inner(z)[rows(y), y].mean())

    assert_diagnosed(grade("06.cross_entropy", cross_entropy), "t.ce.returns", "fb.ce.broadcast")


def test_a_later_task_calling_an_unwritten_stub_is_told_which_one():
    """'Use your log_softmax from above': if that cell is still the stub, the later task does not
    say 'not done yet' about the cell the learner did fill in; it names the stub."""
    def log_softmax(z):  # noqa: F811 - the exercise's stub
        raise NotImplementedError("여기에 코드를 작성하세요 / write your code here")

    def cross_entropy(z, y):
        return float(-log_softmax(z)[rows(y), y].mean())

    r = grade("06.cross_entropy", cross_entropy)
    assert_diagnosed(r, "t.ce.returns", "fb.stub_called")
    assert "log_softmax()" in next(o for o in r.outcomes if o.name == "t.ce.returns").text("en")

    def own_stub(z, y):
        raise NotImplementedError

    assert grade("06.cross_entropy", own_stub).status == "not_done"
