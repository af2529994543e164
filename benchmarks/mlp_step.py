"""Time one training step (loss + gradients + SGD update) of the Ioffe & Szegedy (2015) MLP,
784-100-100-100-10 sigmoid, batch 60, float32, single-threaded BLAS: the numpy fast path (one
fused SGD step on the flat buffers, as bnbook.train does), the numpy layer path (bnbook.layers,
one SGD step per parameter) and, if installed, PyTorch CPU.

    python benchmarks/mlp_step.py [--steps 200] [--repeats 15]

The implementations run in alternating chunks of ``--steps`` steps, ``--repeats`` times; the
fastest chunk of each is reported (the machine is shared, so slower chunks measure the other
users) with the median in brackets. Not a timed test.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

from bnbook.model import MLP
from bnbook.optim import SGD

SIZES = [784, 100, 100, 100, 10]


def numpy_stepper(batchnorm: bool, fast: bool, X, y):
    model = MLP(SIZES, "sigmoid", batchnorm=batchnorm, rng=0, fast=fast)
    opt = SGD(lr=0.1)
    rng = np.random.default_rng(0)
    xb = np.empty((60, X.shape[1]), dtype=np.float32)

    def steps(n):
        idx = rng.integers(0, len(X), size=(n, 60))
        t0 = time.perf_counter()
        for i in range(n):
            np.take(X, idx[i], axis=0, out=xb)
            _, grads = model.loss(xb, y[idx[i]], reuse_buffers=fast)
            if fast:
                opt.step({"flat": model.flat_params}, {"flat": model.flat_grads(60)})
            else:
                opt.step(model.params, grads)
        return (time.perf_counter() - t0) / n

    return steps


def torch_stepper(batchnorm: bool, X, y):
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

    def steps(n):
        idx = torch.from_numpy(rng.integers(0, len(X), size=(n, 60)))
        t0 = time.perf_counter()
        for i in range(n):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(Xt[idx[i]]), yt[idx[i]])
            loss.backward()
            opt.step()
        return (time.perf_counter() - t0) / n

    return steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="steps per timed chunk")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    from bnbook.data import load_mnist

    m = load_mnist()
    X, y = m.x_train, m.y_train
    with threadpool_limits(1):
        for bn in (False, True):
            runners = {"numpy fast": numpy_stepper(bn, True, X, y),
                       "numpy layers": numpy_stepper(bn, False, X, y),
                       "torch": torch_stepper(bn, X, y)}
            runners = {k: v for k, v in runners.items() if v is not None}
            times = {k: [] for k in runners}
            for run in runners.values():
                run(20)  # warm-up
            for _ in range(args.repeats):
                for name, run in runners.items():
                    times[name].append(run(args.steps))
            best = {k: min(v) for k, v in times.items()}
            parts = [f"{k} {1e3 * best[k]:.3f} ms [{1e3 * np.median(v):.3f}]"
                     for k, v in times.items()]
            line = f"{'BN   ' if bn else 'plain'}: " + ", ".join(parts)
            if "torch" in best:
                line += f"; torch/numpy-fast = {best['torch'] / best['numpy fast']:.2f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
