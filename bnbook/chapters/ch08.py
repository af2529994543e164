"""Chapter 8 — BN in practice: convolutional networks, small batches, other normalizations and the
frameworks (실전의 배치 정규화).

What the chapter shows, each as a small function here so the notebook cells stay short:

* :func:`train` — the small convolutional network :class:`bnbook.conv.ConvNet` trained on real
  MNIST with plain SGD, with any normalization ("none", "bn", "ln", "gn", "in"), recording the
  loss, test accuracy and (optionally) the norms of the conv weights and their gradients.
* :func:`conv_experiment` — the network with spatial BN against the one without (live run).
* :func:`small_batch_run`, :func:`small_batch_experiment` — BN at batch sizes 1, 2, 4, … in
  training and at inference, and layer/group/instance norm on the same network (saved run).
* :class:`FCNet`, :func:`fc_run`, :func:`fc_experiment`, :func:`bn_batch_algebra` — where BN
  breaks: a fully connected network with BN/LN/GN/none at batch sizes 1…32 (m = 1: every BN output
  is β; m = 2: ±1), saved run ``results/ch08_small_batch.json`` (``--small-batch``).
* :func:`draw_axes` — the widget: which values share one mean and variance in BN, LN, IN, GN.
* :func:`to_torch_batchnorm`, :func:`torch_eval_difference`, :func:`momentum_side_by_side` —
  the trained numpy layer loaded into ``torch.nn.BatchNorm2d``; the conventions side by side.
* :func:`to_keras_batchnorm`, :func:`keras_claims` — the same for Keras 3 on the torch backend
  (optional: ``requirements/frameworks.txt``); saved claims in ``results/ch08_frameworks.json``.
* :func:`finetune_experiment` — a classic mistake: fine-tuning with frozen statistics.
* :func:`weight_norm_summary`, :func:`plot_weight_norms` — scale invariance: ⟨∇L, W⟩ = 0, so
  ‖W‖ grows under SGD and the effective learning rate η/‖W‖² falls.

Full runs (saved to ``results/ch08_practice.json``, ``results/ch08_small_batch.json`` and
``results/ch08_frameworks.json``)::

    python -m bnbook.chapters.ch08 --full            # 35 min on a shared 2-core machine (--jobs 2)
    python -m bnbook.chapters.ch08 --small-batch     # 11.5 min (687 s), one process
    python -m bnbook.chapters.ch08 --frameworks      # needs torch (and keras for its part)
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.ticker import FuncFormatter

from .. import data, i18n, layers, norms, optim
from ..conv import ConvNet
from ..i18n import t
from ..model import MLP
from ..paths import results_path
from ..plotting import network_color

STRINGS: dict[str, dict[str, str]] = {
    "ch08.none": {"ko": "정규화 없음", "en": "no normalization"},
    "ch08.bn": {"ko": "배치 정규화 (BN)", "en": "batch norm (BN)"},
    "ch08.ln": {"ko": "층 정규화 (LN)", "en": "layer norm (LN)"},
    "ch08.gn": {"ko": "그룹 정규화 (GN)", "en": "group norm (GN)"},
    "ch08.in": {"ko": "인스턴스 정규화 (IN)", "en": "instance norm (IN)"},
    "ch08.bn_train_mode": {"ko": "BN, 학습 모드로 평가", "en": "BN, evaluated in training mode"},
    "ch08.step": {"ko": "학습 스텝", "en": "training step"},
    "ch08.loss": {"ko": "미니배치 손실 (이동 평균)", "en": "mini-batch loss (moving average)"},
    "ch08.test_acc": {"ko": "테스트 정확도", "en": "test accuracy"},
    "ch08.loss_title": {"ko": "학습 손실", "en": "Training loss"},
    "ch08.acc_title": {"ko": "테스트 정확도 ({n}장)", "en": "Test accuracy ({n} images)"},
    "ch08.batch_size": {"ko": "배치 크기", "en": "batch size"},
    "ch08.small_title": {"ko": "예제 {n}개를 본 뒤의 테스트 정확도",
                         "en": "Test accuracy after {n} training examples"},
    "ch08.axes_N": {"ko": "예제 n", "en": "example n"},
    "ch08.axes_C": {"ko": "채널 k", "en": "channel k"},
    "ch08.axes_title": {"ko": "{name}: 평균과 분산 하나에 값 {k}개",
                        "en": "{name}: {k} values per mean and variance"},
    "ch08.norm": {"ko": "정규화", "en": "normalization"},
    "ch08.N": {"ko": "배치 크기 N", "en": "batch size N"},
    "ch08.wnorm": {"ko": "$\\|W_2\\|$ (2번째 합성곱 층)", "en": "$\\|W_2\\|$ (2nd conv layer)"},
    "ch08.eff_lr": {"ko": "유효 학습률 $\\eta/\\|W_2\\|^2$",
                    "en": "effective lr $\\eta/\\|W_2\\|^2$"},
    "ch08.lr_label": {"ko": "학습률 $\\eta$ = {lr:g}", "en": "learning rate $\\eta$ = {lr:g}"},
    "ch08.wnorm_title": {"ko": "가중치 노름은 커지기만 합니다", "en": "The weight norm only grows"},
    "ch08.eff_title": {"ko": "유효 학습률은 줄어듭니다", "en": "The effective learning rate falls"},
    "ch08.table_header": {"ko": "배치 크기  ", "en": "batch size  "},
    "ch08.gc_conv": {"ko": "합성곱 {shape}: 상대 오차 dx, dw, db < 1e-7: {ok}",
                     "en": "convolution {shape}: relative error of dx, dw, db < 1e-7: {ok}"},
    "ch08.gc_pool": {"ko": "최대 풀링: 상대 오차 dx < 1e-7: {ok}",
                     "en": "max pooling: relative error of dx < 1e-7: {ok}"},
    "ch08.gc_norm": {"ko": "{name}: 상대 오차 dx, dgamma, dbeta < 1e-7: {ok}",
                     "en": "{name}: relative error of dx, dgamma, dbeta < 1e-7: {ok}"},
    "ch08.run_header": {"ko": "스텝   정규화 없음   BN", "en": "step   no norm     BN"},
    "ch08.saved_header": {
        "ko": "가중치 초기화        시드   스텝 {s1}: 없음 / BN     스텝 {s2}: 없음 / BN",
        "en": "initial weights      seed   step {s1}: none / BN    step {s2}: none / BN"},
    "ch08.init_small": {"ko": "N(0, 0.01²)", "en": "N(0, 0.01²)"},
    "ch08.init_he": {"ko": "He 초기화", "en": "He init"},
    "ch08.wsum": {
        "ko": "W2: ‖W‖ {a:.2f} → {b:.2f}, 모든 스텝에서 |cos(W, ∇L)| < 1e-3: {cos_ok}, "
              "(‖W_end‖² − ‖W_0‖²) / (η² Σ‖∇L(W_t)‖²) = {r:.3f}",
        "en": "W2: ‖W‖ {a:.2f} → {b:.2f}, |cos(W, ∇L)| < 1e-3 at every step: {cos_ok}, "
              "(‖W_end‖² − ‖W_0‖²) / (η² Σ‖∇L(W_t)‖²) = {r:.3f}"},
    "ch08.wsaved": {"ko": "η = {lr:<5g} ‖W2‖ {a:.2f} → {b:.2f}   유효 학습률 {e0:.4f} → {e1:.4f}",
                    "en": "η = {lr:<5g} ‖W2‖ {a:.2f} → {b:.2f}   effective lr {e0:.4f} → {e1:.4f}"},
    "ch08.fw_eval_equal": {"ko": "추론 모드 출력이 같음 (float64, 차이 < 1e-12)",
                           "en": "same eval-mode output (float64, difference < 1e-12)"},
    "ch08.fw_running_mean_equal": {"ko": "학습 한 스텝 뒤 running_mean이 같음",
                                   "en": "same running_mean after one training step"},
    "ch08.fw_running_var_equal": {"ko": "학습 한 스텝 뒤 running_var가 같음",
                                  "en": "same running_var after one training step"},
    "ch08.fw_stores_unbiased": {"ko": "PyTorch의 running_var는 불편 분산으로 갱신됨",
                                "en": "PyTorch updates running_var with the unbiased variance"},
    "ch08.fw_train_mode_differs": {"ko": "eval()을 잊으면 출력이 달라짐",
                                   "en": "forgetting eval() changes the output"},
    "ch08.fw_train_mode_moves_running_mean": {
        "ko": "eval()을 잊으면 평가만 했는데도 running_mean이 바뀜",
        "en": "forgetting eval() changes running_mean by merely evaluating"},
    "ch08.fw_bn1d_batch1_raises": {"ko": "BatchNorm1d는 학습 모드에서 배치 크기 1을 거부함",
                                   "en": "BatchNorm1d refuses batch size 1 in training mode"},
    "ch08.fw_keras_eval_equal": {"ko": "Keras: 추론 모드 출력이 같음 (float32 정밀도)",
                                 "en": "Keras: same inference-mode output (training=False; "
                                       "float32 precision)"},
    "ch08.fw_keras_moving_mean_equal": {"ko": "Keras: 학습 한 스텝 뒤 moving_mean이 같음",
                                        "en": "Keras: same moving_mean after one training step"},
    "ch08.fw_keras_stores_biased": {"ko": "Keras의 moving_variance는 편향 분산으로 갱신됨",
                                    "en": "Keras updates moving_variance with the biased variance"},
    "ch08.fw_keras_differs_from_ours": {
        "ko": "그래서 Keras의 moving_variance는 이 책(불편 분산)과 다름",
        "en": "so Keras's moving_variance differs from this book's (unbiased)"},
    "ch08.fw_keras_defaults": {"ko": "Keras 기본값: 모멘텀 0.99, 엡실론 1e-3",
                               "en": "Keras defaults: momentum = 0.99, epsilon = 1e-3"},
    "ch08.fw_bn2d_batch1_is_instance_norm": {
        "ko": "BatchNorm2d의 학습 모드 배치 크기 1 = 인스턴스 정규화",
        "en": "BatchNorm2d in training mode at batch size 1 = instance normalization"},
    "ch08.ft_header": {
        "ko": "시드  원래 데이터  반전(미세 조정 전)  학습 모드로 미세 조정  통계 고정",
        "en": "seed  original  inverted (before)  fine-tuned, train mode  frozen statistics"},
    "ch08.bn1_is_in": {
        "ko": "배치 크기 1, 학습 모드의 공간 BN = 인스턴스 정규화 (float64, 차이 < 1e-12): {ok}",
        "en": "spatial BN in training mode at batch size 1 = instance norm (float64, "
              "difference < 1e-12): {ok}"},
    "ch08.fc_header": {"ko": "배치 크기 m", "en": "batch size m"},
    "ch08.batch_size_m": {"ko": "배치 크기 m", "en": "batch size m"},
    "ch08.fc_bn": {"ko": "BN, 이동 평균으로 추론", "en": "BN, inference (running averages)"},
    "ch08.fc_bn_train_mode": {"ko": "BN, 학습 모드 (테스트 배치 m장)",
                              "en": "BN, training mode (test batches of m)"},
    "ch08.fc_ln": {"ko": "층 정규화 (LN)", "en": "layer norm (LN)"},
    "ch08.fc_gn": {"ko": "그룹 정규화 (GN, 4그룹)", "en": "group norm (GN, 4 groups)"},
    "ch08.fc_none": {"ko": "정규화 없음", "en": "no normalization"},
    "ch08.fc_long": {"ko": "학습 예제 {n}개 (4배), 예제당 학습률 0.005, 시드 0:",
                     "en": "{n} training examples (4×), lr per example 0.005, seed 0:"},
    "ch08.fc_panel": {"ko": "예제당 학습률 {c:g} (η = {c:g}·m)",
                      "en": "lr per example {c:g} (η = {c:g}·m)"},
    "ch08.alg_m1_is_beta": {"ko": "m = 1: 학습 모드 BN의 출력은 입력과 무관하게 β: {ok}",
                            "en": "m = 1: BN's training-mode output is β whatever the input: {ok}"},
    "ch08.alg_m2_opposite": {"ko": "m = 2: 한 특성의 두 정규화 값은 서로 부호만 반대: {ok}",
                             "en": "m = 2: a feature's two normalized values are opposite: {ok}"},
    "ch08.alg_m2_is_pm1": {"ko": "m = 2: 정규화 값은 ±1/√(1 + ε/σ²), 곧 거의 ±1: {ok}",
                           "en": "m = 2: each normalized value is ±1/√(1 + ε/σ²) ≈ ±1: {ok}"},
    "ch08.alg_batch1_constant": {
        "ko": "학습한 BN 망을 학습 모드로 이미지 한 장씩 평가하면 모든 이미지에 같은 점수: {ok}",
        "en": "a trained BN network evaluated in training mode one image at a time gives every "
              "image the same scores: {ok}"},
    "ch08.no_torch": {
        "ko": "PyTorch가 설치되어 있지 않아 이 셀의 PyTorch 부분을 건너뜁니다 "
              "(pip install torch==2.13.0). 아래 글의 값은 PyTorch가 있는 환경에서 잰 것입니다.",
        "en": "PyTorch is not installed, so this cell skips its PyTorch part "
              "(pip install torch==2.13.0). The text below reports a run with PyTorch."},
}
i18n.register(STRINGS)

CHANNELS = (8, 16)
SMALL_INIT = 0.01          # weights ~ N(0, 0.01²) in every layer: too small for the plain network
GROUPS = 4
LR = 0.1
BATCH_SIZE = 50
NORM_KINDS = ("bn", "ln", "gn", "in")
COLOR_KIND = {"none": "plain", "bn": "bn", "ln": "layernorm", "gn": "groupnorm",
              "in": "instancenorm"}
SMALL_BATCHES = (1, 2, 4, 8, 16, 32)
SMALL_EXAMPLES = 3200      # training examples seen at every batch size (steps = examples / B)
LR_PER_EXAMPLE = 0.005     # lr = 0.005 · B: every example moves the weights by the same amount
WEIGHT_NORM_LRS = (0.02, 0.1, 0.5)
RESULTS_PATH = results_path("ch08_practice.json")
FULL_COMMAND = "python -m bnbook.chapters.ch08 --full"  # add --jobs 2 to run the seeds at once
FULL_SEEDS = (0, 1)


def color(norm: str) -> str:
    """The book's colour for a network with normalization ``norm`` ("none", "bn", "ln", ...)."""
    return network_color(COLOR_KIND[norm])


