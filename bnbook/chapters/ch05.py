"""Chapter 5 — inference: running averages and population statistics (추론 모드).

What the chapter shows, each as a small function here so the notebook cells stay short:

* :func:`train_mode_accuracy`, :func:`companion_probabilities` — a trained BN network evaluated
  with the statistics of its test batch: the answer for one example depends on its companions.
* :func:`batch_statistics`, :func:`population_statistics`, :func:`set_statistics` — Algorithm 2 of
  Ioffe & Szegedy (2015, §3.1): E[x] = E_B[μ_B], Var[x] = m/(m−1)·E_B[σ²_B] over training
  mini-batches of a frozen network.
* :func:`fold_bn`, :func:`fold_network` — at inference BN is one fixed affine map; folded into the
  preceding affine layer it disappears.
* :func:`ema_update`, :func:`torch_ema_update`, :func:`initial_weight` — the exponential moving
  average frameworks keep, in this book's (Keras') and in PyTorch's momentum convention.
* :func:`ema_experiment` — train a BN MLP on MNIST, keep EMAs with several momenta of the same
  batch statistics, and compare their test accuracy with Algorithm 2's at checkpoints.
* :func:`variance_bias`, :func:`small_batch_experiment` — the m/(m−1) factor, measured.
* :func:`draw_ema` — the widget's draw function (momentum × steps).

Full runs (several seeds, saved to ``results/ch05_ema.json``)::

    python -m bnbook.chapters.ch05 --full

Should move to the library: :func:`batch_statistics`, :func:`population_statistics`,
:func:`set_statistics` and :func:`fold_network` are general (any :class:`bnbook.model.MLP`).
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
from matplotlib.ticker import FuncFormatter

from .. import data, i18n, layers, optim
from ..i18n import t
from ..model import (  # noqa: F401
    MLP,
    Population,
    batch_statistics,
    ema_update,
    fold_bn,
    population_statistics,
    torch_ema_update,
)
from ..paths import results_path
from ..train import minibatches

STRINGS: dict[str, dict[str, str]] = {
    "ch05.batch_size": {"ko": "테스트 배치 크기 N", "en": "test batch size N"},
    "ch05.p_true": {"ko": "정답 클래스의 확률", "en": "probability of the true class"},
    "ch05.test_mode": {"ko": "추론 모드 (배치와 무관)", "en": "inference mode (any batch)"},
    "ch05.companions_title": {
        "ko": "테스트 예제 하나, 함께 든 예제만 바꿔서 {n}번",
        "en": "One test example, {n} draws of its batch companions"},
    "ch05.steps": {"ko": "학습 스텝", "en": "training step"},
    "ch05.ago": {"ko": r"몇 스텝 전의 배치인가 ($t - \tau$)",
                 "en": r"age of the batch in steps ($t - \tau$)"},
    "ch05.weight": {"ko": "가중치 $(1-\\rho)\\rho^{t-\\tau}$",
                    "en": "weight $(1-\\rho)\\rho^{t-\\tau}$"},
    "ch05.initial_weight": {"ko": "초깃값의 가중치 $\\rho^t$",
                            "en": "weight of the initial value $\\rho^t$"},
    "ch05.momentum_label": {"ko": "모멘텀 $\\rho$ = {m:g}", "en": "momentum $\\rho$ = {m:g}"},
    "ch05.weights_title": {"ko": "이동 평균은 최근 배치에 무게를 둡니다",
                           "en": "An EMA weights recent batches"},
    "ch05.startup_title": {"ko": "초깃값(0과 1)의 흔적", "en": "What is left of the initial value"},
    "ch05.momentum": {"ko": "모멘텀", "en": "momentum"},
    "ch05.T": {"ko": "스텝 수", "en": "steps"},
    "ch05.batch_means": {"ko": "미니배치 평균 $\\mu_\\mathcal{B}$",
                         "en": "mini-batch means $\\mu_\\mathcal{B}$"},
    "ch05.running_mean": {"ko": "이동 평균 (모멘텀 {m:g})", "en": "running mean (momentum {m:g})"},
    "ch05.population": {"ko": "모집단 평균 (알고리즘 2)", "en": "population mean (Alg. 2)"},
    "ch05.unit_title": {"ko": "1층 유닛 {unit}의 평균", "en": "Mean of unit {unit} in layer 1"},
    "ch05.acc_title": {"ko": "{T}스텝 뒤 테스트 정확도", "en": "Test accuracy after {T} steps"},
    "ch05.alg2": {"ko": "알고리즘 2", "en": "Alg. 2"},
    "ch05.value": {"ko": "값", "en": "value"},
    "ch05.table_header": {"ko": "스텝    EMA 0.9  EMA 0.99  EMA 0.999  알고리즘 2",
                          "en": "steps   EMA 0.9  EMA 0.99  EMA 0.999  Alg. 2"},
    "ch05.table_header_range": {
        "ko": "스텝   EMA 0.9      EMA 0.99     EMA 0.999    알고리즘 2",
        "en": "steps  EMA 0.9      EMA 0.99     EMA 0.999    Alg. 2"},
    "ch05.small_header": {
        "ko": "  m   있음     없음     없음이 나음     있음이 나음",  # Hangul: 2 columns
        "en": "  m   with     without  without better  with better"},
    # printed lines of the notebook cells (every printed string in the page's language)
    "ch05.acc_inference": {"ko": "추론 모드의 테스트 정확도: {acc:.4f}",
                           "en": "test accuracy in inference mode: {acc:.4f}"},
    "ch05.var_one": {"ko": "최대 |var_B| = {var}   최대 |x_hat| = {x_hat}",
                     "en": "max |var_B| = {var}   max |x_hat| = {x_hat}"},
    "ch05.train_mode_row": {"ko": "학습 모드, 테스트 배치 크기 {N:5d}: 정확도 {acc:.4f}",
                            "en": "train mode, test batches of {N:5d}: accuracy {acc:.4f}"},
    "ch05.inference_row": {"ko": "추론 모드 (배치 크기와 무관):      정확도 {acc:.4f}",
                           "en": "inference mode (any batch size):   accuracy {acc:.4f}"},
    "ch05.label_p": {"ko": "정답: {label}   추론 모드: p = {p:.3f}",
                     "en": "label: {label}   inference mode: p = {p:.3f}"},
    "ch05.companion_row": {
        "ko": "N = {N:2d}: p는 {lo:.3f}부터 {hi:.3f}까지, 뽑기의 {wrong:.0%}에서 틀린 클래스",
        "en": "N = {N:2d}: p from {lo:.3f} to {hi:.3f}, wrong class in {wrong:.0%} of the draws"},
    "ch05.stat_gap": {
        "ko": "{l}층: 최대 |E[x] - running_mean| = {mean:.3f}, 최대 |Var[x] / running_var - 1| = "
              "{var:.3f}",
        "en": "layer {l}: max |E[x] - running_mean| = {mean:.3f}, max |Var[x] / running_var - 1| = "
              "{var:.3f}"},
    "ch05.acc_running": {"ko": "테스트 정확도, 이동 평균 (모멘텀 0.9): {acc:.4f}",
                         "en": "test accuracy, running averages (momentum 0.9): {acc:.4f}"},
    "ch05.acc_alg2": {"ko": "테스트 정확도, 알고리즘 2:             {acc:.4f}",
                      "en": "test accuracy, Algorithm 2:                     {acc:.4f}"},
    "ch05.ratio_row": {"ko": "m = {m:2d}:  E_B[var_B] / Var[x] = {r:.3f}   (m - 1) / m = {f:.3f}",
                       "en": "m = {m:2d}:  E_B[var_B] / Var[x] = {r:.3f}   (m - 1) / m = {f:.3f}"},
    "ch05.fold_check": {"ko": "BN(x W1)과 x W1' + b1'의 최대 차이 < 1e-12: {ok}",
                        "en": "max |BN(x W1) - (x W1' + b1')| < 1e-12: {ok}"},
    "ch05.folded_net": {"ko": "접은 신경망의 배치 정규화: {bn}   파라미터: {params}",
                        "en": "batch normalization in the folded network: {bn}   "
                              "parameters: {params}"},
    "ch05.logit_gap": {"ko": "로짓 차이의 최댓값 < 1e-4: {ok}",
                       "en": "max |logit difference| < 1e-4: {ok}"},
    "ch05.changed_predictions": {"ko": "예측이 달라진 예제: {n}개",
                                 "en": "predictions that differ: {n}"},
    "ch05.window_row": {
        "ko": "rho = {rho:<6}: 창 1/(1-rho) = {window:4d};  최근 {window:4d}개 배치의 가중치 = "
              "{last:.3f};  rho^100 = {w100:.3f},  rho^1000 = {w1000:.3f}",
        "en": "rho = {rho:<6}: window 1/(1-rho) = {window:4d};  weight of the last {window:4d} "
              "batches = {last:.3f};  rho^100 = {w100:.3f},  rho^1000 = {w1000:.3f}"},
    "ch05.momentum_match": {"ko": "이 책/Keras 모멘텀 0.9 == PyTorch 모멘텀 0.1: {ok}",
                            "en": "book/Keras momentum 0.9 == PyTorch momentum 0.1: {ok}"},
    "ch05.running_var_unbiased": {"ko": "running_var == 0.9 * 1 + 0.1 * 불편 분산: {ok}",
                                  "en": "running_var == 0.9 * 1 + 0.1 * unbiased var: {ok}"},
    "ch05.running_var_biased": {"ko": "running_var == 0.9 * 1 + 0.1 * 편향 분산: {ok}",
                                "en": "running_var == 0.9 * 1 + 0.1 * biased var:   {ok}"},
}
i18n.register(STRINGS)

#: The network of the chapter: two sigmoid hidden layers of 100 units, BN before each sigmoid.
SIZES = (784, 100, 100, 10)
MOMENTA = (0.9, 0.99, 0.999)
#: Steps after which the EMA statistics are compared with Algorithm 2's.
CHECKPOINTS = (10, 30, 100, 300, 1000, 3000)
LR = 0.5
BATCH_SIZE = 60
RESULTS_PATH = results_path("ch05_ema.json")
FULL_COMMAND = "python -m bnbook.chapters.ch05 --full"
FULL_SEEDS = (0, 1, 2, 3, 4)
SMALL_BATCHES = (4, 8, 16, 60)

_ACT = {"sigmoid": layers.sigmoid_forward, "relu": layers.relu_forward,
        "tanh": layers.tanh_forward}


# ---------------------------------------------------------------- 1. batch statistics at test time


def train_mode_accuracy(model: MLP, X, y, batch_size: int, rng: np.random.Generator) -> float:
    """Accuracy when every test batch is normalized with its own statistics ("train mode").

    X: (N, D), y: (N,). The examples are shuffled with ``rng`` and cut into consecutive batches of
    ``batch_size`` (the last one may be smaller). A batch of one raises the library's ValueError.
    """
    order = rng.permutation(len(X))
    correct = 0
    for i in range(0, len(X), batch_size):
        idx = order[i:i + batch_size]
        logits = model.forward(X[idx], mode="train")
        correct += int((logits.argmax(axis=1) == y[idx]).sum())
    return correct / len(X)


def companion_probabilities(model: MLP, x, pool, batch_size: int, n_draws: int,
                            rng: np.random.Generator) -> np.ndarray:
    """Softmax output for one example ``x (D,)`` in train mode, each time in a batch with
    ``batch_size − 1`` other examples drawn from ``pool (P, D)``. Returns (n_draws, C)."""
    probs = []
    for _ in range(n_draws):
        others = pool[rng.choice(len(pool), batch_size - 1, replace=False)]
        batch = np.vstack([x[None, :], others])
        probs.append(layers.softmax(model.forward(batch, mode="train"))[0])
    return np.array(probs)


def plot_companions(ax, probs: dict, p_test: float):
    """Strip plot: for each test batch size N (keys of ``probs``), the probability of the true
    class that one example gets in each draw of companions (values: (n_draws,)), against the
    inference-mode probability ``p_test`` (a horizontal line)."""
    sizes = list(probs)
    for j, N in enumerate(sizes):
        p = np.asarray(probs[N])
        offsets = np.linspace(-0.25, 0.25, len(p))  # spread the points, deterministically
        ax.plot(j + offsets, np.sort(p), "o", ms=3, alpha=0.7, color=f"C{j}")
    ax.axhline(p_test, color="k", lw=1.2, ls="--", label=t("ch05.test_mode"))
    ax.set_xticks(range(len(sizes)), [str(N) for N in sizes])
    ax.set_xlim(-0.6, len(sizes) - 0.4)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(t("ch05.batch_size"))
    ax.set_ylabel(t("ch05.p_true"))
    ax.set_title(t("ch05.companions_title", n=len(np.asarray(probs[sizes[0]]))), fontsize=10)
    ax.legend(loc="lower right")
    return ax


def test_mode_probabilities(model: MLP, x) -> np.ndarray:
    """Softmax output (C,) for one example ``x (D,)`` in inference (test) mode."""
    return layers.softmax(model.forward(x[None, :], mode="test"))[0]


# ---------------------------------------------------------------- 2. Algorithm 2


def set_statistics(model: MLP, means: Sequence, variances: Sequence) -> MLP:
    """A copy of ``model`` whose BN layers normalize with ``means[l]``, ``variances[l]`` in
    inference mode (the weights are shared by value, the original is not changed)."""
    if len(means) != len(model.bn_params) or len(variances) != len(model.bn_params):
        raise ValueError(f"need one mean and one variance per BN layer ({len(model.bn_params)}); "
                         f"got {len(means)} and {len(variances)}")
    new = copy.deepcopy(model)
    for bn, mu, var in zip(new.bn_params, means, variances, strict=True):
        bn["running_mean"] = np.asarray(mu, dtype=model.dtype)
        bn["running_var"] = np.asarray(var, dtype=model.dtype)
    return new


# ---------------------------------------------------------------- 3. folding


def fold_network(model: MLP) -> MLP:
    """An MLP without BN that computes exactly what ``model`` computes in inference mode: every
    BN layer folded into the weights and a new bias of the affine layer before it."""
    folded = MLP(model.sizes, activation=model.activation, batchnorm=False, dtype=np.float64)
    for l in range(1, model.n_layers + 1):
        W = model.params[f"W{l}"].astype(np.float64)
        if model._has_bn(l):
            bn = model.bn_params[l - 1]
            W, b = fold_bn(W, model.params[f"gamma{l}"].astype(np.float64),
                           model.params[f"beta{l}"].astype(np.float64),
                           bn["running_mean"].astype(np.float64),
                           bn["running_var"].astype(np.float64), bn["eps"])
        else:
            b = model.params[f"b{l}"].astype(np.float64)
        folded.params[f"W{l}"][...] = W
        folded.params[f"b{l}"][...] = b
    return folded


# ---------------------------------------------------------------- 4. moving averages


def initial_weight(momentum, t):
    """Weight ρ^t that the initial value (0 for the mean, 1 for the variance) still has after t
    updates of an EMA with momentum ρ; the t batch statistics share the rest, 1 − ρ^t."""
    return np.asarray(momentum, dtype=float) ** np.asarray(t, dtype=float)


def plot_ema_weights(fig, momenta=MOMENTA, ages=3000):
    """Left: weight (1−ρ)ρ^(t−τ) of the batch t − τ steps ago, with the window 1/(1−ρ) marked.
    Right: weight ρ^t of the initial value after t steps (log x)."""
    ax_w, ax_0 = fig.subplots(1, 2)
    k = np.arange(ages + 1)
    t_axis = np.unique(np.round(np.logspace(0, np.log10(ages), 200)))
    for i, m in enumerate(momenta):
        color = f"C{i}"
        ax_w.plot(k, (1 - m) * m ** k, color=color, label=t("ch05.momentum_label", m=m))
        ax_w.axvline(1 / (1 - m), color=color, ls=":", lw=1)
        ax_0.plot(t_axis, initial_weight(m, t_axis), color=color)
    ax_w.set_xscale("symlog", linthresh=1)
    ax_w.set_xlim(0, ages * 1.2)
    ax_w.set_yscale("log")
    ax_w.set_ylim(1e-6, 0.2)
    ax_w.set_xlabel(t("ch05.ago"))
    ax_w.set_ylabel(t("ch05.weight"))
    ax_w.set_title(t("ch05.weights_title"), fontsize=10)
    ax_w.legend(fontsize=8, loc="lower left")
    ax_0.set_xscale("log")
    ax_0.set_ylim(0, 1.02)
    ax_0.set_xlabel(t("ch05.steps"))
    ax_0.set_ylabel(t("ch05.initial_weight"))
    ax_0.set_title(t("ch05.startup_title"), fontsize=10)
    for ax in (ax_w, ax_0):
        ax.xaxis.set_major_formatter(_plain)
    ax_w.yaxis.set_major_formatter(_plain)
    return fig


#: tick labels as plain decimals (0.00001, not 1e-05 next to 0.0001), without mathtext minus
#: signs (NanumGothic has no U+2212)
_plain = FuncFormatter(lambda v, _pos=None: np.format_float_positional(
    v, precision=3, fractional=False, trim="-"))


# ---------------------------------------------------------------- 5. the EMA experiment


class EMARun(NamedTuple):
    """Result of :func:`ema_experiment` (one seed)."""

    checkpoints: list  # steps at which the statistics were compared
    momenta: list
    acc_ema: list  # [checkpoint][momentum] test accuracy with the EMA statistics
    acc_pop: list  # [checkpoint] Algorithm 2
    acc_pop_no_factor: list  # [checkpoint] Algorithm 2 without m/(m−1)
    unit: int  # the tracked unit of layer 1
    batch_means: np.ndarray  # (T,) μ_B of the tracked unit at every step
    ema_means: np.ndarray  # (len(momenta), T + 1) its running mean (starts at 0)
    pop_means: list  # [checkpoint] its population mean (Algorithm 2)
    model: MLP  # the trained network, with Algorithm 2's statistics at the last checkpoint


def mnist():
    """The real MNIST (float32, flattened), loaded once (:func:`bnbook.data.cached_mnist`)."""
    return data.cached_mnist()


def new_model(seed: int, momentum: float = 0.9) -> MLP:
    """The chapter's network :data:`SIZES` (sigmoid, BN before each sigmoid), seeded weights."""
    return MLP(SIZES, activation="sigmoid", batchnorm=True, rng=np.random.default_rng(seed),
               bn_momentum=momentum)


