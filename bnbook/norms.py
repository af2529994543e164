"""Normalizations that do not use the mini-batch: layer, group and instance normalization, as
forward/backward pairs (CS231n style), in numpy (chapter 8).

All three compute the mean and the biased (1/K) variance of a set of K values **within one
example**, normalize, then scale and shift with a learned γ, β per feature or channel:

* **Layer normalization** (Ba, Kiros & Hinton 2016): x: (N, D), statistics over the D features
  of each example; γ, β: (D,).
* **Group normalization** (Wu & He 2018): x: (N, C, H, W) with the C channels split into G
  groups of C/G consecutive channels; statistics over the (C/G)·H·W values of each example's
  group; γ, β: (C,) per channel.
* **Instance normalization** (Ulyanov, Vedaldi & Lempitsky 2016): group normalization with
  G = C, i.e. statistics over the H·W values of each example's channel.
  (G = 1 is layer normalization over C·H·W, with γ, β per channel as in Wu & He 2018.)

Batch normalization's statistics are over the batch axis instead (``bnbook.layers``). Because
these layers never look at other examples they have no running averages and compute the same in
training and at inference; ``ln_param`` / ``gn_param`` hold only ``{"eps": 1e-5}``.

The backward pass is the one of batch normalization with the roles of the axes swapped: for each
set of K values with x̂ = (x − μ)/σ and g = dL/dx̂,

    dx = (1/σ) · (g − mean(g) − x̂ · mean(g · x̂))      (means over the K values of the set).
"""

from __future__ import annotations

import numpy as np

from .layers import _as_float, _check_dout, _check_ndim, _error, _param_like

__all__ = ["layernorm_forward", "layernorm_backward", "groupnorm_forward", "groupnorm_backward",
           "instancenorm_forward", "instancenorm_backward"]


def _eps(param, fn):
    if param is None:
        param = {}
    if not isinstance(param, dict):
        raise _error(f"{fn}: the parameter dict must be a dict like {{'eps': 1e-5}}; got "
                     f"{type(param).__name__}",
                     f"{fn}: 설정은 {{'eps': 1e-5}} 같은 dict여야 합니다; 받은 형식 "
                     f"{type(param).__name__}")
    eps = float(param.get("eps", 1e-5))
    if not eps > 0:
        raise _error(f"{fn}: eps must be > 0; got {eps}",
                     f"{fn}: eps는 0보다 커야 합니다; 받은 값 {eps}")
    return eps


def _normalize_rows(x2, eps):
    """x2: (R, K). Normalizes each row over its K values.
    Returns x_hat: (R, K) and inv_std, mu, var: (R, 1)."""
    mu = x2.mean(axis=1, keepdims=True)
    x_mu = x2 - mu
    var = np.einsum("rk,rk->r", x_mu, x_mu)[:, None] / x2.shape[1]   # biased 1/K
    inv_std = 1.0 / np.sqrt(var + eps)
    return x_mu * inv_std, inv_std, mu, var


def _rows_backward(dx_hat2, x_hat2, inv_std):
    """dx for rows normalized by :func:`_normalize_rows`, from dL/dx_hat. All (R, K) / (R, 1)."""
    mean_g = dx_hat2.mean(axis=1, keepdims=True)
    mean_gx = np.einsum("rk,rk->r", dx_hat2, x_hat2)[:, None] / dx_hat2.shape[1]
    return inv_std * (dx_hat2 - mean_g - x_hat2 * mean_gx)


def layernorm_forward(x, gamma, beta, ln_param=None):
    """Layer normalization: each example's D features normalized by their own mean and variance.

    x: (N, D); gamma, beta: (D,); ln_param: {"eps": 1e-5}. Works for N = 1, identically in
    training and at inference. Returns out: (N, D) and a cache for :func:`layernorm_backward`
    ("x_hat", "mu", "var": (N, 1) per example, "inv_std", "gamma").
    """
    fn = "layernorm_forward"
    x = _as_float(x, "x", fn)
    _check_ndim(x, 2, "x", fn, "(N, D)")
    N, D = x.shape
    if D < 2:
        raise _error(f"{fn} needs D > 1 features per example; got x of shape {x.shape}",
                     f"{fn}는 예제마다 특성이 D > 1개 필요합니다; 받은 x 모양 {x.shape}")
    gamma = _param_like(gamma, "gamma", (D,), x.dtype, fn)
    beta = _param_like(beta, "beta", (D,), x.dtype, fn)
    x_hat, inv_std, mu, var = _normalize_rows(x, _eps(ln_param, fn))
    out = x_hat * gamma + beta
    return out, {"x_hat": x_hat, "inv_std": inv_std, "mu": mu, "var": var, "gamma": gamma}