@functools.lru_cache(maxsize=1)
def mnist():
    """Real MNIST as images: x_train (60000, 1, 28, 28), y_train, x_test (10000, 1, 28, 28),
    y_test (float32 in [0, 1], loaded once)."""
    m = data.load_mnist()
    return (m.x_train.reshape(-1, 1, 28, 28), m.y_train, m.x_test.reshape(-1, 1, 28, 28),
            m.y_test)


# ----------------------------------------------------------------------------------------------
# training


def _conv_stats(net: ConvNet, grads: dict) -> dict:
    """‖W‖², ‖g‖² and cos(W, g) of the two conv layers' weights."""
    out = {}
    for name in ("W1", "W2"):
        w = net.params[name].astype(np.float64).ravel()
        g = grads[name].astype(np.float64).ravel()
        nw, ng = float(w @ w), float(g @ g)
        out[name] = (nw, ng, float(w @ g) / max(np.sqrt(nw * ng), 1e-300))
    return out


def train(norm: str, steps: int, batch_size: int = BATCH_SIZE, lr: float = LR, seed: int = 0,
          eval_at: Sequence[int] = (), n_eval: int = 1000, track_weights: bool = False,
          net: ConvNet | None = None, images=None, weight_scale: float | None = None):
    """Train :class:`ConvNet` (``norm``, channels :data:`CHANNELS`) with plain SGD on MNIST.

    Mini-batches are drawn with replacement from ``np.random.default_rng(seed)``; the weights
    come from the same seed (He initialization, or N(0, weight_scale²) if given).
    ``eval_at``: steps after which the test accuracy on the first ``n_eval`` test images is
    measured (inference mode). ``track_weights``: record ‖W‖², ‖g‖²
    and cos(W, g) of both conv layers at every step (before the update). ``images``: (x, y)
    to train on instead of MNIST's training set. Returns (net, history dict).
    """
    x_train, y_train, x_test, y_test = mnist()
    if images is not None:
        x_train, y_train = images
    rng = np.random.default_rng(seed)
    if net is None:
        net = ConvNet(norm, channels=CHANNELS, groups=GROUPS, seed=seed,
                      weight_scale=weight_scale)
    opt = optim.SGD(lr)
    hist = {"norm": norm, "lr": lr, "batch_size": batch_size, "seed": seed, "loss": [],
            "eval_steps": [], "test_acc": [], "weights": {"W1": [], "W2": []}}
    eval_at = set(eval_at)
    if 0 in eval_at:
        hist["eval_steps"].append(0)
        hist["test_acc"].append(net.accuracy(x_test[:n_eval], y_test[:n_eval]))
    for step in range(1, steps + 1):
        idx = rng.integers(0, len(x_train), batch_size)
        loss, grads = net.loss(x_train[idx], y_train[idx], mode="train")
        if track_weights:
            for name, v in _conv_stats(net, grads).items():
                hist["weights"][name].append(v)
        opt.step(net.params, grads)
        hist["loss"].append(loss)
        if step in eval_at:
            hist["eval_steps"].append(step)
            hist["test_acc"].append(net.accuracy(x_test[:n_eval], y_test[:n_eval]))
    return net, hist