def train_model(seed: int = 0, steps: int = 1000, lr: float = LR,
                batch_size: int = BATCH_SIZE, dataset=None) -> MLP:
    """The chapter's network trained with :func:`bnbook.train.train` and SGD; its running
    statistics are the library's EMAs (momentum 0.9)."""
    from ..train import train

    model = new_model(seed)
    train(model, optim.SGD(lr), mnist() if dataset is None else dataset, steps,
          batch_size=batch_size, rng=np.random.default_rng(seed), eval_every=steps, eval_size=1)
    return model


def ema_experiment(seed: int = 0, checkpoints: Sequence[int] = CHECKPOINTS,
                   momenta: Sequence[float] = MOMENTA, *, lr: float = LR,
                   batch_size: int = BATCH_SIZE, pop_batches: int = 100, dataset=None,
                   n_test: int | None = None) -> EMARun:
    """Train the chapter's network with SGD and, after every step, update exponential moving
    averages of every BN layer's batch mean and unbiased batch variance for each momentum in
    ``momenta`` (the same batch statistics for all: the running averages do not change training).
    At each checkpoint the test accuracy is measured with each EMA's statistics and with
    Algorithm 2's (``pop_batches`` training mini-batches of ``batch_size``, frozen weights).

    dataset: (x_train, y_train, x_test, y_test), default the real MNIST. n_test: use the first
    n_test test examples only.
    """
    x_train, y_train, x_test, y_test = mnist() if dataset is None else dataset
    x_test, y_test = x_test[:n_test], y_test[:n_test]
    x_train = np.ascontiguousarray(x_train, dtype=np.float32)
    rng = np.random.default_rng(seed)
    # momentum 0: after each step the model's running statistics ARE this batch's μ_B and
    # m/(m−1)·σ²_B, from which we keep our own EMAs
    model = new_model(seed, momentum=0.0)
    opt = optim.SGD(lr)
    pop_rng = np.random.default_rng([seed, 1])
    n_bn = len(model.bn_params)
    ema_mu = [[np.zeros(len(bn["running_mean"])) for bn in model.bn_params] for _ in momenta]
    ema_var = [[np.ones(len(bn["running_mean"])) for bn in model.bn_params] for _ in momenta]
    steps = max(checkpoints)
    trace_mu = np.zeros((len(momenta), steps + 1, SIZES[1]))
    batch_mu = np.zeros((steps, SIZES[1]))
    acc_ema, acc_pop, acc_pop_nf, pop_mu1 = [], [], [], []
    batches = minibatches(len(x_train), batch_size, rng)
    xb = np.empty((batch_size, x_train.shape[1]), dtype=np.float32)
    final = pop = None
    for step in range(1, steps + 1):
        idx = next(batches)
        np.take(x_train, idx, axis=0, out=xb)
        model.loss(xb, y_train[idx], reuse_buffers=True)
        opt.step({"flat": model.flat_params}, {"flat": model.flat_grads(batch_size)})
        batch_mu[step - 1] = model.bn_params[0]["running_mean"]
        for i, m in enumerate(momenta):
            for l in range(n_bn):
                bn = model.bn_params[l]
                ema_mu[i][l] = ema_update(ema_mu[i][l], bn["running_mean"], m)
                ema_var[i][l] = ema_update(ema_var[i][l], bn["running_var"], m)
            trace_mu[i, step] = ema_mu[i][0]
        if step in checkpoints:
            acc_ema.append([set_statistics(model, ema_mu[i], ema_var[i]).accuracy(x_test, y_test)
                            for i in range(len(momenta))])
            pop = population_statistics(model, x_train, batch_size, pop_batches, pop_rng)
            final = set_statistics(model, pop.mean, pop.var)
            acc_pop.append(final.accuracy(x_test, y_test))
            acc_pop_nf.append(set_statistics(model, pop.mean, pop.mean_batch_var)
                              .accuracy(x_test, y_test))
            pop_mu1.append(pop.mean[0])
    # the unit of layer 1 whose population mean is farthest from 0 (in its own std)
    unit = int(np.argmax(np.abs(pop.mean[0]) / np.sqrt(pop.var[0])))
    return EMARun(list(checkpoints), list(momenta), acc_ema, acc_pop, acc_pop_nf, unit,
                  batch_mu[:, unit].copy(), trace_mu[:, :, unit].copy(),
                  [float(p[unit]) for p in pop_mu1], final)


