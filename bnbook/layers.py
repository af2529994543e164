"""Layers as symmetric forward/backward pairs (CS231n style), in numpy.

Every layer is a pair ``*_forward(x, ...) -> (out, cache)`` and
``*_backward(dout, cache) -> grads``. The cache holds what the backward pass needs; for batch
normalization it is a :class:`BatchNormCache`, read like a dict by a reader (or the grader):
``cache["x_hat"]``, ``cache["mu"]``, ``cache["var"]``, ``cache["gamma"]``, ``cache["eps"]``, ...

Shapes: ``N`` is the mini-batch size, ``D`` the number of features, ``M`` the number of outputs
of an affine layer, ``C`` the number of classes (softmax) or channels (spatial batch
normalization).

dtype: float32 in gives float32 out (fast training); use float64 for gradient checks.
Integer input is converted to float64. No function here changes its input arrays.

Non-finite input: batch normalization in training mode (where nan/inf would ruin the running
averages) and the cross-entropy raise a ValueError for nan/inf, unless the call runs inside
``np.errstate(invalid="ignore")``, the numpy way to say "I expect nan/inf" (e.g. an experiment
that lets a run with a large learning rate diverge); then nan/inf pass through.

Batch normalization (Ioffe & Szegedy 2015, Alg. 1 and 2)
--------------------------------------------------------
``bn_param`` is a dict::

    {"mode": "train" | "test",   # default "train"
     "eps": 1e-5,                # added to the variance inside the square root
     "momentum": 0.9,            # of the running (exponentially weighted) averages
     "running_mean": (D,),       # created (zeros) on the first training call if absent
     "running_var": (D,)}        # created (ones) on the first training call if absent

* Training mode normalizes with the mini-batch mean and the **biased** (1/N) mini-batch variance
  (Alg. 1), then stores new running estimates **in the dict** (new arrays are assigned to
  ``bn_param["running_mean"]`` and ``bn_param["running_var"]``; the old arrays are not
  overwritten)::

      running_mean <- momentum * running_mean + (1 - momentum) * mu_B
      running_var  <- momentum * running_var  + (1 - momentum) * N / (N - 1) * var_B

  The variance statistic is the **unbiased** N/(N-1)·var_B, as in Alg. 2, which uses
  m/(m-1)·E_B[σ²_B] at inference. (Alg. 2 averages over many mini-batches after training; the
  exponentially weighted running average is the common framework substitute.)
* Test (inference) mode normalizes with the running estimates and changes nothing.

How the momentum maps to frameworks: Keras ``BatchNormalization(momentum=0.99)`` uses this same
convention (the weight of the *old* value). PyTorch's ``momentum`` is the weight of the *new* value:
``momentum_torch = 1 - momentum_ours`` (PyTorch's default 0.1 is our 0.9). PyTorch's ``running_var``
is the unbiased estimate too, as here.

For spatial batch normalization the statistics of channel c are taken over the N·H·W values of
that channel (the paper's effective mini-batch m' = m·p·q), and the unbiased factor is
m'/(m' - 1), as in PyTorch.
"""

from __future__ import annotations

from collections.abc import MutableMapping

import numpy as np

from . import i18n

__all__ = [
    "affine_forward", "affine_backward",
    "sigmoid_forward", "sigmoid_backward",
    "tanh_forward", "tanh_backward",
    "relu_forward", "relu_backward",
    "batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt", "BatchNormCache",
    "spatial_batchnorm_forward", "spatial_batchnorm_backward",
    "dropout_forward", "dropout_backward",
    "softmax", "log_softmax", "softmax_cross_entropy",
]


# ----------------------------------------------------------------------------------------------
# helpers


def _error(en: str, ko: str) -> ValueError:
    """A ValueError a learner can act on, in English and Korean."""
    return i18n.error(en, ko)


def _as_float(a, name: str, fn: str) -> np.ndarray:
    """``a`` as a floating-point array (integers become float64); never a copy of a float array."""
    a = np.asarray(a)
    if a.dtype.kind != "f":
        if a.dtype.kind not in "iub":  # signed, unsigned integers, booleans
            raise _error(
                f"{fn}: {name} must be a real (float or integer) array; got dtype {a.dtype}",
                f"{fn}: {name}은(는) 실수 또는 정수 배열이어야 합니다; 받은 dtype {a.dtype}",
            )
        a = a.astype(np.float64)
    return a


