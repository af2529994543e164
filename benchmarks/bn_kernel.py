"""Speed of bnbook's batch normalization kernel: forward + backward, single thread.

Not a test: it prints ratios measured in one run on the current machine.

* against PyTorch CPU (when ``torch`` is importable), the faster of
  ``torch.nn.functional.batch_norm`` + autograd and the raw ``torch.ops.aten.native_batch_norm``
  + ``native_batch_norm_backward`` (no autograd bookkeeping);
* against the machine's memory bandwidth, measured with ``np.copyto``: the least time any kernel
  could take is (bytes it must touch) / bandwidth. Forward + backward must at least read x and
  write out, then read dout and x (or x_hat) and write dx: 5 · N · D · itemsize bytes.

Every candidate runs once per round, in a rotating order, for many rounds; the medians are
reported. Usage::

    python benchmarks/bn_kernel.py                       # (256, 1024) float32
    python benchmarks/bn_kernel.py --N 60 --D 100        # the book's MNIST network size
"""

from __future__ import annotations

import argparse
import json
import platform
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from bnbook import layers

try:
    import torch
except ImportError:  # the PyTorch comparison is skipped
    torch = None


def median_times(fns: dict, rounds: int) -> dict[str, float]:
    """Median wall time (s) of each zero-argument callable, interleaved round by round."""
    names = list(fns)
    for f in fns.values():  # warm up
        f()
    times = {k: [] for k in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for k in order:
            t0 = time.perf_counter()
            fns[k]()
            times[k].append(time.perf_counter() - t0)
    return {k: float(np.median(v)) for k, v in times.items()}


def copy_bandwidth(nbytes: int, rounds: int) -> float:
    """Bytes per second of np.copyto between two arrays of ``nbytes`` each (read + write)."""
    src = np.ones(nbytes // 8)
    dst = np.empty_like(src)
    t = median_times({"copy": lambda: np.copyto(dst, src)}, rounds)["copy"]
    return 2 * src.nbytes / t


def numpy_candidates(x, gamma, beta, dout):
    bn_param = {"mode": "train"}

    def fwd_bwd_alt():
        _, cache = layers.batchnorm_forward(x, gamma, beta, bn_param)
        return layers.batchnorm_backward_alt(dout, cache)

    def fwd_bwd_staged():
        _, cache = layers.batchnorm_forward(x, gamma, beta, bn_param)
        return layers.batchnorm_backward(dout, cache)

    def fwd_only():
        return layers.batchnorm_forward(x, gamma, beta, bn_param)

    return {"bnbook fwd + bwd_alt": fwd_bwd_alt, "bnbook fwd + bwd (staged)": fwd_bwd_staged,
            "bnbook fwd only": fwd_only}


def torch_candidates(x, gamma, beta, dout):
    D = x.shape[1]
    tx = torch.from_numpy(x)
    tg, tb, td = torch.from_numpy(gamma), torch.from_numpy(beta), torch.from_numpy(dout)
    rm, rv = torch.zeros(D, dtype=tx.dtype), torch.ones(D, dtype=tx.dtype)
    ax, ag, ab = (t.clone().requires_grad_() for t in (tx, tg, tb))

    def autograd():
        out = torch.nn.functional.batch_norm(ax, rm, rv, ag, ab, training=True, momentum=0.1,
                                             eps=1e-5)
        return torch.autograd.grad(out, (ax, ag, ab), td)

    def ops():
        with torch.no_grad():
            out, save_mean, save_invstd = torch.ops.aten.native_batch_norm(
                tx, tg, tb, rm, rv, True, 0.1, 1e-5)
            return torch.ops.aten.native_batch_norm_backward(
                td, tx, tg, rm, rv, save_mean, save_invstd, True, 1e-5, [True, True, True])

    def ops_fwd():
        with torch.no_grad():
            return torch.ops.aten.native_batch_norm(tx, tg, tb, rm, rv, True, 0.1, 1e-5)

    return {"torch F.batch_norm + autograd": autograd, "torch.ops native_batch_norm(+bwd)": ops,
            "torch.ops fwd only": ops_fwd}


def check_agreement(x, gamma, beta, dout) -> float:
    """Largest |difference| between bnbook's and PyTorch's dx, dgamma, dbeta (sanity check)."""
    _, cache = layers.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    ours = layers.batchnorm_backward_alt(dout, cache)
    theirs = torch_candidates(x, gamma, beta, dout)["torch.ops native_batch_norm(+bwd)"]()
    return max(float(np.abs(a - b.numpy()).max()) for a, b in zip(ours, theirs, strict=True))


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import os

    blas = [f"{i.get('internal_api')} {i.get('version')}" for i in threadpool_info()]
    return {"cpu": cpu, "logical_cpus": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "torch": torch.__version__ if torch else None, "blas": blas}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--N", type=int, default=256)
    ap.add_argument("--D", type=int, default=1024)
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--rounds", type=int, default=400)
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args(argv)

    rng = np.random.default_rng(0)
    dt = np.dtype(args.dtype)
    x = rng.normal(loc=0.5, scale=2.0, size=(args.N, args.D)).astype(dt)
    dout = rng.normal(size=(args.N, args.D)).astype(dt)
    gamma = rng.normal(size=args.D).astype(dt)
    beta = rng.normal(size=args.D).astype(dt)

    with threadpool_limits(limits=1):
        if torch is not None:
            torch.set_num_threads(1)
        fns = numpy_candidates(x, gamma, beta, dout)
        if torch is not None:
            fns |= torch_candidates(x, gamma, beta, dout)
        times = median_times(fns, args.rounds)
        bw_dram = copy_bandwidth(256 * 2**20, rounds=15)  # far larger than any cache
        bw_same = copy_bandwidth(x.nbytes, rounds=args.rounds)  # the kernel's own array size

    min_bytes = 5 * x.nbytes
    ours = times["bnbook fwd + bwd_alt"]
    result = {"shape": [args.N, args.D], "dtype": args.dtype, "rounds": args.rounds,
              "median_us": {k: round(v * 1e6, 1) for k, v in times.items()},
              "copy_bandwidth_GBps": {"256 MiB": round(bw_dram / 1e9, 1),
                                      "same size as x": round(bw_same / 1e9, 1)},
              "min_bytes": min_bytes, "machine": machine()}
    print(f"BN forward + backward, x: ({args.N}, {args.D}) {args.dtype}, single thread, "
          f"median of {args.rounds} interleaved rounds")
    for k, v in times.items():
        print(f"  {k:36s} {v * 1e6:9.1f} µs")
    print(f"copy bandwidth: {bw_dram / 1e9:.1f} GB/s (256 MiB arrays), "
          f"{bw_same / 1e9:.1f} GB/s ({x.nbytes / 2**20:.2f} MiB arrays, cache-resident)")
    torch_best = None
    if torch is not None:
        torch_best = min(times["torch F.batch_norm + autograd"],
                         times["torch.ops native_batch_norm(+bwd)"])
    for label, bw in (("256 MiB copy", bw_dram), ("same-size copy", bw_same)):
        bound = min_bytes / bw
        theirs = "" if torch_best is None else f", PyTorch {torch_best / bound:.1f}×"
        print(f"bandwidth bound ({min_bytes / 2**20:.1f} MiB at the {label} rate): "
              f"{bound * 1e6:.1f} µs; bnbook takes {ours / bound:.1f}× that{theirs}")
        key = label.replace(" ", "_")
        result[f"bnbook_over_bound_{key}"] = round(ours / bound, 2)
        if torch_best is not None:
            result[f"torch_over_bound_{key}"] = round(torch_best / bound, 2)
    if torch is not None:
        best = min(("torch F.batch_norm + autograd", "torch.ops native_batch_norm(+bwd)"),
                   key=times.get)
        ratio = ours / times[best]
        fwd_ratio = times["bnbook fwd only"] / times["torch.ops fwd only"]
        diff = check_agreement(x, gamma, beta, dout)
        print(f"ratio bnbook / PyTorch (fastest: {best}): {ratio:.2f} "
              f"(forward only: {fwd_ratio:.2f}); max |difference| of the gradients {diff:.1e}")
        result |= {"ratio_vs_torch": round(ratio, 2), "torch_reference": best,
                   "forward_ratio_vs_torch": round(fwd_ratio, 2), "max_abs_grad_diff": diff}
    else:
        print("torch is not importable: PyTorch comparison skipped")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == "__main__":
    main()
