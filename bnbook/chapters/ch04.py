"""Chapter 4 — the regularization effect of batch normalization (배치 정규화의 규제 효과).

What the chapter shows, each as a small function here so the notebook cells stay short:

* :func:`unit_preacts` — a hidden unit's BN inputs x = w·u on MNIST images u (the feature whose
  mini-batch noise we measure).
* :func:`normalized_values` / :func:`minibatch_noise_std` — one example's normalized value x̂_i over
  many random mini-batches of size m that contain it (training mode), and its standard deviation.
* :func:`predicted_noise_std` — the delta-method (leading order in 1/m) prediction
  √((1 + Skew·x̃ + (Kurt − 1)·x̃²/4) / m), with x̃ the example's standardized value, Skew the
  skewness and Kurt the kurtosis of the feature.
* :func:`dropout_samples` — many inverted-dropout outputs of one value z (keep probability p_keep),
  whose variance is (1 − p_keep)/p_keep · z².
* :func:`train_variant` / :func:`run_experiment` — a small MLP (affine → [BN] → ReLU → [dropout]) on
  a small MNIST training subset, plain / BN / Dropout / BN+Dropout, train and test accuracy over
  training. ``python -m bnbook.chapters.ch04 --full --out results/ch04_experiment.json`` is the
  full run the notebook loads.
* :func:`draw_noise_histogram`, :func:`draw_batch_size` — the widgets' draw functions;
  :func:`plot_noise`, :func:`draw_side_by_side`, :func:`plot_variants` — the static figures.

Layout: examples are rows (x: (N, D)), as in CS231n and in :mod:`bnbook.layers`.
Keep probability: this chapter writes p_keep for the probability of *keeping* a unit (Srivastava et
al. 2014 and CS231n call it p; the book's p is a feature map's height);
:func:`bnbook.layers.dropout_forward` takes the *drop* probability ``{"p": 1 − keep}``
(PyTorch's convention). :func:`dropout_param` converts.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from typing import NamedTuple

import numpy as np
from matplotlib.ticker import FuncFormatter

from .. import data, i18n, layers, optim
from ..i18n import pad, t
from ..model import MLP
from ..plotting import network_color
from ..train import minibatches

STRINGS = {
    "ch04.batch_size": {"ko": "미니배치 크기 m", "en": "mini-batch size m"},
    "ch04.noise_std": {"ko": r"$\hat x_i$의 표준편차 (미니배치에 따른)",
                       "en": r"std of $\hat x_i$ over mini-batches"},
    "ch04.measured": {"ko": "측정값, {name}", "en": "measured, {name}"},
    "ch04.predicted": {"ko": "델타 방법 예측", "en": "delta-method prediction"},
    "ch04.reference": {"ko": r"기준선 $1/\sqrt{m}$", "en": r"reference $1/\sqrt{m}$"},
    "ch04.noise_title": {"ko": "미니배치 잡음은 $1/\\sqrt{m}$처럼 줄어듭니다",
                         "en": "Mini-batch noise shrinks like $1/\\sqrt{m}$"},
    "ch04.z_target": {"ko": "예제의 x̃ (근삿값)", "en": "example's x̃ (approx.)"},
    "ch04.pool_line": {"ko": "은닉 유닛 하나의 BN 입력 x {n}개: 평균 {mean:.4f}, "
                             "표준편차 {std:.4f}; 예제 i의 값 x_i = {xi:.4f}",
                       "en": "{n} BN inputs x of one hidden unit: mean {mean:.4f}, "
                             "std {std:.4f}; example i has x_i = {xi:.4f}"},
    "ch04.batch_line": {"ko": "미니배치 {k}: 학습 모드 x̂_i = {train:.4f}, 추론 모드 {test:.4f}",
                        "en": "mini-batch {k}: training mode x̂_i = {train:.4f}, "
                              "inference mode {test:.4f}"},
    "ch04.moments_line": {"ko": "왜도 Skew[x] = {skew:.2f}, 첨도 Kurt[x] = {kurt:.2f} "
                                "(정규분포: 0, 3)",
                          "en": "skewness Skew[x] = {skew:.2f}, kurtosis Kurt[x] = {kurt:.2f} "
                                "(Gaussian: 0, 3)"},
    "ch04.noise_head": {"ko": "측정한 표준편차 (괄호: 델타 방법 예측에 대한 비)",
                        "en": "measured std (in parentheses: ratio to the delta-method "
                              "prediction)"},
    "ch04.drop_train": {"ko": "학습 모드 출력:   {v}", "en": "training-mode output: {v}"},
    "ch04.drop_grad": {"ko": "역전파 dx:        {v}", "en": "backward dx:          {v}"},
    "ch04.drop_test": {"ko": "추론 모드 출력:   {v}", "en": "inference output:     {v}"},
    "ch04.drop_check": {"ko": "수치 기울기와의 상대 오차: {err:.1e}",
                        "en": "relative error against the numerical gradient: {err:.1e}"},
    "ch04.drop_var_line": {"ko": "p_keep = {keep:g}: 평균 {mean:.3f}, 분산 {var:.3f}, "
                                 "(1 − p_keep)/p_keep · z² = {pred:.3f}",
                           "en": "p_keep = {keep:g}: mean {mean:.3f}, variance {var:.3f}, "
                                 "(1 − p_keep)/p_keep · z² = {pred:.3f}"},
    "ch04.example_name": {"ko": r"$\tilde x$ = {z:.2f}인 예제",
                          "en": r"example with $\tilde x$ = {z:.2f}"},
    "ch04.example_col": {"ko": "x̃ = {z:.2f}", "en": "x̃ = {z:.2f}"},
    "ch04.xhat": {"ko": r"정규화된 값 $\hat x_i$", "en": r"normalized value $\hat x_i$"},
    "ch04.share": {"ko": "비율", "en": "fraction"},
    "ch04.hist_title": {"ko": "m = {m}: 표준편차 {std:.3f} (예측 {pred:.3f})",
                        "en": "m = {m}: std {std:.3f} (predicted {pred:.3f})"},
    "ch04.test_value": {"ko": "추론 모드 값 x̃", "en": "inference-mode value x̃"},
    "ch04.bn_noise": {"ko": "BN, m = {m}", "en": "BN, m = {m}"},
    "ch04.dropout_noise": {"ko": "드롭아웃, p_keep = {p:g}", "en": "Dropout, p_keep = {p:g}"},
    "ch04.output": {"ko": "출력 / 잡음 없는 값", "en": "output / noise-free value"},
    "ch04.panel_title": {"ko": "{title}\n표준편차 {std:.2f}", "en": "{title}\nstd {std:.2f}"},
    "ch04.accuracy": {"ko": "정확도", "en": "accuracy"},
    "ch04.train_acc": {"ko": "학습 정확도", "en": "training accuracy"},
    "ch04.test_acc": {"ko": "테스트 정확도", "en": "test accuracy"},
    "ch04.variant": {"ko": "변형", "en": "variant"},
    "ch04.plain": {"ko": "기본", "en": "plain"},
    "ch04.bn": {"ko": "BN", "en": "BN"},
    "ch04.dropout": {"ko": "드롭아웃", "en": "Dropout"},
    "ch04.bn_dropout": {"ko": "BN+드롭아웃", "en": "BN+Dropout"},
    "ch04.curve_title": {"ko": "{variant}: 마지막 간격 {gap:.3f}",
                         "en": "{variant}: final gap {gap:.3f}"},
    "ch04.curve_title_bs": {"ko": "{variant}, m = {m}: 마지막 간격 {gap:.3f}",
                            "en": "{variant}, m = {m}: final gap {gap:.3f}"},
    "ch04.epochs": {"ko": "에포크", "en": "epoch"},
    "ch04.inference_line": {"ko": "BN, 시드 0: 추론 모드(이동 평균) {running:.4f}, "
                                  "테스트 이미지 2,000장 자신의 통계량 {own:.4f}",
                            "en": "BN, seed 0: inference mode (running averages) {running:.4f}, "
                                  "the 2,000 test images' own statistics {own:.4f}"},
    "ch04.col_train": {"ko": "학습", "en": "train"},
    "ch04.col_test": {"ko": "테스트", "en": "test"},
    "ch04.col_std": {"ko": "(표준편차)", "en": "(std)"},
    "ch04.col_gap": {"ko": "간격", "en": "gap"},
}
i18n.register(STRINGS)

#: The four variants of the experiment: (use batch normalization, use dropout).
VARIANTS = {"plain": (False, False), "bn": (True, False), "dropout": (False, True),
            "bn_dropout": (True, True)}
#: Mini-batch sizes of the noise figure and the widget.
BATCH_SIZES = (2, 4, 8, 16, 32, 64, 128, 256)


def _error(en: str, ko: str) -> ValueError:
    return i18n.error(en, ko)


# ---------------------------------------------------------------- 1. the mini-batch noise


def unit_preacts(rng: np.random.Generator, n=60000):
    """Pre-activations z = x·w (n,) of one hidden unit on the first ``n`` MNIST training images
    (default all 60,000), with random weights w ~ N(0, 1/784): a unit of a freshly initialized
    first layer. Computed in float64."""
    x = data.cached_mnist().x_train[:n]
    w = rng.normal(size=x.shape[1]) / np.sqrt(x.shape[1])
    return np.concatenate([x[k:k + 10000].astype(np.float64) @ w for k in range(0, n, 10000)])


def companions(n: int, k: int, n_batches: int, rng: np.random.Generator):
    """Indices (n_batches, k): in each row k distinct indices drawn uniformly from range(n),
    without replacement (rows with a repeated index are drawn again)."""
    if k * k > n:  # repeats would be the rule: draw each row without replacement directly
        return np.array([rng.choice(n, size=k, replace=False) for _ in range(n_batches)],
                        dtype=np.int64).reshape(n_batches, k)
    idx = rng.integers(0, n, size=(n_batches, k))
    while True:
        srt = np.sort(idx, axis=1)
        bad = np.flatnonzero((srt[:, 1:] == srt[:, :-1]).any(axis=1))
        if len(bad) == 0:
            return idx
        idx[bad] = rng.integers(0, n, size=(len(bad), k))


def normalized_values(x, i: int, m: int, rng: np.random.Generator, n_batches=2000, eps=1e-5):
    """x̂_i of example ``i`` in ``n_batches`` random mini-batches of size ``m`` (training mode).

    x: (n,) one feature over a pool of n examples. Each mini-batch is example i plus m − 1 others
    drawn without replacement from the rest of the pool; x̂_i = (x_i − μ_B)/√(σ²_B + ε) with the
    batch mean and the biased (1/m) batch variance (Algorithm 1). Returns (n_batches,).
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise _error(f"x must be one feature over the pool, shape (n,); got {x.shape}",
                     f"x는 예제 풀 전체에 대한 특성 하나, 모양 (n,)이어야 합니다; "
                     f"받은 모양 {x.shape}")
    n = len(x)
    if not 2 <= m <= n:
        raise _error(f"the mini-batch size m must be in 2…{n}; got m={m}",
                     f"미니배치 크기 m은 2…{n} 범위여야 합니다; 받은 m={m}")
    others = np.delete(x, i)
    batch = np.empty((n_batches, m))
    batch[:, 0] = x[i]
    batch[:, 1:] = others[companions(n - 1, m - 1, n_batches, rng)]
    mu = batch.mean(axis=1)
    var = batch.var(axis=1)
    return (x[i] - mu) / np.sqrt(var + eps)


