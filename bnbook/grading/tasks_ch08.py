"""Chapter 8 tasks: group normalization forward and backward (build), the statistics axes and the
framework conventions (check), the weight-norm growth under BN (derivation, build), and the
ratio of a measured experiment, graded as a function on fresh synthetic histories (explore).

Diagnoses come from probes: the learner's output on seeded inputs is compared with the output of
each known-wrong variant (statistics over BN's axes, over the wrong groups, unbiased variance, ε
outside the square root, a term of the backward pass missing, ...).
"""

from __future__ import annotations

import numpy as np

from . import strings_ch08  # noqa: F401  (registers the feedback strings)
from .concepts import choice_task, fresh_seed, number_task
from .engine import Fail, Task, Test, as_array, as_tuple, call, diagnose, register_task

CH = "08"
RTOL, ATOL = 1e-6, 1e-9
LIBRARY = {"norms.py": {"groupnorm_forward", "groupnorm_backward", "instancenorm_forward",
                        "instancenorm_backward", "layernorm_forward", "layernorm_backward",
                        "_normalize_rows", "_rows_backward"}}


def _same(a, b) -> bool:
    return bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


# -- reference (judge side) --------------------------------------------------------------------
def _norm(x, axes, eps, ddof=0, eps_outside=False):
    mu = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True, ddof=ddof)
    return (x - mu) / (np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps))


