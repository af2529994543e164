"""Chapter 1 — covariate shift (공변량 변화): figures, small experiments and widget draw functions.

Four pieces, in the order of the chapter:

1. *Covariate shift* (Shimodaira 2000): a fixed labelling rule ``P(y | x)``, a linear logistic
   classifier trained on one input distribution and tested on a shifted one, with and without
   importance weighting.
2. *Why normalizing inputs helps*: gradient descent on a least-squares loss whose contours are
   elongated (raw features of different scales) or round (standardized features).
3. *Internal covariate shift* (Ioffe & Szegedy 2015, §§1–2, Fig. 1): thin wrappers around
   :mod:`bnbook.experiments.ioffe2015` that plot a hidden unit's input percentiles over training;
   and, side by side with the paper, tables and figures of the saved 50,000-step runs (final
   accuracies, steps to the plain net's final accuracy, drift of all 10 units, learning rates).
4. *Saturation*: the sigmoid's derivative ``σ'(z) <= 1/4`` and the gradient through saturated units.

Every string a figure shows comes from this module's ko/en table (keys ``ch01.*``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from .. import i18n
from ..i18n import t
from ..plotting import network_color

# ---------------------------------------------------------------------------------------------
# String table
# ---------------------------------------------------------------------------------------------

STRINGS: dict[str, dict[str, str]] = {
    # covariate shift
    "ch01.train": {"ko": "학습 데이터", "en": "training data"},
    "ch01.test": {"ko": "테스트 데이터", "en": "test data"},
    "ch01.class0": {"ko": "클래스 0", "en": "class 0"},
    "ch01.class1": {"ko": "클래스 1", "en": "class 1"},
    "ch01.true_boundary": {"ko": "참 경계 P(ℓ=1|u)=1/2", "en": "true boundary P(ℓ=1|u)=1/2"},
    "ch01.learned_boundary": {"ko": "학습된 경계", "en": "learned boundary"},
    "ch01.x1": {"ko": "입력 $u_1$", "en": "input $u_1$"},
    "ch01.x2": {"ko": "입력 $u_2$", "en": "input $u_2$"},
    "ch01.weighting.none": {"ko": "가중치 없음", "en": "unweighted"},
    "ch01.weighting.importance": {"ko": "중요도 가중", "en": "importance-weighted"},
    "ch01.shift_title": {
        "ko": "이동 {shift:.1f}, {method}: 테스트 정확도 {acc:.1%}",
        "en": "shift {shift:.1f}, {method}: test accuracy {acc:.1%}",
    },
    "ch01.shift_panel_train": {
        "ko": "학습 분포: 학습 정확도 {acc:.1%}",
        "en": "training distribution: train accuracy {acc:.1%}",
    },
    "ch01.density": {"ko": "$u_1$의 밀도", "en": "density of $u_1$"},
    "ch01.widget.shift": {"ko": "테스트 분포 이동", "en": "test shift"},
    "ch01.widget.weighting": {"ko": "학습 방식", "en": "fit"},
    "ch01.acc_axis": {"ko": "테스트 정확도", "en": "test accuracy"},
    "ch01.shift_axis": {"ko": "테스트 분포의 이동 ($u_1$ 평균)",
                        "en": "shift of the test distribution (mean of $u_1$)"},
    "ch01.oracle": {
        "ko": "테스트 분포에서 학습 (기준선)",
        "en": "trained on the test distribution (reference)",
    },
    # gradient descent on elongated vs round contours
    "ch01.gd_raw": {"ko": "원래 특성 ($u_2$ 스케일 {scale:g})",
                    "en": "raw features ($u_2$ scale {scale:g})"},
    "ch01.gd_std": {"ko": "표준화한 특성", "en": "standardized features"},
    "ch01.gd_steps": {"ko": "{steps}스텝, κ = {kappa:.1f}", "en": "{steps} steps, κ = {kappa:.1f}"},
    "ch01.gd_steps_cap": {
        "ko": "{steps}스텝 안에 수렴하지 않음, κ = {kappa:.1f}",
        "en": "not converged in {steps} steps, κ = {kappa:.1f}",
    },
    "ch01.w1": {"ko": "가중치 $\\theta_1$", "en": "weight $\\theta_1$"},
    "ch01.w2": {"ko": "가중치 $\\theta_2$", "en": "weight $\\theta_2$"},
    "ch01.widget.scale": {"ko": "u₂의 스케일", "en": "scale of u₂"},
    "ch01.widget.lr": {"ko": "학습률 (2/λ_max의 배수)", "en": "learning rate (× 2/λ_max)"},
    # internal covariate shift
    "ch01.without_bn": {"ko": "BN 없음", "en": "without BN"},
    "ch01.with_bn": {"ko": "BN 있음", "en": "with BN"},
    "ch01.unit_input": {
        "ko": "3층 유닛 하나의 입력 $x^{[3]}$",
        "en": "input $x^{[3]}$ of one unit in layer 3",
    },
    "ch01.test_accuracy": {"ko": "테스트 정확도", "en": "test accuracy"},
    "ch01.a2_axis": {"ko": "2층 유닛 하나의 출력 $z^{[2]}$",
                     "en": "output $z^{[2]}$ of one unit in layer 2"},
    "ch01.no_full_results": {
        "ko": "results/ioffe2015.json이 아직 없습니다. "
              "python -m bnbook.experiments.ioffe2015로 만든 뒤 이 셀을 다시 실행하세요.",
        "en": "results/ioffe2015.json does not exist yet. "
              "Make it with python -m bnbook.experiments.ioffe2015, then rerun this cell.",
    },
    # side by side with the paper (Fig. 1)
    "ch01.cmp.ours": {"ko": "이 책", "en": "this book"},
    "ch01.cmp.paper": {"ko": "논문", "en": "the paper"},
    "ch01.cmp.paper.none": {"ko": "수치 없음 (그림만)", "en": "not stated (figure only)"},
    "ch01.cmp.paper.higher": {"ko": "수치 없음 (그림만); 본문: BN 쪽이 더 높음",
                              "en": "not stated (figure only); text: higher with BN"},
    "ch01.cmp.paper.faster": {"ko": "수치 없음 (그림만); 본문: BN 쪽이 더 빨리 배움",
                              "en": "not stated (figure only); text: BN learns faster"},
    "ch01.cmp.paper.drift": {"ko": "그림 1(b, c)의 한 유닛: 평균과 분산이 움직임",
                             "en": "Fig. 1(b, c), one unit: mean and variance drift"},
    "ch01.cmp.paper.stable": {"ko": "그림 1(b, c)의 한 유닛: 안정적",
                              "en": "Fig. 1(b, c), one unit: stable"},
    "ch01.cmp.never": {"ko": "닿지 못함", "en": "never"},
    # column names of the chapter's tables: "upper line|lower line" of a two-line header
    "ch01.col.shift.1": {"ko": "이동|μ", "en": "shift|μ"},
    "ch01.col.shift.2": {"ko": "학습|정확도", "en": "train|acc."},
    "ch01.col.shift.3": {"ko": "테스트|정확도", "en": "test|acc."},
    "ch01.col.shift.4": {"ko": "중요도 가중|테스트 정확도", "en": "weighted|test acc."},
    "ch01.col.shift.5": {"ko": "기준선|테스트 정확도", "en": "reference|test acc."},
    "ch01.col.shift.6": {"ko": "가중치의|ESS", "en": "weights'|ESS"},
    "ch01.col.shift.7": {"ko": "클래스 1|비율", "en": "class 1|share"},
    "ch01.legend.shift": {
        "ko": "기준선: 테스트 분포에서 뽑은 점 400개로 학습한 직선. "
              "ESS: 학습 점 400개 가운데 가중치가 "
              "실제로 쓰는 점의 수(유효 표본 크기).",
        "en": "reference: a line trained on 400 points from the test distribution. "
              "ESS: how many of the "
              "400 training points the weights really use (effective sample size)."},
    "ch01.col.gd.1": {"ko": "스케일|c", "en": "scale|c"},
    "ch01.col.gd.2": {"ko": "원래 특성|κ", "en": "raw|κ"},
    "ch01.col.gd.3": {"ko": "원래 특성|스텝 수", "en": "raw|steps"},
    "ch01.col.gd.4": {"ko": "표준화|κ", "en": "standardized|κ"},
    "ch01.col.gd.5": {"ko": "표준화|스텝 수", "en": "standardized|steps"},
    "ch01.col.ics.1": {"ko": "학습|스텝", "en": "training|step"},
    "ch01.col.ics.2": {"ko": "테스트 정확도|BN 없음", "en": "test acc.|without BN"},
    "ch01.col.ics.3": {"ko": "테스트 정확도|BN 있음", "en": "test acc.|with BN"},
    "ch01.col.ics.4": {"ko": "유닛 입력의 백분위수 15/50/85|BN 없음",
                       "en": "unit input, percentiles 15/50/85|without BN"},
    "ch01.col.ics.5": {"ko": "유닛 입력의 백분위수 15/50/85|BN 있음",
                       "en": "unit input, percentiles 15/50/85|with BN"},
    "ch01.cmp.row.1": {"ko": "최종 테스트 정확도, BN 없음",
                       "en": "final test accuracy, without BN"},
    "ch01.cmp.row.2": {"ko": "최종 테스트 정확도, BN 있음", "en": "final test accuracy, with BN"},
    "ch01.cmp.row.3": {"ko": "목표에 처음 닿은 스텝, BN 없음",
                       "en": "first step at the target, without BN"},
    "ch01.cmp.row.4": {"ko": "목표에 처음 닿은 스텝, BN 있음",
                       "en": "first step at the target, with BN"},
    "ch01.cmp.row.5": {"ko": "두 스텝 수의 비", "en": "ratio of the two steps"},
    "ch01.cmp.row.6": {"ko": "평균 띠 폭, {start}스텝 → {end}스텝, BN 없음",
                       "en": "mean band width, step {start} → {end}, without BN"},
    "ch01.cmp.row.7": {"ko": "평균 띠 폭, {start}스텝 → {end}스텝, BN 있음",
                       "en": "mean band width, step {start} → {end}, with BN"},
    "ch01.legend.cmp": {
        "ko": "이 책: 학습률 {lr:g}의 실행. 논문: Ioffe & Szegedy (2015), §4.1과 그림 1. "
              "목표: BN 없는 신경망의 최종 정확도. 평균 띠 폭: 기록한 유닛 10개의 p85 − p15 평균.",
        "en": "this book: the run at learning rate {lr:g}. the paper: Ioffe & Szegedy (2015), "
              "§4.1 and Fig. 1. target: the final accuracy without BN. mean band width: p85 − p15 "
              "averaged over the 10 recorded units."},
    "ch01.col.lr.1": {"ko": "학습률|", "en": "learning|rate"},
    "ch01.col.lr.2": {"ko": "최종 정확도|BN 없음", "en": "final acc.|without BN"},
    "ch01.col.lr.3": {"ko": "최종 정확도|BN 있음", "en": "final acc.|with BN"},
    "ch01.col.lr.4": {"ko": "목표에 닿은 스텝|BN 없음", "en": "step at target|without BN"},
    "ch01.col.lr.5": {"ko": "목표에 닿은 스텝|BN 있음", "en": "step at target|with BN"},
    "ch01.col.lr.6": {"ko": "평균 띠 폭|BN 없음", "en": "mean band width|without BN"},
    "ch01.col.lr.7": {"ko": "평균 띠 폭|BN 있음", "en": "mean band width|with BN"},
    "ch01.legend.lr": {
        "ko": "목표: 그 행에서 BN 없는 신경망의 최종 정확도(-: 닿지 못함). 평균 띠 폭: 유닛 10개의 "
              "p85 − p15 평균, {start}스텝 → {end}스텝.",
        "en": "target: that row's final accuracy without BN (-: never reached). mean band width: "
              "p85 − p15 averaged over 10 units, step {start} → {end}."},
    "ch01.col.unit.1": {"ko": "유닛|", "en": "unit|"},
    "ch01.col.unit.2": {"ko": "띠 폭|BN 없음", "en": "band width|without BN"},
    "ch01.col.unit.3": {"ko": "중앙값 변화|BN 없음", "en": "median change|without BN"},
    "ch01.col.unit.4": {"ko": "흔들림|BN 없음", "en": "jitter|without BN"},
    "ch01.col.unit.5": {"ko": "띠 폭|BN 있음", "en": "band width|with BN"},
    "ch01.col.unit.6": {"ko": "중앙값 변화|BN 있음", "en": "median change|with BN"},
    "ch01.col.unit.7": {"ko": "흔들림|BN 있음", "en": "jitter|with BN"},
    "ch01.legend.unit": {
        "ko": "띠 폭: p85 − p15, {start}스텝 → {end}스텝. 중앙값 변화: 같은 구간의 변화(평균 행: "
              "|변화|의 평균). 흔들림: 이웃한 기록({every}스텝 간격) 사이 중앙값 |변화|의 평균.",
        "en": "band width: p85 − p15, step {start} → {end}. median change: over the same steps "
              "(mean row: mean |change|). jitter: mean |change| of the median between records "
              "{every} steps apart."},
    "ch01.mean": {"ko": "평균", "en": "mean"},
    "ch01.unit_medians": {"ko": "유닛 10개의 입력 중앙값", "en": "median input of 10 units"},
    "ch01.lr_axis": {"ko": "학습률", "en": "learning rate"},
    "ch01.final_acc": {"ko": "최종 테스트 정확도", "en": "final test accuracy"},
    "ch01.steps_to_target": {"ko": "BN 없는 신경망의 최종 정확도까지 스텝",
                             "en": "steps to the final accuracy without BN"},
    "ch01.lr_title_acc": {"ko": "(a) {steps:,}스텝 뒤 정확도",
                          "en": "(a) accuracy after {steps:,} steps"},
    "ch01.lr_title_steps": {"ko": "(b) 학습 속도", "en": "(b) training speed"},
    # saturation
    "ch01.sigmoid": {"ko": "σ(y)", "en": "σ(y)"},
    "ch01.dsigmoid": {"ko": "σ'(y) (최댓값 1/4)", "en": "σ'(y) (at most 1/4)"},
    "ch01.z": {"ko": "활성화 함수의 입력 y", "en": "input y of the activation"},
    "ch01.deriv": {"ko": "g'(y)", "en": "g'(y)"},
    "ch01.hist": {"ko": "y의 분포", "en": "distribution of y"},
    "ch01.sat_title": {
        "ko": "{act}: 평균 g'(y) = {mean:.3f}, g'(y) < 0.01인 비율 {frac:.0%}",
        "en": "{act}: mean g'(y) = {mean:.3f}, share with g'(y) < 0.01: {frac:.0%}",
    },
    "ch01.widget.mean": {"ko": "y의 평균 μ", "en": "mean μ of y"},
    "ch01.widget.std": {"ko": "y의 표준편차 σ", "en": "std σ of y"},
    "ch01.widget.act": {"ko": "활성화 함수", "en": "activation"},
    "ch01.widget.act.sigmoid": {"ko": "시그모이드", "en": "sigmoid"},
    "ch01.widget.act.relu": {"ko": "ReLU", "en": "ReLU"},
    "ch01.layer": {"ko": "층", "en": "layer"},
    "ch01.grad_norm": {"ko": r"가중치 기울기의 노름 $\|\partial L/\partial W\|$",
                       "en": r"weight gradient norm $\|\partial L/\partial W\|$"},
}
i18n.register(STRINGS)


# ---------------------------------------------------------------------------------------------
# 1. Covariate shift: same P(y|x), different P(x)
# ---------------------------------------------------------------------------------------------

#: The toy problem of §1 is :func:`bnbook.data.make_covariate_shift`: x ~ N((shift, 0), I) and
#: labels from one fixed rule :func:`bnbook.data.covariate_shift_rule`. We train at shift 0.
SHIFTS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
WEIGHTINGS = ("none", "importance")
SPREAD = 1.0


def true_boundary(x1):
    """The parabola x₂ = x₁²/4 − 1 on which :func:`bnbook.data.covariate_shift_rule` gives
    P(y=1 | x) = 1/2. ``x1``: any shape."""
    return 0.25 * np.asarray(x1) ** 2 - 1.0


def make_shift_data(shift: float, n_train: int = 400, n_test: int = 2000, seed: int = 0):
    """Training set at shift 0 and test set at ``shift``, both from
    :func:`bnbook.data.make_covariate_shift` (same P(y | x)).

    Returns ``(x_train (n_train, 2), y_train (n_train,), x_test (n_test, 2), y_test (n_test,))``.
    The training set depends only on ``seed``, not on ``shift``, so all shifts share it."""
    from ..data import make_covariate_shift

    x_train, y_train = make_covariate_shift(n_train, 0.0, np.random.default_rng([seed, 0]),
                                            spread=SPREAD)
    x_test, y_test = make_covariate_shift(n_test, shift, np.random.default_rng([seed, 1]),
                                          spread=SPREAD)
    return x_train, y_train, x_test, y_test


def importance_weights(x, shift: float):
    """Density ratio p_test(x) / p_train(x) at x: (N, 2) -> (N,), normalized to mean 1.

    Both are N(·, I) and differ only in the mean of x₁ (0 vs ``shift``), so the ratio is
    exp(shift·x₁ − shift²/2): it grows without bound towards the test side."""
    logr = shift * x[:, 0] - 0.5 * shift**2
    w = np.exp(logr - logr.max())
    return w / w.mean()


def effective_sample_size(w) -> float:
    """Kish's effective sample size (Σw)² / Σw² of weights w: (N,)."""
    w = np.asarray(w, dtype=float)
    return float(w.sum() ** 2 / np.sum(w**2))


