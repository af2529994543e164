"""Tests of bnbook.model.MLP: numerical gradient checks, parameter names, fast path == layer path,
running statistics, pre-activations."""

from __future__ import annotations

import numpy as np
import pytest

from bnbook.checks import eval_numerical_gradient, rel_error
from bnbook.model import MLP

SIZES = [6, 5, 4, 3]


def small_batch(seed=0, n=8, d=6, c=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.integers(0, c, size=n)


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
@pytest.mark.parametrize("batchnorm", [False, True])
@pytest.mark.parametrize("fast", [False, True])
def test_gradient_check_every_parameter(activation, batchnorm, fast):
    X, y = small_batch()
    model = MLP(SIZES, activation, batchnorm=batchnorm, weight_std=0.8, rng=1,
                dtype=np.float64, fast=fast)
    # non-trivial γ, β, b so their gradients are exercised away from the initial values
    rng = np.random.default_rng(2)
    for name, p in model.params.items():
        if not name.startswith("W"):
            p += 0.3 * rng.normal(size=p.shape)
    _, grads = model.loss(X, y)
    assert set(grads) == set(model.params)
    for name, p in model.params.items():
        num = eval_numerical_gradient(lambda _: model.loss(X, y)[0], p)
        err = rel_error(num, grads[name])
        assert err < 1e-6, f"{name}: relative error {err:.2e} ({activation}, BN={batchnorm})"


def test_no_bias_where_batchnorm_follows():
    bn = MLP([784, 100, 100, 100, 10], batchnorm=True, rng=0)
    assert sorted(bn.params) == sorted(
        ["W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "gamma3", "beta3", "W4", "b4"])
    plain = MLP([784, 100, 100, 100, 10], batchnorm=False, rng=0)
    assert sorted(plain.params) == sorted(["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"])
    assert len(bn.bn_params) == 3 and plain.bn_params == []
    assert bn.params["W1"].dtype == np.float32 and bn.params["gamma2"].shape == (100,)


def test_initial_weights():
    m = MLP([400, 300, 10], rng=np.random.default_rng(0))
    assert abs(m.params["W1"].std() - 1 / 20) < 0.002  # 1/sqrt(fan_in) by default
    m = MLP([400, 300, 10], weight_std=[0.01, 0.5], rng=0)
    assert abs(m.params["W1"].std() - 0.01) < 0.001 and abs(m.params["W2"].std() - 0.5) < 0.02
    with pytest.raises(ValueError, match="one value per layer"):
        MLP([4, 3, 2], weight_std=[0.1], rng=0)
    with pytest.raises(ValueError, match="activation"):
        MLP([4, 3, 2], activation="softplus", rng=0)


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
@pytest.mark.parametrize("batchnorm", [False, True])
@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-10), (np.float32, 1e-5)])
def test_fast_path_equals_layer_path(activation, batchnorm, dtype, tol):
    """Several training steps on both paths from the same start give the same losses, gradients,
    parameters, running statistics and test-mode outputs, up to rounding: errors are measured
    relative to each array's largest entry (float32 measured ~3e-6, float64 ~1e-14)."""

    def close(a, b):
        return np.abs(a - b).max() <= tol * max(np.abs(b).max(), 1e-30)

    sizes = [20, 16, 12, 5]
    rng = np.random.default_rng(3)
    X = rng.random((64, 20))
    y = rng.integers(0, 5, 64)
    fast = MLP(sizes, activation, batchnorm=batchnorm, rng=4, dtype=dtype, fast=True)
    slow = MLP(sizes, activation, batchnorm=batchnorm, rng=4, dtype=dtype, fast=False)
    for step in range(5):
        rows = slice(step * 12, step * 12 + 12)
        lf, gf = fast.loss(X[rows], y[rows], reuse_buffers=True)
        ls, gs = slow.loss(X[rows], y[rows])
        assert abs(lf - ls) <= tol * max(1.0, abs(ls))
        for k in gs:
            assert gf[k].dtype == dtype
            assert close(gf[k], gs[k]), k
            fast.params[k] -= 0.5 * gf[k]
            slow.params[k] -= 0.5 * gs[k]
    for bf, bs in zip(fast.bn_params, slow.bn_params, strict=True):
        assert close(bf["running_mean"], bs["running_mean"])
        assert close(bf["running_var"], bs["running_var"])
    logits_f, pre_f = fast.forward(X, keep_preacts=True)
    logits_s, pre_s = slow.forward(X, keep_preacts=True)
    assert close(logits_f, logits_s)
    for a, b in zip(pre_f, pre_s, strict=True):
        assert close(a, b)
    for k in slow.params:
        assert close(fast.params[k], slow.params[k]), k


