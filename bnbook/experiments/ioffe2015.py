"""Ioffe & Szegedy (2015), §4.1 and Figure 1, on the real MNIST digits.

Two networks 784-100-100-100-10 with sigmoid hidden units, softmax output and cross-entropy loss,
trained for 50,000 steps on mini-batches of 60 (the paper's setup); the second has batch
normalization before every hidden sigmoid (no bias there, §3.2). We record, every 500 steps, the
test accuracy (test mode: running statistics) and the 15th/50th/85th percentiles of the sigmoid
inputs of a few units of the last hidden layer over a fixed probe batch (Fig. 1(a), (b, c)). As in
the paper (§4.1: "the batch-normalized network N^tr_BN (Alg. 2)", the *training* network), the
percentiles are measured in training mode: BN normalizes the probe with the probe's own mean and
variance (``probe_mode = "train"``; ``--probe-mode test`` gives the inference-mode view instead).

Choices the paper does not state (PAPERS.md A5), fixed before any run and never tuned:

* optimizer: plain SGD, no momentum, no schedule, learning rate 0.1 for both networks — the
  simplest optimizer of Alg. 2, one round value, the same for both so only BN differs;
* initial weights: Gaussian with std 1/sqrt(fan_in) (0.036 in the first layer, 0.1 after it), the
  classic scale for sigmoid-type units (LeCun et al. 1998, "Efficient BackProp"); biases and β
  start at 0, γ at 1. Both networks start from the *same* weights W (same seed);
* ε = 1e-5 and running-average momentum 0.9 (the bnbook.layers defaults); test accuracy uses the
  running averages — the paper's §3.1 mentions moving averages for tracking accuracy during
  training (its Alg. 2 instead averages over training batches after training);
* data: the 60,000 training images, pixels scaled to [0, 1] (the paper says "binary"; we keep the
  grey levels), mini-batches drawn without replacement, a fresh permutation per epoch (1,000 steps),
  the same order for both networks; float32 arithmetic;
* probe: the first 1,000 test images; units 0–9 of the last hidden layer (units are exchangeable at
  initialization, so the first ten are as "typical" as any).

Run the full experiment (both networks in parallel, one per core, single-threaded BLAS)::

    python -m bnbook.experiments.ioffe2015 --steps 50000 --out results/ioffe2015.json --fig fig.png

``--lr`` changes the learning rate of both networks (default 0.1, the book's main run). The saved
runs at 0.03, 0.3 and 1.0 (``results/ioffe2015_lr*.json``; rates chosen, a decade around the
default, before any of them was run) show how the comparison depends on it. :func:`compare_nets`
computes the numbers the book sets beside the paper: final accuracies, steps to the plain net's
final accuracy, and the drift of every recorded unit.

Chapters load the saved result with :func:`load_results` and draw it with :func:`plot_results`, or
train a short live run with :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import queue as queue_mod
import shlex
import sys
import time
from pathlib import Path

import numpy as np

from .. import i18n
from ..paths import results_path

__all__ = ["CONFIG", "NETS", "run", "load_results", "plot_results", "main", "default_results_path",
           "compare_nets", "unit_drift", "first_step_reaching"]

#: The experiment's fixed settings (see the module docstring for why).
CONFIG = {
    "sizes": [784, 100, 100, 100, 10],
    "activation": "sigmoid",
    "optimizer": "SGD",
    "learning_rate": 0.1,
    "momentum": 0.0,
    "batch_size": 60,
    "steps": 50000,
    "weight_std": "1/sqrt(fan_in)",
    "bn_eps": 1e-5,
    "bn_momentum": 0.9,
    "eval_every": 500,
    "probe_size": 1000,
    "probe_units": list(range(10)),
    "percentile_levels": [15, 50, 85],
    "probe_mode": "train",
    "dtype": "float32",
    "data": "MNIST, 60,000 train / 10,000 test, pixels/255 in [0, 1]",
}

#: The two networks: name → use batch normalization.
NETS = {"plain": False, "bn": True}

i18n.register({
    "ioffe2015.title_acc": {"ko": "(a) 테스트 정확도", "en": "(a) Test accuracy"},
    "ioffe2015.title_plain": {"ko": "(b) 배치 정규화 없음: 시그모이드 입력",
                              "en": "(b) Without BN: sigmoid input"},
    "ioffe2015.title_bn": {"ko": "(c) 배치 정규화 있음: 시그모이드 입력",
                           "en": "(c) With BN: sigmoid input"},
    "ioffe2015.plain": {"ko": "배치 정규화 없음", "en": "without BN"},
    "ioffe2015.bn": {"ko": "배치 정규화 있음", "en": "with BN"},
    "ioffe2015.accuracy": {"ko": "테스트 정확도", "en": "test accuracy"},
    "ioffe2015.preact": {"ko": "마지막 은닉층 유닛 {unit}의 입력",
                         "en": "input of last-hidden unit {unit}"},
    "ioffe2015.progress": {"ko": "{net}: {step}/{steps}스텝, 테스트 정확도 {acc:.4f}",
                           "en": "{net}: step {step}/{steps}, test accuracy {acc:.4f}"},
    "ioffe2015.done": {"ko": "완료: {seconds:.1f}초, 결과 {path}",
                       "en": "done in {seconds:.1f} s; results in {path}"},
})


def default_results_path() -> Path:
    """``results/ioffe2015.json`` of the book's repository (next to the ``bnbook`` package)."""
    return results_path("ioffe2015.json")