def fit_logistic(x, y, weights=None, l2: float = 1e-3, iters: int = 30):
    """Weighted logistic regression by Newton's method.

    ``x``: (N, D), ``y``: (N,) in {0, 1}, ``weights``: (N,) or None. Minimizes
    (1/N) Σ_i w_i · CE(y_i, σ(θ₀ + θᵀx_i)) + (l2/2)‖θ‖² and returns θ: (D+1,) with θ₀ first."""
    n, d = x.shape
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != (n,):
        raise ValueError(f"weights must have shape ({n},) like y; got {w.shape}")
    X = np.column_stack([np.ones(n), x])
    theta = np.zeros(d + 1)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(X @ theta)))
        grad = X.T @ (w * (p - y)) / n + l2 * theta
        hess = (X * (w * p * (1.0 - p))[:, None]).T @ X / n + l2 * np.eye(d + 1)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return theta


def accuracy(theta, x, y) -> float:
    """Share of x: (N, D) whose predicted class (θ₀ + θᵀx > 0) equals y: (N,)."""
    return float(np.mean(((theta[0] + x @ theta[1:]) > 0) == (y > 0.5)))


@dataclass(frozen=True)
class ShiftResult:
    """One point of the covariate-shift experiment."""

    shift: float
    train_acc: float      # unweighted classifier on its own training data
    test_acc: float       # unweighted classifier on the shifted test data
    weighted_acc: float   # importance-weighted classifier on the shifted test data
    oracle_acc: float     # classifier trained on labelled data from the test distribution
    ess: float            # effective sample size of the importance weights
    test_class1: float    # share of class 1 in the test set (accuracy of "always 0" is 1 − this)


