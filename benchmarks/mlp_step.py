"""Time one training step (loss + gradients + SGD update) of the Ioffe & Szegedy (2015) MLP,
784-100-100-100-10 sigmoid, batch 60, float32, single-threaded BLAS: numpy fast path, numpy layer
path and (if installed) PyTorch CPU.

    python benchmarks/mlp_step.py [--steps 2000]

Prints ms/step for each and the ratio to PyTorch. Not a timed test: the machine is shared.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

from bnbook.model import MLP

SIZES = [784, 100, 100, 100, 10]


def numpy_step_time(batchnorm: bool, fast: bool, steps: int, X, y) -> float:
    model = MLP(SIZES, "sigmoid", batchnorm=batchnorm, rng=0, fast=fast)
    lr = np.float32(0.1)
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(X), size=(steps, 60))
    for i in range(20):  # warm up the buffers
        model.loss(X[idx[i]], y[idx[i]], reuse_buffers=fast)
    t0 = time.perf_counter()
    for i in range(steps):
        _, grads = model.loss(X[idx[i]], y[idx[i]], reuse_buffers=fast)
        for k, p in model.params.items():
            g = grads[k]
            g *= -lr
            p += g
    return (time.perf_counter() - t0) / steps


def torch_step_time(batchnorm: bool, steps: int, X, y) -> float | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.manual_seed(0)
    mods = []
    for a, b in zip(SIZES[:-2], SIZES[1:-1], strict=True):
        mods.append(torch.nn.Linear(a, b, bias=not batchnorm))
        if batchnorm:
            mods.append(torch.nn.BatchNorm1d(b, eps=1e-5, momentum=0.1))
        mods.append(torch.nn.Sigmoid())
    mods.append(torch.nn.Linear(SIZES[-2], SIZES[-1]))
    net = torch.nn.Sequential(*mods)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    rng = np.random.default_rng(0)
    idx = torch.from_numpy(rng.integers(0, len(X), size=(steps + 20, 60)))
    for i in range(steps + 20):
        if i == 20:
            t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(Xt[idx[i]]), yt[idx[i]])
        loss.backward()
        opt.step()
    return (time.perf_counter() - t0) / steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    args = parser.parse_args(argv)
    from bnbook.data import load_mnist

    m = load_mnist()
    X, y = m.x_train, m.y_train
    with threadpool_limits(1):
        for bn in (False, True):
            fast = numpy_step_time(bn, True, args.steps, X, y)
            layer = numpy_step_time(bn, False, args.steps, X, y)
            torch_t = torch_step_time(bn, args.steps, X, y)
            name = "BN   " if bn else "plain"
            line = f"{name}: numpy fast {fast * 1e3:.3f} ms/step, layer path {layer * 1e3:.3f}"
            if torch_t is not None:
                line += f", torch {torch_t * 1e3:.3f} (torch/numpy-fast = {torch_t / fast:.2f})"
            print(line, flush=True)


if __name__ == "__main__":
    main()
