"""Chapter 7 — the critique: why does batch normalization work?
(비판: 배치 정규화는 왜 효과가 있는가)

Ioffe & Szegedy (2015, §§1–2) explained BN by a reduction of internal covariate shift (ICS).
Santurkar, Tsipras, Ilyas & Mądry (2018, abstract and §1) argue that the stability of layer-input
distributions has little to do with BN's success and that BN makes the loss landscape smoother.
This module holds the book's own measurements on the MNIST MLP of chapter 1 (784-100-100-100-10,
sigmoid, SGD, learning rate 0.1, mini-batches of 60):

* :func:`noisy_bn` — the "noisy BN" perturbation ``a ← s·a + m`` after each BN layer, with a new
  noise distribution every step (:func:`sample_noise_distribution`, :func:`draw_noise`);
* :func:`gradient_shift` — ‖G − G′‖₂ and cos(G, G′) between a layer's gradient before and after the
  layers below it are updated on the same batch (:func:`ics_gradients`);
* :func:`loss_along_gradient`, :func:`gradient_predictiveness`, :func:`effective_beta_smoothness` —
  the landscape along the gradient direction (:func:`landscape_along_gradient`), checked on a
  quadratic where the answer is known (:func:`quadratic`);
* :func:`run` — one training run that records all three; :func:`run_all` the three networks
  (plain, BN, noisy BN). ``python -m bnbook.chapters.ch07 --full --out results/ch07_critique.json``
  makes the saved full run that the notebook plots (:func:`load_full`);
* draw functions for the figures and the widget (:func:`draw_landscape`).

Layout: examples are rows (x: (N, D)), as in :mod:`bnbook.layers`. Parameters are dicts of arrays
``W1 (784, 100), b1`` or ``gamma1, beta1``, …, ``W4 (100, 10), b4``. The network is
:class:`bnbook.model.MLP` on its layer path (:func:`network` wraps such a dict; the noise enters
through ``MLP.loss(..., noise=…)``); the SGD step is :class:`bnbook.optim.SGD`.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from .. import i18n, layers
from ..i18n import pad, t
from ..layers import noisy_bn  # noqa: F401  (in the library: the grader uses it too)
from ..model import (  # noqa: F401
    MLP,
    batch_statistics,
    effective_beta_smoothness,
    gradient_predictiveness,
    gradient_shift,
    loss_along_gradient,
)
from ..optim import SGD
from ..paths import results_path
from ..plotting import moving_average, network_color

STRINGS = {
    "ch07.step": {"ko": "학습 스텝", "en": "training step"},
    "ch07.plain": {"ko": "BN 없음", "en": "no BN"},
    "ch07.bn": {"ko": "BN", "en": "BN"},
    "ch07.noisy": {"ko": "잡음 BN", "en": "noisy BN"},
    "ch07.plain_noisy": {"ko": "BN 없음 + 잡음", "en": "no BN + noise"},
    "ch07.loss": {"ko": "미니배치 손실 (50스텝 이동 평균)",
                  "en": "mini-batch loss (50-step moving average)"},
    "ch07.loss_title": {"ko": "학습 손실", "en": "Training loss"},
    "ch07.input_title": {"ko": "3층 유닛 0의 시그모이드 입력 (15·50·85 백분위수)",
                         "en": "Sigmoid input of layer-3 unit 0 (15/50/85th percentiles)"},
    "ch07.input": {"ko": "시그모이드 입력", "en": "sigmoid input"},
    "ch07.drift_title": {"ko": "3층 입력 분포의 변화 (기록 간격당)",
                         "en": "Change of the layer-3 input distribution (per record)"},
    "ch07.drift": {"ko": "평균 |Δ평균| + |Δ표준편차|", "en": "mean |Δmean| + |Δstd|"},
    "ch07.ics_l2_title": {"ko": r"$\|G - G'\|_2 \,/\, \|G\|_2$ (층 {layer})",
                          "en": r"$\|G - G'\|_2 \,/\, \|G\|_2$ (layer {layer})"},
    "ch07.ics_cos_title": {"ko": r"$\cos(G, G')$ (층 {layer})",
                           "en": r"$\cos(G, G')$ (layer {layer})"},
    "ch07.eta": {"ko": r"걸음 크기 $\eta$ / 학습률", "en": r"step size $\eta$ / learning rate"},
    "ch07.loss_along": {"ko": r"$L(\theta - \eta\nabla L(\theta))$",
                        "en": r"$L(\theta - \eta\nabla L(\theta))$"},
    "ch07.grad_change": {
        "ko": r"$\|\nabla L(\theta - \eta\nabla L(\theta)) - \nabla L(\theta)\|_2$",
        "en": r"$\|\nabla L(\theta - \eta\nabla L(\theta)) - \nabla L(\theta)\|_2$"},
    "ch07.landscape_title": {"ko": "스텝 {step}: 기울기 방향의 손실",
                             "en": "Step {step}: loss along the gradient"},
    "ch07.predict_title": {"ko": "스텝 {step}: 기울기의 변화",
                           "en": "Step {step}: change of the gradient"},
    "ch07.range_title": {"ko": "손실 값의 범위 (max − min)",
                         "en": "Range of loss values (max − min)"},
    "ch07.beta_title": {"ko": r"유효 $\beta$-매끄러움", "en": r"Effective $\beta$-smoothness"},
    "ch07.pred_title": {"ko": "기울기 예측성: 최대 기울기 변화",
                        "en": "Gradient predictiveness: max change"},
    "ch07.widget_step": {"ko": "학습 스텝", "en": "training step"},
    "ch07.widget_eta": {"ko": "최대 η / 학습률", "en": "largest η / learning rate"},
    "ch07.summary_head": {
        "ko": "신경망          마지막 100스텝 손실   테스트 정확도   입력 분포 변화",
        "en": "net             loss (last 100 steps)   test accuracy   input drift"},
    "ch07.ics_head": {"ko": "층     신경망    ||G-G'||/||G|| 중앙값   cos(G,G') 중앙값",
                      "en": "layer  net       median ||G-G'||/||G||   median cos(G,G')"},
    "ch07.landscape_head": {
        "ko": "신경망    손실 범위 중앙값   최대 ||dg|| 중앙값   beta_eff 중앙값",
        "en": "net       median loss range   median max ||dg||   median beta_eff"},
    "ch07.quad_from_w": {"ko": "θ에서 잰 beta_eff", "en": "beta_eff from θ"},
    "ch07.quad_closed": {"ko": "θ에서 ||H ∇f|| / ||∇f||", "en": "||H ∇f|| / ||∇f|| at θ"},
    "ch07.quad_from_v": {"ko": "고유벡터에서 잰 beta_eff", "en": "beta_eff from eigenvector"},
    "ch07.noise_step": {
        "ko": "3층 유닛 {unit}: 시그모이드 입력의 평균 {mean:6.3f}, 표준편차 {std:.3f} | "
              "잡음 중심 zeta_bar = {mu:6.3f}, xi_bar = {sigma:.3f}",
        "en": "layer-3 unit {unit}: sigmoid input mean {mean:6.3f}, std {std:.3f} | "
              "noise centres zeta_bar = {mu:6.3f}, xi_bar = {sigma:.3f}"},
    "ch07.quad_head": {"ko": "H의 최대 고윳값 = {lmax:.4f}",
                       "en": "largest eigenvalue of H = {lmax:.4f}"},
    "ch07.regime_head": {
        "ko": "학습률 신경망     a   손실 범위  최대 ||dg||  beta_eff  3층 ICS  테스트 정확도",
        "en": "  lr  net        a   loss range  max ||dg||  beta_eff  ICS l.3  test acc."},
    "ch07.ics3_title": {"ko": r"$\|G - G'\|_2 \,/\, \|G\|_2$ (층 3)",
                        "en": r"$\|G - G'\|_2 \,/\, \|G\|_2$ (layer 3)"},
    "ch07.bn_scaled": {"ko": "BN, 은닉층 W × {c}", "en": "BN, hidden W × {c}"},
    "ch07.regime_title": {
        "ko": "학습률 {lr}로 학습, 걸음 η = 학습률 × (1/2 … 4); "
              "BN의 은닉층 가중치 × {c} (같은 함수)",
        "en": "trained at learning rate {lr}, steps η = lr × (1/2 … 4); "
              "BN's hidden weights × {c} (same function)"},
    "ch07.widget_scale": {"ko": "BN 가중치 배율 a", "en": "BN weight scale a"},
    "ch07.widget_lr": {"ko": "학습률", "en": "learning rate"},
}
i18n.register(STRINGS)

SIZES = (784, 100, 100, 100, 10)
LEARNING_RATE = 0.1
BATCH_SIZE = 60
#: plain: no BN; bn; noisy: BN + Algorithm 1's noise after each BN; plain_noisy: the paper's
#: control, the same noise without BN (after each hidden affine layer, before the sigmoid).
KINDS = ("plain", "bn", "noisy", "plain_noisy")
NOISY_KINDS = ("noisy", "plain_noisy")
#: Step sizes η along the gradient, as multiples of the learning rate: 2^(k/2), k = −8 … 8
#: (1/16 … 16). The summary measures (loss range, predictiveness, β) use
#: ETA_FACTORS[SUMMARY] = 1/2 … 4, the paper's range for VGG (App. A.2.2).
ETA_FACTORS = 2.0 ** (np.arange(-8, 9) / 2)
SUMMARY = slice(6, 13)
#: The widget's choices of the largest step size shown (multiples of the learning rate).
WIDGET_ETA_MAX = (1.0, 4.0, 16.0)
#: The noise constants of Santurkar et al. (2018, App. A.2.1): n_mu = 0.5, n_sigma = 1.25,
#: r_mu = r_sigma = 0.1 (see :func:`sample_noise_distribution`).
NOISE_MEAN_RANGE = (-0.5, 0.5)
NOISE_SCALE_RANGE = (1.0, 1.25)
NOISE_SPREAD = 0.1
#: The layers whose gradient shift is measured (1 is always 0: nothing lies below it).
ICS_LAYERS = (2, 3, 4)
PROBE_LAYER = 3

DEFAULT_RESULTS = results_path("ch07_critique.json")


def _error(en: str, ko: str) -> ValueError:
    return i18n.error(en, ko)


# ------------------------------------------------------------------ 1. noisy BN


def sample_noise_distribution(rng: np.random.Generator, widths):
    """One step's noise distribution, per hidden layer and **per unit** (Santurkar et al. 2018,
    App. A.2.1, Algorithm 1): for layer l with ``widths[l]`` units, centres
    ``mu ~ U(NOISE_MEAN_RANGE)`` and ``sigma ~ U(NOISE_SCALE_RANGE)``, each of shape (H_l,),
    drawn anew every step. An int ``widths`` means that many layers of one unit each.
    Returns ``(mus, sigmas)``: two lists of (H_l,) arrays."""
    if isinstance(widths, (int, np.integer)):
        widths = [1] * int(widths)
    mus = [rng.uniform(*NOISE_MEAN_RANGE, size=int(h)) for h in widths]
    sigmas = [rng.uniform(*NOISE_SCALE_RANGE, size=int(h)) for h in widths]
    return mus, sigmas


def draw_noise(rng: np.random.Generator, mu, sigma, shape, dtype=np.float32):
    """Elementwise noise for one layer (Algorithm 1): ``m ~ U(mu − NOISE_SPREAD, mu +
    NOISE_SPREAD)`` and ``s ~ N(sigma, NOISE_SPREAD)`` (0.1 read as the standard deviation; the
    paper does not say), each of ``shape`` (N, H); mu, sigma: scalars or per-unit (H,) arrays.
    Returns (m, s)."""
    mu = np.asarray(mu, dtype=np.float64)
    sigma = np.asarray(sigma, dtype=np.float64)
    m = rng.uniform(mu - NOISE_SPREAD, mu + NOISE_SPREAD, size=shape).astype(dtype)
    s = rng.normal(sigma, NOISE_SPREAD, size=shape).astype(dtype)
    return m, s


# ------------------------------------------------------------------ the network


def init_params(rng: np.random.Generator, batchnorm: bool, sizes=SIZES, dtype=np.float32):
    """The initial parameters of :class:`bnbook.model.MLP` ``(sizes, "sigmoid", batchnorm)``:
    weights ``W_l ~ N(0, 1/fan_in)``; hidden layers get ``b_l = 0`` or, with BN, ``gamma_l = 1,
    beta_l = 0`` (no bias before BN); the output layer has a bias. Returns a dict of arrays
    (copies, not views of the model's buffer)."""
    model = MLP(sizes, "sigmoid", batchnorm=batchnorm, rng=rng, dtype=dtype)
    return {k: v.copy() for k, v in model.params.items()}


def n_layers(params) -> int:
    """Number of affine layers L (hidden layers are 1 … L−1)."""
    return sum(1 for k in params if k.startswith("W"))


def has_bn(params) -> bool:
    return "gamma1" in params


def new_bn_params(params) -> list[dict]:
    """One ``bn_param`` dict (running statistics) per hidden layer, or [] without BN."""
    if not has_bn(params):
        return []
    return [{"mode": "train", "eps": 1e-5, "momentum": 0.9}
            for _ in range(n_layers(params) - 1)]


def network(params, bn_params=()) -> MLP:
    """``params`` (a dict as returned by :func:`init_params`) as a sigmoid :class:`MLP` on the
    layer path (:mod:`bnbook.layers`, the arithmetic every result of this chapter was made with).
    The parameter arrays are copied; the ``bn_param`` dicts are shared (a training step updates
    their running statistics)."""
    return MLP.from_params(params, list(bn_params) if has_bn(params) and len(bn_params) else None,
                           activation="sigmoid", fast=False)


def forward_backward(params, X, y, bn_params=(), noise=None, mode="train", grads=True):
    """Loss, gradients and sigmoid inputs of the MLP (:func:`network`) on one batch.

    X: (N, D); y: (N,). bn_params: the hidden layers' ``bn_param`` dicts; a training step
    (``grads=True``) updates their running statistics (pass copies to leave them alone);
    ``grads=False`` updates nothing. noise: None or a list with one ``(m, s)`` pair of (N, H_l)
    arrays per hidden layer, applied as :func:`noisy_bn` after BN (``MLP.loss(..., noise=…)``).
    mode: ``"train"`` (batch statistics) or, with ``grads=False`` only, ``"test"`` (running
    statistics).
    Returns ``(loss, grads, pre)``: mean cross-entropy, a dict like ``params`` (None if
    ``grads=False``) and the list of sigmoid inputs ``[(N, H_1), …]``.
    """
    model = network(params, bn_params)
    if not grads:
        logits, pre = model.forward(X, mode, keep_preacts=True, noise=noise)
        loss, _ = layers.softmax_cross_entropy(logits, y)
        return loss, None, pre
    if mode != "train":
        raise _error(f"forward_backward computes gradients in training mode only; got "
                     f"mode={mode!r} (use grads=False for a test-mode loss)",
                     f"forward_backward는 학습 모드에서만 기울기를 계산합니다; 받은 값 "
                     f"mode={mode!r} (테스트 모드 손실은 grads=False로 구하세요)")
    loss, g, pre = model.loss(X, y, noise=noise, keep_preacts=True)
    return loss, {k: g[k] for k in params}, pre


def predict(params, bn_params, X, noise_scale: float = 1.0):
    """Classes (N,) in inference mode (running statistics; ``bn_params`` are not changed). For
    noisy BN, the noise is replaced by its expected value: ``s = noise_scale`` and ``m = 0``."""
    model = network(params, [dict(b) for b in bn_params])
    noise = None
    if noise_scale != 1.0:
        noise = [(np.float32(0.0), np.float32(noise_scale))] * (model.n_layers - 1)
    return np.argmax(model.forward(X, "test", noise=noise), axis=1)


def sgd_step(params, grads, lr, names=None):
    """``p ← p − lr·dp`` in place for the parameters ``names`` (default: all), with
    :class:`bnbook.optim.SGD` (``lr = 0`` leaves them alone)."""
    if lr == 0:
        return
    names = params if names is None else names
    SGD(lr).step(params, {k: grads[k] for k in names})


def layer_names(params, l: int) -> list[str]:
    """The parameter names of layer l: ``W_l`` and ``b_l`` or ``gamma_l, beta_l``."""
    return [k for k in params
            if k.rstrip("0123456789") in ("W", "b", "gamma", "beta")
            and k[len(k.rstrip("0123456789")):] == str(l)]


# ------------------------------------------------------------------ 2. ICS through gradients


def ics_gradients(params, bn_params, X, y, lr=LEARNING_RATE, layers_=ICS_LAYERS, noise=None):
    """For each layer i in ``layers_``: G = ∂L/∂W_i with all parameters at their current values,
    and G′ = ∂L/∂W_i on the same batch after layers 1 … i−1 took their SGD step ``p − lr·∂L/∂p``
    (layers i … L unchanged). Returns ``{i: (l2, cos, ‖G‖)}``. ``params`` are not changed."""
    bn_copy = [dict(b) for b in bn_params]
    _, grads, _ = forward_backward(params, X, y, bn_copy, noise)
    out = {}
    for i in layers_:
        moved = {k: v.copy() for k, v in params.items()}
        below = [k for l in range(1, i) for k in layer_names(params, l)]
        sgd_step(moved, grads, lr, below)
        _, g2, _ = forward_backward(moved, X, y, [dict(b) for b in bn_params], noise)
        G, Gp = grads[f"W{i}"], g2[f"W{i}"]
        l2, cos = gradient_shift(G, Gp)
        out[i] = (l2, cos, float(np.linalg.norm(G.astype(np.float64))))
    return out


# ------------------------------------------------------------------ 3. the landscape


def quadratic(A):
    """``f(w) = ½ wᵀ A w`` for a symmetric A (P, P): returns (loss_fn, grad_fn). Its β-smoothness
    is the largest |eigenvalue| of A."""
    A = np.asarray(A, dtype=np.float64)

    def loss_fn(w):
        return 0.5 * float(w @ A @ w)

    def grad_fn(w):
        return A @ w

    return loss_fn, grad_fn


def quadratic_report(A, w, etas) -> str:
    """Effective β of ``f(w) = ½ wᵀ A w`` along the gradient from ``w`` and from the top
    eigenvector of A, next to ‖Ag‖/‖g‖ and A's largest eigenvalue (4 decimals)."""
    A = np.asarray(A, dtype=np.float64)
    _, grad_fn = quadratic(A)
    evals, evecs = np.linalg.eigh(A)
    w = np.asarray(w, dtype=np.float64)
    g = grad_fn(w)
    rows = [(t("ch07.quad_from_w"), effective_beta_smoothness(grad_fn, w, etas)),
            (t("ch07.quad_closed"), np.linalg.norm(A @ g) / np.linalg.norm(g)),
            (t("ch07.quad_from_v"), effective_beta_smoothness(grad_fn, evecs[:, -1], etas))]
    lines = [t("ch07.quad_head", lmax=float(evals[-1]))]
    lines += [f"{pad(name, 26)} = {value:.4f}" for name, value in rows]
    return "\n".join(lines)


def noise_step_report(z, mu, sigma, units=(0, 1, 2)) -> str:
    """One line per unit in ``units``: the mean and std over the batch of the sigmoid inputs
    z (N, D), next to that unit's noise centres ``mu[j]`` (additive, ζ̄_j) and ``sigma[j]``
    (multiplicative, ξ̄_j), per-unit arrays (D,)."""
    z = np.asarray(z, dtype=np.float64)
    mu, sigma = np.broadcast_to(mu, z.shape[1:]), np.broadcast_to(sigma, z.shape[1:])
    return "\n".join(t("ch07.noise_step", unit=j, mean=float(z[:, j].mean()),
                       std=float(z[:, j].std()), mu=float(mu[j]), sigma=float(sigma[j]))
                     for j in units)


def pre_bn_std(params, X) -> list[float]:
    """For a BN network: the median over units of σ_j, the standard deviation over the batch
    X (N, D) of each hidden layer's BN input y_j = (W_l h)_j (the σ_j of Santurkar et al.'s
    Thm 4.1), computed in float64 (:func:`bnbook.model.batch_statistics`: σ_j² is the biased
    batch variance, each layer normalized with this batch's statistics, as in training).
    Returns one median per hidden layer."""
    if not has_bn(params):
        raise _error("pre_bn_std needs a BN network", "pre_bn_std에는 BN 신경망이 필요합니다")
    model = network({k: np.asarray(v, dtype=np.float64) for k, v in params.items()})
    return [float(np.median(np.sqrt(var))) for _, var in batch_statistics(model, X)]


def flatten(params) -> tuple[np.ndarray, list]:
    """All parameters as one float64 vector (P,), and the (name, shape, dtype) layout."""
    layout = [(k, v.shape, v.dtype) for k, v in params.items()]
    return np.concatenate([v.ravel().astype(np.float64) for v in params.values()]), layout


def unflatten(w, layout) -> dict:
    out, i = {}, 0
    for k, shape, dtype in layout:
        n = int(np.prod(shape))
        out[k] = w[i:i + n].reshape(shape).astype(dtype)
        i += n
    return out


def batch_loss_and_grad(params, bn_params, X, y, noise=None):
    """``(loss_fn, grad_fn, w)`` of the training loss on one fixed batch (training-mode BN, running
    statistics left alone), as functions of the flat parameter vector w (P,)."""
    w0, layout = flatten(params)

    def loss_fn(w):
        return forward_backward(unflatten(w, layout), X, y, [dict(b) for b in bn_params], noise,
                                grads=False)[0]

    def grad_fn(w):
        _, g, _ = forward_backward(unflatten(w, layout), X, y, [dict(b) for b in bn_params], noise)
        return flatten(g)[0]

    return loss_fn, grad_fn, w0


def landscape_along_gradient(params, bn_params, X, y, lr=LEARNING_RATE, factors=ETA_FACTORS):
    """Losses ``L(w − η g)`` and gradient changes ``‖g(w − η g) − g(w)‖`` for ``η = lr·factors``
    on one batch. Returns a dict of lists: ``losses``, ``changes`` (each (len(factors),)),
    ``loss0`` and ``grad_norm``."""
    loss_fn, grad_fn, w = batch_loss_and_grad(params, bn_params, X, y)
    g = grad_fn(w)
    losses, changes = [], []
    for eta in lr * np.asarray(factors):
        w2 = w - eta * g
        l2, g2, _ = forward_backward(unflatten(w2, [(k, v.shape, v.dtype) for k, v in
                                                    params.items()]),
                                     X, y, [dict(b) for b in bn_params])
        losses.append(float(l2))
        changes.append(float(np.linalg.norm(flatten(g2)[0] - g)))
    return {"losses": losses, "changes": changes, "loss0": float(loss_fn(w)),
            "grad_norm": float(np.linalg.norm(g))}


def landscape_summary(record, lr=LEARNING_RATE, factors=ETA_FACTORS, part=SUMMARY):
    """(loss range, max gradient change, effective β) of one :func:`landscape_along_gradient`
    record over the step sizes ``factors[part]``."""
    etas = lr * np.asarray(factors)[part]
    losses = np.asarray(record["losses"])[part]
    changes = np.asarray(record["changes"])[part]
    beta = float(np.max(changes / (etas * record["grad_norm"]))) if record["grad_norm"] > 0 \
        else 0.0
    return float(losses.max() - losses.min()), float(changes.max()), beta


# ------------------------------------------------------------------ training runs


def _moments(z):
    z = z.astype(np.float64)
    return z.mean(axis=0), z.std(axis=0)


def run(kind: str, data, steps: int, *, seed: int = 0, lr: float = LEARNING_RATE,
        batch_size: int = BATCH_SIZE, record_every: int = 10, measure_every: int = 100,
        landscape_steps=(), probe_size: int = 1000, eval_size: int = 10000) -> dict:
    """Train one network (``kind`` in :data:`KINDS`: "plain", "bn", "noisy" = BN + noise,
    "plain_noisy" = the same noise without BN) with SGD and record:

    * ``loss``: the mini-batch loss of every step (steps,);
    * every ``record_every`` steps, on a fixed probe of ``probe_size`` test images in training
      mode (noisy BN: with fresh noise from the step's distribution): the per-unit mean and std of
      the layer-3 sigmoid inputs, summarized as ``drift`` = mean over units of
      |Δmean| + |Δstd| between consecutive records, and the 15/50/85th percentiles of unit 0;
    * every ``measure_every`` steps (plain and BN only): :func:`ics_gradients` and the
      :func:`landscape_summary` of :func:`landscape_along_gradient` on that step's batch;
      the full landscape curves at the steps in ``landscape_steps``;
    * ``test_acc``: test accuracy at the end (inference mode; the noisy kinds with the noise
      replaced by its expected value).

    Same seed → same initial weights (per architecture) and the same mini-batch order for every
    kind. Deterministic for a seed.
    """
    if kind not in KINDS:
        raise _error(f"kind must be one of {KINDS}; got {kind!r}",
                     f"kind는 {KINDS} 중 하나여야 합니다; 받은 값 {kind!r}")
    x_train, y_train, x_test, y_test = (np.asarray(a) for a in data[:4])
    x_train = x_train.astype(np.float32, copy=False)
    probe = x_test[:probe_size].astype(np.float32)
    probe_y = y_test[:probe_size]
    params = init_params(np.random.default_rng(seed), batchnorm=kind in ("bn", "noisy"))
    bn_params = new_bn_params(params)
    order_rng = np.random.default_rng(seed + 1)
    noise_rng = np.random.default_rng(seed + 2)
    probe_rng = np.random.default_rng(seed + 3)
    L = n_layers(params)
    H = [params[f"W{l}"].shape[1] for l in range(1, L)]
    measure = kind in ("plain", "bn")
    out = {"kind": kind, "loss": [], "record_steps": [], "drift": [], "pct_unit0": [],
           "measure_steps": [], "ics": {str(i): [] for i in ICS_LAYERS}, "landscape": [],
           "curves": {}}
    prev = None
    n = len(x_train)
    per_epoch = n // batch_size
    order = None

    def probe_record(step, dist):
        nonlocal prev
        noise = None
        if dist is not None:
            noise = [draw_noise(probe_rng, dist[0][l], dist[1][l], (probe_size, H[l]))
                     for l in range(L - 1)]
        _, _, pre = forward_backward(params, probe, probe_y, [dict(b) for b in bn_params], noise,
                                     grads=False)
        z = pre[PROBE_LAYER - 1]
        mean, std = _moments(z)
        out["record_steps"].append(step)
        out["pct_unit0"].append(np.percentile(z[:, 0].astype(np.float64), [15, 50, 85])
                                .round(5).tolist())
        if prev is not None:
            out["drift"].append(round(float(np.mean(np.abs(mean - prev[0])
                                                    + np.abs(std - prev[1]))), 6))
        prev = (mean, std)

    dist = None
    for step in range(steps + 1):
        if step % per_epoch == 0:
            order = order_rng.permutation(n)
        idx = order[(step % per_epoch) * batch_size:(step % per_epoch + 1) * batch_size]
        X, y = x_train[idx], y_train[idx]
        if step % record_every == 0:
            probe_record(step, dist)
        if measure and (step % measure_every == 0 or step in landscape_steps):
            if step % measure_every == 0:
                ics = ics_gradients(params, bn_params, X, y, lr)
                for i in ICS_LAYERS:
                    out["ics"][str(i)].append([round(v, 6) for v in ics[i]])
            rec = landscape_along_gradient(params, bn_params, X, y, lr)
            if step % measure_every == 0:
                out["measure_steps"].append(step)
                out["landscape"].append([round(v, 6) for v in landscape_summary(rec, lr)])
            if step in landscape_steps:
                out["curves"][str(step)] = {k: (np.round(v, 6).tolist() if isinstance(v, list)
                                                else round(v, 6)) for k, v in rec.items()}
        if step == steps:
            break
        noise = None
        if kind in NOISY_KINDS:
            dist = sample_noise_distribution(noise_rng, H)
            noise = [draw_noise(noise_rng, dist[0][l], dist[1][l], (batch_size, H[l]))
                     for l in range(L - 1)]
        loss, grads, _ = forward_backward(params, X, y, bn_params, noise)
        if not np.isfinite(loss):
            raise FloatingPointError(f"{kind}: loss {loss} at step {step} "
                                     f"({kind}: {step}스텝에서 손실 {loss})")
        out["loss"].append(round(float(loss), 6))
        sgd_step(params, grads, lr)
    noise_scale = float(np.mean(NOISE_SCALE_RANGE)) if kind in NOISY_KINDS else 1.0
    pred = predict(params, bn_params, x_test[:eval_size].astype(np.float32), noise_scale)
    out["test_acc"] = round(float(np.mean(pred == y_test[:eval_size])), 4)
    return out


def run_all(data, steps: int, **kw) -> dict:
    """:func:`run` for every kind in :data:`KINDS` with the same settings: ``{kind: result}``."""
    return {kind: run(kind, data, steps, **kw) for kind in KINDS}


# ------------------------------------------------------------------ 4. regimes: weight scale and lr


def rescale_hidden_weights(params, c: float) -> dict:
    """A copy of a BN network's parameters with every hidden layer's weights ``W_1 … W_{L−1}``
    multiplied by ``c`` (γ, β and the output layer unchanged). BN makes the network's function
    independent of ``c`` (Ioffe & Szegedy 2015, §3.3; up to ε), while ∂L/∂W_l becomes (1/c)·∂L/∂W_l.
    Without BN this would change the function, so it is refused."""
    if not has_bn(params):
        raise _error("rescale_hidden_weights needs a BN network: without BN, scaling W changes "
                     "what the network computes",
                     "rescale_hidden_weights에는 BN 신경망이 필요합니다: "
                     "BN이 없으면 W의 크기를 바꾸면 신경망이 계산하는 함수가 바뀝니다")
    if not c > 0:
        raise _error(f"the scale c must be positive; got {c}",
                     f"배율 c는 양수여야 합니다; 받은 값 {c}")
    out = {k: v.copy() for k, v in params.items()}
    for l in range(1, n_layers(params)):
        out[f"W{l}"] = (params[f"W{l}"] * np.float32(c)).astype(params[f"W{l}"].dtype)
    return out


#: The regime grid: training learning rates and function-preserving weight scales of the BN net.
#: 2.0 follows the paper's protocol (App. A.2.2): the largest probe step 4 × 2.0 = 8 lies just
#: below 10, where chapter 2's sweep saw the plain net fail, and 2.0 lies between 1 and 3, where
#: that sweep had both networks at their best.
REGIME_LRS = (0.1, 0.5, 2.0)
REGIME_SCALES = (0.5, 1.0, 2.0, 4.0)
REGIMES = {"steps": 2500, "measure_every": 250, "lrs": REGIME_LRS, "scales": REGIME_SCALES}
REGIMES_SMALL = {"steps": 100, "measure_every": 50, "lrs": (0.1, 2.0), "scales": (1.0, 2.0)}
DEFAULT_REGIMES = DEFAULT_RESULTS.parent / "ch07_regimes.json"


def measure_point(params, bn_params, X, y, lr) -> dict:
    """At one point, on one batch: the loss, ‖g‖, (loss range, max ‖Δg‖, β_eff) over
    η = lr·ETA_FACTORS[SUMMARY], and ‖G − G′‖/‖G‖ for the layers in :data:`ICS_LAYERS`."""
    factors = ETA_FACTORS[SUMMARY]
    rec = landscape_along_gradient(params, bn_params, X, y, lr, factors=factors)
    rng_, change, beta = landscape_summary(rec, lr, factors=factors, part=slice(None))
    ics = ics_gradients(params, bn_params, X, y, lr)
    return {"loss": round(rec["loss0"], 6), "grad_norm": round(rec["grad_norm"], 6),
            "range": round(rng_, 6), "change": round(change, 6), "beta": round(beta, 6),
            "ics": {str(i): round(ics[i][0] / ics[i][2], 6) if ics[i][2] > 0 else 0.0
                    for i in ICS_LAYERS}}


def regime_run(data, lr: float, scales=REGIME_SCALES, *, steps: int = 2500,
               measure_every: int = 250, seed: int = 0, eval_size: int = 10000) -> dict:
    """Train the plain and the BN network at learning rate ``lr`` (same initial weights and batch
    order as :func:`run`) and, every ``measure_every`` steps on that step's batch, record
    :func:`measure_point` for the plain net and for the BN net rescaled by each ``c`` in
    ``scales`` (:func:`rescale_hidden_weights`; measurement only, training continues at c = 1).
    Returns ``{"lr", "steps", "measure_steps", "plain": [point, …], "bn": {c: [point, …]},
    "test_acc": {"plain", "bn"}, "failed": {...}}``."""
    x_train, y_train, x_test, y_test = (np.asarray(a) for a in data[:4])
    x_train = x_train.astype(np.float32, copy=False)
    out = {"lr": lr, "steps": steps, "measure_steps": [], "plain": [],
           "bn": {str(c): [] for c in scales}, "test_acc": {}, "failed": {}}
    for kind in ("plain", "bn"):
        params = init_params(np.random.default_rng(seed), batchnorm=kind == "bn")
        bn_params = new_bn_params(params)
        order_rng = np.random.default_rng(seed + 1)
        n = len(x_train)
        per_epoch = n // BATCH_SIZE
        failed = False
        for step in range(steps + 1):
            if step % per_epoch == 0:
                order = order_rng.permutation(n)
            idx = order[(step % per_epoch) * BATCH_SIZE:(step % per_epoch + 1) * BATCH_SIZE]
            X, y = x_train[idx], y_train[idx]
            if step % measure_every == 0:
                if kind == "plain":
                    out["measure_steps"].append(step)
                    out["plain"].append(measure_point(params, bn_params, X, y, lr))
                else:
                    for c in scales:
                        out["bn"][str(c)].append(measure_point(
                            rescale_hidden_weights(params, c), bn_params, X, y, lr))
            if step == steps:
                break
            loss, grads, _ = forward_backward(params, X, y, bn_params)
            if not np.isfinite(loss):
                failed = True
                break
            sgd_step(params, grads, lr)
        out["failed"][kind] = failed
        pred = predict(params, bn_params, x_test[:eval_size].astype(np.float32))
        out["test_acc"][kind] = round(float(np.mean(pred == y_test[:eval_size])), 4)
    return out


def regime_grid(data, lrs=REGIME_LRS, scales=REGIME_SCALES, **kw) -> dict:
    """:func:`regime_run` for every learning rate: ``{str(lr): run}``."""
    return {str(lr): regime_run(data, lr, scales, **kw) for lr in lrs}


#: The measures of :func:`measure_point` shown in the regime table and widget.
REGIME_MEASURES = ("range", "change", "beta", "ics3")


def regime_series(point_list, measure: str) -> np.ndarray:
    """One measure over the measured steps: ``"range"``, ``"change"``, ``"beta"``, ``"loss"``,
    ``"grad_norm"`` or ``"ics2"``/``"ics3"``/``"ics4"`` (relative gradient shift of that layer)."""
    if measure.startswith("ics"):
        return np.array([p["ics"][measure[3:]] for p in point_list])
    return np.array([p[measure] for p in point_list])


def regime_medians(grid, lr, scale, measures=REGIME_MEASURES) -> dict:
    """Medians over the measured steps after step 0 (the first is the same untrained point for
    every lr): ``{"plain": {measure: value}, "bn": {…}}`` for BN rescaled by ``scale``."""
    r = grid[str(lr)]
    later = slice(1, None)
    return {"plain": {m: float(np.median(regime_series(r["plain"], m)[later])) for m in measures},
            "bn": {m: float(np.median(regime_series(r["bn"][str(scale)], m)[later]))
                   for m in measures}}


def regime_table(grid, scales=None) -> str:
    """One line per (learning rate, net): medians (after step 0) of loss range, max ‖Δg‖, β_eff and
    layer 3's ‖G − G′‖/‖G‖; BN once per weight scale c, and its test accuracy."""
    lines = [t("ch07.regime_head")]
    for lr_key, r in grid.items():
        scales_ = scales if scales is not None else [float(c) for c in r["bn"]]
        med = regime_medians(grid, lr_key, scales_[0])
        rows = [(_label("plain"), "", med["plain"], r["test_acc"]["plain"])]
        for c in scales_:
            rows.append((_label("bn"), f"{c:g}", regime_medians(grid, lr_key, c)["bn"],
                         r["test_acc"]["bn"]))
        for name, c, m, acc in rows:
            lines.append(f"{float(lr_key):4g}  {pad(name, 7)} {c:>4}  {m['range']:9.3f}  "
                         f"{m['change']:9.3f}  {m['beta']:8.2f}  {m['ics3']:8.3f}  {acc:6.3f}")
    return "\n".join(lines)


def draw_regime(fig, scale=1.0, lr=LEARNING_RATE, grid=None):
    """Widget frame: four panels over training (loss range, max ‖Δg‖, β_eff, layer 3's relative
    gradient shift), the plain net (grey) against the BN net with hidden weights × ``scale``
    (blue), both trained at ``lr`` and probed at η = lr·(1/2 … 4)."""
    grid = load_regimes() if grid is None else grid
    r = grid[str(lr)]
    axes = fig.subplots(1, 4)
    keys = ("ch07.range_title", "ch07.pred_title", "ch07.beta_title", "ch07.ics3_title")
    steps = r["measure_steps"]
    for m, ax, key in zip(REGIME_MEASURES, axes, keys, strict=True):
        ax.plot(steps, regime_series(r["plain"], m), "o-", ms=3, color=COLORS["plain"],
                label=_label("plain"))
        ax.plot(steps, regime_series(r["bn"][str(scale)], m), "o-", ms=3, color=COLORS["bn"],
                label=t("ch07.bn_scaled", c=f"{scale:g}"))
        ax.set_title(t(key), fontsize="small")
        ax.set_xlabel(t("ch07.step"))
        _log_axis(ax)
    axes[0].legend(fontsize="small")
    fig.suptitle(t("ch07.regime_title", lr=f"{lr:g}", c=f"{scale:g}"), fontsize="medium")
    return fig


def load_regimes(path=DEFAULT_REGIMES) -> dict:
    """The saved regime grid (``results/ch07_regimes.json``): returns its ``grid`` (cached)."""
    key = str(path)
    if key not in _cache:
        _cache[key] = json.loads(Path(path).read_text(encoding="utf-8"))
    return _cache[key]["grid"]


def regimes_config(path=DEFAULT_REGIMES) -> dict:
    load_regimes(path)
    d = _cache[str(path)]
    return {"config": d["config"], "command": d["command"]}



# ------------------------------------------------------------------ summaries


def final_loss(result, last=100) -> float:
    """Mean mini-batch loss over the last ``last`` steps."""
    return float(np.mean(result["loss"][-last:]))


def mean_drift(result) -> float:
    """Mean over the run of the per-record input-distribution change (see :func:`run`)."""
    return float(np.mean(result["drift"]))


def summary_table(results) -> str:
    """One line per network: final loss, test accuracy, mean input drift (rounded)."""
    lines = [t("ch07.summary_head")]
    for kind in KINDS:
        if kind in results:
            r = results[kind]
            lines.append(f"{pad(_label(kind), 15)} {final_loss(r):8.3f}   "
                         f"{r['test_acc']:14.3f}   {mean_drift(r):12.4f}")
    return "\n".join(lines)


def ics_table(results, layers_=ICS_LAYERS) -> str:
    """Median over the measured steps of ‖G − G′‖/‖G‖ and of cos(G, G′), per layer and net."""
    lines = [t("ch07.ics_head")]
    for i in layers_:
        for kind in ("plain", "bn"):
            rows = np.asarray(results[kind]["ics"][str(i)])
            rel = np.median(rows[:, 0] / rows[:, 2])
            cos = np.median(rows[:, 1])
            lines.append(f"{i:5d}  {pad(_label(kind), 8)}  {rel:22.4f}   {cos:16.4f}")
    return "\n".join(lines)


def landscape_table(results) -> str:
    """Median over the measured steps of the loss range, max gradient change and effective β."""
    lines = [t("ch07.landscape_head")]
    for kind in ("plain", "bn"):
        rows = np.asarray(results[kind]["landscape"])
        med = np.median(rows, axis=0)
        lines.append(f"{pad(_label(kind), 8)}  {med[0]:17.4f}   {med[1]:17.4f}   "
                     f"{med[2]:15.3f}")
    return "\n".join(lines)


# ------------------------------------------------------------------ figures


def _log_axis(ax, which="y", base=10, subs=(1.0, 2.0, 5.0)):
    """Log scale with plain tick labels (no mathtext minus sign, which NanumGothic lacks)."""
    getattr(ax, f"set_{which}scale")("log", base=base)
    axis = ax.yaxis if which == "y" else ax.xaxis
    if base == 2:  # step-size factors: 1/16 … 16
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}" if v >= 1 else f"1/{1 / v:g}"))
    else:
        axis.set_major_locator(LogLocator(base, subs=subs))
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_formatter(NullFormatter())


