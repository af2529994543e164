"""A fully connected network (multi-layer perceptron) with optional batch normalization.

``MLP([784, 100, 100, 100, 10], activation="sigmoid", batchnorm=True, rng=rng)`` is the network of
Ioffe & Szegedy (2015, §4.1): each hidden layer computes ``z = g(BN(W u))``, with batch
normalization right before the nonlinearity and no bias ``b`` (β takes its role, §3.2); the output
layer is affine, followed by softmax and cross-entropy.

Parameters live in ``model.params``, a dict of named arrays::

    W1 (D, H1), b1 (H1,)        # b_l only where no batch normalization follows
    W1, gamma1 (H1,), beta1 (H1,)  # with batch normalization
    ...
    WL (H_{L-1}, C), bL (C,)    # the output layer always has a bias

and ``model.bn_params[l - 1]`` is the ``bn_param`` dict (running statistics) of hidden layer ``l``.

Two implementations compute the same numbers:

* the **layer path** chains :mod:`bnbook.layers` forward/backward pairs, as a reader would write it;
* the **fast path** (default) fuses the same arithmetic into preallocated buffers for float32
  training speed. ``tests/test_model.py`` checks that the two agree.

Dropout: ``MLP(..., keep=0.5, dropout_rng=rng)`` applies inverted dropout with keep probability
``keep`` (Srivastava et al. 2014; :func:`bnbook.layers.dropout_forward` takes the *drop*
probability ``1 − keep``) to every hidden layer's activation output in :meth:`MLP.loss`, the
training step; :meth:`MLP.forward` never drops (test mode is the identity). A network with dropout
trains on the layer path.

Noise after BN (Santurkar et al. 2018's "noisy BN", chapter 7): ``model.loss(X, y,
noise=noise)`` and ``model.forward(X, mode, noise=noise)`` take ``noise``, a list with one
``(m, s)`` pair per hidden layer (shift m and scale s, each broadcastable to (N, H_l), e.g. (N, H_l)
arrays drawn afresh for every step), and replace that layer's activation input a by
:func:`bnbook.layers.noisy_bn` ``s·a + m``: after BN where there is one, else after the affine
layer. The gradient flows through
``s``; the noise itself is data, not a parameter. A call with noise takes the layer path.

Chapter 8's normalizations: ``MLP(..., norm="bn" | "ln" | "gn" | "none", groups=G)`` puts batch,
layer or group normalization (G groups of consecutive features; Wu & He 2018) or nothing after
every hidden affine layer and computes on the **normalization path**: one formula for every kind,
x̂ = (x − μ)/√(σ² + ε) over a set of values (BN: a feature's column of the batch; LN: an
example's row; GN: a group of an example's row) and, backwards,
dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) over the same set, with the same numpy lines for all four
kinds, so chapter 8's networks differ only in the normalization. BN there works at every batch
size, m = 1 included (``bnbook.layers.batchnorm_forward`` refuses it): x − μ = 0, so every output is
β and no gradient passes below BN. Its running averages follow :mod:`bnbook.layers` (momentum,
unbiased variance m/(m−1)·σ²); a training step at m = 1 has no unbiased variance, so the model
then sets ``has_running = False`` and test mode refuses. LN and GN follow :mod:`bnbook.norms`'
conventions (biased 1/K variance, ε inside the root, γ and β per feature) and agree with it to
float rounding (``tests/test_ch08_network.py``). ``norm=None`` (the default) is the network above
(``batchnorm=``, fast and layer paths); ``norm="bn"`` is a BN network on the normalization path.
The normalization path has no dropout and no noise.

``MLP.from_params(params, bn_params)`` wraps an existing dict of parameter arrays (copied into the
model's flat buffer) and a list of ``bn_param`` dicts (shared: a training step updates them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from . import i18n, layers

__all__ = ["MLP"]

ACTIVATIONS = ("sigmoid", "relu", "tanh")
NORMS = ("none", "bn", "ln", "gn")


def _error(en: str, ko: str) -> ValueError:
    return i18n.error(en, ko)


# --- in-place activations for the fast path --------------------------------------------------

def _act_forward_inplace(kind: str, z: np.ndarray, out: np.ndarray) -> None:
    """out ← g(z) without temporaries. z, out: (N, H)."""
    if kind == "sigmoid":
        # σ(z) = ½·tanh(z/2) + ½ never overflows (unlike 1/(1+exp(−z)) for z ≪ 0)
        np.multiply(z, 0.5, out=out)
        np.tanh(out, out=out)
        out *= 0.5
        out += 0.5
    elif kind == "tanh":
        np.tanh(z, out=out)
    else:
        np.maximum(z, 0, out=out)


def _act_backward_inplace(kind: str, dout: np.ndarray, out: np.ndarray, tmp: np.ndarray) -> None:
    """dout ← dout · g'(z), using the activation output ``out``; ``tmp`` is scratch (N, H)."""
    if kind == "sigmoid":
        np.subtract(1, out, out=tmp)
        tmp *= out
        dout *= tmp
    elif kind == "tanh":
        np.multiply(out, out, out=tmp)
        np.subtract(1, tmp, out=tmp)
        dout *= tmp
    else:
        dout[out <= 0] = 0