def minibatch_noise_std(x, i: int, m: int, rng: np.random.Generator, n_batches=2000):
    """Standard deviation of x̂_i over ``n_batches`` random mini-batches of size m containing
    example i (see :func:`normalized_values`). x: (n,). Returns a float."""
    return float(normalized_values(x, i, m, rng, n_batches).std())


def standardized(x, i: int):
    """x̃_i = (x_i − mean(x)) / std(x): the example's value normalized with the statistics of the
    whole pool (what test mode uses, up to the running estimates). x: (n,)."""
    x = np.asarray(x, dtype=np.float64)
    return float((x[i] - x.mean()) / x.std())


def shape_moments(x):
    """Skewness Skew[x] = E[(x−μ)³]/σ³ and kurtosis Kurt[x] = E[(x−μ)⁴]/σ⁴ of a feature x: (n,)."""
    x = np.asarray(x, dtype=np.float64)
    d = (x - x.mean()) / x.std()
    return float((d ** 3).mean()), float((d ** 4).mean())


def predicted_noise_std(z_hat, m, skew=0.0, kurt=3.0):
    """Leading-order (delta-method) std of x̂_i over mini-batches of size m:

        √((1 + Skew·x̃ + (Kurt − 1)·x̃²/4) / m),

    x̃ the example's standardized value, Skew and Kurt the feature's skewness and kurtosis (Gaussian:
    Skew = 0, Kurt = 3, giving √((1 + x̃²/2)/m)). m may be an array."""
    m = np.asarray(m, dtype=float)
    return np.sqrt((1.0 + skew * z_hat + (kurt - 1.0) * z_hat ** 2 / 4.0) / m)