def _check_ndim(x: np.ndarray, ndim: int, name: str, fn: str, shape_doc: str) -> None:
    if x.ndim != ndim:
        raise _error(
            f"{fn} needs {name} of shape {shape_doc} ({ndim}-D); got {name} of shape {x.shape}",
            f"{fn}의 {name}은(는) {shape_doc} 모양({ndim}차원)이어야 합니다; 받은 모양 {x.shape}",
        )


def _param_like(p, name: str, shape: tuple, dtype, fn: str) -> np.ndarray:
    """A per-feature parameter (gamma, beta, b) of exactly ``shape``, cast to ``dtype``."""
    p = np.asarray(p)
    if p.shape != shape:
        raise _error(
            f"{fn} needs {name} of shape {shape}; got {name} of shape {p.shape}",
            f"{fn}의 {name}은(는) {shape} 모양이어야 합니다; 받은 모양 {p.shape}",
        )
    return p.astype(dtype, copy=False)


# ----------------------------------------------------------------------------------------------
# affine


def affine_forward(x, w, b=None):
    """Affine (fully connected) layer ``out = x @ w + b``.

    x: (N, D), w: (D, M), b: (M,) or None (no bias, e.g. right before batch normalization).
    Returns out: (N, M) and cache = (x, w, has_bias).
    """
    fn = "affine_forward"
    x = _as_float(x, "x", fn)
    w = _as_float(w, "w", fn)
    _check_ndim(x, 2, "x", fn, "(N, D)")
    _check_ndim(w, 2, "w", fn, "(D, M)")
    if w.shape[0] != x.shape[1]:
        raise _error(
            f"{fn}: x of shape {x.shape} and w of shape {w.shape} do not fit; w needs "
            f"{x.shape[1]} rows (x: (N, D), w: (D, M))",
            f"{fn}: x 모양 {x.shape}와 w 모양 {w.shape}이 맞지 않습니다; w의 행 수는 "
            f"{x.shape[1]}이어야 합니다",
        )
    out = x @ w
    if b is not None:
        out += _param_like(b, "b", (w.shape[1],), out.dtype, fn)
    return out, (x, w, b is not None)


def affine_backward(dout, cache):
    """Backward pass of :func:`affine_forward`.

    dout: (N, M). Returns dx: (N, D), dw: (D, M), db: (M,) or None when the layer had no bias.
    """
    x, w, has_bias = cache
    dout = np.asarray(dout)
    if dout.shape != (x.shape[0], w.shape[1]):
        raise _error(
            f"affine_backward: dout must have the output's shape {(x.shape[0], w.shape[1])}; "
            f"got {dout.shape}",
            f"affine_backward: dout은 출력과 같은 모양 {(x.shape[0], w.shape[1])}이어야 합니다; "
            f"받은 모양 {dout.shape}",
        )
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.sum(axis=0) if has_bias else None
    return dx, dw, db


# ----------------------------------------------------------------------------------------------
# activation functions


def sigmoid_forward(x):
    """Logistic sigmoid 1 / (1 + exp(-x)), computed without overflow. x: any shape.

    Returns out (same shape) and cache = out.
    """
    x = _as_float(x, "x", "sigmoid_forward")
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)
    return out, out


def sigmoid_backward(dout, cache):
    """dx = dout · σ(x) · (1 − σ(x)). dout: same shape as x."""
    out = cache
    return dout * out * (1 - out)


def tanh_forward(x):
    """Hyperbolic tangent. x: any shape. Returns out and cache = out."""
    out = np.tanh(_as_float(x, "x", "tanh_forward"))
    return out, out


def tanh_backward(dout, cache):
    """dx = dout · (1 − tanh(x)²)."""
    out = cache
    return dout * (1 - out * out)


def relu_forward(x):
    """ReLU max(x, 0). x: any shape. Returns out and cache = x."""
    x = _as_float(x, "x", "relu_forward")
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    """dx = dout where x > 0, else 0 (the subgradient 0 is used at x = 0)."""
    x = cache
    return np.where(x > 0, dout, 0)