def _label(kind):
    return t(f"ch07.{kind}")


COLORS = {"plain": network_color("plain"), "bn": network_color("bn"),
          "noisy": network_color("noisy_bn"), "plain_noisy": network_color("plain")}
#: The control (noise without BN) is the plain network's grey, dashed.
STYLES = {"plain": "-", "bn": "-", "noisy": "-", "plain_noisy": "--"}


def draw_noisy(fig, results):
    """Three panels: training loss, layer-3 unit-0 sigmoid input band, input drift per record."""
    ax_loss, ax_pct, ax_drift = fig.subplots(1, 3)
    for kind in ("noisy", "plain_noisy", "plain", "bn"):  # the jumpy noisy bands underneath
        if kind not in results:
            continue
        r = results[kind]
        c, ls = COLORS[kind], STYLES[kind]
        steps = np.arange(1, len(r["loss"]) + 1)
        ax_loss.plot(steps, moving_average(r["loss"], 50), color=c, ls=ls, label=_label(kind))
        pct = np.asarray(r["pct_unit0"])
        rs = np.asarray(r["record_steps"])
        noisy = kind in NOISY_KINDS
        if kind != "plain_noisy":  # four bands are unreadable; the control's drift is on the right
            ax_pct.fill_between(rs, pct[:, 0], pct[:, 2], color=c, alpha=0.15 if noisy else 0.3,
                                lw=0)
            ax_pct.plot(rs, pct[:, 1], color=c, lw=0.6 if noisy else 1.4,
                        alpha=0.7 if noisy else 1, label=_label(kind))
        ax_drift.plot(rs[1:], moving_average(r["drift"], 10), color=c, ls=ls, lw=1.2)
    ax_loss.set_title(t("ch07.loss_title"))
    ax_loss.set_ylabel(t("ch07.loss"))
    ax_loss.set_ylim(0, 2.5)
    ax_loss.legend(fontsize="small")
    ax_pct.set_title(t("ch07.input_title"), fontsize="small")
    ax_pct.set_ylabel(t("ch07.input"))
    ax_drift.set_title(t("ch07.drift_title"), fontsize="small")
    ax_drift.set_ylabel(t("ch07.drift"))
    _log_axis(ax_drift)
    for ax in (ax_loss, ax_pct, ax_drift):
        ax.set_xlabel(t("ch07.step"))
    return fig