def reference_gn(x, gamma, beta, G, eps):
    """Group normalization: groups of C/G consecutive channels, statistics per example and group."""
    N, C, H, W = x.shape
    xg = x.reshape(N, G, C // G, H, W)
    x_hat = _norm(xg, (2, 3, 4), eps).reshape(x.shape)
    return gamma[:, None, None] * x_hat + beta[:, None, None]


def gn_variants(x, gamma, beta, G, eps) -> dict[str, np.ndarray]:
    N, C, H, W = x.shape
    g, b = gamma[:, None, None], beta[:, None, None]
    xg = x.reshape(N, G, C // G, H, W)
    v = {
        "fb08.gn.bn_axes": g * _norm(x, (0, 2, 3), eps) + b,
        "fb08.gn.unbiased": g * _norm(xg, (2, 3, 4), eps, ddof=1).reshape(x.shape) + b,
        "fb08.gn.eps_outside": g * _norm(xg, (2, 3, 4), eps, eps_outside=True).reshape(x.shape) + b,
        "fb08.gn.no_affine": _norm(xg, (2, 3, 4), eps).reshape(x.shape),
        "fb08.gn.batch_groups": g * _norm(xg, (0, 2, 3, 4), eps).reshape(x.shape) + b,
    }
    if G != C:
        v["fb08.gn.instance"] = g * _norm(x, (2, 3), eps) + b
    if G != 1:
        v["fb08.gn.layer"] = g * _norm(x, (1, 2, 3), eps) + b
    if 1 < G < C:  # channel c in group c % G instead of c // (C/G)
        xi = x.reshape(N, C // G, G, H, W)
        v["fb08.gn.interleaved"] = g * _norm(xi, (1, 3, 4), eps).reshape(x.shape) + b
    return v


GN_CASES = [  # (seed, N, C, H, W, G)
    (81, 3, 6, 4, 5, 3),
    (82, 2, 4, 3, 3, 1),    # G = 1: layer normalization over C·H·W
    (83, 2, 4, 3, 3, 4),    # G = C: instance normalization
    (84, 4, 8, 2, 3, 2),
]


def make_gn_case(seed, N, C, H, W, G):
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.uniform(-2, 2, (1, C, 1, 1)), rng.uniform(0.5, 3, (1, C, 1, 1)),
                   (N, C, H, W))
    return x, rng.normal(1, 0.5, C), rng.normal(0, 0.5, C), G, 1e-5


def _gn_call(fn, case):
    x, gamma, beta, G, eps = case
    out = call(fn, x.copy(), gamma.copy(), beta.copy(), G, eps, shape_hint="C,")
    if isinstance(out, tuple) and len(out) == 2:
        raise Fail("fb08.gn.tuple")
    return as_array(out, "out", x.shape)


def _gn_returns(fn):
    _gn_call(fn, make_gn_case(*GN_CASES[0]))
    return True, "fb.pass", {}


def _gn_values(fn):
    for args in GN_CASES:
        case = make_gn_case(*args)
        got = _gn_call(fn, case)
        if _same(got, reference_gn(*case)):
            continue
        key = diagnose(got, gn_variants(*case), rtol=RTOL, atol=ATOL)
        return False, key or "fb08.gn.generic", {"G": case[3], "C": case[0].shape[1]}
    return True, "fb.pass", {}


def _gn_alone(fn):
    x, gamma, beta, G, eps = make_gn_case(*GN_CASES[3])
    full = _gn_call(fn, (x, gamma, beta, G, eps))
    alone = _gn_call(fn, (x[1:2], gamma, beta, G, eps))
    if _same(full[1:2], alone):
        return True, "fb.pass", {}
    return False, "fb08.gn.depends_on_batch", {}


register_task(Task("08.groupnorm_forward", CH, "task.08.groupnorm_forward", ("groupnorm_forward",),
                   level="build", forbidden=LIBRARY, tests=[
    Test("t08.returns", 1, _gn_returns),
    Test("t08.gn_values", 3, _gn_values, needs=("t08.returns",)),
    Test("t08.alone", 1, _gn_alone, needs=("t08.returns",)),
]))


# -- 08.groupnorm_backward ---------------------------------------------------------------------
def reference_gn_backward(dout, x, gamma, G, eps):
    """dx, dgamma, dbeta of :func:`reference_gn` (the one-expression form per group)."""
    N, C, H, W = x.shape
    xg = x.reshape(N, G, -1)
    mu = xg.mean(axis=2, keepdims=True)
    inv_std = 1 / np.sqrt(xg.var(axis=2, keepdims=True) + eps)
    x_hat = ((xg - mu) * inv_std).reshape(x.shape)
    dgamma = (dout * x_hat).sum(axis=(0, 2, 3))
    dbeta = dout.sum(axis=(0, 2, 3))
    d = (dout * gamma[:, None, None]).reshape(N, G, -1)
    xh = x_hat.reshape(N, G, -1)
    dx = inv_std * (d - d.mean(axis=2, keepdims=True)
                    - xh * (d * xh).mean(axis=2, keepdims=True))
    return dx.reshape(x.shape), dgamma, dbeta


def gn_backward_variants(dout, x, gamma, G, eps) -> dict[str, np.ndarray]:
    N, C, H, W = x.shape
    xg = x.reshape(N, G, -1)
    inv_std = 1 / np.sqrt(xg.var(axis=2, keepdims=True) + eps)
    xh = ((xg - xg.mean(axis=2, keepdims=True)) * inv_std)
    d = (dout * gamma[:, None, None]).reshape(N, G, -1)
    m_d, m_dx = d.mean(axis=2, keepdims=True), (d * xh).mean(axis=2, keepdims=True)
    shape = x.shape
    return {
        "fb08.gnb.only_scale": (inv_std * d).reshape(shape),
        "fb08.gnb.no_mean_term": (inv_std * (d - xh * m_dx)).reshape(shape),
        "fb08.gnb.no_var_term": (inv_std * (d - m_d)).reshape(shape),
        "fb08.gnb.no_gamma": (inv_std * (dout.reshape(N, G, -1)
                                         - dout.reshape(N, G, -1).mean(axis=2, keepdims=True)
                                         - xh * (dout.reshape(N, G, -1) * xh).mean(
                                             axis=2, keepdims=True))).reshape(shape),
        "fb08.gnb.sum_not_mean": (inv_std * (d - d.sum(axis=2, keepdims=True)
                                             - xh * (d * xh).sum(axis=2, keepdims=True))
                                  ).reshape(shape),
    }


def make_gnb_case(seed, N, C, H, W, G):
    x, gamma, _, G, eps = make_gn_case(seed, N, C, H, W, G)
    dout = np.random.default_rng(seed + 1000).normal(size=x.shape)
    return dout, x, gamma, G, eps


def _gnb_call(fn, case):
    dout, x, gamma, G, eps = case
    out = call(fn, dout.copy(), x.copy(), gamma.copy(), G, eps, shape_hint="C,")
    dx, dgamma, dbeta = as_tuple(out, 3, "(dx, dgamma, dbeta)")
    C = x.shape[1]
    for name, arr in (("dgamma", dgamma), ("dbeta", dbeta)):
        if isinstance(arr, np.ndarray) and arr.shape in ((1, C, 1, 1), (x.shape[0], C)):
            raise Fail("fb08.gnb.param_shape", name=name, got=arr.shape, C=C)
    return (as_array(dx, "dx", x.shape), as_array(dgamma, "dgamma", (C,)),
            as_array(dbeta, "dbeta", (C,)))


def _gnb_returns(fn):
    _gnb_call(fn, make_gnb_case(*GN_CASES[0]))
    return True, "fb.pass", {}


def _gnb_params(fn):
    for args in GN_CASES:
        case = make_gnb_case(*args)
        _, dgamma, dbeta = _gnb_call(fn, case)
        _, want_g, want_b = reference_gn_backward(*case)
        if not _same(dbeta, want_b):
            return False, "fb08.gnb.dbeta", {}
        if not _same(dgamma, want_g):
            dout, x = case[0], case[1]
            if _same(dgamma, (dout * x).sum(axis=(0, 2, 3))):
                return False, "fb08.gnb.dgamma_x", {}
            return False, "fb08.gnb.dgamma", {}
    return True, "fb.pass", {}


def _gnb_dx(fn):
    for args in GN_CASES:
        case = make_gnb_case(*args)
        dx, _, _ = _gnb_call(fn, case)
        want, _, _ = reference_gn_backward(*case)
        if _same(dx, want):
            continue
        key = diagnose(dx, gn_backward_variants(*case), rtol=RTOL, atol=ATOL)
        return False, key or "fb08.gnb.generic", {"G": case[3]}
    return True, "fb.pass", {}


register_task(Task("08.groupnorm_backward", CH, "task.08.groupnorm_backward",
                   ("groupnorm_backward",), level="build", forbidden=LIBRARY, tests=[
    Test("t08.returns", 1, _gnb_returns),
    Test("t08.gnb_params", 1, _gnb_params, needs=("t08.returns",)),
    Test("t08.gnb_dx", 3, _gnb_dx, needs=("t08.returns",)),
]))


# -- conceptual questions ----------------------------------------------------------------------
number_task("08.values_per_stat", CH, "task.08.values_per_stat", "answer_08_values_per_stat",
            correct=2 * 14 * 14, rtol=1e-9,
            known={2 * 8 * 14 * 14: "fb08.vps.all", 8 * 14 * 14: "fb08.vps.layer",
                   14 * 14: "fb08.vps.instance", 2: "fb08.vps.batch_only",
                   2 * 8: "fb08.vps.batch_channels"},
            explain="fb08.vps.generic")

choice_task("08.small_batch_norm", CH, "task.08.small_batch_norm", "answer_08_small_batch_norm",
            choices="abcd", correct="c",
            explain={"a": "fb08.sbn.a", "b": "fb08.sbn.b", "d": "fb08.sbn.d", "*": "fb08.sbn.a"})

number_task("08.keras_to_torch", CH, "task.08.keras_to_torch", "answer_08_keras_to_torch",
            correct=0.01, rtol=1e-6, known={0.99: "fb08.k2t.same", 0.1: "fb08.k2t.default"},
            explain="fb08.k2t.generic")

number_task("08.norm_growth", CH, "task.08.norm_growth", "answer_08_norm_growth",
            correct=4.25, rtol=1e-6,
            known={4.0: "fb08.grow.unchanged", 4.5: "fb08.grow.linear", 3.75: "fb08.grow.minus",
                   6.25: "fb08.grow.norm_added", 2.0615528128088303: "fb08.grow.sqrt"},
            explain="fb08.grow.generic", points=2, level="build")

number_task("08.eff_lr", CH, "task.08.eff_lr", "answer_08_eff_lr", correct=0.25, rtol=1e-6,
            known={0.5: "fb08.eff.half", 2.0: "fb08.eff.grows", 4.0: "fb08.eff.grows",
                   1.0: "fb08.eff.same"},
            explain="fb08.eff.generic")

# -- 08.explore_growth -------------------------------------------------------------------------
# The learner's growth_ratio(hist, w_end) is graded on synthetic histories whose gradients are not
# orthogonal to W, so the ratio is not 1 and cannot be written down in advance; the last history
# is new on every check(). The measured ratio of the real run (about 1; ε and float32 keep it
# from being exactly 1) is the chapter's claim, checked in tests/test_grading_ch08.py.
GROWTH_CASES = [(91, 30), (92, 5), (93, 1)]  # (seed, steps)


def make_growth_case(seed, steps):
    rng = np.random.default_rng(seed)
    w_sq = rng.uniform(1.0, 10.0, steps)
    g_sq = rng.uniform(0.1, 5.0, steps)
    cos = rng.uniform(-0.3, 0.3, steps)
    hist = {"lr": float(rng.uniform(0.01, 0.5)),
            "weights": {"W2": np.column_stack([w_sq, g_sq, cos]).tolist()}}
    return hist, float(rng.uniform(1.0, 12.0))


def reference_growth(hist, w_end):
    rows = np.array(hist["weights"]["W2"], dtype=np.float64)
    return (w_end - rows[0, 0]) / (hist["lr"] ** 2 * rows[:, 1].sum())


def growth_variants(hist, w_end):
    rows = np.array(hist["weights"]["W2"], dtype=np.float64)
    eta, g_sum = hist["lr"], rows[:, 1].sum()
    return {
        "fb08.gr.eta": (w_end - rows[0, 0]) / (eta * g_sum),
        "fb08.gr.sqrt": (w_end - rows[0, 0]) / (eta ** 2 * np.sqrt(rows[:, 1]).sum()),
        "fb08.gr.last_row": (rows[-1, 0] - rows[0, 0]) / (eta ** 2 * g_sum),
        "fb08.gr.mean": (w_end - rows[0, 0]) / (eta ** 2 * rows[:, 1].mean()),
        "fb08.gr.upside_down": (eta ** 2 * g_sum) / (w_end - rows[0, 0]),
    }


def _growth_call(fn, case):
    hist, w_end = case
    out = call(fn, {"lr": hist["lr"], "weights": {"W2": [list(r) for r in hist["weights"]["W2"]]}},
               w_end)
    try:
        value = float(np.asarray(out, dtype=np.float64).reshape(()))
    except (TypeError, ValueError):
        raise Fail("fb08.gr.not_number", got=type(out).__name__) from None
    return value


def _growth_returns(fn):
    _growth_call(fn, make_growth_case(*GROWTH_CASES[0]))
    return True, "fb.pass", {}


def _growth_values(fn):
    for args in (*GROWTH_CASES, (fresh_seed(), 12)):  # last: new on every check()
        case = make_growth_case(*args)
        got = _growth_call(fn, case)
        want = reference_growth(*case)
        if np.isclose(got, want, rtol=RTOL, atol=ATOL):
            continue
        for key, value in growth_variants(*case).items():
            if np.isclose(got, value, rtol=RTOL, atol=ATOL):
                return False, key, {}
        return False, "fb08.explore.generic", {"got": f"{got:.6g}", "want": f"{want:.6g}"}
    return True, "fb.pass", {}


register_task(Task("08.explore_growth", CH, "task.08.explore_growth", ("growth_ratio",),
                   level="explore", tests=[
    Test("t08.returns", 1, _growth_returns),
    Test("t08.growth_values", 1, _growth_values, needs=("t08.returns",)),
]))