def shift_experiment(shifts=SHIFTS, n_train: int = 400, n_test: int = 2000, seed: int = 0):
    """Train once on the training distribution and test under each shift. -> list[ShiftResult]."""
    from ..data import make_covariate_shift

    results = []
    for shift in shifts:
        x_tr, y_tr, x_te, y_te = make_shift_data(shift, n_train, n_test, seed)
        theta = fit_logistic(x_tr, y_tr)
        w = importance_weights(x_tr, shift)
        theta_w = fit_logistic(x_tr, y_tr, w)
        x_or, y_or = make_covariate_shift(n_train, shift, np.random.default_rng([seed, 2]),
                                          spread=SPREAD)
        theta_or = fit_logistic(x_or, y_or)
        results.append(ShiftResult(
            shift=float(shift), train_acc=accuracy(theta, x_tr, y_tr),
            test_acc=accuracy(theta, x_te, y_te), weighted_acc=accuracy(theta_w, x_te, y_te),
            oracle_acc=accuracy(theta_or, x_te, y_te), ess=effective_sample_size(w),
            test_class1=float(np.mean(y_te))))
    return results


def _width(text: str) -> int:
    """Display columns of ``text`` (Hangul and other wide characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(text: str, width: int = 88) -> str:
    """``text`` broken between words into lines of at most ``width`` display columns."""
    lines, cur = [], ""
    for word in text.split():
        if cur and _width(cur) + 1 + _width(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    return "\n".join([*lines, cur])


def _named_table(keys, rows, gap: int = 2, **fmt) -> list[str]:
    """Lines of a plain-text table with right-aligned columns named by a two-line header; each
    ``keys[j]`` is a string key whose text (current language) is "upper|lower"."""
    heads = [t(k, **fmt).split("|") for k in keys]
    widths = [max(_width(h[0]), _width(h[1]), *(_width(r[j]) for r in rows))
              for j, h in enumerate(heads)]

    def line(cells):
        return (" " * gap).join(" " * (w - _width(c)) + c
                                for c, w in zip(cells, widths, strict=True))

    return [line([h[0] for h in heads]).rstrip(), line([h[1] for h in heads]).rstrip(),
            *(line(r).rstrip() for r in rows)]


def format_shift_table(results) -> str:
    """A plain-text table of :func:`shift_experiment` results with named columns (current
    language) and a line explaining two of them."""
    rows = [[f"{r.shift:.1f}", f"{r.train_acc:.3f}", f"{r.test_acc:.3f}", f"{r.weighted_acc:.3f}",
             f"{r.oracle_acc:.3f}", f"{r.ess:.1f}", f"{r.test_class1:.2f}"] for r in results]
    lines = _named_table([f"ch01.col.shift.{i}" for i in range(1, 8)], rows)
    return "\n".join([*lines, "", _wrap(t("ch01.legend.shift"))])


_X1_RANGE = (-3.5, 6.0)
_X2_RANGE = (-3.5, 3.5)


def _draw_boundary(ax, theta, **kw):
    x1 = np.linspace(*_X1_RANGE, 2)
    if abs(theta[2]) < 1e-12:
        return
    ax.plot(x1, -(theta[0] + theta[1] * x1) / theta[2], **kw)


def _draw_points(ax, x, y, alpha, marker, size):
    lw = 1.0 if marker == "x" else 0.0   # "x" is drawn with lines only
    for cls, color in ((0, "tab:blue"), (1, "tab:orange")):
        m = y == cls
        ax.scatter(x[m, 0], x[m, 1], s=size, c=color, alpha=alpha, marker=marker, linewidths=lw)


def draw_shift(fig, shift: float = 1.0, weighting: str = "none", seed: int = 0):
    """Widget frame: training data (faint), shifted test data, true and learned boundary.

    ``weighting``: ``"none"`` (ordinary fit on the training data) or ``"importance"``
    (fit weighted by p_test(x)/p_train(x))."""
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}; got {weighting!r}")
    x_tr, y_tr, x_te, y_te = make_shift_data(shift, seed=seed, n_test=300)
    w = importance_weights(x_tr, shift) if weighting == "importance" else None
    theta = fit_logistic(x_tr, y_tr, w)
    acc = accuracy(theta, *make_shift_data(shift, seed=seed)[2:])
    ax = fig.add_subplot()
    _draw_points(ax, x_tr, y_tr, alpha=0.25, marker="o", size=8)
    _draw_points(ax, x_te, y_te, alpha=0.8, marker="x", size=10)
    x1 = np.linspace(*_X1_RANGE, 200)
    ax.plot(x1, true_boundary(x1), "k--", linewidth=1.2, label=t("ch01.true_boundary"))
    _draw_boundary(ax, theta, color="tab:red", linewidth=2, label=t("ch01.learned_boundary"))
    ax.set_xlim(*_X1_RANGE)
    ax.set_ylim(*_X2_RANGE)
    ax.set_xlabel(t("ch01.x1"))
    ax.set_ylabel(t("ch01.x2"))
    method = t(f"ch01.weighting.{weighting}")
    ax.set_title(t("ch01.shift_title", shift=shift, method=method, acc=acc))
    # legend proxies: faint dots = training data, crosses = test data
    ax.scatter([], [], s=8, c="gray", alpha=0.4, marker="o", label=t("ch01.train"))
    ax.scatter([], [], s=14, c="gray", marker="x", label=t("ch01.test"))
    ax.legend(loc="lower right", fontsize=8, frameon=True, framealpha=0.8)
    return ax


def shift_widget():
    """The covariate-shift explorer: test shift × fit method (14 precomputed frames; 80 dpi,
    32-colour PNGs keep the stored notebook small). The fit menu shows translated names."""
    from ..widgets import Explorer

    names = {t(f"ch01.weighting.{w}"): w for w in WEIGHTINGS}

    def draw_shift_frame(fig, shift, fit):
        return draw_shift(fig, shift, names[fit])

    return Explorer(draw_shift_frame, {"shift": list(SHIFTS), "fit": list(names)},
                    labels={"shift": t("ch01.widget.shift"), "fit": t("ch01.widget.weighting")},
                    dpi=80, colors=32, layout="fixed")


def plot_shift_setup(shift: float = 2.0, seed: int = 0):
    """Two panels: the densities of x₁ (train vs test) and the unweighted fit on both sets."""
    from ..plotting import new_figure

    fig, (ax0, ax1) = new_figure(2, figsize=(9.0, 3.6))
    x1 = np.linspace(*_X1_RANGE, 300)
    for mean, key in ((0.0, "ch01.train"), (shift, "ch01.test")):
        pdf = np.exp(-0.5 * ((x1 - mean) / SPREAD) ** 2) / (SPREAD * np.sqrt(2 * np.pi))
        ax0.plot(x1, pdf, label=t(key))
    ax0.set_xlabel(t("ch01.x1"))
    ax0.set_ylabel(t("ch01.density"))
    ax0.legend()
    x_tr, y_tr, x_te, y_te = make_shift_data(shift, seed=seed, n_test=300)
    theta = fit_logistic(x_tr, y_tr)
    _draw_points(ax1, x_tr, y_tr, alpha=0.25, marker="o", size=8)
    _draw_points(ax1, x_te, y_te, alpha=0.8, marker="x", size=10)
    ax1.plot(x1, true_boundary(x1), "k--", linewidth=1.2, label=t("ch01.true_boundary"))
    _draw_boundary(ax1, theta, color="tab:red", linewidth=2, label=t("ch01.learned_boundary"))
    ax1.set_xlim(*_X1_RANGE)
    ax1.set_ylim(*_X2_RANGE)
    ax1.set_xlabel(t("ch01.x1"))
    ax1.set_ylabel(t("ch01.x2"))
    ax1.legend(loc="lower right", fontsize=8, frameon=True, framealpha=0.8)
    return fig


def plot_shift_accuracy(results):
    """Test accuracy against shift for the three fits of :func:`shift_experiment`."""
    from ..plotting import new_figure

    fig, ax = new_figure()
    s = [r.shift for r in results]
    ax.plot(s, [r.test_acc for r in results], "o-", label=t("ch01.weighting.none"))
    ax.plot(s, [r.weighted_acc for r in results], "s-", label=t("ch01.weighting.importance"))
    ax.plot(s, [r.oracle_acc for r in results], "k:", label=t("ch01.oracle"))
    ax.set_xlabel(t("ch01.shift_axis"))
    ax.set_ylabel(t("ch01.acc_axis"))
    ax.set_ylim(0, 1)
    ax.legend()
    return fig


# ---------------------------------------------------------------------------------------------
# 2. Input normalization: elongated vs round contours
# ---------------------------------------------------------------------------------------------

SCALES = (1, 2, 4, 8, 16)
LR_FRACTIONS = (0.5, 0.95)
W_START = np.array([-1.0, 2.0])


def make_regression(scale: float, n: int = 200, seed: int = 0):
    """Least-squares data from :func:`bnbook.data.make_scaled_regression` with feature scales
    (1, ``scale``): x: (n, 2), y: (n,). The same seed draws the same z for every scale, so only
    the units of x₂ differ between problems."""
    from ..data import make_scaled_regression

    x, y, _ = make_scaled_regression(n, (1.0, scale), np.random.default_rng(seed), noise=0.3)
    return x, y


def standardize(x):
    """Column-wise (x − mean) / std for x: (N, D): each feature gets mean 0 and variance 1."""
    return (x - x.mean(axis=0)) / x.std(axis=0)


def quadratic_loss(x, y):
    """The least-squares loss L(w) = (1/2N)‖xw − y‖² as ``(H (D, D), g0 (D,), c)`` so that
    L(w) = ½wᵀHw − g0ᵀw + c, with Hessian H = xᵀx/N."""
    n = x.shape[0]
    return x.T @ x / n, x.T @ y / n, float(y @ y / (2 * n))


def gradient_descent(H, g0, w0, lr: float, tol: float = 1e-6, max_steps: int = 20000):
    """Gradient descent w ← w − lr·(Hw − g0) on the quadratic of :func:`quadratic_loss`.

    Stops when L(w) − L* ≤ tol·(L(w0) − L*). Returns ``(path (S+1, D), steps)``; ``steps`` is
    ``max_steps`` if the tolerance was not reached."""
    w_star = np.linalg.solve(H, g0)

    def gap(w):
        d = w - w_star
        return 0.5 * d @ H @ d

    gap0 = gap(w0)
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for step in range(1, max_steps + 1):
        w = w - lr * (H @ w - g0)
        path.append(w.copy())
        if gap(w) <= tol * gap0:
            return np.array(path), step
        if not np.isfinite(w).all():
            break
    return np.array(path), max_steps


def condition_number(H) -> float:
    """κ = λ_max / λ_min of a symmetric positive definite H: (D, D)."""
    lam = np.linalg.eigvalsh(H)
    return float(lam[-1] / lam[0])


def gd_steps(scale: float, lr_fraction: float = 0.5, standardized: bool = False):
    """Steps gradient descent needs on the problem of :func:`make_regression`, with learning rate
    lr_fraction·2/λ_max (2/λ_max is the largest stable one). -> (steps, κ, path)."""
    if not 0.0 < lr_fraction < 1.0:
        raise ValueError(f"lr_fraction must be in (0, 1) so that lr < 2/λ_max; got {lr_fraction}")
    x, y = make_regression(scale)
    if standardized:
        x = standardize(x)
    H, g0, _ = quadratic_loss(x, y)
    lr = lr_fraction * 2.0 / np.linalg.eigvalsh(H)[-1]
    path, steps = gradient_descent(H, g0, W_START, lr)
    return steps, condition_number(H), path


def gd_table(scales=(1, 2, 4, 8, 16, 32), lr_fraction: float = 0.5) -> str:
    """Plain-text table with named columns: scale c of the second feature, κ and steps on the raw
    features, κ and steps on the standardized features."""
    rows = []
    for s in scales:
        n_raw, k_raw, _ = gd_steps(s, lr_fraction)
        n_std, k_std, _ = gd_steps(s, lr_fraction, standardized=True)
        rows.append([f"{s:g}", f"{k_raw:.1f}", f"{n_raw:d}", f"{k_std:.2f}", f"{n_std:d}"])
    return "\n".join(_named_table([f"ch01.col.gd.{i}" for i in range(1, 6)], rows))


def _draw_gd_panel(ax, scale, lr_fraction, standardized, max_drawn=60):
    x, y = make_regression(scale)
    if standardized:
        x = standardize(x)
    H, g0, c = quadratic_loss(x, y)
    steps, kappa, path = gd_steps(scale, lr_fraction, standardized)
    w_star = np.linalg.solve(H, g0)
    lo = np.minimum(path.min(axis=0), w_star) - 0.5
    hi = np.maximum(path.max(axis=0), w_star) + 0.5
    span = (hi - lo).max()
    mid = (hi + lo) / 2
    g1 = np.linspace(mid[0] - span / 2, mid[0] + span / 2, 120)
    g2 = np.linspace(mid[1] - span / 2, mid[1] + span / 2, 120)
    W1, W2 = np.meshgrid(g1, g2)
    Wf = np.stack([W1.ravel(), W2.ravel()], axis=1)
    L = (0.5 * np.einsum("ij,jk,ik->i", Wf, H, Wf) - Wf @ g0 + c).reshape(W1.shape)
    L_star = 0.5 * w_star @ H @ w_star - w_star @ g0 + c
    levels = L_star + (L.max() - L_star) * np.geomspace(1e-3, 1, 12)
    ax.contour(W1, W2, L, levels=levels, colors="gray", linewidths=0.6)
    shown = path[: max_drawn + 1]
    ax.plot(shown[:, 0], shown[:, 1], "o-", color="tab:red", markersize=2.5, linewidth=1)
    ax.plot(*w_star, "k*", markersize=9)
    ax.set_aspect("equal")
    ax.set_xlim(g1[0], g1[-1])
    ax.set_ylim(g2[0], g2[-1])
    ax.set_xlabel(t("ch01.w1"))
    ax.set_ylabel(t("ch01.w2"))
    head = t("ch01.gd_std") if standardized else t("ch01.gd_raw", scale=scale)
    key = "ch01.gd_steps_cap" if steps >= 20000 else "ch01.gd_steps"
    ax.set_title(head + "\n" + t(key, steps=steps, kappa=kappa), fontsize=10)


def draw_gd(fig, scale: float = 4, lr_fraction: float = 0.5):
    """Widget frame: gradient-descent paths on raw (left) and standardized (right) features."""
    ax0, ax1 = fig.subplots(1, 2)
    _draw_gd_panel(ax0, scale, lr_fraction, standardized=False)
    _draw_gd_panel(ax1, scale, lr_fraction, standardized=True)
    return ax0, ax1


def gd_widget():
    """The contour explorer: scale of x₂ × learning-rate fraction (10 precomputed frames)."""
    from ..widgets import Explorer

    return Explorer(draw_gd, {"scale": list(SCALES), "lr_fraction": list(LR_FRACTIONS)},
                    labels={"scale": t("ch01.widget.scale"), "lr_fraction": t("ch01.widget.lr")},
                    dpi=80, colors=16, layout="fixed")


# ---------------------------------------------------------------------------------------------
# 4. Saturation and vanishing gradients
# ---------------------------------------------------------------------------------------------

MEANS = (-6.0, -3.0, 0.0, 3.0, 6.0)
STDS = (0.5, 1.0, 2.0, 4.0)
ACTIVATIONS = ("sigmoid", "relu")


def sigmoid(z):
    """σ(z) = 1 / (1 + e^{−z}), elementwise, computed without overflow."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z):
    """σ'(z) = σ(z)(1 − σ(z)) ≤ 1/4, elementwise."""
    s = sigmoid(z)
    return s * (1.0 - s)


