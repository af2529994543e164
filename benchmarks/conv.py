"""Speed of bnbook's convolution (im2col): forward + backward against PyTorch CPU, single thread.

Not a test: it prints ratios measured in one run on the current machine. Two sizes by default:
the two conv layers of chapter 8's network on a mini-batch of 50 MNIST images
(1 → 8 channels at 28×28, and 8 → 16 channels at 14×14; 3×3 filters, padding 1, float32).
bnbook's pair is ``conv_forward`` + ``conv_backward``; PyTorch's is ``F.conv2d`` +
``torch.autograd.grad`` for (dx, dw, db). Every candidate runs once per round, in rotating order;
medians are reported. Usage::

    python benchmarks/conv.py                  # both layers, 200 rounds
    python benchmarks/conv.py --rounds 50
"""

from __future__ import annotations

import argparse
import json

import numpy as np
from threadpoolctl import threadpool_limits

from bnbook import conv

try:
    from bn_kernel import machine, median_times
except ImportError:  # run from the repository root as ``python benchmarks/conv.py``
    from benchmarks.bn_kernel import machine, median_times

try:
    import torch
except ImportError:  # the PyTorch comparison is skipped
    torch = None

LAYERS = {  # name: (x shape, w shape)
    "conv1 (50, 1, 28, 28) * (8, 1, 3, 3)": ((50, 1, 28, 28), (8, 1, 3, 3)),
    "conv2 (50, 8, 14, 14) * (16, 8, 3, 3)": ((50, 8, 14, 14), (16, 8, 3, 3)),
}


def candidates(x, w, b, dout):
    cp = {"stride": 1, "pad": 1}

    def ours():
        _, cache = conv.conv_forward(x, w, b, cp)
        return conv.conv_backward(dout, cache)

    fns = {"bnbook": ours}
    if torch is not None:
        tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
        td = torch.from_numpy(dout)

        def theirs():
            out = torch.nn.functional.conv2d(tx, tw, tb, stride=1, padding=1)
            return torch.autograd.grad(out, (tx, tw, tb), td)

        fns["torch"] = theirs
    return fns


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(0)
    result = {"rounds": args.rounds, "layers": {}, "machine": machine()}
    with threadpool_limits(limits=1):
        if torch is not None:
            torch.set_num_threads(1)
        for name, (xs, ws) in LAYERS.items():
            x = rng.normal(size=xs).astype(np.float32)
            w = rng.normal(size=ws).astype(np.float32)
            b = rng.normal(size=ws[0]).astype(np.float32)
            dout = rng.normal(size=(xs[0], ws[0], xs[2], xs[3])).astype(np.float32)
            fns = candidates(x, w, b, dout)
            times = median_times(fns, args.rounds)
            row = {k: round(v * 1e6, 1) for k, v in times.items()}
            line = f"{name}: bnbook {times['bnbook'] * 1e6:8.1f} µs"
            if torch is not None:
                ours = fns["bnbook"]()
                theirs = fns["torch"]()
                diff = max(float(np.abs(a - t.numpy()).max() / max(1.0, np.abs(a).max()))
                           for a, t in zip(ours, theirs, strict=True))
                ratio = times["bnbook"] / times["torch"]
                row |= {"ratio_vs_torch": round(ratio, 2), "max_rel_grad_diff": diff}
                line += (f", PyTorch {times['torch'] * 1e6:8.1f} µs, ratio bnbook / PyTorch "
                         f"{ratio:.2f} (gradients agree to {diff:.1e} relative)")
            print(line)
            result["layers"][name] = row
    if torch is None:
        print("torch is not importable: PyTorch comparison skipped")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == "__main__":
    main()
