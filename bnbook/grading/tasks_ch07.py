# ruff: noqa: E501  (multiple-choice options are one line each)
"""Chapter 7 tasks: the critique of the ICS explanation (Santurkar et al. 2018).

Code: the gradient shift between G and G′ (ℓ2 difference, cosine), noisy BN (a ← s·a + m),
the loss along the gradient direction and the effective β-smoothness, graded on quadratics
whose answers are known in closed form and on a quartic that separates the usual mistakes.
Concepts: what the noisy-BN experiment supports, which layers the gradient-based ICS measure
updates, and the β-smoothness of ½ wᵀAw.
"""

from __future__ import annotations

import numbers

import numpy as np

from .. import layers, model
from . import strings_ch07  # noqa: F401  (registers the feedback strings)
from .concepts import choice_task, formula_task, fresh_seed, number_task
from .engine import Fail, Task, Test, as_array, as_tuple, call, register_task

CH = "07"

#: the chapter module's own solutions, which an answer may not call
CH07_SOLUTIONS = [model.gradient_shift, layers.noisy_bn, model.loss_along_gradient,
                  model.gradient_predictiveness, model.effective_beta_smoothness]


# -- helpers -----------------------------------------------------------------------------------
def as_number(value, name: str, many: str = "fb.c7.not_scalar") -> float:
    """A learner's scalar: a Python/numpy real or a one-element array. An array or list with
    more elements gets the message ``many`` (by default: flatten before the dot product)."""
    if value is None:
        raise Fail("fb.none")
    if isinstance(value, list | tuple) and len(value) != 1:
        value = np.asarray(value, dtype=object)
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise Fail(many, name=name, shape=value.shape)
        if not np.issubdtype(value.dtype, np.number) or np.iscomplexobj(value):
            raise Fail("fb.c7.not_number", name=name, typ=str(value.dtype))
        value = value.reshape(()).item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real | np.number):
        raise Fail("fb.c7.not_number", name=name, typ=type(value).__name__)
    value = float(value)
    if not np.isfinite(value):
        raise Fail("fb.nan", name=name)
    return value


def as_vector(value, name: str, n: int) -> np.ndarray:
    """A learner's 1-D result of length ``n``; a list or tuple of numbers is accepted too."""
    if isinstance(value, list | tuple):
        try:
            value = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise Fail("fb.not_array", name=name, typ=type(value).__name__) from None
    return as_array(value, name, (n,))


