"""Chapter 5 tasks: the reference and correct answers written differently get full marks; each
diagnosed mistake, written as a learner would write it, loses points and gets its diagnosis in
both languages; junk answers get a message, never an exception."""

from __future__ import annotations

import re
import time

import grading_helpers as helpers
import numpy as np
import pytest
from grading_helpers import HANGUL, keys

from bnbook import layers
from bnbook.grading import check, progress, reset_progress
from bnbook.grading.engine import TASKS

RAW_KEYS = ("fb05.", "fb.", "t05.")  # i18n key prefixes that must never reach a learner


def grade(task_id, answer, timeout=10.0):
    return helpers.grade(task_id, answer, timeout)


def assert_bilingual(result):
    helpers.assert_bilingual(result, RAW_KEYS)


def assert_diagnosed(task_id, answer, test, key):
    return helpers.assert_diagnosed(task_id, answer, test, key, RAW_KEYS, 10.0)


# -- 05.running_stats ----------------------------------------------------------------------------
def running_ref(rm, rv, x, momentum):
    return (momentum * rm + (1 - momentum) * x.mean(axis=0),
            momentum * rv + (1 - momentum) * x.var(axis=0, ddof=1))


def running_by_hand(rm, rv, x, momentum):
    N = x.shape[0]
    mu = x.sum(axis=0) / N
    var_u = ((x - mu) ** 2).sum(axis=0) / (N - 1)
    return rm + (1 - momentum) * (mu - rm), rv + (1 - momentum) * (var_u - rv)  # r += (1-m)(s-r)


def running_biased_then_corrected(rm, rv, x, momentum):
    N = x.shape[0]
    var_b = np.var(x, axis=0)
    return (np.add(momentum * rm, (1 - momentum) * np.mean(x, axis=0)),
            momentum * rv + (1 - momentum) * var_b * N / (N - 1))


@pytest.mark.parametrize("fn", [running_ref, running_by_hand, running_biased_then_corrected])
def test_running_right(fn):
    r = grade("05.running_stats", fn)
    assert r.passed, r.text("en")


def in_place_no_return(rm, rv, x, momentum):
    rm *= momentum
    rm += (1 - momentum) * x.mean(axis=0)
    rv *= momentum
    rv += (1 - momentum) * x.var(axis=0, ddof=1)


def in_place_returned(rm, rv, x, momentum):
    in_place_no_return(rm, rv, x, momentum)
    return rm, rv


@pytest.mark.parametrize("fn,test,key", [
    (lambda rm, rv, x, m: ((1 - m) * rm + m * x.mean(0), (1 - m) * rv + m * x.var(0, ddof=1)),
     "t05.running_values", "fb05.run.reversed"),
    (lambda rm, rv, x, m: (m * rm + (1 - m) * x.mean(0), m * rv + (1 - m) * x.var(0)),
     "t05.running_values", "fb05.run.biased"),
    (lambda rm, rv, x, m: ((1 - m) * rm + m * x.mean(0), (1 - m) * rv + m * x.var(0)),
     "t05.running_values", "fb05.run.reversed_biased"),
    (lambda rm, rv, x, m: (x.mean(0), x.var(0, ddof=1)), "t05.running_values",
     "fb05.run.no_average"),
    (lambda rm, rv, x, m: (rm.copy(), rv.copy()), "t05.running_values", "fb05.run.not_updated"),
    (lambda rm, rv, x, m: (m * rm + (1 - m) * x.mean(0), m * rv + (1 - m) * x.std(0, ddof=1)),
     "t05.running_values", "fb05.run.std"),
    (lambda rm, rv, x, m: (m * rm + (1 - m) * x.mean(0),
                           m * rv + (1 - m) * x.var(0) * (len(x) - 1) / len(x)),
     "t05.running_values", "fb05.run.inverted_factor"),
    (lambda rm, rv, x, m: (m * rm + (1 - m) * x.mean(0),
                           m * rv + (1 - m) * x.var(0, ddof=1) * len(x) / (len(x) - 1)),
     "t05.running_values", "fb05.run.double_factor"),
    (lambda rm, rv, x, m: (m * rm + (1 - m) * x.mean(0),
                           m * rv + (1 - m) * x.var(0) * x.shape[1] / (x.shape[1] - 1)),
     "t05.running_values", "fb05.run.factor_D"),
    (lambda rm, rv, x, m: running_ref(rm, rv, x, 0.9), "t05.running_values",
     "fb05.run.momentum_fixed"),
    (lambda rm, rv, x, m: (x.mean(1), x.var(1, ddof=1)), "t05.returns", "fb05.run.axis1_shape"),
    (lambda rm, rv, x, m: (m * rm + (1 - m) * x.mean(1), m * rv + (1 - m) * x.var(1, ddof=1)),
     "t05.returns", "fb.exception_broadcast"),
    (in_place_no_return, "t05.returns", "fb05.run.in_place_none"),
    (lambda rm, rv, x, m: running_ref(rm, rv, x, m)[::-1], "t05.running_values", "fb05.order"),
    (lambda rm, rv, x, m: (m * rm + (1 - m) * x.mean(0, keepdims=True),
                           m * rv + (1 - m) * x.var(0, ddof=1, keepdims=True)),
     "t05.returns", "fb05.keepdims"),
    (in_place_returned, "t05.no_mutation", "fb05.run.mutated"),
    (lambda rm, rv, x, m: (running_ref(rm, rv, x, m)[0], m * rv + (1 - m) * x.var(0, ddof=2)),
     "t05.running_values", "fb05.run.one_wrong"),
])
def test_running_wrong(fn, test, key):
    assert_diagnosed("05.running_stats", fn, test, key)