def relu_grad(z):
    """ReLU'(z) = 1 for z > 0, else 0, elementwise."""
    return (np.asarray(z) > 0).astype(float)


def activation_grad(name: str, z):
    """g'(z) for ``name`` in ``("sigmoid", "relu")``."""
    if name == "sigmoid":
        return sigmoid_grad(z)
    if name == "relu":
        return relu_grad(z)
    raise ValueError(f"activation must be one of {ACTIVATIONS}; got {name!r}")


def saturation_stats(name: str, mean: float, std: float, n: int = 20000, seed: int = 0):
    """For z ~ N(mean, std²): (mean of g'(z), share of z with g'(z) < 0.01), by Monte Carlo."""
    z = mean + std * np.random.default_rng(seed).standard_normal(n)
    g = activation_grad(name, z)
    return float(g.mean()), float(np.mean(g < 0.01))


def plot_sigmoid():
    """σ(y) and σ'(y) on one axis; σ' peaks at 1/4 at y = 0."""
    from ..plotting import new_figure

    fig, ax = new_figure()
    z = np.linspace(-8, 8, 400)
    ax.plot(z, sigmoid(z), label=t("ch01.sigmoid"))
    ax.plot(z, sigmoid_grad(z), label=t("ch01.dsigmoid"))
    ax.axhline(0.25, color="gray", linestyle=":", linewidth=1)
    ax.set_xlabel(t("ch01.z"))
    ax.legend()
    return fig