# --- one network -------------------------------------------------------------------------------

def _train_net(name: str, steps: int, seed: int, eval_every: int, train_size: int | None,
               eval_size: int | None, report=None, lr: float | None = None,
               probe_mode: str | None = None) -> dict:
    """Train one network single-threaded; returns its History as a dict plus its wall time."""
    from threadpoolctl import threadpool_limits

    from ..data import load_mnist
    from ..model import MLP
    from ..optim import SGD
    from ..train import train

    cpu0 = time.process_time()
    with threadpool_limits(limits=1):
        data = load_mnist()
        x_train, y_train = data.x_train, data.y_train
        if train_size is not None:
            x_train, y_train = x_train[:train_size], y_train[:train_size]
        init_seq, order_seq = np.random.SeedSequence(seed).spawn(2)
        model = MLP(CONFIG["sizes"], CONFIG["activation"], batchnorm=NETS[name],
                    rng=np.random.default_rng(init_seq), dtype=np.float32,
                    bn_eps=CONFIG["bn_eps"], bn_momentum=CONFIG["bn_momentum"])

        def callback(step, hist):
            if report is not None:
                report(name, step, hist.test_acc[-1])

        lr = CONFIG["learning_rate"] if lr is None else lr
        hist = train(model, SGD(lr=lr),
                     (x_train, y_train, data.x_test, data.y_test), steps=steps,
                     batch_size=CONFIG["batch_size"], rng=np.random.default_rng(order_seq),
                     eval_every=eval_every, probe=data.x_test[:CONFIG["probe_size"]],
                     units=CONFIG["probe_units"], levels=CONFIG["percentile_levels"],
                     eval_size=eval_size, callback=callback,
                     probe_mode=CONFIG["probe_mode"] if probe_mode is None else probe_mode)
    out = hist.to_dict()
    out["test_acc"] = [round(a, 6) for a in out["test_acc"]]
    out["train_loss"] = [None if np.isnan(v) else round(v, 6) for v in out["train_loss"]]
    out["wall_time"] = round(out["wall_time"], 2)
    out["cpu_time"] = round(time.process_time() - cpu0, 2)  # incl. loading MNIST
    return out


def _worker(name, steps, seed, eval_every, train_size, eval_size, lr, probe_mode, q):
    try:
        res = _train_net(name, steps, seed, eval_every, train_size, eval_size,
                         report=lambda n, s, a: q.put(("progress", n, s, a)), lr=lr,
                         probe_mode=probe_mode)
        q.put(("done", name, res, None))
    except BaseException as err:  # report, then let the parent raise
        q.put(("error", name, None, f"{type(err).__name__}: {err}"))
        raise


def _print_progress(name, step, steps, acc, stream):
    if stream is not None:
        print(i18n.t("ioffe2015.progress", net=name, step=step, steps=steps, acc=acc),
              file=stream, flush=True)


