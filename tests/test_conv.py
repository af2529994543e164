"""bnbook.conv: convolution (im2col) and max pooling, gradient-checked in float64 and compared with
PyTorch (skipped without torch); the small ConvNet's gradients for every normalization."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bnbook import conv
from bnbook.checks import eval_numerical_gradient, eval_numerical_gradient_array, rel_error

GRAD_TOL = 1e-7    # float64 centred differences, h = 1e-5 (the book's usual bound; seen ≤ 4e-7)
TORCH_TOL = 1e-12  # float64 against float64: only summation order differs (seen ≤ 1e-14)

CONV_CASES = [  # (x shape, w shape, stride, pad)
    ((2, 3, 7, 6), (4, 3, 3, 3), 1, 1),
    ((2, 3, 7, 6), (4, 3, 3, 3), 2, 0),
    ((2, 3, 7, 6), (4, 3, 3, 3), 2, 1),
    ((1, 2, 5, 5), (3, 2, 5, 5), 1, 0),   # one output position
    ((3, 1, 6, 8), (2, 1, 2, 3), 3, 2),   # rectangular filter, stride larger than the filter
]


def _case(xs, ws, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=xs), rng.normal(size=ws), rng.normal(size=ws[0])


@pytest.mark.parametrize("xs,ws,stride,pad", CONV_CASES)
def test_conv_gradients(xs, ws, stride, pad):
    x, w, b = _case(xs, ws)
    cp = {"stride": stride, "pad": pad}
    out, cache = conv.conv_forward(x, w, b, cp)
    Ho = conv.conv_output_size(xs[2], ws[2], stride, pad)
    Wo = conv.conv_output_size(xs[3], ws[3], stride, pad)
    assert out.shape == (xs[0], ws[0], Ho, Wo)
    dout = np.random.default_rng(1).normal(size=out.shape)
    dx, dw, db = conv.conv_backward(dout, cache)
    assert rel_error(dx, eval_numerical_gradient_array(
        lambda a: conv.conv_forward(a, w, b, cp)[0], x, dout)) < GRAD_TOL
    assert rel_error(dw, eval_numerical_gradient_array(
        lambda a: conv.conv_forward(x, a, b, cp)[0], w, dout)) < GRAD_TOL
    assert rel_error(db, eval_numerical_gradient_array(
        lambda a: conv.conv_forward(x, w, a, cp)[0], b, dout)) < GRAD_TOL


def test_conv_is_a_cross_correlation_by_hand():
    """One output value computed as the sum over the receptive field (no flipped filter)."""
    x, w, b = _case((1, 2, 4, 4), (1, 2, 3, 3))
    out, _ = conv.conv_forward(x, w, b, {"stride": 1, "pad": 0})
    assert out[0, 0, 1, 0] == pytest.approx(np.sum(x[0, :, 1:4, 0:3] * w[0]) + b[0], rel=1e-12)


def test_conv_without_bias_has_no_db():
    x, w, _ = _case((2, 1, 5, 5), (2, 1, 3, 3))
    out, cache = conv.conv_forward(x, w, None, {"pad": 1})
    assert conv.conv_backward(np.ones_like(out), cache)[2] is None


def test_conv_keeps_float32():
    x, w, b = (a.astype(np.float32) for a in _case((2, 1, 5, 5), (2, 1, 3, 3)))
    out, cache = conv.conv_forward(x, w, b, {"pad": 1})
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in conv.conv_backward(np.ones_like(out), cache))


@pytest.mark.parametrize("bad,match", [
    (dict(w=np.ones((2, 3, 3, 3))), "C = 1"),
    (dict(x=np.ones((1, 5, 5))), r"\(N, C, H, W\)"),
    (dict(conv_param={"stride": 0}), "stride"),
    (dict(w=np.ones((2, 1, 9, 9))), "larger than the padded input"),
    (dict(b=np.ones(3)), "b of shape"),
])
def test_conv_errors_say_what_to_fix(bad, match):
    args = dict(x=np.ones((1, 1, 5, 5)), w=np.ones((2, 1, 3, 3)), b=np.ones(2),
                conv_param={"stride": 1, "pad": 0})
    args.update(bad)
    with pytest.raises(ValueError, match=match):
        conv.conv_forward(args["x"], args["w"], args["b"], args["conv_param"])


@pytest.mark.parametrize("pool", [{}, {"pool_height": 3, "pool_width": 2, "stride": 1}])
def test_max_pool_gradient(pool):
    x = np.random.default_rng(2).normal(size=(2, 3, 6, 6))
    out, cache = conv.max_pool_forward(x, pool)
    dout = np.random.default_rng(3).normal(size=out.shape)
    num = eval_numerical_gradient_array(lambda a: conv.max_pool_forward(a, pool)[0], x, dout)
    assert rel_error(conv.max_pool_backward(dout, cache), num) < GRAD_TOL


def test_max_pool_ties_go_to_the_first_maximum():
    x = np.zeros((1, 1, 2, 2))
    out, cache = conv.max_pool_forward(x)
    dx = conv.max_pool_backward(np.ones_like(out), cache)
    assert dx.sum() == 1.0 and dx[0, 0, 0, 0] == 1.0


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(3, 7), st.integers(1, 3),
       st.integers(1, 2), st.integers(0, 1), st.integers(0, 2**16))
def test_conv_equals_the_loop_definition(N, C, H, k, stride, pad, seed):
    """Property: im2col gives the textbook four-loop definition (float64: ≤ 1e-12 relative)."""
    k = min(k, H + 2 * pad)
    x, w, b = _case((N, C, H, H), (2, C, k, k), seed)
    out, _ = conv.conv_forward(x, w, b, {"stride": stride, "pad": pad})
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    want = np.zeros_like(out)
    for n in range(N):
        for f in range(2):
            for i in range(out.shape[2]):
                for j in range(out.shape[3]):
                    patch = xp[n, :, i * stride:i * stride + k, j * stride:j * stride + k]
                    want[n, f, i, j] = np.sum(patch * w[f]) + b[f]
    assert rel_error(out, want) < 1e-12


# -- PyTorch ------------------------------------------------------------------------------------
@pytest.mark.parametrize("xs,ws,stride,pad", CONV_CASES)
def test_conv_matches_pytorch(xs, ws, stride, pad):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    x, w, b = _case(xs, ws)
    out, cache = conv.conv_forward(x, w, b, {"stride": stride, "pad": pad})
    dout = np.random.default_rng(1).normal(size=out.shape)
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    tout = F.conv2d(tx, tw, tb, stride=stride, padding=pad)
    tout.backward(torch.from_numpy(dout))
    assert rel_error(out, tout.detach().numpy()) < TORCH_TOL
    for mine, theirs in zip(conv.conv_backward(dout, cache), (tx, tw, tb), strict=True):
        assert rel_error(mine, theirs.grad.numpy()) < TORCH_TOL


@pytest.mark.parametrize("pool", [{}, {"pool_height": 3, "pool_width": 2, "stride": 1}])
def test_max_pool_matches_pytorch(pool):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(4).normal(size=(2, 3, 6, 6))
    out, cache = conv.max_pool_forward(x, pool)
    dout = np.random.default_rng(5).normal(size=out.shape)
    tx = torch.tensor(x, requires_grad=True)
    kernel = (pool.get("pool_height", 2), pool.get("pool_width", 2))
    tout = torch.nn.functional.max_pool2d(tx, kernel, stride=pool.get("stride", 2))
    tout.backward(torch.from_numpy(dout))
    assert np.array_equal(out, tout.detach().numpy())
    assert rel_error(conv.max_pool_backward(dout, cache), tx.grad.numpy()) < TORCH_TOL


# -- the network --------------------------------------------------------------------------------
@pytest.mark.parametrize("norm", conv.NORMS)
def test_convnet_gradients(norm):
    rng = np.random.default_rng(6)
    X, y = rng.normal(size=(3, 1, 8, 8)), np.array([1, 2, 3])
    net = conv.ConvNet(norm, channels=(4, 4), groups=2, dtype=np.float64, seed=1,
                       in_shape=(1, 8, 8))
    _, grads = net.loss(X, y)
    assert set(grads) == set(net.params)
    for name, p in net.params.items():
        num = eval_numerical_gradient(lambda _: net.loss(X, y)[0], p)
        # the net's GRAD_TOL: a deeper chain of float64 roundings than one layer (seen ≤ 5e-7)
        assert rel_error(num, grads[name]) < 5e-6, (norm, name)


def test_convnet_normalized_layers_have_no_conv_bias():
    assert "b1" in conv.ConvNet("none").params and "b1" not in conv.ConvNet("bn").params
    with pytest.raises(ValueError, match="groups"):
        conv.ConvNet("gn", channels=(6, 12), groups=4)
    with pytest.raises(ValueError, match="norm"):
        conv.ConvNet("batch")


def test_accuracy_in_train_mode_leaves_running_averages_alone():
    rng = np.random.default_rng(7)
    X, y = rng.normal(size=(6, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, 6)
    net = conv.ConvNet("bn")
    net.loss(X, y)
    before = [bp["running_mean"].copy() for bp in net.bn_params]
    net.accuracy(X, y, batch_size=3, mode="train")
    assert all(np.array_equal(a, bp["running_mean"]) for a, bp in zip(before, net.bn_params,
                                                                        strict=True))