def format_ema_table(run) -> str:
    """Test accuracy at each checkpoint: EMA with each momentum, and Algorithm 2."""
    rows = [t("ch05.table_header")]
    for T, accs, pop in zip(run.checkpoints, run.acc_ema, run.acc_pop, strict=True):
        rows.append(f"{T:5d}  " + "".join(f"{a:8.4f}  " for a in accs) + f"{pop:8.4f}")
    return "\n".join(rows)


def draw_ema(fig, momentum=0.99, steps=300, run: EMARun | None = None):
    """Widget frame. Left: the tracked unit's mini-batch means, its running mean with
    ``momentum`` and Algorithm 2's population mean at the checkpoints, over the first ``steps``
    steps. Right: test accuracy after ``steps`` steps for every momentum and for Algorithm 2."""
    run = cached_ema_run() if run is None else run
    i = run.momenta.index(momentum)
    c = run.checkpoints.index(steps)
    ax_mu, ax_acc = fig.subplots(1, 2, width_ratios=[1.6, 1])
    k = np.arange(1, steps + 1)
    ax_mu.plot(k, run.batch_means[:steps], ".", ms=2, color="0.7", label=t("ch05.batch_means"))
    ax_mu.plot(np.arange(steps + 1), run.ema_means[i, :steps + 1], color=f"C{i}",
               label=t("ch05.running_mean", m=momentum))
    shown = [j for j, T in enumerate(run.checkpoints) if T <= steps]
    ax_mu.plot([run.checkpoints[j] for j in shown], [run.pop_means[j] for j in shown], "kx",
               ms=8, mew=2, label=t("ch05.population"))
    lo = min(run.batch_means.min(), 0.0, min(run.pop_means))
    hi = max(run.batch_means.max(), 0.0, max(run.pop_means))
    pad = 0.05 * (hi - lo)
    ax_mu.set_ylim(lo - pad, hi + pad)
    ax_mu.set_xlim(0, steps * 1.02)
    ax_mu.set_xlabel(t("ch05.steps"))
    ax_mu.set_ylabel(t("ch05.value"))
    ax_mu.set_title(t("ch05.unit_title", unit=run.unit), fontsize=10)
    ax_mu.legend(fontsize=8, loc="best")
    labels = [f"{m:g}" for m in run.momenta] + [t("ch05.alg2")]
    values = list(run.acc_ema[c]) + [run.acc_pop[c]]
    colors = [f"C{j}" if j == i else "0.75" for j in range(len(run.momenta))] + ["k"]
    bars = ax_acc.bar(range(len(values)), values, color=colors)
    for bar, v in zip(bars, values, strict=True):
        ax_acc.text(bar.get_x() + bar.get_width() / 2, min(v, 1.0) + 0.01, f"{v:.3f}",
                    ha="center", va="bottom", fontsize=8)
    ax_acc.set_xticks(range(len(values)), labels)
    ax_acc.set_ylim(0, 1.12)
    ax_acc.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax_acc.set_xlabel(t("ch05.momentum"))
    ax_acc.set_title(t("ch05.acc_title", T=steps), fontsize=10)
    return fig


