# ruff: noqa: E501  (multiple-choice options are one line each)
"""Chapter 2 tasks: the BN algorithm — forward and backward pass, spatial BN, γ/β, ε.

Diagnoses come from probes: the learner's output is compared with the output of each known-wrong
variant (statistics over axis 1, unbiased variance, ε missing or outside the square root, γ/β
swapped, a missing term in dx, ...) on the same seeded input.
"""

from __future__ import annotations

import itertools

import numpy as np

from ..checks import eval_numerical_gradient_array, rel_error
from ..layers import batchnorm_forward as ref_forward
from ..layers import spatial_batchnorm_forward as ref_spatial_forward
from . import strings_ch02  # noqa: F401  (registers the feedback strings)
from .concepts import (
    choice_task,
    declare_rules,
    formula_task,
    fresh_seed,
    number_task,
    require_float64,
)
from .engine import Fail, NotDone, Task, Test, as_array, as_tuple, call, diagnose, register_task

CH = "02"


# -- inputs ------------------------------------------------------------------------------------
def make_case(seed: int, N: int, D: int, eps: float = 1e-5, momentum: float = 0.9,
              tiny: bool = True):
    """A seeded BN input: x (N, D) with feature means far from 0, one feature of tiny variance
    (so that ε matters), γ (D,), β (D,), and a bn_param with running averages."""
    rng = np.random.default_rng(seed)
    scale = rng.uniform(0.5, 3.0, D)
    if tiny:
        scale[0] = 1e-3  # variance 1e-6: ε = 1e-5 dominates it
    x = rng.normal(rng.uniform(-4, 4, D), scale, (N, D))
    gamma = rng.uniform(0.5, 2.0, D)
    beta = rng.uniform(-1.0, 1.0, D)
    bn_param = {"mode": "train", "eps": eps, "momentum": momentum,
                "running_mean": rng.normal(0, 1, D), "running_var": rng.uniform(0.5, 2.0, D)}
    return x, gamma, beta, bn_param


CASES = [  # (seed, N, D, eps, momentum)
    (0, 8, 5, 1e-5, 0.9),
    (1, 16, 3, 1e-3, 0.8),
    (2, 6, 6, 1e-5, 0.9),  # square: a mean over the wrong axis broadcasts silently
]


def copy_param(bn_param: dict) -> dict:
    return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in bn_param.items()}


# -- known-wrong variants of the forward pass --------------------------------------------------
def bn_variant(x, gamma, beta, eps, *, axis=0, keepdims=True, ddof=0, eps_mode="inside",
               centred_var=True, affine="normal"):
    """BN with one deliberate mistake (the defaults give correct BN). x: (N, D)."""
    mu = x.mean(axis=axis, keepdims=keepdims)
    var = x.var(axis=axis, keepdims=keepdims, ddof=ddof) if centred_var else \
        (x**2).mean(axis=axis, keepdims=keepdims)
    if eps_mode == "inside":
        x_hat = (x - mu) / np.sqrt(var + eps)
    elif eps_mode == "none":
        x_hat = (x - mu) / np.sqrt(var)
    else:  # "outside"
        x_hat = (x - mu) / (np.sqrt(var) + eps)
    if affine == "swapped":
        return beta * x_hat + gamma
    if affine == "none":
        return x_hat
    return gamma * x_hat + beta


def forward_variants(x, gamma, beta, eps) -> dict[str, np.ndarray]:
    v = {
        "fb.fwd.axis1": bn_variant(x, gamma, beta, eps, axis=1),
        "fb.fwd.unbiased": bn_variant(x, gamma, beta, eps, ddof=1),
        "fb.fwd.no_eps": bn_variant(x, gamma, beta, eps, eps_mode="none"),
        "fb.fwd.eps_outside": bn_variant(x, gamma, beta, eps, eps_mode="outside"),
        "fb.fwd.swapped": bn_variant(x, gamma, beta, eps, affine="swapped"),
        "fb.fwd.no_affine": bn_variant(x, gamma, beta, eps, affine="none"),
        "fb.fwd.uncentred_var": bn_variant(x, gamma, beta, eps, centred_var=False),
    }
    if x.shape[0] == x.shape[1]:
        v["fb.fwd.axis1 "] = bn_variant(x, gamma, beta, eps, axis=1, keepdims=False)
    if eps != 1e-5:
        v["fb.fwd.eps_ignored"] = bn_variant(x, gamma, beta, 1e-5)
    return v