def pick_examples(x, targets=(0.0, 1.0, 2.5)):
    """Indices of the examples whose standardized value x̃ is closest to each target. x: (n,)."""
    z = (x - x.mean()) / x.std()
    return [int(np.argmin(np.abs(z - target))) for target in targets]


class NoiseCurve(NamedTuple):
    """Result of :func:`noise_vs_batch_size` for one example."""

    index: int
    z_hat: float
    batch_sizes: np.ndarray  # (K,)
    measured: np.ndarray  # (K,) std of x̂_i over mini-batches
    predicted: np.ndarray  # (K,) delta-method prediction


def noise_vs_batch_size(x, indices, rng: np.random.Generator, batch_sizes=BATCH_SIZES,
                        n_batches=2000) -> list[NoiseCurve]:
    """For each example in ``indices``: measured and predicted std of x̂_i for each m."""
    skew, kurt = shape_moments(x)
    ms = np.asarray(batch_sizes)
    curves = []
    for i in indices:
        z = standardized(x, i)
        measured = np.array([minibatch_noise_std(x, i, int(m), rng, n_batches) for m in ms])
        curves.append(NoiseCurve(i, z, ms, measured, predicted_noise_std(z, ms, skew, kurt)))
    return curves


def plot_noise(ax, curves: list[NoiseCurve]):
    """Log-log: measured std of x̂_i against m (dots), the delta-method prediction (lines) and
    the 1/√m reference (grey)."""
    ms = curves[0].batch_sizes
    ax.loglog(ms, 1 / np.sqrt(ms), "--", color="0.6", label=t("ch04.reference"))
    for k, c in enumerate(curves):
        color = f"C{k}"
        ax.loglog(ms, c.predicted, "-", color=color, lw=1.0)
        ax.loglog(ms, c.measured, "o", color=color,
                  label=t("ch04.measured", name=t("ch04.example_name", z=c.z_hat)))
    ax.plot([], [], "-", color="0.3", lw=1.0, label=t("ch04.predicted"))
    ax.set_xticks(ms, [str(m) for m in ms])
    ax.minorticks_off()
    plain = FuncFormatter(lambda v, _: f"{v:g}")  # no mathtext minus sign in 10^-1
    ax.yaxis.set_major_formatter(plain)
    ax.set_xlabel(t("ch04.batch_size"))
    ax.set_ylabel(t("ch04.noise_std"))
    ax.set_title(t("ch04.noise_title"))
    ax.legend(fontsize="small")
    return ax