def conv_experiment(steps: int = 150, lr: float = LR, seed: int = 0, n_eval: int = 1000,
                    every: int = 50, weight_scale: float | None = SMALL_INIT) -> dict:
    """The network without normalization and with spatial BN, same seed, same mini-batches, same
    initial weights (N(0, weight_scale²); None: He initialization).
    Returns {"none": history, "bn": history, "nets": {...}}; the BN run tracks its weights."""
    out = {"nets": {}, "n_eval": n_eval, "weight_scale": weight_scale}
    for norm in ("none", "bn"):
        net, hist = train(norm, steps, lr=lr, seed=seed, n_eval=n_eval,
                          eval_at=range(0, steps + 1, every), track_weights=(norm == "bn"),
                          weight_scale=weight_scale)
        out[norm], out["nets"][norm] = hist, net
    return out


def plot_conv_curves(fig, result: dict, window: int = 20):
    """Left: the mini-batch loss (moving average); right: the test accuracy at checkpoints."""
    from ..plotting import moving_average

    ax1, ax2 = fig.subplots(1, 2)
    for norm in ("none", "bn"):
        h = result[norm]
        loss = moving_average(h["loss"], window)
        ax1.plot(np.arange(len(loss)) + window, loss, color=color(norm), label=t(f"ch08.{norm}"))
        ax2.plot(h["eval_steps"], h["test_acc"], "o-", color=color(norm), label=t(f"ch08.{norm}"))
    ax1.set(xlabel=t("ch08.step"), ylabel=t("ch08.loss"), title=t("ch08.loss_title"))
    ax2.set(xlabel=t("ch08.step"), ylabel=t("ch08.test_acc"),
            title=t("ch08.acc_title", n=result.get("n_eval", 1000)))
    ax1.legend()
    return ax1, ax2


# ----------------------------------------------------------------------------------------------
# small batches