def test_running_in_place_but_returned_keeps_the_value_points():
    r = grade("05.running_stats", in_place_returned)
    assert r.score == 4 and keys(r)["t05.running_values"] == "fb.pass"


def test_running_one_wrong_names_the_array_and_the_mistake():
    def mean_reversed(rm, rv, x, m):
        return (1 - m) * rm + m * x.mean(0), running_ref(rm, rv, x, m)[1]

    r = assert_diagnosed("05.running_stats", mean_reversed, "t05.running_values",
                         "fb05.run.one_wrong")
    assert "Only running_mean is wrong" in r.text("en") and "reversed" in r.text("en")
    assert "Two mistakes" not in r.text("en")
    assert "running_mean만 틀렸습니다" in r.text("ko")


def test_running_cannot_call_the_library():
    def via_library(rm, rv, x, m):
        p = {"mode": "train", "momentum": m, "running_mean": rm, "running_var": rv}
        layers.batchnorm_forward(x, np.ones(x.shape[1]), np.zeros(x.shape[1]), p)
        return p["running_mean"], p["running_var"]

    r = grade("05.running_stats", via_library)
    assert r.score == 0 and keys(r)["t05.returns"] == "fb.uses_library"


def test_the_chapters_own_helpers_are_not_an_answer():
    ch05 = pytest.importorskip("bnbook.chapters.ch05")
    if hasattr(ch05, "ema_update"):
        def via_chapter(rm, rv, x, m):
            return (ch05.ema_update(rm, x.mean(0), m), ch05.ema_update(rv, x.var(0, ddof=1), m))

        r = grade("05.running_stats", via_chapter)
        assert r.score == 0 and keys(r)["t05.returns"] == "fb.uses_library"
    if hasattr(ch05, "fold_bn"):
        r = grade("05.fold", ch05.fold_bn)
        assert r.score == 0 and r.outcomes[0].key == "fb.uses_library"


# -- 05.population -------------------------------------------------------------------------------
def population_ref(bm, bv, m):
    return bm.mean(axis=0), m / (m - 1) * bv.mean(axis=0)


def population_loop(bm, bv, m):
    K = len(bm)
    mean, var = np.zeros(bm.shape[1]), np.zeros(bm.shape[1])
    for mu_b, var_b in zip(bm, bv, strict=True):
        mean += mu_b / K
        var += var_b / K
    return mean, var * m / (m - 1)


@pytest.mark.parametrize("fn", [population_ref, population_loop])
def test_population_right(fn):
    assert grade("05.population", fn).passed


