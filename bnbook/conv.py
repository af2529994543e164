"""Convolution and max pooling as forward/backward pairs (CS231n style), in numpy, and a small
convolutional network whose normalization layer can be switched (chapter 8).

Shapes: x is ``(N, C, H, W)`` (batch, channels, height, width); a convolution's filters are
``w: (F, C, HH, WW)`` with bias ``b: (F,)``; ``conv_param = {"stride": s, "pad": p}``; the output
is ``(N, F, H', W')`` with H' = 1 + (H + 2p − HH) // s and W' likewise.

The convolution is computed by **im2col**: every receptive field (a C·HH·WW patch) becomes one
column of a matrix, so the whole layer is one matrix product ``w.reshape(F, -1) @ cols`` (BLAS),
and the backward pass is two more products plus **col2im**, which adds each column's gradient
back onto the input positions it came from (overlapping patches add up). As in every deep-learning
framework, "convolution" here is cross-correlation (the filter is not flipped).

dtype: float32 in gives float32 out; use float64 for gradient checks.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import layers, norms
from .layers import _as_float, _check_ndim, _error

__all__ = ["conv_forward", "conv_backward", "max_pool_forward", "max_pool_backward",
           "conv_output_size", "ConvNet", "NORMS"]


def conv_output_size(size: int, k: int, stride: int, pad: int) -> int:
    """Output length of a convolution or pooling along one axis:
    1 + (size + 2·pad − k) // stride."""
    return 1 + (size + 2 * pad - k) // stride


def _conv_settings(conv_param, fn):
    if conv_param is None:
        conv_param = {}
    if not isinstance(conv_param, dict):
        raise _error(f"{fn}: conv_param must be a dict like {{'stride': 1, 'pad': 0}}; got "
                     f"{type(conv_param).__name__}",
                     f"{fn}: conv_param은 {{'stride': 1, 'pad': 0}} 같은 dict여야 합니다; "
                     f"받은 형식 {type(conv_param).__name__}")
    stride, pad = conv_param.get("stride", 1), conv_param.get("pad", 0)
    if int(stride) != stride or stride < 1 or int(pad) != pad or pad < 0:
        raise _error(f"{fn}: stride must be an integer ≥ 1 and pad an integer ≥ 0; got "
                     f"stride={stride}, pad={pad}",
                     f"{fn}: stride는 1 이상의 정수, pad는 0 이상의 정수여야 합니다; 받은 값 "
                     f"stride={stride}, pad={pad}")
    return int(stride), int(pad)


def _im2col(xp, HH, WW, stride):
    """Patches of the padded input xp: (N, C, Hp, Wp) as the columns of a matrix:
    cols: (C·HH·WW, N·H'·W'), row (c, i, j) holding xp[n, c, i + s·h', j + s·w'] for every
    output position (n, h', w'). Built by one strided copy per (c-plane, i, j) offset: each copy
    moves whole rows of the image, which is several times faster than copying 3×3 patches."""
    N, C, Hp, Wp = xp.shape
    Ho, Wo = (Hp - HH) // stride + 1, (Wp - WW) // stride + 1
    cols = np.empty((C, HH, WW, N, Ho, Wo), dtype=xp.dtype)
    xt = xp.transpose(1, 0, 2, 3)                       # (C, N, Hp, Wp) view
    for i in range(HH):
        for j in range(WW):
            cols[:, i, j] = xt[:, :, i:i + stride * Ho:stride, j:j + stride * Wo:stride]
    return cols.reshape(C * HH * WW, N * Ho * Wo), Ho, Wo


def _col2im(dcols, xp_shape, HH, WW, stride, Ho, Wo, dtype):
    """Adjoint of :func:`_im2col`: adds each patch gradient back onto the padded input
    (overlapping patches add up). dcols: (C·HH·WW, N·H'·W'). Returns dxp: (N, C, Hp, Wp)."""
    N, C, Hp, Wp = xp_shape
    d = dcols.reshape(C, HH, WW, N, Ho, Wo)
    dxt = np.zeros((C, N, Hp, Wp), dtype=dtype)
    for i in range(HH):        # one strided slice per filter offset: HH·WW additions in total
        for j in range(WW):
            dxt[:, :, i:i + stride * Ho:stride, j:j + stride * Wo:stride] += d[:, i, j]
    return dxt.transpose(1, 0, 2, 3)


