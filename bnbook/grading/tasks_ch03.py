# ruff: noqa: E501  (multiple-choice options are one line each)
"""Chapter 3 tasks: bias elimination (∂L/∂b = 0 before BN), parameter shapes, Adam for γ and β."""

from __future__ import annotations

import numbers

import numpy as np

from ..checks import eval_numerical_gradient_array, rel_error
from ..layers import batchnorm_forward as ref_bn
from ..optim import Adam
from . import strings_ch03  # noqa: F401  (registers the feedback strings)
from .concepts import choice_task, formula_task, fresh_seed, number_task, value_task
from .engine import Fail, Task, Test, as_array, as_tuple, call, diagnose, register_task

CH = "03"


# -- 03.bias_grad: ∂L/∂b = 0 -------------------------------------------------------------------
def make_layer(seed: int = 11, N: int = 6, D_in: int = 4, D_out: int = 3):
    """x: (N, D_in), W: (D_in, D_out), b, gamma, beta: (D_out,), dout: (N, D_out), eps."""
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(N, D_in)), rng.normal(size=(D_in, D_out)),
            rng.normal(size=D_out), rng.uniform(0.5, 2, D_out), rng.normal(size=D_out),
            rng.normal(size=(N, D_out)), 1e-5)


def layer_out(x, W, b, gamma, beta, eps):
    return ref_bn(x @ W + b, gamma, beta, {"mode": "train", "eps": eps})[0]


def _bias_call(fn, case):
    x, W, b, gamma, beta, dout, eps = case
    got = as_tuple(call(fn, x.copy(), W.copy(), b.copy(), gamma.copy(), beta.copy(),
                        dout.copy(), eps), 2, "(dW, db)")
    if isinstance(got[1], np.ndarray) and got[1].shape == dout.shape:
        raise Fail("fb.bias.not_summed")
    return as_array(got[0], "dW", W.shape), as_array(got[1], "db", b.shape)


def _bias_returns(fn):
    _bias_call(fn, make_layer())
    return True, "fb.pass", {}


def _bias_db(fn):
    case = make_layer()
    _, db = _bias_call(fn, case)
    dout = case[5]
    if np.max(np.abs(db)) < 1e-8 * max(1.0, np.max(np.abs(dout))):
        return True, "fb.bias.zero", {}
    known = {"fb.bias.dbeta": dout.sum(axis=0)}
    return False, diagnose(db, known) or "fb.bias.generic", {"got": np.round(db, 4).tolist()}


def _bias_dw_case(fn, seed):
    """None if dW is right on this case, else (key, fmt)."""
    x, W, b, gamma, beta, dout, eps = case = make_layer(seed)
    dW, _ = _bias_call(fn, case)
    num = eval_numerical_gradient_array(lambda w: layer_out(x, w, b, gamma, beta, eps),
                                        W.copy(), dout)
    err = rel_error(dW, num)
    if err < 1e-6:
        return None
    if np.allclose(dW, x.T @ dout):
        return "fb.bias.dw_no_bn", {"err": err}
    return "fb.bias.dw_generic", {"err": err}


def _bias_dw(fn):
    for seed in (11, 12, fresh_seed()):  # the last one new on every check()
        bad = _bias_dw_case(fn, seed)
        if bad:
            return False, *bad
    return True, "fb.bias.dw_ok", {}


register_task(Task("03.bias_grad", CH, "task.03.bias_grad", ("affine_bn_grads",), level="build", tests=[
    Test("t.returns", 1, _bias_returns),
    Test("t.db", 2, _bias_db, needs=("t.returns",)),
    Test("t.dW", 2, _bias_dw, needs=("t.returns",)),
]))


# -- 03.adam: Adam steps for γ and β --------------------------------------------------------------
HYPER = {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}


def adam_variant(p, g, m, v, t, lr, beta1, beta2, eps, *, correct=True, swap=False,
                 eps_inside=False, t_shift=0, sign=-1.0, abs_v=False, state="new"):
    """One Adam step with one deliberate mistake (defaults: the right step). ``state`` is what
    the step hands back as (m, v): ``"new"`` (right), ``"hat"`` (the bias-corrected m̂, v̂) or
    ``"old"`` (the values it was given)."""
    if swap:
        beta1, beta2 = beta2, beta1
    m_old, v_old = m, v
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * (np.abs(g) if abs_v else g * g)
    tt = t + t_shift
    m_hat, v_hat = (m / (1 - beta1**tt), v / (1 - beta2**tt)) if correct else (m, v)
    step = m_hat / np.sqrt(v_hat + eps) if eps_inside else m_hat / (np.sqrt(v_hat) + eps)
    handed_back = {"new": (m, v), "hat": (m_hat, v_hat), "old": (m_old, v_old)}[state]
    return p + sign * lr * step, *handed_back


