"""Chapter 1 and 3 tasks: wrong answers lose points with the right diagnosis; correct answers
written differently get full marks."""

from __future__ import annotations

import numpy as np
import pytest

from bnbook import layers
from bnbook.grading.engine import get_task, run_task


def grade(task_id, answer):
    return run_task(get_task(task_id), answer, 10.0)


def keys(result):
    return {o.name: o.key for o in result.outcomes}


# -- chapter 1 ---------------------------------------------------------------------------------
def std_right(Xtr, Xte):
    mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0)
    return (Xtr - mu) / sd, (Xte - mu) / sd


def std_right_other(Xtr, Xte):
    mu = Xtr.sum(axis=0) / len(Xtr)
    sd = np.sqrt(((Xtr - mu) ** 2).mean(axis=0))
    return np.divide(Xtr - mu, sd), np.divide(Xte - mu, sd)


@pytest.mark.parametrize("fn", [std_right, std_right_other])
def test_standardize_right(fn):
    assert grade("01.standardize", fn).passed


@pytest.mark.parametrize("fn,key", [
    (lambda a, b: tuple((X - X.mean(0)) / X.std(0) for X in (a, b)), "fb.std.test_stats"),
    (lambda a, b: ((a - a.mean(0)) / a.std(0, ddof=1), (b - a.mean(0)) / a.std(0, ddof=1)),
     "fb.std.ddof"),
    (lambda a, b: (a - a.mean(0), b - a.mean(0)), "fb.std.center_only"),
    (lambda a, b: tuple((X - X.mean(1, keepdims=True)) / X.std(1, keepdims=True)
                        for X in (a, b)), "fb.std.axis1"),
])
def test_standardize_wrong(fn, key):
    r = grade("01.standardize", fn)
    assert not r.passed and keys(r)["t.values"] == key


def test_shift():
    assert grade("01.shift", lambda a, b: (b.mean(0) - a.mean(0)) / a.std(0)).passed
    r = grade("01.shift", lambda a, b: b.mean(0) - a.mean(0))
    assert keys(r)["t.values"] == "fb.shift.unscaled"
    r = grade("01.shift", lambda a, b: (a.mean(0) - b.mean(0)) / a.std(0))
    assert keys(r)["t.values"] == "fb.shift.sign"


def sg_stable(z):
    s = np.exp(-np.logaddexp(0.0, -z))
    return s * (1 - s)


def sg_tanh_form(z):
    return 0.25 * (1 - np.tanh(z / 2) ** 2)  # σ(z) = (1 + tanh(z/2)) / 2


@pytest.mark.parametrize("fn", [sg_stable, sg_tanh_form])
def test_sigmoid_grad_right(fn):
    assert grade("01.sigmoid_grad", fn).passed


@pytest.mark.parametrize("fn,key", [
    (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "fb.sg.overflow"),
    (lambda z: 1 - np.tanh(z) ** 2, "fb.sg.tanh"),
    (lambda z: np.exp(-np.logaddexp(0.0, -z)), "fb.sg.sigmoid"),
])
def test_sigmoid_grad_wrong(fn, key):
    assert keys(grade("01.sigmoid_grad", fn))["t.values"] == key


def test_chapter1_questions():
    assert grade("01.max_grad", 0.25).passed and grade("01.max_grad", 1 / 4).passed
    assert grade("01.max_grad", 0.5).outcomes[0].key == "fb.maxg.half"
    assert grade("01.covariate_shift", "a").passed
    assert grade("01.covariate_shift", "c").outcomes[0].key == "fb.cs.covariance"
    assert grade("01.ics", "d").passed and not grade("01.ics", "a").passed


# -- chapter 3 ---------------------------------------------------------------------------------
def grads_with_layers(x, W, b, gamma, beta, dout, eps):
    z, c1 = layers.affine_forward(x, W, b)
    _, c2 = layers.batchnorm_forward(z, gamma, beta, {"mode": "train", "eps": eps})
    dz = layers.batchnorm_backward_alt(dout, c2)[0]
    return layers.affine_backward(dz, c1)[1:]


def grads_by_hand(x, W, b, gamma, beta, dout, eps):
    z = x @ W + b
    x_hat = (z - z.mean(0)) / np.sqrt(z.var(0) + eps)
    dxh = dout * gamma
    dz = (dxh - dxh.mean(0) - x_hat * (dxh * x_hat).mean(0)) / np.sqrt(z.var(0) + eps)
    return x.T @ dz, dz.sum(axis=0)


@pytest.mark.parametrize("fn", [grads_with_layers, grads_by_hand])
def test_bias_grad_right(fn):
    assert grade("03.bias_grad", fn).passed


def test_bias_grad_wrong():
    r = grade("03.bias_grad", lambda x, W, b, g, be, d, e: (x.T @ d, d.sum(axis=0)))
    assert keys(r)["t.db"] == "fb.bias.dbeta" and keys(r)["t.dW"] == "fb.bias.dw_no_bn"
    r = grade("03.bias_grad", lambda x, W, b, g, be, d, e: (x.T @ d, d))
    assert keys(r)["t.returns"] == "fb.bias.not_summed"