def draw_saturation(fig, mean: float = 0.0, std: float = 1.0, activation: str = "sigmoid"):
    """Widget frame: histogram of z ~ N(mean, std²) under the curve g'(z) of the activation."""
    z = mean + std * np.random.default_rng(0).standard_normal(4000)
    ax = fig.add_subplot()
    ax.hist(z, bins=60, range=(-12, 12), density=True, color="tab:blue", alpha=0.35,
            label=t("ch01.hist"))
    grid = np.linspace(-12, 12, 400)
    ax.plot(grid, activation_grad(activation, grid), color="tab:red", label=t("ch01.deriv"))
    g_mean, frac = saturation_stats(activation, mean, std)
    ax.set_xlim(-12, 12)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(t("ch01.z"))
    ax.set_title(t("ch01.sat_title", act=activation, mean=g_mean, frac=frac), fontsize=10)
    ax.legend(loc="upper left")
    return ax


def saturation_widget():
    """The saturation explorer: mean × std of z × activation (40 precomputed frames)."""
    from ..widgets import Explorer

    return Explorer(draw_saturation,
                    {"mean": list(MEANS), "std": list(STDS), "activation": list(ACTIVATIONS)},
                    labels={"mean": t("ch01.widget.mean"), "std": t("ch01.widget.std"),
                            "activation": t("ch01.widget.act")},
                    captions={"activation": {a: f"ch01.widget.act.{a}" for a in ACTIVATIONS}},
                    dpi=80, colors=16, layout="fixed")