def _run_parallel(steps, seed, eval_every, train_size, eval_size, progress, lr, probe_mode):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = {name: ctx.Process(target=_worker, name=f"ioffe2015-{name}",
                               args=(name, steps, seed, eval_every, train_size, eval_size, lr,
                                     probe_mode, q))
             for name in NETS}
    for p in procs.values():
        p.start()
    results = {}
    latest = {}
    last_print = 0.0
    try:
        while len(results) < len(NETS):
            try:
                kind, name, payload, err = q.get(timeout=1.0)
            except queue_mod.Empty:
                dead = [n for n, p in procs.items() if n not in results and not p.is_alive()]
                if dead:
                    raise RuntimeError(f"training process for {dead} died") from None
                continue
            if kind == "progress":
                latest[name] = (payload, err)
                now = time.perf_counter()
                if progress is not None and (now - last_print > 2.0 or payload == steps):
                    last_print = now
                    print(" | ".join(
                        i18n.t("ioffe2015.progress", net=n, step=s, steps=steps, acc=a)
                        for n, (s, a) in sorted(latest.items())), file=progress, flush=True)
            elif kind == "done":
                results[name] = payload
            else:
                raise RuntimeError(f"training {name!r} failed: {err}")
    finally:
        for p in procs.values():
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
    return results


