"""Chapter 2 — the BN algorithm: figures, the γ/β widget, a backward-pass timer and the MNIST
learning-rate sweep.

The notebook writes the BN forward and backward passes itself; this module keeps what would only
clutter it: plotting, timing and the sweep. Full sweep (saved to ``results/ch02_lr_sweep.json``)::

    python -m bnbook.chapters.ch02 --full
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .. import i18n
from ..i18n import t
from ..paths import results_path
from ..plotting import network_color

STRINGS: dict[str, dict[str, str]] = {
    # widget: one unit before BN, after BN, after the sigmoid
    "ch02.before_bn": {"ko": "BN 이전: $x$", "en": "before BN: $x$"},
    "ch02.after_bn": {"ko": "BN 이후: $y=\\gamma\\hat{x}+\\beta$",
                      "en": "after BN: $y=\\gamma\\hat{x}+\\beta$"},
    "ch02.after_sigmoid": {"ko": "시그모이드 이후: $\\sigma(y)$",
                           "en": "after sigmoid: $\\sigma(y)$"},
    "ch02.sigmoid_curve": {"ko": "시그모이드 곡선", "en": "sigmoid curve"},
    "ch02.linear_region": {"ko": "완만하게 휘는 구간 [-2, 2]",
                           "en": "gently curved region [-2, 2]"},
    "ch02.value": {"ko": "값", "en": "value"},
    "ch02.count": {"ko": "개수", "en": "count"},
    "ch02.stats": {"ko": "평균 {mean:.2f}, 표준편차 {std:.2f}",
                   "en": "mean {mean:.2f}, std {std:.2f}"},
    "ch02.saturated": {"ko": "포화(σ<0.05 또는 >0.95): {frac:.0%}",
                       "en": "saturated (σ<0.05 or >0.95): {frac:.0%}"},
    # placement figure
    "ch02.relu_out": {"ko": "ReLU 출력 $u$ (한 유닛)", "en": "ReLU output $u$ (one unit)"},
    "ch02.preact": {"ko": "다음 층의 $Wu$ (한 유닛)", "en": "next layer's $Wu$ (one unit)"},
    "ch02.skew": {"ko": "왜도 {skew:.2f}, 0인 비율 {zeros:.0%}",
                  "en": "skewness {skew:.2f}, zeros {zeros:.0%}"},
    # ImageNet figure
    "ch02.steps_to": {"ko": "72.2% 도달까지 스텝 수 (백만)",
                      "en": "steps to reach 72.2% (millions)"},
    "ch02.never": {"ko": "도달 못 함 (최고 {acc}%)", "en": "never reached (max {acc}%)"},
    "ch02.max_acc": {"ko": "최고 {acc}%", "en": "max {acc}%"},
    "ch02.imagenet_title": {"ko": "Ioffe & Szegedy (2015), 그림 3의 수치",
                            "en": "Numbers from Ioffe & Szegedy (2015), Fig. 3"},
    # learning-rate sweep
    "ch02.lr": {"ko": "학습률", "en": "learning rate"},
    "ch02.test_acc": {"ko": "테스트 정확도", "en": "test accuracy"},
    "ch02.steps": {"ko": "스텝 수", "en": "steps"},
    "ch02.with_bn": {"ko": "BN 있음", "en": "with BN"},
    "ch02.without_bn": {"ko": "BN 없음", "en": "without BN"},
    "ch02.sweep_title": {"ko": "MNIST, 시그모이드 MLP, {steps}스텝 후",
                         "en": "MNIST, sigmoid MLP, after {steps} steps"},
    "ch02.curves_title": {"ko": "학습률 {lr}", "en": "learning rate {lr}"},
    "ch02.sweep_row": {"ko": "학습률 {lr:>6}: BN 없음 {plain:.3f}, BN 있음 {bn:.3f}",
                       "en": "lr {lr:>6}: without BN {plain:.3f}, with BN {bn:.3f}"},
    "ch02.speedup": {"ko": "단순화한 역전파가 {ratio:.1f}배 빠릅니다: 단계별 {staged_ms:.2f} ms, "
                           "한 식 {simple_ms:.2f} ms (wall)",
                     "en": "the one-expression backward is {ratio:.1f}× faster: "
                           "staged {staged_ms:.2f} ms, one expression {simple_ms:.2f} ms (wall)"},
    "ch02.fewer_steps": {"ko": "{name:13s} 학습률 {lr:<7} 스텝 수가 Inception의 1/{ratio:.1f}",
                         "en": "{name:13s} lr {lr:<7} {ratio:4.1f}x fewer steps than Inception"},
    "ch02.gradcheck": {"ko": "{name:7s} 상대 오차 < 1e-7: {ok}   (약 1e{exp})",
                       "en": "{name:7s} relative error < 1e-7: {ok}   (about 1e{exp})"},
}
i18n.register(STRINGS)


# ----------------------------------------------------------------------------------------------
# The γ/β widget: one unit's distribution before BN, after BN and after the sigmoid
# ----------------------------------------------------------------------------------------------

UNIT_MEAN = 3.0
UNIT_STD = 2.0
WIDGET_GRID = {"gamma": [0.5, 1.0, 2.0, 4.0], "beta": [-3.0, -1.5, 0.0, 1.5, 3.0]}


def unit_sample(m: int = 2000, seed: int = 0) -> np.ndarray:
    """A mini-batch of one unit's pre-activations, ``(m,)``: skewed, with batch mean exactly
    ``UNIT_MEAN`` and (biased) batch standard deviation exactly ``UNIT_STD``."""
    rng = np.random.default_rng(seed)
    z = rng.gamma(shape=4.0, size=m)  # right-skewed, like many real pre-activations
    z = (z - z.mean()) / z.std()
    return UNIT_MEAN + UNIT_STD * z


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, elementwise; any shape."""
    return 1.0 / (1.0 + np.exp(-x))