def layernorm_backward(dout, cache):
    """Backward pass of :func:`layernorm_forward`. dout: (N, D).

    Returns dx: (N, D), dgamma: (D,), dbeta: (D,).
    """
    x_hat = cache["x_hat"]
    dout = _check_dout(dout, x_hat.shape, "layernorm_backward")
    dgamma = np.einsum("nd,nd->d", dout, x_hat)
    dbeta = dout.sum(axis=0)
    dx = _rows_backward(dout * cache["gamma"], x_hat, cache["inv_std"])
    return dx, dgamma, dbeta


def groupnorm_forward(x, gamma, beta, G, gn_param=None):
    """Group normalization (Wu & He 2018): the C channels of each example are split into G groups
    of C/G consecutive channels, and each group is normalized over its (C/G)·H·W values.

    x: (N, C, H, W); gamma, beta: (C,) (one per channel); G: number of groups, dividing C
    (G = C: instance normalization; G = 1: layer normalization over C·H·W); gn_param:
    {"eps": 1e-5}. Returns out: (N, C, H, W) and a cache for :func:`groupnorm_backward`
    ("x_hat": (N, C, H, W), "mu", "var": (N, G), "inv_std", "gamma", "G").
    """
    fn = "groupnorm_forward"
    x = _as_float(x, "x", fn)
    _check_ndim(x, 4, "x", fn, "(N, C, H, W)")
    N, C, H, W = x.shape
    if int(G) != G or G < 1 or C % G:
        raise _error(f"{fn}: the number of groups G must be a positive integer dividing the "
                     f"C = {C} channels; got G = {G}",
                     f"{fn}: 그룹 수 G는 채널 수 C = {C}를 나누어떨어뜨리는 양의 정수여야 합니다; "
                     f"받은 값 G = {G}")
    G = int(G)
    if (C // G) * H * W < 2:
        raise _error(f"{fn}: each group has only (C/G)·H·W = {(C // G) * H * W} value; its "
                     f"variance is 0. Use fewer groups or larger feature maps",
                     f"{fn}: 그룹마다 값이 (C/G)·H·W = {(C // G) * H * W}개뿐이라 분산이 0입니다. "
                     f"그룹 수를 줄이거나 더 큰 특성 맵을 쓰세요")
    gamma = _param_like(gamma, "gamma", (C,), x.dtype, fn)
    beta = _param_like(beta, "beta", (C,), x.dtype, fn)
    x_hat2, inv_std, mu, var = _normalize_rows(x.reshape(N * G, -1), _eps(gn_param, fn))
    x_hat = x_hat2.reshape(N, C, H, W)
    out = x_hat * gamma[:, None, None] + beta[:, None, None]
    cache = {"x_hat": x_hat, "inv_std": inv_std, "mu": mu.reshape(N, G),
             "var": var.reshape(N, G), "gamma": gamma, "G": G}
    return out, cache


def groupnorm_backward(dout, cache):
    """Backward pass of :func:`groupnorm_forward`. dout: (N, C, H, W).

    Returns dx: (N, C, H, W), dgamma: (C,), dbeta: (C,).
    """
    x_hat, G = cache["x_hat"], cache["G"]
    dout = _check_dout(dout, x_hat.shape, "groupnorm_backward")
    N = x_hat.shape[0]
    dgamma = np.einsum("nchw,nchw->c", dout, x_hat)
    dbeta = dout.sum(axis=(0, 2, 3))
    dx_hat = dout * cache["gamma"][:, None, None]
    dx = _rows_backward(dx_hat.reshape(N * G, -1), x_hat.reshape(N * G, -1), cache["inv_std"])
    return dx.reshape(x_hat.shape), dgamma, dbeta


def instancenorm_forward(x, gamma, beta, in_param=None):
    """Instance normalization (Ulyanov et al. 2016): each channel of each example normalized over
    its H·W values. x: (N, C, H, W); gamma, beta: (C,). Same as
    ``groupnorm_forward(x, gamma, beta, G=C)``. Returns out and a cache."""
    x = _as_float(x, "x", "instancenorm_forward")
    _check_ndim(x, 4, "x", "instancenorm_forward", "(N, C, H, W)")
    return groupnorm_forward(x, gamma, beta, x.shape[1], in_param)


def instancenorm_backward(dout, cache):
    """Backward pass of :func:`instancenorm_forward`. Returns dx, dgamma, dbeta."""
    return groupnorm_backward(dout, cache)
