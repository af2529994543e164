"""Chapter 6 — softmax and cross-entropy (소프트맥스와 교차 엔트로피).

The book's networks end in a 10-way softmax with a cross-entropy loss (the MNIST network of Ioffe &
Szegedy 2015, §4.1). :mod:`bnbook.layers` has ``softmax``, ``log_softmax`` and
``softmax_cross_entropy(logits, y) -> (loss, dlogits)``; this module holds what the chapter shows
about them, each as a small function so the notebook cells stay short:

* :func:`hardmax`, :func:`softmax_temperature` — logits to probabilities, sharp and soft.
* :func:`two_class_gap` / :func:`plot_two_class` — with two classes softmax is the logistic sigmoid
  of the logit difference.
* :func:`naive_softmax`, :func:`log_of_softmax`, :func:`overflow_rows` — what goes wrong without
  subtracting the maximum (overflow to inf/nan, log 0 = −inf), and where.
* :func:`cross_entropy_from_probs`, :func:`one_hot`, :func:`gradient_check` — the loss and its
  gradient ŷ − y, checked against centred differences.
* :func:`initial_loss` — the loss of the book's MNIST MLP at initialization (≈ log K).
* :func:`train_net` / :func:`main` — a trained MNIST net (short run in the notebook, long run saved
  by ``python -m bnbook.chapters.ch06 --full``), the probabilities it gives the true class, its
  confidently wrong examples and its test loss next to its test accuracy.
* :func:`draw_softmax_bars` — the widget: temperature and one logit → probabilities and the loss.

Layout: examples are rows, logits (N, C), labels y (N,) integers in [0, C).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from .. import checks, data, i18n, layers, optim
from ..i18n import pad, t
from ..layers import hardmax, one_hot  # noqa: F401  (in the library: the grader uses them too)
from ..paths import results_path

STRINGS = {
    "ch06.logit_diff": {"ko": r"로짓 차이 $z_1 - z_2$", "en": r"logit difference $z_1 - z_2$"},
    "ch06.prob_class1": {"ko": r"클래스 1의 확률", "en": r"probability of class 1"},
    "ch06.sigmoid_curve": {"ko": r"$\sigma(z_1 - z_2)$", "en": r"$\sigma(z_1 - z_2)$"},
    "ch06.softmax_points": {"ko": r"softmax$([z_1, z_2])_1$, $z_2$는 무작위",
                            "en": r"softmax$([z_1, z_2])_1$, random $z_2$"},
    "ch06.two_class_title": {"ko": "두 클래스의 소프트맥스 = 시그모이드",
                             "en": "Two-class softmax = sigmoid"},
    "ch06.p_true": {"ko": r"정답 클래스의 예측 확률 $\hat y_\ell$",
                    "en": r"predicted probability of the true class $\hat y_\ell$"},
    "ch06.count": {"ko": "테스트 예제 수 (로그 눈금)", "en": "test examples (log scale)"},
    "ch06.correct": {"ko": "맞힌 예제", "en": "classified correctly"},
    "ch06.wrong": {"ko": "틀린 예제", "en": "misclassified"},
    "ch06.hist_title": {"ko": "학습 {steps}스텝 뒤, 테스트 예제 {n}개",
                        "en": "after {steps} training steps, {n} test examples"},
    "ch06.steps": {"ko": "스텝", "en": "step"},
    "ch06.loss_axis": {"ko": "교차 엔트로피 손실", "en": "cross-entropy loss"},
    "ch06.error_axis": {"ko": "테스트 오차율 (1 - 정확도)", "en": "test error (1 - accuracy)"},
    "ch06.train_loss": {"ko": "학습 손실 ({net})", "en": "training loss ({net})"},
    "ch06.test_loss": {"ko": "테스트 손실 ({net})", "en": "test loss ({net})"},
    "ch06.test_error": {"ko": "테스트 오차율 ({net})", "en": "test error ({net})"},
    "ch06.net_bn": {"ko": "BN", "en": "BN"},
    "ch06.net_plain": {"ko": "BN 없음", "en": "no BN"},
    "ch06.loss_title": {"ko": "학습 손실은 계속 내려가고 테스트 손실은 멈춥니다",
                        "en": "Training loss keeps falling, test loss levels off"},
    "ch06.error_title": {"ko": "오차율과 테스트 손실", "en": "Test error against test loss"},
    "ch06.mistake": {"ko": "정답 {y}, 예측 {pred}\n" r"$\hat y_{{{pred}}}$ = {p:.3f}",
                     "en": "label {y}, predicted {pred}\n" r"$\hat y_{{{pred}}}$ = {p:.3f}"},
    "ch06.stats_acc": {"ko": "테스트 정확도 {acc:.4f}, 테스트 손실 {loss:.4f}",
                       "en": "test accuracy {acc:.4f}, test loss {loss:.4f}"},
    "ch06.stats_p": {"ko": "정답 클래스 확률: 중앙값 {median:.3f}, 0.9 초과 {above:.1%}, "
                           "0.1 미만 {below:.1%}",
                     "en": "probability of the true class: median {median:.3f}, above 0.9 "
                           "{above:.1%}, below 0.1 {below:.1%}"},
    "ch06.stats_wrong": {"ko": "틀린 예제 {n_wrong}개({wrong:.1%})가 전체 손실의 {share:.1%}를 "
                               "차지합니다 (예제당 손실: 틀린 예제 {loss_wrong:.2f}, "
                               "맞힌 예제 {loss_right:.3f})",
                         "en": "the {n_wrong} misclassified examples ({wrong:.1%}) carry "
                               "{share:.1%} of the total loss (loss per example: misclassified "
                               "{loss_wrong:.2f}, correct {loss_right:.3f})"},
    "ch06.stats_confident": {"ko": "틀린 예제 가운데 가장 큰 확률이 0.9를 넘는 것: {n}개",
                             "en": "misclassified with a largest probability above 0.9: {n}"},
    "ch06.long_line": {"ko": "{net}: 마지막 스텝의 학습 손실 {train:.4f}, 테스트 손실 {test:.4f}, "
                             "테스트 정확도 {acc:.4f}\n"
                             "  가장 낮은 테스트 손실 {best:.4f} (스텝 {best_step})\n"
                             "  마지막 스텝: 틀린 예제 {wrong:.1%}가 테스트 손실의 {share:.1%}를 "
                             "차지, 정답 클래스 확률의 중앙값 {median:.5f}",
                       "en": "{net}: last step: training loss {train:.4f}, test loss {test:.4f}, "
                             "test accuracy {acc:.4f}\n"
                             "  lowest test loss {best:.4f} (step {best_step})\n"
                             "  last step: misclassified {wrong:.1%} carry {share:.1%} of the "
                             "test loss, median probability of the true class {median:.5f}"},
    "ch06.temperature": {"ko": "온도 T", "en": "temperature T"},
    "ch06.z_true": {"ko": "정답 로짓 z0", "en": "true logit z0"},
    "ch06.class": {"ko": "클래스 (0 = 정답)", "en": "class (0 = true class)"},
    "ch06.prob": {"ko": "확률", "en": "probability"},
    "ch06.bars_title": {"ko": r"T = {T:g}, $z_0$ = {z:g}: 손실 $-\log \hat y_0$ = {loss:.3f}",
                        "en": r"T = {T:g}, $z_0$ = {z:g}: loss $-\log \hat y_0$ = {loss:.3f}"},
    "ch06.hardmax_label": {"ko": r"하드맥스 ($T \to 0$)", "en": r"hardmax ($T \to 0$)"},
    "ch06.softmax_label": {"ko": "소프트맥스(z / T)", "en": "softmax(z / T)"},
    "ch06.true_class_label": {"ko": "정답 클래스 0", "en": "true class 0"},
    "ch06.naive": {"ko": "단순 계산", "en": "naive"},
    "ch06.stable": {"ko": "최댓값을 뺀 계산", "en": "max subtracted"},
    "ch06.loss": {"ko": "손실", "en": "loss"},
    "ch06.predicted": {"ko": "log K + Var/2", "en": "log K + Var/2"},
    "ch06.logit_std": {"ko": "로짓 표준편차", "en": "logit std"},
    "ch06.init_plain": {"ko": "BN 없음", "en": "no BN"},
    "ch06.init_bn": {"ko": "BN", "en": "BN"},
    "ch06.variant_base": {"ko": "기본 초기화", "en": "default init"},
    "ch06.variant_last10": {"ko": "출력층 가중치 ×10", "en": "output weights ×10"},
    # printed lines of the notebook cells (every printed string in the page's language)
    "ch06.log_largest": {"ko": "가장 큰 수의 로그, float32: {f32}   float64: {f64}",
                         "en": "log of the largest number, float32: {f32}   float64: {f64}"},
    "ch06.log_smallest": {"ko": "가장 작은 수의 로그, float32: {f32}   float64: {f64}",
                          "en": "log of the smallest number, float32: {f32}   float64: {f64}"},
    "ch06.naive_label": {"ko": "단순 계산:", "en": "naive:"},
    "ch06.row_sums": {"ko": "행의 합: {sums}", "en": "row sums: {sums}"},
    "ch06.axis0_sums": {"ko": "axis=0: 행의 합 {rows}  열의 합 {cols}",
                        "en": "axis=0: row sums {rows}  column sums {cols}"},
    "ch06.axis1_sums": {"ko": "axis=1: 행의 합 {rows}", "en": "axis=1: row sums {rows}"},
    "ch06.sum_not_mean": {"ko": "평균 대신 합", "en": "sum instead of mean"},
    "ch06.probs_as_logits": {"ko": "확률을 로짓 자리에", "en": "probabilities as logits"},
    "ch06.rel_error_ok": {"ko": "수치 기울기와의 상대 오차 < 1e-7: {ok}",
                          "en": "relative error against the numerical gradient < 1e-7: {ok}"},
    "ch06.dlogits_row_sums": {"ko": "dlogits의 행 합: {sums}", "en": "row sums of dlogits: {sums}"},
}
i18n.register(STRINGS)


def labelled(label: str, value, width: int = 31) -> str:
    """``label = value`` with the ``=`` in display column ``width`` (Hangul counts two), so that
    code expressions and translated labels line up in one printed column."""
    return f"{pad(label, width)}= {value}"

#: The book's MNIST network (Ioffe & Szegedy 2015, §4.1): 784-100-100-100-10, sigmoid.
SIZES = (784, 100, 100, 100, 10)
#: Widget grid: temperatures and the true class's logit z0; the other logits are fixed.
TEMPERATURES = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
Z_TRUE = (-2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0)
OTHER_LOGITS = (2.0, 1.0, 0.5, 0.0, -1.0)
#: Default settings of :func:`train_net` (the short run of the notebook; ``--full`` is longer).
TRAIN = {"optimizer": "SGD", "learning_rate": 0.1, "batch_size": 60, "steps": 2000,
         "eval_every": 100, "seed": 0, "weight_std": "1/sqrt(fan_in)", "dtype": "float32"}
FULL_STEPS = 50000
FULL_EVAL_EVERY = 1000


def _error(en: str, ko: str) -> ValueError:
    return i18n.error(en, ko)


# ---------------------------------------------------------------- 1. logits -> probabilities


def softmax_temperature(z, temperature: float):
    """softmax(z / T) over the last axis. z: (..., C) -> (..., C). T > 0."""
    if not temperature > 0:
        raise _error(f"the temperature must be > 0; got {temperature}",
                     f"온도는 0보다 커야 합니다; 받은 값 {temperature}")
    return layers.softmax(np.asarray(z, dtype=float) / temperature)


def sigmoid(x):
    """The logistic sigmoid 1 / (1 + e^(−x)) of chapter 1 (bnbook.layers.sigmoid_forward)."""
    return layers.sigmoid_forward(x)[0]


def two_class_gap(z1, z2) -> float:
    """max |softmax([z1, z2])_1 − σ(z1 − z2)| over arrays z1, z2 of the same shape (K,)."""
    z = np.stack([np.asarray(z1, float), np.asarray(z2, float)], axis=-1)  # (K, 2)
    return float(np.abs(layers.softmax(z)[..., 0] - sigmoid(z[..., 0] - z[..., 1])).max())


def plot_two_class(ax, rng: np.random.Generator, n_points=40):
    """σ(z1 − z2) against z1 − z2, and softmax([z1, z2])_1 at random pairs (z2 uniform in
    [−5, 5]): the points lie on the curve whatever z2 is."""
    d = np.linspace(-8, 8, 201)
    ax.plot(d, sigmoid(d), color="0.4", label=t("ch06.sigmoid_curve"))
    diff = rng.uniform(-7, 7, n_points)
    z2 = rng.uniform(-5, 5, n_points)
    p1 = layers.softmax(np.stack([z2 + diff, z2], axis=1))[:, 0]
    ax.plot(diff, p1, "o", ms=4, color="C1", label=t("ch06.softmax_points"))
    ax.set_xlabel(t("ch06.logit_diff"))
    ax.set_ylabel(t("ch06.prob_class1"))
    ax.set_title(t("ch06.two_class_title"))
    ax.legend(loc="upper left")
    return ax


# ---------------------------------------------------------------- 2. overflow and the max trick


def naive_softmax(z):
    """exp(z) / Σ exp(z) over the last axis, *without* subtracting the maximum (for showing why
    one must). Keeps z's float dtype. z: (..., C) -> (..., C); inf/nan where exp overflows."""
    z = np.asarray(z)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