def draw_ics(fig, results, layers_=(2, 3)):
    """Rows: ‖G − G′‖/‖G‖ and cos(G, G′) over training, for the chosen layers, plain vs BN."""
    axes = fig.subplots(2, len(layers_), squeeze=False)
    for j, i in enumerate(layers_):
        for kind in ("plain", "bn"):
            r = results[kind]
            rows = np.asarray(r["ics"][str(i)])
            steps = r["measure_steps"]
            axes[0, j].plot(steps, rows[:, 0] / rows[:, 2], color=COLORS[kind], label=_label(kind))
            axes[1, j].plot(steps, rows[:, 1], color=COLORS[kind], label=_label(kind))
        axes[0, j].set_title(t("ch07.ics_l2_title", layer=i), fontsize="small")
        axes[1, j].set_title(t("ch07.ics_cos_title", layer=i), fontsize="small")
        axes[1, j].set_xlabel(t("ch07.step"))
        _log_axis(axes[0, j], subs=(1.0,))
    axes[0, 0].legend()
    return fig


def draw_landscape_summary(fig, results):
    """Loss range, max gradient change and effective β over training, plain vs BN (log y)."""
    axes = fig.subplots(1, 3)
    keys = ("ch07.range_title", "ch07.pred_title", "ch07.beta_title")
    for kind in ("plain", "bn"):
        r = results[kind]
        rows = np.asarray(r["landscape"])
        for j, ax in enumerate(axes):
            ax.plot(r["measure_steps"], rows[:, j], color=COLORS[kind], label=_label(kind))
    for ax, key in zip(axes, keys, strict=True):
        ax.set_title(t(key), fontsize="small")
        ax.set_xlabel(t("ch07.step"))
        _log_axis(ax)
    axes[0].legend()
    return fig