# ----------------------------------------------------------------------------------------------
# batch normalization


_MODES = ("train", "test")


class BatchNormCache(MutableMapping):
    """The cache of :func:`batchnorm_forward`; read it like a dict: ``cache["x_hat"]``.

    "x_hat" = x_mu · inv_std is computed the first time it is read and then stored: the forward
    pass computes out = x_mu · (gamma · inv_std) + beta directly and the one-expression backward
    needs only x_mu, so training does not pay for a pass over memory that nobody reads.
    """

    def __init__(self, **items):
        self._data = dict(items)

    def __getitem__(self, key):
        try:
            return self._data[key]
        except KeyError:
            if key == "x_hat" and "x_mu" in self._data:
                x_hat = self._data["x_mu"] * self._data["inv_std"]
                self._data["x_hat"] = x_hat
                return x_hat
            raise

    def __setitem__(self, key, value):
        self._data[key] = value

    def __delitem__(self, key):
        del self._data[key]

    def _keys(self):
        keys = list(self._data)
        if "x_hat" not in self._data and "x_mu" in self._data:
            keys.insert(keys.index("x_mu") + 1, "x_hat")
        return keys

    def __iter__(self):
        return iter(self._keys())

    def __len__(self):
        return len(self._keys())

    def __contains__(self, key):
        return key in self._data or (key == "x_hat" and "x_mu" in self._data)

    def copy(self):
        """A shallow copy (the arrays are shared), like ``dict.copy``."""
        return BatchNormCache(**self._data)

    def __repr__(self):
        return f"BatchNormCache(keys={self._keys()})"


def _bn_settings(bn_param: dict, fn: str):
    if not isinstance(bn_param, dict):
        raise _error(f"{fn}: bn_param must be a dict; got {type(bn_param).__name__}",
                     f"{fn}: bn_param은 dict여야 합니다; 받은 형식 {type(bn_param).__name__}")
    mode = bn_param.get("mode", "train")
    if mode not in _MODES:
        raise _error(f"{fn}: unknown mode {mode!r}; use 'train' or 'test'",
                     f"{fn}: 알 수 없는 mode {mode!r}; 'train' 또는 'test'를 쓰세요")
    eps = float(bn_param.get("eps", 1e-5))
    if not eps > 0:
        raise _error(f"{fn}: eps must be > 0; got {eps}",
                     f"{fn}: eps는 0보다 커야 합니다; 받은 값 {eps}")
    momentum = float(bn_param.get("momentum", 0.9))
    if not 0.0 <= momentum <= 1.0:
        raise _error(f"{fn}: momentum must be in [0, 1]; got {momentum}",
                     f"{fn}: momentum은 [0, 1] 범위여야 합니다; 받은 값 {momentum}")
    return mode, eps, momentum


def _running_stat(bn_param: dict, key: str, D: int, fn: str):
    r = bn_param.get(key)
    if r is None:
        return None
    r = np.asarray(r)
    if r.shape != (D,):
        raise _error(f"{fn}: bn_param[{key!r}] must have shape {(D,)}; got {r.shape}",
                     f"{fn}: bn_param[{key!r}]의 모양은 {(D,)}이어야 합니다; 받은 모양 {r.shape}")
    return r


def _non_finite_allowed() -> bool:
    """True inside ``np.errstate(invalid="ignore")``: the caller expects nan/inf (e.g. a training
    run that is allowed to diverge) and wants them passed on instead of a ValueError."""
    return np.geterr()["invalid"] == "ignore"


def _raise_non_finite(x, fn):
    if _non_finite_allowed():
        return
    n_bad = int((~np.isfinite(x)).sum())
    raise _error(
        f"{fn}: x contains {n_bad} non-finite values (nan/inf), or values so large that the "
        f"variance overflows; the batch statistics and running averages would be ruined",
        f"{fn}: x에 유한하지 않은 값(nan/inf)이 {n_bad}개 있거나 분산이 넘칠 만큼 큰 값이 "
        f"있습니다; 배치 통계와 이동 평균이 망가집니다",
    )