def log_of_softmax(z):
    """log(softmax(z)) computed in two steps (for showing why one should not): even with the
    stable softmax, a probability that underflows to 0 gives log 0 = −inf. z: (..., C)."""
    with np.errstate(divide="ignore"):
        return np.log(layers.softmax(z))


def overflow_threshold(dtype) -> float:
    """The largest z with a finite exp(z) in ``dtype``: log of the largest finite number."""
    return float(np.log(np.finfo(dtype).max))


def overflow_rows(cases=((np.float32, (88.0, 89.0)), (np.float64, (709.0, 710.0)))):
    """softmax([z, 0]) naive and stable for each dtype and z -> list of
    (dtype name, z, naive (2,), stable (2,))."""
    rows = []
    for dtype, zs in cases:
        for z in zs:
            logits = np.array([z, 0.0], dtype=dtype)
            rows.append((np.dtype(dtype).name, z, naive_softmax(logits), layers.softmax(logits)))
    return rows


def format_overflow_rows(rows) -> str:
    """The rows of :func:`overflow_rows` as a text table (probabilities to 4 decimals)."""
    def fmt(p):
        return "[" + ", ".join(f"{v:.4f}" if np.isfinite(v) else f"{v}" for v in p) + "]"
    lines = [f"{'dtype':9s}{'z':>5s}   {pad(t('ch06.naive'), 20)}{t('ch06.stable')}"]
    for name, z, naive, stable in rows:
        lines.append(f"{name:9s}{z:5g}   {fmt(naive):20s}{fmt(stable)}")
    return "\n".join(lines)