def draw_landscape(fig, step=0, eta_max=4.0, results=None):
    """Widget frame: left, L(w − η g) against η/lr up to ``eta_max``; right, ‖g(w − η g) − g(w)‖;
    plain vs BN, at training ``step`` (a key of the runs' ``curves``)."""
    results = load_full() if results is None else results
    ax_l, ax_g = fig.subplots(1, 2)
    keep = ETA_FACTORS <= eta_max * (1 + 1e-9)
    for kind in ("plain", "bn"):
        rec = results[kind]["curves"][str(step)]
        x = ETA_FACTORS[keep]
        ax_l.plot(x, np.asarray(rec["losses"])[keep], "o-", ms=3, color=COLORS[kind],
                  label=_label(kind))
        ax_l.axhline(rec["loss0"], color=COLORS[kind], lw=0.8, ls=":")
        ax_g.plot(x, np.asarray(rec["changes"])[keep], "o-", ms=3, color=COLORS[kind])
    for ax in (ax_l, ax_g):
        _log_axis(ax, "x", base=2)
        _log_axis(ax, "y")
        ax.set_xlabel(t("ch07.eta"))
    ax_l.set_ylabel(t("ch07.loss_along"))
    ax_g.set_ylabel(t("ch07.grad_change"))
    ax_l.set_title(t("ch07.landscape_title", step=step), fontsize="medium")
    ax_g.set_title(t("ch07.predict_title", step=step), fontsize="medium")
    ax_l.legend()
    return fig


