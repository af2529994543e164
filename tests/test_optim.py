"""bnbook.optim: each update rule against steps computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from bnbook import optim


def _params():
    return {"W": np.array([[1.0, -2.0], [0.5, 0.0]]), "gamma": np.array([1.0, 1.0]),
            "beta": np.array([0.0, 0.0])}


def test_sgd_step_by_hand():
    params = _params()
    grads = {"W": np.array([[0.1, 0.2], [-0.3, 0.4]]), "gamma": np.array([1.0, -1.0])}
    optim.SGD(lr=0.5).step(params, grads)
    np.testing.assert_allclose(params["W"], [[0.95, -2.1], [0.65, -0.2]])
    np.testing.assert_allclose(params["gamma"], [0.5, 1.5])
    np.testing.assert_array_equal(params["beta"], [0.0, 0.0])  # no gradient: unchanged


def test_momentum_two_steps_by_hand():
    p = {"w": np.array([1.0])}
    opt = optim.Momentum(lr=0.1, beta=0.9)
    opt.step(p, {"w": np.array([2.0])})  # v = 2;            w = 1 − 0.2 = 0.8
    assert p["w"][0] == pytest.approx(0.8)
    opt.step(p, {"w": np.array([1.0])})  # v = 0.9·2 + 1 = 2.8; w = 0.8 − 0.28 = 0.52
    assert p["w"][0] == pytest.approx(0.52)


def test_rmsprop_two_steps_by_hand():
    p = {"w": np.array([1.0])}
    opt = optim.RMSprop(lr=0.01, beta=0.9, eps=0.0)
    opt.step(p, {"w": np.array([2.0])})  # s = 0.1·4 = 0.4;  w = 1 − 0.01·2/√0.4
    w1 = 1 - 0.01 * 2 / np.sqrt(0.4)
    assert p["w"][0] == pytest.approx(w1, rel=1e-14)
    opt.step(p, {"w": np.array([-1.0])})  # s = 0.36 + 0.1 = 0.46; w = w1 + 0.01/√0.46
    assert p["w"][0] == pytest.approx(w1 + 0.01 / np.sqrt(0.46), rel=1e-14)


def test_adam_two_steps_by_hand_with_bias_correction():
    p = {"w": np.array([1.0, 0.0])}
    opt = optim.Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    # step 1, g = (2, −0.5): m = 0.1·g, v = 0.001·g²; m̂ = g, v̂ = g², so the step is
    # lr·g/(|g| + eps) ≈ lr·sign(g): the bias correction makes the first step lr in size.
    opt.step(p, {"w": np.array([2.0, -0.5])})
    np.testing.assert_allclose(p["w"], [1 - 0.1 * 2 / (2 + 1e-8), 0.1 * 0.5 / (0.5 + 1e-8)],
                               rtol=1e-14)
    w1 = p["w"].copy()
    # step 2, g = (1, 0.5): m = 0.9·0.2 + 0.1·1 = 0.28 and 0.9·(−0.05) + 0.1·0.5 = 0.005;
    # v = 0.999·0.004 + 0.001·1 = 0.004996 and 0.999·0.00025 + 0.001·0.25 = 0.00049975;
    # m̂ = m / 0.19; v̂ = v / (1 − 0.999²) = v / 0.001999.
    opt.step(p, {"w": np.array([1.0, 0.5])})
    m_hat = np.array([0.28, 0.005]) / 0.19
    v_hat = np.array([0.004996, 0.00049975]) / 0.001999
    np.testing.assert_allclose(p["w"], w1 - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8), rtol=1e-12)
    assert opt.state["w"]["t"] == 2


def test_same_rule_for_weights_gamma_and_beta():
    # Three names with identical values and gradients must get identical updates.
    g = np.array([0.3, -1.2, 0.0])
    for opt in (optim.SGD(0.1), optim.Momentum(0.1), optim.RMSprop(0.01), optim.Adam(0.01)):
        params = {name: np.array([1.0, 2.0, 3.0]) for name in ("W1", "gamma1", "beta1")}
        for _ in range(3):
            opt.step(params, {name: g for name in params})
        np.testing.assert_array_equal(params["W1"], params["gamma1"])
        np.testing.assert_array_equal(params["W1"], params["beta1"])


def test_state_is_per_name():
    opt = optim.Momentum(lr=1.0, beta=0.5)
    p = {"a": np.array([0.0]), "b": np.array([0.0])}
    opt.step(p, {"a": np.array([1.0])})
    opt.step(p, {"a": np.array([1.0]), "b": np.array([1.0])})
    assert p["a"][0] == pytest.approx(-(1.0 + 1.5))  # velocities 1, then 1.5
    assert p["b"][0] == pytest.approx(-1.0)  # its own velocity starts at 0


@pytest.mark.parametrize("make", [lambda: optim.SGD(0.1), lambda: optim.Momentum(0.1),
                                  lambda: optim.RMSprop(0.1), lambda: optim.Adam(0.1)])
def test_float32_stays_float32_and_update_is_in_place(make):
    w = np.ones((2, 3), np.float32)
    params = {"W": w}
    make().step(params, {"W": np.full((2, 3), 0.5)})  # float64 gradient
    assert params["W"] is w and w.dtype == np.float32
    assert np.all(w < 1)


def test_gradient_without_parameter_is_an_error():
    params = _params()
    before = {k: v.copy() for k, v in params.items()}
    with pytest.raises(ValueError, match="gradient 'gamma2' has no parameter"):
        optim.SGD(0.1).step(params, {"W": np.ones((2, 2)), "gamma2": np.ones(2)})
    for k in params:  # nothing was changed, not even W
        np.testing.assert_array_equal(params[k], before[k])


def test_gradient_shape_mismatch_is_an_error():
    with pytest.raises(ValueError, match=r"'W' has shape \(2,\) but the parameter has shape"):
        optim.Adam(0.1).step(_params(), {"W": np.ones(2)})


@pytest.mark.parametrize("make", [lambda: optim.SGD(0.0), lambda: optim.SGD(-1.0),
                                  lambda: optim.Momentum(0.1, beta=1.0),
                                  lambda: optim.RMSprop(0.1, beta=-0.1),
                                  lambda: optim.Adam(0.1, beta2=1.5)])
def test_bad_hyperparameters_are_errors(make):
    with pytest.raises(ValueError):
        make()


def test_matches_torch_optimizers():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=5)
    grads = [rng.normal(size=5) for _ in range(4)]
    pairs = [(optim.SGD(0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
             (optim.Momentum(0.1, 0.9), lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
             (optim.RMSprop(0.01, 0.99, 1e-8),
              lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8)),
             (optim.Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.01))]
    for ours, make_theirs in pairs:
        params = {"w": w0.copy()}
        tw = torch.tensor(w0.copy(), requires_grad=True)
        theirs = make_theirs([tw])
        for g in grads:
            ours.step(params, {"w": g})
            tw.grad = torch.tensor(g)
            theirs.step()
        np.testing.assert_allclose(params["w"], tw.detach().numpy(), rtol=1e-10, atol=1e-12)


def _textbook_steps(name, p, grads, lr=0.01, beta=0.9, beta1=0.9, beta2=0.999, eps=1e-8):
    """The update rules written as plain expressions (new arrays every step)."""
    v = np.zeros_like(p)
    m = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        if name == "SGD":
            p = p - lr * g
        elif name == "Momentum":
            v = beta * v + g
            p = p - lr * v
        elif name == "RMSprop":
            v = beta * v + (1 - beta) * g * g
            p = p - lr * g / (np.sqrt(v) + eps)
        else:
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
            p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return p


@pytest.mark.parametrize("name", ["SGD", "Momentum", "RMSprop", "Adam"])
def test_in_place_update_equals_the_textbook_expressions_bit_for_bit(name):
    # The in-place arithmetic keeps the order of the plain expressions, so float32 training
    # runs give exactly the same numbers as the formulas in the docstrings.
    rng = np.random.default_rng(3)
    p0 = rng.normal(size=200).astype(np.float32)
    grads = [rng.normal(size=200).astype(np.float32) for _ in range(20)]
    beta = 0.99 if name == "RMSprop" else 0.9
    opt = {"SGD": optim.SGD(0.01), "Momentum": optim.Momentum(0.01, beta),
           "RMSprop": optim.RMSprop(0.01, beta), "Adam": optim.Adam(0.01)}[name]
    params = {"w": p0.copy()}
    for g in grads:
        opt.step(params, {"w": g})
    expected = _textbook_steps(name, p0.copy(), grads, beta=beta)
    assert expected.dtype == np.float32
    np.testing.assert_array_equal(params["w"], expected)
