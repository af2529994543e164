"""Tests of bnbook.train: the loop lowers the loss, is deterministic for a seed, records what it
promises, and test-mode evaluation leaves the running statistics alone."""

from __future__ import annotations

import numpy as np
import pytest

from bnbook.model import MLP
from bnbook.optim import SGD, Adam
from bnbook.train import minibatches, train


def blobs(seed=0, n=600, d=10, c=3):
    """Separable Gaussian blobs: a task a small MLP learns in a few hundred steps."""
    rng = np.random.default_rng(seed)
    centres = 2.0 * rng.normal(size=(c, d))
    y = rng.integers(0, c, size=n)
    x = (centres[y] + rng.normal(size=(n, d))).astype(np.float32)
    return x[:500], y[:500], x[500:], y[500:]


def run(batchnorm=True, seed=0, steps=300, **kw):
    data = blobs()
    model = MLP([10, 16, 16, 3], batchnorm=batchnorm, rng=seed)
    hist = train(model, SGD(lr=0.2), data, steps=steps, batch_size=20,
                 rng=np.random.default_rng(seed), eval_every=100, **kw)
    return model, hist


@pytest.mark.parametrize("batchnorm", [False, True])
def test_short_run_lowers_loss_and_raises_accuracy(batchnorm):
    _, hist = run(batchnorm)
    assert hist.eval_steps == [0, 100, 200, 300]
    assert np.isnan(hist.train_loss[0])
    assert hist.train_loss[-1] < 0.5 * hist.train_loss[1]
    assert hist.test_acc[-1] > 0.9 and hist.test_acc[-1] > hist.test_acc[0]


def test_deterministic_for_a_seed():
    m1, h1 = run(seed=3)
    m2, h2 = run(seed=3)
    _, h3 = run(seed=4)
    assert h1.train_loss[1:] == h2.train_loss[1:] and h1.test_acc == h2.test_acc
    for k in m1.params:
        np.testing.assert_array_equal(m1.params[k], m2.params[k])
    assert h1.train_loss[1:] != h3.train_loss[1:]


def test_records_percentiles_of_probe_units():
    data = blobs()
    probe = data[2][:50]
    model, hist = run(probe=probe, units=[0, 5, 7])
    assert hist.probe_layer == 2 and hist.units == [0, 5, 7] and hist.levels == [15, 50, 85]
    pct = np.array(hist.percentiles)
    assert pct.shape == (4, 3, 3)
    assert (np.diff(pct, axis=2) >= 0).all(), "15th ≤ 50th ≤ 85th percentile"
    z = model.preacts(probe, units=[0, 5, 7])
    np.testing.assert_allclose(pct[-1], np.percentile(z, [15, 50, 85], axis=0).T, atol=1e-4)
    d = hist.to_dict()
    assert d["percentiles"] == hist.percentiles and d["units"] == [0, 5, 7]


def test_evaluation_does_not_touch_running_stats(monkeypatch):
    """Running statistics change only in training steps: evaluating (test mode) between steps
    must leave them as the last step left them."""
    seen = []
    data = blobs()

    def callback(step, hist):
        seen.append([b["running_mean"].copy() for b in model.bn_params])

    model = MLP([10, 16, 16, 3], batchnorm=True, rng=0)
    real_accuracy = model.accuracy

    def checked_accuracy(x, y):
        before = [b["running_mean"].copy() for b in model.bn_params]
        out = real_accuracy(x, y)
        for b, r in zip(model.bn_params, before, strict=True):
            np.testing.assert_array_equal(b["running_mean"], r)
        return out

    monkeypatch.setattr(model, "accuracy", checked_accuracy)
    train(model, SGD(lr=0.1), data, steps=50, batch_size=20, rng=np.random.default_rng(0),
          eval_every=25, probe=data[2][:10], callback=callback)
    assert len(seen) == 3 and not np.allclose(seen[0][0], seen[-1][0])


def test_callback_and_last_step_evaluated():
    calls = []
    _, hist = run(steps=250, callback=lambda step, h: calls.append((step, len(h.test_acc))))
    assert hist.eval_steps == [0, 100, 200, 250]
    assert calls == [(0, 1), (100, 2), (200, 3), (250, 4)]


def test_minibatches_cover_each_epoch_once():
    gen = minibatches(10, 3, np.random.default_rng(0))
    epoch = np.concatenate([next(gen) for _ in range(3)])
    assert len(set(epoch.tolist())) == 9  # 3 batches of 3, no repeats; 1 row dropped
    with pytest.raises(ValueError, match="batch_size"):
        next(minibatches(10, 11, np.random.default_rng(0)))


@pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning",
                            "ignore:invalid value:RuntimeWarning")
def test_needs_explicit_rng_and_reports_divergence():
    data = blobs()
    model = MLP([10, 16, 3], rng=0)
    with pytest.raises(ValueError, match="rng"):
        train(model, SGD(lr=0.1), data, steps=5)
    with pytest.raises(FloatingPointError, match="learning rate"):
        train(MLP([10, 16, 3], activation="relu", weight_std=30.0, rng=0), SGD(lr=1e4),
              data, steps=200, batch_size=20, rng=np.random.default_rng(0))


@pytest.mark.parametrize("opt", [lambda: SGD(lr=0.2), lambda: Adam(lr=0.01)])
def test_fused_optimizer_step_gives_the_same_numbers(opt):
    """One optimizer step on the flat buffers == one step per named parameter."""
    data = blobs()
    runs = []
    for fuse in (True, False):
        model = MLP([10, 16, 16, 3], batchnorm=True, rng=0)
        hist = train(model, opt(), data, steps=120, batch_size=20, rng=np.random.default_rng(0),
                     eval_every=40, fuse=fuse)
        runs.append((model, hist))
    (m1, h1), (m2, h2) = runs
    assert h1.train_loss[1:] == h2.train_loss[1:]
    for k in m1.params:
        np.testing.assert_array_equal(m1.params[k], m2.params[k])
    assert np.shares_memory(m1.params["W1"], m1.flat_params)


def test_fuse_needs_flat_buffers():
    model = MLP([10, 16, 3], rng=0, fast=False)
    model.params["W1"] = model.params["W1"].copy()  # no longer a view of flat_params
    with pytest.raises(ValueError, match="flat_params"):
        train(model, SGD(lr=0.1), blobs(), steps=1, batch_size=20,
              rng=np.random.default_rng(0), fuse=True)