def conv_forward(x, w, b, conv_param=None):
    """Convolutional layer, forward pass, by im2col.

    x: (N, C, H, W); w: (F, C, HH, WW); b: (F,) or None (no bias, e.g. before batch
    normalization); conv_param: {"stride": s, "pad": p} (default 1 and 0), zero padding.
    Returns out: (N, F, H', W') and a cache for :func:`conv_backward`.
    """
    fn = "conv_forward"
    x = _as_float(x, "x", fn)
    _check_ndim(x, 4, "x", fn, "(N, C, H, W)")
    w = np.asarray(w)
    if w.ndim != 4 or w.shape[1] != x.shape[1]:
        raise _error(f"{fn} needs w of shape (F, C, HH, WW) with C = {x.shape[1]} (x's channels); "
                     f"got w of shape {w.shape}",
                     f"{fn}의 w는 (F, C, HH, WW) 모양이고 C = {x.shape[1]}(x의 채널 수)이어야 "
                     f"합니다; 받은 모양 {w.shape}")
    w = w.astype(x.dtype, copy=False)
    F, C, HH, WW = w.shape
    if b is not None:
        b = layers._param_like(b, "b", (F,), x.dtype, fn)
    stride, pad = _conv_settings(conv_param, fn)
    N, _, H, W = x.shape
    if H + 2 * pad < HH or W + 2 * pad < WW:
        raise _error(f"{fn}: the filter ({HH}×{WW}) is larger than the padded input "
                     f"({H + 2 * pad}×{W + 2 * pad})",
                     f"{fn}: 필터({HH}×{WW})가 패딩한 입력({H + 2 * pad}×{W + 2 * pad})보다 큽니다")
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))) if pad else x
    cols, Ho, Wo = _im2col(xp, HH, WW, stride)
    out = w.reshape(F, -1) @ cols          # (F, N·H'·W'): the whole layer is one matrix product
    if b is not None:
        out += b[:, None]
    out = np.ascontiguousarray(out.reshape(F, N, Ho, Wo).transpose(1, 0, 2, 3))
    cache = {"cols": cols, "w": w, "has_bias": b is not None, "stride": stride, "pad": pad,
             "x_shape": x.shape, "xp_shape": xp.shape, "out_hw": (Ho, Wo)}
    return out, cache


def conv_backward(dout, cache):
    """Backward pass of :func:`conv_forward`.

    dout: (N, F, H', W'). Returns dx: (N, C, H, W), dw: (F, C, HH, WW), db: (F,) (None if the
    layer has no bias).
    """
    w = cache["w"]
    F, C, HH, WW = w.shape
    N = cache["x_shape"][0]
    Ho, Wo = cache["out_hw"]
    dout = layers._check_dout(dout, (N, F, Ho, Wo), "conv_backward")
    d2 = dout.transpose(1, 0, 2, 3).reshape(F, -1)      # (F, N·H'·W')
    db = d2 @ np.ones(d2.shape[1], dtype=d2.dtype) if cache["has_bias"] else None
    dw = (d2 @ cache["cols"].T).reshape(w.shape)
    dcols = w.reshape(F, -1).T @ d2                     # (C·HH·WW, N·H'·W')
    s, p = cache["stride"], cache["pad"]
    dxp = _col2im(dcols, cache["xp_shape"], HH, WW, s, Ho, Wo, dcols.dtype)
    H, W = cache["x_shape"][2:]
    dx = dxp[:, :, p:p + H, p:p + W] if p else dxp
    return np.ascontiguousarray(dx), dw, db