def format_noise_table(curves: list[NoiseCurve]) -> str:
    """Text table: one row per m, one column per example: measured std (ratio to prediction)."""
    lines = [t("ch04.noise_head"),
             "m     " + "".join(f"{t('ch04.example_col', z=c.z_hat):17s}" for c in curves).rstrip()]
    for k, m in enumerate(curves[0].batch_sizes):
        cells = "".join(f"{c.measured[k]:.4f} ({c.measured[k] / c.predicted[k]:.2f})    "
                        for c in curves)
        lines.append(f"{int(m):<6d}{cells.rstrip()}")
    return "\n".join(lines)


#: Top of the histogram widget's y-axis (the same in every frame, so widths can be compared).
HIST_YMAX = 0.5
#: The examples of the histogram widget, by their standardized value x̃ (approximately).
Z_TARGETS = (0.0, 1.0, 2.5)


@functools.lru_cache(maxsize=64)
def _hist_values(m: int, z_target: float, seed=0, n_batches=2000):
    x = unit_preacts(np.random.default_rng(seed))
    i = pick_examples(x, (z_target,))[0]
    values = normalized_values(x, i, m, np.random.default_rng(seed + m), n_batches)
    skew, kurt = shape_moments(x)
    z = standardized(x, i)
    return values, z, float(predicted_noise_std(z, m, skew, kurt))


