"""The Ioffe & Szegedy (2015) Fig. 1 experiment in numpy (bnbook) and in PyTorch CPU, timed in the
same run: N steps of each network (plain and BN), one thread each, with the same evaluation work
(full test set and the probe percentiles every ``--eval-every`` steps).

    python benchmarks/ioffe2015_torch.py [--steps 5000] [--eval-every 500]

Both implementations start from the same weights and see the same mini-batches, so their test
accuracies should agree closely (float32 rounding differs). Prints seconds and the ratio
torch/numpy (> 1: numpy is faster). Exits 0 with a note if torch is not installed.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

from bnbook.data import load_mnist
from bnbook.experiments.ioffe2015 import CONFIG
from bnbook.model import MLP
from bnbook.optim import SGD
from bnbook.train import minibatches, train


def numpy_run(batchnorm: bool, steps: int, eval_every: int, data, seed: int = 0):
    init_seq, order_seq = np.random.SeedSequence(seed).spawn(2)
    model = MLP(CONFIG["sizes"], "sigmoid", batchnorm=batchnorm,
                rng=np.random.default_rng(init_seq))
    w0 = {k: v.copy() for k, v in model.params.items()}
    t0 = time.perf_counter()
    hist = train(model, SGD(lr=CONFIG["learning_rate"]), data, steps=steps, batch_size=60,
                 rng=np.random.default_rng(order_seq), eval_every=eval_every,
                 probe=data.x_test[:1000], units=CONFIG["probe_units"])
    return time.perf_counter() - t0, hist.test_acc[-1], w0


def torch_run(batchnorm: bool, steps: int, eval_every: int, data, w0, seed: int = 0):
    import torch

    torch.set_num_threads(1)
    sizes = CONFIG["sizes"]
    mods = []
    for l, (a, b) in enumerate(zip(sizes[:-2], sizes[1:-1], strict=True), start=1):
        lin = torch.nn.Linear(a, b, bias=not batchnorm)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w0[f"W{l}"].T.copy()))
            if not batchnorm:
                lin.bias.zero_()
        mods.append(lin)
        if batchnorm:  # PyTorch's momentum is the weight of the new value: 1 − ours
            mods.append(torch.nn.BatchNorm1d(b, eps=CONFIG["bn_eps"],
                                             momentum=1 - CONFIG["bn_momentum"]))
        mods.append(torch.nn.Sigmoid())
    out = torch.nn.Linear(sizes[-2], sizes[-1])
    with torch.no_grad():
        out.weight.copy_(torch.from_numpy(w0[f"W{len(sizes) - 1}"].T.copy()))
        out.bias.zero_()
    net = torch.nn.Sequential(*mods, out)
    last_pre = mods[-2]  # the module whose output is the last hidden layer's sigmoid input
    opt = torch.optim.SGD(net.parameters(), lr=CONFIG["learning_rate"])
    loss_fn = torch.nn.CrossEntropyLoss()
    xtr, ytr = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
    xte, yte = torch.from_numpy(data.x_test), torch.from_numpy(data.y_test)
    probe = xte[:1000]
    captured = {}
    last_pre.register_forward_hook(lambda m, i, o: captured.__setitem__("z", o))
    _, order_seq = np.random.SeedSequence(seed).spawn(2)
    batches = minibatches(len(xtr), 60, np.random.default_rng(order_seq))
    q = torch.tensor([0.15, 0.50, 0.85])

    def evaluate():
        net.eval()
        with torch.no_grad():
            acc = (net(xte).argmax(1) == yte).float().mean().item()
            net(probe)
            torch.quantile(captured["z"][:, :10], q, dim=0)
        net.train()
        return acc

    t0 = time.perf_counter()
    acc = evaluate()
    for step in range(1, steps + 1):
        idx = torch.from_numpy(next(batches))
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(xtr[idx]), ytr[idx])
        loss.backward()
        opt.step()
        if step % eval_every == 0 or step == steps:
            acc = evaluate()
    return time.perf_counter() - t0, acc


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--eval-every", type=int, default=500)
    args = parser.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("torch is not installed; skipping the PyTorch comparison")
        return 0
    data = load_mnist()
    print(f"{args.steps} steps per network, eval every {args.eval_every}, one thread each "
          f"(numpy {np.__version__}, torch {torch.__version__})")
    with threadpool_limits(1):
        for name, bn in (("plain", False), ("bn", True)):
            t_np, acc_np, w0 = numpy_run(bn, args.steps, args.eval_every, data)
            t_torch, acc_torch = torch_run(bn, args.steps, args.eval_every, data, w0)
            print(f"{name:5s}: numpy {t_np:6.2f} s ({1e3 * t_np / args.steps:.3f} ms/step, "
                  f"acc {acc_np:.4f}) | torch {t_torch:6.2f} s "
                  f"({1e3 * t_torch / args.steps:.3f} ms/step, acc {acc_torch:.4f}) | "
                  f"torch/numpy = {t_torch / t_np:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
