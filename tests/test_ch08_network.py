"""Chapter 8's fully connected network is :class:`bnbook.model.MLP` (issue 10: one copy of each
experiment's machinery). ``ch08.FCNet`` was a network of its own (BN/LN/GN/none, BN at batch
size 1, running averages, prediction in training mode); it is now a thin subclass of MLP with
``norm=`` (MLP's normalization path). The old class is kept below, verbatim, **only** as the
reference that proves the move changed no bit: every loss, gradient, parameter, running average,
prediction (test and training mode) and batch-of-one output is identical over 200 SGD steps for
every normalization at m = 1, 2, 32, and :func:`ch08.fc_run` returns the old results. So
``results/ch08_small_batch.json`` and chapter 8's stored outputs stay valid.

Identity is bitwise on one machine: both sides run the same numpy reductions and BLAS kernel
(each kernel gives its own last digits, on both sides alike).
"""

from __future__ import annotations

import numpy as np
import pytest

from bnbook import norms, optim
from bnbook.chapters import ch08
from bnbook.chapters.ch08 import FC_GROUPS, FC_KINDS, FC_SIZES
from bnbook.model import MLP

# ------------------------------------------------------------------ the old network (verbatim,
# from bnbook/chapters/ch08.py at 28f67a0; only the class name changed)