def _batchnorm_forward(x, gamma, beta, bn_param, fn, batch_doc="N", x_shape=None):
    """Batch normalization of a 2-D array (shared by the flat and the spatial layer)."""
    N, D = x.shape
    dtype = x.dtype
    mode, eps, momentum = _bn_settings(bn_param, fn)
    gamma = _param_like(gamma, "gamma", (D,), dtype, fn)
    beta = _param_like(beta, "beta", (D,), dtype, fn)

    if mode == "train":
        if N < 2:
            raise _error(
                f"{fn} needs {batch_doc} > 1 in training mode; got x of shape "
                f"{x_shape or x.shape}",
                f"{fn}는 학습 모드에서 {batch_doc} > 1이 필요합니다; 받은 x 모양 "
                f"{x_shape or x.shape}",
            )
        running_mean = _running_stat(bn_param, "running_mean", D, fn)
        running_var = _running_stat(bn_param, "running_var", D, fn)
        # Alg. 1: mini-batch mean, biased variance, normalize, scale and shift.
        mu = _column_sums(x) / N  # a BLAS matrix-vector product: faster than x.mean(axis=0)
        if not np.isfinite(mu).all():  # a nan or inf anywhere in a column shows up in its mean
            _raise_non_finite(x, fn)
        x_mu = x - mu
        var = np.einsum("nd,nd->d", x_mu, x_mu) / N  # biased 1/N variance
        if not np.isfinite(var).all():
            _raise_non_finite(x, fn)
        std = np.sqrt(var + eps)
        inv_std = 1.0 / std
        out = x_mu * (gamma * inv_std)  # = gamma · x_hat: one pass over memory instead of two
        out += beta
        # Running estimates (Alg. 2 uses the unbiased variance m/(m-1)·σ²_B).
        if running_mean is None:
            running_mean = np.zeros(D, dtype=dtype)
        if running_var is None:
            running_var = np.ones(D, dtype=dtype)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * (N / (N - 1)) * var
        cache = BatchNormCache(mode="train", x=x, x_mu=x_mu, mu=mu, var=var, std=std,
                               inv_std=inv_std, gamma=gamma, beta=beta, eps=eps)
    else:
        running_mean = _running_stat(bn_param, "running_mean", D, fn)
        running_var = _running_stat(bn_param, "running_var", D, fn)
        if running_mean is None or running_var is None:
            raise _error(
                f"{fn}: test mode needs bn_param['running_mean'] and ['running_var']; "
                f"run at least one training step first",
                f"{fn}: 테스트 모드에는 bn_param['running_mean']과 ['running_var']가 필요합니다; "
                f"먼저 학습 스텝을 한 번 이상 실행하세요",
            )
        mu = running_mean.astype(dtype, copy=False)
        var = running_var.astype(dtype, copy=False)
        bad = not (np.isfinite(mu).all() and np.isfinite(var).all()) or (var < 0).any()
        if bad and not _non_finite_allowed():
            raise _error(f"{fn}: the running mean/variance are not finite (or negative variance)",
                         f"{fn}: 이동 평균/분산이 유한하지 않거나 분산이 음수입니다")
        std = np.sqrt(var + eps)
        inv_std = 1.0 / std
        x_mu = x - mu
        out = x_mu * (gamma * inv_std)
        out += beta
        cache = BatchNormCache(mode="test", x=x, x_mu=x_mu, mu=mu, var=var, std=std,
                               inv_std=inv_std, gamma=gamma, beta=beta, eps=eps)
    return out, cache


def batchnorm_forward(x, gamma, beta, bn_param):
    """Batch normalization of each feature over the mini-batch (Ioffe & Szegedy 2015, Alg. 1).

    x: (N, D); gamma, beta: (D,); bn_param: dict (see the module docstring), whose running
    averages are updated in training mode.

    Returns out: (N, D) = gamma · x_hat + beta with x_hat = (x − mu) / sqrt(var + eps), and the
    cache, a :class:`BatchNormCache` (read it like a dict) with "x", "x_mu" = x − mu, "x_hat",
    "mu" and "var" (the batch mean and biased batch variance in training mode, the running
    estimates in test mode), "std" = sqrt(var + eps), "inv_std" = 1/std, "gamma", "beta", "eps"
    and "mode".
    """
    fn = "batchnorm_forward"
    x = _as_float(x, "x", fn)
    _check_ndim(x, 2, "x", fn, "(N, D)")
    return _batchnorm_forward(x, gamma, beta, bn_param, fn)