# ---------------------------------------------------------------- 3. cross-entropy


def cross_entropy_from_probs(p, y) -> float:
    """Mean over the batch of −Σ_k y_k log p_k for one-hot y, i.e. −mean log p[i, y_i].

    p: (N, C) probabilities (rows sum to 1), y: (N,) integer labels."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return float(-np.log(p[np.arange(len(y)), y]).mean())


class GradCheck(NamedTuple):
    """Result of :func:`gradient_check` (float64)."""

    dlogits: np.ndarray  # (N, C) from softmax_cross_entropy
    formula: np.ndarray  # (N, C) (softmax(z) − onehot(y)) / N
    numerical: np.ndarray  # (N, C) by centred differences of the loss
    rel_error: float  # checks.rel_error(dlogits, numerical)


def gradient_check(rng: np.random.Generator, N=4, C=5, scale=3.0) -> GradCheck:
    """∂L/∂z of the mean cross-entropy at random logits (N, C) (std ``scale``) and labels:
    backward of layers.softmax_cross_entropy, the formula (ŷ − y)/N, and centred differences."""
    z = scale * rng.normal(size=(N, C))
    y = rng.integers(0, C, size=N)
    _, dlogits = layers.softmax_cross_entropy(z, y)
    formula = (layers.softmax(z) - one_hot(y, C)) / N
    numerical = checks.eval_numerical_gradient(lambda zz: layers.softmax_cross_entropy(zz, y)[0],
                                               z.copy())
    return GradCheck(dlogits, formula, numerical, checks.rel_error(dlogits, numerical))


# ---------------------------------------------------------------- 4. the loss at initialization


class InitLoss(NamedTuple):
    loss: float  # mean cross-entropy of the untrained network
    predicted: float  # log K + ½ · mean over examples of the variance of the logits over classes
    logit_std: float  # std of all logits


def predicted_initial_loss(logits) -> float:
    """log K + ½ · mean_i Var_k(z_ik): the second-order estimate of the loss of small logits that
    do not yet depend on the label. logits: (N, C)."""
    z = np.asarray(logits, dtype=np.float64)
    return float(np.log(z.shape[1]) + 0.5 * z.var(axis=1).mean())


def initial_loss(batchnorm: bool, *, seed=0, n=1000, input_scale=1.0, last_layer_scale=1.0,
                 mnist=None) -> InitLoss:
    """Mean cross-entropy of the book's MNIST MLP (:data:`SIZES`, sigmoid, weights N(0, 1/fan_in))
    before any training, on the first ``n`` training images; BN layers use the batch's statistics.

    input_scale multiplies the pixels; last_layer_scale multiplies the std of the output
    layer's weights.
    """
    from ..model import MLP

    mnist = data.load_mnist() if mnist is None else mnist
    X = mnist.x_train[:n] * np.float32(input_scale)
    y = mnist.y_train[:n]
    stds = [1.0 / np.sqrt(fan_in) for fan_in in SIZES[:-1]]
    stds[-1] *= last_layer_scale
    net = MLP(SIZES, "sigmoid", batchnorm=batchnorm, weight_std=stds, rng=seed)
    logits = net.forward(X, mode="train").astype(np.float64)
    loss, _ = layers.softmax_cross_entropy(logits, y)
    return InitLoss(loss, predicted_initial_loss(logits), float(logits.std()))


INIT_VARIANTS = {  # table row key -> keyword arguments of initial_loss
    "ch06.variant_base": {},
    "ch06.variant_last10": {"last_layer_scale": 10.0},
}


def format_initial_losses(seed=0, mnist=None) -> str:
    """A text table: the initial loss of the plain and the BN network, for each of
    :data:`INIT_VARIANTS`, against the prediction log K + Var/2 (3 decimals)."""
    header = "".join(pad(t(k), 16) for k in ("ch06.loss", "ch06.predicted", "ch06.logit_std"))
    lines = [(" " * 12 + header).rstrip()]
    for key, kw in INIT_VARIANTS.items():
        lines.append(t(key))
        for bn, name in ((False, "ch06.init_plain"), (True, "ch06.init_bn")):
            r = initial_loss(bn, seed=seed, mnist=mnist, **kw)
            lines.append(f"  {pad(t(name), 10)}{r.loss:<16.3f}{r.predicted:<16.3f}"
                         f"{r.logit_std:.2f}")
    return "\n".join(lines)


# ---------------------------------------------------------------- 5. a trained MNIST network


class Trained(NamedTuple):
    """Result of :func:`train_net`."""

    model: object  # the bnbook.model.MLP after training
    eval_steps: np.ndarray  # (E,)
    train_loss: np.ndarray  # (E,) mean mini-batch loss since the previous evaluation (nan at 0)
    test_loss: np.ndarray  # (E,) mean cross-entropy on the test set (test mode)
    test_acc: np.ndarray  # (E,)


def test_loss(model, x, y) -> float:
    """Mean cross-entropy of ``model`` (test mode) on x (N, 784), y (N,)."""
    return layers.softmax_cross_entropy(model.forward(x), y)[0]


def train_net(batchnorm=True, steps=TRAIN["steps"], *, eval_every=TRAIN["eval_every"],
              seed=TRAIN["seed"], lr=TRAIN["learning_rate"], batch_size=TRAIN["batch_size"],
              mnist=None) -> Trained:
    """Train the book's MNIST MLP (:data:`SIZES`, sigmoid, with or without BN) with plain SGD and
    record the training loss, test loss and test accuracy every ``eval_every`` steps."""
    from ..model import MLP
    from ..train import train

    mnist = data.load_mnist() if mnist is None else mnist
    model = MLP(SIZES, "sigmoid", batchnorm=batchnorm, rng=seed)
    losses = []
    hist = train(model, optim.SGD(lr), mnist, steps=steps, batch_size=batch_size,
                 rng=np.random.default_rng(seed), eval_every=eval_every,
                 callback=lambda step, h: losses.append(test_loss(model, mnist.x_test,
                                                                  mnist.y_test)))
    return Trained(model, np.array(hist.eval_steps), np.array(hist.train_loss),
                   np.array(losses), np.array(hist.test_acc))


def true_class_probs(model, x, y):
    """softmax of the test-mode logits: (probabilities (N, C), ŷ of the true class (N,))."""
    p = layers.softmax(model.forward(x).astype(np.float64))
    return p, p[np.arange(len(y)), y]


def loss_share_of_mistakes(p, y) -> tuple[float, float]:
    """(fraction of examples misclassified, fraction of the total loss Σ −log ŷ_y they carry)."""
    wrong = p.argmax(axis=1) != y
    per_example = -np.log(p[np.arange(len(y)), y])
    return float(wrong.mean()), float(per_example[wrong].sum() / per_example.sum())


def format_true_class_stats(p, y) -> str:
    """Accuracy, loss and how the loss splits between correct and misclassified examples.

    p: (N, C) predicted probabilities, y: (N,) labels."""
    y = np.asarray(y)
    p_true = p[np.arange(len(y)), y]
    per_example = -np.log(p_true)
    wrong = p.argmax(axis=1) != y
    _, share = loss_share_of_mistakes(p, y)
    return "\n".join([
        t("ch06.stats_acc", acc=1 - wrong.mean(), loss=per_example.mean()),
        t("ch06.stats_p", median=np.median(p_true), above=(p_true > 0.9).mean(),
          below=(p_true < 0.1).mean()),
        t("ch06.stats_wrong", n_wrong=int(wrong.sum()), wrong=wrong.mean(), share=share,
          loss_wrong=per_example[wrong].mean(), loss_right=per_example[~wrong].mean()),
        t("ch06.stats_confident", n=int((p[wrong].max(axis=1) > 0.9).sum())),
    ])


def format_long_run(results: dict) -> str:
    """One line per network of the saved long run (see :func:`main`)."""
    lines = []
    for net in ("plain", "bn"):
        r = results["runs"][net]
        best = int(np.argmin(r["test_loss"]))
        lines.append(t("ch06.long_line", net=t(f"ch06.net_{net}"), train=r["train_loss"][-1],
                       test=r["test_loss"][-1], acc=r["test_acc"][-1],
                       best=r["test_loss"][best], best_step=r["eval_steps"][best],
                       wrong=r["final_mistake_fraction"], share=r["final_mistake_loss_share"],
                       median=r["final_median_p_true"]))
    return "\n".join(lines)


def plot_true_class_hist(ax, p_true, correct, steps: int):
    """Histograms (log counts, overlaid) of ŷ of the true class: correct and misclassified."""
    bins = np.linspace(0, 1, 21)
    ax.hist(p_true[correct], bins=bins, log=True, color="C0", alpha=0.7,
            label=t("ch06.correct"))
    ax.hist(p_true[~correct], bins=bins, log=True, color="C3", alpha=0.7,
            label=t("ch06.wrong"))
    ax.set_xlabel(t("ch06.p_true"))
    ax.set_ylabel(t("ch06.count"))
    ax.set_title(t("ch06.hist_title", steps=steps, n=len(p_true)), fontsize="medium")
    ax.legend(loc="upper center")
    return ax


def confidently_wrong(p, y, k=6):
    """Indices (k,) of the misclassified examples with the highest predicted probability."""
    pred = p.argmax(axis=1)
    wrong = np.flatnonzero(pred != y)
    order = np.argsort(-p[wrong, pred[wrong]], kind="stable")
    return wrong[order[:k]]


def draw_mistakes(fig, images, labels, p):
    """One small panel per example: the 28×28 image, its label, the prediction and its ŷ.

    images: (k, 784), labels: (k,), p: (k, C)."""
    axes = fig.subplots(1, len(images))
    for ax, img, label, probs in zip(np.atleast_1d(axes), images, labels, p, strict=True):
        ax.imshow(np.asarray(img).reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        pred = int(probs.argmax())
        ax.set_title(t("ch06.mistake", y=int(label), pred=pred, p=probs[pred]), fontsize=8)
        ax.set_axis_off()
    return fig


def plot_long_run(fig, results: dict):
    """Left: training and test loss over the steps for both nets; right: test error against
    test loss (each point an evaluation). ``results`` as saved by :func:`main`."""
    from ..plotting import network_color

    ax_loss, ax_err = fig.subplots(1, 2)
    ax_loss.set_yscale("log")
    ax_err.set_xscale("log")
    for net in ("plain", "bn"):
        color = network_color(net)
        r = results["runs"][net]
        name = t(f"ch06.net_{net}")
        steps = np.array(r["eval_steps"])
        ax_loss.plot(steps[1:], r["train_loss"][1:], color=color, ls="--", lw=1.2,
                     label=t("ch06.train_loss", net=name))
        ax_loss.plot(steps[1:], r["test_loss"][1:], color=color,
                     label=t("ch06.test_loss", net=name))
        err = 1 - np.array(r["test_acc"])
        ax_err.plot(r["test_loss"][1:], err[1:], "o-", ms=3, lw=0.8, color=color, label=name)
    plain = FuncFormatter(lambda v, _: f"{v:g}")  # no mathtext minus sign (NanumGothic lacks it)
    for axis in (ax_loss.yaxis, ax_err.xaxis):
        axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(plain)
        axis.set_minor_formatter(NullFormatter())
    ax_loss.set_xlabel(t("ch06.steps"))
    ax_loss.set_ylabel(t("ch06.loss_axis"))
    ax_loss.set_title(t("ch06.loss_title"), fontsize="medium")
    ax_loss.legend(fontsize="small")
    ax_err.set_ylim(0, None)
    ax_err.set_xlabel(t("ch06.loss_axis"))
    ax_err.set_ylabel(t("ch06.error_axis"))
    ax_err.set_title(t("ch06.error_title"), fontsize="medium")
    ax_err.legend()
    return fig


# ---------------------------------------------------------------- 6. widget


def widget_logits(z_true: float):
    """The widget's logits (C,) = [z_true, *OTHER_LOGITS]; class 0 is the true class."""
    return np.array([z_true, *OTHER_LOGITS])