@functools.lru_cache(maxsize=1)
def cached_ema_run() -> EMARun:
    """The saved seed-0 run of :func:`ema_experiment` (with traces) from ``results/``."""
    return run_from_dict(load_results()["ema"][0])


# ---------------------------------------------------------------- 6. the m/(m−1) factor


def variance_bias(values, ms: Sequence[int], n_batches: int,
                  rng: np.random.Generator) -> np.ndarray:
    """E_B[σ²_B] / Var for batches of each size m: values (N, D) are one layer's inputs over a
    whole data set (Var = their variance over all N), batches drawn without replacement.
    Returns (len(ms),): the ratio averaged over the D units (expected (m−1)/m)."""
    values = np.asarray(values, dtype=np.float64)
    pop_var = values.var(axis=0)
    keep = pop_var > 1e-12
    out = []
    for m in ms:
        idx = np.stack([rng.choice(len(values), m, replace=False) for _ in range(n_batches)])
        batch_var = values[idx].var(axis=1)  # (n_batches, D), biased (1/m)
        out.append(float(np.mean(batch_var.mean(axis=0)[keep] / pop_var[keep])))
    return np.array(out)


def small_batch_experiment(batch_size: int, seed: int = 0, steps: int = 1000, lr: float = 0.1,
                           pop_batches: int = 500, dataset=None) -> dict:
    """Train the chapter's network with mini-batches of ``batch_size`` and measure the test
    accuracy with Algorithm 2's statistics with and without the factor m/(m−1) (m = batch_size)."""
    x_train, y_train, x_test, y_test = mnist() if dataset is None else dataset
    x_train = np.ascontiguousarray(x_train, dtype=np.float32)
    rng = np.random.default_rng(seed)
    model = new_model(seed)
    opt = optim.SGD(lr)
    batches = minibatches(len(x_train), batch_size, rng)
    for _ in range(steps):
        idx = next(batches)
        model.loss(x_train[idx], y_train[idx], reuse_buffers=True)
        opt.step({"flat": model.flat_params}, {"flat": model.flat_grads(batch_size)})
    pop = population_statistics(model, x_train, batch_size, pop_batches,
                                np.random.default_rng([seed, 1]))
    return {
        "batch_size": batch_size, "seed": seed, "steps": steps, "lr": lr,
        "acc_with_factor": set_statistics(model, pop.mean, pop.var).accuracy(x_test, y_test),
        "acc_without_factor": set_statistics(model, pop.mean, pop.mean_batch_var)
        .accuracy(x_test, y_test),
    }