def run(steps: int = 2000, seed: int = 0, eval_every: int | None = None,
        processes: int = 2, progress=None, train_size: int | None = None,
        eval_size: int | None = None, command: str | None = None,
        lr: float | None = None, probe_mode: str | None = None) -> dict:
    """Train the plain and the BN network and return the results dict (as saved to JSON).

    steps: mini-batch steps per network (the paper: 50,000). seed: initial weights and batch
    order (the same for both networks). eval_every: default ``CONFIG["eval_every"]``, or
    ``steps // 20`` for short runs. processes: 2 trains both networks at once in two processes,
    1 one after the other in this process; the numbers are identical either way.
    progress: a text stream (e.g. ``sys.stderr``) for progress lines, or None.
    train_size, eval_size: use only the first N training / test images (quick tests).
    lr: SGD learning rate of both networks (default ``CONFIG["learning_rate"]``, 0.1).
    probe_mode: BN mode for the percentiles, "train" (the paper's N^tr_BN, default) or "test".
    """
    if probe_mode is None:
        probe_mode = CONFIG["probe_mode"]
    if probe_mode not in ("train", "test"):
        raise ValueError(f"probe_mode must be 'train' or 'test'; got {probe_mode!r}")
    if lr is None:
        lr = CONFIG["learning_rate"]
    if not lr > 0:
        raise ValueError(f"the learning rate must be positive; got lr={lr}")
    if eval_every is None:
        eval_every = min(CONFIG["eval_every"], max(1, steps // 20))
    t0 = time.perf_counter()
    if processes >= 2:
        nets = _run_parallel(steps, seed, eval_every, train_size, eval_size, progress, lr,
                             probe_mode)
    else:
        def report(name, step, acc):
            _print_progress(name, step, steps, acc, progress)

        nets = {name: _train_net(name, steps, seed, eval_every, train_size, eval_size, report, lr,
                                 probe_mode)
                for name in NETS}
    wall = time.perf_counter() - t0
    config = dict(CONFIG, learning_rate=lr, steps=steps, eval_every=eval_every,
                  probe_mode=probe_mode)
    if train_size is not None:
        config["train_size"] = train_size
    if eval_size is not None:
        config["eval_size"] = eval_size
    return {
        "experiment": "Ioffe & Szegedy (2015), §4.1, Figure 1, on MNIST",
        "config": config,
        "seed": seed,
        "command": command,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "machine": f"{platform.machine()}, {mp.cpu_count()} cores",
        "processes": processes,
        "wall_time": round(wall, 2),
        "nets": {name: nets[name] for name in NETS},
    }


def load_results(path: str | Path | None = None) -> dict:
    """The saved results (default: ``results/ioffe2015.json`` of the repository)."""
    path = Path(path) if path is not None else default_results_path()
    with open(path, encoding="utf-8") as fh:
        res = json.load(fh)
    if set(res.get("nets", {})) != set(NETS):
        raise ValueError(f"{path} does not hold the results of both networks {sorted(NETS)}")
    return res


def first_step_reaching(steps, acc, target: float):
    """The first recorded step whose accuracy is ``>= target``, or None if none is.

    steps: (E,) recorded steps; acc: (E,) test accuracies (None or NaN never count)."""
    for step, a in zip(steps, acc, strict=True):
        if a is not None and np.isfinite(a) and a >= target:
            return int(step)
    return None


def unit_drift(net: dict, start: int, end: int) -> dict:
    """How the recorded units' sigmoid-input percentiles move from step ``start`` to ``end``.

    net: one network of a results dict (``eval_steps`` (E,), ``percentiles`` (E, U, 3) at the
    levels 15/50/85, ``units`` (U,)). Returns arrays of shape (U,) (one entry per unit):
    ``p15``/``p50``/``p85`` at ``start`` and ``end`` as (U, 2), their changes ``d15``/``d50``/
    ``d85``, the spread p85 − p15 at both steps (``spread`` (U, 2)) and its ratio end/start;
    ``jitter``: the mean |change of the median| between consecutive records in [start, end]."""
    steps = list(net["eval_steps"])
    for s in (start, end):
        if s not in steps:
            raise ValueError(f"step {s} was not recorded; recorded steps run "
                             f"{steps[0]}..{steps[-1]} every {steps[1] - steps[0]}")
    i, j = steps.index(start), steps.index(end)
    pct = np.asarray(net["percentiles"], dtype=float)
    if pct.ndim != 3 or pct.shape[2] != 3:
        raise ValueError(f"percentiles must have shape (E, U, 3); got {pct.shape}")
    spread = pct[:, :, 2] - pct[:, :, 0]
    out = {"units": list(net["units"]), "start": start, "end": end}
    for k, level in enumerate((15, 50, 85)):
        out[f"p{level}"] = np.stack([pct[i, :, k], pct[j, :, k]], axis=1)
        out[f"d{level}"] = pct[j, :, k] - pct[i, :, k]
    out["spread"] = np.stack([spread[i], spread[j]], axis=1)
    out["spread_ratio"] = spread[j] / spread[i]
    out["jitter"] = np.mean(np.abs(np.diff(pct[i:j + 1, :, 1], axis=0)), axis=0)
    return out


def compare_nets(results: dict, drift_start: int = 5000, drift_end: int | None = None) -> dict:
    """The numbers the book sets beside the paper's Fig. 1, from one results dict.

    Returns ``final_acc`` {net: accuracy at the last recorded step}; ``final_step``;
    ``steps_to_plain_final`` {net: first recorded step with accuracy >= the plain net's final
    accuracy, or None}; ``speedup``: plain's step / BN's step (None if BN never gets there);
    ``drift`` {net: :func:`unit_drift` from ``drift_start`` to ``drift_end`` (default: the last
    step)}; ``learning_rate``."""
    nets = results["nets"]
    final_step = int(nets["plain"]["eval_steps"][-1])
    drift_end = final_step if drift_end is None else drift_end
    final = {name: nets[name]["test_acc"][-1] for name in NETS}
    target = final["plain"]
    if target is None or not np.isfinite(target):
        reach = {name: None for name in NETS}
    else:
        reach = {name: first_step_reaching(nets[name]["eval_steps"], nets[name]["test_acc"],
                                           target) for name in NETS}
    speedup = (reach["plain"] / reach["bn"]
               if reach["bn"] and reach["plain"] is not None else None)
    return {
        "learning_rate": results["config"]["learning_rate"],
        "final_step": final_step,
        "final_acc": final,
        "steps_to_plain_final": reach,
        "speedup": speedup,
        "drift": {name: unit_drift(nets[name], drift_start, drift_end) for name in NETS},
    }


def _hangul_fonts() -> None:
    """Make sure matplotlib has a Hangul font (as ``bnbook.setup`` does in the notebooks)."""
    import matplotlib as mpl

    from ..plotting import hangul_font

    mpl.rcParams["font.family"] = [hangul_font(), "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False


def plot_results(results: dict, lang: str | None = None, unit: int | None = None,
                 fig=None):
    """The three panels of Fig. 1: (a) test accuracy of both networks against steps; (b, c) the
    15/50/85th percentiles of one last-hidden-layer unit's sigmoid input without / with BN.

    unit: which recorded unit to show (default: the first recorded). lang: ``"ko"``/``"en"``
    (default: the current language). Returns the matplotlib figure.
    """
    from .. import plotting

    old = i18n.get_language()
    if lang is not None:
        i18n.set_language(lang)
    try:
        if i18n.get_language() == "ko":
            _hangul_fonts()
        if fig is None:
            fig, axes = plotting.new_figure(ncols=3, figsize=(11.0, 3.4))
        else:
            axes = fig.subplots(1, 3)
        nets = results["nets"]
        units = nets["bn"]["units"]
        unit = units[0] if unit is None else unit
        k = units.index(unit)
        ax = axes[0]
        for name in NETS:
            ax.plot(nets[name]["eval_steps"], nets[name]["test_acc"],
                    color=plotting.network_color(name), label=i18n.t(f"ioffe2015.{name}"))
        ax.set_title(i18n.t("ioffe2015.title_acc"))
        ax.set_xlabel(i18n.t("plotting.step"))
        ax.set_ylabel(i18n.t("ioffe2015.accuracy"))
        final = [min(nets[n]["test_acc"][len(nets[n]["test_acc"]) // 10:]) for n in NETS]
        ax.set_ylim(max(0.0, min(final) - 0.02), 1.0)
        ax.legend(loc="best")
        lo = min(np.min(nets[n]["percentiles"]) for n in NETS)
        hi = max(np.max(nets[n]["percentiles"]) for n in NETS)
        pad = 0.05 * (hi - lo)
        for ax, name in ((axes[1], "plain"), (axes[2], "bn")):
            color = plotting.network_color(name)
            pct = np.asarray(nets[name]["percentiles"])[:, k, :]
            plotting.plot_percentiles(ax, nets[name]["eval_steps"], pct[:, 0], pct[:, 1],
                                      pct[:, 2], color=color)
            ax.set_title(i18n.t(f"ioffe2015.title_{name}"))
            ax.set_ylabel(i18n.t("ioffe2015.preact", unit=unit))
            ax.set_ylim(lo - pad, hi + pad)
    finally:
        i18n.set_language(old)
    return fig


def _command(argv) -> str:
    return " ".join(["python -m bnbook.experiments.ioffe2015", *map(shlex.quote, argv)])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(
        prog="python -m bnbook.experiments.ioffe2015",
        description="Reproduce Ioffe & Szegedy (2015), Fig. 1, on MNIST: a sigmoid MLP with "
                    "and without batch normalization.")
    parser.add_argument("--steps", type=int, default=CONFIG["steps"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lr", type=float, default=CONFIG["learning_rate"],
                        help="SGD learning rate of both networks (default %(default)s)")
    parser.add_argument("--probe-mode", choices=("train", "test"), default=CONFIG["probe_mode"],
                        help="BN mode of the percentile probe: train (the paper's N^tr_BN, "
                             "default) or test (running averages)")
    parser.add_argument("--out", type=Path, default=default_results_path())
    parser.add_argument("--fig", type=Path, default=None, help="also save the figure here")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default="en")
    parser.add_argument("--eval-every", type=int, default=None)
    parser.add_argument("--processes", type=int, choices=(1, 2), default=2)
    parser.add_argument("--train-size", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--eval-size", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    i18n.set_language(args.lang)
    results = run(steps=args.steps, seed=args.seed, eval_every=args.eval_every,
                  processes=args.processes, progress=None if args.quiet else sys.stderr,
                  train_size=args.train_size, eval_size=args.eval_size, command=_command(argv),
                  lr=args.lr, probe_mode=args.probe_mode)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(args.out)
    if args.fig is not None:
        import matplotlib

        matplotlib.use("Agg")
        from .. import plotting

        plotting.use_book_style()
        fig = plot_results(results, lang=args.lang)
        args.fig.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(args.fig)
    print(i18n.t("ioffe2015.done", seconds=results["wall_time"], path=args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
