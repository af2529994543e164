# ruff: noqa: E501  (multiple-choice options are one line each)
"""Chapter 1 tasks: covariate shift, input standardization, internal covariate shift, sigmoid
saturation."""

from __future__ import annotations

import numpy as np

from . import strings_ch01  # noqa: F401  (registers the feedback strings)
from .concepts import choice_task, formula_task, fresh_rng, fresh_seed, number_task
from .engine import Task, Test, as_array, as_tuple, call, diagnose, register_task

CH = "01"


def make_data(seed: int, n_train: int = 40, n_test: int = 25, D: int = 3):
    """Training and test inputs whose distributions differ (a covariate shift). (N, D) each."""
    rng = np.random.default_rng(seed)
    loc, scale = rng.uniform(-5, 5, D), rng.uniform(0.5, 4.0, D)
    X_train = rng.normal(loc, scale, (n_train, D))
    # shifts of both signs (an abs() of the shift must not pass); feature 0 moves down
    shift = rng.uniform(1, 3, D) * rng.choice([-1.0, 1.0], D)
    shift[0] = -abs(shift[0])
    X_test = rng.normal(loc + shift, scale * rng.uniform(0.6, 1.5, D), (n_test, D))
    return X_train, X_test


# -- 01.standardize ----------------------------------------------------------------------------
def _std_call(fn, X_train, X_test):
    got = as_tuple(call(fn, X_train.copy(), X_test.copy(), shape_hint="D,"), 2,
                   "(Z_train, Z_test)")
    return as_array(got[0], "Z_train", X_train.shape), as_array(got[1], "Z_test", X_test.shape)


def _standardize_returns(fn):
    _std_call(fn, *make_data(0))
    return True, "fb.pass", {}


def _standardize_case(fn, seed, sizes):
    """None if right on this case, else the feedback key."""
    X_train, X_test = make_data(seed, *sizes)
    Z_train, Z_test = _std_call(fn, X_train, X_test)
    mu, sd, sd1 = X_train.mean(axis=0), X_train.std(axis=0), X_train.std(axis=0, ddof=1)
    if np.allclose(Z_train, (X_train - mu) / sd) and np.allclose(Z_test, (X_test - mu) / sd):
        return None

    def both(f):
        return np.concatenate([f(X_train), f(X_test)])

    pooled = np.concatenate([X_train, X_test])

    variants = {
        "fb.std.test_stats": both(lambda X: (X - X.mean(axis=0)) / X.std(axis=0)),
        "fb.std.axis1": both(lambda X: (X - X.mean(axis=1, keepdims=True))
                             / X.std(axis=1, keepdims=True)),
        "fb.std.ddof": both(lambda X: (X - mu) / sd1),
        "fb.std.center_only": both(lambda X: X - mu),
        "fb.std.var": both(lambda X: (X - mu) / sd**2),
        "fb.std.no_axis": both(lambda X: (X - X_train.mean()) / X_train.std()),
        "fb.std.pooled": both(lambda X: (X - pooled.mean(axis=0)) / pooled.std(axis=0)),
    }
    return diagnose(np.concatenate([Z_train, Z_test]), variants) or "fb.std.generic"


def _standardize_values(fn):
    for seed, sizes in ((0, (40, 25, 3)), (1, (12, 12, 12)), (fresh_seed(), (30, 7, 5))):
        key = _standardize_case(fn, seed, sizes)
        if key:
            return False, key, {}
    return True, "fb.pass", {}


register_task(Task("01.standardize", CH, "task.01.standardize", ("standardize",), level="build", tests=[
    Test("t.returns", 1, _standardize_returns),
    Test("t.values", 3, _standardize_values, needs=("t.returns",)),
]))


# -- 01.shift ----------------------------------------------------------------------------------
#: (seed, (n_a, n_b, D), dtype): fixed cases, then one drawn afresh on every check(), so a
#: table of answers to inputs seen before cannot pass; float32 inputs are compared to float32
#: precision (rtol 1e-4: a mean of 40 float32 values is good to about 1e-6 relative)
def _shift_cases():
    return ((2, (40, 25, 3), np.float64), (3, (9, 60, 6), np.float64),
            (4, (50, 30, 4), np.float32), (fresh_seed(), (20, 15, 5), np.float64))


