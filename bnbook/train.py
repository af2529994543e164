"""The training loop: mini-batch steps, test accuracy at regular steps, and (optionally) the
distribution of chosen hidden units' pre-activations over training (Ioffe & Szegedy 2015, Fig. 1).

    history = train(model, SGD(lr=0.1), load_mnist(), steps=2000, rng=np.random.default_rng(0))
    history.eval_steps, history.test_acc, history.train_loss

The optimizer is any object with ``step(params, grads)`` that updates the arrays of ``params``
(``bnbook.optim``'s optimizers do).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

__all__ = ["History", "train", "minibatches"]


@dataclass
class History:
    """What :func:`train` recorded.

    eval_steps: the steps (0 = before training) at which the model was evaluated, ``(E,)``.
    test_acc: test accuracy in test mode at those steps, ``(E,)``.
    train_loss: mean training loss over the steps since the previous evaluation (``nan`` at step
        0), ``(E,)``.
    units, levels: the probed hidden units and percentile levels (empty when nothing is probed).
    percentiles: ``(E, len(units), len(levels))`` percentiles of each unit's activation input over
        the probe batch, in test mode, or None.
    probe_layer: the hidden layer probed (1-based), or None.
    wall_time: seconds spent in :func:`train`.
    """

    eval_steps: list[int] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    units: list[int] = field(default_factory=list)
    levels: list[float] = field(default_factory=list)
    percentiles: list | None = None
    probe_layer: int | None = None
    wall_time: float = 0.0

    def to_dict(self) -> dict:
        """Plain lists and numbers, ready for JSON."""
        return asdict(self)


def minibatches(n: int, batch_size: int, rng: np.random.Generator):
    """Endless mini-batch indices: each epoch a fresh permutation of ``range(n)`` cut into
    ``n // batch_size`` batches of ``batch_size`` rows (a final partial batch is dropped)."""
    if not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be in 1…{n}; got {batch_size} "
                         f"(batch_size는 1…{n} 범위여야 합니다)")
    per_epoch = n // batch_size
    while True:
        order = rng.permutation(n)
        for i in range(per_epoch):
            yield order[i * batch_size:(i + 1) * batch_size]


def _percentiles(model, probe, layer, units, levels, mode="test") -> list:
    z = model.preacts(probe, layer=layer, units=units, mode=mode)
    return np.percentile(z.astype(np.float64), levels, axis=0).T.round(5).tolist()


def _elementwise(optimizer) -> bool:
    from . import optim

    return type(optimizer) in (optim.SGD, optim.Momentum, optim.RMSprop, optim.Adam)


def _has_flat_buffers(model) -> bool:
    flat = getattr(model, "flat_params", None)
    return (getattr(model, "fast", False) and flat is not None
            and all(np.shares_memory(v, flat) for v in model.params.values()))