def test_reused_buffers_are_overwritten_but_copies_are_not():
    X, y = small_batch(n=10)
    m = MLP(SIZES, batchnorm=True, rng=0, dtype=np.float64)
    _, g_copy = m.loss(X, y)
    _, g_buf = m.loss(X, y, reuse_buffers=True)
    w1 = g_buf["W1"].copy()
    m.loss(X[::-1] * 2, y[::-1], reuse_buffers=True)
    assert not np.allclose(g_buf["W1"], w1)  # the buffer was overwritten
    np.testing.assert_allclose(g_copy["W1"], w1)  # the copy was not


def test_training_mode_updates_running_stats_and_test_mode_does_not():
    X, y = small_batch(n=16)
    m = MLP(SIZES, batchnorm=True, rng=0, dtype=np.float64)
    before = [(b["running_mean"].copy(), b["running_var"].copy()) for b in m.bn_params]
    m.loss(X, y)
    after = [(b["running_mean"].copy(), b["running_var"].copy()) for b in m.bn_params]
    assert not np.allclose(before[0][0], after[0][0])
    # Keras convention, unbiased variance: r ← 0.9 r + 0.1 · stat
    a1 = X @ m.params["W1"]
    np.testing.assert_allclose(after[0][0], 0.1 * a1.mean(0))
    np.testing.assert_allclose(after[0][1], 0.9 + 0.1 * a1.var(0, ddof=1))
    for mode in ("test", "train"):
        m.forward(X, mode=mode, keep_preacts=True)
        m.accuracy(X, y)
        m.preacts(X, units=[0, 2])
        for b, (rm, rv) in zip(m.bn_params, after, strict=True):
            np.testing.assert_array_equal(b["running_mean"], rm)
            np.testing.assert_array_equal(b["running_var"], rv)