def diagnose_combination(out, x, gamma, beta, eps) -> tuple[str, ...] | None:
    """The set of mistakes (two or more at once) whose combination reproduces ``out``."""
    choices = {
        "fb.fwd.axis1": ("axis", 1), "fb.fwd.unbiased": ("ddof", 1),
        "fb.fwd.no_eps": ("eps_mode", "none"), "fb.fwd.eps_outside": ("eps_mode", "outside"),
        "fb.fwd.swapped": ("affine", "swapped"), "fb.fwd.no_affine": ("affine", "none"),
        "fb.fwd.uncentred_var": ("centred_var", False),
    }
    keys = list(choices)
    for a, b in itertools.combinations(keys, 2):
        for c in [None, *keys]:
            combo = [k for k in (a, b, c) if k is not None]
            kwargs = dict(choices[k] for k in combo)
            if len(kwargs) < len(combo) or (c is not None and c in (a, b)):
                continue  # two settings of the same option
            if np.allclose(out, bn_variant(x, gamma, beta, eps, **kwargs), rtol=1e-6, atol=1e-7):
                return tuple(combo)
    return None


def _key(k: str) -> str:
    return k.strip()


def _learner_forward(fn, x, gamma, beta, bn_param, shape):
    out = call(fn, x, gamma, beta, bn_param, shape_hint="D,")
    out, _cache = as_tuple(out, 2, "(out, cache)")
    return require_float64(as_array(out, "out", shape), "out"), _cache


# -- 02.forward --------------------------------------------------------------------------------
def _fwd_returns(fn):
    x, gamma, beta, bn_param = make_case(*CASES[0])
    _learner_forward(fn, x, gamma, beta, bn_param, x.shape)
    return True, "fb.pass", {}


def _fwd_train_output(fn):
    # the fixed cases, then one drawn afresh on every check() (a table of known answers fails)
    for case in (*CASES, (fresh_seed(), 7, 4, 1e-4, 0.9)):
        x, gamma, beta, bn_param = make_case(*case)
        expected, _ = ref_forward(x, gamma, beta, copy_param(bn_param))
        out, _ = _learner_forward(fn, x.copy(), gamma.copy(), beta.copy(), bn_param, x.shape)
        if np.allclose(out, expected, rtol=1e-6, atol=1e-7):
            continue
        key = diagnose(out, forward_variants(x, gamma, beta, bn_param["eps"]), rtol=1e-6,
                       atol=1e-7)
        if key:
            return False, _key(key), {}
        several = diagnose_combination(out, x, gamma, beta, bn_param["eps"])
        if several:
            return False, several, {}
        return False, "fb.fwd.generic", {"err": float(np.max(np.abs(out - expected)))}
    return True, "fb.pass", {}


def _fwd_no_mutation(fn):
    x, gamma, beta, bn_param = make_case(*CASES[0])
    copies = {"x": x.copy(), "gamma": gamma.copy(), "beta": beta.copy()}
    call(fn, x, gamma, beta, bn_param)
    for name, arr in (("x", x), ("gamma", gamma), ("beta", beta)):
        if not np.array_equal(arr, copies[name]):
            return False, "fb.mutated", {"name": name}
    return True, "fb.pass", {}


def _fwd_running(fn):
    seed, N, D, eps, _ = CASES[1]
    x, gamma, beta, bn_param = make_case(seed, N, D, eps, momentum=0.8)
    m = bn_param["momentum"]
    rm0, rv0 = bn_param["running_mean"].copy(), bn_param["running_var"].copy()
    mu, var_b = x.mean(axis=0), x.var(axis=0)
    var_u = x.var(axis=0, ddof=1)
    ref_param = copy_param(bn_param)
    ref_forward(x, gamma, beta, ref_param)
    call(fn, x, gamma, beta, bn_param)
    rm, rv = bn_param.get("running_mean"), bn_param.get("running_var")
    checks = (("running_mean", rm, ref_param["running_mean"], rm0, mu),
              ("running_var", rv, ref_param["running_var"], rv0, var_u))
    for name, got, expected, old, stat in checks:
        if not isinstance(got, np.ndarray) or got.shape != (D,):
            return False, "fb.run.missing", {"name": name}
        if np.allclose(got, expected, rtol=1e-6, atol=1e-9):
            continue
        variants = {
            "fb.run.not_updated": old,
            "fb.run.reversed": (1 - m) * old + m * stat,
            "fb.run.momentum_ignored": 0.9 * old + 0.1 * stat,
            "fb.run.no_average": stat,
        }
        if name == "running_var":
            variants["fb.run.biased"] = m * old + (1 - m) * var_b
            variants["fb.run.reversed_biased"] = (1 - m) * old + m * var_b
        key = diagnose(got, variants, rtol=1e-6, atol=1e-9)
        return False, key or "fb.run.generic", {"name": name}
    return True, "fb.pass", {}