def train(model, optimizer, data, steps: int, batch_size: int = 60,
          rng: np.random.Generator | None = None, eval_every: int = 500,
          probe: np.ndarray | None = None, units: Sequence[int] | None = None,
          levels: Sequence[float] = (15, 50, 85), probe_layer: int | None = None,
          eval_size: int | None = None,
          callback: Callable[[int, History], None] | None = None,
          fuse: bool | None = None, probe_mode: str = "test") -> History:
    """Train ``model`` for ``steps`` mini-batch steps and record its progress.

    model: an :class:`bnbook.model.MLP` (anything with ``loss``, ``params``, ``accuracy``,
        ``preacts``). optimizer: anything with ``step(params, grads)``.
    data: ``x_train (N, D)``, ``y_train (N,)``, ``x_test (M, D)``, ``y_test (M,)`` (e.g. the
        :class:`bnbook.data.MNIST` tuple).
    rng: ``np.random.Generator`` for the order of the mini-batches (required).
    eval_every: evaluate at step 0, every ``eval_every`` steps and at the last step.
    eval_size: evaluate on the first ``eval_size`` test examples only (default: all).
    probe, units, levels, probe_layer: if ``probe (P, D)`` is given, record at each evaluation the
        ``levels`` percentiles over the probe rows of the activation inputs of ``units`` (default
        all) in hidden layer ``probe_layer`` (default the last one), with BN in ``probe_mode``:
        "test" (running statistics) or "train" (the probe's own batch statistics, Ioffe &
        Szegedy's N^tr_BN; running statistics untouched).
    callback: called as ``callback(step, history)`` after each evaluation (e.g. progress).
    fuse: update all parameters with one optimizer step on the model's flat parameter and
        gradient buffers (same numbers, less Python overhead). Default: when the optimizer is one
        of bnbook.optim's elementwise optimizers and the model has flat buffers (the fast path).
    """
    if rng is None:
        raise ValueError("train needs an explicit rng=np.random.default_rng(seed) "
                         "(train에는 명시적인 rng=np.random.default_rng(seed)가 필요합니다)")
    if steps < 0 or eval_every < 1:
        raise ValueError(f"need steps ≥ 0 and eval_every ≥ 1; got {steps}, {eval_every} "
                         f"(steps ≥ 0, eval_every ≥ 1이어야 합니다)")
    if probe_mode not in ("train", "test"):
        raise ValueError(f"probe_mode must be 'train' or 'test'; got {probe_mode!r} "
                         f"(probe_mode는 'train' 또는 'test'여야 합니다)")
    x_train, y_train, x_test, y_test = data[0], data[1], data[2], data[3]
    if eval_size is not None:
        x_test, y_test = x_test[:eval_size], y_test[:eval_size]
    x_train = np.ascontiguousarray(x_train, dtype=model.dtype)
    hist = History()
    if probe is not None:
        probe = np.asarray(probe, dtype=model.dtype)
        hist.probe_layer = probe_layer if probe_layer is not None else model.n_layers - 1
        hist.units = list(range(model.sizes[hist.probe_layer])) if units is None else \
            [int(u) for u in units]
        hist.levels = [float(q) for q in levels]
        hist.percentiles = []

    def evaluate(step: int, loss_sum: float, n_losses: int) -> None:
        hist.eval_steps.append(step)
        hist.test_acc.append(model.accuracy(x_test, y_test))
        hist.train_loss.append(loss_sum / n_losses if n_losses else float("nan"))
        if probe is not None:
            hist.percentiles.append(
                _percentiles(model, probe, hist.probe_layer, hist.units, hist.levels,
                             probe_mode))
        if callback is not None:
            callback(step, hist)

    if fuse is None:
        fuse = _elementwise(optimizer) and _has_flat_buffers(model)
    elif fuse and not _has_flat_buffers(model):
        raise ValueError("fuse=True needs a model whose params are views of model.flat_params "
                         "and fast=True (fuse=True에는 flat_params 뷰와 fast=True가 필요합니다)")
    t0 = time.perf_counter()
    batches = minibatches(len(x_train), batch_size, rng)
    xb = np.empty((batch_size, x_train.shape[1]), dtype=model.dtype)
    loss_sum, n_losses = 0.0, 0
    evaluate(0, 0.0, 0)
    for step in range(1, steps + 1):
        idx = next(batches)
        np.take(x_train, idx, axis=0, out=xb)
        loss, grads = model.loss(xb, y_train[idx], reuse_buffers=True)
        if not np.isfinite(loss):
            raise FloatingPointError(
                f"training diverged at step {step}: loss = {loss}; try a smaller learning rate "
                f"(학습이 {step}스텝에서 발산했습니다; 학습률을 줄여 보세요)")
        if fuse:
            optimizer.step({"flat": model.flat_params}, {"flat": model.flat_grads(batch_size)})
        else:
            optimizer.step(model.params, grads)
        loss_sum += loss
        n_losses += 1
        if step % eval_every == 0 or step == steps:
            evaluate(step, loss_sum, n_losses)
            loss_sum, n_losses = 0.0, 0
    hist.wall_time = time.perf_counter() - t0
    return hist