def _match(got: np.ndarray, variants: dict, rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    """The first variant (key → values over all probes) that ``got`` matches. A key may carry
    a ``|suffix`` to list a second form of the same mistake; the suffix is dropped."""
    for key, want in variants.items():
        want = np.asarray(want, dtype=float)
        if want.shape == got.shape and np.allclose(got, want, rtol=rtol, atol=atol):
            return key.split("|")[0]
    return None


def _fmt(values) -> str:
    return ", ".join(f"{v:.4g}" for v in np.atleast_1d(values))


def _matmul_hint(f: Fail, key: str):
    """Re-raise ``f``, as ``key`` when the learner's exception came from a matrix product."""
    text = str(f.fmt.get("exc", ""))
    if f.key.startswith("fb.exception") and ("matmul" in text or "align" in text):
        raise Fail(key, exc=text) from None
    raise f


def _broadcast_hint(f: Fail, key: str):
    """Re-raise ``f``, as ``key`` when the learner's exception was a failed broadcast (here:
    all step sizes at once, etas (K,) against w (D,))."""
    if f.key == "fb.exception_broadcast":
        raise Fail(key, exc=f.fmt.get("exc", "")) from None
    raise f


# -- 07.gradient_shift: ‖G − G′‖ and cos(G, G′) -------------------------------------------------
def _chapter():
    """Where chapter 7's measurement functions live, the references: the library (the chapter
    module re-exports them; the grader imports no chapter module)."""
    from types import SimpleNamespace

    return SimpleNamespace(gradient_shift=model.gradient_shift, noisy_bn=layers.noisy_bn,
                           loss_along_gradient=model.loss_along_gradient,
                           effective_beta_smoothness=model.effective_beta_smoothness)


def gradient_shift_reference(G: np.ndarray, G_prime: np.ndarray) -> tuple[float, float]:
    """G, G_prime: same shape (any). ℓ2 norm of the difference and cosine of the flattened
    arrays (:func:`bnbook.chapters.ch07.gradient_shift`)."""
    return _chapter().gradient_shift(G, G_prime)


def shift_cases(fresh: int = 0):
    """(G, G′) probes: non-square and square weight gradients and a vector, G′ = a rescaled,
    perturbed G (cosine about 0.6-0.9, norms differ)."""
    out = []
    # the last probe (seed ``fresh``, new on every check()) defeats a table of stored answers
    for seed, shape in ((71, (5, 3)), (72, (4, 4)), (73, (7,)), (fresh, (3, 6))):
        rng = np.random.default_rng(seed)
        G = rng.normal(size=shape)
        out.append((G, 1.7 * G + rng.normal(size=shape)))
    return out


def _fro(a):
    return np.linalg.norm(a.ravel())


def _cosine(G, P):
    return gradient_shift_reference(G, P)[1]


def _spec(a):
    return np.linalg.norm(a, 2) if a.ndim == 2 else np.linalg.norm(a)


L2_WRONG = {
    "fb.gs.l2_squared": lambda G, P: _fro(G - P) ** 2,
    "fb.gs.l2_norm_diff": lambda G, P: abs(_fro(G) - _fro(P)),
    "fb.gs.l2_norm_diff|signed": lambda G, P: _fro(G) - _fro(P),
    "fb.gs.l2_norm_diff|signed2": lambda G, P: _fro(P) - _fro(G),
    "fb.gs.l2_spectral": lambda G, P: _spec(G - P),
    "fb.gs.l2_relative": lambda G, P: _fro(G - P) / _fro(G),
    "fb.gs.l2_rms": lambda G, P: np.sqrt(np.mean((G - P) ** 2)),
    "fb.gs.l2_l1": lambda G, P: np.abs(G - P).sum(),
}

COS_WRONG = {
    "fb.gs.cos_unnormalized": lambda G, P: G.ravel() @ P.ravel(),
    "fb.gs.cos_precedence": lambda G, P: G.ravel() @ P.ravel() / _fro(G) * _fro(P),
    "fb.gs.cos_precedence|other": lambda G, P: G.ravel() @ P.ravel() / _fro(P) * _fro(G),
    "fb.gs.cos_distance": lambda G, P: 1 - _cosine(G, P),
    "fb.gs.cos_pearson": lambda G, P: np.corrcoef(G.ravel(), P.ravel())[0, 1],
    "fb.gs.cos_sum_norms": lambda G, P: G.ravel() @ P.ravel() / (_fro(G) + _fro(P)),
    "fb.gs.cos_angle": lambda G, P: np.arccos(_cosine(G, P)),
    "fb.gs.cos_angle|degrees": lambda G, P: np.degrees(np.arccos(_cosine(G, P))),
    "fb.gs.cos_one_norm": lambda G, P: G.ravel() @ P.ravel() / _fro(G) ** 2,
    "fb.gs.cos_other_norm": lambda G, P: G.ravel() @ P.ravel() / _fro(P) ** 2,
    "fb.gs.cos_squared_norms": lambda G, P: G.ravel() @ P.ravel() / (_fro(G) * _fro(P)) ** 2,
    "fb.gs.cos_spectral": lambda G, P: G.ravel() @ P.ravel() / (_spec(G) * _spec(P)),
    "fb.gs.cos_squared": lambda G, P: _cosine(G, P) ** 2,
}


def _shift_learner(fn, fresh: int = 0):
    """The learner's (l2, cos) on every probe, checked for type and for changed inputs."""
    got = []
    for G, P in shift_cases(fresh):
        g_in, p_in = G.copy(), P.copy()
        try:
            out = call(fn, g_in, p_in)
        except Fail as f:
            if "Invalid norm order 'fro'" in str(f.fmt.get("exc", "")):
                raise Fail("fb.gs.norm_order") from None
            _matmul_hint(f, "fb.gs.flatten_exc")
        if isinstance(out, np.ndarray) and out.shape == (2,):
            out = tuple(out)  # np.array([l2, cos]) holds the same two numbers
        l2, cos = as_tuple(out, 2, "(l2_difference, cosine)")
        if not (np.array_equal(g_in, G) and np.array_equal(p_in, P)):
            raise Fail("fb.gs.mutated")
        got.append((as_number(l2, "l2_difference"), as_number(cos, "cosine")))
    return np.array(got)


def _shift_reference_all(fresh: int = 0):
    return np.array([gradient_shift_reference(G, P) for G, P in shift_cases(fresh)])


def _gs_returns(fn):
    _shift_learner(fn)
    return True, "fb.pass", {}


def _gs_swapped(got, want) -> bool:
    return bool(np.allclose(got[:, ::-1], want, rtol=1e-6, atol=1e-9))


def _gs_l2(fn):
    fresh = fresh_seed()
    got, want = _shift_learner(fn, fresh), _shift_reference_all(fresh)
    if np.allclose(got[:, 0], want[:, 0], rtol=1e-6, atol=1e-9):
        return True, "fb.pass", {}
    if _gs_swapped(got, want):
        return False, "fb.gs.swapped", {}
    variants = {k: [f(G, P) for G, P in shift_cases(fresh)] for k, f in L2_WRONG.items()}
    key = _match(got[:, 0], variants) or "fb.gs.l2_generic"
    return False, key, {"got": _fmt(got[0, 0]), "want": _fmt(want[0, 0])}


def _gs_cos(fn):
    fresh = fresh_seed()
    got, want = _shift_learner(fn, fresh), _shift_reference_all(fresh)
    if np.allclose(got[:, 1], want[:, 1], rtol=1e-6, atol=1e-9):
        return True, "fb.pass", {}
    if _gs_swapped(got, want):
        return False, "fb.gs.swapped", {}
    variants = {k: [f(G, P) for G, P in shift_cases(fresh)] for k, f in COS_WRONG.items()}
    key = _match(got[:, 1], variants) or "fb.gs.cos_generic"
    return False, key, {"got": _fmt(got[0, 1]), "want": _fmt(want[0, 1])}


register_task(Task("07.gradient_shift", CH, "task.07.gradient_shift", ("gradient_shift",),
                   level="build",
                   forbidden=CH07_SOLUTIONS, tests=[
    Test("t.07.returns", 1, _gs_returns),
    Test("t.07.l2", 1, _gs_l2, needs=("t.07.returns",)),
    Test("t.07.cosine", 2, _gs_cos, needs=("t.07.returns",)),
]))


choice_task("07.which_layers", CH, "task.07.which_layers", "answer_07_which_layers", correct="a",
            options={
    "a": {"ko": "층 $l$보다 앞의 층들 $1, \\dots, l-1$", "en": "the layers before layer $l$, $1, \\dots, l-1$"},
    "b": {"ko": "층 $l$ 자신", "en": "layer $l$ itself"},
    "c": {"ko": "층 $l$ 뒤의 층들, $l+1$부터 출력층까지", "en": "the layers after layer $l$, from $l+1$ up to the output layer"},
    "d": {"ko": "모든 층. 그리고 $G'$는 다음 미니배치에서 구합니다", "en": "all layers, and $G'$ is computed on the next mini-batch"},
}, explain={"b": "fb.wl.a", "c": "fb.wl.c", "d": "fb.wl.d"})


# -- 07.noisy_bn: a ← s·a + m ------------------------------------------------------------------
def noisy_cases(fresh: int = 0):
    """(out, mean_noise, scale_noise), all (N, D): noise as in the chapter's noisy BN (centres
    μ ~ U(−0.5, 0.5), σ ~ U(1, 1.25), then m ~ N(μ, 0.1²), s ~ N(σ, 0.1²) per activation)."""
    out = []
    for seed, (N, D) in ((74, (6, 4)), (75, (3, 5)), (fresh, (5, 2))):  # last: new every check()
        rng = np.random.default_rng(seed)
        mu, sigma = rng.uniform(-0.5, 0.5), rng.uniform(1.0, 1.25)
        a = rng.normal(size=(N, D))
        m = rng.normal(mu, 0.1, size=(N, D))
        s = rng.normal(sigma, 0.1, size=(N, D))
        out.append((a, m, s))
    return out


NOISY_WRONG = {
    "fb.nbn.add_first": lambda a, m, s: (a + m) * s,
    "fb.nbn.swapped": lambda a, m, s: m * a + s,
    "fb.nbn.mean_only": lambda a, m, s: a + m,
    "fb.nbn.scale_only": lambda a, m, s: s * a,
    "fb.nbn.subtract": lambda a, m, s: s * a - m,
    "fb.nbn.divide": lambda a, m, s: a / s + m,
    "fb.nbn.one_per_feature": lambda a, m, s: s.mean(axis=0) * a + m.mean(axis=0),
    "fb.nbn.noise_product": lambda a, m, s: a + s * m,
}


def _noisy_learner(fn, fresh: int = 0):
    got, changed = [], []
    for a, m, s in noisy_cases(fresh):
        ins = (a.copy(), m.copy(), s.copy())
        try:
            res = call(fn, *ins, shape_hint="N, D")
        except Fail as f:
            _matmul_hint(f, "fb.nbn.matmul")
        res = as_array(res, "noisy", a.shape)
        got.append(res)
        changed += [name for name, x, x0 in zip(("out", "mean_noise", "scale_noise"), ins,
                                                (a, m, s), strict=True)
                    if not np.array_equal(x, x0)]
    return got, list(dict.fromkeys(changed))


def _nbn_values(fn):
    fresh = fresh_seed()
    got, _ = _noisy_learner(fn, fresh)
    cases = noisy_cases(fresh)
    flat = np.concatenate([g.ravel() for g in got])
    want = np.concatenate([_chapter().noisy_bn(a, m, s).ravel() for a, m, s in cases])
    if np.allclose(flat, want, rtol=1e-10, atol=1e-12):
        return True, "fb.pass", {}
    variants = {k: np.concatenate([f(a, m, s).ravel() for a, m, s in cases])
                for k, f in NOISY_WRONG.items()}
    return False, _match(flat, variants, rtol=1e-10, atol=1e-12) or "fb.nbn.generic", {}


def _nbn_no_mutation(fn):
    _, changed = _noisy_learner(fn)
    if changed:
        return False, "fb.nbn.mutated", {"name": ", ".join(changed)}
    return True, "fb.pass", {}


register_task(Task("07.noisy_bn", CH, "task.07.noisy_bn", ("noisy_bn",),
                   level="build",
                   forbidden=CH07_SOLUTIONS, tests=[
    Test("t.07.noisy_values", 1, _nbn_values),
    Test("t.07.no_mutation", 1, _nbn_no_mutation, needs=("t.07.noisy_values",)),
]))


choice_task("07.noisy_supports", CH, "task.07.noisy_supports", "answer_07_noisy_supports",
            correct="b", options={
    "a": {"ko": "BN은 층 입력의 분포를 안정되게 유지하기 때문에 학습을 돕습니다",
          "en": "BN helps training because it keeps the distributions of layer inputs stable"},
    "b": {"ko": "이 실험에서 BN의 효과는 층 입력 분포의 안정성에 달려 있지 않습니다",
          "en": "in this experiment BN's benefit does not depend on stable layer-input distributions"},
    "c": {"ko": "잡음이 규제로 작용하므로 잡음 BN이 BN보다 더 잘 일반화합니다",
          "en": "the noise acts as a regularizer, so noisy BN generalizes better than BN"},
    "d": {"ko": "잡음이 ICS를 키웠는데도 학습이 잘 되었으므로 ICS는 학습을 돕습니다",
          "en": "training worked even though the noise increased ICS, which shows that ICS helps training"},
}, explain={"a": "fb.ns.a", "c": "fb.ns.b", "d": "fb.ns.helps"})


# -- probe functions for the landscape tasks ---------------------------------------------------
def spd_matrix(seed: int, eigenvalues) -> np.ndarray:
    """A symmetric positive definite matrix with the given eigenvalues (random eigenvectors)."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(len(eigenvalues), len(eigenvalues))))
    return Q @ np.diag(eigenvalues) @ Q.T


class Quadratic:
    """f(w) = ½ (w − c)ᵀ A (w − c); w, c: (D,), A: (D, D) symmetric. β = λ_max(A)."""

    def __init__(self, A, c):
        self.A, self.c = A, c

    def loss(self, w):
        d = w - self.c
        return float(0.5 * d @ self.A @ d)

    def grad(self, w):
        return self.A @ (w - self.c)


class Quartic(Quadratic):
    """f(w) = ½ (w − c)ᵀ A (w − c) + ¼ Σ (w − c)⁴: its curvature changes along a line, so the
    loss and the gradient change differ from step size to step size."""

    def loss(self, w):
        return super().loss(w) + float(0.25 * np.sum((w - self.c) ** 4))

    def grad(self, w):
        return super().grad(w) + (w - self.c) ** 3


class Wavy(Quadratic):
    """f(w) = ½ (w − c)ᵀ A (w − c) + Σ cos(2(w − c)): not convex; along the probe's line the
    gradient change per distance grows with η (on the quartic it falls), so between them the two
    tell every wrong way of summarizing the ratios over η apart from the maximum."""

    def loss(self, w):
        return super().loss(w) + float(np.sum(np.cos(2 * (w - self.c))))

    def grad(self, w):
        return super().grad(w) - 2 * np.sin(2 * (w - self.c))


def landscape_cases():
    """(problem, w, etas): a quadratic, a quartic and a wavy function in 4 dimensions."""
    A = spd_matrix(76, [4.0, 2.5, 1.0, 0.3])
    c = np.array([0.5, -1.0, 0.25, 2.0])
    rng = np.random.default_rng(77)
    w1, w2 = c + rng.normal(size=4), c + 0.8 * rng.normal(size=4)
    # not sorted: on the quartic the ratio falls with η, so a sorted grid would make the first
    # η's ratio the largest and the last one's the smallest
    etas = np.array([0.1, 0.02, 0.4, 0.05, 0.2])
    return [(Quadratic(A, c), w1, etas), (Quartic(A, c), w2, etas), (Wavy(A, c), w2, etas)]


class _Counted:
    """Wrap loss_fn / grad_fn to hand the learner copies (so a learner's in-place change of
    an argument cannot reach the reference) and to count calls."""

    def __init__(self, fn, name: str):
        self.fn, self.name, self.calls = fn, name, 0

    def __call__(self, w):
        self.calls += 1
        x = np.array(w, dtype=float, copy=True)
        if x.ndim != 1:  # all step sizes at once: a (K, D) stack of points
            raise Fail("fb.c7.one_point", name=self.name, shape=str(x.shape))
        return self.fn(x)


# -- 07.loss_along_gradient --------------------------------------------------------------------
def loss_along_gradient_reference(loss_fn, grad_fn, w, etas) -> np.ndarray:
    """w: (D,), etas: (K,). Returns (K,): loss_fn(w − η g) with g = grad_fn(w), for each η
    (:func:`bnbook.chapters.ch07.loss_along_gradient`)."""
    return _chapter().loss_along_gradient(loss_fn, grad_fn, w, etas)


def _lg_cumulative(p, w, etas):
    g, x, out = p.grad(w), w.copy(), []
    for eta in etas:
        x = x - eta * g
        out.append(p.loss(x))
    return out


def _lg_gd(p, w, etas):
    x, out = w.copy(), []
    for eta in etas:
        x = x - eta * p.grad(x)
        out.append(p.loss(x))
    return out


LG_WRONG = {
    "fb.lg.ascent": lambda p, w, e: [p.loss(w + eta * p.grad(w)) for eta in e],
    "fb.lg.cumulative": _lg_cumulative,
    "fb.lg.gd_steps": _lg_gd,
    "fb.lg.unit_direction": lambda p, w, e: [
        p.loss(w - eta * p.grad(w) / np.linalg.norm(p.grad(w))) for eta in e],
    "fb.lg.difference": lambda p, w, e: [p.loss(w - eta * p.grad(w)) - p.loss(w) for eta in e],
    "fb.lg.sorted": lambda p, w, e: [p.loss(w - eta * p.grad(w)) for eta in np.sort(e)],
}


def _lg_learner(fn):
    got, mutated = [], False
    for p, w, etas in landscape_cases():
        w_in, etas_in = w.copy(), etas.copy()
        try:
            res = call(fn, _Counted(p.loss, "loss_fn"), _Counted(p.grad, "grad_fn"), w_in, etas_in)
        except Fail as f:
            _broadcast_hint(f, "fb.lg.broadcast")
        if np.ndim(res) == 1 and len(res) == len(etas) + 1:
            raise Fail("fb.lg.extra", k=len(etas), got=len(res))
        got.append(as_vector(res, "losses", len(etas)))
        mutated = mutated or not np.array_equal(w_in, w)
    return got, mutated


def _lg_returns(fn):
    _lg_learner(fn)
    return True, "fb.pass", {}


def _lg_values(fn):
    got, mutated = _lg_learner(fn)
    cases = landscape_cases()
    flat = np.concatenate(got)
    want = np.concatenate([loss_along_gradient_reference(p.loss, p.grad, w, e)
                           for p, w, e in cases])
    if np.allclose(flat, want, rtol=1e-8, atol=1e-10):
        if mutated:
            return False, "fb.lg.mutated_right", {}
        return True, "fb.pass", {}
    if mutated:
        return False, "fb.lg.mutated", {}
    variants = {k: np.concatenate([f(p, w, e) for p, w, e in cases]) for k, f in LG_WRONG.items()}
    key = _match(flat, variants, rtol=1e-8, atol=1e-10) or "fb.lg.generic"
    return False, key, {"got": _fmt(got[0][:3]), "want": _fmt(want[:3])}


register_task(Task("07.loss_along", CH, "task.07.loss_along",
                   ("loss_along_gradient",), level="build",
                   forbidden=CH07_SOLUTIONS, tests=[
    Test("t.07.returns_losses", 1, _lg_returns),
    Test("t.07.losses", 2, _lg_values, needs=("t.07.returns_losses",)),
]))


# -- 07.beta_smoothness ------------------------------------------------------------------------
def effective_beta_reference(grad_fn, w, etas) -> float:
    """w: (D,), etas: (K,) all > 0. max over η of ‖∇f(w − η g) − g‖ / ‖η g‖, g = ∇f(w)
    (:func:`bnbook.chapters.ch07.effective_beta_smoothness`)."""
    return _chapter().effective_beta_smoothness(grad_fn, w, etas)


def _beta_ratios(p, w, etas, *, sign=-1.0, power=1, distance="eta_g"):
    g = p.grad(w)
    out = []
    for eta in etas:
        change = np.linalg.norm(p.grad(w + sign * eta * g) - g)
        moved = {"eta_g": eta * np.linalg.norm(g), "eta": eta, "g": np.linalg.norm(g),
                 "none": 1.0}[distance]
        out.append((change / moved) ** power)
    return np.array(out)


BETA_SCALE_WRONG = {  # visible on the quadratic already
    "fb.beta.no_divide": lambda p, w, e: _beta_ratios(p, w, e, distance="none").max(),
    "fb.beta.eta_only": lambda p, w, e: _beta_ratios(p, w, e, distance="eta").max(),
    "fb.beta.squared": lambda p, w, e: _beta_ratios(p, w, e, power=2).max(),
    "fb.beta.no_eta": lambda p, w, e: _beta_ratios(p, w, e, distance="g").max(),
}
BETA_AGG_WRONG = {  # the same on a quadratic; the quartic tells them apart
    "fb.beta.mean": lambda p, w, e: _beta_ratios(p, w, e).mean(),
    "fb.beta.min": lambda p, w, e: _beta_ratios(p, w, e).min(),
    "fb.beta.first": lambda p, w, e: _beta_ratios(p, w, e)[0],
    "fb.beta.last": lambda p, w, e: _beta_ratios(p, w, e)[-1],
    "fb.beta.ascent": lambda p, w, e: _beta_ratios(p, w, e, sign=1.0).max(),
    "fb.beta.ratio_of_maxes": lambda p, w, e: (_beta_ratios(p, w, e, distance="none").max()
                                               / (np.max(e) * np.linalg.norm(p.grad(w)))),
}


def quadratic_beta_cases():
    """(quadratic, w, etas, closed form): at a generic w the effective β along the gradient is
    ‖Ag‖/‖g‖; where g is the top eigenvector of A it is λ_max(A) = 4."""
    p, w, etas = landscape_cases()[0]
    evals, evecs = np.linalg.eigh(p.A)
    w_top = p.c + 0.7 * evecs[:, -1]  # g = A (w − c) = 0.7 λ_max v_max
    g = p.grad(w)
    return [(p, w, etas, float(np.linalg.norm(p.A @ g) / np.linalg.norm(g))),
            (p, w_top, etas, float(evals[-1]))]


def _beta_learner(fn, p, w, etas):
    w_in, etas_in = w.copy(), etas.copy()
    try:
        res = call(fn, _Counted(p.grad, "grad_fn"), w_in, etas_in)
    except Fail as f:
        _broadcast_hint(f, "fb.beta.broadcast")
    value = as_number(res, "beta", many="fb.beta.many")
    if not np.array_equal(w_in, w):
        raise Fail("fb.beta.mutated")
    return value


def _beta_returns(fn):
    p, w, etas, _ = quadratic_beta_cases()[0]
    _beta_learner(fn, p, w, etas)
    return True, "fb.pass", {}


def _beta_quadratic(fn):
    cases = quadratic_beta_cases()
    got = np.array([_beta_learner(fn, p, w, e) for p, w, e, _ in cases])
    want = np.array([c[3] for c in cases])
    if np.allclose(got, want, rtol=1e-6, atol=1e-10):
        return True, "fb.beta.quadratic_ok", {"got": _fmt(got), "lam": _fmt(want[1])}
    variants = {k: [f(p, w, e) for p, w, e, _ in cases] for k, f in BETA_SCALE_WRONG.items()}
    variants |= {k: [f(p, w, e) for p, w, e, _ in cases] for k, f in BETA_AGG_WRONG.items()}
    key = _match(got, variants) or "fb.beta.generic"
    return False, key, {"got": _fmt(got), "want": _fmt(want)}


def _beta_general(fn):
    cases = landscape_cases()[1:]
    got = np.array([_beta_learner(fn, p, w, etas) for p, w, etas in cases])
    want = np.array([effective_beta_reference(p.grad, w, etas) for p, w, etas in cases])
    if np.allclose(got, want, rtol=1e-6, atol=1e-10):
        return True, "fb.pass", {}
    variants = {k: [f(p, w, etas) for p, w, etas in cases]
                for k, f in (BETA_AGG_WRONG | BETA_SCALE_WRONG).items()}
    key = _match(got, variants) or "fb.beta.generic"
    return False, key, {"got": _fmt(got), "want": _fmt(want)}


register_task(Task("07.beta_smoothness", CH, "task.07.beta_smoothness",
                   ("effective_beta_smoothness",), level="build",
                   forbidden=CH07_SOLUTIONS, tests=[
    Test("t.07.returns_beta", 1, _beta_returns),
    Test("t.07.beta_quadratic", 1, _beta_quadratic, needs=("t.07.returns_beta",)),
    Test("t.07.beta_general", 1, _beta_general, needs=("t.07.returns_beta",)),
]))


# -- 07.beta_quadratic: a conceptual question ------------------------------------------------
BETA_A = np.array([[7.0, 2.0], [2.0, 4.0]])  # eigenvalues 8 and 3 (the chapter's example is
# [[4, 1], [1, 2]], so the question does not repeat an answer printed there)
_LAM = np.linalg.eigvalsh(BETA_A)
number_task("07.beta_quadratic", CH, "task.07.beta_quadratic", "answer_07_beta_quadratic",
            correct=float(_LAM[-1]), rtol=1e-3,
            known={float(_LAM[0]): "fb.bq.min", float(BETA_A.diagonal().max()): "fb.bq.diag",
                   float(np.trace(BETA_A)): "fb.bq.trace",
                   float(np.linalg.det(BETA_A)): "fb.bq.det", float(_LAM[-1] / 2): "fb.bq.half",
                   float(_LAM[-1] ** 2): "fb.bq.squared",
                   float(np.linalg.norm(BETA_A)): "fb.bq.frobenius",
                   float(2 * _LAM[-1]): "fb.bq.double"},
            explain="fb.bq.generic")


# -- 07.beta_2x2 (derivation) ------------------------------------------------------------------
def _b2_point(rng):
    return {"a": float(rng.uniform(0.5, 10)), "b": float(rng.normal(0, 3)),
            "c": float(rng.uniform(0.5, 10))}


def _b2(a, b, c):
    return (a + c) / 2 + np.sqrt(((a - c) / 2) ** 2 + b**2)


formula_task("07.beta_2x2", CH, "task.07.beta_2x2", "beta_of_2x2",
             sample=_b2_point, correct=_b2, known={
                 "fb.b2.diag": lambda a, b, c: max(a, c),
                 "fb.b2.trace": lambda a, b, c: a + c,
                 "fb.b2.min": lambda a, b, c: (a + c) / 2 - np.sqrt(((a - c) / 2) ** 2 + b**2),
                 "fb.b2.no_b": lambda a, b, c: (a + c) / 2 + abs(a - c) / 2 + abs(b),
             }, explain="fb.b2.generic", points=2)


# -- 07.gd_limit (experiment) ------------------------------------------------------------------
# For f(w) = ½ wᵀAw with A = BETA_A, gradient descent converges exactly for η < 2/β = 0.25 (the
# λ = 8 direction is multiplied by 1 − 8η per step). A bisection over η finds the boundary to
# within its last step; rtol 0.02 accepts 0.245–0.255.
number_task("07.gd_limit", CH, "task.07.gd_limit", "answer_07_gd_limit",
            correct=float(2 / _LAM[-1]), rtol=0.02,
            known={float(1 / _LAM[-1]): "fb.gl.one_over", float(2 / BETA_A.diagonal().max()): "fb.gl.diag",
                   float(2 / _LAM[0]): "fb.gl.min", float(_LAM[-1] / 2): "fb.gl.inverted"},
            explain="fb.gl.generic", level="explore")
