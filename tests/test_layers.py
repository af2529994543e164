"""Unit and property tests for bnbook.layers (float64 gradient checks, BN conventions, errors)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bnbook import layers as L
from bnbook.checks import eval_numerical_gradient, eval_numerical_gradient_array, rel_error

GRAD_TOL = 1e-7  # float64 centred differences, h = 1e-5


def _rng(seed=0):
    return np.random.default_rng(seed)


def _trained_bn_param(x, gamma, beta, steps=3, seed=1):
    """A bn_param whose running averages have seen a few training batches like x."""
    rng = _rng(seed)
    bn_param = {"mode": "train"}
    for _ in range(steps):
        L.batchnorm_forward(x + rng.normal(size=x.shape), gamma, beta, bn_param)
    return bn_param


# ----------------------------------------------------------------------------------------------
# batch normalization: forward


def test_bn_output_is_standardized_per_feature():
    rng = _rng()
    x = rng.normal(loc=5.0, scale=[0.5, 2.0, 10.0, 30.0], size=(200, 4))
    out, _ = L.batchnorm_forward(x, np.ones(4), np.zeros(4), {"mode": "train"})
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    # var(out) = var / (var + eps): exactly 1 up to eps
    np.testing.assert_allclose(out.var(axis=0), 1.0, atol=1e-4)


def test_bn_gamma_beta_are_applied_per_feature():
    rng = _rng()
    x = rng.normal(size=(50, 3))
    gamma, beta = np.array([2.0, -1.0, 0.5]), np.array([1.0, 3.0, -2.0])
    out, cache = L.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    np.testing.assert_allclose(out, gamma * cache["x_hat"] + beta, atol=1e-12)
    np.testing.assert_allclose(out.mean(axis=0), beta, atol=1e-12)


def test_bn_can_represent_the_identity():
    # Ioffe & Szegedy 2015, §3: gamma = sqrt(Var[x] + eps), beta = E[x] gives back x.
    rng = _rng()
    x = rng.normal(loc=[-3.0, 0.0, 7.0], scale=[0.1, 1.0, 4.0], size=(64, 3))
    eps = 1e-5
    gamma = np.sqrt(x.var(axis=0) + eps)
    beta = x.mean(axis=0)
    out, _ = L.batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": eps})
    np.testing.assert_allclose(out, x, rtol=1e-12, atol=1e-12)


def test_bn_cache_holds_the_quantities_readers_inspect():
    rng = _rng()
    x = rng.normal(size=(10, 3))
    gamma = rng.normal(size=3)
    _, cache = L.batchnorm_forward(x, gamma, np.zeros(3), {"mode": "train", "eps": 1e-3})
    np.testing.assert_allclose(cache["mu"], x.mean(axis=0), atol=1e-14)
    np.testing.assert_allclose(cache["var"], x.var(axis=0), atol=1e-14)  # biased, 1/N
    np.testing.assert_allclose(cache["x_hat"], (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3))
    np.testing.assert_array_equal(cache["gamma"], gamma)
    assert cache["eps"] == 1e-3


@pytest.mark.parametrize("mode", ["train", "test"])
def test_bn_cache_reads_like_a_dict(mode):
    rng = _rng()
    x = rng.normal(size=(6, 3))
    bn_param = {"mode": mode, "running_mean": np.zeros(3), "running_var": np.ones(3)}
    _, cache = L.batchnorm_forward(x, np.ones(3), np.zeros(3), bn_param)
    for key in ("x", "x_mu", "x_hat", "mu", "var", "std", "inv_std", "gamma", "beta", "eps",
                "mode"):
        assert key in cache and key in cache.keys()
        assert cache.get(key) is not None
    as_dict = dict(cache)
    assert set(as_dict) == set(cache) and len(cache) == len(as_dict)
    np.testing.assert_allclose(as_dict["x_hat"], (x - cache["mu"]) / np.sqrt(cache["var"] + 1e-5))
    assert cache["x_hat"] is cache["x_hat"]  # computed once, then stored

    assert cache["mode"] == mode
    with pytest.raises(KeyError):
        cache["no such key"]


def test_fast_backward_does_not_compute_x_hat():
    # x_hat is computed only when read: the training path (forward + backward_alt) skips that pass
    x = _rng().normal(size=(8, 3))
    _, cache = L.batchnorm_forward(x, np.ones(3), np.zeros(3), {"mode": "train"})
    L.batchnorm_backward_alt(np.ones((8, 3)), cache)
    assert "x_hat" not in cache._data


def _check_shift_and_scale_invariance(x, gamma, beta, shifts, scales, eps=1e-5):
    """BN(x + c) = BN(x) exactly, and BN(s·x) with ε equals BN(x) with ε/s² exactly (so BN is
    scale-invariant up to ε/(s²σ²)). The tolerance is derived from the draw: computing x − μ
    loses about u·(|x| + |c|)/σ relative to x̂ (u = float64 epsilon), which is large when the
    draw has nearly equal values (N = 2: σ² can be 1e-8 or less)."""
    N = x.shape[0]
    mu, var = x.mean(axis=0), x.var(axis=0)
    u = np.finfo(np.float64).eps
    # per feature: 64 ulps of the largest value involved, relative to σ, through |γ|·√N
    tol = 1e-12 + 64 * u * np.abs(gamma) * np.sqrt(N) * (
        np.abs(x).max(axis=0) + np.abs(shifts) + 1.0) / np.sqrt(var + eps / scales**2)
    out, _ = L.batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": eps})
    out_shift, _ = L.batchnorm_forward(x + shifts, gamma, beta, {"mode": "train", "eps": eps})
    out_scale, _ = L.batchnorm_forward(x * scales, gamma, beta, {"mode": "train", "eps": eps})
    # BN(s·x; ε) = γ·(x − μ)/√(σ² + ε/s²) + β, exactly
    expected_scale = gamma * (x - mu) / np.sqrt(var + eps / scales**2) + beta
    assert (np.abs(out_shift - out) <= tol).all(), (np.abs(out_shift - out).max(axis=0), tol)
    assert (np.abs(out_scale - expected_scale) <= tol).all(), (
        np.abs(out_scale - expected_scale).max(axis=0), tol)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), N=st.integers(2, 40), D=st.integers(1, 8),
       shift=st.floats(-100, 100), log_scale=st.floats(-2, 2))
def test_bn_is_invariant_to_per_feature_shift_and_positive_scale(seed, N, D, shift, log_scale):
    rng = _rng(seed)
    x = rng.normal(size=(N, D))
    gamma, beta = rng.normal(size=D), rng.normal(size=D)
    shifts = shift * rng.uniform(-1, 1, size=D)
    scales = 10.0 ** (log_scale * rng.uniform(0, 1, size=D))  # positive, per feature
    _check_shift_and_scale_invariance(x, gamma, beta, shifts, scales)


@pytest.mark.parametrize("eps", [1e-5, 1e-14])
def test_bn_shift_scale_invariance_on_the_draw_that_once_failed(eps):
    """N = 2 with two nearly equal values (batch variance 5.6e-8), the draw of issue 10, which
    broke a fixed 1e-8 tolerance (ε/σ² = 1.8e-7 with ε = 1e-14)."""
    x = np.array([[0.3, -1.0], [0.3 + 2 * np.sqrt(5.6e-8), 1.0]])
    _check_shift_and_scale_invariance(x, np.array([1.3, -0.7]), np.array([0.2, 0.1]),
                                      np.array([99.0, -50.0]), np.array([0.01, 100.0]), eps)


def test_bn_keeps_float32_and_does_not_mutate_x():
    rng = _rng()
    x = rng.normal(size=(16, 5)).astype(np.float32)
    x_before = x.copy()
    bn_param = {"mode": "train"}
    out, cache = L.batchnorm_forward(x, np.ones(5, np.float32), np.zeros(5, np.float32), bn_param)
    assert out.dtype == np.float32
    for backward in (L.batchnorm_backward, L.batchnorm_backward_alt):
        dx, dgamma, dbeta = backward(np.ones_like(out), cache)
        assert dx.dtype == dgamma.dtype == dbeta.dtype == np.float32
    assert bn_param["running_mean"].dtype == bn_param["running_var"].dtype == np.float32
    bn_param["mode"] = "test"
    out_test, _ = L.batchnorm_forward(x, np.ones(5, np.float32), np.zeros(5, np.float32), bn_param)
    assert out_test.dtype == np.float32
    np.testing.assert_array_equal(x, x_before)


def test_every_layer_keeps_float32():
    rng = _rng()
    x = rng.normal(size=(6, 4)).astype(np.float32)
    w, bias = rng.normal(size=(4, 3)).astype(np.float32), np.zeros(3, np.float32)
    out, cache = L.affine_forward(x, w, bias)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in L.affine_backward(np.ones_like(out), cache))
    for name in ("sigmoid", "tanh", "relu"):
        out, cache = getattr(L, f"{name}_forward")(x)
        assert out.dtype == np.float32, name
        assert getattr(L, f"{name}_backward")(np.ones_like(out), cache).dtype == np.float32, name
    x4 = rng.normal(size=(2, 3, 2, 2)).astype(np.float32)
    out, cache = L.spatial_batchnorm_forward(x4, np.ones(3), np.zeros(3), {})
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in L.spatial_batchnorm_backward(out, cache))
    loss, dlogits = L.softmax_cross_entropy(x, np.array([0, 1, 2, 3, 0, 1]))
    assert dlogits.dtype == L.softmax(x).dtype == L.log_softmax(x).dtype == np.float32
    assert isinstance(loss, float)


# ----------------------------------------------------------------------------------------------
# batch normalization: running averages and test mode


def test_running_stats_created_on_first_training_call():
    bn_param = {"mode": "train"}
    x = np.array([[1.0, 10.0], [3.0, 14.0]])
    L.batchnorm_forward(x, np.ones(2), np.zeros(2), bn_param)
    # from zeros / ones with the default momentum 0.9
    np.testing.assert_allclose(bn_param["running_mean"], 0.1 * np.array([2.0, 12.0]))
    # unbiased batch variances: [2, 8]
    np.testing.assert_allclose(bn_param["running_var"], 0.9 + 0.1 * np.array([2.0, 8.0]))


def test_running_var_uses_the_unbiased_batch_variance_by_hand():
    # x = 1, 2, 3, 6: mean 3; squared deviations 4, 1, 0, 9 (sum 14);
    # biased variance 14/4 = 3.5 (used to normalize), unbiased 14/3 (goes into the running average).
    x = np.array([[1.0], [2.0], [3.0], [6.0]])
    bn_param = {"mode": "train", "momentum": 0.0}  # momentum 0: running stats = this batch's stats
    _, cache = L.batchnorm_forward(x, np.ones(1), np.zeros(1), bn_param)
    assert cache["var"][0] == pytest.approx(3.5, rel=1e-15)
    assert bn_param["running_var"][0] == pytest.approx(14 / 3, rel=1e-15)
    assert bn_param["running_mean"][0] == pytest.approx(3.0, rel=1e-15)


def test_running_average_momentum_convention_one_step_by_hand():
    # r <- momentum·r + (1 − momentum)·stat, momentum = weight of the OLD value (Keras convention).
    x = np.array([[1.0], [2.0], [3.0], [6.0]])  # mean 3, unbiased variance 14/3
    bn_param = {"mode": "train", "momentum": 0.8,
                "running_mean": np.array([10.0]), "running_var": np.array([2.0])}
    L.batchnorm_forward(x, np.ones(1), np.zeros(1), bn_param)
    assert bn_param["running_mean"][0] == pytest.approx(0.8 * 10 + 0.2 * 3)  # 8.6
    assert bn_param["running_var"][0] == pytest.approx(0.8 * 2 + 0.2 * 14 / 3)  # 2.5333…


def test_running_update_does_not_overwrite_the_callers_arrays():
    old_mean, old_var = np.array([10.0]), np.array([2.0])
    bn_param = {"mode": "train", "running_mean": old_mean, "running_var": old_var}
    L.batchnorm_forward(np.array([[1.0], [3.0]]), np.ones(1), np.zeros(1), bn_param)
    assert old_mean[0] == 10.0 and old_var[0] == 2.0
    assert bn_param["running_mean"][0] != 10.0


def test_test_mode_uses_running_stats_and_does_not_update_them():
    rng = _rng()
    running_mean, running_var = np.array([1.0, -2.0, 0.5]), np.array([4.0, 0.25, 1.0])
    bn_param = {"mode": "test", "eps": 1e-5, "momentum": 0.9,
                "running_mean": running_mean.copy(), "running_var": running_var.copy()}
    x = rng.normal(size=(7, 3))
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([0.0, -1.0, 1.0])
    out, cache = L.batchnorm_forward(x, gamma, beta, bn_param)
    expected = gamma * (x - running_mean) / np.sqrt(running_var + 1e-5) + beta
    np.testing.assert_allclose(out, expected, rtol=1e-13)
    np.testing.assert_array_equal(bn_param["running_mean"], running_mean)
    np.testing.assert_array_equal(bn_param["running_var"], running_var)
    # one example at a time gives the same result in test mode (no batch dependence)
    out_single, _ = L.batchnorm_forward(x[:1], gamma, beta, bn_param)
    np.testing.assert_allclose(out_single, out[:1], rtol=1e-13)


def test_running_averages_converge_to_population_statistics():
    rng = _rng(3)
    bn_param = {"mode": "train", "momentum": 0.9}
    for _ in range(300):
        x = rng.normal(loc=[2.0, -1.0], scale=[3.0, 0.5], size=(8, 2))
        L.batchnorm_forward(x, np.ones(2), np.zeros(2), bn_param)
    # with the unbiased variance the running variance approaches the true 9 and 0.25
    # (the biased one would approach 7/8 of it: 7.9 and 0.22)
    np.testing.assert_allclose(bn_param["running_mean"], [2.0, -1.0], atol=0.6)
    np.testing.assert_allclose(bn_param["running_var"], [9.0, 0.25], rtol=0.25)


def test_pytorch_momentum_mapping():
    torch = pytest.importorskip("torch")
    rng = _rng()
    x = rng.normal(size=(6, 3))
    bn_param = {"mode": "train", "momentum": 0.9}
    ours, _ = L.batchnorm_forward(x, np.ones(3), np.zeros(3), bn_param)
    tbn = torch.nn.BatchNorm1d(3, eps=1e-5, momentum=1 - 0.9, dtype=torch.float64)
    theirs = tbn(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(ours, theirs, atol=1e-12)
    np.testing.assert_allclose(bn_param["running_mean"], tbn.running_mean.numpy(), atol=1e-12)
    np.testing.assert_allclose(bn_param["running_var"], tbn.running_var.numpy(), atol=1e-12)


# ----------------------------------------------------------------------------------------------
# gradient checks (float64)


def _check_bn_grads(backward, mode, seed=0, N=6, D=4):
    rng = _rng(seed)
    x = rng.normal(loc=2.0, scale=3.0, size=(N, D))
    gamma, beta = rng.normal(size=D), rng.normal(size=D)
    dout = rng.normal(size=(N, D))
    bn_param = _trained_bn_param(x, gamma, beta)
    bn_param["mode"] = mode

    def fwd(x_, g_, b_):
        return L.batchnorm_forward(x_, g_, b_, dict(bn_param))[0]

    _, cache = L.batchnorm_forward(x, gamma, beta, dict(bn_param))
    dx, dgamma, dbeta = backward(dout, cache)
    num = eval_numerical_gradient_array
    assert rel_error(dx, num(lambda v: fwd(v, gamma, beta), x, dout)) < GRAD_TOL
    assert rel_error(dgamma, num(lambda v: fwd(x, v, beta), gamma, dout)) < GRAD_TOL
    assert rel_error(dbeta, num(lambda v: fwd(x, gamma, v), beta, dout)) < GRAD_TOL


@pytest.mark.parametrize("mode", ["train", "test"])
@pytest.mark.parametrize("backward", [L.batchnorm_backward, L.batchnorm_backward_alt],
                         ids=["staged", "alt"])
def test_bn_gradients(backward, mode):
    _check_bn_grads(backward, mode)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), N=st.integers(2, 30), D=st.integers(1, 10))
def test_bn_backward_alt_equals_staged(seed, N, D):
    rng = _rng(seed)
    x = rng.normal(scale=rng.uniform(0.1, 10), size=(N, D))
    gamma, beta, dout = rng.normal(size=D), rng.normal(size=D), rng.normal(size=(N, D))
    _, cache = L.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    staged = L.batchnorm_backward(dout, cache)
    alt = L.batchnorm_backward_alt(dout, cache)
    for a, b in zip(staged, alt, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-11)


def test_bn_input_gradient_is_orthogonal_to_constant_and_to_x_hat():
    # dx sums to zero per feature and is orthogonal to x_hat: BN's output does not change when
    # x is shifted or scaled per feature, so neither direction can change the loss.
    rng = _rng()
    x, dout = rng.normal(size=(20, 3)), rng.normal(size=(20, 3))
    _, cache = L.batchnorm_forward(x, rng.normal(size=3), rng.normal(size=3),
                                   {"mode": "train", "eps": 1e-14})
    dx, _, _ = L.batchnorm_backward(dout, cache)
    np.testing.assert_allclose(dx.sum(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose((dx * cache["x_hat"]).sum(axis=0), 0.0, atol=1e-10)


@pytest.mark.parametrize("mode", ["train", "test"])
def test_spatial_bn_gradients(mode):
    rng = _rng(5)
    x = rng.normal(loc=1.0, scale=2.0, size=(2, 3, 4, 5))
    gamma, beta, dout = rng.normal(size=3), rng.normal(size=3), rng.normal(size=x.shape)
    bn_param = {"mode": "train"}
    L.spatial_batchnorm_forward(x + 0.3, gamma, beta, bn_param)
    bn_param["mode"] = mode

    def fwd(x_, g_, b_):
        return L.spatial_batchnorm_forward(x_, g_, b_, dict(bn_param))[0]

    _, cache = L.spatial_batchnorm_forward(x, gamma, beta, dict(bn_param))
    dx, dgamma, dbeta = L.spatial_batchnorm_backward(dout, cache)
    num = eval_numerical_gradient_array
    assert rel_error(dx, num(lambda v: fwd(v, gamma, beta), x, dout)) < GRAD_TOL
    assert rel_error(dgamma, num(lambda v: fwd(x, v, beta), gamma, dout)) < GRAD_TOL
    assert rel_error(dbeta, num(lambda v: fwd(x, gamma, v), beta, dout)) < GRAD_TOL


def test_spatial_bn_equals_bn_on_reshaped_channels():
    rng = _rng()
    N, C, H, W = 3, 4, 2, 5
    x = rng.normal(size=(N, C, H, W))
    gamma, beta, dout = rng.normal(size=C), rng.normal(size=C), rng.normal(size=x.shape)
    p_sp, p_flat = {"mode": "train"}, {"mode": "train"}
    out, cache = L.spatial_batchnorm_forward(x, gamma, beta, p_sp)
    x2 = x.transpose(0, 2, 3, 1).reshape(-1, C)
    out2, cache2 = L.batchnorm_forward(x2, gamma, beta, p_flat)
    np.testing.assert_allclose(out, out2.reshape(N, H, W, C).transpose(0, 3, 1, 2), atol=1e-13)
    np.testing.assert_allclose(p_sp["running_mean"], p_flat["running_mean"], atol=1e-14)
    # running variance with the unbiased factor m'/(m' − 1), m' = N·H·W
    m = N * H * W
    np.testing.assert_allclose(p_sp["running_var"], 0.9 + 0.1 * x2.var(axis=0) * m / (m - 1))
    dx, dgamma, dbeta = L.spatial_batchnorm_backward(dout, cache)
    dx2, dgamma2, dbeta2 = L.batchnorm_backward(dout.transpose(0, 2, 3, 1).reshape(-1, C), cache2)
    np.testing.assert_allclose(dx, dx2.reshape(N, H, W, C).transpose(0, 3, 1, 2), atol=1e-12)
    np.testing.assert_allclose(dgamma, dgamma2, atol=1e-12)
    np.testing.assert_allclose(dbeta, dbeta2, atol=1e-12)
    assert out.shape == dx.shape == x.shape


@pytest.mark.parametrize("with_bias", [True, False])
def test_affine_gradients(with_bias):
    rng = _rng()
    x, w = rng.normal(size=(5, 4)), rng.normal(size=(4, 3))
    b = rng.normal(size=3) if with_bias else None
    dout = rng.normal(size=(5, 3))
    out, cache = L.affine_forward(x, w, b)
    np.testing.assert_allclose(out, x @ w + (b if with_bias else 0.0))
    dx, dw, db = L.affine_backward(dout, cache)
    assert rel_error(dx, eval_numerical_gradient_array(lambda v: L.affine_forward(v, w, b)[0],
                                                       x, dout)) < GRAD_TOL
    assert rel_error(dw, eval_numerical_gradient_array(lambda v: L.affine_forward(x, v, b)[0],
                                                       w, dout)) < GRAD_TOL
    if with_bias:
        assert rel_error(db, eval_numerical_gradient_array(
            lambda v: L.affine_forward(x, w, v)[0], b, dout)) < GRAD_TOL
    else:
        assert db is None


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_activation_gradients(name):
    forward, backward = getattr(L, f"{name}_forward"), getattr(L, f"{name}_backward")
    rng = _rng(2)
    x = rng.normal(scale=2.0, size=(6, 5))
    if name == "relu":
        x[np.abs(x) < 1e-3] = 0.5  # keep away from the kink, where the derivative is undefined
    dout = rng.normal(size=x.shape)
    _, cache = forward(x)
    dx = backward(dout, cache)
    assert rel_error(dx, eval_numerical_gradient_array(lambda v: forward(v)[0], x, dout)) \
        < GRAD_TOL


def test_activations_values_and_extremes():
    x = np.array([-1e4, -30.0, 0.0, 30.0, 1e4])
    sig, _ = L.sigmoid_forward(x)
    assert np.all(np.isfinite(sig))
    with np.errstate(over="ignore"):
        expected = 1 / (1 + np.exp(-x))  # exp(1e4) overflows to inf, giving exactly 0
    np.testing.assert_allclose(sig, expected, rtol=1e-12)
    np.testing.assert_allclose(L.tanh_forward(x)[0], np.tanh(x))
    np.testing.assert_array_equal(L.relu_forward(x)[0], [0, 0, 0, 30, 1e4])


def test_dropout_gradient_with_fixed_mask():
    rng = _rng()
    x, dout = rng.normal(size=(6, 7)), rng.normal(size=(6, 7))

    def fwd(v):  # the same seed each call, so the same mask
        return L.dropout_forward(v, {"p": 0.4, "mode": "train", "rng": _rng(11)})[0]

    _, cache = L.dropout_forward(x, {"p": 0.4, "mode": "train", "rng": _rng(11)})
    dx = L.dropout_backward(dout, cache)
    assert rel_error(dx, eval_numerical_gradient_array(fwd, x, dout)) < GRAD_TOL


def test_dropout_is_inverted_and_p_is_the_drop_probability():
    x = np.ones((400, 500))
    out, _ = L.dropout_forward(x, {"p": 0.3, "mode": "train", "rng": _rng()})
    dropped = np.mean(out == 0)
    assert dropped == pytest.approx(0.3, abs=0.01)  # p = probability of dropping (PyTorch)
    np.testing.assert_allclose(out[out != 0], 1 / 0.7)  # kept units scaled by 1/(1 − p)
    assert out.mean() == pytest.approx(1.0, abs=0.01)
    out_test, cache = L.dropout_forward(x, {"p": 0.3, "mode": "test"})
    np.testing.assert_array_equal(out_test, x)
    np.testing.assert_array_equal(L.dropout_backward(x, cache), x)


def test_dropout_keeps_float32():
    x = np.ones((3, 4), np.float32)
    out, cache = L.dropout_forward(x, {"p": 0.5, "mode": "train", "rng": _rng()})
    assert out.dtype == L.dropout_backward(x, cache).dtype == np.float32


# ----------------------------------------------------------------------------------------------
# softmax and cross-entropy


def test_softmax_cross_entropy_gradient():
    rng = _rng()
    logits, y = rng.normal(size=(7, 5)), rng.integers(0, 5, size=7)
    loss, dlogits = L.softmax_cross_entropy(logits, y)
    expected = -np.mean(np.log(np.exp(logits[np.arange(7), y]) / np.exp(logits).sum(axis=1)))
    assert loss == pytest.approx(expected, rel=1e-13)
    num = eval_numerical_gradient(lambda v: L.softmax_cross_entropy(v, y)[0], logits)
    assert rel_error(dlogits, num) < GRAD_TOL


def test_softmax_and_cross_entropy_are_stable_for_huge_logits():
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [1e4, 1e4, -1e4]])
    y = np.array([0, 0, 2])
    p = L.softmax(logits)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(p[2], [0.5, 0.5, 0.0])
    logp = L.log_softmax(logits)
    assert np.all(np.isfinite(logp))
    np.testing.assert_allclose(logp[1], [-2e4, -2e4, 0.0])
    loss, dlogits = L.softmax_cross_entropy(logits, y)
    # row losses: 0, 2e4, 2e4 + log 2
    assert loss == pytest.approx((0 + 2e4 + 2e4 + np.log(2)) / 3, rel=1e-14)
    assert np.all(np.isfinite(dlogits))
    np.testing.assert_allclose(dlogits.sum(axis=1), 0.0, atol=1e-15)


def test_softmax_shift_invariance_and_axis():
    rng = _rng()
    z = rng.normal(size=(2, 3, 4))
    np.testing.assert_allclose(L.softmax(z + 100.0), L.softmax(z), rtol=1e-12)
    np.testing.assert_allclose(L.softmax(z).sum(axis=-1), 1.0)
    np.testing.assert_allclose(np.exp(L.log_softmax(z)), L.softmax(z), rtol=1e-12)


# ----------------------------------------------------------------------------------------------
# errors a learner can act on


def _bn_args(N=4, D=5):
    return np.ones((N, D)) * np.arange(N)[:, None], np.ones(D), np.zeros(D)


def test_error_bn_batch_of_one_in_training():
    x, g, b = _bn_args(1, 5)
    with pytest.raises(ValueError, match=r"N > 1 in training mode; got x of shape \(1, 5\)"):
        L.batchnorm_forward(x, g, b, {"mode": "train"})
    # test mode with a single example is fine
    L.batchnorm_forward(x, g, b, {"mode": "test", "running_mean": np.zeros(5),
                                  "running_var": np.ones(5)})


def test_error_spatial_bn_single_value_per_channel():
    with pytest.raises(ValueError, match=r"N·H·W > 1.*\(1, 3, 1, 1\)"):
        L.spatial_batchnorm_forward(np.ones((1, 3, 1, 1)), np.ones(3), np.zeros(3), {})


@pytest.mark.parametrize("which", ["gamma", "beta"])
def test_error_bn_parameter_shape(which):
    x, g, b = _bn_args()
    bad = {"gamma": (np.ones(4), b), "beta": (g, np.zeros((1, 5)))}[which]
    with pytest.raises(ValueError, match=rf"{which} of shape \(5,\); got {which} of shape"):
        L.batchnorm_forward(x, *bad, {"mode": "train"})


def test_error_bn_ndim():
    with pytest.raises(ValueError, match=r"\(N, D\).*got x of shape \(2, 3, 4\)"):
        L.batchnorm_forward(np.ones((2, 3, 4)), np.ones(4), np.zeros(4), {})
    with pytest.raises(ValueError, match=r"\(N, C, H, W\).*got x of shape \(2, 3\)"):
        L.spatial_batchnorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), {})


def test_error_bn_non_finite_input():
    x, g, b = _bn_args()
    x[1, 2] = np.nan
    with pytest.raises(ValueError, match="non-finite"):
        L.batchnorm_forward(x, g, b, {"mode": "train"})
    x[1, 2] = np.inf
    bn_param = {"mode": "train"}
    with pytest.raises(ValueError, match="non-finite"):
        L.batchnorm_forward(x, g, b, bn_param)
    assert "running_mean" not in bn_param  # nothing stored from a bad batch


def test_non_finite_passes_through_inside_errstate_ignore():
    # A diverging training run (large learning rate) may opt in to nan/inf instead of an error.
    x, g, b = _bn_args()
    x[1, 2] = np.inf
    bn_param = {"mode": "train"}
    with np.errstate(invalid="ignore", over="ignore"):
        out, _ = L.batchnorm_forward(x, g, b, bn_param)
        loss, _ = L.softmax_cross_entropy(np.full((2, 3), np.nan), np.array([0, 1]))
    assert np.isnan(out[:, 2]).all() and np.isfinite(out[:, :2]).all()
    assert not np.isfinite(bn_param["running_mean"][2])
    assert np.isnan(loss)


def test_error_bn_unknown_mode_and_missing_running_stats():
    x, g, b = _bn_args()
    with pytest.raises(ValueError, match="unknown mode 'eval'"):
        L.batchnorm_forward(x, g, b, {"mode": "eval"})
    with pytest.raises(ValueError, match="running_mean"):
        L.batchnorm_forward(x, g, b, {"mode": "test"})
    with pytest.raises(ValueError, match="running mean/variance are not finite"):
        L.batchnorm_forward(x, g, b, {"mode": "test", "running_mean": np.full(5, np.nan),
                                      "running_var": np.ones(5)})
    with pytest.raises(ValueError, match=r"running_var'\] must have shape \(5,\)"):
        L.batchnorm_forward(x, g, b, {"mode": "test", "running_mean": np.zeros(5),
                                      "running_var": np.ones(4)})


def test_error_dropout_params():
    x = np.ones((2, 3))
    with pytest.raises(ValueError, match="drop probability"):
        L.dropout_forward(x, {"p": 1.0, "mode": "train", "rng": _rng()})
    with pytest.raises(ValueError, match="unknown mode"):
        L.dropout_forward(x, {"p": 0.5, "mode": "eval", "rng": _rng()})
    with pytest.raises(ValueError, match="np.random.Generator"):
        L.dropout_forward(x, {"p": 0.5, "mode": "train"})


def test_error_softmax_cross_entropy_labels():
    logits = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"labels must be in \[0, 3\] for 4 classes"):
        L.softmax_cross_entropy(logits, np.array([0, 4, 1]))
    with pytest.raises(ValueError, match=r"labels must be in \[0, 3\]"):
        L.softmax_cross_entropy(logits, np.array([0, -1, 1]))
    with pytest.raises(ValueError, match=r"y must have shape \(3,\)"):
        L.softmax_cross_entropy(logits, np.array([0, 1]))
    with pytest.raises(ValueError, match="integer class labels"):
        L.softmax_cross_entropy(logits, np.array([0.5, 1.0, 2.0]))
    with pytest.raises(ValueError, match="non-finite"):
        L.softmax_cross_entropy(np.full((3, 4), np.nan), np.array([0, 1, 2]))


def test_error_affine_shapes():
    with pytest.raises(ValueError, match=r"x of shape \(2, 3\) and w of shape \(4, 5\)"):
        L.affine_forward(np.ones((2, 3)), np.ones((4, 5)), np.zeros(5))
    with pytest.raises(ValueError, match=r"b of shape \(5,\); got b of shape \(4,\)"):
        L.affine_forward(np.ones((2, 4)), np.ones((4, 5)), np.zeros(4))


def test_errors_are_bilingual():
    x, g, b = _bn_args(1, 5)
    with pytest.raises(ValueError, match="학습 모드"):
        L.batchnorm_forward(x, g, b, {"mode": "train"})