def max_pool_forward(x, pool_param=None):
    """Max pooling over each channel's (ph × pw) windows with the given stride.

    x: (N, C, H, W); pool_param: {"pool_height": 2, "pool_width": 2, "stride": 2} (defaults).
    Returns out: (N, C, H', W') and a cache. Ties go to the first maximum in the window (as in
    PyTorch), so the gradient reaches exactly one input per window.
    """
    fn = "max_pool_forward"
    x = _as_float(x, "x", fn)
    _check_ndim(x, 4, "x", fn, "(N, C, H, W)")
    pool_param = pool_param or {}
    ph, pw = pool_param.get("pool_height", 2), pool_param.get("pool_width", 2)
    stride = pool_param.get("stride", 2)
    if min(ph, pw, stride) < 1 or ph > x.shape[2] or pw > x.shape[3]:
        raise _error(f"{fn}: need 1 ≤ pool size ≤ input size and stride ≥ 1; got pool "
                     f"{ph}×{pw}, stride {stride}, input {x.shape[2]}×{x.shape[3]}",
                     f"{fn}: 1 ≤ 풀링 크기 ≤ 입력 크기, stride ≥ 1이어야 합니다; 받은 값 풀링 "
                     f"{ph}×{pw}, stride {stride}, 입력 {x.shape[2]}×{x.shape[3]}")
    win = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::stride, ::stride]
    N, C, Ho, Wo = win.shape[:4]
    flat = win.reshape(N, C, Ho, Wo, ph * pw)
    idx = flat.argmax(axis=-1)
    out = np.take_along_axis(flat, idx[..., None], axis=-1)[..., 0]
    return out, {"idx": idx, "x_shape": x.shape, "ph": ph, "pw": pw, "stride": stride,
                 "dtype": x.dtype}


def max_pool_backward(dout, cache):
    """Backward pass of :func:`max_pool_forward`: each window's gradient goes to its maximum.

    dout: (N, C, H', W'). Returns dx: (N, C, H, W).
    """
    idx = cache["idx"]
    dout = layers._check_dout(dout, idx.shape, "max_pool_backward")
    ph, pw, s = cache["ph"], cache["pw"], cache["stride"]
    Ho, Wo = idx.shape[2:]
    dx = np.zeros(cache["x_shape"], dtype=np.result_type(dout.dtype, cache["dtype"]))
    for k in range(ph * pw):
        i, j = divmod(k, pw)
        dx[:, :, i:i + s * Ho:s, j:j + s * Wo:s] += np.where(idx == k, dout, 0)
    return dx


# ----------------------------------------------------------------------------------------------
# a small convolutional network

NORMS = ("none", "bn", "ln", "gn", "in")