def layer_grad_norms(activation: str = "sigmoid", shift: float = 0.0, depth: int = 6,
                     width: int = 100, batch: int = 60, seed: int = 0):
    """‖∂L/∂W_l‖ for every layer l = 1 … depth+1 of a fresh MLP on one MNIST mini-batch.

    784 → ``depth`` hidden layers of ``width`` units with ``activation`` → 10, softmax
    cross-entropy. Weights W_l ~ N(0, c/fan_in) with c = 1 for sigmoid and c = 2 for ReLU
    (He et al. 2015). Every hidden bias is ``shift``: it moves all pre-activations by the same
    amount, as a drifting input distribution would. Returns (depth+1,) gradient norms, first
    layer first."""
    from .. import layers
    from ..data import load_mnist

    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}; got {activation!r}")
    rng = np.random.default_rng(seed)
    mnist = load_mnist()
    idx = rng.choice(mnist.x_train.shape[0], size=batch, replace=False)
    x = mnist.x_train[idx].astype(np.float64)
    y = mnist.y_train[idx]
    sizes = [x.shape[1]] + [width] * depth + [10]
    c = 2.0 if activation == "relu" else 1.0
    ws = [rng.normal(0.0, np.sqrt(c / m), size=(m, n))
          for m, n in zip(sizes[:-1], sizes[1:], strict=True)]
    fwd = layers.relu_forward if activation == "relu" else layers.sigmoid_forward
    bwd = layers.relu_backward if activation == "relu" else layers.sigmoid_backward
    caches = []
    h = x
    for w in ws[:-1]:
        a, c_aff = layers.affine_forward(h, w, np.full(w.shape[1], float(shift)))
        h, c_act = fwd(a)
        caches.append((c_aff, c_act))
    logits, c_last = layers.affine_forward(h, ws[-1])
    _, dlogits = layers.softmax_cross_entropy(logits, y)
    dh, dw_last, _ = layers.affine_backward(dlogits, c_last)
    norms = [float(np.linalg.norm(dw_last))]
    for c_aff, c_act in reversed(caches):
        da = bwd(dh, c_act)
        dh, dw, _ = layers.affine_backward(da, c_aff)
        norms.append(float(np.linalg.norm(dw)))
    return np.array(norms[::-1])


GRAD_SETTINGS = (("sigmoid", 0.0), ("sigmoid", 4.0), ("relu", 0.0))