def _grad_sequence(seed: int, D: int, steps: int):
    rng = np.random.default_rng(seed)
    tiny = np.ones(D)
    tiny[0] = 1e-6  # v̂ ≈ 1e-12 here, so that ε's place (inside or outside √) shows
    return [{"gamma": rng.normal(0.5, 1, D) * tiny, "beta": rng.normal(-0.2, 1, D)}
            for _ in range(steps)]


def _run_learner(fn, params, grads):
    """Apply the learner's adam_step to γ and β for every gradient in ``grads``."""
    p = {k: v.copy() for k, v in params.items()}
    state = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in p.items()}
    for t, g in enumerate(grads, start=1):
        for name in p:
            out = as_tuple(call(fn, p[name].copy(), g[name].copy(), state[name][0].copy(),
                                state[name][1].copy(), t, **HYPER), 3, "(p, m, v)")
            shape = p[name].shape
            new = [as_array(a, f"{label} ({name})", shape) for a, label in zip(
                out, ("p", "m", "v"), strict=True)]
            p[name], state[name] = new[0], (new[1], new[2])
    return p


def _run_reference(params, grads, **mistake):
    if not mistake:
        p = {k: v.copy() for k, v in params.items()}
        opt = Adam(**HYPER)
        for g in grads:
            opt.step(p, {k: v.copy() for k, v in g.items()})
        return p
    out = {}
    for name, p0 in params.items():
        p, m, v = p0.copy(), np.zeros_like(p0), np.zeros_like(p0)
        for t, g in enumerate(grads, start=1):
            p, m, v = adam_variant(p, g[name], m, v, t, **HYPER, **mistake)
        out[name] = p
    return out


MISTAKES = {
    "fb.adam.no_correction": {"correct": False},
    "fb.adam.swapped": {"swap": True},
    "fb.adam.eps_inside": {"eps_inside": True},
    "fb.adam.t_shift": {"t_shift": 1},
    "fb.adam.ascent": {"sign": 1.0},
    "fb.adam.abs_v": {"abs_v": True},
    "fb.adam.returns_hat": {"state": "hat"},
    "fb.adam.stale_m_v": {"state": "old"},
}


def _adam_check(fn, steps: int, seed: int = 21):
    D = 5
    rng = np.random.default_rng(seed)
    params = {"gamma": rng.uniform(0.5, 2, D), "beta": rng.normal(0, 1, D)}
    grads = _grad_sequence(seed + 1, D, steps)
    got = _run_learner(fn, params, grads)
    want = _run_reference(params, grads)
    flat = np.concatenate([got["gamma"], got["beta"]])
    if np.allclose(flat, np.concatenate([want["gamma"], want["beta"]]), rtol=1e-7, atol=1e-10):
        return True, "fb.pass", {}
    variants = {}
    for key, mistake in MISTAKES.items():
        v = _run_reference(params, grads, **mistake)
        variants[key] = np.concatenate([v["gamma"], v["beta"]])
    return False, diagnose(flat, variants, rtol=1e-7, atol=1e-10) or "fb.adam.generic", {}


def _adam_returns(fn):
    _adam_check(fn, 1)  # raises Fail for a wrong return type, shape or NaN
    return True, "fb.pass", {}


register_task(Task("03.adam", CH, "task.03.adam", ("adam_step",), level="build", forbidden={
    "optim.py": {"step", "_update"}}, tests=[
    Test("t.returns", 1, _adam_returns),
    Test("t.one_step", 1, lambda fn: _adam_check(fn, 1), needs=("t.returns",)),
    # six steps from fresh seeds on every check(), so stored answers cannot pass
    Test("t.many_steps", 2, lambda fn: _adam_check(fn, 6, fresh_seed()), needs=("t.returns",)),
]))


# -- conceptual questions ----------------------------------------------------------------------
def _shape(answer):
    if isinstance(answer, numbers.Integral) and not isinstance(answer, bool):
        return int(answer)
    if isinstance(answer, tuple | list) and all(
            isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in answer):
        return tuple(int(a) for a in answer)
    raise Fail("fb.shape_type", got=repr(answer)[:60])


value_task("03.shape_coursera", CH, "task.03.shape_coursera", "answer_03_shape_coursera",
           correct=(64, 1), normalize=_shape,
           known={(1, 64): "fb.shp.transposed", (64,): "fb.shp.flat", 64: "fb.shp.int",
                  (32, 64): "fb.shp.batch", (64, 32): "fb.shp.batch"},
           explain="fb.shp.coursera_generic")

value_task("03.shape_book", CH, "task.03.shape_book", "answer_03_shape_book",
           correct=(64,), normalize=_shape,
           known={(64, 1): "fb.shp.column", (1, 64): "fb.shp.row", 64: "fb.shp.int",
                  (32, 64): "fb.shp.batch"},
           explain="fb.shp.book_generic")