def _fwd_test_mode(fn):
    x, gamma, beta, bn_param = make_case(*CASES[0])
    bn_param["mode"] = "test"
    before = copy_param(bn_param)
    expected, _ = ref_forward(x, gamma, beta, copy_param(bn_param))
    out, _ = _learner_forward(fn, x, gamma, beta, bn_param, x.shape)
    for name in ("running_mean", "running_var"):
        got = bn_param.get(name)
        if not (isinstance(got, np.ndarray) and np.array_equal(got, before[name])):
            return False, "fb.test.updated", {}
    if np.allclose(out, expected, rtol=1e-6, atol=1e-7):
        return True, "fb.pass", {}
    if np.allclose(out, bn_variant(x, gamma, beta, bn_param["eps"]), rtol=1e-6, atol=1e-7):
        return False, "fb.test.batch_stats", {}
    centred, rv, eps = x - before["running_mean"], before["running_var"], bn_param["eps"]
    known = {"fb.test.no_eps": gamma * centred / np.sqrt(rv) + beta,
             "fb.test.var": gamma * centred / (rv + eps) + beta}
    key = diagnose(out, known, rtol=1e-6, atol=1e-7)
    if key:
        return False, key, {}
    return False, "fb.test.generic", {"err": float(np.max(np.abs(out - expected)))}


BN_FORWARD = {"batchnorm_forward", "_batchnorm_forward", "spatial_batchnorm_forward"}
BN_BACKWARD = {"batchnorm_backward", "batchnorm_backward_alt", "_batchnorm_backward_test",
               "_bn_param_grads", "spatial_batchnorm_backward"}

register_task(Task("02.forward", CH, "task.02.forward", ("batchnorm_forward",), level="build", forbidden={
    "layers.py": BN_FORWARD}, tests=[
    Test("t.returns", 1, _fwd_returns),
    Test("t.train_output", 3, _fwd_train_output, needs=("t.returns",)),
    Test("t.no_mutation", 1, _fwd_no_mutation, needs=("t.returns",)),
    Test("t.running", 2, _fwd_running, needs=("t.train_output",)),
    Test("t.test_mode", 1, _fwd_test_mode, needs=("t.train_output",)),
]))


# -- 02.backward -------------------------------------------------------------------------------
BWD_CASE = (5, 6, 4, 1e-5, 0.9)


def _bwd_setup(answer):
    """Run the learner's forward (which must be right) and backward on a small float64 case."""
    if not (isinstance(answer, tuple | list) and len(answer) == 2):
        raise Fail("fb.bwd.pair")
    fwd, bwd = answer
    for f in (fwd, bwd):
        if not callable(f):
            raise Fail("fb.not_callable", typ=type(f).__name__)
    x, gamma, beta, bn_param = make_case(*BWD_CASE, tiny=False)
    N, D = x.shape
    dout = np.random.default_rng(6).normal(size=(N, D))
    try:
        out, cache = _learner_forward(fwd, x.copy(), gamma.copy(), beta.copy(),
                                      copy_param(bn_param), x.shape)
    except (Fail, NotDone):
        _stub_or_fail(bwd, dout)
    expected, ref_cache = ref_forward(x, gamma, beta, copy_param(bn_param))
    if not np.allclose(out, expected, rtol=1e-6, atol=1e-7):
        _stub_or_fail(bwd, dout)
    dout_in = dout.copy()
    grads = call(bwd, dout_in, cache)
    grads = as_tuple(grads, 3, "(dx, dgamma, dbeta)")
    if not np.array_equal(dout_in, dout):
        raise Fail("fb.mutated", name="dout")
    return x, gamma, beta, bn_param, dout, ref_cache, grads


def _stub_or_fail(bwd, dout):
    """The forward pass is not right: "not done" if the backward pass is still the stub too,
    else tell the learner to fix the forward pass first."""
    try:
        bwd(dout.copy(), None)
    except NotImplementedError:
        raise NotDone from None
    except BaseException:  # noqa: BLE001 - any other outcome: the forward pass is the problem
        pass
    raise Fail("fb.bwd.fwd_first")


def _param_grad(value, name, D, N):
    if isinstance(value, np.ndarray) and value.shape == (N, D):
        raise Fail("fb.bwd.not_summed", name=name)
    if isinstance(value, np.ndarray) and value.shape == (N,):
        raise Fail("fb.bwd.axis1", name=name)
    return as_array(value, name, (D,))


def _bwd_returns(answer):
    x, *_, grads = _bwd_setup(answer)
    N, D = x.shape
    require_float64(as_array(grads[0], "dx", (N, D)), "dx")
    require_float64(_param_grad(grads[1], "dgamma", D, N), "dgamma")
    require_float64(_param_grad(grads[2], "dbeta", D, N), "dbeta")
    return True, "fb.pass", {}