def plot_layer_grad_norms(depth: int = 6, seed: int = 0):
    """Log-scale ‖∂L/∂W_l‖ against layer l for the three settings of :data:`GRAD_SETTINGS`."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    from ..plotting import new_figure

    fig, ax = new_figure()
    for act, shift in GRAD_SETTINGS:
        norms = layer_grad_norms(act, shift, depth=depth, seed=seed)
        ax.semilogy(np.arange(1, depth + 2), norms, "o-", label=f"{act}, b = {shift:g}")
    # plain "1e-04" tick labels: the book's Korean font has no U+2212 minus for mathtext powers
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0e}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(t("ch01.layer"))
    ax.set_ylabel(t("ch01.grad_norm"))
    ax.legend()
    return fig


# ---------------------------------------------------------------------------------------------
# 3. Internal covariate shift on MNIST (Ioffe & Szegedy 2015, §4.1 and Fig. 1)
# ---------------------------------------------------------------------------------------------

PERCENTILES = (15, 50, 85)


@dataclass
class ICSRun:
    """One short training run of the Fig. 1 network, seen from its third hidden layer.

    steps: (E,) evaluation steps; test_acc: (E,); z3: (E, 3) the 15/50/85th percentiles of the
    sigmoid input of one unit in hidden layer 3; a2: (E, 3) the same percentiles of one unit's
    output a^[2] in hidden layer 2, i.e. of one of the inputs that layer 3 receives."""

    batchnorm: bool
    steps: np.ndarray
    test_acc: np.ndarray
    z3: np.ndarray
    a2: np.ndarray


def ics_live_run(batchnorm: bool, steps: int = 2000, unit: int = 0, eval_every: int = 100,
                 seed: int = 0, data=None) -> ICSRun:
    """The first ``steps`` steps of the Fig. 1 run of :mod:`bnbook.experiments.ioffe2015`
    (same network, optimizer, learning rate, initial weights and batch order for the same seed),
    seen from hidden layer 3.

    784-100-100-100-10 sigmoid MLP, with or without BN, SGD on MNIST mini-batches of 60. Records in
    training mode (the paper's N^tr_BN: BN normalizes the probe with the probe's own statistics), on
    the experiment's probe (the first 1000 test images), the percentiles of unit
    ``unit``'s sigmoid input in layer 3 and of unit ``unit``'s output in layer 2, and the test
    accuracy on all 10,000 test images."""
    from ..data import load_mnist
    from ..experiments.ioffe2015 import CONFIG
    from ..model import MLP
    from ..optim import SGD
    from ..train import train

    data = load_mnist() if data is None else data
    probe = data.x_test[: CONFIG["probe_size"]]
    init_seq, order_seq = np.random.SeedSequence(seed).spawn(2)
    model = MLP(CONFIG["sizes"], CONFIG["activation"], batchnorm=batchnorm,
                rng=np.random.default_rng(init_seq), dtype=np.float32,
                bn_eps=CONFIG["bn_eps"], bn_momentum=CONFIG["bn_momentum"])
    a2 = []

    def record_a2(step, hist):
        z2 = model.preacts(probe, layer=2, units=[unit],
                           mode=CONFIG["probe_mode"]).astype(np.float64)[:, 0]
        a2.append(np.percentile(sigmoid(z2), PERCENTILES))

    hist = train(model, SGD(lr=CONFIG["learning_rate"]), data, steps=steps,
                 batch_size=CONFIG["batch_size"], rng=np.random.default_rng(order_seq),
                 eval_every=eval_every, probe=probe, units=[unit], levels=PERCENTILES,
                 probe_layer=3, callback=record_a2, probe_mode=CONFIG["probe_mode"])
    return ICSRun(batchnorm=batchnorm, steps=np.array(hist.eval_steps),
                  test_acc=np.array(hist.test_acc),
                  z3=np.array(hist.percentiles, dtype=float)[:, 0, :], a2=np.array(a2))


def plot_ics_runs(plain: ICSRun, bn: ICSRun):
    """Three panels in the layout of Ioffe & Szegedy (2015) Fig. 1: test accuracy, and the
    15/50/85th percentiles of a layer-3 unit's sigmoid input without and with BN."""
    from ..plotting import new_figure, plot_percentiles

    fig, axes = new_figure(3, figsize=(10.0, 3.2))
    axes[0].plot(plain.steps, plain.test_acc, color=network_color("plain"),
                 label=t("ch01.without_bn"))
    axes[0].plot(bn.steps, bn.test_acc, color=network_color("bn"), label=t("ch01.with_bn"))
    axes[0].set_ylabel(t("ch01.test_accuracy"))
    axes[0].set_xlabel(t("plotting.step"))
    axes[0].legend()
    lo = min(plain.z3.min(), bn.z3.min()) - 0.2
    hi = max(plain.z3.max(), bn.z3.max()) + 0.2
    for ax, run, key, color in ((axes[1], plain, "ch01.without_bn", network_color("plain")),
                                (axes[2], bn, "ch01.with_bn", network_color("bn"))):
        plot_percentiles(ax, run.steps, *run.z3.T, color=color)
        ax.set_title(t(key))
        ax.set_ylim(lo, hi)
    axes[1].set_ylabel(t("ch01.unit_input"))
    return fig


def plot_a2_runs(plain: ICSRun, bn: ICSRun):
    """The 15/50/85th percentiles of one unit of a^[2] (an input of layer 3) over training."""
    from ..plotting import new_figure, plot_percentiles

    fig, ax = new_figure()
    plot_percentiles(ax, plain.steps, *plain.a2.T, label=t("ch01.without_bn"),
                     color=network_color("plain"))
    plot_percentiles(ax, bn.steps, *bn.a2.T, label=t("ch01.with_bn"), color=network_color("bn"))
    ax.set_ylabel(t("ch01.a2_axis"))
    ax.set_ylim(0, 1)
    return fig


def load_full_ics(path=None):
    """The saved 50,000-step results of :mod:`bnbook.experiments.ioffe2015` (a dict), or None
    if ``results/ioffe2015.json`` has not been made yet."""
    from ..experiments import ioffe2015

    path = ioffe2015.default_results_path() if path is None else path
    try:
        return ioffe2015.load_results(path)
    except FileNotFoundError:
        return None


SUMMARY_STEPS = (0, 500, 2000, 10000, 50000)


def full_ics_summary(results, unit: int = 0, at_steps=SUMMARY_STEPS) -> str:
    """A small table of the saved run: for each step in ``at_steps`` that was recorded, the test
    accuracy and the 15/50/85th percentiles of unit ``unit``'s input, without and with BN.
    Named columns (current language)."""
    if results is None:
        return t("ch01.no_full_results")
    nets = results["nets"]
    k = nets["plain"]["units"].index(unit)
    rows = []
    for step in at_steps:
        if step not in nets["plain"]["eval_steps"]:
            continue
        i = nets["plain"]["eval_steps"].index(step)
        j = nets["bn"]["eval_steps"].index(step)
        pp = np.asarray(nets["plain"]["percentiles"])[i, k]
        pb = np.asarray(nets["bn"]["percentiles"])[j, k]
        rows.append([f"{step:d}", f"{nets['plain']['test_acc'][i]:.3f}",
                     f"{nets['bn']['test_acc'][j]:.3f}",
                     f"[{pp[0]:5.2f} {pp[1]:5.2f} {pp[2]:5.2f}]",
                     f"[{pb[0]:5.2f} {pb[1]:5.2f} {pb[2]:5.2f}]"])
    return "\n".join(_named_table([f"ch01.col.ics.{i}" for i in range(1, 6)], rows))


def plot_full_ics(results):
    """Fig. 1 of the paper from the saved run (:func:`bnbook.experiments.ioffe2015.plot_results`),
    or None (nothing drawn) when there is no saved run yet."""
    if results is None:
        return None
    from ..experiments import ioffe2015

    return ioffe2015.plot_results(results)


# ---------------------------------------------------------------------------------------------
# 3b. Side by side with the paper: final accuracies, speed, drift of all units, learning rates
# ---------------------------------------------------------------------------------------------

DRIFT_START = 5000


def _fmt_step(step) -> str:
    return t("ch01.cmp.never") if step is None else f"{step:,}"


def paper_comparison(results, drift_start: int = DRIFT_START) -> str:
    """Plain-text table: our measured numbers next to what Ioffe & Szegedy (2015, §4.1, Fig. 1)
    state: one named row per quantity, our number, then the paper's statement. ``results``: a
    results dict of :mod:`bnbook.experiments.ioffe2015`, or None (then a note that the file is
    missing)."""
    if results is None:
        return t("ch01.no_full_results")
    from ..experiments.ioffe2015 import compare_nets

    c = compare_nets(results, drift_start=drift_start)
    acc, reach = c["final_acc"], c["steps_to_plain_final"]
    spread = {n: c["drift"][n]["spread"].mean(axis=0) for n in ("plain", "bn")}
    ratio = "-" if c["speedup"] is None else f"{c['speedup']:.1f}×"
    rows = [
        (f"{acc['plain']:.3f}", t("ch01.cmp.paper.none")),
        (f"{acc['bn']:.3f}", t("ch01.cmp.paper.higher")),
        (_fmt_step(reach["plain"]), t("ch01.cmp.paper.none")),
        (_fmt_step(reach["bn"]), t("ch01.cmp.paper.faster")),
        (ratio, t("ch01.cmp.paper.none")),
        (f"{spread['plain'][0]:.2f} → {spread['plain'][1]:.2f}", t("ch01.cmp.paper.drift")),
        (f"{spread['bn'][0]:.2f} → {spread['bn'][1]:.2f}", t("ch01.cmp.paper.stable")),
    ]
    names = [t(f"ch01.cmp.row.{i}", start=drift_start, end=c["final_step"]) for i in range(1, 8)]
    ours_head = t("ch01.cmp.ours")
    w_name = max(_width(n) for n in names)
    w_ours = max(_width(ours_head), *(_width(o) for o, _ in rows))

    def line(name, ours, paper):
        return (name + " " * (w_name - _width(name)) + "  " + " " * (w_ours - _width(ours)) + ours
                + "  |  " + paper)

    lines = [line("", ours_head, t("ch01.cmp.paper"))]
    lines += [line(n, ours, paper) for n, (ours, paper) in zip(names, rows, strict=True)]
    return "\n".join([*lines, "", _wrap(t("ch01.legend.cmp", lr=c["learning_rate"]))])


