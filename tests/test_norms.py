"""bnbook.norms: layer, group and instance normalization, gradient-checked in float64, their axes
checked, and compared with PyTorch (skipped without torch)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bnbook import layers, norms
from bnbook.checks import eval_numerical_gradient_array, rel_error

GRAD_TOL = 1e-6    # float64 centred differences, h = 1e-5 (seen ≤ 3.1e-7 for G = 3)
TORCH_TOL = 1e-12  # float64 against float64 (seen ≤ 1e-14)


def _params(C, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=C), rng.normal(size=C)


def _grad_errors(forward, backward, x, gamma, beta, seed=1):
    out, cache = forward(x, gamma, beta)
    dout = np.random.default_rng(seed).normal(size=out.shape)
    dx, dgamma, dbeta = backward(dout, cache)
    num = eval_numerical_gradient_array
    return [rel_error(dx, num(lambda a: forward(a, gamma, beta)[0], x, dout)),
            rel_error(dgamma, num(lambda a: forward(x, a, beta)[0], gamma, dout)),
            rel_error(dbeta, num(lambda a: forward(x, gamma, a)[0], beta, dout))]


def test_layernorm_gradients():
    x = np.random.default_rng(2).normal(3.0, 2.0, size=(4, 6))
    g, b = _params(6)
    assert max(_grad_errors(norms.layernorm_forward, norms.layernorm_backward, x, g, b)) < GRAD_TOL


@pytest.mark.parametrize("G", [1, 2, 3, 6])
def test_groupnorm_gradients(G):
    x = np.random.default_rng(3).normal(1.0, 2.0, size=(2, 6, 4, 3))
    g, b = _params(6)
    errs = _grad_errors(lambda a, gg, bb: norms.groupnorm_forward(a, gg, bb, G),
                        norms.groupnorm_backward, x, g, b)
    assert max(errs) < GRAD_TOL


def test_instancenorm_gradients():
    x = np.random.default_rng(4).normal(size=(3, 2, 3, 4))
    g, b = _params(2)
    errs = _grad_errors(norms.instancenorm_forward, norms.instancenorm_backward, x, g, b)
    assert max(errs) < GRAD_TOL


# -- the statistics axes ------------------------------------------------------------------------
def test_each_norm_standardizes_its_own_axes():
    """γ = 1, β = 0: the output has mean 0 and variance ≈ 1 over exactly the axes of the norm."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(3, 4, 5, 5)) * rng.uniform(0.5, 3, size=(3, 4, 1, 1)) + 2
    one, zero = np.ones(4), np.zeros(4)
    for out, axes in [
        (norms.groupnorm_forward(x, one, zero, 1)[0], (1, 2, 3)),        # LN: C, H, W
        (norms.instancenorm_forward(x, one, zero)[0], (2, 3)),          # IN: H, W
        (layers.spatial_batchnorm_forward(x, one, zero, {})[0], (0, 2, 3)),  # BN: N, H, W
    ]:
        np.testing.assert_allclose(out.mean(axis=axes), 0, atol=1e-12)
        np.testing.assert_allclose(out.var(axis=axes), 1, atol=1e-3)  # var/(var + eps)
    gn = norms.groupnorm_forward(x, one, zero, 2)[0].reshape(3, 2, 2, 5, 5)
    np.testing.assert_allclose(gn.mean(axis=(2, 3, 4)), 0, atol=1e-12)


def test_one_example_alone_gives_the_same_output_as_in_its_batch():
    """The point of these norms: no dependence on the other examples (unlike BN in training)."""
    rng = np.random.default_rng(6)
    x = rng.normal(size=(5, 4, 3, 3))
    g, b = _params(4)
    full = norms.groupnorm_forward(x, g, b, 2)[0]
    alone = norms.groupnorm_forward(x[2:3], g, b, 2)[0]
    np.testing.assert_array_equal(full[2:3], alone)
    x2 = rng.normal(size=(5, 7))
    g2, b2 = _params(7)
    np.testing.assert_array_equal(norms.layernorm_forward(x2, g2, b2)[0][1:2],
                                  norms.layernorm_forward(x2[1:2], g2, b2)[0])