class MLP:
    """Fully connected network ``sizes[0] → sizes[1] → … → sizes[-1]`` with softmax output.

    sizes: layer widths, e.g. ``[784, 100, 100, 100, 10]`` (input, hidden…, classes).
    activation: ``"sigmoid"``, ``"relu"`` or ``"tanh"`` for every hidden layer.
    batchnorm: batch normalization before each hidden activation (then no bias in that layer).
    weight_std: std of the Gaussian initial weights: a number, a list with one number per layer,
        or None for ``1/sqrt(fan_in)`` in each layer. Biases and β start at 0, γ at 1.
    rng: ``np.random.Generator`` (or an int seed) for the initial weights.
    dtype: ``np.float32`` (training) or ``np.float64`` (gradient checks).
    bn_eps, bn_momentum: ε and running-average momentum of every ``bn_param``.
    fast: use the fused fast path in :meth:`loss` and :meth:`forward` (same numbers, less time).
    keep: keep probability of inverted dropout after each hidden activation in :meth:`loss`
        (1.0: no dropout); with keep < 1, :meth:`loss` takes the layer path.
    dropout_rng: ``np.random.Generator`` (or an int seed) for the dropout masks; its own
        generator, so masks do not shift the draws of anything else.
    norm: None (the network above), or ``"bn"``, ``"ln"``, ``"gn"``, ``"none"``: that
        normalization (or none) after every hidden affine layer, on the normalization path (see
        the module docstring); with ``"bn"``, ``bn_eps`` and ``bn_momentum`` as above, and
        ``bn_eps`` is also the ε of LN and GN.
    groups: number of groups G of ``norm="gn"``; it divides every hidden width.
    """

    def __init__(self, sizes: Sequence[int], activation: str = "sigmoid", batchnorm: bool = False,
                 weight_std: float | Sequence[float] | None = None,
                 rng: np.random.Generator | int = 0, dtype=np.float32, bn_eps: float = 1e-5,
                 bn_momentum: float = 0.9, fast: bool = True, keep: float = 1.0,
                 dropout_rng: np.random.Generator | int | None = None, norm: str | None = None,
                 groups: int = 1):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise _error(f"MLP needs at least an input and an output size, all ≥ 1; got {sizes}",
                         f"MLP에는 입력과 출력 크기가 모두 1 이상으로 필요합니다; 받은 값 {sizes}")
        self._check_norm(norm, groups, sizes, batchnorm, keep)
        self.norm, self.groups, self.norm_eps = norm, int(groups), float(bn_eps)
        batchnorm = bool(batchnorm) or norm == "bn"
        self.has_running = batchnorm
        if activation not in ACTIVATIONS:
            raise _error(f"activation must be one of {ACTIVATIONS}; got {activation!r}",
                         f"activation은 {ACTIVATIONS} 중 하나여야 합니다; 받은 값 {activation!r}")
        if not 0.0 < float(keep) <= 1.0:
            raise _error(f"keep is the keep probability of dropout and must be in (0, 1]; "
                         f"got {keep}",
                         f"keep은 드롭아웃의 유지 확률이며 (0, 1] 범위여야 합니다; 받은 값 {keep}")
        self.keep = float(keep)
        if self.keep < 1.0:
            if dropout_rng is None:
                raise _error("keep < 1 needs dropout_rng, a np.random.Generator or an int seed "
                             "for the dropout masks",
                             "keep < 1이면 드롭아웃 마스크용 dropout_rng(np.random.Generator "
                             "또는 정수 시드)가 필요합니다")
            if not isinstance(dropout_rng, np.random.Generator):
                dropout_rng = np.random.default_rng(dropout_rng)
        self.dropout_rng = dropout_rng
        self.sizes = sizes
        self.activation = activation
        self.batchnorm = bool(batchnorm)
        self.dtype = np.dtype(dtype)
        self.fast = fast
        self.n_layers = len(sizes) - 1  # affine layers; hidden layers are 1 … n_layers − 1
        rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
        if weight_std is None:
            stds = [1.0 / np.sqrt(fan_in) for fan_in in sizes[:-1]]
        elif np.ndim(weight_std) == 0:
            stds = [float(weight_std)] * self.n_layers
        else:
            stds = [float(s) for s in weight_std]
            if len(stds) != self.n_layers:
                raise _error(f"weight_std needs one value per layer ({self.n_layers}); "
                             f"got {len(stds)}",
                             f"weight_std에는 층마다 값 하나({self.n_layers}개)가 필요합니다; "
                             f"받은 개수 {len(stds)}")
        self.weight_std = stds
        self.params: dict[str, np.ndarray] = {}
        self.bn_params: list[dict] = []
        for l in range(1, self.n_layers + 1):
            fan_in, fan_out = sizes[l - 1], sizes[l]
            self.params[f"W{l}"] = (stds[l - 1] * rng.standard_normal((fan_in, fan_out))).astype(
                self.dtype)
            if self._has_gamma(l):
                self.params[f"gamma{l}"] = np.ones(fan_out, dtype=self.dtype)
                self.params[f"beta{l}"] = np.zeros(fan_out, dtype=self.dtype)
            if self._has_bn(l):
                self.bn_params.append({"mode": "train", "eps": bn_eps, "momentum": bn_momentum,
                                       "running_mean": np.zeros(fan_out, dtype=self.dtype),
                                       "running_var": np.ones(fan_out, dtype=self.dtype)})
            if not self._has_gamma(l):
                self.params[f"b{l}"] = np.zeros(fan_out, dtype=self.dtype)
        self.flat_params = self._pack(self.params)
        self._buffers: dict[int, dict] = {}

    @classmethod
    def from_params(cls, params: dict, bn_params: Sequence[dict] | None = None,
                    activation: str = "sigmoid", fast: bool = True) -> MLP:
        """The network whose parameters are ``params``, a dict ``W1, b1`` or ``gamma1, beta1``, …,
        ``WL, bL`` of arrays as in :attr:`params` (sizes, BN and dtype are read from it; the
        arrays are copied into the model's flat buffer, so the caller's dict is left alone).

        bn_params: one ``bn_param`` dict per hidden layer of a BN network (None: fresh ones).
        The model **shares** these dicts: a training step of :meth:`loss` updates their running
        statistics, as :func:`bnbook.layers.batchnorm_forward` would; a dict without running
        statistics gets zeros and ones, the values that function starts from.
        """
        names = [f"W{l}" for l in range(1, len(params) + 1) if f"W{l}" in params]
        L = len(names)
        if L == 0 or any(k not in params for k in names):
            raise _error(f"from_params needs weights W1 … WL; got {sorted(params)}",
                         f"from_params에는 가중치 W1 … WL이 필요합니다; 받은 이름 {sorted(params)}")
        sizes = [int(np.shape(params["W1"])[0])] + [int(np.shape(params[k])[1]) for k in names]
        batchnorm = "gamma1" in params
        expected = {f"W{l}" for l in range(1, L + 1)} | {f"b{L}"}
        for l in range(1, L):
            expected |= {f"gamma{l}", f"beta{l}"} if batchnorm else {f"b{l}"}
        if set(params) != expected:
            raise _error(f"from_params: the parameter names {sorted(params)} do not describe an "
                         f"MLP (expected {sorted(expected)})",
                         f"from_params: 매개변수 이름 {sorted(params)}이(가) MLP의 것이 아닙니다 "
                         f"(기대한 이름 {sorted(expected)})")
        model = cls.__new__(cls)
        model.keep, model.dropout_rng = 1.0, None
        model.norm, model.groups, model.norm_eps = None, 1, 1e-5
        model.has_running = batchnorm
        model.sizes, model.activation, model.batchnorm = sizes, activation, batchnorm
        if activation not in ACTIVATIONS:
            raise _error(f"activation must be one of {ACTIVATIONS}; got {activation!r}",
                         f"activation은 {ACTIVATIONS} 중 하나여야 합니다; 받은 값 {activation!r}")
        model.dtype = np.asarray(params["W1"]).dtype
        if model.dtype.kind != "f":
            raise _error(f"from_params needs float parameters; got W1 of dtype {model.dtype}",
                         f"from_params에는 실수 매개변수가 필요합니다; 받은 W1의 dtype "
                         f"{model.dtype}")
        model.fast = fast
        model.n_layers = L
        model.weight_std = None
        model.params = {k: np.asarray(params[k]) for k in params}
        for k in sorted(model.params, key=lambda k: not k.startswith("W")):  # weights first
            v = model.params[k]
            l = int(k[len(k.rstrip("0123456789")):])
            shape = (sizes[l - 1], sizes[l]) if k.startswith("W") else (sizes[l],)
            if v.shape != shape or v.dtype != model.dtype:
                raise _error(f"from_params: {k} must have shape {shape} and dtype {model.dtype}; "
                             f"got {v.shape}, {v.dtype}",
                             f"from_params: {k}의 모양은 {shape}, dtype은 {model.dtype}여야 "
                             f"합니다; 받은 값 {v.shape}, {v.dtype}")
        if not batchnorm:
            bn_params = []
        elif bn_params is None:
            bn_params = [{"mode": "train", "eps": 1e-5, "momentum": 0.9} for _ in range(L - 1)]
        elif len(bn_params) != L - 1:
            raise _error(f"from_params needs one bn_param per hidden layer ({L - 1}); "
                         f"got {len(bn_params)}",
                         f"from_params에는 은닉층마다 bn_param 하나({L - 1}개)가 필요합니다; "
                         f"받은 개수 {len(bn_params)}")
        for l, bn in enumerate(bn_params, start=1):
            bn.setdefault("running_mean", np.zeros(sizes[l], dtype=model.dtype))
            bn.setdefault("running_var", np.ones(sizes[l], dtype=model.dtype))
        model.bn_params = list(bn_params)
        model.flat_params = model._pack(model.params)
        model._buffers = {}
        return model

    # --- flat storage ----------------------------------------------------------------------------

    _ALIGN = 16  # elements: each array starts on a 64-byte boundary of the flat buffer

    def _layout(self) -> tuple[dict[str, tuple[int, tuple]], int]:
        layout, offset = {}, 0
        for name, p in self.params.items():
            layout[name] = (offset, p.shape)
            offset += -(-p.size // self._ALIGN) * self._ALIGN
        return layout, offset

    def _views(self, flat: np.ndarray) -> dict[str, np.ndarray]:
        layout, _ = self._layout()
        return {name: flat[o:o + int(np.prod(shape))].reshape(shape)
                for name, (o, shape) in layout.items()}

    def _pack(self, arrays: dict[str, np.ndarray]) -> np.ndarray:
        """Copy ``arrays`` into one flat buffer and make ``self.params`` views of it."""
        _, total = self._layout()
        flat = np.zeros(total, dtype=self.dtype)
        views = self._views(flat)
        for name, v in views.items():
            v[...] = arrays[name]
        self.params = views
        return flat

    def flat_grads(self, N: int) -> np.ndarray:
        """The flat buffer behind the gradients of the last ``loss(X, y, reuse_buffers=True)``
        call with N rows: laid out as :attr:`flat_params` (``model.params`` are views into
        ``model.flat_params``), so one elementwise optimizer step on the pair updates every
        parameter at once (padding entries have gradient 0)."""
        return self._buffers_for(N)["flat_grads"]

    # --- structure ----------------------------------------------------------------------------

    @property
    def hidden_layers(self) -> range:
        """Indices 1 … L−1 of the hidden layers."""
        return range(1, self.n_layers)

    def _has_bn(self, l: int) -> bool:
        return self.batchnorm and l < self.n_layers

    def _has_gamma(self, l: int) -> bool:
        """Hidden layer l has γ, β (and no bias): BN, LN or GN follows its affine map."""
        return (self.batchnorm or self.norm in ("ln", "gn")) and l < self.n_layers

    @staticmethod
    def _check_norm(norm, groups, sizes, batchnorm, keep) -> None:
        if norm is None:
            return
        if norm not in NORMS:
            raise _error(f"norm must be None or one of {NORMS}; got {norm!r}",
                         f"norm은 None 또는 {NORMS} 중 하나여야 합니다; 받은 값 {norm!r}")
        if batchnorm:
            raise _error("give either batchnorm=True or norm=..., not both",
                         "batchnorm=True와 norm=... 중 하나만 주세요")
        if float(keep) != 1.0:
            raise _error("the normalization path (norm=...) has no dropout; use keep=1",
                         "정규화 경로(norm=...)에는 드롭아웃이 없습니다; keep=1로 두세요")
        if norm == "gn":
            bad = [h for h in sizes[1:-1] if int(groups) != groups or groups < 1 or h % groups
                   or h // groups < 2]
            if bad:
                raise _error(f"norm='gn' needs a number of groups that divides every hidden "
                             f"width into groups of ≥ 2 features; got groups={groups} for "
                             f"widths {sizes[1:-1]}",
                             f"norm='gn'에는 모든 은닉층 너비를 특성 2개 이상의 그룹으로 나누는 "
                             f"그룹 수가 필요합니다; 받은 값 groups={groups}, 너비 {sizes[1:-1]}")
        if norm == "ln" and min(sizes[1:-1], default=2) < 2:
            raise _error(f"norm='ln' needs hidden widths ≥ 2; got {sizes[1:-1]}",
                         f"norm='ln'에는 너비 2 이상의 은닉층이 필요합니다; 받은 값 {sizes[1:-1]}")

    def _check_noise(self, noise, N: int):
        """``noise`` as a list of (m, s) pairs, one per hidden layer, each broadcastable to
        (N, H_l); None stays None."""
        if noise is None:
            return None
        noise = list(noise)
        n_hidden = self.n_layers - 1
        if len(noise) != n_hidden:
            raise _error(f"noise needs one (m, s) pair per hidden layer ({n_hidden}); "
                         f"got {len(noise)}",
                         f"noise에는 은닉층마다 (m, s) 쌍 하나({n_hidden}개)가 필요합니다; "
                         f"받은 개수 {len(noise)}")
        for l, pair in zip(self.hidden_layers, noise, strict=True):
            shape = (N, self.sizes[l])
            try:
                m, s = pair
                ok = all(np.broadcast_shapes(np.shape(v), shape) == shape for v in (m, s))
            except (TypeError, ValueError):
                ok = False
            if not ok:
                raise _error(f"noise[{l - 1}] must be a pair (m, s) of arrays broadcastable to "
                             f"the layer's shape {shape}",
                             f"noise[{l - 1}]은(는) 층의 모양 {shape}로 브로드캐스트되는 배열 쌍 "
                             f"(m, s)이어야 합니다")
        return noise

    def _check_input(self, X, y=None):
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise _error(f"MLP input must have shape (N, {self.sizes[0]}); got {X.shape}",
                         f"MLP 입력의 모양은 (N, {self.sizes[0]})이어야 합니다; "
                         f"받은 모양 {X.shape}")
        if X.dtype != self.dtype:
            X = X.astype(self.dtype)
        if y is not None:
            y = np.asarray(y)
            if y.shape != (X.shape[0],):
                raise _error(f"labels y must have shape ({X.shape[0]},); got {y.shape}",
                             f"레이블 y의 모양은 ({X.shape[0]},)이어야 합니다; 받은 모양 {y.shape}")
        return X, y

    # --- public API ---------------------------------------------------------------------------

    def loss(self, X, y, reuse_buffers: bool = False, noise=None, keep_preacts: bool = False):
        """Training-mode loss and gradients on a mini-batch.

        X: (N, D); y: (N,) integer labels. Updates the running statistics of every ``bn_param``.
        Returns ``(loss, grads)``: the mean cross-entropy (float) and a dict with one gradient per
        entry of ``self.params`` (same names and shapes). With ``reuse_buffers=True`` (fast path
        only) the gradient arrays are the model's own buffers, overwritten by the next call.
        noise: None or one ``(m, s)`` pair per hidden layer, applied as ``s·a + m`` to the
        activation input (see the module docstring); with noise, the layer path.
        keep_preacts: also return the list of activation inputs ``[(N, H1), …]`` (after BN and
        noise): ``(loss, grads, preacts)``.
        """
        X, y = self._check_input(X, y)
        if self.norm is not None:
            self._no_noise(noise)
            loss, grads, pre = self._loss_norm(X, y)
            return (loss, grads, pre) if keep_preacts else (loss, grads)
        if self._has_bn(1) and X.shape[0] < 2:
            raise _error(f"batch normalization needs N > 1 in training mode; got N={X.shape[0]}",
                         f"배치 정규화는 학습 모드에서 N > 1이 필요합니다; 받은 N={X.shape[0]}")
        noise = self._check_noise(noise, X.shape[0])
        if self.fast and self.keep == 1.0 and noise is None:
            loss, grads = self._loss_fast(X, y)
            if not reuse_buffers:
                grads = {k: v.copy() for k, v in grads.items()}
            if keep_preacts:
                return loss, grads, [self._buffers[X.shape[0]]["z"][l - 1].copy()
                                     for l in self.hidden_layers]
            return loss, grads
        loss, grads, pre = self._loss_layers(X, y, noise, keep_preacts)
        return (loss, grads, pre) if keep_preacts else (loss, grads)

    def forward(self, X, mode: str = "test", keep_preacts: bool = False, noise=None):
        """Logits ``(N, C)``.

        mode: ``"test"`` normalizes with the running statistics; ``"train"`` with the statistics of
        this batch (the running statistics are *not* updated by ``forward``).
        keep_preacts: also return a list with the inputs of each hidden layer's activation
        (the sigmoid inputs; after batch normalization where there is one): ``[(N, H1), …]``.
        noise: None or one ``(m, s)`` pair per hidden layer (see :meth:`loss`); with noise, the
        layer path.
        """
        if mode not in ("train", "test"):
            raise _error(f"mode must be 'train' or 'test'; got {mode!r}",
                         f"mode는 'train' 또는 'test'여야 합니다; 받은 값 {mode!r}")
        X, _ = self._check_input(X)
        if self.norm is not None:
            self._no_noise(noise)
            logits, pre = self._forward_norm(X, mode)
            return (logits, pre) if keep_preacts else logits
        noise = self._check_noise(noise, X.shape[0])
        if self.fast and mode == "test" and noise is None:
            logits, pre = self._forward_fast_test(X, keep_preacts)
        else:
            logits, pre = self._forward_layers(X, mode, keep_preacts, noise=noise)
        return (logits, pre) if keep_preacts else logits

    def predict(self, X, batch_size: int = 10000, mode: str = "test") -> np.ndarray:
        """Predicted classes ``(N,)``, in test mode, or with ``mode="train"`` each batch of
        ``batch_size`` rows normalized by its own statistics (running averages untouched)."""
        X = np.asarray(X)
        out = [np.argmax(self.forward(X[i:i + batch_size], mode), axis=1)
               for i in range(0, len(X), batch_size)]
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)

    def accuracy(self, X, y, batch_size: int = 10000, mode: str = "test") -> float:
        """Fraction of ``X (N, D)`` classified as ``y (N,)`` (``mode`` as in :meth:`predict`)."""
        return float(np.mean(self.predict(X, batch_size, mode) == np.asarray(y)))

    def preacts(self, X, layer: int | None = None, units=None, mode: str = "test") -> np.ndarray:
        """Inputs of the activation of hidden ``layer`` (default: the last hidden layer), for the
        chosen ``units`` (default: all). Returns ``(N, len(units))``."""
        layer = self.n_layers - 1 if layer is None else layer
        if layer not in self.hidden_layers:
            raise _error(f"layer must be a hidden layer in 1…{self.n_layers - 1}; got {layer}",
                         f"layer는 은닉층 1…{self.n_layers - 1} 중 하나여야 합니다; "
                         f"받은 값 {layer}")
        _, pre = self.forward(X, mode=mode, keep_preacts=True)
        z = pre[layer - 1]
        return z if units is None else z[:, np.asarray(units)]

    # --- layer path (bnbook.layers, as in the chapters) ---------------------------------------

    _ACT = {"sigmoid": (layers.sigmoid_forward, layers.sigmoid_backward),
            "relu": (layers.relu_forward, layers.relu_backward),
            "tanh": (layers.tanh_forward, layers.tanh_backward)}

    def _forward_layers(self, X, mode, keep_preacts, update_running=False, noise=None):
        p = self.params
        act_fwd, _ = self._ACT[self.activation]
        h, caches, pre = X, [], []
        for l in self.hidden_layers:
            a, c_aff = layers.affine_forward(h, p[f"W{l}"], p.get(f"b{l}"))
            c_bn = None
            if self._has_bn(l):
                bn_param = self.bn_params[l - 1]
                if not update_running:
                    bn_param = dict(bn_param)
                bn_param["mode"] = mode
                a, c_bn = layers.batchnorm_forward(a, p[f"gamma{l}"], p[f"beta{l}"], bn_param)
            s = None
            if noise is not None:  # noisy BN: a ← s·a + m
                m, s = noise[l - 1]
                a = layers.noisy_bn(a, m, s)
            if keep_preacts:
                pre.append(a.copy())
            h, c_act = act_fwd(a)
            c_drop = None
            if update_running and self.keep < 1.0:  # the training step of loss(): dropout
                h, c_drop = layers.dropout_forward(
                    h, {"p": 1.0 - self.keep, "mode": "train", "rng": self.dropout_rng})
            caches.append((c_aff, c_bn, s, c_act, c_drop))
        L = self.n_layers
        logits, c_out = layers.affine_forward(h, p[f"W{L}"], p[f"b{L}"])
        caches.append(c_out)
        self._layer_caches = caches
        return logits, pre

    def _loss_layers(self, X, y, noise=None, keep_preacts=False):
        logits, pre = self._forward_layers(X, "train", keep_preacts, update_running=True,
                                           noise=noise)
        for bn_param in self.bn_params:
            bn_param["mode"] = "train"
        caches = self._layer_caches
        loss, dlogits = layers.softmax_cross_entropy(logits, y)
        grads = {}
        L = self.n_layers
        dh, grads[f"W{L}"], grads[f"b{L}"] = layers.affine_backward(dlogits, caches[-1])
        _, act_bwd = self._ACT[self.activation]
        for l in reversed(self.hidden_layers):
            c_aff, c_bn, s, c_act, c_drop = caches[l - 1]
            if c_drop is not None:
                dh = layers.dropout_backward(dh, c_drop)
            da = act_bwd(dh, c_act)
            if s is not None:
                da = da * s  # d(s·a + m)/da = s
            if c_bn is not None:
                da, grads[f"gamma{l}"], grads[f"beta{l}"] = layers.batchnorm_backward(da, c_bn)
            dh, grads[f"W{l}"], db = layers.affine_backward(da, c_aff)
            if db is not None:
                grads[f"b{l}"] = db
        return loss, {k: grads[k] for k in self.params}, pre

    # --- normalization path (norm="none" | "bn" | "ln" | "gn"; chapter 8) ---------------------

    def _no_noise(self, noise) -> None:
        if noise is not None:
            raise _error("the normalization path (norm=...) takes no noise",
                         "정규화 경로(norm=...)에는 noise를 줄 수 없습니다")

    def _normalize(self, z, l: int, mode: str, update_running: bool):
        """``(x̂, info)`` for hidden layer l; z: (N, D). ``info`` is what :meth:`_normalize_backward`
        needs: ("cols", 1/σ (D,)) for BN in training mode, ("fixed", 1/σ) with the running
        averages, ("rows", 1/σ (N·G, 1), G) for LN (G = 1) and GN."""
        N, D = z.shape
        eps = self.norm_eps
        if self.norm == "bn":
            bn = self.bn_params[l - 1]
            if mode == "train":
                mu = z.mean(axis=0)
                zm = z - mu                       # m = 1: exactly 0, so x̂ = 0 and BN(x) = β
                var = (zm * zm).mean(axis=0)      # biased 1/m variance
                if update_running:
                    if N > 1:
                        mom = float(bn["momentum"])
                        bn["running_mean"] = mom * bn["running_mean"] + (1 - mom) * mu
                        bn["running_var"] = (mom * bn["running_var"]
                                             + (1 - mom) * var * (N / (N - 1)))
                    else:
                        self.has_running = False  # m = 1: the unbiased variance is undefined
                inv = 1.0 / np.sqrt(var + eps)
                return zm * inv, ("cols", inv)
            if not self.has_running:
                raise _error("BN trained at batch size 1 has no running variance; evaluate it "
                             "in training mode (mode='train') or train at m ≥ 2",
                             "배치 크기 1로 학습한 BN에는 이동 분산이 없습니다; 학습 모드"
                             "(mode='train')로 평가하거나 m ≥ 2로 학습하세요")
            mu, var = bn["running_mean"], bn["running_var"]
            inv = 1.0 / np.sqrt(var + eps)
            return (z - mu) * inv, ("fixed", inv)
        G = 1 if self.norm == "ln" else self.groups
        z2 = z.reshape(N * G, D // G)             # one row per example (LN) or group (GN)
        mu = z2.mean(axis=1, keepdims=True)
        zm = z2 - mu
        inv = 1.0 / np.sqrt((zm * zm).mean(axis=1, keepdims=True) + eps)
        return (zm * inv).reshape(N, D), ("rows", inv, G)

    @staticmethod
    def _normalize_backward(dxh, xh, info):
        """dL/dx from dL/dx̂ ``dxh`` (N, D): (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) over each set."""
        kind = info[0]
        if kind == "cols":
            return info[1] * (dxh - dxh.mean(axis=0) - xh * (dxh * xh).mean(axis=0))
        if kind == "fixed":
            return dxh * info[1]
        N, D = dxh.shape
        G = info[2]
        g2, x2 = dxh.reshape(N * G, -1), xh.reshape(N * G, -1)
        dx = info[1] * (g2 - g2.mean(axis=1, keepdims=True)
                        - x2 * (g2 * x2).mean(axis=1, keepdims=True))
        return dx.reshape(N, D)

    def _act_norm(self, a):
        if self.activation == "relu":
            return np.maximum(a, 0)
        return self._ACT[self.activation][0](a)[0]

    def _act_norm_backward(self, dh, a, out):
        if self.activation == "relu":
            return dh * (a > 0)
        return self._ACT[self.activation][1](dh, out)

    def _forward_norm(self, X, mode, cache: list | None = None, update_running: bool = False):
        """Logits (N, C) and the activation inputs; ``cache`` collects what :meth:`_loss_norm`
        needs. Only a training step (``update_running``) touches the running averages."""
        p = self.params
        h, pre = X, []
        for l in self.hidden_layers:
            z = h @ p[f"W{l}"]
            if self.norm == "none":
                a = z + p[f"b{l}"]
                xh, info = None, None
            else:
                xh, info = self._normalize(z, l, mode, update_running)
                a = xh * p[f"gamma{l}"] + p[f"beta{l}"]
            out = self._act_norm(a)
            pre.append(a)
            if cache is not None:
                cache.append((h, xh, info, a, out))
            h = out
        L = self.n_layers
        if cache is not None:
            cache.append(h)
        return h @ p[f"W{L}"] + p[f"b{L}"], pre

    def _loss_norm(self, X, y):
        cache: list = []
        scores, pre = self._forward_norm(X, "train", cache, update_running=True)
        N = len(y)
        rows = np.arange(N)
        logp = layers.log_softmax(scores)
        loss = float(-logp[rows, y].mean())
        d = np.exp(logp)
        d[rows, y] -= 1
        d /= N
        p, L = self.params, self.n_layers
        g: dict[str, np.ndarray] = {}
        h = cache[-1]
        g[f"W{L}"], g[f"b{L}"] = h.T @ d, d.sum(axis=0)
        dh = d @ p[f"W{L}"].T
        for l in reversed(self.hidden_layers):
            h, xh, info, a, out = cache[l - 1]
            da = self._act_norm_backward(dh, a, out)
            if self.norm == "none":
                g[f"b{l}"] = da.sum(axis=0)
                dz = da
            else:
                g[f"gamma{l}"] = (da * xh).sum(axis=0)
                g[f"beta{l}"] = da.sum(axis=0)
                dz = self._normalize_backward(da * p[f"gamma{l}"], xh, info)
            g[f"W{l}"] = h.T @ dz
            if l > 1:
                dh = dz @ p[f"W{l}"].T
        return loss, {k: g[k] for k in self.params}, [a.copy() for a in pre]

    # --- fast path (fused, preallocated, same arithmetic) -------------------------------------

    def _buffers_for(self, N: int) -> dict:
        """Work arrays for mini-batches of N rows, allocated once per N."""
        buf = self._buffers.get(N)
        if buf is None:
            dt = self.dtype
            H = self.sizes[1:]
            buf = {
                "a": [np.empty((N, h), dt) for h in H],       # pre-activations (BN: x̂ first)
                "z": [np.empty((N, h), dt) for h in H[:-1]],  # activation inputs (after BN)
                "h": [np.empty((N, h), dt) for h in H[:-1]],  # activation outputs
                "d": [np.empty((N, h), dt) for h in H],       # backward signals
                "tmp": [np.empty((N, h), dt) for h in H],
                "rows": np.arange(N),
                "ones": np.ones(N, dt),                     # column sums as BLAS products
            }
            buf["flat_grads"] = np.zeros(self._layout()[1], dtype=dt)
            buf["grads"] = self._views(buf["flat_grads"])
            self._buffers[N] = buf
        return buf

    def _loss_fast(self, X, y):
        N = X.shape[0]
        buf = self._buffers_for(N)
        p, g = self.params, buf["grads"]
        kind = self.activation
        L = self.n_layers
        stats = []
        ones = buf["ones"]
        h = X
        for l in self.hidden_layers:
            a = buf["a"][l - 1]
            np.matmul(h, p[f"W{l}"], out=a)
            z = buf["z"][l - 1]
            if self._has_bn(l):
                bn = self.bn_params[l - 1]
                eps, mom = float(bn["eps"]), float(bn["momentum"])
                mu = ones @ a
                mu *= 1.0 / N
                a -= mu                                   # a ← x − μ
                np.multiply(a, a, out=z)
                var = ones @ z
                var *= 1.0 / N                            # biased 1/N variance
                inv_std = var + eps
                np.sqrt(inv_std, out=inv_std)
                np.reciprocal(inv_std, out=inv_std)
                a *= inv_std                              # a ← x̂
                np.multiply(a, p[f"gamma{l}"], out=z)
                z += p[f"beta{l}"]
                bn["running_mean"] = mom * bn["running_mean"] + (1 - mom) * mu
                bn["running_var"] = mom * bn["running_var"] + (1 - mom) * (N / (N - 1)) * var
                bn["mode"] = "train"
                stats.append(inv_std)
            else:
                np.add(a, p[f"b{l}"], out=z)
                stats.append(None)
            h = buf["h"][l - 1]
            _act_forward_inplace(kind, z, h)
        logits = buf["a"][L - 1]
        np.matmul(h, p[f"W{L}"], out=logits)
        logits += p[f"b{L}"]
        # softmax cross-entropy; d ← (softmax − onehot) / N
        d = buf["d"][L - 1]
        np.subtract(logits, logits.max(axis=1, keepdims=True), out=d)
        rows = buf["rows"]
        picked = d[rows, y]                      # shifted logit of the true class
        np.exp(d, out=d)
        sums = d.sum(axis=1)
        loss = float(np.mean(np.log(sums) - picked))
        d /= sums[:, None]
        d[rows, y] -= 1
        d *= 1.0 / N
        # output layer
        np.matmul(h.T, d, out=g[f"W{L}"])
        np.matmul(ones, d, out=g[f"b{L}"])
        for l in reversed(self.hidden_layers):
            dh = buf["d"][l - 1]
            np.matmul(d, p[f"W{l + 1}"].T, out=dh)
            _act_backward_inplace(kind, dh, buf["h"][l - 1], buf["tmp"][l - 1])
            if self._has_bn(l):
                x_hat, inv_std, gamma = buf["a"][l - 1], stats[l - 1], p[f"gamma{l}"]
                dbeta = g[f"beta{l}"]
                dgamma = g[f"gamma{l}"]
                np.matmul(ones, dh, out=dbeta)
                tmp = buf["tmp"][l - 1]
                np.multiply(dh, x_hat, out=tmp)
                np.matmul(ones, tmp, out=dgamma)
                # dx = γ/σ · (dout − (x̂ · dγ + dβ)/N)   (batchnorm_backward_alt)
                scale = gamma * inv_std
                np.multiply(x_hat, dgamma * (1.0 / N), out=tmp)
                tmp += dbeta * (1.0 / N)
                dh -= tmp
                dh *= scale
            else:
                np.matmul(ones, dh, out=g[f"b{l}"])
            h_in = X if l == 1 else buf["h"][l - 2]
            np.matmul(h_in.T, dh, out=g[f"W{l}"])
            d = dh
        return loss, g

    def _forward_fast_test(self, X, keep_preacts):
        p = self.params
        pre = []
        h = X
        for l in self.hidden_layers:
            a = h @ p[f"W{l}"]
            if self._has_bn(l):
                bn = self.bn_params[l - 1]
                scale = p[f"gamma{l}"] / np.sqrt(bn["running_var"] + bn["eps"])
                a *= scale.astype(self.dtype, copy=False)
                a += (p[f"beta{l}"] - bn["running_mean"] * scale).astype(self.dtype, copy=False)
            else:
                a += p[f"b{l}"]
            if keep_preacts:
                pre.append(a.copy())
            _act_forward_inplace(self.activation, a, a)
            h = a
        L = self.n_layers
        logits = h @ p[f"W{L}"]
        logits += p[f"b{L}"]
        return logits, pre


# --- population statistics (Algorithm 2), folding, running averages: shared by chapter 5 and
# the grader (moved from bnbook.chapters.ch05) -----------------------------------------------
def batch_statistics(model: MLP, xb) -> list[tuple[np.ndarray, np.ndarray]]:
    """The mini-batch mean μ_B and biased variance σ²_B (each (H_l,)) of the input of every BN
    layer, for one mini-batch ``xb (m, D)`` run through the network in training mode (each layer
    normalized with this batch's statistics, as during training). Nothing is updated."""
    h = np.asarray(xb, dtype=model.dtype)
    act = {"sigmoid": layers.sigmoid_forward, "relu": layers.relu_forward,
           "tanh": layers.tanh_forward}[model.activation]
    stats = []
    for l in model.hidden_layers:
        a, _ = layers.affine_forward(h, model.params[f"W{l}"], model.params.get(f"b{l}"))
        if model._has_bn(l):
            eps = model.bn_params[l - 1]["eps"]
            a, cache = layers.batchnorm_forward(a, model.params[f"gamma{l}"],
                                                model.params[f"beta{l}"],
                                                {"mode": "train", "eps": eps})
            stats.append((cache["mu"], cache["var"]))
        h, _ = act(a)
    return stats


class Population(NamedTuple):
    """Population statistics of every BN layer (lists with one (H_l,) float64 array per layer)."""

    mean: list  # E[x] = E_B[μ_B]
    var: list  # Var[x] = m/(m−1)·E_B[σ²_B]  (Algorithm 2)
    mean_batch_var: list  # E_B[σ²_B], without the factor
    m: int


def population_statistics(model: MLP, X, m: int, n_batches: int,
                          rng: np.random.Generator) -> Population:
    """Algorithm 2 (Ioffe & Szegedy 2015, §3.1): freeze the network, run ``n_batches`` training
    mini-batches of size ``m`` (drawn from ``X (N, D)`` without replacement, with ``rng``) and
    average their statistics: E[x] = E_B[μ_B], Var[x] = m/(m−1)·E_B[σ²_B]."""
    if m < 2:
        raise ValueError(f"Algorithm 2 needs mini-batches of m ≥ 2 examples; got m={m} "
                         f"(알고리즘 2에는 m ≥ 2인 미니배치가 필요합니다)")
    order = rng.permutation(len(X))[:m * n_batches]
    sums_mu, sums_var = None, None
    for k in range(n_batches):
        stats = batch_statistics(model, X[order[k * m:(k + 1) * m]])
        if sums_mu is None:
            sums_mu = [np.zeros(len(mu)) for mu, _ in stats]
            sums_var = [np.zeros(len(mu)) for mu, _ in stats]
        for l, (mu, var) in enumerate(stats):
            sums_mu[l] += mu
            sums_var[l] += var
    mean = [s / n_batches for s in sums_mu]
    mean_var = [s / n_batches for s in sums_var]
    return Population(mean, [m / (m - 1) * v for v in mean_var], mean_var, m)


def fold_bn(W, gamma, beta, mean, var, eps=1e-5):
    """Fold inference-mode BN into the affine layer before it (row convention, x: (N, D_in)).

    BN(xW) = γ·(xW − μ)/σ + β with σ = √(Var + ε) equals x·W' + b' with
    W' = W·diag(γ/σ) (D_in, D) and b' = β − γμ/σ (D,). Returns (W', b')."""
    scale = gamma / np.sqrt(var + eps)
    return W * scale, beta - mean * scale


def ema_update(running, stat, momentum):
    """This book's (and Keras') convention: r ← momentum·r + (1 − momentum)·stat."""
    return momentum * running + (1 - momentum) * stat


def torch_ema_update(running, stat, momentum_torch):
    """PyTorch's convention: r ← (1 − momentum)·r + momentum·stat (its default momentum is 0.1)."""
    return (1 - momentum_torch) * running + momentum_torch * stat


# --- the loss as a function of the parameters (chapter 7's landscape measurements, shared
# with the grader; moved from bnbook.chapters.ch07) -------------------------------------------
def gradient_shift(G, G_prime):
    """``(‖G − G′‖₂, cos(G, G′))`` of two gradients of the same shape (flattened first).

    The ideal values, if updating the layers below changed nothing, are 0 and 1."""
    G = np.asarray(G, dtype=np.float64).ravel()
    Gp = np.asarray(G_prime, dtype=np.float64).ravel()
    if G.shape != Gp.shape:
        raise _error(f"gradient_shift needs G and G' of the same size; got {G.size} and {Gp.size}",
                     f"gradient_shift에는 크기가 같은 G와 G'이 필요합니다; 받은 크기 {G.size}, "
                     f"{Gp.size}")
    l2 = float(np.linalg.norm(G - Gp))
    denom = np.linalg.norm(G) * np.linalg.norm(Gp)
    cos = float(G @ Gp / denom) if denom > 0 else float("nan")
    return l2, cos


def loss_along_gradient(loss_fn: Callable, grad_fn: Callable, w, etas):
    """``[L(w − η g) for η in etas]`` with ``g = grad_fn(w)``. w: (P,); returns (len(etas),)."""
    w = np.asarray(w, dtype=np.float64)
    g = np.asarray(grad_fn(w), dtype=np.float64)
    return np.array([float(loss_fn(w - eta * g)) for eta in etas])


def gradient_predictiveness(grad_fn: Callable, w, etas):
    """``[‖g(w − η g) − g(w)‖₂ for η in etas]``: how far the gradient moves when we follow it.
    Returns (len(etas),)."""
    w = np.asarray(w, dtype=np.float64)
    g = np.asarray(grad_fn(w), dtype=np.float64)
    return np.array([float(np.linalg.norm(np.asarray(grad_fn(w - eta * g)) - g)) for eta in etas])


def effective_beta_smoothness(grad_fn: Callable, w, etas) -> float:
    """``max_η ‖g(w − η g) − g(w)‖₂ / ‖η g‖₂``: the largest gradient change per distance moved
    along the gradient. It never exceeds the β of β-smoothness (the Lipschitz constant of ∇L)."""
    w = np.asarray(w, dtype=np.float64)
    g = np.asarray(grad_fn(w), dtype=np.float64)
    gnorm = float(np.linalg.norm(g))
    if gnorm == 0:
        return 0.0
    change = gradient_predictiveness(grad_fn, w, etas)
    return float(np.max(change / (np.asarray(etas, dtype=np.float64) * gnorm)))
