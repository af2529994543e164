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
``W1 (784, 100), b1`` or ``gamma1, beta1``, …, ``W4 (100, 10), b4``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from .. import i18n, layers
from ..i18n import pad, t
from ..paths import results_path
from ..plotting import moving_average

STRINGS = {
    "ch07.step": {"ko": "학습 스텝", "en": "training step"},
    "ch07.plain": {"ko": "BN 없음", "en": "no BN"},
    "ch07.bn": {"ko": "BN", "en": "BN"},
    "ch07.noisy": {"ko": "잡음 BN", "en": "noisy BN"},
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
    "ch07.loss_along": {"ko": r"$L(w - \eta g)$", "en": r"$L(w - \eta g)$"},
    "ch07.grad_change": {"ko": r"$\|g(w - \eta g) - g(w)\|_2$",
                         "en": r"$\|g(w - \eta g) - g(w)\|_2$"},
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
    "ch07.summary_head": {"ko": "신경망       마지막 100스텝 손실   테스트 정확도   입력 분포 변화",
                          "en": "net          loss (last 100 steps)   test accuracy   input drift"},
    "ch07.ics_head": {"ko": "층     신경망    ||G-G'||/||G|| 중앙값   cos(G,G') 중앙값",
                      "en": "layer  net       median ||G-G'||/||G||   median cos(G,G')"},
    "ch07.landscape_head": {
        "ko": "신경망    손실 범위 중앙값   최대 ||dg|| 중앙값   beta_eff 중앙값",
        "en": "net       median loss range   median max ||dg||   median beta_eff"},
    "ch07.quad_from_w": {"ko": "w에서 잰 beta_eff", "en": "beta_eff from w"},
    "ch07.quad_closed": {"ko": "w에서 ||A g|| / ||g||", "en": "||A g|| / ||g|| at w"},
    "ch07.quad_from_v": {"ko": "고유벡터에서 잰 beta_eff", "en": "beta_eff from eigenvector"},
    "ch07.noise_step": {"ko": "3층 시그모이드 입력: 평균 {mean:.3f}, 표준편차 {std:.3f} | "
                              "잡음 중심 mu = {mu:.3f}, sigma = {sigma:.3f}",
                        "en": "layer-3 sigmoid input: mean {mean:.3f}, std {std:.3f} | "
                              "noise centres mu = {mu:.3f}, sigma = {sigma:.3f}"},
    "ch07.quad_head": {"ko": "A의 최대 고윳값 = {lmax:.4f}",
                       "en": "largest eigenvalue of A = {lmax:.4f}"},
}
i18n.register(STRINGS)

SIZES = (784, 100, 100, 100, 10)
LEARNING_RATE = 0.1
BATCH_SIZE = 60
KINDS = ("plain", "bn", "noisy")
#: Step sizes η along the gradient, as multiples of the learning rate: 2^(k/2), k = −8 … 8
#: (1/16 … 16). The summary measures (loss range, predictiveness, β) use the middle part
#: ETA_FACTORS[SUMMARY] = 1/4 … 4.
ETA_FACTORS = 2.0 ** (np.arange(-8, 9) / 2)
SUMMARY = slice(4, 13)
#: The widget's choices of the largest step size shown (multiples of the learning rate).
WIDGET_ETA_MAX = (1.0, 4.0, 16.0)
#: The book's own noise settings (see :func:`sample_noise_distribution`).
NOISE_MEAN_RANGE = (-0.5, 0.5)
NOISE_SCALE_RANGE = (1.0, 1.25)
NOISE_SPREAD = 0.1
#: The layers whose gradient shift is measured (1 is always 0: nothing lies below it).
ICS_LAYERS = (2, 3, 4)
PROBE_LAYER = 3

DEFAULT_RESULTS = results_path("ch07_critique.json")


def _error(en: str, ko: str) -> ValueError:
    return ValueError(f"{en} ({ko})")


# ------------------------------------------------------------------ 1. noisy BN


def noisy_bn(out, mean_noise, scale_noise):
    """The noisy-BN perturbation ``s·a + m``, elementwise: scale first, then shift.

    out: (N, D) the output of a BN layer; mean_noise m and scale_noise s: (N, D) (or broadcastable).
    Returns (N, D).
    """
    return scale_noise * out + mean_noise


def sample_noise_distribution(rng: np.random.Generator, n_layers: int):
    """One step's noise distribution per BN layer: centres ``(mu, sigma)`` of shape (n_layers,),
    ``mu ~ U(NOISE_MEAN_RANGE)`` and ``sigma ~ U(NOISE_SCALE_RANGE)``, drawn anew every step."""
    mu = rng.uniform(*NOISE_MEAN_RANGE, size=n_layers)
    sigma = rng.uniform(*NOISE_SCALE_RANGE, size=n_layers)
    return mu, sigma