def draw_noise_histogram(fig, m=16, z_target=1.0, values=None):
    """Widget frame: histogram of one example's x̂_i over random mini-batches of size m, with
    its test-mode value x̃ (red line). ``z_target`` picks the MNIST example whose x̃ is closest
    (see :data:`Z_TARGETS`); ``values`` = (x̂ samples, x̃, predicted std) overrides the MNIST
    computation."""
    samples, z, pred = _hist_values(int(m), float(z_target)) if values is None else values
    ax = fig.add_subplot()
    bins = np.linspace(-1.5, 4.5, 121)
    weights = np.full(len(samples), 1.0 / len(samples))
    heights, _, _ = ax.hist(np.clip(samples, bins[0], bins[-1]), bins=bins, weights=weights,
                            color=network_color("bn"))
    ax.axvline(z, color="C3", lw=1.5, label=t("ch04.test_value"))
    ax.set_xlim(bins[0], bins[-1])
    ax.set_ylim(0, HIST_YMAX)
    for k in np.flatnonzero(heights > HIST_YMAX):  # a bar cut off at the top: print its height
        ax.text((bins[k] + bins[k + 1]) / 2 + 0.05, 0.96 * HIST_YMAX, f"{heights[k]:.3f}",
                ha="left", va="top", fontsize="small")
    ax.set_xlabel(t("ch04.xhat"))
    ax.set_ylabel(t("ch04.share"))
    ax.set_title(t("ch04.hist_title", m=int(m), std=float(samples.std()), pred=pred),
                 fontsize="medium")
    ax.legend(loc="upper right")
    return fig


# ---------------------------------------------------------------- 2. dropout


def dropout_param(keep: float, rng: np.random.Generator, mode="train") -> dict:
    """The ``dropout_param`` of :func:`bnbook.layers.dropout_forward` for keep probability
    ``keep`` (bnbook.layers takes the *drop* probability p = 1 − keep)."""
    if not 0.0 < keep <= 1.0:
        raise _error(f"the keep probability must be in (0, 1]; got {keep}",
                     f"유지 확률은 (0, 1] 범위여야 합니다; 받은 값 {keep}")
    return {"p": 1.0 - keep, "mode": mode, "rng": rng}


def dropout_samples(x_value: float, keep: float, rng: np.random.Generator, n=20000):
    """``n`` inverted-dropout outputs (n,) of the single value ``x_value`` with keep probability
    ``keep``: x/keep with probability keep, else 0."""
    x = np.full(n, float(x_value))
    out, _ = layers.dropout_forward(x, dropout_param(keep, rng))
    return out


def draw_side_by_side(fig, bn_samples: dict, z_value: float, dropout_keeps,
                      rng: np.random.Generator):
    """One panel per noise, all as multiples of the noise-free value: BN's x̂_i over mini-batches
    (``bn_samples`` = {m: samples (n,)}) divided by the example's test-mode value ``z_value``, and
    inverted dropout of a unit with value ``z_value`` for each keep probability."""
    panels = [(t("ch04.bn_noise", m=m), np.asarray(v) / z_value, network_color("bn"))
              for m, v in bn_samples.items()]
    for keep in dropout_keeps:
        panels.append((t("ch04.dropout_noise", p=keep),
                       dropout_samples(z_value, keep, rng) / z_value, network_color("dropout")))
    axes = fig.subplots(1, len(panels), sharey=True)
    bins = np.linspace(-0.25, 2.25, 51)
    for ax, (title, values, color) in zip(axes, panels, strict=True):
        weights = np.full(len(values), 1.0 / len(values))
        ax.hist(np.clip(values, bins[0], bins[-1]), bins=bins, weights=weights, color=color)
        ax.axvline(1.0, color="C3", lw=1.2)
        ax.set_title(t("ch04.panel_title", title=title, std=values.std()), fontsize="medium")
        ax.set_xlabel(t("ch04.output"), fontsize="small")
    axes[0].set_ylabel(t("ch04.share"))
    return fig


# ---------------------------------------------------------------- 3. the experiment


def mnist_small(n_train=1000, n_test=2000, seed=0):
    """The experiment's fixed MNIST subset (:func:`bnbook.data.mnist_subset`), float32: 1,000
    training images (small enough for the network to overfit) and 2,000 test images."""
    return data.mnist_subset(n_train, n_test, seed)