def _column_sums(a):
    """Σ_n a[n, :] as ones(N) @ a, a BLAS matrix-vector product. a: (N, D). Returns (D,)."""
    return np.ones(a.shape[0], dtype=a.dtype) @ a


def _bn_param_grads(dout, cache):
    # dgamma = Σ dout · x_hat = inv_std · Σ dout · x_mu (x_hat itself is not needed)
    dbeta = _column_sums(dout)
    dgamma = np.einsum("nd,nd->d", dout, cache["x_mu"])
    dgamma *= cache["inv_std"]
    return dgamma, dbeta


def _check_dout(dout, shape, fn):
    dout = np.asarray(dout)
    if dout.shape != shape:
        raise _error(f"{fn}: dout must have the output's shape {shape}; got {dout.shape}",
                     f"{fn}: dout은 출력과 같은 모양 {shape}이어야 합니다; 받은 모양 {dout.shape}")
    return dout


def _batchnorm_backward_test(dout, cache):
    # In test mode BN is the fixed affine map gamma·(x − mu)/std + beta.
    dgamma, dbeta = _bn_param_grads(dout, cache)
    dx = dout * (cache["gamma"] * cache["inv_std"])
    return dx, dgamma, dbeta


def batchnorm_backward(dout, cache):
    """Backward pass of :func:`batchnorm_forward`, stage by stage through the computational graph.

    The forward pass as a graph: mu = mean(x); x_mu = x − mu; var = mean(x_mu²);
    std = sqrt(var + eps); inv_std = 1/std; x_hat = x_mu · inv_std; out = gamma · x_hat + beta.
    Each line below is the chain rule through one of these nodes, in reverse order.

    dout: (N, D). Returns dx: (N, D), dgamma: (D,), dbeta: (D,).
    """
    dout = _check_dout(dout, cache["x_mu"].shape, "batchnorm_backward")
    if cache["mode"] == "test":
        return _batchnorm_backward_test(dout, cache)
    N = dout.shape[0]
    x_mu, x_hat, gamma = cache["x_mu"], cache["x_hat"], cache["gamma"]
    std, inv_std = cache["std"], cache["inv_std"]
    # out = gamma · x_hat + beta
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    # x_hat = x_mu · inv_std  (x_mu reaches the output on two paths: here and through var)
    dinv_std = (dx_hat * x_mu).sum(axis=0)
    dx_mu = dx_hat * inv_std
    # inv_std = 1 / std
    dstd = -dinv_std / std**2
    # std = sqrt(var + eps)
    dvar = 0.5 * dstd / std
    # var = mean(x_mu²) over the batch
    dx_mu += (2.0 / N) * x_mu * dvar
    # x_mu = x − mu  (x reaches the output directly and through mu)
    dmu = -dx_mu.sum(axis=0)
    # mu = mean(x) over the batch
    dx = dx_mu + dmu / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    """Backward pass of :func:`batchnorm_forward` as one simplified expression:

        dx = gamma / (N · sqrt(var + eps)) · (N · dout − Σ dout − x_hat · Σ(dout · x_hat)),

    sums over the batch axis. Same result as :func:`batchnorm_backward`, fewer passes over memory.

    dout: (N, D). Returns dx: (N, D), dgamma: (D,), dbeta: (D,).
    """
    dout = _check_dout(dout, cache["x_mu"].shape, "batchnorm_backward_alt")
    if cache["mode"] == "test":
        return _batchnorm_backward_test(dout, cache)
    N = dout.shape[0]
    inv_std = cache["inv_std"]
    dgamma, dbeta = _bn_param_grads(dout, cache)
    # dx = gamma/std · (dout − dbeta/N − x_hat · dgamma/N), in place on one new array,
    # with x_hat · dgamma = x_mu · (inv_std · dgamma)
    dx = cache["x_mu"] * (-(inv_std * dgamma) / N)
    dx += dout
    dx -= dbeta / N
    dx *= cache["gamma"] * inv_std
    return dx, dgamma, dbeta


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    """Batch normalization for convolutional feature maps: one (gamma, beta) per channel; the
    statistics of channel c are over all N·H·W values of that channel (Ioffe & Szegedy 2015, §3.2).

    x: (N, C, H, W); gamma, beta: (C,); bn_param as for :func:`batchnorm_forward`, with running
    averages of shape (C,). Training mode needs N·H·W > 1.
    Returns out: (N, C, H, W) and a cache (the inner 2-D cache, plus the shape).
    """
    fn = "spatial_batchnorm_forward"
    x = _as_float(x, "x", fn)
    _check_ndim(x, 4, "x", fn, "(N, C, H, W)")
    N, C, H, W = x.shape
    x2 = x.transpose(0, 2, 3, 1).reshape(-1, C)  # (N·H·W, C)
    out2, cache = _batchnorm_forward(x2, gamma, beta, bn_param, fn, "N·H·W", x.shape)
    out = out2.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    return np.ascontiguousarray(out), {"bn": cache, "shape": x.shape}


