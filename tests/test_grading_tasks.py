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


# -- no shortcut passes ------------------------------------------------------------------------
def test_shift_with_abs_fails_now_that_shifts_have_both_signs():
    r = grade("01.shift", lambda a, b: np.abs((b.mean(0) - a.mean(0)) / a.std(0)))
    assert not r.passed and keys(r)["t.values"] == "fb.shift.abs"


def test_a_table_of_the_fixed_cases_does_not_pass():
    """A learner who stored the right outputs of every input the grader used before (here:
    all fixed cases, computed exactly) and returns zeros otherwise still fails: each check()
    draws one more input."""
    from bnbook.grading import tasks_ch01 as t1

    table = {}
    for seed, sizes, dtype in t1._shift_cases()[:-1]:
        X_a, X_b = (X.astype(dtype) for X in t1.make_data(seed, *sizes))
        table[(X_a.tobytes(), X_b.tobytes())] = (X_b.mean(0) - X_a.mean(0)) / X_a.std(0)

    def lookup(a, b):
        return table.get((a.tobytes(), b.tobytes()), np.zeros(a.shape[1]))

    assert not grade("01.shift", lookup).passed


def test_right_answers_pass_on_every_fresh_draw():
    for _ in range(5):
        assert grade("01.shift", lambda a, b: (b.mean(0) - a.mean(0)) / a.std(0)).passed
        assert grade("01.standardize", std_right).passed