def draw_noise(rng: np.random.Generator, mu: float, sigma: float, shape, dtype=np.float32):
    """Elementwise noise for one layer: ``m ~ N(mu, NOISE_SPREAD²)``, ``s ~ N(sigma,
    NOISE_SPREAD²)``, each of ``shape`` (N, D). Returns (m, s)."""
    m = rng.normal(mu, NOISE_SPREAD, size=shape).astype(dtype)
    s = rng.normal(sigma, NOISE_SPREAD, size=shape).astype(dtype)
    return m, s


# ------------------------------------------------------------------ the network


def init_params(rng: np.random.Generator, batchnorm: bool, sizes=SIZES, dtype=np.float32):
    """Weights ``W_l ~ N(0, 1/fan_in)``; hidden layers get ``b_l = 0`` or, with BN, ``gamma_l = 1,
    beta_l = 0`` (no bias before BN); the output layer has a bias. Returns a dict of arrays."""
    params = {}
    L = len(sizes) - 1
    for l in range(1, L + 1):
        fan_in, fan_out = sizes[l - 1], sizes[l]
        params[f"W{l}"] = (rng.standard_normal((fan_in, fan_out)) / np.sqrt(fan_in)).astype(dtype)
        if batchnorm and l < L:
            params[f"gamma{l}"] = np.ones(fan_out, dtype)
            params[f"beta{l}"] = np.zeros(fan_out, dtype)
        else:
            params[f"b{l}"] = np.zeros(fan_out, dtype)
    return params


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


def forward_backward(params, X, y, bn_params=(), noise=None, mode="train", grads=True):
    """Loss, gradients and sigmoid inputs of the MLP on one batch.

    X: (N, D); y: (N,). bn_params: the hidden layers' ``bn_param`` dicts; in training mode their
    running statistics are updated (pass copies to leave them alone). noise: None or a list with
    one ``(m, s)`` pair of (N, H_l) arrays per hidden layer, applied as :func:`noisy_bn` after BN.
    Returns ``(loss, grads, pre)``: mean cross-entropy, a dict like ``params`` (None if
    ``grads=False``) and the list of sigmoid inputs ``[(N, H_1), …]``.
    """
    L = n_layers(params)
    h, caches, pre = X, [], []
    for l in range(1, L):
        a, c_aff = layers.affine_forward(h, params[f"W{l}"], params.get(f"b{l}"))
        c_bn = None
        if f"gamma{l}" in params:
            bn_param = bn_params[l - 1]
            bn_param["mode"] = mode
            a, c_bn = layers.batchnorm_forward(a, params[f"gamma{l}"], params[f"beta{l}"],
                                               bn_param)
        s = None
        if noise is not None:
            m, s = noise[l - 1]
            a = noisy_bn(a, m, s)
        pre.append(a)
        h, c_act = layers.sigmoid_forward(a)
        caches.append((c_aff, c_bn, s, c_act))
    logits, c_out = layers.affine_forward(h, params[f"W{L}"], params[f"b{L}"])
    loss, dlogits = layers.softmax_cross_entropy(logits, y)
    if not grads:
        return loss, None, pre
    g = {}
    dh, g[f"W{L}"], g[f"b{L}"] = layers.affine_backward(dlogits, c_out)
    for l in range(L - 1, 0, -1):
        c_aff, c_bn, s, c_act = caches[l - 1]
        da = layers.sigmoid_backward(dh, c_act)
        if s is not None:
            da = da * s  # d(s·a + m)/da = s
        if c_bn is not None:
            da, g[f"gamma{l}"], g[f"beta{l}"] = layers.batchnorm_backward(da, c_bn)
        dh, g[f"W{l}"], db = layers.affine_backward(da, c_aff)
        if db is not None:
            g[f"b{l}"] = db
    return loss, {k: g[k] for k in params}, pre


def predict(params, bn_params, X, noise_scale: float = 1.0):
    """Classes (N,) in inference mode (running statistics). For noisy BN, the noise is replaced by
    its expected value: ``s = noise_scale`` and ``m = 0``."""
    noise = None
    if noise_scale != 1.0:
        H = [params[f"W{l}"].shape[1] for l in range(1, n_layers(params))]
        noise = [(np.float32(0.0), np.float32(noise_scale))] * len(H)
    L = n_layers(params)
    h = X
    for l in range(1, L):
        a, _ = layers.affine_forward(h, params[f"W{l}"], params.get(f"b{l}"))
        if f"gamma{l}" in params:
            bn = dict(bn_params[l - 1], mode="test")
            a, _ = layers.batchnorm_forward(a, params[f"gamma{l}"], params[f"beta{l}"], bn)
        if noise is not None:
            a = noisy_bn(a, *noise[l - 1])
        h, _ = layers.sigmoid_forward(a)
    logits, _ = layers.affine_forward(h, params[f"W{L}"], params[f"b{L}"])
    return np.argmax(logits, axis=1)