def _bwd_params(answer):
    x, _g, _b, _p, dout, ref_cache, grads = _bwd_setup(answer)
    N, D = x.shape
    dgamma = _param_grad(grads[1], "dgamma", D, N)
    dbeta = _param_grad(grads[2], "dbeta", D, N)
    want_dbeta = dout.sum(axis=0)
    want_dgamma = (dout * ref_cache["x_hat"]).sum(axis=0)
    ok_g = np.allclose(dgamma, want_dgamma, rtol=1e-6, atol=1e-9)
    ok_b = np.allclose(dbeta, want_dbeta, rtol=1e-6, atol=1e-9)
    if ok_g and ok_b:
        return True, "fb.pass", {}
    if np.allclose(dgamma, want_dbeta) and np.allclose(dbeta, want_dgamma):
        return False, "fb.bwd.swapped", {}
    if not ok_b:
        return False, "fb.bwd.dbeta", {}
    if np.allclose(dgamma, (dout * ref_cache["x_mu"]).sum(axis=0)):
        return False, "fb.bwd.dgamma_xmu", {}
    return False, "fb.bwd.dgamma", {}


def dx_variants(dout, cache) -> dict[str, np.ndarray]:
    """dx with one term of the chain rule missing. cache: bnbook.layers' BN cache."""
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    dxh = dout * gamma
    mean, mean_xh = dxh.mean(axis=0), (dxh * x_hat).mean(axis=0)
    return {
        "fb.bwd.dx_direct_only": dxh * inv_std,
        "fb.bwd.dx_no_var": (dxh - mean) * inv_std,
        "fb.bwd.dx_no_mean": (dxh - x_hat * mean_xh) * inv_std,
        "fb.bwd.dx_no_gamma": (dout - dout.mean(axis=0)
                               - x_hat * (dout * x_hat).mean(axis=0)) * inv_std,
        "fb.bwd.dx_var_sign": (dxh - mean + x_hat * mean_xh) * inv_std,
    }


def _bwd_dx(answer):
    x, gamma, beta, bn_param, dout, ref_cache, grads = _bwd_setup(answer)
    dx = as_array(grads[0], "dx", x.shape)

    def f(xx):
        return ref_forward(xx, gamma, beta, copy_param(bn_param))[0]

    dx_num = eval_numerical_gradient_array(f, x.copy(), dout)
    err = rel_error(dx, dx_num)
    if err < 1e-6:
        return True, "fb.bwd.dx_ok", {"err": err}
    key = diagnose(dx, dx_variants(dout, ref_cache), rtol=1e-5, atol=1e-8)
    return False, key or "fb.bwd.dx_generic", {"err": err}


register_task(Task("02.backward", CH, "task.02.backward",
                   ("batchnorm_forward", "batchnorm_backward"), level="build",
                   forbidden={"layers.py": BN_FORWARD | BN_BACKWARD}, tests=[
    Test("t.returns", 1, _bwd_returns),
    Test("t.dgamma_dbeta", 2, _bwd_params, needs=("t.returns",)),
    Test("t.dx", 3, _bwd_dx, needs=("t.returns",)),
]))


# -- 02.spatial --------------------------------------------------------------------------------
def make_spatial_case(seed=7, N=3, C=4, H=2, W=5, eps=1e-5):
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.uniform(-3, 3, (1, C, 1, 1)), rng.uniform(0.5, 2, (1, C, 1, 1)),
                   (N, C, H, W))
    gamma = rng.uniform(0.5, 2.0, C)
    beta = rng.uniform(-1.0, 1.0, C)
    bn_param = {"mode": "train", "eps": eps, "momentum": 0.9,
                "running_mean": np.zeros(C), "running_var": np.ones(C)}
    return x, gamma, beta, bn_param


def spatial_variant(x, gamma, beta, eps, axes, ddof=0):
    mu = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True, ddof=ddof)
    g, b = gamma.reshape(1, -1, 1, 1), beta.reshape(1, -1, 1, 1)
    return g * (x - mu) / np.sqrt(var + eps) + b


def spatial_variants(x, gamma, beta, eps):
    N, C, H, W = x.shape
    flat = x.reshape(-1, C)  # reshape without moving the channel axis last
    mu, var = flat.mean(axis=0), flat.var(axis=0)
    wrong_reshape = (gamma * (flat - mu) / np.sqrt(var + eps) + beta).reshape(N, C, H, W)
    # right statistics in (N, H, W, C) order, put back with a reshape alone (no transpose)
    not_back = spatial_variant(x, gamma, beta, eps, (0, 2, 3)).transpose(0, 2, 3, 1)
    return {
        "fb.sp.no_transpose_back": not_back.reshape(N, C, H, W),
        "fb.sp.per_position": spatial_variant(x, gamma, beta, eps, (0,)),
        "fb.sp.per_sample": spatial_variant(x, gamma, beta, eps, (2, 3)),
        "fb.sp.channel_axis": spatial_variant(x, gamma, beta, eps, (1,)),
        "fb.sp.all_axes": spatial_variant(x, gamma, beta, eps, (0, 1, 2, 3)),
        "fb.sp.reshape": wrong_reshape,
        "fb.fwd.unbiased": spatial_variant(x, gamma, beta, eps, (0, 2, 3), ddof=1),
    }