# -- rules as data: the task text states them, the grader enforces them -------------------------
def _task_markdown(tid, lang):
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    (path,) = (root / "solutions" / lang).glob(f"{tid[:2]}_*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for c in cells:
        src = "".join(c["source"])
        first = src.split("\n")[0]
        if c["cell_type"] == "markdown" and first.startswith("## ") and f" {tid}" in first:
            return src
    raise KeyError(tid)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_declared_rule_is_stated_in_its_task_text(lang):
    from bnbook import i18n
    from bnbook.grading.concepts import RULES

    assert RULES, "no rules declared"
    for tid, rules in RULES.items():
        text = _task_markdown(tid, lang)
        for rule in rules:
            assert i18n.t(f"rule.{rule}", lang) in text, (tid, rule, lang)


def bn_forward_float32(x, gamma, beta, bn_param):
    x32 = x.astype(np.float32)
    mu, var = x32.mean(0), x32.var(0)
    out = gamma.astype(np.float32) * (x32 - mu) / np.sqrt(var + bn_param["eps"]) + beta
    m, n = bn_param.get("momentum", 0.9), len(x)
    if bn_param["mode"] == "train":
        bn_param["running_mean"] = m * bn_param["running_mean"] + (1 - m) * mu
        bn_param["running_var"] = m * bn_param["running_var"] + (1 - m) * var * n / (n - 1)
    return out.astype(np.float32), None


def softmax_float32(z):
    e = np.exp((z - z.max(1, keepdims=True)).astype(np.float32))
    return e / e.sum(1, keepdims=True)


@pytest.mark.parametrize("tid,answer,test", [
    ("02.forward", bn_forward_float32, "t.returns"),
    ("06.softmax", softmax_float32, "t.sm.returns"),
])
def test_a_float32_result_breaks_the_float64_rule(tid, answer, test):
    r = grade(tid, answer)
    assert keys(r)[test] == "fb.rule.float64" and r.score == 0


# -- derivations: checked numerically at random points ------------------------------------------
@pytest.mark.parametrize("tid,right,wrong,key", [
    ("01.log_weight", lambda u, mu_a, mu_b, sigma: ((u - mu_a)**2 - (u - mu_b)**2) / (2 * sigma**2),
     lambda u, mu_a, mu_b, sigma: ((u - mu_b)**2 - (u - mu_a)**2) / (2 * sigma**2),
     "fb.lw.reversed"),
    ("02.xhat_var", lambda sigma2, eps: 1 - eps / (sigma2 + eps),
     lambda sigma2, eps: 1.0, "fb.xv.one"),
    ("03.first_moment", lambda t, beta1, g: g - beta1**t * g,
     lambda t, beta1, g: g, "fb.fm.corrected"),
    ("04.noise_exponential", lambda z, m: (2 * (z + 0.5) ** 2 + 0.5) / m,
     lambda z, m: (1 + z**2 / 2) / m, "fb.ne.gaussian"),
    ("05.batch_var", lambda m, sigma2: sigma2 - sigma2 / m,
     lambda m, sigma2: sigma2, "fb05.bv.unbiased"),
    ("06.two_class_grad", lambda z1, z2: -1 / (1 + np.exp(z1 - z2)),
     lambda z1, z2: 1 / (1 + np.exp(z2 - z1)), "fb.tcg.no_label"),
    ("07.beta_2x2", lambda a, b, c: float(np.linalg.eigvalsh([[a, b], [b, c]])[-1]),
     lambda a, b, c: max(a, c), "fb.b2.diag"),
])
def test_derivations(tid, right, wrong, key):
    assert grade(tid, right).passed
    r = grade(tid, wrong)
    assert not r.passed and r.outcomes[0].key == key
    r = grade(tid, lambda **kw: 0.123)  # an unrelated expression: told where it differs
    assert not r.passed and r.outcomes[0].fmt.get("at")


def test_derivation_answer_must_be_a_number():
    r = grade("02.xhat_var", lambda sigma2, eps: "sigma2 / (sigma2 + eps)")
    assert r.outcomes[0].key == "fb.formula.type"


# -- experiments: the graded answer is the claim the measurements support ----------------------
def test_noise_m4_answer_is_what_a_simulation_measures():
    """02.noise_m4: the std of x̂ for x = 1 with 3 N(0, 1) companions, recomputed from 10⁶
    mini-batches (its standard error, about 0.0005, is far inside the task's rtol 0.02)."""
    from bnbook.grading.tasks_ch02 import NOISE_M4

    rng = np.random.default_rng(7)
    b = np.concatenate([np.ones((1_000_000, 1)), rng.normal(size=(1_000_000, 3))], axis=1)
    x_hat = (1.0 - b.mean(1)) / np.sqrt(b.var(1) + 1e-5)
    assert abs(x_hat.std() - NOISE_M4) < 0.002
    assert grade("02.noise_m4", float(x_hat.std())).passed
    unbiased = (1.0 - b.mean(1)) / np.sqrt(b.var(1, ddof=1) + 1e-5)
    assert grade("02.noise_m4", float(unbiased.std())).outcomes[0].key == "fb.nm4.unbiased"
    assert grade("02.noise_m4", np.sqrt(1.5 / 4)).outcomes[0].key == "fb.nm4.delta"


def test_gd_steps_grows_like_the_condition_number():
    from bnbook.grading.tasks_ch01 import gd_steps

    assert gd_steps(1.0) == 1
    ratio = gd_steps(10.0) / gd_steps(3.0)
    assert 100 / 9 * 0.9 < ratio < 100 / 9 * 1.2  # κ grows 100/9-fold
    assert grade("01.gd_steps", gd_steps(10.0)).passed


def test_samuelson_answer_is_what_a_simulation_measures():
    rng = np.random.default_rng(1)
    x = rng.standard_cauchy((20_000, 4))
    got = np.abs((x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + 1e-5)).max()
    assert got <= np.sqrt(3) and grade("04.samuelson", round(float(got), 3)).passed
    assert grade("04.samuelson", 1.5).outcomes[0].key == "fb.sam.unbiased"


def test_ema_startup_tolerance_covers_the_seeds():
    vals = []
    for seed in range(20):
        rng, r = np.random.default_rng(seed), 0.0
        for _ in range(100):
            r = 0.99 * r + 0.01 * rng.normal(3, 2, 32).mean()
        vals.append(r)
        assert grade("05.ema_startup", r).passed, r
    assert grade("05.ema_startup", 3.0).outcomes[0].key == "fb05.ema.converged"


def test_init_loss_spread_tolerance_covers_the_seeds():
    def mean_ce(seed):
        rng = np.random.default_rng(seed)
        z, y = rng.normal(0, 2, (100_000, 10)), rng.integers(0, 10, 100_000)
        m = z.max(1, keepdims=True)
        lse = (m + np.log(np.exp(z - m).sum(1, keepdims=True)))[:, 0]
        return float(np.mean(lse - z[np.arange(len(y)), y]))

    for seed in range(3):
        assert grade("06.init_loss_spread", mean_ce(seed)).passed
    assert grade("06.init_loss_spread", np.log(10) + 2).outcomes[0].key == "fb.ils.approx"


def test_gd_limit_is_two_over_beta():
    assert grade("07.gd_limit", 0.25).passed and grade("07.gd_limit", 0.249).passed
    assert grade("07.gd_limit", 0.125).outcomes[0].key == "fb.gl.one_over"
    assert grade("07.gd_limit", 2 / 7).outcomes[0].key == "fb.gl.diag"


# -- 02.spatial_backward -----------------------------------------------------------------------
def _flat_fwd(x, gamma, beta, eps):
    mu, var = x.mean(0), x.var(0)
    x_hat = (x - mu) / np.sqrt(var + eps)
    return gamma * x_hat + beta, (x_hat, gamma, np.sqrt(var + eps))


def _flat_bwd(dout, cache):
    x_hat, gamma, std = cache
    dxh = dout * gamma
    dx = (dxh - dxh.mean(0) - x_hat * (dxh * x_hat).mean(0)) / std
    return dx, (dout * x_hat).sum(0), dout.sum(0)


def sp_fwd(x, gamma, beta, bn_param):
    N, C, H, W = x.shape
    out, cache = _flat_fwd(x.transpose(0, 2, 3, 1).reshape(-1, C), gamma, beta, bn_param["eps"])
    return out.reshape(N, H, W, C).transpose(0, 3, 1, 2), (cache, x.shape)


def sp_bwd(dout, cache):
    cache, (N, C, H, W) = cache
    dx, dg, db = _flat_bwd(dout.transpose(0, 2, 3, 1).reshape(-1, C), cache)
    return dx.reshape(N, H, W, C).transpose(0, 3, 1, 2), dg, db


def test_spatial_backward():
    assert grade("02.spatial_backward", (sp_fwd, sp_bwd)).passed
    r = grade("02.spatial_backward", (sp_fwd, lambda d, c: (d, d.sum((0, 2, 3)), d.sum(0))))
    assert keys(r)["t.returns"] == "fb.spb.not_summed"
    r = grade("02.spatial_backward", (sp_fwd, lambda d, c: (sp_bwd(d, c)[0], *sp_bwd(d, c)[:0:-1])))
    assert keys(r)["t.dgamma_dbeta"] == "fb.bwd.swapped"
    r = grade("02.spatial_backward", (sp_fwd, lambda d, c: (d * 0.5, *sp_bwd(d, c)[1:])))
    assert keys(r)["t.dx"] == "fb.spb.dx_generic" and r.score == 2
    r = grade("02.spatial_backward", (sp_fwd, lambda d, c: tuple(
        a.astype(np.float32) for a in sp_bwd(d, c))))
    assert keys(r)["t.returns"] == "fb.rule.float64"