def test_layernorm_of_flat_features_is_groupnorm_with_one_group():
    x = np.random.default_rng(7).normal(size=(3, 12))
    ln = norms.layernorm_forward(x, np.ones(12), np.zeros(12))[0]
    gn = norms.groupnorm_forward(x.reshape(3, 12, 1, 1), np.ones(12), np.zeros(12), 1)[0]
    np.testing.assert_allclose(ln, gn.reshape(3, 12), rtol=1e-13, atol=1e-13)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.sampled_from([(4, 1), (4, 2), (4, 4), (6, 3)]),
       st.integers(1, 4), st.floats(-1e3, 1e3), st.floats(0.01, 100.0))
def test_groupnorm_is_shift_and_scale_invariant(N, CG, H, shift, scale):
    """GN(a·x + c) = GN(x) for a > 0: the invariance that makes ‖W‖ free (float64 tolerance
    1e-6 relative covers ε = 1e-5 inside the root at the smallest variance drawn)."""
    C, G = CG
    if (C // G) * H * H < 2:
        return
    x = np.random.default_rng(N * 100 + H).normal(size=(N, C, H, H))
    g, b = _params(C)
    eps = {"eps": 1e-12}
    a = norms.groupnorm_forward(x, g, b, G, eps)[0]
    c = norms.groupnorm_forward(scale * x + shift, g, b, G, eps)[0]
    np.testing.assert_allclose(a, c, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("call,match", [
    (lambda: norms.groupnorm_forward(np.ones((2, 6, 3, 3)), np.ones(6), np.zeros(6), 4), "divid"),
    (lambda: norms.groupnorm_forward(np.ones((2, 4, 1, 1)), np.ones(4), np.zeros(4), 4),
     "variance is 0"),
    (lambda: norms.layernorm_forward(np.ones((3, 1)), np.ones(1), np.zeros(1)), "D > 1"),
    (lambda: norms.layernorm_forward(np.ones((3, 4)), np.ones(3), np.zeros(4)), "gamma of shape"),
    (lambda: norms.instancenorm_forward(np.ones((3, 4)), np.ones(4), np.zeros(4)),
     r"\(N, C, H, W\)"),
])
def test_errors_say_what_to_fix(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# -- PyTorch ------------------------------------------------------------------------------------
def _torch_compare(mine_fwd, mine_bwd, torch_fn, x, C, seed=8):
    torch = pytest.importorskip("torch")
    g, b = _params(C, seed)
    out, cache = mine_fwd(x, g, b)
    dout = np.random.default_rng(seed + 1).normal(size=out.shape)
    tx, tg, tb = (torch.tensor(a, requires_grad=True) for a in (x, g, b))
    tout = torch_fn(tx, tg, tb)
    tout.backward(torch.from_numpy(dout))
    assert rel_error(out, tout.detach().numpy()) < TORCH_TOL
    for mine, theirs in zip(mine_bwd(dout, cache), (tx, tg, tb), strict=True):
        assert rel_error(mine, theirs.grad.numpy()) < TORCH_TOL


def test_layernorm_matches_pytorch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(9).normal(2.0, 3.0, size=(5, 7))
    _torch_compare(norms.layernorm_forward, norms.layernorm_backward,
                   lambda a, g, b: torch.nn.functional.layer_norm(a, (7,), g, b, eps=1e-5), x, 7)


@pytest.mark.parametrize("G", [1, 2, 4])
def test_groupnorm_matches_pytorch(G):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(10).normal(1.0, 2.0, size=(3, 4, 5, 4))
    _torch_compare(lambda a, g, b: norms.groupnorm_forward(a, g, b, G), norms.groupnorm_backward,
                   lambda a, g, b: torch.nn.functional.group_norm(a, G, g, b, eps=1e-5), x, 4)


def test_instancenorm_matches_pytorch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(11).normal(size=(2, 3, 4, 4))
    _torch_compare(norms.instancenorm_forward, norms.instancenorm_backward,
                   lambda a, g, b: torch.nn.functional.instance_norm(a, weight=g, bias=b, eps=1e-5),
                   x, 3)