def _spatial_forward_mistake(out, x, gamma, beta, eps):
    """The 02.forward mistake(s) (ε misplaced, unbiased variance, γ/β swapped, ...) that, made
    on the right (N·H·W, C) layout, reproduce ``out``; None if there is none. A learner who
    follows the hint and calls a wrong batchnorm_forward gets this."""
    N, C, H, W = x.shape
    flat = x.transpose(0, 2, 3, 1).reshape(-1, C)
    flat_out = out.transpose(0, 2, 3, 1).reshape(-1, C)
    variants = {k: v for k, v in forward_variants(flat, gamma, beta, eps).items()
                if not k.startswith("fb.fwd.axis1")}  # the channel axis: fb.sp.channel_axis
    key = diagnose(flat_out, variants, rtol=1e-6, atol=1e-7)
    return _key(key) if key else diagnose_combination(flat_out, flat, gamma, beta, eps)


def _spatial_call(fn, x, gamma, beta, bn_param):
    out = call(fn, x, gamma, beta, bn_param, shape_hint="1, C, 1, 1")
    out, _ = as_tuple(out, 2, "(out, cache)")
    return as_array(out, "out", x.shape)


def _sp_returns(fn):
    x, gamma, beta, bn_param = make_spatial_case()
    _spatial_call(fn, x, gamma, beta, bn_param)
    return True, "fb.pass", {}


def _sp_output(fn):
    for seed, shape in ((7, (3, 4, 2, 5)), (8, (2, 3, 4, 4))):
        x, gamma, beta, bn_param = make_spatial_case(seed, *shape)
        expected, _ = ref_spatial_forward(x, gamma, beta, copy_param(bn_param))
        out = _spatial_call(fn, x.copy(), gamma.copy(), beta.copy(), bn_param)
        if np.allclose(out, expected, rtol=1e-6, atol=1e-7):
            continue
        key = diagnose(out, spatial_variants(x, gamma, beta, bn_param["eps"]), rtol=1e-6,
                       atol=1e-7)
        if key:
            return False, key, {}
        forward_key = _spatial_forward_mistake(out, x, gamma, beta, bn_param["eps"])
        if forward_key:
            return False, "fb.sp.forward_mistake", {"detail_key": forward_key}
        return False, "fb.sp.generic", {"err": float(np.max(np.abs(out - expected)))}
    return True, "fb.pass", {}


def _sp_running(fn):
    x, gamma, beta, bn_param = make_spatial_case()
    ref_param, before = copy_param(bn_param), copy_param(bn_param)
    ref_spatial_forward(x, gamma, beta, ref_param)
    _spatial_call(fn, x, gamma, beta, bn_param)
    C = x.shape[1]
    for name in ("running_mean", "running_var"):
        got = bn_param.get(name)
        if not isinstance(got, np.ndarray) or got.shape != (C,):
            return False, "fb.sp.running_shape", {"name": name, "C": C}
        if not np.allclose(got, ref_param[name], rtol=1e-6, atol=1e-9):
            if name == "running_var":  # unbiased with the batch size N, not with m' = N·H·W
                N, mom = x.shape[0], before["momentum"]
                n_corrected = (mom * before[name]
                               + (1 - mom) * x.var(axis=(0, 2, 3)) * N / (N - 1))
                if np.allclose(got, n_corrected, rtol=1e-6, atol=1e-9):
                    return False, "fb.sp.running_m", {}
            return False, "fb.sp.running", {"name": name}
    return True, "fb.pass", {}


register_task(Task("02.spatial", CH, "task.02.spatial", ("spatial_batchnorm_forward",), level="build",
                   forbidden={"layers.py": {"spatial_batchnorm_forward"}}, tests=[
    Test("t.returns", 1, _sp_returns),
    Test("t.spatial_output", 3, _sp_output, needs=("t.returns",)),
    Test("t.running", 1, _sp_running, needs=("t.spatial_output",)),
]))


# -- 02.undo: γ, β that undo BN ------------------------------------------------------------------
def _undo_params(fn, x, eps):
    D = x.shape[1]
    got = as_tuple(call(fn, x.copy(), eps), 2, "(gamma, beta)")
    return as_array(got[0], "gamma", (D,)), as_array(got[1], "beta", (D,))


def _undo_returns(fn):
    x, _, _, bn_param = make_case(*CASES[0], tiny=False)
    _undo_params(fn, x, bn_param["eps"])
    return True, "fb.pass", {}