def adam(p, g, m, v, t, lr, beta1, beta2, eps, **mistake):
    from bnbook.grading.tasks_ch03 import adam_variant

    return adam_variant(p, g, m, v, t, lr, beta1, beta2, eps, **mistake)


def adam_in_place(p, g, m, v, t, lr, beta1, beta2, eps):
    m *= beta1
    m += (1 - beta1) * g
    v *= beta2
    v += (1 - beta2) * np.square(g)
    alpha = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)  # Kingma & Ba's efficient form
    p -= alpha * m / (np.sqrt(v) + eps * np.sqrt(1 - beta2**t))
    return p, m, v


@pytest.mark.parametrize("fn", [adam, adam_in_place])
def test_adam_right(fn):
    assert grade("03.adam", fn).passed


@pytest.mark.parametrize("mistake,key", [
    ({"correct": False}, "fb.adam.no_correction"),
    ({"swap": True}, "fb.adam.swapped"),
    ({"eps_inside": True}, "fb.adam.eps_inside"),
    ({"sign": 1.0}, "fb.adam.ascent"),
    ({"t_shift": 1}, "fb.adam.t_shift"),
])
def test_adam_wrong(mistake, key):
    r = grade("03.adam", lambda *a, **k: adam(*a, **k, **mistake))
    assert not r.passed and keys(r)["t.many_steps"] == key


def test_chapter3_questions():
    assert grade("03.shape_coursera", (64, 1)).passed
    assert grade("03.shape_coursera", [64, 1]).passed
    assert grade("03.shape_coursera", (64,)).outcomes[0].key == "fb.shp.flat"
    assert grade("03.shape_book", (64,)).passed
    assert grade("03.shape_book", (64, 1)).outcomes[0].key == "fb.shp.column"
    assert grade("03.shape_book", "(64,)").outcomes[0].key == "fb.shape_type"
    assert grade("03.adam_beta", "b").passed
    assert grade("03.adam_beta", "c").outcomes[0].key == "fb.ab.b"
    assert grade("03.layer_params", 6528).passed
    assert grade("03.layer_params", 6592).outcomes[0].key == "fb.lp.bias"
    assert grade("03.layer_params", 6656).outcomes[0].key == "fb.lp.running"
    assert grade("03.why_no_bias", "c").passed
    assert grade("03.why_no_bias", "d").outcomes[0].key == "fb.nb.d"


# -- mistakes found by working through the notebooks as a learner ------------------------------
def std_global(Xtr, Xte):  # np.mean/np.std without axis: one number for the whole array
    mu, sd = np.mean(Xtr), np.std(Xtr)
    return (Xtr - mu) / sd, (Xte - mu) / sd


def std_pooled(Xtr, Xte):  # statistics of training and test data together
    both = np.vstack([Xtr, Xte])
    mu, sd = both.mean(axis=0), both.std(axis=0)
    return (Xtr - mu) / sd, (Xte - mu) / sd


@pytest.mark.parametrize("fn,key", [(std_global, "fb.std.no_axis"),
                                    (std_pooled, "fb.std.pooled")])
def test_standardize_learner_mistakes(fn, key):
    r = grade("01.standardize", fn)
    assert r.score == 1 and keys(r)["t.values"] == key  # only the return-type point


@pytest.mark.parametrize("fn,key", [
    (lambda a, b: (b.mean(axis=0) - a.mean(axis=0)) / a.std(axis=0, ddof=1), "fb.shift.ddof"),
    (lambda a, b: (b.mean(axis=0) - a.mean(axis=0)) / a.var(axis=0), "fb.shift.var"),
])
def test_shift_learner_mistakes(fn, key):
    r = grade("01.shift", fn)
    assert r.score == 0 and keys(r)["t.values"] == key


def adam_returns_hat(p, g, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m, v = m / (1 - beta1**t), v / (1 - beta2**t)  # overwrites the state with m̂, v̂
    return p - lr * m / (np.sqrt(v) + eps), m, v


def adam_stale_state(p, g, m, v, t, lr, beta1, beta2, eps):
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g**2
    m_hat, v_hat = m_new / (1 - beta1**t), v_new / (1 - beta2**t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), m, v  # the old m, v


@pytest.mark.parametrize("fn,key", [(adam_returns_hat, "fb.adam.returns_hat"),
                                    (adam_stale_state, "fb.adam.stale_m_v")])
def test_adam_state_mistakes(fn, key):
    r = grade("03.adam", fn)
    # the first step is right (m, v start at 0), so only the several-steps test fails
    assert keys(r)["t.one_step"] == "fb.pass"
    assert keys(r)["t.many_steps"] == key and r.score == 2


def test_korean_feedback_after_a_number_uses_both_particles():
    # 32, 64, 6464 ... are read 삼십이, 육십사, 육천사백육십사: a fixed 은 is wrong after them
    text = grade("02.mprime", 32).text("ko")
    assert "32은(는)" in text
    assert "64은(는)" in grade("03.shape_book", 64).text("ko")