def _shift_values(fn):
    for seed, sizes, dtype in _shift_cases():
        X_a, X_b = (X.astype(dtype) for X in make_data(seed, *sizes))
        D = X_a.shape[1]
        got = as_array(call(fn, X_a.copy(), X_b.copy()), "shift", (D,))
        X_a, X_b = X_a.astype(np.float64), X_b.astype(np.float64)
        mu_a, mu_b, sd_a = X_a.mean(axis=0), X_b.mean(axis=0), X_a.std(axis=0)
        want = (mu_b - mu_a) / sd_a
        if np.allclose(got, want, rtol=1e-4 if dtype == np.float32 else 1e-6):
            continue
        variants = {
            "fb.shift.sign": -want,
            "fb.shift.unscaled": mu_b - mu_a,
            "fb.shift.abs": np.abs(want),
            "fb.shift.sd_b": (mu_b - mu_a) / X_b.std(axis=0),
            "fb.shift.ddof": (mu_b - mu_a) / X_a.std(axis=0, ddof=1),
            "fb.shift.var": (mu_b - mu_a) / X_a.var(axis=0),
        }
        return False, diagnose(got, variants) or "fb.shift.generic", {}
    return True, "fb.pass", {}


register_task(Task("01.shift", CH, "task.01.shift", ("mean_shift",), level="build", tests=[
    Test("t.values", 2, _shift_values),
]))


# -- 01.sigmoid_grad ---------------------------------------------------------------------------
Z_CASES = (np.linspace(-6, 6, 13), np.array([[-800.0, -30.0], [30.0, 800.0]]))


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _sg_values(fn):
    rng = fresh_rng()  # and one array of a shape and scale drawn afresh on every check()
    fresh = rng.normal(0, rng.uniform(1, 20), tuple(rng.integers(1, 6, rng.integers(1, 4))))
    for z in (*Z_CASES, fresh):
        got = call(fn, z.copy())
        if isinstance(got, np.ndarray) and got.shape == z.shape and not np.all(np.isfinite(got)):
            return False, "fb.sg.overflow", {}
        got = as_array(got, "sigmoid_grad(t)", z.shape)
        s = _sigmoid(z)
        want = s * (1 - s)
        if np.allclose(got, want, rtol=1e-6, atol=1e-12):
            continue
        variants = {
            "fb.sg.sigmoid": s,
            "fb.sg.tanh": 1 - np.tanh(z) ** 2,
            "fb.sg.plus": s * (1 + s),
            "fb.sg.square": 1 - s**2,
        }
        return False, diagnose(got, variants, rtol=1e-6, atol=1e-12) or "fb.sg.generic", {}
    return True, "fb.pass", {}


register_task(Task("01.sigmoid_grad", CH, "task.01.sigmoid_grad", ("sigmoid_grad",), level="build", forbidden={
    "layers.py": {"sigmoid_forward", "sigmoid_backward"}}, tests=[
    Test("t.values", 2, _sg_values),
]))


# -- conceptual questions ----------------------------------------------------------------------
number_task("01.max_grad", CH, "task.01.max_grad", "answer_01_max_grad", correct=0.25, rtol=1e-3,
            known={1.0: "fb.maxg.one", 0.5: "fb.maxg.half"}, explain="fb.maxg.generic")

choice_task("01.covariate_shift", CH, "task.01.covariate_shift", "answer_01_covariate_shift",
            correct="a", options={
                "a": {"ko": "입력 분포 $P(u)$가 학습 때와 테스트 때 다르고, 입력과 레이블의 관계 $P(\\ell\\mid u)$는 그대로입니다",
                      "en": "the input distribution $P(u)$ differs between training and test, while the relation $P(\\ell\\mid u)$ stays the same"},
                "b": {"ko": "레이블 분포 $P(\\ell)$가 학습 때와 테스트 때 다르고, 클래스별 입력 분포 $P(u\\mid \\ell)$는 그대로입니다",
                      "en": "the label distribution $P(\\ell)$ differs between training and test, while the class-wise inputs $P(u\\mid \\ell)$ stay the same"},
                "c": {"ko": "입력 특성들 사이의 공분산 행렬이 학습 때와 테스트 때 다르고, 특성별 평균은 그대로입니다",
                      "en": "the covariance matrix of the input features differs between training and test, while the feature means stay the same"},
                "d": {"ko": "입력과 레이블의 관계 $P(\\ell\\mid u)$가 바뀌고, 입력 분포 $P(u)$는 학습 때와 테스트 때 같습니다",
                      "en": "the relation $P(\\ell\\mid u)$ between input and label changes, while the input distribution $P(u)$ stays the same"},
            },
            explain={"b": "fb.cs.label", "c": "fb.cs.covariance", "d": "fb.cs.concept"})