# ---------------------------------------------------------------- 7. command line


def run_to_dict(run: EMARun, seed: int, traces: bool = False) -> dict:
    """The JSON-ready part of an :class:`EMARun` (no model); with ``traces`` also the tracked
    unit's per-step batch means and running means (for the widget), rounded to 5 decimals."""
    out = {"seed": seed, "checkpoints": run.checkpoints, "momenta": run.momenta,
           "acc_ema": run.acc_ema, "acc_pop": run.acc_pop,
           "acc_pop_no_factor": run.acc_pop_no_factor}
    if traces:
        out.update(unit=run.unit, batch_means=np.round(run.batch_means, 5).tolist(),
                   ema_means=np.round(run.ema_means, 5).tolist(),
                   pop_means=[round(p, 5) for p in run.pop_means])
    return out


def run_from_dict(d: dict) -> EMARun:
    """An :class:`EMARun` (without model) from :func:`run_to_dict` with traces."""
    return EMARun(d["checkpoints"], d["momenta"], d["acc_ema"], d["acc_pop"],
                  d["acc_pop_no_factor"], d["unit"], np.asarray(d["batch_means"]),
                  np.asarray(d["ema_means"]), d["pop_means"], None)


def full_results(seeds=FULL_SEEDS, small_batches=SMALL_BATCHES, progress=False) -> dict:
    """Every seed of :func:`ema_experiment` and :func:`small_batch_experiment` (the saved JSON)."""
    out = {"settings": {"sizes": list(SIZES), "lr": LR, "batch_size": BATCH_SIZE,
                        "checkpoints": list(CHECKPOINTS), "momenta": list(MOMENTA),
                        "pop_batches": 100, "seeds": list(seeds),
                        "small_batches": list(small_batches), "small_batch_steps": 1000,
                        "small_batch_lr": 0.1, "small_batch_pop_batches": 500},
           "ema": [], "small_batch": []}
    for seed in seeds:
        out["ema"].append(run_to_dict(ema_experiment(seed), seed, traces=seed == seeds[0]))
        if progress:
            print(f"ema seed {seed} done", file=sys.stderr)
        for m in small_batches:
            out["small_batch"].append(small_batch_experiment(m, seed))
        if progress:
            print(f"small batches seed {seed} done", file=sys.stderr)
    return out


