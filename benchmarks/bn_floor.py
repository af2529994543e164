"""How fast could the BN kernel be without numpy's one-pass-per-operation cost? Evidence for a
decision, not part of bnbook.

``bn_kernel.py`` compares bnbook with PyTorch. This script asks what stands between the two, by
timing four implementations of the same training-mode forward + backward in one interleaved run:

* **bnbook**: ``layers.batchnorm_forward`` + ``batchnorm_backward_alt`` (argument checks, running
  averages, cache);
* **numpy floor**: the same two-pass arithmetic with nothing else: no checks, no running
  averages, every (N, D) buffer allocated once and reused. It is the fewest numpy passes the
  algorithm needs (forward: column sum, x − μ, Σ(x − μ)², scale, shift; backward: Σ dout,
  Σ dout·(x − μ), four elementwise steps), so no numpy rewrite of bnbook can beat it by much;
* **fused loops (numba)**: the same arithmetic written as plain loops and compiled by numba, so
  each loop does several of numpy's steps in one pass over memory, as PyTorch's C++ kernel does.
  Needs ``pip install numba==0.68.1`` (not a dependency of the book: bnbook's numerics are numpy
  only); skipped without it;
* **PyTorch**: ``torch.ops.aten.native_batch_norm`` + ``native_batch_norm_backward``.

Usage::

    python benchmarks/bn_floor.py                  # (256, 1024) float32, single thread
"""

from __future__ import annotations

import argparse

import numpy as np
from bn_kernel import median_times, torch_candidates
from threadpoolctl import threadpool_limits

from bnbook import layers

try:
    import torch
except ImportError:
    torch = None
try:
    import numba
except ImportError:
    numba = None

EPS = 1e-5


def numpy_floor(x, gamma, beta, dout):
    """The two-pass BN forward + backward in the fewest numpy passes, buffers reused."""
    N, D = x.shape
    ones = np.ones(N, dtype=x.dtype)
    x_mu, out, dx = (np.empty_like(x) for _ in range(3))

    def run():
        mu = ones @ x
        mu /= N
        np.subtract(x, mu, out=x_mu)
        var = np.einsum("nd,nd->d", x_mu, x_mu)
        var /= N
        inv_std = 1.0 / np.sqrt(var + EPS)
        np.multiply(x_mu, gamma * inv_std, out=out)
        np.add(out, beta, out=out)
        dbeta = ones @ dout
        dgamma = np.einsum("nd,nd->d", dout, x_mu)
        dgamma *= inv_std
        np.multiply(x_mu, -(inv_std * dgamma) / N, out=dx)
        np.add(dx, dout, out=dx)
        np.subtract(dx, dbeta / N, out=dx)
        np.multiply(dx, gamma * inv_std, out=dx)
        return out, dx, dgamma, dbeta

    return run


def fused_loops(x, gamma, beta, dout):
    """The same arithmetic as explicit loops compiled by numba: the forward reads x three times
    (mean, variance, output) and writes only out; the backward reads dout and x twice (the sums,
    then dx) and recomputes x − μ on the fly instead of storing x̂."""

    @numba.njit
    def forward(x, gamma, beta, out, mu, inv_std):
        N, D = x.shape
        var = np.zeros(D, x.dtype)
        mu[:] = 0
        for n in range(N):
            for d in range(D):
                mu[d] += x[n, d]
        mu /= N
        for n in range(N):
            for d in range(D):
                t = x[n, d] - mu[d]
                var[d] += t * t
        for d in range(D):
            inv_std[d] = 1.0 / np.sqrt(var[d] / N + EPS)
        scale = gamma * inv_std
        for n in range(N):
            for d in range(D):
                out[n, d] = (x[n, d] - mu[d]) * scale[d] + beta[d]

    @numba.njit
    def backward(dout, x, mu, gamma, inv_std, dx, dgamma, dbeta):
        N, D = dout.shape
        dgamma[:] = 0
        dbeta[:] = 0
        for n in range(N):
            for d in range(D):
                dbeta[d] += dout[n, d]
                dgamma[d] += dout[n, d] * (x[n, d] - mu[d])
        dgamma *= inv_std
        a = gamma * inv_std
        b = -a * inv_std * dgamma / N
        c = -a * dbeta / N
        for n in range(N):
            for d in range(D):
                dx[n, d] = a[d] * dout[n, d] + b[d] * (x[n, d] - mu[d]) + c[d]

    N, D = x.shape
    out, dx = np.empty_like(x), np.empty_like(x)
    mu, inv_std, dgamma, dbeta = (np.empty(D, x.dtype) for _ in range(4))

    def run():
        forward(x, gamma, beta, out, mu, inv_std)
        backward(dout, x, mu, gamma, inv_std, dx, dgamma, dbeta)
        return out, dx, dgamma, dbeta

    return run


def bnbook_kernel(x, gamma, beta, dout):
    bn_param = {"mode": "train"}

    def run():
        out, cache = layers.batchnorm_forward(x, gamma, beta, bn_param)
        return (out, *layers.batchnorm_backward_alt(dout, cache))

    return run


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--N", type=int, default=256)
    ap.add_argument("--D", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=400)
    args = ap.parse_args(argv)

    rng = np.random.default_rng(0)
    x = rng.normal(loc=0.5, scale=2.0, size=(args.N, args.D)).astype(np.float32)
    dout = rng.normal(size=(args.N, args.D)).astype(np.float32)
    gamma = rng.normal(size=args.D).astype(np.float32)
    beta = rng.normal(size=args.D).astype(np.float32)

    fns = {"bnbook": bnbook_kernel(x, gamma, beta, dout),
           "numpy floor": numpy_floor(x, gamma, beta, dout)}
    if numba is not None:
        fns["fused loops (numba)"] = fused_loops(x, gamma, beta, dout)
    reference = fns["bnbook"]()
    for name, fn in fns.items():  # every candidate computes the same thing
        diff = max(float(np.abs(a - b).max()) for a, b in zip(fn(), reference, strict=True))
        print(f"{name}: max |difference| from bnbook {diff:.1e}")
        assert diff < 1e-3, name
    with threadpool_limits(limits=1):
        if torch is not None:
            torch.set_num_threads(1)
            fns["PyTorch (torch.ops)"] = torch_candidates(x, gamma, beta, dout)[
                "torch.ops native_batch_norm(+bwd)"]
        times = median_times(fns, args.rounds)
    print(f"BN forward + backward, x: ({args.N}, {args.D}) float32, single thread, "
          f"median of {args.rounds} interleaved rounds")
    base = times.get("PyTorch (torch.ops)")
    for name, t in times.items():
        ratio = "" if base is None else f"   / PyTorch = {t / base:.2f}"
        print(f"  {name:22s} {t * 1e6:8.1f} µs{ratio}")
    if numba is None:
        print("numba is not importable: the fused-loop candidate was skipped")
    return {k: round(v * 1e6, 1) for k, v in times.items()}


if __name__ == "__main__":
    main()