def draw_softmax_bars(fig, temperature=1.0, z_true=1.0):
    """Widget frame: softmax(z / T) of :func:`widget_logits` as bars, the hardmax as outlines,
    and in the title the loss −log ŷ_0 for the true class 0."""
    z = widget_logits(z_true)
    p = softmax_temperature(z, temperature)
    loss = -layers.log_softmax(z / temperature)[0]
    ax = fig.add_subplot()
    k = np.arange(len(z))
    colors = ["C2"] + ["C0"] * (len(z) - 1)
    ax.bar(k, p, color=colors)
    ax.bar(k, hardmax(z), fill=False, edgecolor="0.3", ls="--", lw=1.0)
    # one legend entry per colour (a labelled bar container would show only its first, green bar)
    handles = [Patch(color="C0", label=t("ch06.softmax_label")),
               Patch(color="C2", label=t("ch06.true_class_label")),
               Patch(fill=False, edgecolor="0.3", ls="--", lw=1.0,
                     label=t("ch06.hardmax_label"))]
    for i, (zi, pi) in enumerate(zip(z, p, strict=True)):
        ax.text(i, pi + 0.02, f"{pi:.2f}", ha="center", fontsize=8)
        ax.text(i, -0.1, f"z={zi:g}", ha="center", fontsize=8)
    ax.set_ylim(-0.15, 1.12)
    ax.set_xticks(k)
    ax.set_xlabel(t("ch06.class"))
    ax.set_ylabel(t("ch06.prob"))
    ax.set_title(t("ch06.bars_title", T=temperature, z=z_true, loss=loss), fontsize="medium")
    ax.legend(handles=handles, loc="upper right", fontsize="small")
    return fig