def _undo_identity(fn):
    for case in (CASES[0], CASES[2], (fresh_seed(), 9, 3, 1e-5, 0.9)):  # ε = 1e-5
        # no tiny-variance feature: the paper's γ = √Var[x] (without ε) counts as right too
        x, _, _, bn_param = make_case(*case, tiny=False)
        eps = bn_param["eps"]
        gamma, beta = _undo_params(fn, x, eps)
        out, _ = ref_forward(x, gamma, beta, copy_param(bn_param))
        # error in units of each feature's standard deviation; γ = √Var[x] without ε (the
        # paper's statement) is off by about ε/(2σ²) ≲ 1e-4 here and counts as right
        if np.max(np.abs(out - x) / x.std(axis=0)) < 1e-3:
            continue
        mu, var = x.mean(axis=0), x.var(axis=0)
        std = np.sqrt(var + eps)
        known = [
            ("fb.undo.swapped", (mu, std)),
            ("fb.undo.var", (var + eps, mu)),
            ("fb.undo.var", (var, mu)),
            ("fb.undo.inverse", (1 / std, mu)),
            ("fb.undo.unbiased", (np.sqrt(x.var(axis=0, ddof=1)), mu)),
            ("fb.undo.beta_zero", (std, np.zeros_like(mu))),
        ]
        for key, (g, b) in known:
            if np.allclose(gamma, g, rtol=1e-4) and np.allclose(beta, b, rtol=1e-4, atol=1e-6):
                return False, key, {}
        return False, "fb.undo.generic", {}
    return True, "fb.pass", {}


register_task(Task("02.undo", CH, "task.02.undo", ("undo_bn",), level="build", tests=[
    Test("t.returns", 1, _undo_returns),
    Test("t.identity", 2, _undo_identity, needs=("t.returns",)),
]))


# -- conceptual questions ----------------------------------------------------------------------
choice_task("02.eps", CH, "task.02.eps", "answer_02_eps", correct="c", options={
    "a": {"ko": "$\\hat x = (x-\\mu_\\mathcal{B})\\,/\\,(\\sigma_\\mathcal{B} + \\epsilon)$",
          "en": "$\\hat x = (x-\\mu_\\mathcal{B})\\,/\\,(\\sigma_\\mathcal{B} + \\epsilon)$"},
    "b": {"ko": "$\\hat x = (x-\\mu_\\mathcal{B})\\,/\\,\\sqrt{\\sigma_\\mathcal{B}^2} + \\epsilon$",
          "en": "$\\hat x = (x-\\mu_\\mathcal{B})\\,/\\,\\sqrt{\\sigma_\\mathcal{B}^2} + \\epsilon$"},
    "c": {"ko": "$\\hat x = (x-\\mu_\\mathcal{B})\\,/\\,\\sqrt{\\sigma_\\mathcal{B}^2 + \\epsilon}$",
          "en": "$\\hat x = (x-\\mu_\\mathcal{B})\\,/\\,\\sqrt{\\sigma_\\mathcal{B}^2 + \\epsilon}$"},
    "d": {"ko": "$\\hat x = (x-\\mu_\\mathcal{B})\\,/\\,(\\sigma_\\mathcal{B}^2 + \\epsilon)$",
          "en": "$\\hat x = (x-\\mu_\\mathcal{B})\\,/\\,(\\sigma_\\mathcal{B}^2 + \\epsilon)$"},
}, explain={"a": "fb.eps.outside", "b": "fb.eps.after", "d": "fb.eps.var"})

choice_task("02.placement", CH, "task.02.placement", "answer_02_placement", correct="d", options={
    "a": {"ko": "층의 출력 $z = g(Wu + b)$, 곧 비선형 함수의 다음에 넣어서 다음 층이 정규화된 입력을 받게 합니다",
          "en": "on the layer's output $z = g(Wu + b)$, after the nonlinearity, so that the next layer gets normalized inputs"},
    "b": {"ko": "층의 입력 $u$에, 가중치를 곱하기 전에 넣습니다. 데이터를 표준화할 때와 같은 자리입니다",
          "en": "on the layer's input $u$, before the weights multiply it, the same place as when data are standardized"},
    "c": {"ko": "가중치 $W$에 넣어, $Wu + b$를 계산하기 전에 $W$의 각 행을 길이 1로 맞춥니다",
          "en": "on the weights $W$, rescaling each row of $W$ to unit length before $Wu + b$ is computed"},
    "d": {"ko": "비선형 함수 $g$ 바로 앞의 $x = Wu$에 넣고, $\\beta$가 그 역할을 맡으므로 편향 $b$는 뺍니다",
          "en": "on $x = Wu$, right before the nonlinearity $g$; the bias $b$ is dropped, since $\\beta$ takes over its role"},
}, explain={"a": "fb.pl.after", "b": "fb.pl.input", "c": "fb.pl.weights"})

