"""Chapter 7's network is :class:`bnbook.model.MLP` (issue 10: one copy of each experiment's
machinery) and its SGD step is :class:`bnbook.optim.SGD`. Until this change
``bnbook/chapters/ch07.py`` built its own network from :mod:`bnbook.layers` and stepped it itself;
that code is kept below, verbatim, **only** to prove that the move changed no bit: every loss,
gradient, sigmoid input, parameter, running statistic and prediction of plain, BN, noisy-BN and
the noise-without-BN control is identical over 200 SGD steps, and :func:`ch07.run` and
:func:`ch07.regime_run` (ICS gradients, landscape, regimes) return the same results as with the
old network. So ``results/ch07_*.json`` and the chapter's stored outputs stay valid.

Identity is bitwise on one machine: both sides run the same BLAS kernel (each kernel gives its own
last digits, on both sides alike; checked under SkylakeX and Haswell when this was written).
"""

from __future__ import annotations

import numpy as np
import pytest

from bnbook import layers
from bnbook.chapters import ch07
from bnbook.model import MLP

# ------------------------------------------------------------------ the old network (verbatim)


def _old_init_params(rng, batchnorm, sizes=ch07.SIZES, dtype=np.float32):
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


def _n_layers(params):
    return sum(1 for k in params if k.startswith("W"))


def _old_forward_backward(params, X, y, bn_params=(), noise=None, mode="train", grads=True):
    L = _n_layers(params)
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
            a = layers.noisy_bn(a, m, s)
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
            da = da * s
        if c_bn is not None:
            da, g[f"gamma{l}"], g[f"beta{l}"] = layers.batchnorm_backward(da, c_bn)
        dh, g[f"W{l}"], db = layers.affine_backward(da, c_aff)
        if db is not None:
            g[f"b{l}"] = db
    return loss, {k: g[k] for k in params}, pre


def _old_predict(params, bn_params, X, noise_scale=1.0):
    noise = None
    if noise_scale != 1.0:
        H = [params[f"W{l}"].shape[1] for l in range(1, _n_layers(params))]
        noise = [(np.float32(0.0), np.float32(noise_scale))] * len(H)
    L = _n_layers(params)
    h = X
    for l in range(1, L):
        a, _ = layers.affine_forward(h, params[f"W{l}"], params.get(f"b{l}"))
        if f"gamma{l}" in params:
            bn = dict(bn_params[l - 1], mode="test")
            a, _ = layers.batchnorm_forward(a, params[f"gamma{l}"], params[f"beta{l}"], bn)
        if noise is not None:
            a = layers.noisy_bn(a, *noise[l - 1])
        h, _ = layers.sigmoid_forward(a)
    logits, _ = layers.affine_forward(h, params[f"W{L}"], params[f"b{L}"])
    return np.argmax(logits, axis=1)


def _old_sgd_step(params, grads, lr, names=None):
    for k in (params if names is None else names):
        params[k] -= np.asarray(lr * grads[k], dtype=params[k].dtype)


# ------------------------------------------------------------------ helpers