def make_net(batchnorm: bool, seed=0, sizes=(784, 100, 100, 10), keep=1.0,
             dtype=np.float32) -> MLP:
    """The experiment's network, a :class:`bnbook.model.MLP`: affine → [BN] → ReLU → [dropout]
    hidden layers and an affine output layer.

    Initial weights: Gaussian with std √(2/fan_in) (He et al. 2015), drawn from
    ``default_rng(seed)``; BN layers have no bias (β takes its role). ``keep`` < 1: inverted
    dropout with keep probability ``keep`` after each hidden ReLU, masks from
    ``default_rng([seed, 2])`` (their own generator, so they shift no other draw). The layer path
    (``fast=False``): the reference arithmetic of :mod:`bnbook.layers`."""
    return MLP(sizes, activation="relu", batchnorm=batchnorm,
               weight_std=[np.sqrt(2.0 / fan_in) for fan_in in sizes[:-1]],
               rng=np.random.default_rng(seed), dtype=dtype, fast=False, keep=keep,
               dropout_rng=np.random.default_rng([seed, 2]))


class Curve(NamedTuple):
    """One training run of :func:`train_variant`."""

    variant: str
    batch_size: int
    seed: int
    steps: np.ndarray  # (E,) evaluation steps (0 = before training)
    epochs: np.ndarray  # (E,) the same in epochs (passes over the training subset)
    train_acc: np.ndarray  # (E,) accuracy on the training subset, test mode
    test_acc: np.ndarray  # (E,) accuracy on the test subset, test mode

    @property
    def gap(self) -> float:
        """Train − test accuracy at the last evaluation."""
        return float(self.train_acc[-1] - self.test_acc[-1])


def generalization_gap(train_acc, test_acc):
    """Train − test accuracy at each evaluation: (E,) arrays → (E,)."""
    return np.asarray(train_acc, dtype=float) - np.asarray(test_acc, dtype=float)


def train_variant(variant: str, *, data=None, steps=1000, batch_size=50, keep=0.5, lr=1e-3,
                  eval_every=100, seed=0, sizes=(784, 100, 100, 10), return_net=False):
    """Train one variant ("plain", "bn", "dropout", "bn_dropout") with Adam(lr) -> a Curve
    (with ``return_net``: (curve, the trained :class:`~bnbook.model.MLP`)).

    data: (x_train, y_train, x_test, y_test), default :func:`mnist_small`. The same seed gives
    every variant the same initial weights W and the same mini-batches (the dropout masks use
    their own generator, so they do not shift the order of the mini-batches)."""
    if variant not in VARIANTS:
        raise _error(f"variant must be one of {tuple(VARIANTS)}; got {variant!r}",
                     f"variant는 {tuple(VARIANTS)} 중 하나여야 합니다; 받은 값 {variant!r}")
    batchnorm, use_dropout = VARIANTS[variant]
    x_train, y_train, x_test, y_test = mnist_small() if data is None else data
    sizes = (x_train.shape[1], *sizes[1:-1], int(max(y_train.max(), y_test.max())) + 1)
    net = make_net(batchnorm, seed, sizes, keep if use_dropout else 1.0)
    batches = minibatches(len(x_train), batch_size, np.random.default_rng([seed, 1]))
    opt = optim.Adam(lr)
    steps_seen, train_acc, test_acc = [], [], []
    for step in range(steps + 1):
        if step > 0:
            idx = next(batches)
            _, grads = net.loss(x_train[idx], y_train[idx])
            opt.step(net.params, grads)
        if step % eval_every == 0 or step == steps:
            steps_seen.append(step)
            train_acc.append(net.accuracy(x_train, y_train))
            test_acc.append(net.accuracy(x_test, y_test))
    steps_seen = np.array(steps_seen)
    curve = Curve(variant, batch_size, seed, steps_seen, steps_seen * batch_size / len(x_train),
                  np.array(train_acc), np.array(test_acc))
    return (curve, net) if return_net else curve


def batch_stats_accuracy(net: MLP, X, y):
    """Accuracy on X (N, D) when BN normalizes with the statistics of X itself (training-mode
    normalization, no dropout), instead of the running averages; the running averages of ``net``
    are left unchanged."""
    logits = net.forward(X, mode="train")
    return float((logits.argmax(axis=1) == y).mean())