choice_task("01.ics", CH, "task.01.ics", "answer_01_ics", correct="d", options={
    "a": {"ko": "BN은 층 입력 분포의 변화(ICS)를 줄이기 때문에 효과가 있고, 그들의 측정이 이를 확인했습니다",
          "en": "BN works because it reduces the change of layer-input distributions (ICS), as their own measurements confirm"},
    "b": {"ko": "BN의 효과는 미니배치 통계의 잡음에서 오며, 이 잡음이 드롭아웃처럼 규제로 작용합니다",
          "en": "BN's benefit comes from the noise of mini-batch statistics, which regularizes the way dropout does"},
    "c": {"ko": "BN은 가중치의 크기를 고정하므로, 학습률을 가중치 크기에 맞춰 조정할 필요가 없어집니다",
          "en": "BN fixes the size of the weights, so the learning rate no longer needs tuning to the weight scale"},
    "d": {"ko": "층 입력 분포의 안정성은 BN의 성공과 거의 관계가 없고, BN은 손실 지형을 매끄럽게 만듭니다",
          "en": "the stability of layer-input distributions has little to do with BN's success; BN smooths the loss landscape"},
}, explain={"a": "fb.ics.a", "b": "fb.ics.noise", "c": "fb.ics.weights"})


# -- 01.log_weight (derivation) ----------------------------------------------------------------
def _lw_point(rng):
    return {"u": rng.normal(0, 3), "mu_a": rng.normal(0, 2), "mu_b": rng.normal(0, 2),
            "sigma": rng.uniform(0.3, 3.0)}


def _lw(u, mu_a, mu_b, sigma):
    return ((mu_b - mu_a) * u - (mu_b**2 - mu_a**2) / 2) / sigma**2


formula_task("01.log_weight", CH, "task.01.log_weight", "log_importance_weight",
             sample=_lw_point, correct=_lw, known={
                 "fb.lw.reversed": lambda u, mu_a, mu_b, sigma: -_lw(u, mu_a, mu_b, sigma),
                 "fb.lw.no_sigma": lambda u, mu_a, mu_b, sigma: _lw(u, mu_a, mu_b, sigma) * sigma**2,
                 "fb.lw.sigma_once": lambda u, mu_a, mu_b, sigma: _lw(u, mu_a, mu_b, sigma) * sigma,
                 "fb.lw.no_half": lambda u, mu_a, mu_b, sigma: ((mu_b - mu_a) * u - (mu_b**2 - mu_a**2)) / sigma**2,
                 "fb.lw.no_constant": lambda u, mu_a, mu_b, sigma: (mu_b - mu_a) * u / sigma**2,
                 "fb.lw.weight": lambda u, mu_a, mu_b, sigma: np.exp(_lw(u, mu_a, mu_b, sigma)),
             }, explain="fb.lw.generic", points=2)


# -- 01.gd_steps (explore) ---------------------------------------------------------------------
def gd_steps(c: float, eta_times_lmax: float = 1.0, cut: float = 1e-3) -> int:
    """Steps of gradient descent on L(θ) = ½(θ₁² + c² θ₂²) from θ = (1, 1) with η = 1/c² (for
    c ≥ 1) until |w| < cut. The slow direction shrinks by 1 − 1/c² per step."""
    w, eta, n = np.array([1.0, 1.0]), eta_times_lmax / max(c**2, 1.0), 0
    h = np.array([1.0, c**2])
    while np.linalg.norm(w) >= cut:
        w = w - eta * h * w
        n += 1
    return n


number_task("01.gd_steps", CH, "task.01.gd_steps", "answer_01_gd_steps", correct=gd_steps(10.0),
            rtol=0.01,  # one step more or less (counting from 0 or 1) is 0.15%
            known={gd_steps(np.sqrt(10.0)): "fb.gd.kappa_c", gd_steps(1.0): "fb.gd.standardized"},
            explain="fb.gd.generic", level="explore")