@pytest.mark.parametrize("fn,test,key", [
    (lambda bm, bv, m: (bm.mean(0), bv.mean(0)), "t05.pop_var", "fb05.pop.no_factor"),
    (lambda bm, bv, m: (bm.mean(0), (m - 1) / m * bv.mean(0)), "t05.pop_var",
     "fb05.pop.inverted"),
    (lambda bm, bv, m: (bm.mean(0), len(bv) / (len(bv) - 1) * bv.mean(0)), "t05.pop_var",
     "fb05.pop.factor_K"),
    (lambda bm, bv, m: (bm.mean(0), bv.mean(0) + bm.var(0)), "t05.pop_var", "fb05.pop.total"),
    (lambda bm, bv, m: (bm.mean(0), m / (m - 1) * bv.mean(0) + bm.var(0)), "t05.pop_var",
     "fb05.pop.total_unbiased"),
    (lambda bm, bv, m: (bm.mean(0), bm.var(0)), "t05.pop_var", "fb05.pop.var_of_means"),
    (lambda bm, bv, m: (bm.mean(0), np.sqrt(m / (m - 1) * bv.mean(0))), "t05.pop_var",
     "fb05.pop.std"),
    (lambda bm, bv, m: (m / (m - 1) * bm.mean(0), m / (m - 1) * bv.mean(0)), "t05.pop_mean",
     "fb05.pop.mean_factor"),
    (lambda bm, bv, m: (bm.sum(0), m / (m - 1) * bv.sum(0)), "t05.pop_mean", "fb05.pop.sum"),
    (lambda bm, bv, m: (bm.mean(1), m / (m - 1) * bv.mean(1)), "t05.returns", "fb05.pop.axis1"),
    (lambda bm, bv, m: population_ref(bm, bv, m)[::-1], "t05.pop_mean", "fb05.order"),
    (lambda bm, bv, m: (np.mean(bm), m / (m - 1) * np.mean(bv)), "t05.returns",
     "fb05.pop.no_axis"),
    (lambda bm, bv, m: (bm.mean(0), bv.mean(0) * m / m - 1), "t05.pop_var",
     "fb05.pop.precedence"),
    (lambda bm, bv, m: (bm.mean(0), bv.mean(0) * m // (m - 1)), "t05.pop_var",
     "fb05.pop.floor_division"),
    (lambda bm, bv, m: (bm.mean(0, keepdims=True), m / (m - 1) * bv.mean(0)), "t05.returns",
     "fb05.keepdims"),
    (lambda bm, bv, m: (bm.mean(0), m / (m - 1) * bm.var(0)), "t05.pop_var",
     "fb05.pop.var_of_means"),
    (lambda bm, bv, m: (bm.mean(0), np.var(bm, axis=0, ddof=1)), "t05.pop_var",
     "fb05.pop.var_of_means"),
])
def test_population_wrong(fn, test, key):
    assert_diagnosed("05.population", fn, test, key)


def test_population_integer_division_is_named():
    r = grade("05.population", lambda bm, bv, m: (bm.mean(0), m // (m - 1) * bv.mean(0)))
    assert keys(r)["t05.pop_var"] == "fb05.pop.no_factor"
    assert "integer division" in r.text("en") and "정수 나눗셈" in r.text("ko")


def test_population_right_mean_keeps_its_point():
    r = grade("05.population", lambda bm, bv, m: (bm.mean(0), bv.mean(0)))
    assert r.score == 2 and keys(r)["t05.pop_mean"] == "fb.pass"


# -- 05.test_forward -----------------------------------------------------------------------------
def fwd_ref(x, gamma, beta, mean, var, eps):
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def fwd_as_affine(x, gamma, beta, mean, var, eps):
    scale = gamma / np.sqrt(var + eps)
    return x * scale + (beta - mean * scale)  # Algorithm 2's fixed linear map


def fwd_loop(x, gamma, beta, mean, var, eps):
    out = np.empty_like(x)
    for i, row in enumerate(x):
        out[i] = gamma * np.divide(row - mean, (var + eps) ** 0.5) + beta
    return out


@pytest.mark.parametrize("fn", [fwd_ref, fwd_as_affine, fwd_loop])
def test_test_forward_right(fn):
    assert grade("05.test_forward", fn).passed


def batch_stats(x, gamma, beta, mean, var, eps):
    return gamma * (x - x.mean(0)) / np.sqrt(x.var(0) + eps) + beta


def batch_stats_unbiased(x, gamma, beta, mean, var, eps):
    return gamma * (x - x.mean(0)) / np.sqrt(x.var(0, ddof=1) + eps) + beta


@pytest.mark.filterwarnings("ignore:Degrees of freedom:RuntimeWarning")
@pytest.mark.parametrize("fn,test,key", [
    (batch_stats, "t05.test_output", "fb05.test.batch_stats"),
    (batch_stats, "t05.alone", "fb05.test.depends_on_batch"),
    (batch_stats_unbiased, "t05.test_output", "fb05.test.batch_stats_unbiased"),
    (batch_stats_unbiased, "t05.alone", "fb05.test.alone_fails"),  # N = 1: ddof=1 gives NaN
    (lambda x, g, b, mu, var, eps: g * (x - x.mean(0)) / np.sqrt(var + eps) + b,
     "t05.test_output", "fb05.test.batch_mean"),
    (lambda x, g, b, mu, var, eps: g * (x - mu) / (np.sqrt(var) + eps) + b, "t05.test_output",
     "fb05.test.eps_outside"),
    (lambda x, g, b, mu, var, eps: g * (x - mu) / np.sqrt(var) + b, "t05.test_output",
     "fb05.test.no_eps"),
    (lambda x, g, b, mu, var, eps: g * (x - mu) / (var + eps) + b, "t05.test_output",
     "fb05.test.no_sqrt"),
    (lambda x, g, b, mu, var, eps: g * ((x - mu) / np.sqrt(var) + eps) + b, "t05.test_output",
     "fb05.test.eps_after"),
    (lambda x, g, b, mu, var, eps: b * (x - mu) / np.sqrt(var + eps) + g, "t05.test_output",
     "fb05.test.swapped"),
    (lambda x, g, b, mu, var, eps: (x - mu) / np.sqrt(var + eps), "t05.test_output",
     "fb05.test.no_affine"),
    (lambda x, g, b, mu, var, eps: g * (x - mu) / np.sqrt(var + 1e-5) + b, "t05.test_output",
     "fb05.test.eps_fixed"),
    (lambda x, g, b, mu, var, eps: (fwd_ref(x, g, b, mu, var, eps), None),
     "t05.returns", "fb05.test.tuple"),
])
def test_test_forward_wrong(fn, test, key):
    assert_diagnosed("05.test_forward", fn, test, key)


def test_test_forward_batch_dependence_is_shown_with_numbers():
    r = grade("05.test_forward", batch_stats)
    en = r.text("en")
    assert "alone it gives [" in en and "in its batch of 8" in en
    assert "혼자 넣으면 [" in r.text("ko")


def test_test_forward_cannot_call_the_library():
    def via_library(x, gamma, beta, mean, var, eps):
        p = {"mode": "test", "eps": eps, "running_mean": mean, "running_var": var}
        return layers.batchnorm_forward(x, gamma, beta, p)[0]

    r = grade("05.test_forward", via_library)
    assert r.score == 0 and keys(r)["t05.returns"] == "fb.uses_library"


# -- 05.fold -------------------------------------------------------------------------------------
def fold_ref(W, gamma, beta, mean, var, eps):
    scale = gamma / np.sqrt(var + eps)
    return W * scale, beta - scale * mean


def fold_with_diag(W, gamma, beta, mean, var, eps):
    inv_std = 1.0 / np.sqrt(var + eps)
    return W @ np.diag(gamma * inv_std), beta - gamma * mean * inv_std


def fold_through_bn(W, gamma, beta, mean, var, eps):
    """b' = BN(0) and W' = BN(W) − BN(0), with the library's inference-mode BN (allowed here)."""
    p = {"mode": "test", "eps": eps, "running_mean": mean, "running_var": var}
    b = layers.batchnorm_forward(np.zeros((1, W.shape[1])), gamma, beta, p)[0][0]
    return layers.batchnorm_forward(W, gamma, beta, p)[0] - b, b


@pytest.mark.parametrize("fn", [fold_ref, fold_with_diag, fold_through_bn])
def test_fold_right(fn):
    r = grade("05.fold", fn)
    assert r.passed, r.text("en")


def _scale(gamma, var, eps):
    return gamma / np.sqrt(var + eps)


def fold_in_place(W, gamma, beta, mean, var, eps):
    s = _scale(gamma, var, eps)
    W *= s
    return W, beta - s * mean


@pytest.mark.parametrize("fn,test,key", [
    (lambda W, g, b, mu, var, eps: (W.copy(), b - _scale(g, var, eps) * mu), "t05.fold_equal",
     "fb05.fold.not_scaled"),
    (lambda W, g, b, mu, var, eps: (W / _scale(g, var, eps), b - _scale(g, var, eps) * mu),
     "t05.fold_equal", "fb05.fold.inverted"),
    (lambda W, g, b, mu, var, eps: (W / np.sqrt(var + eps), b - _scale(g, var, eps) * mu),
     "t05.fold_equal", "fb05.fold.no_gamma"),
    (lambda W, g, b, mu, var, eps: (W * g / (var + eps), b - g * mu / (var + eps)),
     "t05.fold_equal", "fb05.fold.no_sqrt"),
    (lambda W, g, b, mu, var, eps: (W * g / (np.sqrt(var) + eps),
                                    b - g * mu / (np.sqrt(var) + eps)),
     "t05.fold_equal", "fb05.fold.eps_outside"),
    (lambda W, g, b, mu, var, eps: (W * g / np.sqrt(var), b - g * mu / np.sqrt(var)),
     "t05.fold_equal", "fb05.fold.no_eps"),
    (lambda W, g, b, mu, var, eps: (_scale(g, var, eps)[:, None] * W,
                                    b - _scale(g, var, eps) * mu),
     "t05.fold_equal", "fb05.fold.rows"),
    (lambda W, g, b, mu, var, eps: ((W * _scale(g, var, eps)).T, b - _scale(g, var, eps) * mu),
     "t05.fold_equal", "fb05.fold.transposed_square"),
    (lambda W, g, b, mu, var, eps: (W * _scale(g, var, eps), b + _scale(g, var, eps) * mu),
     "t05.fold_equal", "fb05.fold.b_sign"),
    (lambda W, g, b, mu, var, eps: (W * _scale(g, var, eps), b - mu / np.sqrt(var + eps)),
     "t05.fold_equal", "fb05.fold.b_no_gamma"),
    (lambda W, g, b, mu, var, eps: (W * _scale(g, var, eps), -_scale(g, var, eps) * mu),
     "t05.fold_equal", "fb05.fold.b_no_beta"),
    (lambda W, g, b, mu, var, eps: (W * _scale(g, var, eps), b.copy()), "t05.fold_equal",
     "fb05.fold.b_no_mean"),
    (lambda W, g, b, mu, var, eps: (W * _scale(g, var, eps), b - g * mu), "t05.fold_equal",
     "fb05.fold.b_no_std"),
    (lambda W, g, b, mu, var, eps: (W * _scale(g, var, eps), b - mu), "t05.fold_equal",
     "fb05.fold.b_mean_only"),
    (lambda W, g, b, mu, var, eps: (W * _scale(g, var, eps), (b - _scale(g, var, eps) * mu)[None]),
     "t05.returns", "fb05.fold.b_2d"),
    (fold_in_place, "t05.no_mutation", "fb05.fold.mutated"),
])
def test_fold_wrong(fn, test, key):
    assert_diagnosed("05.fold", fn, test, key)


def test_fold_transposed_on_a_non_square_layer():
    def transposed(W, g, b, mu, var, eps):
        W_f, b_f = fold_ref(W, g, b, mu, var, eps)
        return (W_f.T if W.shape[0] != W.shape[1] else W_f), b_f

    assert_diagnosed("05.fold", transposed, "t05.fold_equal", "fb05.fold.transposed")


def test_fold_two_mistakes_are_both_named():
    def two(W, g, b, mu, var, eps):
        return W.copy(), b + _scale(g, var, eps) * mu

    r = grade("05.fold", two)
    assert keys(r)["t05.fold_equal"] == ("fb05.fold.not_scaled", "fb05.fold.b_sign")
    assert "(1)" in r.text("en") and "(2)" in r.text("ko")
    assert_bilingual(r)



def test_fold_with_the_lectures_column_convention_is_named():
    """diag(γ/σ)·W is the chapter's column-convention fold; copied into the row convention it
    scales the rows of W, and the message says where that formula comes from."""
    def column_convention(W, g, b, mu, var, eps):
        return np.diag(_scale(g, var, eps)) @ W, b - _scale(g, var, eps) * mu

    r = assert_diagnosed("05.fold", column_convention, "t05.fold_equal", "fb05.fold.rows")
    assert "np.diag(scale) @ W" in r.text("en") and "열 규약" in r.text("ko")


def test_window_63_is_not_called_the_half_life():
    """63 (the 63% of the weight on the last 1/(1 − ρ) batches) falls within 10% of the half-life
    69; the message names both instead of calling 63 the half-life."""
    r = grade("05.window", 63)
    assert r.outcomes[0].key == "fb05.win.half_life"
    assert "63%" in r.text("en") and "63%" in r.text("ko")
    assert "is close to" in r.text("en")

# -- conceptual questions ------------------------------------------------------------------------
@pytest.mark.parametrize("task_id,right,wrong", [
    ("05.torch_momentum", [0.9, 1 - 0.1, np.float32(0.9)],
     {0.1: "fb05.tm.same", 0.99: "fb05.tm.keras", 0.5: "fb05.tm.generic"}),
    ("05.window", [100, 1 / (1 - 0.99), 95, 110],
     {69: "fb05.win.half_life", 10: "fb05.win.ten", 1000: "fb05.win.thousand",
      458: "fb05.win.one_percent", 0.99: "fb05.win.momentum", 50: "fb05.win.generic"}),
    ("05.one_example", ["c", " (C) "],
     {"a": "fb05.one.a", "d": "fb05.one.c", "b": "fb05.one.d"}),
    ("05.alg2", ["a", "(a)"],
     {"b": "fb05.alg2.ema", "c": "fb05.alg2.batch", "d": "fb05.alg2.whole"}),
])
def test_questions(task_id, right, wrong):
    for answer in right:
        assert grade(task_id, answer).passed, (task_id, answer)
    for answer, key in wrong.items():
        r = grade(task_id, answer)
        assert not r.passed and r.outcomes[0].key == key, (task_id, answer)
        assert_bilingual(r)


def test_questions_reject_the_wrong_kind_of_answer():
    assert grade("05.window", "100").outcomes[0].key == "fb.number_quoted"
    assert grade("05.torch_momentum", float("nan")).outcomes[0].key == "fb.number_type"
    assert grade("05.one_example", "e").outcomes[0].key == "fb.choice_type"


# -- junk answers: a message, never an exception ---------------------------------------------------
CODE_TASKS = ["05.running_stats", "05.population", "05.test_forward", "05.fold"]


def _raises(*args):
    raise KeyError("oops")


def _stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize("task_id", CODE_TASKS)
@pytest.mark.parametrize("answer,want", [
    (None, "not_done"), (_stub, "not_done"), (3, "fb.not_callable"), (_raises, "fb.exception"),
    (lambda *a: None, "fb.none"), (lambda *a: "text", None), (lambda *a: (1, 2, 3), None),
    (lambda *a: (np.full(2, np.nan), np.full(2, np.nan)), None),
    (lambda *a: np.full((3, 3), np.nan), None),
])
def test_junk_gets_a_message(task_id, answer, want):
    r = grade(task_id, answer)
    assert r.score == 0
    if want == "not_done":
        assert r.status == "not_done"
        return
    first = r.outcomes[0]
    assert not first.passed and first.key != "note.grader_bug", r.text("en")
    if want is not None:
        assert first.key == want
    assert_bilingual(r)


def test_an_infinite_loop_times_out():
    def forever(*args):
        # bounded by this thread's CPU time (10× the limit), not by the wall clock: on a loaded
        # machine 2 s of wall time could hold less than the 0.2 s CPU limit and end in time
        t = time.thread_time()
        while time.thread_time() - t < 2.0:
            pass

    r = grade("05.population", forever, timeout=0.2)
    assert r.score == 0 and r.outcomes[0].key == "fb.timeout"


def test_check_records_progress_and_never_raises():
    reset_progress()
    check("05.population", population_ref)
    check("05.fold", _raises)
    p = progress("05")
    chapter5 = sum(t.max_score for t in TASKS.values() if t.chapter == "05")
    assert p.score == 4 and p.max_score == chapter5
    reset_progress()


def test_the_references_pass():
    for task_id, fn in (("05.running_stats", running_ref), ("05.population", population_ref),
                        ("05.test_forward", fwd_ref), ("05.fold", fold_ref)):
        assert grade(task_id, fn).passed


def test_every_feedback_key_of_the_tasks_has_both_languages():
    """Keys on rarely taken paths (generic fallbacks) exist too: a typo would show the raw key."""
    from pathlib import Path

    from bnbook.grading import strings_ch05, tasks_ch05

    source = Path(tasks_ch05.__file__).read_text(encoding="utf-8")
    used = {k for k in re.findall(r'"((?:fb05|t05|task\.05)\.[\w.]+)"', source)
            if not k.endswith("_")}  # "fb05.run.generic_" + name
    used |= {"fb05.run.generic_running_mean", "fb05.run.generic_running_var"}  # built by name
    assert len(used) > 60
    missing = sorted(k for k in used if k not in strings_ch05.STRINGS)
    assert not missing, missing
    for key, entry in strings_ch05.STRINGS.items():
        assert HANGUL.search(entry["ko"]) or key.startswith("t05.pop"), key
        assert entry["en"] and entry["ko"] != entry["en"] or key.startswith("t05.pop"), key