# ------------------------------------------------------------------ saved full run

_cache: dict[str, dict] = {}


def load_full(path=DEFAULT_RESULTS) -> dict:
    """The saved full run (``results/ch07_critique.json``): ``{"config", "command", "runs"}``
    with ``runs[kind]`` as returned by :func:`run`. Returns the runs dict (cached)."""
    key = str(path)
    if key not in _cache:
        _cache[key] = json.loads(Path(path).read_text(encoding="utf-8"))
    return _cache[key]["runs"]


def full_config(path=DEFAULT_RESULTS) -> dict:
    load_full(path)
    d = _cache[str(path)]
    return {"config": d["config"], "command": d["command"]}


FULL = {"steps": 5000, "measure_every": 100, "record_every": 10,
        "landscape_steps": (0, 250, 500, 1000, 2500, 5000)}
SMALL = {"steps": 300, "measure_every": 50, "record_every": 10, "landscape_steps": (0, 100, 300)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Chapter 7 experiments: noisy BN and its control, "
                                     "ICS through gradients, the landscape along the gradient; "
                                     "with --regimes the (learning rate, weight scale) grid")
    parser.add_argument("--full", action="store_true",
                        help=f"the full run {FULL} (with --regimes: {REGIMES})")
    parser.add_argument("--regimes", action="store_true",
                        help="the regime grid (learning rate × BN weight scale) instead")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits

    from .. import data as bdata

    command = "python -m bnbook.chapters.ch07 " + " ".join(argv if argv is not None
                                                           else sys.argv[1:])
    mnist = bdata.load_mnist()
    common = {"sizes": list(SIZES), "activation": "sigmoid", "optimizer": "SGD",
              "batch_size": BATCH_SIZE, "seed": args.seed, "summary_eta_factors":
              ETA_FACTORS[SUMMARY].tolist(), "ics_layers": ICS_LAYERS}
    t0 = time.perf_counter()
    if args.regimes:
        settings = dict(REGIMES if args.full else REGIMES_SMALL)
        with threadpool_limits(1):
            grid = regime_grid(mnist, settings.pop("lrs"), settings.pop("scales"),
                               seed=args.seed, **settings)
        wall = time.perf_counter() - t0
        cfg = dict(REGIMES if args.full else REGIMES_SMALL)
        result = {"experiment": "Chapter 7: landscape and gradient-ICS measures against the "
                                "learning rate and a function-preserving rescale of BN's weights",
                  "command": command,
                  "config": {**common, **{k: (list(v) if isinstance(v, tuple) else v)
                                          for k, v in cfg.items()}},
                  "numpy_version": np.__version__, "python_version": platform.python_version(),
                  "wall_time": round(wall, 1), "grid": grid}
        print(regime_table(grid))
    else:
        settings = dict(FULL if args.full else SMALL)
        with threadpool_limits(1):
            runs = run_all(mnist, seed=args.seed, **settings)
        wall = time.perf_counter() - t0
        result = {
            "experiment": "Chapter 7: noisy BN and its control, ICS through gradients, "
                          "landscape along the gradient",
            "command": command,
            "config": {**common, "learning_rate": LEARNING_RATE,
                       "eta_factors": ETA_FACTORS.tolist(), "noise_mean_range": NOISE_MEAN_RANGE,
                       "noise_scale_range": NOISE_SCALE_RANGE, "noise_spread": NOISE_SPREAD,
                       "noise_model": "Santurkar et al. 2018, App. A.2.1, Algorithm 1 (per unit)",
                       "probe_layer": PROBE_LAYER,
                       **{k: (list(v) if isinstance(v, tuple) else v)
                          for k, v in settings.items()}},
            "numpy_version": np.__version__, "python_version": platform.python_version(),
            "wall_time": round(wall, 1),
            "runs": runs,
        }
        print(summary_table(runs))
        print(ics_table(runs))
        print(landscape_table(runs))
    print(f"wall time {wall:.1f} s")
    if args.out is not None:
        args.out.write_text(json.dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