def small_batch_run(norm: str, batch_size: int, examples: int = SMALL_EXAMPLES, seed: int = 0,
                    lr_per_example: float = LR_PER_EXAMPLE, n_eval: int = 2000) -> dict:
    """Train with mini-batches of ``batch_size`` until ``examples`` training examples have been
    seen (lr = lr_per_example · batch_size), then measure the test accuracy on ``n_eval`` test
    images in inference mode and, for BN, also in training mode with test batches of the same
    size as in training (each batch normalized by its own statistics)."""
    steps = max(1, examples // batch_size)
    net, hist = train(norm, steps, batch_size, lr_per_example * batch_size, seed)
    _, _, x_test, y_test = mnist()
    xt, yt = x_test[:n_eval], y_test[:n_eval]
    r = {"norm": norm, "batch_size": batch_size, "steps": steps, "seed": seed,
         "lr": lr_per_example * batch_size, "acc": net.accuracy(xt, yt),
         "final_loss": float(np.mean(hist["loss"][-max(1, steps // 10):]))}
    if norm == "bn":
        r["acc_train_mode"] = net.accuracy(xt, yt, batch_size=batch_size, mode="train")
    return r


def small_batch_experiment(batch_sizes=SMALL_BATCHES, kinds=NORM_KINDS, seeds=(0,),
                           examples: int = SMALL_EXAMPLES, progress: bool = False) -> list[dict]:
    """:func:`small_batch_run` for every normalization, batch size and seed."""
    out = []
    for seed in seeds:
        for norm in kinds:
            for B in batch_sizes:
                start = time.perf_counter()
                out.append(small_batch_run(norm, B, examples, seed))
                if progress:
                    print(f"{norm} B={B} seed={seed}: {out[-1]} "
                          f"({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)
    return out


def small_batch_means(runs: list[dict]) -> dict:
    """{(norm or "bn_train_mode", batch size): (mean, min, max) over seeds} of the accuracy."""
    acc: dict = {}
    for r in runs:
        acc.setdefault((r["norm"], r["batch_size"]), []).append(r["acc"])
        if "acc_train_mode" in r:
            acc.setdefault(("bn_train_mode", r["batch_size"]), []).append(r["acc_train_mode"])
    return {k: (float(np.mean(v)), float(np.min(v)), float(np.max(v))) for k, v in acc.items()}


def format_small_batch_table(runs: list[dict]) -> str:
    """Mean test accuracy over seeds: one row per normalization, one column per batch size."""
    means = small_batch_means(runs)
    sizes = sorted({B for _, B in means})
    names = ["bn", "bn_train_mode", *[k for k in NORM_KINDS if k != "bn"]]
    width = 30
    rows = [i18n.pad(t("ch08.table_header"), width) + "".join(f"{B:>7d}" for B in sizes)]
    for name in names:
        if not any((name, B) in means for B in sizes):
            continue
        cells = "".join(f"{means[(name, B)][0]:7.3f}" if (name, B) in means else "      -"
                        for B in sizes)
        rows.append(i18n.pad(t(f"ch08.{name}"), width) + cells)
    return "\n".join(rows)


def plot_small_batches(ax, runs: list[dict]):
    """Test accuracy against the batch size (log axis), one line per normalization."""
    means = small_batch_means(runs)
    sizes = sorted({B for _, B in means})
    for name in ("bn", "bn_train_mode", "ln", "gn", "in"):
        if not any((name, B) in means for B in sizes):
            continue
        ys = [means[(name, B)][0] for B in sizes]
        lo = [means[(name, B)][1] for B in sizes]
        hi = [means[(name, B)][2] for B in sizes]
        kind = "bn" if name == "bn_train_mode" else name
        style = "--" if name == "bn_train_mode" else "-"
        ax.plot(sizes, ys, style, marker="o", color=color(kind), label=t(f"ch08.{name}"))
        ax.fill_between(sizes, lo, hi, color=color(kind), alpha=0.15, linewidth=0)
    ax.set_xscale("log", base=2)
    ax.set_xticks(sizes, [str(B) for B in sizes])
    ax.set(xlabel=t("ch08.batch_size"), ylabel=t("ch08.test_acc"))
    ax.legend(fontsize=8)
    return ax


# ----------------------------------------------------------------------------------------------
# the statistics axes


def statistic_sets(norm: str, N: int, C: int, groups: int = 2) -> np.ndarray:
    """An (N, C) array of set labels: cells with the same label share one mean and variance
    (each cell stands for the H·W values of one channel of one example)."""
    n, c = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
    if norm == "bn":
        return c                           # one statistic per channel, over N·H·W
    if norm == "ln":
        return n                           # one per example, over C·H·W
    if norm == "in":
        return n * C + c                   # one per example and channel, over H·W
    if norm == "gn":
        return n * groups + c // (C // groups)   # one per example and group of C/G channels
    raise ValueError(f"statistic_sets: norm must be 'bn', 'ln', 'in' or 'gn'; got {norm!r} "
                     f"(norm은 'bn', 'ln', 'in', 'gn' 중 하나여야 합니다)")


def values_per_statistic(norm: str, N: int, C: int, H: int, W: int, groups: int = 2) -> int:
    """How many values one mean and variance average over."""
    return {"bn": N * H * W, "ln": C * H * W, "in": H * W, "gn": C // groups * H * W}[norm]


def draw_axes(fig, norm: str = "bn", N: int = 4, C: int = 6, groups: int = 2, H: int = 14,
              W: int = 14):
    """The widget: an N × C grid (each cell = the H·W values of one channel of one example);
    the cells of one statistic are drawn in the norm's colour, the other sets in grey shades."""
    import matplotlib.colors as mcolors

    ax = fig.subplots()
    sets = statistic_sets(norm, N, C, groups)
    first = sets == sets[0, 0]
    shades = (sets * 37 % 5) / 10 + 0.45      # distinct light greys for the other sets
    rgb = np.repeat(shades[..., None], 3, axis=2)
    rgb[first] = mcolors.to_rgb(color(norm))
    ax.imshow(rgb, aspect="auto", interpolation="nearest")
    for i in range(N + 1):
        ax.axhline(i - 0.5, color="white", linewidth=2)
    for j in range(C + 1):
        ax.axvline(j - 0.5, color="white", linewidth=2)
    ax.set_xticks(range(C))
    ax.set_yticks(range(N))
    ax.grid(False)
    ax.set(xlabel=t("ch08.axes_C"), ylabel=t("ch08.axes_N"),
           title=t("ch08.axes_title", name=t(f"ch08.{norm}"),
                   k=values_per_statistic(norm, N, C, H, W, groups)))
    return ax


# the widget's option captions (its values stay "bn", "ln", "in", "gn"): see bnbook.widgets.Explorer
draw_axes.captions = {"norm": {norm: f"ch08.{norm}" for norm in ("bn", "ln", "in", "gn")}}


# ----------------------------------------------------------------------------------------------
# frameworks


def torch_available() -> bool:
    """True when PyTorch can be imported (the framework cells skip their PyTorch part if not)."""
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def to_torch_batchnorm(gamma, beta, bn_param: dict, eps: float = 1e-5):
    """A ``torch.nn.BatchNorm2d`` (float64) holding this book's trained spatial-BN layer:
    weight = γ, bias = β, running_mean/var = ours, momentum = 1 − ours (PyTorch weights the new
    value). Needs torch."""
    import torch

    C = len(gamma)
    m = torch.nn.BatchNorm2d(C, eps=eps, momentum=1 - bn_param.get("momentum", 0.9),
                             dtype=torch.float64)
    with torch.no_grad():
        m.weight.copy_(torch.as_tensor(np.asarray(gamma, dtype=np.float64)))
        m.bias.copy_(torch.as_tensor(np.asarray(beta, dtype=np.float64)))
        m.running_mean.copy_(torch.as_tensor(np.asarray(bn_param["running_mean"], np.float64)))
        m.running_var.copy_(torch.as_tensor(np.asarray(bn_param["running_var"], np.float64)))
    return m


def torch_eval_difference(gamma, beta, bn_param: dict, x) -> float:
    """max |ours(x) − PyTorch's eval(x)| for a trained spatial BN layer, all in float64."""
    import torch

    ours, _ = layers.spatial_batchnorm_forward(np.asarray(x, np.float64),
                                               np.asarray(gamma, np.float64),
                                               np.asarray(beta, np.float64),
                                               {**bn_param, "mode": "test"})
    m = to_torch_batchnorm(gamma, beta, bn_param).eval()
    with torch.no_grad():
        theirs = m(torch.as_tensor(np.asarray(x, np.float64))).numpy()
    return float(np.abs(ours - theirs).max())


def momentum_side_by_side(x, momentum: float = 0.9) -> dict:
    """One training step of our spatial BN and of PyTorch's BatchNorm2d(momentum = 1 − ours) on
    the same x (float64), from running mean 0 and variance 1. Returns both running averages,
    the unbiased and the biased batch variance (needs torch for the PyTorch part)."""
    import torch

    x = np.asarray(x, np.float64)
    C = x.shape[1]
    bp = {"mode": "train", "momentum": momentum}
    layers.spatial_batchnorm_forward(x, np.ones(C), np.zeros(C), bp)
    m = torch.nn.BatchNorm2d(C, momentum=1 - momentum, dtype=torch.float64).train()
    m(torch.as_tensor(x))
    return {"ours_mean": bp["running_mean"], "ours_var": bp["running_var"],
            "torch_mean": m.running_mean.numpy().copy(), "torch_var": m.running_var.numpy().copy(),
            "var_unbiased": x.transpose(1, 0, 2, 3).reshape(C, -1).var(axis=1, ddof=1),
            "var_biased": x.transpose(1, 0, 2, 3).reshape(C, -1).var(axis=1)}


def batch_of_one_is_instance_norm(x) -> float:
    """max |spatial BN in training mode on one image − instance norm of it| (γ = 1, β = 0)."""
    x = np.asarray(x, np.float64)[:1]
    C = x.shape[1]
    bn, _ = layers.spatial_batchnorm_forward(x, np.ones(C), np.zeros(C), {"mode": "train"})
    inn, _ = norms.instancenorm_forward(x, np.ones(C), np.zeros(C))
    return float(np.abs(bn - inn).max())


FRAMEWORKS_PATH = results_path("ch08_frameworks.json")
FRAMEWORKS_COMMAND = "python -m bnbook.chapters.ch08 --frameworks"


def framework_claims(gamma, beta, bn_param: dict, x) -> dict:
    """The framework section's claims, computed with PyTorch (float64) for a trained spatial BN
    layer (γ, β, running averages) and its input x: (N, C, H, W). Every value is a bool, so the
    saved copy (:data:`FRAMEWORKS_PATH`) prints the same as a live run."""
    import torch

    x = np.asarray(x, np.float64)
    C = x.shape[1]
    claims = {"eval_equal": torch_eval_difference(gamma, beta, bn_param, x) < 1e-12}
    side = momentum_side_by_side(x, bn_param.get("momentum", 0.9))
    claims["running_mean_equal"] = bool(np.allclose(side["ours_mean"], side["torch_mean"],
                                                    rtol=1e-12, atol=1e-14))
    claims["running_var_equal"] = bool(np.allclose(side["ours_var"], side["torch_var"],
                                                   rtol=1e-12, atol=1e-14))
    m = bn_param.get("momentum", 0.9)
    claims["stores_unbiased"] = bool(np.allclose(side["torch_var"],
                                                 m + (1 - m) * side["var_unbiased"], rtol=1e-12))
    # forgetting eval(): the module stays in training mode
    mod = to_torch_batchnorm(gamma, beta, bn_param)          # a new module is in training mode
    before = mod.running_mean.clone()
    with torch.no_grad():
        y_train = mod(torch.as_tensor(x[:8])).numpy()
    mod.eval()
    with torch.no_grad():
        y_eval = to_torch_batchnorm(gamma, beta, bn_param).eval()(torch.as_tensor(x[:8])).numpy()
    claims["train_mode_differs"] = bool(np.abs(y_train - y_eval).max() > 1e-3)
    claims["train_mode_moves_running_mean"] = not bool(torch.equal(before, mod.running_mean))
    # batch size 1
    try:
        torch.nn.BatchNorm1d(C, dtype=torch.float64).train()(torch.zeros(1, C, dtype=torch.float64))
        claims["bn1d_batch1_raises"] = False
    except ValueError:
        claims["bn1d_batch1_raises"] = True
    one = torch.as_tensor(x[:1])
    bn2d = torch.nn.BatchNorm2d(C, dtype=torch.float64).train()(one).detach().numpy()
    inn, _ = norms.instancenorm_forward(x[:1], np.ones(C), np.zeros(C))
    claims["bn2d_batch1_is_instance_norm"] = bool(np.abs(bn2d - inn).max() < 1e-12)
    return claims


KERAS_VERSION = "3.15.1"


def keras_available() -> bool:
    """True when Keras 3 can be imported on the PyTorch backend (``KERAS_BACKEND`` defaults to
    "torch" here: the book installs no TensorFlow or JAX)."""
    import os

    if not torch_available():
        return False
    os.environ.setdefault("KERAS_BACKEND", "torch")
    try:
        import keras  # noqa: F401
    except ImportError:
        return False
    return keras.backend.backend() == "torch"


def to_keras_batchnorm(gamma, beta, bn_param: dict, eps: float = 1e-5):
    """A ``keras.layers.BatchNormalization`` (float64, channels on axis 1) holding this book's
    trained spatial-BN layer: gamma, beta, moving_mean/variance = ours, momentum = ours (Keras
    weights the old value, as this book does). Needs keras (and torch as its backend)."""
    import keras

    C = len(gamma)
    layer = keras.layers.BatchNormalization(axis=1, momentum=bn_param.get("momentum", 0.9),
                                            epsilon=eps, dtype="float64")
    layer.build((None, C, 1, 1))
    layer.set_weights([np.asarray(a, np.float64) for a in
                       (gamma, beta, bn_param["running_mean"], bn_param["running_var"])])
    return layer


def keras_claims(gamma, beta, bn_param: dict, x) -> dict:
    """The framework claims for Keras. Keras's BatchNormalization computes in float32 even for
    float64 input and weights (keras 3.15.1, ``batch_normalization.py``: ``compute_dtype =
    backend.result_type(inputs.dtype, "float32")``, which is float32), so "the same" here means
    to float32 precision (relative 1e-5). Claims: the same inference-mode output as ours; one
    training-mode call on a small slice of x (2 images, the 3×3 positions at the centre: 18 values
    per channel, so biased and unbiased variance differ by 18/17) updates moving_mean like ours but
    moving_variance with the **biased** batch variance; Keras's defaults."""
    import keras

    x = np.asarray(x, np.float64)
    C = x.shape[1]
    ours, _ = layers.spatial_batchnorm_forward(x, np.asarray(gamma, np.float64),
                                               np.asarray(beta, np.float64),
                                               {**bn_param, "mode": "test"})
    theirs = keras.ops.convert_to_numpy(to_keras_batchnorm(gamma, beta, bn_param)(
        x, training=False))
    rho = bn_param.get("momentum", 0.9)
    h, w = x.shape[2] // 2, x.shape[3] // 2
    xs = x[:2, :, h - 1:h + 2, w - 1:w + 2]
    fresh = {"mode": "train", "momentum": rho, "running_mean": np.zeros(C),
             "running_var": np.ones(C)}
    layers.spatial_batchnorm_forward(xs, np.ones(C), np.zeros(C), fresh)
    k = to_keras_batchnorm(np.ones(C), np.zeros(C), {"momentum": rho, "running_mean": np.zeros(C),
                                                     "running_var": np.ones(C)})
    k(xs, training=True)
    k_mean = keras.ops.convert_to_numpy(k.moving_mean)
    k_var = keras.ops.convert_to_numpy(k.moving_variance)
    biased = xs.transpose(1, 0, 2, 3).reshape(C, -1).var(axis=1)
    default = keras.layers.BatchNormalization()
    close = functools.partial(np.allclose, rtol=1e-5, atol=1e-6)   # float32 precision
    return {
        "keras_eval_equal": bool(close(theirs, ours)),
        "keras_moving_mean_equal": bool(close(k_mean, fresh["running_mean"])),
        "keras_stores_biased": bool(close(k_var, rho + (1 - rho) * biased)),
        "keras_differs_from_ours": bool(not close(k_var, fresh["running_var"])),
        "keras_defaults": bool(default.momentum == 0.99 and default.epsilon == 1e-3),
    }


def load_framework_claims(path: str | Path | None = None) -> dict:
    """The claims saved by ``python -m bnbook.chapters.ch08 --frameworks``."""
    with open(path or FRAMEWORKS_PATH, encoding="utf-8") as f:
        return json.load(f)["claims"]


def load_keras_claims(path: str | Path | None = None) -> dict:
    """The Keras claims saved by ``python -m bnbook.chapters.ch08 --frameworks`` (run where
    keras and torch are installed)."""
    with open(path or FRAMEWORKS_PATH, encoding="utf-8") as f:
        return json.load(f)["keras_claims"]


def frameworks_layer(net: ConvNet, x_images):
    """The first BN layer of a trained ConvNet and its input (conv1's output) on x_images, in
    float64: (gamma, beta, bn_param, x)."""
    from ..conv import conv_forward

    x, _ = conv_forward(np.asarray(x_images, np.float64), net.params["W1"].astype(np.float64),
                        None, net.conv_param)
    bp = {k: (np.asarray(v, np.float64) if isinstance(v, np.ndarray) else v)
          for k, v in net.bn_params[0].items()}
    return (net.params["gamma1"].astype(np.float64), net.params["beta1"].astype(np.float64),
            bp, x)


def shifted(x):
    """The fine-tuning domain of the chapter: inverted digits 1 − x (white background)."""
    return 1.0 - x


def finetune_experiment(pre_steps: int = 300, ft_steps: int = 100, lr: float = LR,
                        seed: int = 0, n_eval: int = 2000) -> dict:
    """Pretrain the BN network on MNIST, then fine-tune on inverted digits (1 − x) in two ways:
    with BN in training mode (batch statistics, running averages updated) and with BN frozen in
    inference mode (the pretraining statistics). Test accuracy on inverted test digits."""
    x_train, y_train, x_test, y_test = mnist()
    xt, yt = shifted(x_test[:n_eval]), y_test[:n_eval]
    net, _ = train("bn", pre_steps, lr=lr, seed=seed)
    out = {"pre_steps": pre_steps, "ft_steps": ft_steps, "lr": lr, "seed": seed,
           "acc_source": net.accuracy(x_test[:n_eval], y_test[:n_eval]),
           "acc_target_before": net.accuracy(xt, yt)}
    target = (shifted(x_train), y_train)
    for how, mode in (("train_mode", "train"), ("frozen", "test")):
        ft = _copy(net)
        rng = np.random.default_rng(seed + 100)
        opt = optim.SGD(lr)
        for _ in range(ft_steps):
            idx = rng.integers(0, len(target[0]), BATCH_SIZE)
            _, grads = ft.loss(target[0][idx], target[1][idx], mode=mode)
            opt.step(ft.params, grads)
        out[f"acc_{how}"] = ft.accuracy(xt, yt)
    return out


def _copy(net: ConvNet) -> ConvNet:
    import copy

    return copy.deepcopy(net)


# ----------------------------------------------------------------------------------------------
# weight norm and effective learning rate


def weight_norm_summary(hist: dict, name: str = "W2") -> dict:
    """From a run with ``track_weights``: ‖W‖ at the start and end, the largest |cos(W, g)|, and
    how well ‖W_{t+1}‖² = ‖W_t‖² + η²‖g_t‖² (exact if ⟨W, g⟩ = 0) predicts the growth."""
    w = np.array(hist["weights"][name])          # rows: ‖W‖², ‖g‖², cos
    lr = hist["lr"]
    predicted = w[0, 0] + lr**2 * np.cumsum(w[:, 1])[:-1]
    actual = w[1:, 0]
    return {"norm_start": float(np.sqrt(w[0, 0])), "norm_end": float(np.sqrt(w[-1, 0])),
            "max_abs_cos": float(np.abs(w[:, 2]).max()),
            "growth_ratio": float((actual[-1] - w[0, 0]) / (predicted[-1] - w[0, 0])),
            "eff_lr_start": float(lr / w[0, 0]), "eff_lr_end": float(lr / w[-1, 0])}


def weight_norm_runs(lrs=WEIGHT_NORM_LRS, steps: int = 300, seed: int = 0) -> list[dict]:
    """The BN network trained with several learning rates, tracking ‖W‖ at every step."""
    out = []
    for lr in lrs:
        _, hist = train("bn", steps, lr=lr, seed=seed, track_weights=True)
        out.append({"lr": lr, "steps": steps, "seed": seed,
                    "norm_W2": [float(np.sqrt(v[0])) for v in hist["weights"]["W2"]],
                    "cos_W2": [v[2] for v in hist["weights"]["W2"]],
                    "summary": weight_norm_summary(hist)})
    return out


def plot_weight_norms(fig, runs: list[dict]):
    """Left: ‖W2‖ against the step, one line per learning rate; right: η/‖W2‖² (log axis)."""
    ax1, ax2 = fig.subplots(1, 2)
    shades = np.linspace(0.35, 1.0, len(runs))
    import matplotlib.colors as mcolors

    base = np.array(mcolors.to_rgb(color("bn")))
    for r, s in zip(runs, shades, strict=True):
        c = 1 - s * (1 - base)
        n = np.array(r["norm_W2"])
        ax1.plot(n, color=c, label=t("ch08.lr_label", lr=r["lr"]))
        ax2.plot(r["lr"] / n**2, color=c, label=t("ch08.lr_label", lr=r["lr"]))
    ax2.set_yscale("log")
    # plain decimals: the log axis' default 10^-3 labels need a U+2212 glyph the fonts lack
    ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax2.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    ax1.set(xlabel=t("ch08.step"), ylabel=t("ch08.wnorm"), title=t("ch08.wnorm_title"))
    ax2.set(xlabel=t("ch08.step"), ylabel=t("ch08.eff_lr"), title=t("ch08.eff_title"))
    ax1.legend()
    return ax1, ax2


# ----------------------------------------------------------------------------------------------
# printed tables (every string from the ko/en table)


def gradient_checks(seed: int = 0) -> str:
    """Float64 gradient checks of conv, max pooling, layer/instance/group norm (facts)."""
    from ..checks import eval_numerical_gradient_array as num
    from ..checks import rel_error
    from ..conv import conv_backward, conv_forward, max_pool_backward, max_pool_forward

    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(2, 3, 6, 6)), rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    cp = {"stride": 1, "pad": 1}
    out, cache = conv_forward(x, w, b, cp)
    dout = rng.normal(size=out.shape)
    dx, dw, db = conv_backward(dout, cache)
    errs = [rel_error(dx, num(lambda a: conv_forward(a, w, b, cp)[0], x, dout)),
            rel_error(dw, num(lambda a: conv_forward(x, a, b, cp)[0], w, dout)),
            rel_error(db, num(lambda a: conv_forward(x, w, a, cp)[0], b, dout))]
    lines = [t("ch08.gc_conv", shape=f"{x.shape} * {w.shape} -> {out.shape}",
               ok=max(errs) < 1e-7)]
    out, cache = max_pool_forward(x)
    dout = rng.normal(size=out.shape)
    err = rel_error(max_pool_backward(dout, cache),
                    num(lambda a: max_pool_forward(a)[0], x, dout))
    lines.append(t("ch08.gc_pool", ok=err < 1e-7))
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    for name, G in (("LN (G = 1)", 1), ("IN (G = C = 3)", 3)):
        out, cache = norms.groupnorm_forward(x, gamma, beta, G)
        dout = rng.normal(size=out.shape)
        grads = norms.groupnorm_backward(dout, cache)
        f = [lambda a: norms.groupnorm_forward(a, gamma, beta, G)[0],  # noqa: B023
             lambda a: norms.groupnorm_forward(x, a, beta, G)[0],      # noqa: B023
             lambda a: norms.groupnorm_forward(x, gamma, a, G)[0]]     # noqa: B023
        errs = [rel_error(g, num(fn, v, dout)) for g, fn, v in
                zip(grads, f, (x, gamma, beta), strict=True)]
        lines.append(t("ch08.gc_norm", name=name, ok=max(errs) < 1e-7))
    return "\n".join(lines)


def format_conv_run(result: dict) -> str:
    """Test accuracy at the checkpoints of :func:`conv_experiment`, both networks."""
    rows = [t("ch08.run_header")]
    for s, a, b in zip(result["none"]["eval_steps"], result["none"]["test_acc"],
                       result["bn"]["test_acc"], strict=True):
        rows.append(f"{s:4d}   {a:.3f}         {b:.3f}")
    return "\n".join(rows)


def format_conv_saved(results: dict) -> str:
    """The saved conv runs: accuracy at a third of the run and at its end, per init and seed."""
    runs = results["conv"]
    steps = runs[0]["none"]["eval_steps"]
    k1 = len(steps) // 3
    rows = [t("ch08.saved_header", s1=steps[k1], s2=steps[-1])]
    for r in runs:
        init = t("ch08.init_small") if r["weight_scale"] else t("ch08.init_he")
        rows.append(f"{i18n.pad(init, 20)} {r['seed']:4d}   "
                    f"{r['none']['test_acc'][k1]:.3f} / {r['bn']['test_acc'][k1]:.3f}"
                    f"          {r['none']['test_acc'][-1]:.3f} / {r['bn']['test_acc'][-1]:.3f}")
    return "\n".join(rows)


def format_weight_summary(summary: dict) -> str:
    return t("ch08.wsum", a=summary["norm_start"], b=summary["norm_end"],
             cos_ok=summary["max_abs_cos"] < 1e-3, r=summary["growth_ratio"])


def format_weight_saved(results: dict) -> str:
    return "\n".join(t("ch08.wsaved", lr=r["lr"], a=r["summary"]["norm_start"],
                        b=r["summary"]["norm_end"], e0=r["summary"]["eff_lr_start"],
                        e1=r["summary"]["eff_lr_end"]) for r in results["weight_norm"])


def format_framework_claims(claims: dict) -> str:
    return "\n".join(f"{t('ch08.fw_' + k)}: {v}" for k, v in claims.items())


def format_finetune(results: dict) -> str:
    rows = [t("ch08.ft_header")]
    for r in results["finetune"]:
        rows.append(f"{r['seed']:3d}   {r['acc_source']:.3f}     {r['acc_target_before']:.3f}"
                    f"              {r['acc_train_mode']:.3f}                  "
                    f"{r['acc_frozen']:.3f}")
    return "\n".join(rows)


# ----------------------------------------------------------------------------------------------
# small batches in a fully connected network: where BN breaks

FC_SIZES = (784, 100, 100, 10)
FC_KINDS = ("none", "bn", "ln", "gn")
FC_GROUPS = 4              # GN in the fully connected net: 4 groups of 25 features
FC_BATCHES = (1, 2, 4, 8, 16, 32)
FC_EXAMPLES = 6400         # training examples seen at every batch size: steps = 6400 / m
FC_LRS = (0.0025, 0.005, 0.01)   # learning rate per example: lr = c · m (equal examples)
FC_LIVE_LR = 0.005
FC_N_EVAL = 2000
FC_PATH = results_path("ch08_small_batch.json")
FC_COMMAND = "python -m bnbook.chapters.ch08 --small-batch"


class FCNet(MLP):
    """Chapter 8's fully connected ReLU network 784 → 100 → 100 → 10 with a normalization after
    each hidden affine layer (``norm`` in "none", "bn", "ln", "gn"), float32, He initialization:
    :class:`bnbook.model.MLP` with ``norm=`` (its normalization path) and these defaults.

    BN's training-mode statistics are computed by the book's formula for any batch size,
    including m = 1 (where ``layers.batchnorm_forward`` refuses): there x − μ = 0, so every BN
    output is β and the gradient below BN is exactly 0. The running averages follow
    ``bnbook.layers`` (momentum 0.9, unbiased variance m/(m−1)·σ², so none exist for m = 1:
    ``has_running`` is then False). GN splits each layer's features into ``groups`` groups.
    """

    def __init__(self, norm: str, seed: int = 0, sizes=FC_SIZES, groups: int = FC_GROUPS,
                 momentum: float = 0.9, eps: float = 1e-5, dtype=np.float32):
        if norm not in FC_KINDS:
            raise ValueError(f"norm must be one of {FC_KINDS}; got {norm!r} "
                             f"(norm은 {FC_KINDS} 중 하나여야 합니다)")
        he = [np.sqrt(2.0 / fan_in) for fan_in in sizes[:-1]]
        super().__init__(sizes, "relu", norm=norm, groups=groups, weight_std=he, rng=seed,
                         dtype=dtype, bn_eps=eps, bn_momentum=momentum)

    def forward(self, x, mode: str = "test", keep_preacts: bool = False):
        """Scores (N, 10) of images or flattened rows ``x``; mode "train" normalizes by the
        batch's own statistics (the running averages are updated only by :meth:`loss`)."""
        return super().forward(np.asarray(x).reshape(len(x), -1), mode, keep_preacts)

    def accuracy(self, x, y, mode: str = "test", batch_size: int = 2000) -> float:
        """Test accuracy; mode "train" normalizes each batch of ``batch_size`` images by its own
        statistics (without touching the running averages)."""
        return super().accuracy(np.asarray(x).reshape(len(x), -1), y, batch_size, mode)


def fc_data(n_eval: int = FC_N_EVAL):
    """MNIST flattened: x_train (60000, 784), y_train, and the first ``n_eval`` test images."""
    x_train, y_train, x_test, y_test = mnist()
    return (x_train.reshape(len(x_train), -1), y_train, x_test[:n_eval].reshape(n_eval, -1),
            y_test[:n_eval])


def fc_run(norm: str, batch_size: int, lr_per_example: float = FC_LIVE_LR, seed: int = 0,
           examples: int = FC_EXAMPLES, n_eval: int = FC_N_EVAL) -> dict:
    """Train :class:`FCNet` with SGD at batch size m = ``batch_size`` until ``examples`` training
    examples have been seen (steps = examples / m, lr = lr_per_example · m), then measure the
    test accuracy on ``n_eval`` test images. BN is measured three ways: with the running averages
    ("acc", None at m = 1 where none exist), in training mode with test batches of m images
    ("acc_train_mode"), and in training mode one test image at a time ("batch1_constant": whether
    every image then gets the same scores, as the algebra says)."""
    x_train, y_train, x_test, y_test = fc_data(n_eval)
    rng = np.random.default_rng(seed)
    net = FCNet(norm, seed=seed)
    lr = lr_per_example * batch_size
    sgd = optim.SGD(lr)
    steps = examples // batch_size
    losses = []
    for _ in range(steps):
        idx = rng.integers(0, len(x_train), batch_size)
        loss, g = net.loss(x_train[idx], y_train[idx])
        sgd.step(net.params, g)
        losses.append(loss)
    r = {"norm": norm, "batch_size": batch_size, "lr_per_example": lr_per_example, "lr": lr,
         "steps": steps, "seed": seed, "final_loss": float(np.mean(losses[-max(1, steps // 10):]))}
    if norm == "bn":
        r["acc"] = net.accuracy(x_test, y_test) if net.has_running else None
        r["acc_train_mode"] = net.accuracy(x_test, y_test, "train", batch_size)
        one = np.stack([net.forward(x_test[k:k + 1], "train")[0] for k in range(20)])
        r["batch1_constant"] = bool(np.all(one == one[0]))
    else:
        r["acc"] = net.accuracy(x_test, y_test)
    return r


def fc_experiment(batch_sizes=FC_BATCHES, kinds=FC_KINDS, lrs=(FC_LIVE_LR,), seeds=(0,),
                  examples: int = FC_EXAMPLES, progress: bool = False) -> list[dict]:
    """:func:`fc_run` for every normalization, batch size, learning rate and seed."""
    out = []
    for seed in seeds:
        for c in lrs:
            for norm in kinds:
                for m in batch_sizes:
                    out.append(fc_run(norm, m, c, seed, examples))
                    if progress:
                        print(out[-1], file=sys.stderr, flush=True)
    return out


def bn_batch_algebra(seed: int = 0, D: int = 5) -> dict:
    """Facts of BN in training mode (float64, the book's formula): at m = 1 every output is β;
    at m = 2 the two normalized values of a feature are opposite, ±1/√(1 + ε/σ²) ≈ ±1."""
    rng = np.random.default_rng(seed)
    gamma, beta = rng.normal(1, 0.3, D), rng.normal(0, 0.5, D)

    def bn(x):
        mu = x.mean(axis=0)
        return gamma * (x - mu) / np.sqrt(((x - mu) ** 2).mean(axis=0) + 1e-5) + beta

    x2 = rng.normal(2, 3, (2, D))
    xh2 = (bn(x2) - beta) / gamma
    var2 = x2.var(axis=0)
    return {"m1_is_beta": bool(np.array_equal(bn(rng.normal(2, 3, (1, D)))[0], beta)),
            "m2_opposite": bool(np.allclose(xh2[0], -xh2[1], rtol=1e-12, atol=1e-15)),
            "m2_is_pm1": bool(np.allclose(np.abs(xh2), 1 / np.sqrt(1 + 1e-5 / var2),
                                          rtol=1e-12, atol=0))}


FC_LIVE_KINDS = ("bn", "ln")
FC_LONG = {"kinds": ("bn", "ln"), "batch_sizes": (1, 2, 4), "examples": 4 * FC_EXAMPLES,
           "lr_per_example": FC_LIVE_LR, "seed": 0}


def fc_means(runs: list[dict], lr_per_example: float | None = None) -> dict:
    """{(row, m): (mean, min, max) over the runs} of the test accuracy, rows "none", "bn",
    "bn_train_mode", "ln", "gn"; only runs at ``lr_per_example`` if given (None: all)."""
    acc: dict = {}
    for r in runs:
        if lr_per_example is not None and r["lr_per_example"] != lr_per_example:
            continue
        if r["acc"] is not None:
            acc.setdefault((r["norm"], r["batch_size"]), []).append(r["acc"])
        if "acc_train_mode" in r:
            acc.setdefault(("bn_train_mode", r["batch_size"]), []).append(r["acc_train_mode"])
    return {k: (float(np.mean(v)), float(np.min(v)), float(np.max(v))) for k, v in acc.items()}


FC_ROWS = ("bn", "bn_train_mode", "ln", "gn", "none")


def format_fc_table(runs: list[dict], lr_per_example: float | None = None) -> str:
    """Test accuracy (mean over the runs): one row per normalization, one column per batch size
    m; "-" where a value does not exist (BN's running variance at m = 1)."""
    means = fc_means(runs, lr_per_example)
    sizes = sorted({r["batch_size"] for r in runs})
    width = 40
    rows = [i18n.pad(t("ch08.fc_header"), width) + "".join(f"{m:>7d}" for m in sizes)]
    for name in FC_ROWS:
        if not any(r["norm"] == ("bn" if name == "bn_train_mode" else name) for r in runs):
            continue
        cells = "".join(f"{means[(name, m)][0]:7.3f}" if (name, m) in means else "      -"
                        for m in sizes)
        rows.append(i18n.pad(t(f"ch08.fc_{name}"), width) + cells)
    return "\n".join(rows)


def format_bn_algebra(facts: dict, runs: list[dict] | None = None) -> str:
    """The batch-size-1 and -2 facts as lines of true/false."""
    lines = [t(f"ch08.alg_{k}", ok=v) for k, v in facts.items()]
    if runs is not None:
        bn = [r for r in runs if r["norm"] == "bn"]
        lines.append(t("ch08.alg_batch1_constant", ok=all(r["batch1_constant"] for r in bn)))
    return "\n".join(lines)


def plot_fc_small_batches(fig, saved: dict):
    """One panel per learning rate per example: test accuracy against m (log axis), the mean over
    seeds with the min–max band, one line per normalization (BN also in training mode, dashed)."""
    runs = saved["runs"]
    lrs = sorted({r["lr_per_example"] for r in runs})
    sizes = sorted({r["batch_size"] for r in runs})
    axes = fig.subplots(1, len(lrs), sharey=True)
    for ax, c in zip(np.atleast_1d(axes), lrs, strict=True):
        means = fc_means(runs, c)
        for name in FC_ROWS:
            pts = [m for m in sizes if (name, m) in means]
            if not pts:
                continue
            kind = "bn" if name == "bn_train_mode" else name
            col = network_color("plain") if kind == "none" else color(kind)
            ax.plot(pts, [means[(name, m)][0] for m in pts],
                    "--" if name == "bn_train_mode" else "-", marker="o", ms=3, color=col,
                    label=t(f"ch08.fc_{name}"))
            ax.fill_between(pts, [means[(name, m)][1] for m in pts],
                            [means[(name, m)][2] for m in pts], color=col, alpha=0.15,
                            linewidth=0)
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes, [str(m) for m in sizes])
        ax.set(xlabel=t("ch08.batch_size_m"), title=t("ch08.fc_panel", c=c), ylim=(0, 1))
    np.atleast_1d(axes)[0].set_ylabel(t("ch08.test_acc"))
    np.atleast_1d(axes)[-1].legend(fontsize=7, loc="lower right")
    return fig


def fc_full_results(seeds=(0, 1, 2), lrs=FC_LRS, progress: bool = False) -> dict:
    """The saved run: every normalization at every batch size, learning rate and seed, plus BN and
    LN at m = 1, 2, 4 trained on 4× as many examples (does more training fix BN?)."""
    from threadpoolctl import threadpool_limits

    start = time.perf_counter()
    with threadpool_limits(limits=1):
        runs = fc_experiment(lrs=lrs, seeds=seeds, progress=progress)
        long = [fc_run(k, m, FC_LONG["lr_per_example"], FC_LONG["seed"], FC_LONG["examples"])
                for k in FC_LONG["kinds"] for m in FC_LONG["batch_sizes"]]
    return {"command": FC_COMMAND,
            "settings": {"sizes": FC_SIZES, "kinds": FC_KINDS, "groups": FC_GROUPS,
                         "batch_sizes": FC_BATCHES, "examples": FC_EXAMPLES,
                         "lr_per_example": list(lrs), "seeds": list(seeds), "optimizer": "SGD",
                         "init": "He", "bn_momentum": 0.9, "eval": f"first {FC_N_EVAL} test images",
                         "long": FC_LONG},
            "runs": runs, "long": long, "seconds": round(time.perf_counter() - start, 1)}


def format_fc_long(saved: dict) -> str:
    """The runs with 4× as many training examples: one line per normalization, accuracy per m
    (BN with its running averages; "-" at m = 1)."""
    long = saved["long"]
    sizes = sorted({r["batch_size"] for r in long})
    width = 40
    head = t("ch08.fc_long", n=f"{saved['settings']['long']['examples']:,}")
    rows = [head, i18n.pad(t("ch08.fc_header"), width) + "".join(f"{m:>7d}" for m in sizes)]
    for name in ("bn", "ln"):
        acc = {r["batch_size"]: r["acc"] for r in long if r["norm"] == name}
        rows.append(i18n.pad(t(f"ch08.fc_{name}"), width) + "".join(
            "      -" if acc.get(m) is None else f"{acc[m]:7.3f}" for m in sizes))
    return "\n".join(rows)


def load_fc_results(path: str | Path | None = None) -> dict:
    """The saved small-batch run of the fully connected network
    (``results/ch08_small_batch.json``)."""
    with open(path or FC_PATH, encoding="utf-8") as f:
        return json.load(f)


# ----------------------------------------------------------------------------------------------
# saved results


def _seed_results(seed: int, quick: bool = False, progress: bool = False) -> dict:
    """One seed's part of :func:`full_results` (the weight-norm runs belong to seed 0)."""
    from threadpoolctl import threadpool_limits

    res: dict = {"conv": [], "small_batch": [], "finetune": [], "weight_norm": []}
    with threadpool_limits(limits=1):
        steps = 100 if quick else 600
        for scale in (SMALL_INIT, None):
            r = conv_experiment(steps=steps, seed=seed, n_eval=2000, every=steps // 6,
                                weight_scale=scale)
            res["conv"].append({"seed": seed, "weight_scale": scale, **{
                norm: {k: r[norm][k] for k in ("eval_steps", "test_acc")}
                for norm in ("none", "bn")}})
            if progress:
                print("conv", res["conv"][-1], file=sys.stderr, flush=True)
        sizes = SMALL_BATCHES[1:4] if quick else SMALL_BATCHES
        res["small_batch"] = small_batch_experiment(sizes, seeds=(seed,), progress=progress,
                                                    examples=800 if quick else SMALL_EXAMPLES)
        res["finetune"].append(finetune_experiment(seed=seed, pre_steps=50 if quick else 300,
                                                   ft_steps=20 if quick else 100))
        if progress:
            print("finetune", res["finetune"], file=sys.stderr, flush=True)
        if seed == 0:
            res["weight_norm"] = weight_norm_runs(steps=50 if quick else 300)
    return res


def full_results(seeds=FULL_SEEDS, progress: bool = False, quick: bool = False,
                 jobs: int = 1) -> dict:
    """Everything the chapter loads: the conv comparison (small and He initialization), the
    small-batch experiment, the weight-norm runs and the fine-tuning mistake; ``jobs`` seeds run
    in parallel processes (each single-threaded)."""
    res: dict = {"settings": {"channels": CHANNELS, "groups": GROUPS, "lr": LR,
                              "batch_size": BATCH_SIZE, "small_init": SMALL_INIT,
                              "small_batches": SMALL_BATCHES, "small_examples": SMALL_EXAMPLES,
                              "lr_per_example": LR_PER_EXAMPLE, "seeds": list(seeds),
                              "weight_norm_lrs": WEIGHT_NORM_LRS, "optimizer": "SGD",
                              "eval": "first 2000 test images", "quick": quick}}
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs) as ex:
            parts = list(ex.map(_seed_results, seeds, [quick] * len(seeds),
                                [progress] * len(seeds)))
    else:
        parts = [_seed_results(s, quick, progress) for s in seeds]
    for key in ("conv", "small_batch", "finetune", "weight_norm"):
        res[key] = [r for p in parts for r in p[key]]
    return res


def load_results(path: str | Path | None = None) -> dict:
    """The saved full run (``results/ch08_practice.json``)."""
    with open(path or RESULTS_PATH, encoding="utf-8") as f:
        return json.load(f)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``python -m bnbook.chapters.ch08 [--full] [--out PATH]``."""
    parser = argparse.ArgumentParser(description="Chapter 8: BN in practice")
    parser.add_argument("--full", action="store_true",
                        help=f"seeds {FULL_SEEDS}, batch sizes {SMALL_BATCHES} (default: a quick "
                             "run with seed 0 only)")
    parser.add_argument("--jobs", type=int, default=1, help="seeds run in parallel processes")
    parser.add_argument("--frameworks", action="store_true",
                        help=f"only the PyTorch claims of the framework section, saved to "
                             f"{FRAMEWORKS_PATH} (needs torch)")
    parser.add_argument("--small-batch", action="store_true",
                        help=f"only the fully connected small-batch run, saved to {FC_PATH}")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"where to save the JSON (default with --full: {RESULTS_PATH})")
    args = parser.parse_args(argv)
    if args.frameworks:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            net, _ = train("bn", 150, seed=0, weight_scale=SMALL_INIT)
        layer = frameworks_layer(net, mnist()[2][:50])
        claims = framework_claims(*layer)
        import torch

        saved = {"command": FRAMEWORKS_COMMAND, "torch": torch.__version__,
                 "layer": "ConvNet('bn') after 150 SGD steps (lr 0.1, seed 0, "
                          "weights N(0, 0.01^2)); x = conv1 output of 50 test images",
                 "claims": claims}
        if keras_available():
            import keras

            saved["keras"] = f"{keras.__version__} (backend {keras.backend.backend()})"
            saved["keras_claims"] = keras_claims(*layer)
            print(saved["keras_claims"])
        with open(FRAMEWORKS_PATH, "w", encoding="utf-8") as f:
            json.dump(saved, f, indent=1)
            f.write("\n")
        print(claims)
        return
    if args.small_batch:
        res = fc_full_results(progress=True)
        out = args.out or FC_PATH
        with open(out, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)
            f.write("\n")
        for c in res["settings"]["lr_per_example"]:
            print(c, format_fc_table(res["runs"], c), sep="\n")
        print(f"saved {out} ({res['seconds']} s)", file=sys.stderr)
        return
    start = time.perf_counter()
    results = full_results(FULL_SEEDS if args.full else (0,), progress=True,
                           quick=not args.full, jobs=args.jobs)
    results["command"] = (FULL_COMMAND if args.full else "python -m bnbook.chapters.ch08") + (
        f" --jobs {args.jobs}" if args.jobs > 1 else "")
    results["seconds"] = round(time.perf_counter() - start, 1)
    print(format_small_batch_table(results["small_batch"]))
    out = args.out or (RESULTS_PATH if args.full else None)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
            f.write("\n")
        print(f"saved {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