def normalize(x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """x̂ of Algorithm 1 for one unit's mini-batch ``x: (m,)`` (or per column of ``(m, D)``)."""
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    return (x - mu) / np.sqrt(var + eps)


def _hist(ax, values: np.ndarray, bins: np.ndarray, color: str) -> None:
    """A filled histogram drawn as one patch (much cheaper to render than ``ax.hist``)."""
    counts, edges = np.histogram(values, bins=bins)
    ax.stairs(counts, edges, fill=True, color=color)


def draw_bn_sigmoid(fig, gamma: float, beta: float, x: np.ndarray | None = None) -> None:
    """Widget frame: histograms of ``x`` (before BN), ``y = γx̂ + β`` (after BN, with the sigmoid
    curve on top) and ``σ(y)``.

    ``fig`` is a fresh matplotlib Figure; ``x: (m,)`` defaults to :func:`unit_sample`."""
    if x is None:
        x = _UNIT
    y = gamma * normalize(x) + beta
    s = sigmoid(y)
    axes = fig.subplots(1, 3)
    bins = np.linspace(-10, 12, 56)
    _hist(axes[0], x, bins, "tab:gray")
    axes[0].set_title(t("ch02.before_bn"), fontsize=10)
    axes[0].set_xlabel(t("ch02.stats", mean=x.mean(), std=x.std()), fontsize=9)
    _hist(axes[1], y, bins, "tab:blue")
    axes[1].set_ylim(0, 1.3 * axes[1].get_ylim()[1])  # headroom: the legend stays clear of the bars
    axes[1].axvspan(-2, 2, color="tab:orange", alpha=0.15, label=t("ch02.linear_region"))
    curve = axes[1].twinx()
    grid = np.linspace(bins[0], bins[-1], 200)
    curve.plot(grid, sigmoid(grid), color="black", linewidth=1.0, label=t("ch02.sigmoid_curve"))
    curve.set_ylim(0, 1.05)
    curve.set_yticks([])
    curve.grid(False)
    axes[1].set_title(t("ch02.after_bn"), fontsize=10)
    axes[1].set_xlabel(t("ch02.stats", mean=y.mean(), std=y.std()), fontsize=9)
    axes[1].legend(loc="upper left", fontsize=8, frameon=False)
    _hist(axes[2], s, np.linspace(0, 1, 41), "tab:green")
    axes[2].set_title(t("ch02.after_sigmoid"), fontsize=10)
    saturated = float(np.mean((s < 0.05) | (s > 0.95)))
    axes[2].set_xlabel(t("ch02.saturated", frac=saturated), fontsize=9)
    axes[2].set_xlim(0, 1)
    for ax in axes:
        ax.set_yticks([])


_UNIT = unit_sample()


def bn_sigmoid_explorer():
    """The chapter's widget: γ and β sliders over :data:`WIDGET_GRID` (20 precomputed frames)."""
    from ..widgets import Explorer

    return Explorer(draw_bn_sigmoid, WIDGET_GRID, labels={"gamma": "γ", "beta": "β"},
                    initial={"gamma": 1.0, "beta": 0.0}, figsize=(9.0, 2.8))


# ----------------------------------------------------------------------------------------------
# Where BN sits: a ReLU layer's output u versus the next layer's Wu
# ----------------------------------------------------------------------------------------------

def skewness(x: np.ndarray) -> float:
    """Sample skewness E[(x−μ)³]/σ³ of ``x: (m,)``; 0 for a symmetric distribution."""
    c = x - x.mean()
    return float(np.mean(c**3) / np.mean(c**2) ** 1.5)


def relu_layer_samples(x: np.ndarray, width: int = 100, seed: int = 0,
                       unit: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Push inputs ``x: (N, D)`` through a randomly initialized (He-scaled) two-layer ReLU net.

    The inputs are centred (their mean over the N examples subtracted) before the first layer.
    Returns ``(u, z)``, both ``(N,)``: one unit of the first layer's ReLU output ``u`` and one unit
    of the second layer's pre-activation ``z = W₂ u`` — the two places BN could go."""
    rng = np.random.default_rng(seed)
    w1 = rng.normal(0.0, np.sqrt(2.0 / x.shape[1]), size=(x.shape[1], width))
    w2 = rng.normal(0.0, np.sqrt(2.0 / width), size=(width, width))
    h1 = np.maximum(0.0, (x - x.mean(axis=0)) @ w1)
    z2 = h1 @ w2
    return h1[:, unit], z2[:, unit]


def plot_placement(u: np.ndarray, z: np.ndarray):
    """Histograms of a ReLU output ``u: (N,)`` and the next pre-activation ``z: (N,)``."""
    from ..plotting import new_figure

    fig, axes = new_figure(2, figsize=(8.0, 2.8))
    for ax, v, key, color in [(axes[0], u, "ch02.relu_out", "tab:red"),
                              (axes[1], z, "ch02.preact", "tab:blue")]:
        ax.hist(v, bins=50, color=color)
        ax.set_title(t(key), fontsize=10)
        ax.set_xlabel(t("ch02.skew", skew=skewness(v), zeros=float(np.mean(v == 0))), fontsize=9)
        ax.set_yticks([])
    return fig


# ----------------------------------------------------------------------------------------------
# Timing two backward passes
# ----------------------------------------------------------------------------------------------

def time_call(fn: Callable[[], object], repeat: int = 7, number: int = 20) -> float:
    """Best-of-``repeat`` mean wall time of ``fn()`` in seconds (each repeat calls it ``number``
    times)."""
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return float(best)


def compare_backward_speed(staged: Callable, simple: Callable, dout: np.ndarray, cache,
                           repeat: int = 15, number: int = 10) -> dict[str, float]:
    """Time ``staged(dout, cache)`` against ``simple(dout, cache)``.

    The two are timed in alternation (``repeat`` rounds of ``number`` calls each), so that a
    burst of load from other processes hits both alike; each keeps its fastest round.
    Returns ``{"staged_ms", "simple_ms", "ratio"}`` (mean ms per call) with
    ``ratio = staged / simple``."""
    t_staged = t_simple = np.inf
    for _ in range(repeat):
        t_staged = min(t_staged, time_call(lambda: staged(dout, cache), 1, number))
        t_simple = min(t_simple, time_call(lambda: simple(dout, cache), 1, number))
    return {"staged_ms": 1e3 * t_staged, "simple_ms": 1e3 * t_simple, "ratio": t_staged / t_simple}


# ----------------------------------------------------------------------------------------------
# Results from the paper (Ioffe & Szegedy 2015, §4.2, Fig. 3; PAPERS.md A6, VERIFIED)
# ----------------------------------------------------------------------------------------------

IMAGENET_FIG3 = [
    # model, initial learning rate, steps to 72.2% (×10⁶; None: never), max accuracy (%)
    ("Inception", 0.0015, 31.0, 72.2),
    ("BN-Baseline", 0.0015, 13.3, 72.7),
    ("BN-x5", 0.0075, 2.1, 73.0),
    ("BN-x30", 0.045, 2.7, 74.8),
    ("BN-x5-Sigmoid", 0.0075, None, 69.8),
]


def print_imagenet_ratios() -> None:
    """For each BN model that reached 72.2%: how many times fewer steps than Inception."""
    inception_steps = IMAGENET_FIG3[0][2]
    for name, lr, steps, _acc in IMAGENET_FIG3[1:]:
        if steps is not None:
            print(t("ch02.fewer_steps", name=name, lr=lr, ratio=inception_steps / steps))


def print_gradient_check(name: str, analytic: np.ndarray, numeric: np.ndarray,
                         tol: float = 1e-7) -> None:
    """Print whether the relative error of two gradients (any equal shapes) is below ``tol``,
    and its order of magnitude."""
    from ..checks import rel_error

    err = rel_error(analytic, numeric)
    exp = int(np.floor(np.log10(err))) if err > 0 else -99
    print(t("ch02.gradcheck", name=name, ok=err < tol, exp=exp))


def plot_imagenet():
    """Horizontal bars: steps to reach Inception's 72.2% for the five models of Fig. 3."""
    from ..plotting import new_figure

    fig, ax = new_figure(figsize=(7.0, 2.8))
    names = [row[0] for row in IMAGENET_FIG3][::-1]
    for i, (name, _lr, steps, acc) in enumerate(IMAGENET_FIG3[::-1]):
        if steps is None:
            ax.text(0.5, i, t("ch02.never", acc=acc), va="center", fontsize=9, color="tab:gray")
            continue
        ax.barh(i, steps, color=network_color("plain" if name == "Inception" else "bn"))
        ax.text(steps + 0.3, i, t("ch02.max_acc", acc=acc), va="center", fontsize=9)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel(t("ch02.steps_to"))
    ax.set_xlim(0, 38)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.grid(False, axis="y")
    ax.set_title(t("ch02.imagenet_title"), fontsize=10)
    return fig


# ----------------------------------------------------------------------------------------------
# MNIST learning-rate sweep, with and without BN (the network of Ioffe & Szegedy 2015, §4.1)
# ----------------------------------------------------------------------------------------------

SIZES = (784, 100, 100, 100, 10)
BATCH_SIZE = 60
LIVE_LRS = (0.1, 1.0, 10.0)
LIVE_STEPS = 1000
FULL_LRS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
FULL_STEPS = 5000
FULL_SEEDS = (0, 1, 2)
RESULTS_PATH = results_path("ch02_lr_sweep.json")
FULL_COMMAND = "python -m bnbook.chapters.ch02 --full"


def train_sgd(mnist, batchnorm: bool, lr: float, steps: int, seed: int,
              n_evals: int = 10, n_test: int | None = None) -> dict:
    """Train the sigmoid MLP of :data:`SIZES` (``bnbook.model.MLP``) with plain SGD (no momentum)
    on mini-batches of :data:`BATCH_SIZE`, using ``bnbook.train.train``.

    The initial weights and then the mini-batch order come from one generator seeded with
    ``seed``, so runs with and without BN share both. Test accuracy (inference mode: BN uses its
    running averages) is measured before training and every ``steps // n_evals`` steps on the
    first ``n_test`` test images (all by default).

    Returns ``{"batchnorm", "lr", "seed", "eval_steps", "test_acc", "train_loss", "diverged"}``.
    ``diverged`` is True if the training loss became non-finite; ``train`` stops there, and the
    lists end with the last evaluation before it.
    """
    from ..model import MLP
    from ..optim import SGD
    from ..train import train

    if steps < 1 or n_evals < 1 or steps % n_evals:
        raise ValueError(f"train_sgd needs steps >= 1 and n_evals >= 1 dividing steps; "
                         f"got steps={steps}, n_evals={n_evals}")
    rng = np.random.default_rng(seed)
    model = MLP(SIZES, activation="sigmoid", batchnorm=batchnorm, rng=rng)
    seen = {}

    def keep(step, hist):
        seen["hist"] = hist

    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            hist = train(model, SGD(lr), mnist, steps, batch_size=BATCH_SIZE, rng=rng,
                         eval_every=steps // n_evals, eval_size=n_test, callback=keep)
        except FloatingPointError:
            hist, diverged = seen["hist"], True
    return {"batchnorm": bool(batchnorm), "lr": float(lr), "seed": int(seed),
            "eval_steps": [int(s) for s in hist.eval_steps],
            "test_acc": [round(float(a), 4) for a in hist.test_acc],
            "train_loss": [None if not np.isfinite(v) else round(float(v), 4)
                           for v in hist.train_loss],
            "diverged": diverged}


def lr_sweep(mnist, lrs: Sequence[float] = LIVE_LRS, steps: int = LIVE_STEPS,
             seeds: Sequence[int] = (0,), n_evals: int = 5, n_test: int | None = 2000,
             progress: bool = False) -> dict:
    """Train with and without BN for every learning rate in ``lrs`` and every seed.

    Returns ``{"lrs", "steps", "seeds", "batch_size", "sizes", "runs": [train_sgd(...) results]}``.
    ``progress`` prints one line per finished run to stderr.
    """
    runs = []
    for lr in lrs:
        for bn in (False, True):
            for seed in seeds:
                runs.append(train_sgd(mnist, bn, lr, steps, seed, n_evals=n_evals, n_test=n_test))
                if progress:
                    print(f"lr={lr:g} batchnorm={bn} seed={seed}: "
                          f"test acc {runs[-1]['test_acc'][-1]:.4f}", file=sys.stderr, flush=True)
    return {"lrs": [float(lr) for lr in lrs], "steps": int(steps), "seeds": [int(s) for s in seeds],
            "batch_size": BATCH_SIZE, "sizes": list(SIZES), "n_test": n_test, "runs": runs}


def final_accuracy(sweep: dict, batchnorm: bool, lr: float) -> np.ndarray:
    """Final test accuracies ``(n_seeds,)`` of the runs with this ``batchnorm`` and ``lr``
    (nan for a run that diverged)."""
    accs = [np.nan if r["diverged"] else r["test_acc"][-1] for r in sweep["runs"]
            if r["batchnorm"] == batchnorm and r["lr"] == lr]
    if not accs:
        raise KeyError(f"no run with batchnorm={batchnorm}, lr={lr} in this sweep")
    return np.asarray(accs)


def print_sweep(sweep: dict) -> None:
    """One line per learning rate: mean final test accuracy without and with BN."""
    for lr in sweep["lrs"]:
        plain = final_accuracy(sweep, False, lr).mean()
        bn = final_accuracy(sweep, True, lr).mean()
        print(t("ch02.sweep_row", lr=f"{lr:g}", plain=plain, bn=bn))


def plot_sweep(sweep: dict):
    """Final test accuracy against learning rate (log axis), with and without BN; one dot per
    seed, the line through the means."""
    from ..plotting import new_figure

    fig, ax = new_figure(figsize=(6.0, 3.2))
    lrs = np.asarray(sweep["lrs"])
    for bn, key, color in [(False, "ch02.without_bn", network_color("plain")),
                           (True, "ch02.with_bn", network_color("bn"))]:
        accs = [final_accuracy(sweep, bn, lr) for lr in lrs]
        ax.plot(lrs, [a.mean() for a in accs], "-o", color=color, label=t(key))
        for lr, a in zip(lrs, accs, strict=True):
            ax.scatter(np.full(a.shape, lr), a, s=10, color=color, alpha=0.5)
    ax.set_xscale("log")
    ax.set_xticks(lrs, [f"{lr:g}" for lr in lrs])  # plain labels: no mathtext minus sign
    ax.minorticks_off()
    ax.set_ylim(0, 1)
    ax.set_xlabel(t("ch02.lr"))
    ax.set_ylabel(t("ch02.test_acc"))
    ax.set_title(t("ch02.sweep_title", steps=sweep["steps"]), fontsize=10)
    ax.legend(loc="lower center")
    return fig


def plot_sweep_curves(sweep: dict, lrs: Sequence[float] | None = None):
    """Test accuracy over training for a few learning rates (default: three spread over the sweep),
    mean over the seeds that did not diverge, with and without BN."""
    from ..plotting import new_figure

    if lrs is None:
        all_lrs = sweep["lrs"]
        lrs = [all_lrs[i] for i in sorted({0, len(all_lrs) // 2, len(all_lrs) - 1})]
    fig, axes = new_figure(len(lrs), figsize=(3.0 * len(lrs), 2.8), sharey=True)
    axes = np.atleast_1d(axes)
    for ax, lr in zip(axes, lrs, strict=True):
        for bn, key, color in [(False, "ch02.without_bn", network_color("plain")),
                               (True, "ch02.with_bn", network_color("bn"))]:
            runs = [r for r in sweep["runs"]
                    if r["batchnorm"] == bn and r["lr"] == lr and not r["diverged"]]
            if not runs:
                continue
            curve = np.mean([r["test_acc"] for r in runs], axis=0)
            ax.plot(runs[0]["eval_steps"], curve, color=color, label=t(key))
        ax.set_title(t("ch02.curves_title", lr=f"{lr:g}"), fontsize=10)
        ax.set_xlabel(t("ch02.steps"))
        ax.set_ylim(0, 1)
    axes[0].set_ylabel(t("ch02.test_acc"))
    axes[0].legend(loc="lower right")
    return fig


def load_sweep(path: str | Path | None = None) -> dict:
    """The saved full sweep (default ``results/ch02_lr_sweep.json`` of the repository)."""
    path = RESULTS_PATH if path is None else Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing; make it with `{FULL_COMMAND}` (a few minutes on 2 cores) / "
            f"{path} 파일이 없습니다. `{FULL_COMMAND}`로 만드세요")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``python -m bnbook.chapters.ch02 [--full] [--out PATH]``."""
    parser = argparse.ArgumentParser(description="Chapter 2: MNIST learning-rate sweep, "
                                                 "with and without batch normalization")
    parser.add_argument("--full", action="store_true",
                        help=f"the full sweep: lrs {FULL_LRS}, {FULL_STEPS} steps, "
                             f"seeds {FULL_SEEDS}, all 10,000 test images "
                             "(default: the notebook's short sweep)")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"where to save the JSON (default with --full: {RESULTS_PATH})")
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits

    from ..data import load_mnist

    mnist = load_mnist()
    start = time.perf_counter()
    with threadpool_limits(limits=1):
        if args.full:
            sweep = lr_sweep(mnist, FULL_LRS, FULL_STEPS, FULL_SEEDS, n_evals=10, n_test=None,
                             progress=True)
        else:
            sweep = lr_sweep(mnist)
    sweep["command"] = FULL_COMMAND if args.full else "python -m bnbook.chapters.ch02"
    sweep["seconds"] = round(time.perf_counter() - start, 1)
    print_sweep(sweep)
    out = args.out or (RESULTS_PATH if args.full else None)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            json.dump(sweep, f, indent=1)
            f.write("\n")
        print(f"saved {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