class _OldFCNet:
    """A fully connected ReLU network 784 → 100 → 100 → 10 with a normalization after each hidden
    affine layer (``norm`` in "none", "bn", "ln", "gn"), in float32, He initialization.

    BN's training-mode statistics are computed by the book's formula for any batch size,
    including m = 1 (where ``layers.batchnorm_forward`` refuses): there x − μ = 0, so every BN
    output is β and the gradient below BN is exactly 0. The running averages follow
    ``bnbook.layers`` (momentum 0.9, unbiased variance m/(m−1)·σ², so none exist for m = 1).
    """

    def __init__(self, norm: str, seed: int = 0, sizes=FC_SIZES, groups: int = FC_GROUPS,
                 momentum: float = 0.9, eps: float = 1e-5, dtype=np.float32):
        if norm not in FC_KINDS:
            raise ValueError(f"norm must be one of {FC_KINDS}; got {norm!r} "
                             f"(norm은 {FC_KINDS} 중 하나여야 합니다)")
        rng = np.random.default_rng(seed)
        self.norm, self.groups, self.momentum, self.eps = norm, groups, momentum, eps
        self.sizes = tuple(sizes)
        self.p: dict[str, np.ndarray] = {}
        L = len(sizes) - 1
        for i in range(L):
            fan_in, fan_out = sizes[i], sizes[i + 1]
            self.p[f"W{i + 1}"] = (rng.standard_normal((fan_in, fan_out))
                                   * np.sqrt(2.0 / fan_in)).astype(dtype)
            if i == L - 1 or norm == "none":
                self.p[f"b{i + 1}"] = np.zeros(fan_out, dtype)
            else:
                self.p[f"gamma{i + 1}"] = np.ones(fan_out, dtype)
                self.p[f"beta{i + 1}"] = np.zeros(fan_out, dtype)
        self.dtype = dtype
        self.running = {i: [np.zeros(sizes[i], dtype), np.ones(sizes[i], dtype)]
                        for i in range(1, L)}
        self.has_running = norm == "bn"

    def _normalize(self, z, i, mode):
        """(x̂, backward closure data) for hidden layer i; z: (N, D)."""
        N, D = z.shape
        if self.norm == "bn":
            if mode == "train":
                mu = z.mean(axis=0)
                zm = z - mu
                var = (zm * zm).mean(axis=0)
                if N > 1:
                    r = self.running[i]
                    r[0] = self.momentum * r[0] + (1 - self.momentum) * mu
                    r[1] = self.momentum * r[1] + (1 - self.momentum) * var * (N / (N - 1))
                else:
                    self.has_running = False      # m = 1: the unbiased variance is undefined
                inv = 1.0 / np.sqrt(var + self.eps)
                return zm * inv, ("cols", inv)
            if not self.has_running:
                raise ValueError("BN trained at batch size 1 has no running variance "
                                 "(배치 크기 1로 학습한 BN에는 이동 분산이 없습니다)")
            mu, var = self.running[i]
            inv = 1.0 / np.sqrt(var + self.eps)
            return (z - mu) * inv, ("fixed", inv)
        if self.norm in ("ln", "gn"):
            G = 1 if self.norm == "ln" else self.groups
            z2 = z.reshape(N * G, D // G)
            mu = z2.mean(axis=1, keepdims=True)
            zm = z2 - mu
            inv = 1.0 / np.sqrt((zm * zm).mean(axis=1, keepdims=True) + self.eps)
            return (zm * inv).reshape(N, D), ("rows", inv, G)
        return z, None

    @staticmethod
    def _normalize_backward(dxh, xh, info):
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

    def forward(self, x, mode: str = "test", cache: list | None = None):
        """Scores (N, 10). mode "train" uses (and, for BN, updates) the batch statistics."""
        h = np.asarray(x, self.dtype).reshape(len(x), -1)
        L = len(self.sizes) - 1
        for i in range(1, L + 1):
            z = h @ self.p[f"W{i}"]
            if i == L:
                if cache is not None:
                    cache.append((h,))
                return z + self.p[f"b{i}"]
            if self.norm == "none":
                a = z + self.p[f"b{i}"]
                xh, info = None, None
            else:
                xh, info = self._normalize(z, i, mode)
                a = xh * self.p[f"gamma{i}"] + self.p[f"beta{i}"]
            out = np.maximum(a, 0)
            if cache is not None:
                cache.append((h, xh, info, a))
            h = out
        raise AssertionError("unreachable")

    def loss(self, x, y):
        """Softmax cross-entropy and gradients on one training batch (training mode)."""
        cache: list = []
        scores = self.forward(x, "train", cache)
        N = len(y)
        s = scores - scores.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        loss = float(-logp[np.arange(N), y].mean())
        d = np.exp(logp)
        d[np.arange(N), y] -= 1
        d /= N
        L = len(self.sizes) - 1
        g: dict[str, np.ndarray] = {}
        (h,) = cache[-1]
        g[f"W{L}"], g[f"b{L}"] = h.T @ d, d.sum(axis=0)
        dh = d @ self.p[f"W{L}"].T
        for i in range(L - 1, 0, -1):
            h, xh, info, a = cache[i - 1]
            da = dh * (a > 0)
            if self.norm == "none":
                g[f"b{i}"] = da.sum(axis=0)
                dz = da
            else:
                g[f"gamma{i}"] = (da * xh).sum(axis=0)
                g[f"beta{i}"] = da.sum(axis=0)
                dz = self._normalize_backward(da * self.p[f"gamma{i}"], xh, info)
            g[f"W{i}"] = h.T @ dz
            if i > 1:
                dh = dz @ self.p[f"W{i}"].T
        return loss, g

    def predict(self, x, mode: str = "test", batch_size: int = 2000):
        """Predicted classes; mode "train" normalizes each batch of ``batch_size`` test images by
        its own statistics (without touching the running averages)."""
        saved = [[a.copy() for a in r] for r in self.running.values()], self.has_running
        out = [self.forward(x[k:k + batch_size], mode).argmax(axis=1)
               for k in range(0, len(x), batch_size)]
        for r, s in zip(self.running.values(), saved[0], strict=True):
            r[:] = s
        self.has_running = saved[1]
        return np.concatenate(out)

    def accuracy(self, x, y, mode: str = "test", batch_size: int = 2000) -> float:
        return float(np.mean(self.predict(x, mode, batch_size) == y))


def _old_fc_run(norm, batch_size, lr_per_example, seed, examples, data):
    """ch08.fc_run at 28f67a0 on the old network (verbatim but for the data argument)."""
    x_train, y_train, x_test, y_test = data
    rng = np.random.default_rng(seed)
    net = _OldFCNet(norm, seed=seed)
    lr = lr_per_example * batch_size
    steps = examples // batch_size
    losses = []
    for _ in range(steps):
        idx = rng.integers(0, len(x_train), batch_size)
        loss, g = net.loss(x_train[idx], y_train[idx])
        for k, v in g.items():
            v *= lr
            net.p[k] -= v
        losses.append(loss)
    r = {"norm": norm, "batch_size": batch_size, "lr_per_example": lr_per_example, "lr": lr,
         "steps": steps, "seed": seed, "final_loss": float(np.mean(losses[-max(1, steps // 10):]))}
    if norm == "bn":
        r["acc"] = net.accuracy(x_test, y_test) if net.has_running else None
        r["acc_train_mode"] = net.accuracy(x_test, y_test, "train", batch_size)
        one = np.stack([net.forward(x_test[k:k + 1], "train")[0] for k in range(20)])
        r["batch1_constant"] = bool(np.all(one == one[0]))
    else:
        r["acc"] = net.accuracy(x_test, y_test)
    return r


# ------------------------------------------------------------------ helpers


def same_bits(a, b) -> bool:
    """Equal dtype, shape and bytes (so also −0.0 ≠ 0.0 and equal NaNs count as equal)."""
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.fixture(scope="module", autouse=True)
def one_blas_thread():
    """One BLAS thread, as the saved run trains (ch08.fc_full_results)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        yield


@pytest.fixture(scope="module")
def data():
    return ch08.fc_data()


STEPS = 200


@pytest.mark.parametrize("m", [1, 2, 32])
@pytest.mark.parametrize("norm", FC_KINDS)
def test_fcnet_is_bitwise_the_old_one_over_200_steps(norm, m, data):
    """The old FCNet and the new one (MLP with norm=) take the same 200 SGD steps bit for bit,
    as :func:`ch08.fc_run` trains them (lr = 0.01 per example, the largest of the saved run), and
    then evaluate alike in test mode, in training mode and one image at a time."""
    x_train, y_train, x_test, y_test = data
    old, new = _OldFCNet(norm, seed=3), ch08.FCNet(norm, seed=3)
    assert isinstance(new, MLP) and new.norm == norm
    assert list(old.p) == list(new.params)
    assert all(same_bits(old.p[k], new.params[k]) for k in old.p)
    lr = 0.01 * m
    sgd = optim.SGD(lr)
    rng = np.random.default_rng(5)
    for step in range(STEPS):
        idx = rng.integers(0, len(x_train), m)
        loss_o, g_o = old.loss(x_train[idx], y_train[idx])
        loss_n, g_n = new.loss(x_train[idx], y_train[idx])
        assert loss_o == loss_n, step
        assert set(g_o) == set(g_n) == set(new.params)
        for k in g_o:
            assert same_bits(g_o[k], g_n[k]), (step, k)
        for k, v in g_o.items():
            v *= lr
            old.p[k] -= v
        sgd.step(new.params, g_n)
        if norm == "bn" and m > 1:
            for i, bn in enumerate(new.bn_params, start=1):
                assert same_bits(old.running[i][0], bn["running_mean"]), (step, i)
                assert same_bits(old.running[i][1], bn["running_var"]), (step, i)
    for k in old.p:
        assert same_bits(old.p[k], new.params[k]), k
    assert old.has_running == new.has_running == (norm == "bn" and m > 1)
    if norm == "bn" and m > 1:
        # the gradient reached the first layer: training did something below BN
        assert not same_bits(new.params["W1"], ch08.FCNet(norm, seed=3).params["W1"])
    if norm != "bn" or m > 1:
        assert same_bits(old.forward(x_test), new.forward(x_test))
        assert old.accuracy(x_test, y_test) == new.accuracy(x_test, y_test)
    else:
        with pytest.raises(ValueError, match="running variance"):
            new.forward(x_test)
    for bs in (m, 2, 500):
        if norm == "bn" and bs == 1:
            continue
        assert old.accuracy(x_test, y_test, "train", bs) == new.accuracy(x_test, y_test,
                                                                          "train", bs)
        assert same_bits(old.predict(x_test, "train", bs),
                         new.predict(x_test, bs, "train"))
    for k in range(5):
        assert same_bits(old.forward(x_test[k:k + 1], "train"),
                         new.forward(x_test[k:k + 1], "train"))
    # evaluation in training mode never touches the running averages nor has_running
    assert new.has_running == (norm == "bn" and m > 1)


@pytest.mark.parametrize("norm", FC_KINDS)
def test_fc_run_returns_the_old_results(norm, data):
    """:func:`ch08.fc_run` (now FCNet on MLP, stepped by optim.SGD) returns exactly the dict of
    the old fc_run, at m = 1, 2 and 32 (1/10 of the saved run's examples, to keep it short)."""
    for m in (1, 2, 32):
        old = _old_fc_run(norm, m, ch08.FC_LIVE_LR, 1, 640, data)
        assert ch08.fc_run(norm, m, ch08.FC_LIVE_LR, 1, 640) == old, m


# ------------------------------------------------------------------ the normalizations themselves


def test_mlp_norms_follow_the_library_conventions():
    """MLP's BN is bnbook.layers' batch norm (x̂, running averages with the unbiased variance);
    its LN and GN are bnbook.norms' (GN on (N, D, 1, 1)): equal to float64 rounding. (Bitwise they
    differ: bnbook.norms sums squares with np.einsum, the normalization path with .mean, as the
    old FCNet did; 193 of 200 random float32 batches differed in some last bit.)"""
    from bnbook import layers

    rng = np.random.default_rng(2)
    z = rng.normal(1, 2, (7, 8))
    net = MLP((4, 8, 3), "relu", norm="bn", dtype=np.float64)
    bp = {"mode": "train", "momentum": 0.9, "running_mean": np.zeros(8), "running_var": np.ones(8)}
    out, _ = layers.batchnorm_forward(z, np.ones(8), np.zeros(8), bp)
    xh, _ = net._normalize(z, 1, "train", update_running=True)
    np.testing.assert_allclose(xh, out, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(net.bn_params[0]["running_mean"], bp["running_mean"], rtol=1e-12)
    np.testing.assert_allclose(net.bn_params[0]["running_var"], bp["running_var"], rtol=1e-12)
    ln = MLP((4, 8, 3), "relu", norm="ln", dtype=np.float64)
    np.testing.assert_allclose(ln._normalize(z, 1, "train", False)[0],
                               norms.layernorm_forward(z, np.ones(8), np.zeros(8))[0], atol=1e-12)
    gn = MLP((4, 8, 3), "relu", norm="gn", groups=4, dtype=np.float64)
    ref = norms.groupnorm_forward(z[:, :, None, None], np.ones(8), np.zeros(8), 4)[0]
    np.testing.assert_allclose(gn._normalize(z, 1, "train", False)[0], ref[:, :, 0, 0],
                               atol=1e-12)
    # backward: the same dx as bnbook.norms' layer norm, for a random upstream gradient
    gamma, dout = rng.normal(1, 0.3, 8), rng.normal(size=(7, 8))
    _, cache = norms.layernorm_forward(z, gamma, np.zeros(8))
    dx_ref = norms.layernorm_backward(dout, cache)[0]
    xh, info = ln._normalize(z, 1, "train", False)
    np.testing.assert_allclose(ln._normalize_backward(dout * gamma, xh, info), dx_ref,
                               rtol=1e-10, atol=1e-12)


def test_fcnet_defaults_are_chapter_8s_network():
    net = ch08.FCNet("gn")
    assert net.sizes == list(FC_SIZES) and net.activation == "relu"
    assert net.groups == FC_GROUPS and net.dtype == np.float32
    assert set(net.params) == {"W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "b3"}
    # He initialization: std √(2 / fan_in)
    assert net.weight_std == pytest.approx([np.sqrt(2 / f) for f in FC_SIZES[:-1]])