# ---------------------------------------------------------------- 7. CLI: the long run


def default_results_path() -> Path:
    return results_path("ch06_long_run.json")


def load_results(path=None) -> dict:
    """The saved long run (see :func:`main`)."""
    with open(default_results_path() if path is None else path, encoding="utf-8") as f:
        return json.load(f)


def run_both(steps: int, eval_every: int, mnist=None) -> dict:
    """Train the plain and the BN network (same seed, same batches) -> the JSON-ready dict."""
    mnist = data.load_mnist() if mnist is None else mnist
    runs = {}
    for net, bn in (("plain", False), ("bn", True)):
        r = train_net(bn, steps, eval_every=eval_every, mnist=mnist)
        p, p_true = true_class_probs(r.model, mnist.x_test, mnist.y_test)
        err_frac, loss_frac = loss_share_of_mistakes(p, mnist.y_test)
        runs[net] = {
            "eval_steps": r.eval_steps.tolist(),
            "train_loss": [None if np.isnan(v) else round(float(v), 5) for v in r.train_loss],
            "test_loss": [round(float(v), 5) for v in r.test_loss],
            "test_acc": [round(float(v), 5) for v in r.test_acc],
            "final_mistake_fraction": round(err_frac, 5),
            "final_mistake_loss_share": round(loss_frac, 5),
            "final_median_p_true": round(float(np.median(p_true)), 5),
        }
    return {"runs": runs}