choice_task("02.lr", CH, "task.02.lr", "answer_02_lr", correct="b", options={
    "a": {"ko": "10배(0.015). 여러 입문 자료가 말하는 '학습률 10배'입니다",
          "en": "10 times (0.015), the ten-fold rate that many tutorials quote"},
    "b": {"ko": "5배(BN-x5, 0.0075)와 30배(BN-x30, 0.045)",
          "en": "5 times (BN-x5, 0.0075) and 30 times (BN-x30, 0.045)"},
    "c": {"ko": "14배. 그래서 BN-x5가 14분의 1의 스텝 만에 같은 정확도에 닿았습니다",
          "en": "14 times, which is why BN-x5 reached the same accuracy in 14 times fewer steps"},
    "d": {"ko": "Inception과 같은 학습률. 드롭아웃과 가중치 감쇠만 바꿨습니다",
          "en": "the same rate as Inception; only Dropout and the weight decay were changed"},
}, explain={"a": "fb.lr.ten", "c": "fb.lr.fourteen", "d": "fb.lr.same"})

# 32 examples, 64 channels, 7×7 maps: m·p·q = 1568, and none of the common wrong products
# (m = 32, p·q = 49, C = 64, m·C = 2048, C·p·q = 3136, m·C·p·q = 100352) equals it
# (with 8×8 maps, m·C = 32·64 was the right answer 32·8·8 too).
number_task("02.mprime", CH, "task.02.mprime", "answer_02_mprime", correct=32 * 7 * 7, rtol=1e-9,
            known={32: "fb.mprime.batch_only", 49: "fb.mprime.positions_only",
                   32 * 64: "fb.mprime.batch_channels", 64: "fb.mprime.channels_only",
                   64 * 7 * 7: "fb.mprime.one_example",
                   32 * 64 * 7 * 7: "fb.mprime.all_channels"},
            explain="fb.mprime.generic")

number_task("02.params", CH, "task.02.params", "answer_02_params", correct=2 * 64, rtol=1e-9,
            known={64: "fb.params.one", 4 * 64: "fb.params.running",
                   2 * 64 * 7 * 7: "fb.params.per_position"},
            explain="fb.params.generic")

declare_rules("02.forward", "float64")
declare_rules("02.backward", "float64")
declare_rules("02.spatial", "float64")


# -- 02.xhat_var (derivation) ------------------------------------------------------------------
def _xv_point(rng):
    return {"sigma2": float(10 ** rng.uniform(-7, 1)), "eps": float(10 ** rng.uniform(-6, -2))}


formula_task("02.xhat_var", CH, "task.02.xhat_var", "xhat_batch_variance",
             sample=_xv_point, correct=lambda sigma2, eps: sigma2 / (sigma2 + eps), known={
                 "fb.xv.one": lambda sigma2, eps: 1.0,
                 "fb.xv.std": lambda sigma2, eps: np.sqrt(sigma2 / (sigma2 + eps)),
                 "fb.xv.outside": lambda sigma2, eps: sigma2 / (np.sqrt(sigma2) + eps) ** 2,
                 "fb.xv.inverse": lambda sigma2, eps: (sigma2 + eps) / sigma2,
             }, explain="fb.xv.generic", points=2)


# -- 02.noise_m4 (experiment) -----------------------------------------------------------------
# The standard deviation of x̂ for an example x = 1 whose m − 1 = 3 companions are drawn from
# N(0, 1) (biased variance, ε = 1e-5): 0.5052 from 4·10⁶ mini-batches; 30 runs of 100,000
# mini-batches gave 0.5049 ± 0.0014 (0.5018 to 0.5080). rtol 0.02 (±0.010, about 7 standard
# deviations) keeps the unbiased variance's 0.437, the delta method's √(1.5/4) = 0.612 and the
# variance 0.255 outside. tests/test_grading_tasks.py recomputes the value.
NOISE_M4 = 0.5052

number_task("02.noise_m4", CH, "task.02.noise_m4", "answer_02_noise_m4", correct=NOISE_M4,
            rtol=0.02,
            known={0.4375: "fb.nm4.unbiased", float(np.sqrt(1.5 / 4)): "fb.nm4.delta",
                   NOISE_M4**2: "fb.nm4.variance", 0.0: "fb.nm4.zero"},
            explain="fb.nm4.generic", points=2, level="explore")


# -- 02.spatial_backward (build: the chapter printed only the spatial forward pass) -------------
def _spb_case(seed):
    """x: (N, C, H, W) with channel means far from 0, γ, β: (C,), dout like x, bn_param."""
    rng = np.random.default_rng(seed)
    N, C, H, W = 2, 3, int(rng.integers(2, 4)), int(rng.integers(2, 4))
    x = rng.normal(rng.uniform(-3, 3, (1, C, 1, 1)), rng.uniform(0.5, 2, (1, C, 1, 1)),
                   (N, C, H, W))
    gamma, beta = rng.uniform(0.5, 2.0, C), rng.uniform(-1, 1, C)
    bn_param = {"mode": "train", "eps": 1e-5, "momentum": 0.9,
                "running_mean": np.zeros(C), "running_var": np.ones(C)}
    return x, gamma, beta, bn_param, rng.normal(size=(N, C, H, W))