def run_experiment(*, variants=tuple(VARIANTS), seeds=(0,), steps=1000, batch_size=50,
                   bn_batch_sizes=(), eval_every=100, **kw) -> list[Curve]:
    """Every variant for every seed (same steps and batch size), then, for each m in
    ``bn_batch_sizes``, "plain" and "bn" with mini-batch size m for the same number of epochs as
    the main runs (steps · batch_size / m steps, evaluated at the same epochs), so each run sees
    every image equally often."""
    runs = [train_variant(v, steps=steps, batch_size=batch_size, seed=s, eval_every=eval_every,
                          **kw)
            for s in seeds for v in variants]
    for m in bn_batch_sizes:
        for s in seeds:
            for v in ("plain", "bn"):
                runs.append(train_variant(v, steps=steps * batch_size // m, batch_size=m, seed=s,
                                          eval_every=max(1, eval_every * batch_size // m), **kw))
    return runs


def curves_to_json(runs: list[Curve], settings: dict) -> dict:
    """A JSON-ready dict: the settings (with the command) and every run's curves."""
    return {"settings": settings,
            "runs": [{"variant": r.variant, "batch_size": r.batch_size, "seed": r.seed,
                      "steps": r.steps.tolist(), "epochs": r.epochs.tolist(),
                      "train_acc": r.train_acc.tolist(), "test_acc": r.test_acc.tolist()}
                     for r in runs]}


def curves_from_json(obj: dict) -> list[Curve]:
    """Inverse of :func:`curves_to_json` (the runs only)."""
    return [Curve(r["variant"], r["batch_size"], r["seed"], np.array(r["steps"]),
                  np.array(r["epochs"]), np.array(r["train_acc"]), np.array(r["test_acc"]))
            for r in obj["runs"]]


def load_results(path):
    """(settings, runs) of a saved experiment JSON (e.g. ``results/ch04_experiment.json``)."""
    with open(path, encoding="utf-8") as f:
        obj = json.load(f)
    return obj["settings"], curves_from_json(obj)


def select(runs: list[Curve], variant: str, batch_size: int) -> list[Curve]:
    """The runs of ``variant`` with mini-batch size ``batch_size`` (one per seed); raises a clear
    error if there are none."""
    sel = [r for r in runs if r.variant == variant and r.batch_size == batch_size]
    if not sel:
        raise _error(f"no run of {variant!r} with batch size {batch_size}",
                     f"배치 크기 {batch_size}인 {variant!r} 실행이 없습니다")
    return sel


class Summary(NamedTuple):
    """Final accuracies of one variant, averaged over seeds (:func:`summarize`)."""

    train: float  # mean final training accuracy
    test: float  # mean final test accuracy
    gap: float  # mean final train − test accuracy
    test_std: float  # standard deviation of the final test accuracy over seeds (0 for one seed)
    n_seeds: int


def summarize(runs: list[Curve], variant: str, batch_size: int) -> Summary:
    """Mean over seeds of the final train accuracy, test accuracy and gap of ``variant``."""
    sel = select(runs, variant, batch_size)
    tr = np.array([r.train_acc[-1] for r in sel])
    te = np.array([r.test_acc[-1] for r in sel])
    return Summary(float(tr.mean()), float(te.mean()), float((tr - te).mean()), float(te.std()),
                   len(sel))




def _header(first: str) -> str:
    cols = ("ch04.col_train", "ch04.col_test", "ch04.col_std", "ch04.col_gap")
    return first + "".join(pad(t(k), 11) for k in cols).rstrip()


def _row(label: str, s: Summary) -> str:
    return f"{label}{s.train:<11.3f}{s.test:<11.3f}{s.test_std:<11.3f}{s.gap:.3f}"


def format_table(runs: list[Curve], batch_size: int, variants=tuple(VARIANTS)) -> str:
    """Text table: for each variant, the mean final train and test accuracy over seeds, the
    standard deviation of the test accuracy over seeds and the mean gap."""
    lines = [_header(pad(t("ch04.variant"), 12))]
    lines += [_row(pad(t(f"ch04.{v}"), 12), summarize(runs, v, batch_size)) for v in variants]
    return "\n".join(lines)


def format_bs_table(runs: list[Curve], batch_sizes, variants=("plain", "bn")) -> str:
    """The same table over mini-batch sizes m (rows: m, variant)."""
    lines = [_header("m     " + pad(t("ch04.variant"), 12))]
    lines += [_row(f"{m:<5d} " + pad(t(f"ch04.{v}"), 12), summarize(runs, v, m))
              for m in batch_sizes for v in variants]
    return "\n".join(lines)


def _plot_run(ax, run: Curve, title: str):
    """Train (dashed) and test (solid) accuracy of one run, in the colour of its kind of network
    (:func:`bnbook.plotting.network_color`); the band between them is the gap."""
    color = network_color(run.variant)
    ax.plot(run.epochs, run.train_acc, "--", color=color, label=t("ch04.train_acc"))
    ax.plot(run.epochs, run.test_acc, "-", color=color, label=t("ch04.test_acc"))
    ax.fill_between(run.epochs, run.test_acc, run.train_acc, color=color, alpha=0.15, lw=0)
    ax.set_ylim(0.6, 1.01)
    ax.set_title(title, fontsize="medium")


def plot_variants(fig, runs: list[Curve], batch_size=50, seed=0, variants=tuple(VARIANTS)):
    """2 × 2 panels: train and test accuracy over training (epochs) of each variant's run with
    this seed; the shaded band is the gap."""
    axes = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
    for ax, v in zip(axes, variants, strict=True):
        run = next(r for r in select(runs, v, batch_size) if r.seed == seed)
        _plot_run(ax, run, t("ch04.curve_title", variant=t(f"ch04.{v}"), gap=run.gap))
    for ax in axes[2:]:
        ax.set_xlabel(t("ch04.epochs"))
    for ax in axes[::2]:
        ax.set_ylabel(t("ch04.accuracy"))
    axes[0].legend(loc="lower right", fontsize="small")
    return fig


def draw_batch_size(fig, m=50, runs=None, seed=0):
    """Widget frame: plain (left) and BN (right) trained with mini-batch size m for the same
    number of epochs; train and test accuracy over training (default: the saved full run)."""
    runs = full_results()[1] if runs is None else runs
    axes = fig.subplots(1, 2, sharey=True)
    for ax, v in zip(axes, ("plain", "bn"), strict=True):
        run = next(r for r in select(runs, v, m) if r.seed == seed)
        _plot_run(ax, run, t("ch04.curve_title_bs", variant=t(f"ch04.{v}"), m=m, gap=run.gap))
        ax.set_xlabel(t("ch04.epochs"))
    axes[0].set_ylabel(t("ch04.accuracy"))
    axes[0].legend(loc="lower right", fontsize="small")
    return fig


RESULTS = "results/ch04_experiment.json"


@functools.lru_cache(maxsize=1)
def full_results():
    """(settings, runs) of the saved full experiment, ``results/ch04_experiment.json``."""
    from ..paths import results_path

    return load_results(results_path(RESULTS.rsplit("/", 1)[-1]))


# ---------------------------------------------------------------- CLI


FULL = {"seeds": (0, 1, 2, 3, 4), "steps": 3000, "batch_size": 50, "bn_batch_sizes": (10, 250)}
QUICK = {"seeds": (0,), "steps": 600, "batch_size": 50, "bn_batch_sizes": ()}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bnbook.chapters.ch04",
        description="Chapter 4 experiment: plain / BN / Dropout / BN+Dropout MLPs on 1,000 MNIST "
                    "training images; train and test accuracy over training.")
    parser.add_argument("--full", action="store_true",
                        help=f"the full run {FULL} (default: the quick run {QUICK})")
    parser.add_argument("--out", help="write the curves and settings to this JSON file")
    args = parser.parse_args(argv)
    settings = dict(FULL if args.full else QUICK)
    from threadpoolctl import threadpool_limits

    t0 = time.perf_counter()
    with threadpool_limits(1):  # as bnbook.setup does in the notebooks: the same float32 sums
        runs = run_experiment(**settings)
    elapsed = time.perf_counter() - t0
    settings = {k: list(v) if isinstance(v, tuple) else v for k, v in settings.items()}
    settings["wall_time_s"] = round(elapsed)
    settings["load_average_1min"] = round(os.getloadavg()[0], 2)  # the machine was shared
    settings.update({"command": "python -m bnbook.chapters.ch04" + (" --full" if args.full else "")
                     + (f" --out {args.out}" if args.out else ""),
                     "n_train": 1000, "n_test": 2000, "sizes": [784, 100, 100, 10],
                     "optimizer": "Adam", "lr": 1e-3, "keep": 0.5, "eval_every": 100,
                     "activation": "relu"})
    print(format_table(runs, settings["batch_size"]))
    if settings["bn_batch_sizes"]:
        print(format_bs_table(runs, [*settings["bn_batch_sizes"], settings["batch_size"]]))
    print(f"{elapsed:.0f} s", file=sys.stderr)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(curves_to_json(runs, settings), f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