def _load_average() -> float | None:
    """The 1-minute load average (Unix), saved beside the wall time of a run."""
    try:
        import os

        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def main(argv=None) -> dict:
    """``python -m bnbook.chapters.ch06 [--full] [--steps S] [--out results/ch06_long_run.json]``:
    train both networks and save losses and accuracies (small default: 2000 steps)."""
    parser = argparse.ArgumentParser(prog="python -m bnbook.chapters.ch06",
                                     description=main.__doc__)
    parser.add_argument("--full", action="store_true",
                        help=f"{FULL_STEPS} steps, evaluated every {FULL_EVAL_EVERY} (saved run)")
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--eval-every", type=int, default=None)
    parser.add_argument("--out", default=None, help="JSON file to write (default: print only)")
    args = parser.parse_args(argv)
    steps = args.steps or (FULL_STEPS if args.full else TRAIN["steps"])
    eval_every = args.eval_every or (FULL_EVAL_EVERY if args.full else TRAIN["eval_every"])
    from threadpoolctl import threadpool_limits

    t0 = time.perf_counter()
    with threadpool_limits(1):
        result = run_both(steps, eval_every)
    result["settings"] = dict(TRAIN, steps=steps, eval_every=eval_every, sizes=list(SIZES),
                              activation="sigmoid", bn_eps=1e-5, bn_momentum=0.9,
                              data="MNIST, 60,000 train / 10,000 test, pixels/255 in [0, 1]")
    result["command"] = "python -m bnbook.chapters.ch06 " + shlex.join(
        sys.argv[1:] if argv is None else list(argv))
    seconds = time.perf_counter() - t0
    result["wall_seconds"] = round(seconds, 1)
    result["load_average_1min"] = _load_average()
    for net, r in result["runs"].items():
        print(f"{net:6s} test acc {r['test_acc'][-1]:.4f}  test loss {r['test_loss'][-1]:.4f}  "
              f"train loss {r['train_loss'][-1]:.4f}")
    print(f"{seconds:.0f} s")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