def same_bits(a, b) -> bool:
    """Equal dtype, shape and bytes (so also −0.0 ≠ 0.0 and equal NaNs count as equal)."""
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.fixture(scope="module", autouse=True)
def one_blas_thread():
    """One BLAS thread, as the experiments run (ch07.main): on a loaded 2-core machine two
    OpenBLAS threads made these steps ten times slower (56 ms against 6 ms a step)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        yield


@pytest.fixture(scope="module")
def mnist():
    from bnbook.data import load_mnist

    return load_mnist()


STEPS = 200


@pytest.mark.parametrize("kind", ch07.KINDS)
def test_ch07_network_is_bitwise_the_old_one_over_200_steps(kind, mnist):
    """The old network, ch07's functions (now on MLP) and an MLP trained directly with the noise
    hook take the same 200 SGD steps, bit for bit, as :func:`ch07.run` trains them."""
    batchnorm = kind in ("bn", "noisy")
    noisy = kind in ch07.NOISY_KINDS
    old = _old_init_params(np.random.default_rng(0), batchnorm)
    new = ch07.init_params(np.random.default_rng(0), batchnorm)
    model = MLP(ch07.SIZES, "sigmoid", batchnorm=batchnorm, rng=np.random.default_rng(0),
                fast=False)
    assert list(old) == list(new) == list(model.params)
    assert all(same_bits(old[k], new[k]) and same_bits(old[k], model.params[k]) for k in old)
    bn_old, bn_new = ch07.new_bn_params(old), ch07.new_bn_params(new)
    noise_rng = np.random.default_rng(2)
    order = np.random.default_rng(1).permutation(len(mnist.x_train))
    H = list(ch07.SIZES[1:-1])
    for step in range(STEPS):
        idx = order[step * ch07.BATCH_SIZE:(step + 1) * ch07.BATCH_SIZE]
        X, y = mnist.x_train[idx], mnist.y_train[idx]
        noise = None
        if noisy:
            dist = ch07.sample_noise_distribution(noise_rng, H)
            noise = [ch07.draw_noise(noise_rng, dist[0][l], dist[1][l], (len(idx), H[l]))
                     for l in range(len(H))]
        loss_o, g_o, pre_o = _old_forward_backward(old, X, y, bn_old, noise)
        loss_n, g_n, pre_n = ch07.forward_backward(new, X, y, bn_new, noise)
        loss_m, g_m, pre_m = model.loss(X, y, noise=noise, keep_preacts=True)
        assert loss_o == loss_n == loss_m, step
        assert list(g_o) == list(g_n)
        for k in g_o:
            assert same_bits(g_o[k], g_n[k]) and same_bits(g_o[k], g_m[k]), (step, k)
        for a, b, c in zip(pre_o, pre_n, pre_m, strict=True):
            assert same_bits(a, b) and same_bits(a, c), step
        _old_sgd_step(old, g_o, ch07.LEARNING_RATE)
        ch07.sgd_step(new, g_n, ch07.LEARNING_RATE)
        ch07.sgd_step(model.params, g_m, ch07.LEARNING_RATE)
    for k in old:
        assert same_bits(old[k], new[k]) and same_bits(old[k], model.params[k]), k
    for b_o, b_n, b_m in zip(bn_old, bn_new, model.bn_params, strict=True):
        for stat in ("running_mean", "running_var"):
            assert same_bits(b_o[stat], b_n[stat]) and same_bits(b_o[stat], b_m[stat])
    # inference: running statistics, noise replaced by its expected value
    scale = float(np.mean(ch07.NOISE_SCALE_RANGE)) if noisy else 1.0
    X_test = mnist.x_test[:2000]
    expected = _old_predict(old, bn_old, X_test, scale)
    assert same_bits(expected, ch07.predict(new, bn_new, X_test, scale))
    mean_noise = None if not noisy else [(np.float32(0.0), np.float32(scale))] * len(H)
    assert same_bits(expected, np.argmax(model.forward(X_test, noise=mean_noise), axis=1))
    # a probe record (grads=False, training-mode statistics, nothing updated)
    Xp, yp = X_test[:len(idx)], mnist.y_test[:len(idx)]
    _, _, pre_o = _old_forward_backward(old, Xp, yp, [dict(b) for b in bn_old], noise,
                                        grads=False)
    before = [dict(b) for b in bn_new]
    _, none, pre_n = ch07.forward_backward(new, Xp, yp, bn_new, noise, grads=False)
    assert none is None
    assert all(same_bits(a, b) for a, b in zip(pre_o, pre_n, strict=True))
    assert all(b0["running_mean"] is b1["running_mean"]
               for b0, b1 in zip(before, bn_new, strict=True))  # grads=False updates nothing


def test_run_ics_landscape_and_regimes_are_the_old_results(mnist, monkeypatch):
    """:func:`ch07.run` (all four kinds: loss, probe records, ICS gradients, landscape curves,
    test accuracy) and :func:`ch07.regime_run` give the same results on MLP as with the old
    network patched in."""
    kw = dict(steps=40, record_every=10, measure_every=20, landscape_steps=(0, 40),
              probe_size=200, eval_size=1000)
    new_runs = ch07.run_all(mnist, **kw)
    new_regime = ch07.regime_run(mnist, 0.5, (1.0, 2.0), steps=20, measure_every=10,
                                 eval_size=1000)
    monkeypatch.setattr(ch07, "init_params", _old_init_params)
    monkeypatch.setattr(ch07, "forward_backward", _old_forward_backward)
    monkeypatch.setattr(ch07, "predict", _old_predict)
    monkeypatch.setattr(ch07, "sgd_step", _old_sgd_step)
    old_runs = ch07.run_all(mnist, **kw)
    old_regime = ch07.regime_run(mnist, 0.5, (1.0, 2.0), steps=20, measure_every=10,
                                 eval_size=1000)
    for kind in ch07.KINDS:
        assert new_runs[kind] == old_runs[kind], kind
    assert new_regime == old_regime
    assert len(new_runs["bn"]["curves"]["40"]["losses"]) == len(ch07.ETA_FACTORS)  # not vacuous


def test_forward_backward_refuses_test_mode_gradients():
    params = ch07.init_params(np.random.default_rng(0), True, sizes=(4, 3, 2))
    X, y = np.ones((5, 4), np.float32), np.zeros(5, int)
    bn = ch07.new_bn_params(params)
    ch07.forward_backward(params, X, y, bn)  # running statistics exist now
    with pytest.raises(ValueError, match="training mode only"):
        ch07.forward_backward(params, X, y, bn, mode="test")
    loss, grads, pre = ch07.forward_backward(params, X, y, bn, mode="test", grads=False)
    assert grads is None and np.isfinite(loss) and pre[0].shape == (5, 3)


def _old_pre_bn_std(params, X):
    h, out = np.asarray(X, dtype=np.float64), []
    for l in range(1, _n_layers(params)):
        y = h @ params[f"W{l}"].astype(np.float64)
        out.append(float(np.median(y.std(axis=0))))
        x_hat = (y - y.mean(axis=0)) / np.sqrt(y.var(axis=0) + 1e-5)
        a = params[f"gamma{l}"] * x_hat + params[f"beta{l}"]
        h = 1.0 / (1.0 + np.exp(-a))
    return out


def test_pre_bn_std_on_mlp_agrees_with_the_old_float64_pass(mnist):
    """Not bitwise: the float64 pass now goes through MLP (BLAS column sums, the overflow-free
    sigmoid) instead of numpy's std and 1/(1+e^−a). Measured: at most 4.4e-16 relative (2 ulp)
    over the notebook's four weight scales and 20 random BN networks; 1e-13 leaves margin, and
    the notebook prints 3 decimals."""
    params = ch07.init_params(np.random.default_rng(0), batchnorm=True)
    X = mnist.x_train[:60]
    for c in ch07.REGIME_SCALES:
        scaled = ch07.rescale_hidden_weights(params, c)
        np.testing.assert_allclose(ch07.pre_bn_std(scaled, X), _old_pre_bn_std(scaled, X),
                                   rtol=1e-13, atol=0)