def spatial_batchnorm_backward(dout, cache):
    """Backward pass of :func:`spatial_batchnorm_forward`.

    dout: (N, C, H, W). Returns dx: (N, C, H, W), dgamma: (C,), dbeta: (C,).
    """
    N, C, H, W = cache["shape"]
    dout = _check_dout(dout, cache["shape"], "spatial_batchnorm_backward")
    d2 = dout.transpose(0, 2, 3, 1).reshape(-1, C)
    dx2, dgamma, dbeta = batchnorm_backward_alt(d2, cache["bn"])
    dx = dx2.reshape(N, H, W, C).transpose(0, 3, 1, 2)
    return np.ascontiguousarray(dx), dgamma, dbeta


# ----------------------------------------------------------------------------------------------
# dropout


def dropout_forward(x, dropout_param):
    """Inverted dropout. x: any shape.

    dropout_param: {"p": probability of *dropping* a unit (PyTorch's convention, not the "keep
    probability" of the original dropout paper and of CS231n; default 0.5), "mode": "train" |
    "test" (default "train"), "rng": np.random.Generator (needed in training mode)}.

    Training: each unit is kept with probability 1 − p and kept units are scaled by 1/(1 − p), so
    the expected output equals x and test mode is the identity.
    Returns out (same shape as x) and cache = (mask, mode); mask already includes the 1/(1 − p).
    """
    fn = "dropout_forward"
    x = _as_float(x, "x", fn)
    if not isinstance(dropout_param, dict):
        raise _error(f"{fn}: dropout_param must be a dict",
                     f"{fn}: dropout_param은 dict여야 합니다")
    p = float(dropout_param.get("p", 0.5))
    mode = dropout_param.get("mode", "train")
    if not 0.0 <= p < 1.0:
        raise _error(f"{fn}: p is the drop probability and must be in [0, 1); got p={p}",
                     f"{fn}: p는 버릴 확률이며 [0, 1) 범위여야 합니다; 받은 값 p={p}")
    if mode not in _MODES:
        raise _error(f"{fn}: unknown mode {mode!r}; use 'train' or 'test'",
                     f"{fn}: 알 수 없는 mode {mode!r}; 'train' 또는 'test'를 쓰세요")
    if mode == "test" or p == 0.0:
        return x.copy(), (None, mode)
    rng = dropout_param.get("rng")
    if not isinstance(rng, np.random.Generator):
        raise _error(
            f"{fn}: training mode needs dropout_param['rng'], a np.random.Generator "
            f"(e.g. np.random.default_rng(0)); got {type(rng).__name__}",
            f"{fn}: 학습 모드에는 dropout_param['rng'](np.random.Generator, 예: "
            f"np.random.default_rng(0))가 필요합니다; 받은 형식 {type(rng).__name__}",
        )
    u = rng.random(x.shape, dtype=x.dtype if x.dtype in (np.float32, np.float64) else np.float64)
    mask = (u >= p).astype(x.dtype)
    mask *= 1.0 / (1.0 - p)
    return x * mask, (mask, mode)


def dropout_backward(dout, cache):
    """Backward pass of :func:`dropout_forward`: dx = dout · mask (training), dout (test)."""
    mask, mode = cache
    if mask is None:
        return np.array(dout, copy=True)
    return dout * mask


