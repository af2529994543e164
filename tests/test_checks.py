"""bnbook.checks: relative error and centred-difference gradients."""

from __future__ import annotations

import numpy as np
import pytest

from bnbook.checks import eval_numerical_gradient, eval_numerical_gradient_array, rel_error


def test_rel_error_is_the_elementwise_maximum():
    a = np.array([1.0, 100.0, 0.0])
    b = np.array([1.1, 100.0, 0.0])
    # elementwise: 0.1/2.1, 0, 0/1e-8 = 0  -> max 0.1/2.1
    assert rel_error(a, b) == pytest.approx(0.1 / 2.1, rel=1e-12)
    assert rel_error(a, a) == 0.0
    # the 1e-8 floor: two tiny numbers
    assert rel_error(np.array([1e-12]), np.array([-1e-12])) == pytest.approx(2e-12 / 1e-8)
    assert rel_error(3.0, 1.0) == pytest.approx(0.5)


def test_rel_error_shape_mismatch():
    with pytest.raises(ValueError, match=r"same shape; got \(2,\) and \(3,\)"):
        rel_error(np.ones(2), np.ones(3))


def test_numerical_gradient_of_a_quadratic_and_x_is_restored():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 3))
    x = rng.normal(size=3)
    x_before = x.copy()
    grad = eval_numerical_gradient(lambda v: v @ A @ v, x)
    assert rel_error(grad, (A + A.T) @ x) < 1e-9
    np.testing.assert_array_equal(x, x_before)


def test_numerical_gradient_on_2d_input():
    x = np.array([[1.0, 2.0], [3.0, -4.0]])
    grad = eval_numerical_gradient(lambda v: np.sum(v**3), x)
    assert rel_error(grad, 3 * x**2) < 1e-9


def test_numerical_gradient_array_and_restoration_after_an_exception():
    rng = np.random.default_rng(1)
    W = rng.normal(size=(3, 4))
    x = rng.normal(size=(2, 3))
    df = rng.normal(size=(2, 4))
    grad = eval_numerical_gradient_array(lambda v: np.tanh(v @ W), x, df)
    expected = (df * (1 - np.tanh(x @ W) ** 2)) @ W.T
    assert rel_error(grad, expected) < 1e-8
    x_before = x.copy()

    def boom(v):
        raise RuntimeError("f failed")

    with pytest.raises(RuntimeError):
        eval_numerical_gradient_array(boom, x, df)
    np.testing.assert_array_equal(x, x_before)


def test_f_returning_a_view_of_x_is_handled():
    x = np.array([1.0, 2.0, 3.0])
    grad = eval_numerical_gradient_array(lambda v: v, x, np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(grad, [1.0, 2.0, 3.0], rtol=1e-9)


def test_errors():
    with pytest.raises(ValueError, match="float numpy array"):
        eval_numerical_gradient(lambda v: v.sum(), np.array([1, 2, 3]))
    with pytest.raises(ValueError, match="float numpy array"):
        eval_numerical_gradient(lambda v: sum(v), [1.0, 2.0])
    with pytest.raises(ValueError, match=r"f\(x\) has shape \(2,\) but df has shape \(3,\)"):
        eval_numerical_gradient_array(lambda v: v[:2], np.ones(3), np.ones(3))