def load_results(path: str | Path | None = None) -> dict:
    """The saved full results (default ``results/ch05_ema.json`` of the repository)."""
    path = RESULTS_PATH if path is None else Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing; make it with `{FULL_COMMAND}` (about a minute on 2 cores) / "
            f"{path} 파일이 없습니다. `{FULL_COMMAND}`로 만드세요")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def summarize_seeds(results: dict) -> dict:
    """Per checkpoint: (min, max) over seeds of each EMA's and Algorithm 2's accuracy."""
    ema = np.array([r["acc_ema"] for r in results["ema"]])  # (S, C, M)
    pop = np.array([r["acc_pop"] for r in results["ema"]])  # (S, C)
    return {"checkpoints": results["ema"][0]["checkpoints"],
            "ema_min": ema.min(axis=0), "ema_max": ema.max(axis=0),
            "pop_min": pop.min(axis=0), "pop_max": pop.max(axis=0)}


def format_seed_ranges(results: dict) -> str:
    """Per checkpoint, the lowest and highest test accuracy over the saved seeds, for each EMA
    and for Algorithm 2 (``min-max``)."""
    r = summarize_seeds(results)
    rows = [t("ch05.table_header_range")]
    for c, T in enumerate(r["checkpoints"]):
        cells = [f"{lo:.3f}-{hi:.3f}" for lo, hi in zip(r["ema_min"][c], r["ema_max"][c],
                                                         strict=True)]
        cells.append(f"{r['pop_min'][c]:.3f}-{r['pop_max'][c]:.3f}")
        rows.append(f"{T:5d}  " + "  ".join(cells))
    return "\n".join(rows)