def test_train_and_test_mode_differ_with_batchnorm():
    X, y = small_batch(n=16)
    m = MLP(SIZES, batchnorm=True, rng=0, dtype=np.float64)
    m.loss(X, y)
    _, pre_train = m.forward(X, mode="train", keep_preacts=True)
    # training mode: each BN output is standardized over the batch (γ = 1, β = 0)
    np.testing.assert_allclose(pre_train[0].mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(pre_train[0].std(0), 1, atol=1e-3)
    assert not np.allclose(m.forward(X, mode="test"), m.forward(X, mode="train"))


def test_preacts_selects_layer_and_units():
    X, _ = small_batch(n=9)
    m = MLP(SIZES, rng=0, dtype=np.float64)
    z = m.preacts(X, units=[1, 3])
    expect = m.forward(X, keep_preacts=True)[1][-1][:, [1, 3]]
    np.testing.assert_array_equal(z, expect)
    assert m.preacts(X, layer=1).shape == (9, 5)
    with pytest.raises(ValueError, match="hidden layer"):
        m.preacts(X, layer=3)


def test_predict_accuracy_and_errors():
    X, y = small_batch(n=30)
    m = MLP(SIZES, rng=0)
    pred = m.predict(X, batch_size=7)
    assert pred.shape == (30,)
    assert m.accuracy(X, y) == pytest.approx(np.mean(pred == y))
    with pytest.raises(ValueError, match=r"shape \(N, 6\)"):
        m.loss(X[:, :5], y)
    with pytest.raises(ValueError, match="N > 1"):
        MLP(SIZES, batchnorm=True, rng=0).loss(X[:1], y[:1])


def test_float32_throughout():
    X, y = small_batch(n=12)
    m = MLP(SIZES, batchnorm=True, rng=0)
    _, g = m.loss(X, y)  # float64 input is cast
    assert all(v.dtype == np.float32 for v in g.values())
    assert m.forward(X).dtype == np.float32
    assert all(b["running_var"].dtype == np.float32 for b in m.bn_params)


def test_params_and_grads_are_views_of_flat_buffers():
    X, y = small_batch(n=10)
    m = MLP(SIZES, batchnorm=True, rng=0, dtype=np.float64)
    for name, p in m.params.items():
        assert np.shares_memory(p, m.flat_params), name
    _, g = m.loss(X, y, reuse_buffers=True)
    flat = m.flat_grads(10)
    for name, p in m.params.items():
        assert np.shares_memory(g[name], flat)
        # the same offset in both flat buffers
        off_p = (p.__array_interface__["data"][0] - m.flat_params.__array_interface__["data"][0])
        off_g = (g[name].__array_interface__["data"][0] - flat.__array_interface__["data"][0])
        assert off_p == off_g, name
    assert flat.size == m.flat_params.size
    assert np.count_nonzero(flat) <= sum(v.size for v in g.values())  # padding stays 0


def test_dropout_option_gradients_with_a_fixed_mask():
    """keep < 1: inverted dropout after each hidden activation in loss() (layer path); the
    gradients match centred differences when every call draws the same mask."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(9, 5)), rng.integers(0, 3, 9)
    for batchnorm in (False, True):
        net = MLP([5, 6, 4, 3], "relu", batchnorm=batchnorm, rng=1, dtype=np.float64, keep=0.6,
                  dropout_rng=0)

        def loss(net=net):
            net.dropout_rng = np.random.default_rng(7)
            return net.loss(X, y)

        _, grads = loss()
        for name, p in net.params.items():
            num = eval_numerical_gradient(lambda _: loss()[0], p)
            assert rel_error(grads[name], num) < 1e-6, (batchnorm, name)


def test_dropout_acts_in_training_steps_only():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 5)).astype(np.float32), rng.integers(0, 3, 40)
    plain = MLP([5, 30, 3], "relu", rng=1, fast=False)  # the path a network with dropout takes
    drop = MLP([5, 30, 3], "relu", rng=1, keep=0.5, dropout_rng=2)
    assert np.array_equal(plain.forward(X), drop.forward(X))  # test mode: identity
    assert np.array_equal(plain.forward(X, "train"), drop.forward(X, "train"))
    assert MLP([5, 30, 3], "relu", rng=1, fast=False, keep=1.0).loss(X, y)[0] == plain.loss(X, y)[0]
    assert abs(plain.loss(X, y)[0] - drop.loss(X, y)[0]) > 1e-3  # a training step drops units
    first = drop.loss(X, y)[1]["W1"]
    assert not np.array_equal(first, drop.loss(X, y)[1]["W1"])  # a new mask every step


@pytest.mark.parametrize("kwargs, match", [
    ({"keep": 0.0, "dropout_rng": 0}, "keep"),
    ({"keep": 1.5, "dropout_rng": 0}, "keep"),
    ({"keep": 0.5}, "dropout_rng"),
])
def test_dropout_option_errors_are_clear(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MLP([4, 3, 2], **kwargs)


# --- noise after BN (chapter 7's noisy BN) and from_params ----------------------------------------

def _noise(rng, N, widths):
    return [(rng.uniform(-0.5, 0.5, size=(N, h)), rng.normal(1.1, 0.1, size=(N, h)))
            for h in widths]


@pytest.mark.parametrize("batchnorm", [False, True])
def test_noise_hook_gradient_check(batchnorm):
    """loss(noise=…) applies s·a + m to each activation input; the gradients (through s) match
    centred differences of the loss with the same noise."""
    X, y = small_batch()
    model = MLP(SIZES, "sigmoid", batchnorm=batchnorm, weight_std=0.8, rng=1, dtype=np.float64)
    noise = _noise(np.random.default_rng(3), len(X), SIZES[1:-1])
    loss, grads, pre = model.loss(X, y, noise=noise, keep_preacts=True)
    assert [p.shape for p in pre] == [(8, 5), (8, 4)]
    assert abs(loss - model.loss(X, y)[0]) > 1e-3  # the noise changes the loss
    for name, p in model.params.items():
        num = eval_numerical_gradient(lambda _: model.loss(X, y, noise=noise)[0], p)
        assert rel_error(num, grads[name]) < 1e-6, (batchnorm, name)


def test_noise_hook_places_the_noise_after_bn_before_the_activation():
    X, y = small_batch()
    model = MLP(SIZES, batchnorm=True, rng=1, dtype=np.float64, fast=False)
    _, clean = model.forward(X, "train", keep_preacts=True)
    noise = _noise(np.random.default_rng(4), len(X), SIZES[1:-1])
    _, noisy = model.forward(X, "train", keep_preacts=True, noise=noise)
    # the first layer's input is the same, so its preactivation is exactly s·BN(a) + m
    m, s = noise[0]
    assert np.array_equal(noisy[0], s * clean[0] + m)
    # scalars broadcast; (0, 1) is the identity, bit for bit, in both modes and in loss()
    identity = [(0.0, 1.0)] * 2
    assert np.array_equal(model.forward(X, "train", noise=identity), model.forward(X, "train"))
    assert np.array_equal(model.forward(X, noise=identity), model.forward(X))
    a = MLP(SIZES, batchnorm=True, rng=1, dtype=np.float64, fast=False)
    b = MLP(SIZES, batchnorm=True, rng=1, dtype=np.float64, fast=False)
    la, ga = a.loss(X, y, noise=identity)
    lb, gb = b.loss(X, y)
    assert la == lb and all(np.array_equal(ga[k], gb[k]) for k in ga)


@pytest.mark.parametrize("noise, match", [
    ([(0.0, 1.0)], "one \\(m, s\\) pair per hidden layer"),
    ([(0.0, 1.0), (np.zeros((8, 5)), 1.0)], r"noise\[1\]"),
    ([(0.0, 1.0), 3.0], r"noise\[1\]"),
])
def test_noise_errors_are_clear(noise, match):
    X, y = small_batch()
    model = MLP(SIZES, rng=0, dtype=np.float64)
    with pytest.raises(ValueError, match=match):
        model.loss(X, y, noise=noise)
    with pytest.raises(ValueError, match=match):
        model.forward(X, noise=noise)


@pytest.mark.parametrize("batchnorm", [False, True])
def test_loss_keep_preacts_fast_and_layer_paths_agree(batchnorm):
    X, y = small_batch()
    fast = MLP(SIZES, batchnorm=batchnorm, rng=1, dtype=np.float64)
    slow = MLP(SIZES, batchnorm=batchnorm, rng=1, dtype=np.float64, fast=False)
    _, _, pre_fast = fast.loss(X, y, keep_preacts=True)
    _, _, pre_slow = slow.loss(X, y, keep_preacts=True)
    _, pre_fwd = slow.forward(X, "train", keep_preacts=True)
    for a, b, c in zip(pre_fast, pre_slow, pre_fwd, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
        assert np.array_equal(b, c)
    assert pre_fast[0] is not fast._buffers[len(X)]["z"][0]  # a copy, not the work buffer


def test_from_params_wraps_a_parameter_dict():
    X, y = small_batch()
    for batchnorm in (False, True):
        ref = MLP(SIZES, batchnorm=batchnorm, rng=1, dtype=np.float64, fast=False)
        params = {k: v.copy() for k, v in ref.params.items()}
        bn_params = [{"mode": "train", "eps": 1e-5, "momentum": 0.9} for _ in ref.bn_params]
        model = MLP.from_params(params, bn_params, fast=False)
        assert model.sizes == SIZES and model.batchnorm == batchnorm
        assert model.dtype == np.float64 and list(model.params) == list(ref.params)
        la, ga = model.loss(X, y)
        lb, gb = ref.loss(X, y)
        assert la == lb and all(np.array_equal(ga[k], gb[k]) for k in ga)
        for l, (shared, own) in enumerate(zip(bn_params, ref.bn_params, strict=True)):
            assert shared is model.bn_params[l]  # shared: the training step updated them
            assert np.array_equal(shared["running_mean"], own["running_mean"])
            assert not np.array_equal(own["running_mean"], np.zeros_like(own["running_mean"]))
        model.params["W1"][0, 0] += 1.0  # a copy: the caller's dict is left alone
        assert params["W1"][0, 0] == ref.params["W1"][0, 0]
        assert np.shares_memory(model.params["W1"], model.flat_params)


@pytest.mark.parametrize("change, match", [
    (lambda p: p.pop("b3"), "do not describe"),
    (lambda p: p.update(W2=np.zeros((5, 7))), "must have shape"),
    (lambda p: p.update(b1=np.zeros(5, np.float32)), "dtype"),
    (lambda p: p.update(W1=np.zeros((6, 5), int)), "float"),
])
def test_from_params_errors_are_clear(change, match):
    params = {k: v.copy() for k, v in MLP(SIZES, rng=0, dtype=np.float64).params.items()}
    change(params)
    with pytest.raises(ValueError, match=match):
        MLP.from_params(params)
    bn = MLP(SIZES, batchnorm=True, rng=0).params
    with pytest.raises(ValueError, match="one bn_param per hidden layer"):
        MLP.from_params(bn, [{"mode": "train", "eps": 1e-5, "momentum": 0.9}])


# --- the normalization path: norm="none" | "bn" | "ln" | "gn" (chapter 8) -----------------------

NORM_SIZES = [6, 8, 6, 3]  # GN with 2 groups: groups of 4 and 3 features


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
@pytest.mark.parametrize("norm, m", [("none", 4), ("bn", 5), ("bn", 1), ("ln", 1), ("ln", 4),
                                     ("gn", 3)])
def test_norm_path_gradient_check(activation, norm, m):
    X, y = small_batch(n=m)
    model = MLP(NORM_SIZES, activation, norm=norm, groups=2, weight_std=0.8, rng=1,
                dtype=np.float64)
    rng = np.random.default_rng(2)
    for name, p in model.params.items():
        if not name.startswith("W"):
            p += 0.3 * rng.normal(size=p.shape)
    loss, grads = model.loss(X, y)
    assert set(grads) == set(model.params)
    # A centred difference with step h carries a rounding error of about eps·|L|/h (2e-11 here):
    # on an entry of 1e-5 that alone is a relative error near 1e-6 (measured on W1[1, 3] of the
    # (bn, 5, relu) case: |Δ| 1.0e-11 under the SkylakeX OpenBLAS kernel, 3.4e-11 under Haswell,
    # relative 5.2e-7 and 1.8e-6). So each entry must agree to 1e-6 relative OR within 100× that
    # rounding bound; an error in the backward pass is orders of magnitude larger.
    h = 1e-5
    rounding = 100 * np.finfo(np.float64).eps * abs(loss) / h
    for name, p in model.params.items():
        num = eval_numerical_gradient(lambda _: model.loss(X, y)[0], p, h=h)
        diff = np.abs(num - grads[name])
        bad = diff > 1e-6 * (np.abs(num) + np.abs(grads[name])) + rounding
        assert not bad.any(), (f"{name}: relative error {rel_error(num, grads[name]):.2e}, "
                               f"largest |Δ| {diff.max():.1e} ({activation}, {norm}, m={m})")


@pytest.mark.parametrize("norm, batchnorm", [("none", False), ("bn", True)])
def test_norm_path_is_the_same_network_as_the_other_paths(norm, batchnorm):
    """norm="none" / "bn" build the same parameters as batchnorm=False / True and compute the
    same loss, gradients, running averages and test-mode logits, to float64 rounding (the
    arithmetic differs in its order, so not bit for bit)."""
    X, y = small_batch(n=8)
    a = MLP(SIZES, "tanh", norm=norm, rng=3, dtype=np.float64)
    b = MLP(SIZES, "tanh", batchnorm=batchnorm, rng=3, dtype=np.float64, fast=False)
    assert list(a.params) == list(b.params)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    for _ in range(3):
        la, ga = a.loss(X, y)
        lb, gb = b.loss(X, y)
        assert la == pytest.approx(lb, rel=1e-12)
        for k in ga:
            np.testing.assert_allclose(ga[k], gb[k], rtol=1e-9, atol=1e-12)
    for bn_a, bn_b in zip(a.bn_params, b.bn_params, strict=True):
        np.testing.assert_allclose(bn_a["running_mean"], bn_b["running_mean"], rtol=1e-12)
        np.testing.assert_allclose(bn_a["running_var"], bn_b["running_var"], rtol=1e-12)
    np.testing.assert_allclose(a.forward(X), b.forward(X), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(a.forward(X, "train"), b.forward(X, "train"), rtol=1e-10,
                               atol=1e-12)


def test_norm_bn_at_batch_size_one():
    """m = 1: x − μ = 0, so BN outputs β, no gradient passes below BN, and there is no running
    variance: has_running turns False and test mode refuses (training mode still works)."""
    model = MLP([6, 8, 8, 3], "relu", norm="bn", rng=0, dtype=np.float64)
    model.params["beta1"] += np.linspace(-1, 1, 8)
    model.params["beta2"] += 0.5  # > 0: the ReLUs pass the gradient
    X, y = small_batch(n=1)
    _, grads, pre = model.loss(X, y, keep_preacts=True)
    np.testing.assert_array_equal(pre[0][0], model.params["beta1"])
    assert not grads["W1"].any() and not grads["W2"].any()
    # the last BN blocks everything below it: only its β and the output layer learn
    assert not any(grads[k].any() for k in ("gamma1", "beta1", "gamma2"))
    assert grads["beta2"].any() and grads["W3"].any()
    assert not model.has_running
    with pytest.raises(ValueError, match="running variance"):
        model.forward(X)
    one = [model.forward(small_batch(seed=s, n=1)[0], "train") for s in range(3)]
    assert all(np.array_equal(one[0], o) for o in one)  # every input, the same scores


@pytest.mark.parametrize("kwargs, match", [
    ({"norm": "batch"}, "norm must be"),
    ({"norm": "bn", "batchnorm": True}, "not both"),
    ({"norm": "gn", "groups": 3}, "groups"),
    ({"norm": "gn", "groups": 4}, "groups"),  # groups of 1 feature: variance 0
    ({"norm": "ln", "keep": 0.5, "dropout_rng": 0}, "dropout"),
])
def test_norm_option_errors_are_clear(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MLP([6, 4, 4, 3], **kwargs)


def test_norm_path_takes_no_noise():
    model = MLP([6, 4, 3], norm="ln")
    X, y = small_batch()
    noise = [(np.zeros((8, 4)), np.ones((8, 4)))]
    with pytest.raises(ValueError, match="noise"):
        model.loss(X, y, noise=noise)
    with pytest.raises(ValueError, match="noise"):
        model.forward(X, noise=noise)
