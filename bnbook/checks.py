"""Numerical gradient checks (CS231n style): centred differences and the relative error.

Use float64 arrays: with float32 the rounding error of f dominates the difference quotient.
A correct backward pass usually gives a relative error below 1e-7 in float64.
"""

from __future__ import annotations

import numpy as np

__all__ = ["rel_error", "eval_numerical_gradient", "eval_numerical_gradient_array"]


def rel_error(a, b) -> float:
    """Largest elementwise relative error  max_i |a_i − b_i| / max(1e-8, |a_i| + |b_i|).

    a, b: arrays of the same shape (or scalars). Returns a Python float.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(
            f"rel_error needs arrays of the same shape; got {a.shape} and {b.shape} "
            f"(rel_error에는 같은 모양의 배열이 필요합니다)"
        )
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def _check_float_array(x, fn: str) -> None:
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise ValueError(
            f"{fn} changes x in place, so x must be a float numpy array (float64 for a reliable "
            f"check); got {type(x).__name__}"
            + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else "")
            + f" ({fn}는 x를 제자리에서 바꾸므로 x는 실수형 numpy 배열이어야 합니다)"
        )


def _centred_evaluations(evaluate, x: np.ndarray, h: float):
    """For each index ix of x: (ix, evaluate() at x[ix] + h, evaluate() at x[ix] − h).

    x is changed in place for each evaluation and restored exactly afterwards, also if
    ``evaluate`` raises.
    """
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        try:
            x[ix] = old + h
            plus = evaluate()
            x[ix] = old - h
            minus = evaluate()
        finally:
            x[ix] = old
        yield ix, plus, minus
        it.iternext()


def eval_numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Numerical gradient of a scalar function f at x by centred differences:

        grad_i = (f(x + h·e_i) − f(x − h·e_i)) / (2h).

    f: callable taking x and returning a scalar; x: float array of any shape (changed in place
    during the evaluation and restored exactly afterwards, also if f raises). Returns an array
    of x's shape.
    """
    _check_float_array(x, "eval_numerical_gradient")
    grad = np.zeros_like(x, dtype=np.float64)
    for ix, f_plus, f_minus in _centred_evaluations(lambda: float(f(x)), x, h):
        grad[ix] = (f_plus - f_minus) / (2 * h)
    return grad


def eval_numerical_gradient_array(f, x: np.ndarray, df: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Numerical gradient of L = Σ f(x) · df with respect to x, for an array-valued f:

        grad_i = Σ_j (f(x + h·e_i) − f(x − h·e_i))_j · df_j / (2h).

    This is what a backward pass ``*_backward(df, cache)`` should return as dx.
    f: callable taking x and returning an array of df's shape; x: float array (changed in place
    during the evaluation and restored exactly afterwards); df: upstream gradient.
    Returns an array of x's shape.
    """
    _check_float_array(x, "eval_numerical_gradient_array")
    df = np.asarray(df)
    grad = np.zeros_like(x, dtype=np.float64)
    # np.array makes a copy: f may return a view of x
    for ix, pos, neg in _centred_evaluations(lambda: np.array(f(x), dtype=np.float64), x, h):
        if pos.shape != df.shape:
            raise ValueError(
                f"eval_numerical_gradient_array: f(x) has shape {pos.shape} but df has shape "
                f"{df.shape}; they must match (f(x)와 df의 모양이 같아야 합니다)"
            )
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
    return grad
