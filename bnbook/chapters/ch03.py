"""Chapter 3 — bias elimination and BN's parameters (편향 제거와 파라미터).

What the chapter shows, each as a small function here so the notebook cells stay short:

* :func:`bias_has_no_effect` — BN(uW + b) is the same array for every bias b, and ∂L/∂b = 0.
* :func:`columns_to_rows` / :func:`rows_to_columns` — the lectures' column convention
  (Z: (n, m), γ, β: (n, 1)) against the code's row convention (x: (N, D), γ, β: (D,)).
* :func:`scale_invariance` — BN((aW)u) = BN(Wu) and ∂L/∂(aW) = (1/a)·∂L/∂W
  (Ioffe & Szegedy 2015, §3.3).
* :func:`train_step` / :func:`train_bn_net` — one mini-batch step of a BN network (forward with the
  batch's statistics, backward for dW, dγ, dβ, update) and a short training run with any optimizer.
* :func:`bias_drift` — what happens to a bias kept before BN: SGD leaves it, Adam in float32 turns
  its rounding-noise gradient into steps.
* :func:`draw_training`, :func:`format_grid` — the widget's draw function (loss and γ/β of one
  precomputed run) and the text tables over the optimizer × learning-rate grid.

Layout: examples are rows (x: (N, D)), as in CS231n and in :mod:`bnbook.layers`.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import textwrap
from typing import NamedTuple

import numpy as np
from matplotlib.ticker import FuncFormatter

from .. import checks, data, i18n, layers, optim
from ..i18n import pad, t
from ..model import MLP
from ..plotting import moving_average, network_color
from ..train import minibatches

STRINGS = {
    "ch03.steps": {"ko": "스텝", "en": "step"},
    "ch03.loss": {"ko": "미니배치 손실 (10스텝 이동 평균)",
                  "en": "mini-batch loss (10-step moving average)"},
    "ch03.loss_title": {"ko": "{opt}, 학습률 {lr:g}: 테스트 정확도 {acc:.1%}",
                        "en": "{opt}, learning rate {lr:g}: test accuracy {acc:.1%}"},
    "ch03.diverged_title": {"ko": "{opt}, 학습률 {lr:g}: 발산 (스텝 {step})",
                            "en": "{opt}, learning rate {lr:g}: diverged (step {step})"},
    "ch03.params_title": {"ko": r"은닉 유닛 100개의 $\gamma$, $\beta$ (중앙값, 10–90 백분위수)",
                          "en": r"$\gamma$, $\beta$ of the 100 hidden units "
                                r"(median, 10–90th percentile)"},
    "ch03.value": {"ko": "값", "en": "value"},
    "ch03.optimizer": {"ko": "최적화 기법", "en": "optimizer"},
    # the optimizers' names as the widget and its titles show them (glossary: momentum = 모멘텀)
    "ch03.opt.SGD": {"ko": "SGD", "en": "SGD"},
    "ch03.opt.Momentum": {"ko": "모멘텀", "en": "Momentum"},
    "ch03.opt.RMSprop": {"ko": "RMSprop", "en": "RMSprop"},
    "ch03.opt.Adam": {"ko": "Adam", "en": "Adam"},
    "ch03.lr": {"ko": "학습률", "en": "learning rate"},
    "ch03.z_hist": {"ko": "BN 전: x = uW + b", "en": "before BN: x = uW + b"},
    "ch03.bn_hist": {"ko": "BN 후: BN(x)", "en": "after BN: BN(x)"},
    "ch03.count": {"ko": "개수", "en": "count"},
    "ch03.scale_a": {"ko": "가중치 배율 a", "en": "weight scale a"},
    "ch03.grad_norm": {"ko": r"$\|\partial L / \partial (aW)\|$",
                       "en": r"$\|\partial L / \partial (aW)\|$"},
    "ch03.grad_measured": {"ko": "측정값", "en": "measured"},
    "ch03.grad_predicted": {"ko": r"$\|\partial L / \partial W\| / a$ (예측)",
                            "en": r"$\|\partial L / \partial W\| / a$ (predicted)"},
    "ch03.table_acc": {"ko": "테스트 정확도", "en": "test accuracy"},
    "ch03.table_gamma": {"ko": "학습 후 gamma1의 중앙값", "en": "median of gamma1 after training"},
    "ch03.table_beta": {"ko": "학습 후 beta1의 중앙값", "en": "median of beta1 after training"},
    "ch03.table_lr": {"ko": "기법/학습률", "en": "optimizer/lr"},
    "ch03.scale_title": {"ko": "큰 가중치일수록 기울기가 작습니다",
                         "en": "Larger weights get smaller gradients"},
    "ch03.numerical_db": {"ko": "수치 기울기 dL/db =", "en": "numerical dL/db ="},
    "ch03.shapes_line": {"ko": "열 규약: {cols} -> 행 규약: {rows}",
                         "en": "columns: {cols} -> rows: {rows}"},
}
i18n.register(STRINGS)

OPTIMIZERS = ("SGD", "Momentum", "RMSprop", "Adam")
LEARNING_RATES = (0.001, 0.01, 0.1, 0.3)
#: Fixed y-range of the widget's γ/β panel, so frames can be compared (covers every run's band).
PARAM_YLIM = (-7.0, 7.5)


# ---------------------------------------------------------------- 1. the bias is cancelled


def linear_bn(u, W, b, gamma, beta, eps=1e-5):
    """BN(uW + b) in training mode.

    u: (N, D_in), W: (D_in, D), b: (D,) or None, gamma, beta: (D,)  ->  out: (N, D), caches.
    """
    x, affine_cache = layers.affine_forward(u, W, b)
    out, bn_cache = layers.batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": eps})
    return out, (affine_cache, bn_cache)


def linear_bn_backward(dout, caches):
    """Backward of :func:`linear_bn`: dout (N, D) -> du (N, D_in), dW (D_in, D), db (D,) or None,
    dgamma (D,), dbeta (D,)."""
    affine_cache, bn_cache = caches
    dx, dgamma, dbeta = layers.batchnorm_backward(dout, bn_cache)
    du, dW, db = layers.affine_backward(dx, affine_cache)
    return du, dW, db, dgamma, dbeta


class BiasCheck(NamedTuple):
    """Result of :func:`bias_has_no_effect` (all in float64)."""

    biases: np.ndarray  # (K, D) the biases tried
    max_output_change: np.ndarray  # (K,) max |BN(uW + b) − BN(uW)|
    db: np.ndarray  # (D,) ∂L/∂b from backprop, at the last bias tried
    db_numerical: np.ndarray  # (D,) ∂L/∂b by centred differences
    dW_scale: float  # max |∂L/∂W|, for comparison


def bias_has_no_effect(rng: np.random.Generator, *, N=64, D_in=5, D=3, n_biases=4,
                       bias_scale=10.0) -> BiasCheck:
    """Try ``n_biases`` random biases b (D,) in BN(uW + b) and a random loss L = Σ dout ⊙ out.

    Returns how much the output moved for each b and ∂L/∂b analytically and numerically.
    """
    u = rng.normal(size=(N, D_in))
    W = rng.normal(size=(D_in, D))
    gamma = rng.uniform(0.5, 2.0, size=D)
    beta = rng.normal(size=D)
    dout = rng.normal(size=(N, D))
    out0, _ = linear_bn(u, W, None, gamma, beta)
    biases = bias_scale * rng.normal(size=(n_biases, D))
    changes = np.empty(n_biases)
    for k, b in enumerate(biases):
        out, caches = linear_bn(u, W, b, gamma, beta)
        changes[k] = np.abs(out - out0).max()
    _, dW, db, _, _ = linear_bn_backward(dout, caches)
    b = biases[-1].copy()
    db_num = checks.eval_numerical_gradient_array(
        lambda bb: linear_bn(u, W, bb, gamma, beta)[0], b, dout)
    return BiasCheck(biases, changes, db, db_num, float(np.abs(dW).max()))


def draw_bias_histograms(fig, rng: np.random.Generator, biases=(-3.0, 0.0, 3.0), N=500):
    """Left: one unit's z = uW + b for several b (shifted copies). Right: BN(z), all on top of
    each other. Draws on ``fig`` (a matplotlib Figure)."""
    u = rng.normal(size=(N, 4))
    W = rng.normal(size=(4, 1))
    gamma, beta = np.ones(1), np.zeros(1)
    ax_z, ax_bn = fig.subplots(1, 2, sharey=True)
    bins_z = np.linspace(-9, 9, 46)
    bins_bn = np.linspace(-4, 4, 41)
    for b in biases:
        z = u @ W + b
        out, _ = linear_bn(u, W, np.array([b]), gamma, beta)
        label = f"b = {b:g}"
        ax_z.hist(z[:, 0], bins=bins_z, histtype="step", lw=1.5, label=label)
        ax_bn.hist(out[:, 0], bins=bins_bn, histtype="step", lw=1.5, label=label)
    ax_z.set_title(t("ch03.z_hist"))
    ax_bn.set_title(t("ch03.bn_hist"))
    ax_z.set_ylabel(t("ch03.count"))
    ax_z.legend(fontsize="small")
    return fig


# ---------------------------------------------------------------- 2. shapes: columns vs rows


def rows_to_columns(x, gamma, beta):
    """Row convention -> column convention: x (N, D), γ, β (D,) -> Z (D, N), γ, β (D, 1)."""
    return x.T, gamma.reshape(-1, 1), beta.reshape(-1, 1)


def columns_to_rows(Z, gamma, beta):
    """Column convention -> row convention: Z (n, m), γ, β (n, 1) -> x (m, n), γ, β (n,)."""
    if gamma.shape != (Z.shape[0], 1) or beta.shape != (Z.shape[0], 1):
        raise ValueError(
            f"in the column convention γ and β have shape (n, 1) = ({Z.shape[0]}, 1); got "
            f"{gamma.shape} and {beta.shape} "
            f"(열 규약에서 γ, β의 모양은 (n, 1) = ({Z.shape[0]}, 1)이어야 합니다)")
    return Z.T, gamma.ravel(), beta.ravel()


# ---------------------------------------------------------------- 3. scale invariance


class ScaleCheck(NamedTuple):
    scales: np.ndarray  # (K,) the factors a
    max_output_change: np.ndarray  # (K,) max |BN((aW)u) − BN(Wu)|
    grad_norm: np.ndarray  # (K,) ‖∂L/∂(aW)‖ (Frobenius)
    grad_norm_1: float  # ‖∂L/∂W‖ at a = 1


def scale_invariance(rng: np.random.Generator, scales=(0.1, 0.5, 2.0, 10.0, 100.0), *,
                     N=64, D_in=20, D=10, eps=1e-5) -> ScaleCheck:
    """BN((aW)u) against BN(Wu) and the gradient with respect to the scaled weights aW.

    Ioffe & Szegedy (2015, §3.3) predict BN((aW)u) = BN(Wu) and ∂L/∂(aW) = (1/a)·∂L/∂W; with ε > 0
    both hold up to terms of relative size ε/(a²σ²).
    """
    u = rng.normal(size=(N, D_in))
    W = rng.normal(size=(D_in, D)) / np.sqrt(D_in)
    gamma = rng.uniform(0.5, 2.0, size=D)
    beta = rng.normal(size=D)
    dout = rng.normal(size=(N, D))
    out1, caches = linear_bn(u, W, None, gamma, beta, eps)
    dW1 = linear_bn_backward(dout, caches)[1]
    scales = np.asarray(scales, dtype=float)
    changes, norms = np.empty(len(scales)), np.empty(len(scales))
    for k, a in enumerate(scales):
        out, caches = linear_bn(u, a * W, None, gamma, beta, eps)
        changes[k] = np.abs(out - out1).max()
        norms[k] = np.linalg.norm(linear_bn_backward(dout, caches)[1])
    return ScaleCheck(scales, changes, norms, float(np.linalg.norm(dW1)))


def plot_scale_invariance(ax, check: ScaleCheck):
    """Log-log plot of ‖∂L/∂(aW)‖ against a, with the predicted line ‖∂L/∂W‖/a."""
    a = check.scales
    ax.loglog(a, check.grad_norm_1 / a, "-", color="0.6", label=t("ch03.grad_predicted"))
    ax.loglog(a, check.grad_norm, "o", label=t("ch03.grad_measured"))
    ax.set_xlabel(t("ch03.scale_a"))
    ax.set_ylabel(t("ch03.grad_norm"))
    ax.set_title(t("ch03.scale_title"))
    plain = FuncFormatter(lambda v, _: f"{v:g}")  # no mathtext minus sign in 10^-1
    ax.xaxis.set_major_formatter(plain)
    ax.yaxis.set_major_formatter(plain)
    ax.legend()
    return ax


# ---------------------------------------------------------------- 4. training loop


def init_params(rng: np.random.Generator, sizes=(784, 100, 10), dtype=np.float32):
    """A one-hidden-layer BN network: W1 (784, 100), no b1 (β1 replaces it), gamma1, beta1 (100,),
    W2 (100, 10), b2 (10,); the initial values of ``bnbook.model.MLP(sizes, "sigmoid",
    batchnorm=True)`` (W ~ N(0, 1/fan_in), γ = 1, β = 0, b = 0), as a plain dict of arrays."""
    net = MLP(sizes, activation="sigmoid", batchnorm=True, rng=rng, dtype=dtype)
    return {name: p.copy() for name, p in net.params.items()}


def train_step(params, bn_param, opt, Xt, yt):
    """One mini-batch step: forward with the batch's statistics, backward, update -> the loss.

    The chapter's explicit version of what ``bnbook.model.MLP.loss`` (layer path) computes for this
    network, printed in the notebook; ``tests/test_ch03.py`` checks that the two agree.

    Xt: (N, 784), yt: (N,) integer labels; params as from :func:`init_params`, updated in place;
    bn_param holds the running statistics (for test mode later). If params has a bias "b1" before
    BN (which it should not), it is trained like every other parameter (see :func:`bias_drift`).
    """
    z1, c_aff1 = layers.affine_forward(Xt, params["W1"], params.get("b1"))
    h1, c_bn1 = layers.batchnorm_forward(z1, params["gamma1"], params["beta1"], bn_param)
    a1, c_act1 = layers.sigmoid_forward(h1)
    logits, c_aff2 = layers.affine_forward(a1, params["W2"], params["b2"])
    loss, dlogits = layers.softmax_cross_entropy(logits, yt)

    da1, dW2, db2 = layers.affine_backward(dlogits, c_aff2)
    dh1 = layers.sigmoid_backward(da1, c_act1)
    dz1, dgamma1, dbeta1 = layers.batchnorm_backward(dh1, c_bn1)
    _, dW1, db1 = layers.affine_backward(dz1, c_aff1)

    grads = {"W1": dW1, "gamma1": dgamma1, "beta1": dbeta1, "W2": dW2, "b2": db2}
    if db1 is not None:
        grads["b1"] = db1
    opt.step(params, grads)
    return float(loss)


def code_of(fn) -> str:
    """The source code of the function ``fn`` without its docstring (the notebook prints the
    library's :func:`train_step` this way instead of keeping a copy)."""
    lines = inspect.getsource(fn).splitlines()
    first = ast.parse(textwrap.dedent("\n".join(lines))).body[0].body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
            and isinstance(first.value.value, str):
        del lines[first.lineno - 1:first.end_lineno]
    return textwrap.dedent("\n".join(lines))


def predict(params, bn_param, X):
    """Class predictions (N,) in test mode, with the running statistics."""
    test_param = dict(bn_param, mode="test")
    z1, _ = layers.affine_forward(X, params["W1"], None)
    h1, _ = layers.batchnorm_forward(z1, params["gamma1"], params["beta1"], test_param)
    a1, _ = layers.sigmoid_forward(h1)
    logits, _ = layers.affine_forward(a1, params["W2"], params["b2"])
    return logits.argmax(axis=1)


def make_optimizer(name: str, lr: float):
    """``"SGD" | "Momentum" | "RMSprop" | "Adam"`` with default hyperparameters of bnbook.optim."""
    classes = {"SGD": optim.SGD, "Momentum": optim.Momentum, "RMSprop": optim.RMSprop,
               "Adam": optim.Adam}
    if name not in classes:
        raise ValueError(f"optimizer must be one of {tuple(classes)}; got {name!r} "
                         f"(최적화 기법은 {tuple(classes)} 중 하나여야 합니다)")
    return classes[name](lr)


def minibatch_indices(n: int, batch_size: int, rng: np.random.Generator):
    """Index arrays of the mini-batches X^{1}, …, X^{T} of one epoch (T = n // batch_size): one
    epoch of :func:`bnbook.train.minibatches`."""
    return list(itertools.islice(minibatches(n, batch_size, rng), n // batch_size))


class Run(NamedTuple):
    """One training run of :func:`train_bn_net`."""

    optimizer: str
    lr: float
    loss: np.ndarray  # (steps,) mini-batch losses (nan after divergence)
    gamma: np.ndarray  # (steps + 1, D) γ of the hidden layer after each step
    beta: np.ndarray  # (steps + 1, D) β of the hidden layer after each step
    test_accuracy: float  # nan if diverged
    diverged_at: int | None  # first step with a non-finite loss


def mnist_subset(n_train=2000, n_test=1000, seed=0):
    """The chapter's fixed MNIST subset (:func:`bnbook.data.mnist_subset`): 2,000 training and
    1,000 test images, float32."""
    return data.mnist_subset(n_train, n_test, seed)


def train_bn_net(optimizer: str, lr: float, *, data=None, epochs=5, batch_size=50,
                 seed=0) -> Run:
    """Train the one-hidden-layer BN network of :func:`init_params` for a few epochs.

    data: (x_train, y_train, x_test, y_test), default :func:`mnist_subset`. Every run with the same
    seed starts from the same weights and sees the same mini-batches, whatever the optimizer.
    """
    x_train, y_train, x_test, y_test = mnist_subset() if data is None else data
    rng = np.random.default_rng(seed)
    params = init_params(rng, sizes=(x_train.shape[1], 100, int(y_train.max()) + 1))
    bn_param = {"mode": "train"}
    opt = make_optimizer(optimizer, lr)
    losses, gammas, betas = [], [params["gamma1"].copy()], [params["beta1"].copy()]
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _ in range(epochs):
            for idx in minibatch_indices(len(x_train), batch_size, rng):
                if diverged_at is None:
                    loss = train_step(params, bn_param, opt, x_train[idx], y_train[idx])
                    if not np.isfinite(loss) or not all(np.isfinite(p).all()
                                                        for p in params.values()):
                        diverged_at = len(losses)
                if diverged_at is not None:
                    loss = np.nan
                    params["gamma1"][:] = np.nan
                    params["beta1"][:] = np.nan
                losses.append(loss)
                gammas.append(params["gamma1"].copy())
                betas.append(params["beta1"].copy())
    if diverged_at is None:
        acc = float((predict(params, bn_param, x_test) == y_test).mean())
    else:
        acc = float("nan")
    return Run(optimizer, lr, np.array(losses), np.array(gammas), np.array(betas), acc,
               diverged_at)


class BiasDrift(NamedTuple):
    """Result of :func:`bias_drift`."""

    optimizer: str
    dtype: str
    max_grad: float  # max |∂L/∂b1| over all steps
    b1: np.ndarray  # (100,) the bias after training (it started at 0)


def bias_drift(optimizer: str, lr=0.01, dtype=np.float32, *, data=None, epochs=3,
               batch_size=50, seed=0) -> BiasDrift:
    """Train the network of :func:`init_params` with a (useless) bias b1 before BN, starting at 0.

    ∂L/∂b1 is zero up to rounding error. Gradient descent leaves b1 where it is; Adam divides by
    the size of the gradient, so it turns that rounding noise into steps of up to about ``lr``.
    """
    x_train, y_train, _, _ = mnist_subset() if data is None else data
    x_train = x_train.astype(dtype)
    rng = np.random.default_rng(seed)
    params = init_params(rng, sizes=(x_train.shape[1], 100, int(y_train.max()) + 1), dtype=dtype)
    params["b1"] = np.zeros(100, dtype=dtype)
    bn_param = {"mode": "train"}
    opt = make_optimizer(optimizer, lr)
    max_grad = 0.0

    class Recorder:
        """Wraps the optimizer to record the largest |∂L/∂b1| it is given."""

        def step(self, p, g):
            nonlocal max_grad
            max_grad = max(max_grad, float(np.abs(g["b1"]).max()))
            opt.step(p, g)

    for _ in range(epochs):
        for idx in minibatch_indices(len(x_train), batch_size, rng):
            train_step(params, bn_param, Recorder(), x_train[idx], y_train[idx])
    return BiasDrift(optimizer, np.dtype(dtype).name, max_grad, params["b1"].copy())


@functools.lru_cache(maxsize=32)
def cached_run(optimizer: str, lr: float) -> Run:
    """:func:`train_bn_net` with default settings, computed once per (optimizer, lr)."""
    return train_bn_net(optimizer, lr)




def format_grid(title_key: str, value, optimizers=OPTIMIZERS, lrs=LEARNING_RATES,
                fmt="{:7.3f}") -> str:
    """A text table, optimizers × learning rates, of ``value(run)`` over :func:`cached_run`."""
    lines = [t(title_key), pad(t("ch03.table_lr"), 13) + "".join(f"{lr:>8g}" for lr in lrs)]
    for name in optimizers:
        cells = "".join(" " + fmt.format(value(cached_run(name, lr))) for lr in lrs)
        lines.append(pad(t(f"ch03.opt.{name}"), 13) + cells)
    return "\n".join(lines)




def draw_training(fig, optimizer="Adam", lr=0.01, run: Run | None = None):
    """Widget frame: left, the mini-batch loss; right, γ and β of the hidden units over training."""
    run = cached_run(optimizer, lr) if run is None else run
    ax_loss, ax_par = fig.subplots(1, 2)
    steps = np.arange(1, len(run.loss) + 1)
    ax_loss.plot(steps, moving_average(run.loss), color=network_color("bn"))
    ax_loss.set_xlabel(t("ch03.steps"))
    ax_loss.set_ylabel(t("ch03.loss"))
    ax_loss.set_ylim(0, 3.0)
    if run.diverged_at is None:
        title = t("ch03.loss_title", opt=t(f"ch03.opt.{optimizer}"), lr=lr, acc=run.test_accuracy)
    else:
        title = t("ch03.diverged_title", opt=t(f"ch03.opt.{optimizer}"), lr=lr,
                  step=run.diverged_at + 1)
    ax_loss.set_title(title, fontsize="medium")
    n_finite = len(run.gamma) if run.diverged_at is None else run.diverged_at + 1
    par_steps = np.arange(n_finite)
    for values, name, color in ((run.gamma, r"$\gamma$", "C1"), (run.beta, r"$\beta$", "C2")):
        lo, med, hi = np.percentile(values[:n_finite], [10, 50, 90], axis=1)
        ax_par.fill_between(par_steps, lo, hi, color=color, alpha=0.25, lw=0)
        ax_par.plot(par_steps, med, color=color, label=name)
    ax_par.set_ylim(*PARAM_YLIM)
    ax_par.set_xlabel(t("ch03.steps"))
    ax_par.set_ylabel(t("ch03.value"))
    ax_par.set_title(t("ch03.params_title"), fontsize="medium")
    ax_par.legend(loc="upper left")
    return fig


# the widget's option captions (its values stay the optimizer names): see bnbook.widgets.Explorer
draw_training.captions = {"optimizer": {name: f"ch03.opt.{name}" for name in OPTIMIZERS}}