def small_batch_summary(results: dict) -> list[dict]:
    """For each training batch size m: mean test accuracy over seeds with and without m/(m−1),
    and on how many seeds leaving the factor out was better, worse or equal."""
    out = []
    for m in results["settings"]["small_batches"]:
        runs = [r for r in results["small_batch"] if r["batch_size"] == m]
        w = np.array([r["acc_with_factor"] for r in runs])
        wo = np.array([r["acc_without_factor"] for r in runs])
        out.append({"m": m, "with": float(w.mean()), "without": float(wo.mean()),
                    "n": len(runs), "without_better": int((wo > w).sum()),
                    "with_better": int((w > wo).sum())})
    return out


def format_small_batch_table(results: dict) -> str:
    """Table of :func:`small_batch_summary`."""
    rows = [t("ch05.small_header")]
    for r in small_batch_summary(results):
        rows.append(f"{r['m']:3d}   {r['with']:.4f}   {r['without']:.4f}   "
                    f"{r['without_better']} / {r['n']:<12d}{r['with_better']} / {r['n']}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``python -m bnbook.chapters.ch05 [--full] [--out PATH]``."""
    parser = argparse.ArgumentParser(description="Chapter 5: running averages (EMA) against "
                                                 "Algorithm 2's population statistics")
    parser.add_argument("--full", action="store_true",
                        help=f"seeds {FULL_SEEDS} and small batches {SMALL_BATCHES} "
                             "(default: seed 0 only)")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"where to save the JSON (default with --full: {RESULTS_PATH})")
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits

    start = time.perf_counter()
    with threadpool_limits(limits=1):
        seeds = FULL_SEEDS if args.full else (0,)
        results = full_results(seeds, SMALL_BATCHES if args.full else (4, 60), progress=True)
    results["command"] = FULL_COMMAND if args.full else "python -m bnbook.chapters.ch05"
    results["seconds"] = round(time.perf_counter() - start, 1)
    for r in results["ema"]:
        print(f"seed {r['seed']}:")
        print(format_ema_table(run_from_dict(r) if "unit" in r else
                               EMATable(r["checkpoints"], r["acc_ema"], r["acc_pop"])))
    for r in results["small_batch"]:
        print(r)
    out = args.out or (RESULTS_PATH if args.full else None)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
            f.write("\n")
        print(f"saved {out}", file=sys.stderr)


class EMATable(NamedTuple):
    """What :func:`format_ema_table` reads (an :class:`EMARun` has these fields too)."""

    checkpoints: list
    acc_ema: list
    acc_pop: list


if __name__ == "__main__":
    main()