number_task("03.layer_params", CH, "task.03.layer_params", "answer_03_layer_params",
            correct=100 * 64 + 2 * 64, rtol=1e-9,
            known={100 * 64 + 3 * 64: "fb.lp.bias", 100 * 64: "fb.lp.no_gamma_beta",
                   100 * 64 + 4 * 64: "fb.lp.running", 100 * 64 + 64: "fb.lp.one"},
            explain="fb.lp.generic")

choice_task("03.adam_beta", CH, "task.03.adam_beta", "answer_03_adam_beta", correct="b", options={
    "a": {"ko": "BN의 $\\beta$는 이동 평균의 모멘텀입니다. 모멘텀이나 Adam에서 기울기를 평균하는 그 $\\beta$와 같은 것입니다",
          "en": "BN's $\\beta$ is the momentum of a moving average, the same $\\beta$ that averages gradients in momentum or Adam"},
    "b": {"ko": "$\\beta_1$은 학습 전에 정하는 하이퍼파라미터이고, BN의 $\\beta$는 Adam이 $W$처럼 갱신하는 파라미터입니다",
          "en": "$\\beta_1$ is a hyperparameter fixed before training; BN's $\\beta$ is a parameter that Adam updates like $W$"},
    "c": {"ko": "둘 다 학습됩니다. Adam은 $\\beta_1$도 BN의 $\\beta$와 함께 경사 하강법으로 갱신합니다",
          "en": "both are learned: Adam updates $\\beta_1$ by gradient descent together with BN's $\\beta$"},
    "d": {"ko": "둘 다 하이퍼파라미터입니다. BN의 $\\beta$도 $\\beta_1$처럼 학습 전에 정해 두고 바꾸지 않습니다",
          "en": "both are hyperparameters: BN's $\\beta$ is set before training and kept fixed, like $\\beta_1$"},
}, explain={"a": "fb.ab.a", "c": "fb.ab.b", "d": "fb.ab.d"})

choice_task("03.why_no_bias", CH, "task.03.why_no_bias", "answer_03_why_no_bias", correct="c", options={
    "a": {"ko": "BN이 $\\sigma_\\mathcal{B}$로 나누므로 $b$가 $Wu$에 비해 아주 작아져 무시할 수 있습니다",
          "en": "BN divides by $\\sigma_\\mathcal{B}$, which makes $b$ negligible next to $Wu$ once the weights have grown"},
    "b": {"ko": "추론 모드에서만 뺄 수 있습니다. 거기서는 이동 평균이 $b$를 지우지만 학습 중에는 $b$가 필요합니다",
          "en": "only in inference mode: there the running mean removes $b$, but training still needs it"},
    "c": {"ko": "미니배치 평균을 빼면 모든 예제에 더해진 상수 $b$가 지워지고, 그 역할은 $\\beta$가 맡습니다",
          "en": "the mean subtraction cancels a constant $b$ added to every example; $\\beta$ takes its role"},
    "d": {"ko": "$b$의 기울기가 폭발해 학습을 불안정하게 만들기 때문에 빼야 합니다",
          "en": "$b$'s gradient explodes and destabilizes training, so it must be removed"},
}, explain={"a": "fb.nb.sigma", "b": "fb.nb.inference", "d": "fb.nb.d"})


# -- 03.first_moment (derivation) --------------------------------------------------------------
def _fm_point(rng):
    return {"t": int(rng.integers(1, 60)), "beta1": float(rng.uniform(0.5, 0.999)),
            "g": float(rng.normal(0, 3))}


formula_task("03.first_moment", CH, "task.03.first_moment", "first_moment",
             sample=_fm_point, correct=lambda t, beta1, g: (1 - beta1**t) * g, known={
                 "fb.fm.corrected": lambda t, beta1, g: g,
                 "fb.fm.power": lambda t, beta1, g: beta1**t * g,
                 "fb.fm.one_step": lambda t, beta1, g: (1 - beta1) * g,
                 "fb.fm.t_minus_1": lambda t, beta1, g: (1 - beta1 ** (t - 1)) * g,
             }, explain="fb.fm.generic", points=2)


# -- 03.scale_ratio (experiment) ---------------------------------------------------------------
number_task("03.scale_ratio", CH, "task.03.scale_ratio", "answer_03_scale_ratio", correct=0.1,
            # ε breaks the invariance by about ε/σ² ≈ 1e-5 relative for this layer; 1e-3 also
            # accepts a float32 computation
            rtol=1e-3,
            known={1.0: "fb.sr.same", 10.0: "fb.sr.inverse", 0.01: "fb.sr.square"},
            explain="fb.sr.generic", level="explore")