def sgd_step(params, grads, lr, names=None):
    """``p ← p − lr·dp`` in place for the parameters ``names`` (default: all)."""
    for k in (params if names is None else names):
        params[k] -= np.asarray(lr * grads[k], dtype=params[k].dtype)


def layer_names(params, l: int) -> list[str]:
    """The parameter names of layer l: ``W_l`` and ``b_l`` or ``gamma_l, beta_l``."""
    return [k for k in params
            if k.rstrip("0123456789") in ("W", "b", "gamma", "beta")
            and k[len(k.rstrip("0123456789")):] == str(l)]


# ------------------------------------------------------------------ 2. ICS through gradients


def gradient_shift(G, G_prime):
    """``(‖G − G′‖₂, cos(G, G′))`` of two gradients of the same shape (flattened first).

    The ideal values, if updating the layers below changed nothing, are 0 and 1."""
    G = np.asarray(G, dtype=np.float64).ravel()
    Gp = np.asarray(G_prime, dtype=np.float64).ravel()
    if G.shape != Gp.shape:
        raise _error(f"gradient_shift needs G and G' of the same size; got {G.size} and {Gp.size}",
                     f"gradient_shift에는 크기가 같은 G와 G'이 필요합니다; 받은 크기 {G.size}, "
                     f"{Gp.size}")
    l2 = float(np.linalg.norm(G - Gp))
    denom = np.linalg.norm(G) * np.linalg.norm(Gp)
    cos = float(G @ Gp / denom) if denom > 0 else float("nan")
    return l2, cos


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


def loss_along_gradient(loss_fn: Callable, grad_fn: Callable, w, etas):
    """``[L(w − η g) for η in etas]`` with ``g = grad_fn(w)``. w: (P,); returns (len(etas),)."""
    w = np.asarray(w, dtype=np.float64)
    g = np.asarray(grad_fn(w), dtype=np.float64)
    return np.array([float(loss_fn(w - eta * g)) for eta in etas])


def gradient_predictiveness(grad_fn: Callable, w, etas):
    """``[‖g(w − η g) − g(w)‖₂ for η in etas]``: how far the gradient moves when we follow it.
    Returns (len(etas),)."""
    w = np.asarray(w, dtype=np.float64)
    g = np.asarray(grad_fn(w), dtype=np.float64)
    return np.array([float(np.linalg.norm(np.asarray(grad_fn(w - eta * g)) - g)) for eta in etas])


def effective_beta_smoothness(grad_fn: Callable, w, etas) -> float:
    """``max_η ‖g(w − η g) − g(w)‖₂ / ‖η g‖₂``: the largest gradient change per distance moved
    along the gradient. It never exceeds the β of β-smoothness (the Lipschitz constant of ∇L)."""
    w = np.asarray(w, dtype=np.float64)
    g = np.asarray(grad_fn(w), dtype=np.float64)
    gnorm = float(np.linalg.norm(g))
    if gnorm == 0:
        return 0.0
    change = gradient_predictiveness(grad_fn, w, etas)
    return float(np.max(change / (np.asarray(etas, dtype=np.float64) * gnorm)))


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