def unit_drift_table(results, drift_start: int = DRIFT_START) -> str:
    """Plain-text table, one row per recorded unit (and their mean), of how each unit's sigmoid
    input moved from ``drift_start`` to the last step, without and with BN; named columns
    (current language) and a line defining them."""
    from ..experiments.ioffe2015 import compare_nets

    c = compare_nets(results, drift_start=drift_start)
    d = c["drift"]
    cols = []
    for name in ("plain", "bn"):
        cols += [d[name]["spread"][:, 0], d[name]["spread"][:, 1], d[name]["d50"],
                 d[name]["jitter"]]
    table = np.stack(cols, axis=1)

    def row(head, v):
        return [head, f"{v[0]:4.2f} → {v[1]:4.2f}", f"{v[2]:+.2f}", f"{v[3]:.3f}",
                f"{v[4]:4.2f} → {v[5]:4.2f}", f"{v[6]:+.2f}", f"{v[7]:.3f}"]

    rows = [row(str(u), v) for u, v in zip(d["plain"]["units"], table, strict=True)]
    mean = table.mean(axis=0)
    mean[[2, 6]] = np.abs(table[:, [2, 6]]).mean(axis=0)
    rows.append(row(t("ch01.mean"), mean))
    steps = results["nets"]["plain"]["eval_steps"]
    lines = _named_table([f"ch01.col.unit.{i}" for i in range(1, 8)], rows)
    return "\n".join([*lines, "", _wrap(t("ch01.legend.unit", start=drift_start,
                                            end=c["final_step"], every=steps[1] - steps[0]))])


def lr_results_paths():
    """The saved runs for several learning rates: ``results/ioffe2015.json`` (the default 0.1)
    and every ``results/ioffe2015_lr*.json``."""
    from ..experiments import ioffe2015

    default = ioffe2015.default_results_path()
    return [default, *sorted(default.parent.glob("ioffe2015_lr*.json"))]


def load_lr_sweep(paths=None) -> list[dict]:
    """The saved 50,000-step runs that exist among ``paths`` (default :func:`lr_results_paths`),
    sorted by learning rate. Missing files are skipped."""
    from ..experiments import ioffe2015

    runs = [ioffe2015.load_results(p) for p in (paths or lr_results_paths()) if p.exists()]
    return sorted(runs, key=lambda r: r["config"]["learning_rate"])


def lr_sweep_table(runs, drift_start: int = DRIFT_START) -> str:
    """Plain-text table, one row per learning rate, of :func:`compare_nets` numbers, with named
    columns (current language) and a line defining the target and the band width."""
    from ..experiments.ioffe2015 import compare_nets

    rows = []
    for r in runs:
        c = compare_nets(r, drift_start=drift_start)
        reach = c["steps_to_plain_final"]
        sp = {n: c["drift"][n]["spread"].mean(axis=0) for n in ("plain", "bn")}
        rows.append([f"{c['learning_rate']:g}", f"{c['final_acc']['plain']:.3f}",
                     f"{c['final_acc']['bn']:.3f}",
                     f"{reach['plain']}" if reach["plain"] is not None else "-",
                     f"{reach['bn']}" if reach["bn"] is not None else "-",
                     f"{sp['plain'][0]:.2f} → {sp['plain'][1]:.2f}",
                     f"{sp['bn'][0]:.2f} → {sp['bn'][1]:.2f}"])
    end = runs[-1]["nets"]["plain"]["eval_steps"][-1] if runs else 0
    lines = _named_table([f"ch01.col.lr.{i}" for i in range(1, 8)], rows)
    return "\n".join([*lines, "", _wrap(t("ch01.legend.lr", start=drift_start, end=end))])


def plot_unit_medians(results):
    """The median sigmoid input of every recorded unit over training, without BN (left) and with
    BN (right), on one y scale, with each net's 15–85th band of unit 0 faint behind."""
    from ..plotting import new_figure

    nets = results["nets"]
    fig, axes = new_figure(2, figsize=(10.0, 3.4), sharey=True)
    for ax, name, key, color in ((axes[0], "plain", "ch01.without_bn", network_color("plain")),
                                 (axes[1], "bn", "ch01.with_bn", network_color("bn"))):
        steps = np.asarray(nets[name]["eval_steps"])
        pct = np.asarray(nets[name]["percentiles"], dtype=float)
        ax.fill_between(steps, pct[:, 0, 0], pct[:, 0, 2], color=color, alpha=0.12, linewidth=0)
        for k in range(pct.shape[1]):
            ax.plot(steps, pct[:, k, 1], color=color, linewidth=0.9, alpha=0.85)
        ax.axhline(0.0, color="gray", linewidth=0.6, linestyle=":")
        ax.axvline(DRIFT_START, color="gray", linewidth=0.6, linestyle="--")
        ax.set_title(t(key))
        ax.set_xlabel(t("plotting.step"))
    axes[0].set_ylabel(t("ch01.unit_medians"))
    return fig


def plot_lr_sweep(runs):
    """Per learning rate (log scale): (a) final test accuracy of both nets; (b) the first step at
    which each net reaches the plain net's final accuracy (a missing point: never reached)."""
    from ..experiments.ioffe2015 import compare_nets
    from ..plotting import new_figure

    cmps = [compare_nets(r) for r in runs]
    lrs = [c["learning_rate"] for c in cmps]
    fig, axes = new_figure(2, figsize=(10.0, 3.4))
    for name, key, color in (("plain", "ch01.without_bn", network_color("plain")),
                             ("bn", "ch01.with_bn", network_color("bn"))):
        axes[0].plot(lrs, [c["final_acc"][name] for c in cmps], "o-", color=color, label=t(key))
        steps = [np.nan if c["steps_to_plain_final"][name] is None
                 else c["steps_to_plain_final"][name] for c in cmps]
        axes[1].plot(lrs, steps, "o-", color=color, label=t(key))
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xlabel(t("ch01.lr_axis"))
        ax.set_xticks(lrs, [f"{lr:g}" for lr in lrs])
        ax.minorticks_off()
        ax.legend()
    axes[0].set_ylabel(t("ch01.final_acc"))
    axes[0].set_title(t("ch01.lr_title_acc", steps=cmps[0]["final_step"]))
    axes[1].set_ylabel(t("ch01.steps_to_target"))
    axes[1].set_title(t("ch01.lr_title_steps"))
    axes[1].set_ylim(bottom=0)
    return fig