# ----------------------------------------------------------------------------------------------
# softmax and cross-entropy


def log_softmax(z):
    """log softmax over the last axis, stable for large |z|. z: (..., C). Returns (..., C)."""
    z = _as_float(z, "z", "log_softmax")
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(z):
    """softmax over the last axis, stable for large |z|. z: (..., C).

    Returns (..., C); each row sums to 1."""
    z = _as_float(z, "z", "softmax")
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_cross_entropy(logits, y):
    """Mean cross-entropy of softmax(logits) against integer labels, and its gradient.

    logits: (N, C); y: (N,) integer labels in [0, C).
    Returns loss (a Python float, the mean over the batch) and
    dlogits: (N, C) = (softmax(logits) − onehot(y)) / N.
    """
    fn = "softmax_cross_entropy"
    logits = _as_float(logits, "logits", fn)
    _check_ndim(logits, 2, "logits", fn, "(N, C)")
    N, C = logits.shape
    y = np.asarray(y)
    if y.shape != (N,):
        raise _error(f"{fn}: y must have shape {(N,)} (one label per row of logits "
                     f"{logits.shape}); got {y.shape}",
                     f"{fn}: y의 모양은 {(N,)}이어야 합니다(logits {logits.shape}의 행마다 "
                     f"레이블 하나); 받은 모양 {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        if np.issubdtype(y.dtype, np.floating) and np.all(np.mod(y, 1) == 0):
            y = y.astype(np.int64)
        else:
            raise _error(f"{fn}: y must hold integer class labels; got dtype {y.dtype}",
                         f"{fn}: y는 정수 클래스 레이블이어야 합니다; 받은 dtype {y.dtype}")
    if N == 0:
        raise _error(f"{fn}: empty batch", f"{fn}: 빈 배치입니다")
    if y.min() < 0 or y.max() >= C:
        raise _error(f"{fn}: labels must be in [0, {C - 1}] for {C} classes; "
                     f"got labels from {y.min()} to {y.max()}",
                     f"{fn}: 클래스가 {C}개이므로 레이블은 [0, {C - 1}] 범위여야 합니다; "
                     f"받은 레이블 범위 {y.min()}~{y.max()}")
    logp = log_softmax(logits)
    rows = np.arange(N)
    loss = -logp[rows, y].mean()
    if not np.isfinite(loss) and not _non_finite_allowed():
        raise _error(f"{fn}: logits contain non-finite values (nan/inf)",
                     f"{fn}: logits에 유한하지 않은 값(nan/inf)이 있습니다")
    dlogits = np.exp(logp)
    dlogits[rows, y] -= 1
    dlogits /= N
    return float(loss), dlogits


# --- shared by the chapters and the grader (moved from bnbook.chapters.ch06 / ch07) ----------
def hardmax(z):
    """One-hot vector of the largest logit in each row. z: (..., C) -> (..., C) of 0.0 and 1.0.

    Ties go to the first maximum (as np.argmax)."""
    z = np.asarray(z, dtype=float)
    out = np.zeros_like(z)
    np.put_along_axis(out, z.argmax(axis=-1)[..., None], 1.0, axis=-1)
    return out


def one_hot(y, C: int):
    """Integer labels y (N,) -> one-hot rows (N, C) of 0.0 and 1.0."""
    y = np.asarray(y)
    if y.ndim != 1 or (y.size and (y.min() < 0 or y.max() >= C)):
        raise _error(f"one_hot needs labels y of shape (N,) in [0, {C - 1}]; got shape {y.shape}",
                     f"one_hot의 y는 [0, {C - 1}] 범위의 (N,) 모양 레이블이어야 합니다; "
                     f"받은 모양 {y.shape}")
    out = np.zeros((len(y), C))
    out[np.arange(len(y)), y] = 1.0
    return out


def noisy_bn(out, mean_noise, scale_noise):
    """The noisy-BN perturbation ``s·a + m``, elementwise: scale first, then shift.

    out: (N, D) the output of a BN layer; mean_noise m and scale_noise s: (N, D) (or broadcastable).
    Returns (N, D).
    """
    return scale_noise * out + mean_noise