def _spb_run(answer, seed):
    if not (isinstance(answer, tuple | list) and len(answer) == 2):
        raise Fail("fb.spb.pair")
    fwd, bwd = answer
    for f in (fwd, bwd):
        if not callable(f):
            raise Fail("fb.not_callable", typ=type(f).__name__)
    x, gamma, beta, bn_param, dout = _spb_case(seed)
    want, _ = ref_spatial_forward(x, gamma, beta, copy_param(bn_param))
    try:
        out = call(fwd, x.copy(), gamma.copy(), beta.copy(), copy_param(bn_param))
        out, cache = as_tuple(out, 2, "(out, cache)")
    except (Fail, NotDone):
        _stub_or_fail(bwd, dout)
    if not (isinstance(out, np.ndarray) and out.shape == x.shape
            and np.allclose(out, want, rtol=1e-6, atol=1e-7)):
        _stub_or_fail(bwd, dout)
    grads = as_tuple(call(bwd, dout.copy(), cache), 3, "(dx, dgamma, dbeta)")
    C = x.shape[1]
    dx = require_float64(as_array(grads[0], "dx", x.shape), "dx")
    pg = []
    for g, name in ((grads[1], "dgamma"), (grads[2], "dbeta")):
        if isinstance(g, np.ndarray) and g.shape in ((C, *x.shape[2:]), x.shape):
            raise Fail("fb.spb.not_summed", name=name)
        pg.append(require_float64(as_array(g, name, (C,)), name))
    return (x, gamma, beta, bn_param, dout), (dx, *pg)


def _spb_returns(answer):
    _spb_run(answer, 81)
    return True, "fb.pass", {}


def _spb_params(answer):
    for seed in (81, fresh_seed()):
        (x, gamma, beta, bn_param, dout), (_, dgamma, dbeta) = _spb_run(answer, seed)
        mu = x.mean(axis=(0, 2, 3), keepdims=True)
        x_hat = (x - mu) / np.sqrt(x.var(axis=(0, 2, 3), keepdims=True) + bn_param["eps"])
        want_g, want_b = (dout * x_hat).sum(axis=(0, 2, 3)), dout.sum(axis=(0, 2, 3))
        if np.allclose(dgamma, want_g, rtol=1e-6, atol=1e-9) and \
                np.allclose(dbeta, want_b, rtol=1e-6, atol=1e-9):
            continue
        if np.allclose(dgamma, want_b) and np.allclose(dbeta, want_g):
            return False, "fb.bwd.swapped", {}
        if np.allclose(dbeta, dout.sum(axis=0).sum(axis=(1, 2)) / np.prod(x.shape[2:])):
            return False, "fb.spb.mean_positions", {}
        return False, "fb.spb.params_generic", {}
    return True, "fb.pass", {}


def _spb_dx(answer):
    for seed in (82, fresh_seed()):
        (x, gamma, beta, bn_param, dout), (dx, _, _) = _spb_run(answer, seed)

        def f(xx, gamma=gamma, beta=beta, bn_param=bn_param):
            return ref_spatial_forward(xx, gamma, beta, copy_param(bn_param))[0]

        dx_num = eval_numerical_gradient_array(f, x.copy(), dout)
        err = rel_error(dx, dx_num)
        if err < 1e-6:
            continue
        N, C, H, W = x.shape
        # the 2-D backward applied with the positions as features: statistics per (c, h, w)
        flat = x.reshape(N, -1)
        xh = (flat - flat.mean(0)) / np.sqrt(flat.var(0) + bn_param["eps"])
        d = (dout * gamma[None, :, None, None]).reshape(N, -1)
        per_pos = ((d - d.mean(0) - xh * (d * xh).mean(0))
                   / np.sqrt(flat.var(0) + bn_param["eps"])).reshape(x.shape)
        direct = dout * gamma[None, :, None, None] / np.sqrt(
            x.var(axis=(0, 2, 3), keepdims=True) + bn_param["eps"])
        key = diagnose(dx, {"fb.spb.per_position": per_pos, "fb.bwd.dx_direct_only": direct},
                       rtol=1e-5, atol=1e-8)
        return False, key or "fb.spb.dx_generic", {"err": err}
    return True, "fb.bwd.dx_ok", {"err": err}


register_task(Task("02.spatial_backward", CH, "task.02.spatial_backward",
                   ("spatial_batchnorm_forward", "spatial_batchnorm_backward"), level="build",
                   forbidden={"layers.py": BN_FORWARD | BN_BACKWARD}, tests=[
    Test("t.returns", 1, _spb_returns),
    Test("t.dgamma_dbeta", 1, _spb_params, needs=("t.returns",)),
    Test("t.dx", 2, _spb_dx, needs=("t.returns",)),
]))
declare_rules("02.spatial_backward", "float64")