def noise_step_report(z, mu: float, sigma: float) -> str:
    """One line: mean and std of the sigmoid inputs z (N, H) and the step's noise centres."""
    return t("ch07.noise_step", mean=float(z.mean()), std=float(z.std()), mu=float(mu),
             sigma=float(sigma))


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
    """Train one network (``kind`` = "plain", "bn" or "noisy") with SGD and record:

    * ``loss``: the mini-batch loss of every step (steps,);
    * every ``record_every`` steps, on a fixed probe of ``probe_size`` test images in training
      mode (noisy BN: with fresh noise from the step's distribution): the per-unit mean and std of
      the layer-3 sigmoid inputs, summarized as ``drift`` = mean over units of
      |Δmean| + |Δstd| between consecutive records, and the 15/50/85th percentiles of unit 0;
    * every ``measure_every`` steps (plain and BN only): :func:`ics_gradients` and the
      :func:`landscape_summary` of :func:`landscape_along_gradient` on that step's batch;
      the full landscape curves at the steps in ``landscape_steps``;
    * ``test_acc``: test accuracy at the end (inference mode; noisy BN with its expected noise).

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
    params = init_params(np.random.default_rng(seed), batchnorm=kind != "plain")
    bn_params = new_bn_params(params)
    order_rng = np.random.default_rng(seed + 1)
    noise_rng = np.random.default_rng(seed + 2)
    probe_rng = np.random.default_rng(seed + 3)
    L = n_layers(params)
    H = [params[f"W{l}"].shape[1] for l in range(1, L)]
    measure = kind != "noisy"
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
        if kind == "noisy":
            dist = sample_noise_distribution(noise_rng, L - 1)
            noise = [draw_noise(noise_rng, dist[0][l], dist[1][l], (batch_size, H[l]))
                     for l in range(L - 1)]
        loss, grads, _ = forward_backward(params, X, y, bn_params, noise)
        if not np.isfinite(loss):
            raise FloatingPointError(f"{kind}: loss {loss} at step {step} "
                                     f"({kind}: {step}스텝에서 손실 {loss})")
        out["loss"].append(round(float(loss), 6))
        sgd_step(params, grads, lr)
    noise_scale = float(np.mean(NOISE_SCALE_RANGE)) if kind == "noisy" else 1.0
    pred = predict(params, bn_params, x_test[:eval_size].astype(np.float32), noise_scale)
    out["test_acc"] = round(float(np.mean(pred == y_test[:eval_size])), 4)
    return out


def run_all(data, steps: int, **kw) -> dict:
    """:func:`run` for the three kinds with the same settings: ``{kind: result}``."""
    return {kind: run(kind, data, steps, **kw) for kind in KINDS}


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
            lines.append(f"{pad(_label(kind), 12)} {final_loss(r):8.3f}   {r['test_acc']:14.3f}   "
                         f"{mean_drift(r):12.4f}")
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


COLORS = {"plain": "C0", "bn": "C1", "noisy": "C2"}


def draw_noisy(fig, results):
    """Three panels: training loss, layer-3 unit-0 sigmoid input band, input drift per record."""
    ax_loss, ax_pct, ax_drift = fig.subplots(1, 3)
    for kind in ("noisy", "plain", "bn"):  # noisy BN's jumpy band underneath
        r = results[kind]
        c = COLORS[kind]
        steps = np.arange(1, len(r["loss"]) + 1)
        ax_loss.plot(steps, moving_average(r["loss"], 50), color=c, label=_label(kind),
                     ls="--" if kind == "noisy" else "-")
        pct = np.asarray(r["pct_unit0"])
        rs = np.asarray(r["record_steps"])
        noisy = kind == "noisy"
        ax_pct.fill_between(rs, pct[:, 0], pct[:, 2], color=c, alpha=0.12 if noisy else 0.25, lw=0)
        ax_pct.plot(rs, pct[:, 1], color=c, lw=0.6 if noisy else 1.4, alpha=0.6 if noisy else 1)
        ax_drift.plot(rs[1:], moving_average(r["drift"], 10), color=c, lw=1.2)
    ax_loss.set_title(t("ch07.loss_title"))
    ax_loss.set_ylabel(t("ch07.loss"))
    ax_loss.set_ylim(0, 2.5)
    ax_loss.legend()
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
    parser = argparse.ArgumentParser(description="Chapter 7 experiments: noisy BN, ICS through "
                                     "gradients, the landscape along the gradient")
    parser.add_argument("--full", action="store_true", help=f"the full run {FULL}")
    parser.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits

    from .. import data as bdata

    settings = dict(FULL if args.full else SMALL)
    mnist = bdata.load_mnist()
    t0 = time.perf_counter()
    with threadpool_limits(1):
        runs = run_all(mnist, seed=args.seed, **settings)
    wall = time.perf_counter() - t0
    result = {
        "experiment": "Chapter 7: noisy BN, ICS through gradients, landscape along the gradient",
        "command": "python -m bnbook.chapters.ch07 " + " ".join(argv if argv is not None
                                                                else sys.argv[1:]),
        "config": {"sizes": list(SIZES), "activation": "sigmoid", "optimizer": "SGD",
                   "learning_rate": LEARNING_RATE, "batch_size": BATCH_SIZE, "seed": args.seed,
                   "eta_factors": ETA_FACTORS.tolist(), "summary_eta_factors":
                   ETA_FACTORS[SUMMARY].tolist(), "noise_mean_range": NOISE_MEAN_RANGE,
                   "noise_scale_range": NOISE_SCALE_RANGE, "noise_spread": NOISE_SPREAD,
                   "probe_layer": PROBE_LAYER, "ics_layers": ICS_LAYERS,
                   **{k: (list(v) if isinstance(v, tuple) else v) for k, v in settings.items()}},
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