class ConvNet:
    """conv 3×3 → norm → ReLU → max-pool 2 → conv 3×3 → norm → ReLU → max-pool 2 → affine → 10.

    For 28×28 MNIST images: (N, 1, 28, 28) → (N, c1, 14, 14) → (N, c2, 7, 7) → (N, 10) logits.
    ``norm``: "none" (conv biases, no normalization), "bn" (spatial batch normalization, running
    averages with ``momentum`` in this book's convention), "ln" (layer norm over C·H·W of each
    image = group norm with one group), "gn" (group norm with ``groups`` groups), "in" (instance
    norm = one group per channel). With a normalization the conv layers have no bias: the
    normalization's β shifts each channel instead (chapter 3).
    Weights: He initialization from ``np.random.default_rng(seed)``; ``dtype`` float32 or float64.
    """

    def __init__(self, norm: str = "bn", channels=(8, 16), groups: int = 4, seed: int = 0,
                 dtype=np.float32, momentum: float = 0.9, in_shape=(1, 28, 28),
                 n_classes: int = 10, weight_scale: float | None = None):
        if norm not in NORMS:
            raise _error(f"ConvNet: norm must be one of {NORMS}; got {norm!r}",
                         f"ConvNet: norm은 {NORMS} 중 하나여야 합니다; 받은 값 {norm!r}")
        c1, c2 = channels
        if norm == "gn" and (c1 % groups or c2 % groups):
            raise _error(f"ConvNet: groups={groups} must divide the channels {channels}",
                         f"ConvNet: groups={groups}가 채널 수 {channels}를 "
                         f"나누어떨어뜨려야 합니다")
        self.norm, self.channels, self.groups, self.dtype = norm, (c1, c2), groups, np.dtype(dtype)
        rng = np.random.default_rng(seed)
        self.in_shape = tuple(in_shape)
        C, H, W = in_shape
        self.conv_param = {"stride": 1, "pad": 1}
        self.pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
        flat = c2 * (H // 4) * (W // 4)

        def he(shape, fan_in):
            scale = np.sqrt(2.0 / fan_in) if weight_scale is None else weight_scale
            return (rng.standard_normal(shape) * scale).astype(self.dtype)

        p = {"W1": he((c1, C, 3, 3), C * 9), "W2": he((c2, c1, 3, 3), c1 * 9),
             "W3": he((flat, n_classes), flat), "b3": np.zeros(n_classes, self.dtype)}
        for i, c in ((1, c1), (2, c2)):
            if norm == "none":
                p[f"b{i}"] = np.zeros(c, self.dtype)
            else:
                p[f"gamma{i}"] = np.ones(c, self.dtype)
                p[f"beta{i}"] = np.zeros(c, self.dtype)
        self.params = p
        # running averages start at mean 0 and variance 1, as in PyTorch
        self.bn_params = [{"mode": "train", "momentum": momentum, "eps": 1e-5,
                           "running_mean": np.zeros(c, self.dtype),
                           "running_var": np.ones(c, self.dtype)} for c in (c1, c2)]

    # -- the normalization of conv layer i ------------------------------------------------------
    def _norm_forward(self, i, x, mode):
        g, b = self.params[f"gamma{i}"], self.params[f"beta{i}"]
        if self.norm == "bn":
            bp = self.bn_params[i - 1]
            bp["mode"] = mode
            return layers.spatial_batchnorm_forward(x, g, b, bp)
        G = {"ln": 1, "gn": self.groups, "in": x.shape[1]}[self.norm]
        return norms.groupnorm_forward(x, g, b, G, {"eps": 1e-5})

    def _norm_backward(self, d, cache):
        if self.norm == "bn":
            return layers.spatial_batchnorm_backward(d, cache)
        return norms.groupnorm_backward(d, cache)

    def forward(self, X, mode: str = "test", return_caches: bool = False):
        """Logits (N, 10) for images X: (N, 1, 28, 28) (or flat (N, 784), reshaped).

        ``mode`` is BN's mode ("train": batch statistics and running-average update; "test":
        running averages); the other normalizations compute the same in both modes."""
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim == 2:
            X = X.reshape(X.shape[0], *self.in_shape)
        p, caches, h = self.params, [], X
        for i in (1, 2):
            h, c_conv = conv_forward(h, p[f"W{i}"], p.get(f"b{i}"), self.conv_param)
            c_norm = None
            if self.norm != "none":
                h, c_norm = self._norm_forward(i, h, mode)
            h, c_relu = layers.relu_forward(h)
            h, c_pool = max_pool_forward(h, self.pool_param)
            caches.append((c_conv, c_norm, c_relu, c_pool))
        shape = h.shape
        logits, c_aff = layers.affine_forward(h.reshape(shape[0], -1), p["W3"], p["b3"])
        caches.append((c_aff, shape))
        return (logits, caches) if return_caches else logits

    def loss(self, X, y, mode: str = "train"):
        """Mean softmax cross-entropy on (X, y) and the gradients of every parameter (a dict)."""
        logits, caches = self.forward(X, mode, return_caches=True)
        loss, dlogits = layers.softmax_cross_entropy(logits, y)
        grads = {}
        c_aff, shape = caches[2]
        dh, grads["W3"], grads["b3"] = layers.affine_backward(dlogits, c_aff)
        dh = dh.reshape(shape)
        for i in (2, 1):
            c_conv, c_norm, c_relu, c_pool = caches[i - 1]
            dh = max_pool_backward(dh, c_pool)
            dh = layers.relu_backward(dh, c_relu)
            if self.norm != "none":
                dh, grads[f"gamma{i}"], grads[f"beta{i}"] = self._norm_backward(dh, c_norm)
            dh, grads[f"W{i}"], db = conv_backward(dh, c_conv)
            if db is not None:
                grads[f"b{i}"] = db
        return float(loss), grads

    def accuracy(self, X, y, batch_size: int = 1000, mode: str = "test") -> float:
        """Fraction of correct predictions, in batches of ``batch_size`` (inference mode by
        default; ``mode="train"`` normalizes BN with each batch's own statistics and leaves the
        running averages as they were)."""
        saved = [dict(bp) for bp in self.bn_params]
        correct = 0
        for s in range(0, len(X), batch_size):
            correct += int((self.forward(X[s:s + batch_size], mode).argmax(1)
                            == y[s:s + batch_size]).sum())
        self.bn_params = saved
        return correct / len(X)
