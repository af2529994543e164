# ruff: noqa: E501  (multiple-choice options are one line each)
"""Chapter 4 tasks: the mini-batch noise of BN, inverted dropout, the train-test gap, and
conceptual questions on the regularization effect (Ioffe & Szegedy 2015, §3.4, §4.2.3).

Tasks whose answer draws random numbers (the noise std, dropout's mask) cannot be compared
number for number with a reference: a learner may draw the same distribution in another order.
They are graded on distributional facts with tolerances several standard errors wide (the noise
std against a large Monte Carlo reference, the kept fraction of a 100,000-unit mask), and on
exact facts that hold for any correct draw (a kept unit is x/p for the keep probability p, the
same seed gives the same result, inference mode is the identity, a mini-batch that is the
whole feature gives a noise std of 0).

Dropout's p is the keep probability here, as in chapter 4 (Srivastava et al. 2014, CS231n);
bnbook.layers.dropout_forward takes the drop probability 1 − p (PyTorch's convention), and
answers written in that convention are diagnosed as such.
"""

from __future__ import annotations

import functools
import numbers

import numpy as np

from ..checks import eval_numerical_gradient_array, rel_error
from . import strings_ch04  # noqa: F401  (registers the feedback strings)
from .concepts import choice_task, formula_task, fresh_seed, number_task
from .engine import Fail, Task, Test, as_array, as_tuple, call, register_task

CH = "04"


def _scalar(value, name: str) -> float:
    """A learner's scalar (Python or numpy number, or a 0-d / size-1 array) as a finite float."""
    if value is None:
        raise Fail("fb.none")
    if isinstance(value, np.ndarray) and value.size == 1 and np.issubdtype(value.dtype, np.number):
        value = value.reshape(())[()]
    if isinstance(value, bool) or not isinstance(value, numbers.Real | np.number):
        shape = f" {value.shape}" if isinstance(value, np.ndarray) else ""
        raise Fail("fb.ch04.not_scalar", name=name, typ=type(value).__name__ + shape)
    value = float(value)
    if not np.isfinite(value):
        raise Fail("fb.nan", name=name)
    return value


def _call(fn, signature: str, *args, **kwargs):
    """:func:`call`, and a TypeError about the arguments (a changed signature) names the
    signature the task asks for."""
    try:
        return call(fn, *args, **kwargs)
    except Fail as f:
        exc = f.fmt.get("exc", "")
        if f.key == "fb.exception" and exc.startswith("TypeError") and "argument" in exc:
            raise Fail("fb.ch04.signature", exc=exc, signature=signature) from None
        raise


# -- 04.noise_std: std of one example's x̂ over random mini-batches ----------------------------
NOISE_N, NOISE_EPS = 400, 1e-5
NOISE_MS = (2, 4, 16)      # batch sizes probed
NOISE_BATCHES = 10000      # mini-batches the learner's function draws per probe
NOISE_REF_BATCHES = 100000  # mini-batches of the Monte Carlo reference (rel. error ~0.25%)
NOISE_RTOL = 0.06          # >= 6 standard errors of the learner's estimate and the reference


@functools.lru_cache(maxsize=1)
def noise_data() -> tuple[np.ndarray, int]:
    """One feature over N = 400 examples, x: (N,), mean ≈ 3, std ≈ 2, and the index i of the
    example followed (z-score closest to 1)."""
    x = 3.0 + 2.0 * np.random.default_rng(404).standard_normal(NOISE_N)
    z = (x - x.mean()) / x.std()
    return x, int(np.argmin(np.abs(z - 1.0)))


def _companions(n_other: int, k: int, batches: int, rng: np.random.Generator) -> np.ndarray:
    """(batches, k) indices into n_other items, distinct within each row (uniform without
    replacement, by rejecting the rows with a repeat)."""
    idx = rng.integers(0, n_other, size=(batches, k))
    while True:
        s = np.sort(idx, axis=1)
        bad = np.any(s[:, 1:] == s[:, :-1], axis=1) if k > 1 else np.zeros(batches, bool)
        if not bad.any():
            return idx
        idx[bad] = rng.integers(0, n_other, size=(int(bad.sum()), k))


@functools.cache
def noise_variants(m: int) -> dict[str, float]:
    """The right answer (key ``"ok"``) and what the usual mistakes give, each a Monte Carlo
    estimate over NOISE_REF_BATCHES mini-batches of size m that contain example i."""
    x, i = noise_data()
    others = np.delete(x, i)
    rng = np.random.default_rng(1000 + m)
    comp = others[_companions(len(others), m - 1, NOISE_REF_BATCHES, rng)]  # (B, m-1)
    batch = np.concatenate([np.full((NOISE_REF_BATCHES, 1), x[i]), comp], axis=1)  # (B, m)
    mu, var = batch.mean(axis=1), batch.var(axis=1)
    x_hat = (x[i] - mu) / np.sqrt(var + NOISE_EPS)
    out = {"ok": float(x_hat.std())}
    # the unbiased (m-1) batch variance
    out["fb.noise.ddof"] = float(((x[i] - mu) / np.sqrt(batch.var(axis=1, ddof=1)
                                                        + NOISE_EPS)).std())
    # the statistics of the m-1 companions only: example i left out of its own batch
    c_mu, c_var = comp.mean(axis=1), comp.var(axis=1)
    out["fb.noise.without_self"] = float(((x[i] - c_mu) / np.sqrt(c_var + NOISE_EPS)).std())
    # m examples drawn from the other N-1, example i normalized with their statistics
    extra = others[_companions(len(others), m, NOISE_REF_BATCHES, rng)]
    e_mu, e_var = extra.mean(axis=1), extra.var(axis=1)
    out["fb.noise.m_others"] = float(((x[i] - e_mu) / np.sqrt(e_var + NOISE_EPS)).std())
    out["fb.noise.variance"] = float(x_hat.var())
    out["fb.noise.not_scaled"] = float((x[i] - mu).std())
    out["fb.noise.sigma_std"] = float(np.sqrt(var + NOISE_EPS).std())
    out["fb.noise.mean"] = float(x_hat.mean())
    out["fb.noise.over_sqrt_m"] = out["ok"] / np.sqrt(m)
    out["fb.noise.times_sqrt_m"] = out["ok"] * np.sqrt(m)
    return out


def _noise_call(fn, m: int, batches: int, rng: np.random.Generator) -> float:
    x, i = noise_data()
    x_in = x.copy()
    value = _call(fn, "minibatch_noise_std(x, i, m, rng, n_batches=2000)", x_in, i, m, rng,
                  n_batches=batches, shape_hint="m,")
    if isinstance(value, np.ndarray | list | tuple) and np.shape(value) == (batches,):
        raise Fail("fb.noise.values_returned", n=batches)
    value = _scalar(value, "minibatch_noise_std")
    if not np.array_equal(x_in, x):
        raise Fail("fb.mutated", name="x")
    return value


def _noise_returns(fn):
    value = _noise_call(fn, 4, 200, np.random.default_rng(0))
    if value < 0:
        return False, "fb.noise.negative", {"got": f"{value:.4g}"}
    return True, "fb.pass", {}


def _noise_rng(fn):
    a = _noise_call(fn, 4, 500, np.random.default_rng(7))
    b = _noise_call(fn, 4, 500, np.random.default_rng(7))
    if a != b:
        return False, "fb.noise.not_reproducible", {"a": f"{a:.4f}", "b": f"{b:.4f}"}
    c = _noise_call(fn, 4, 500, np.random.default_rng(8))
    if a == c:
        return False, "fb.noise.ignores_rng", {"a": f"{a:.4f}"}
    return True, "fb.pass", {}


def _noise_whole_data(fn) -> float:
    """The std when the mini-batch is the whole feature (N = m = 6): drawn without replacement
    from the other N - 1 examples, the companions are always the same five, so x̂_i never
    changes and the std is 0 up to rounding. A draw with replacement, or one that may pick
    example i itself, gives a positive std; over N = 400 that mistake hides in the tolerance."""
    x = np.array([3.0, 1.0, 4.0, 1.5, 5.0, 9.0])
    x_in = x.copy()
    value = _call(fn, "minibatch_noise_std(x, i, m, rng, n_batches=2000)", x_in, 2, len(x),
                  np.random.default_rng(12), n_batches=200, shape_hint="m,")
    if not np.array_equal(x_in, x):
        raise Fail("fb.mutated", name="x")
    return _scalar(value, "minibatch_noise_std")


def _noise_values(fn):
    got = {m: _noise_call(fn, m, NOISE_BATCHES, np.random.default_rng(100 + m))
           for m in NOISE_MS}
    refs = {m: noise_variants(m) for m in NOISE_MS}
    wrong = [m for m in NOISE_MS if not np.isclose(got[m], refs[m]["ok"], rtol=NOISE_RTOL)]
    if not wrong:  # right within the tolerance; the one mistake that hides there:
        whole = _noise_whole_data(fn)
        if abs(whole) > 1e-9:
            return False, "fb.noise.replacement", {"got": f"{whole:.4f}"}
        return True, "fb.noise.ok", {}
    m = wrong[0]
    fmt = {"m": m, "got": f"{got[m]:.4f}", "want": f"{refs[m]['ok']:.4f}",
           "ms": ", ".join(map(str, NOISE_MS)),
           "gots": ", ".join(f"{got[k]:.4f}" for k in NOISE_MS),
           "wants": ", ".join(f"{refs[k]['ok']:.4f}" for k in NOISE_MS)}
    if all(abs(got[k]) < 1e-9 for k in NOISE_MS):
        return False, "fb.noise.zero", fmt
    if all(abs(got[k] - 1.0) < 0.02 for k in NOISE_MS):
        return False, "fb.noise.whole_batch", fmt
    # Leaving example i out of its batch makes x̂ heavy-tailed at small m (a ratio with a
    # near-zero denominator), so those two mistakes are recognized by their m = 2 signature
    # and compared at m = 16 only. At m = 2 one companion alone has variance 0: x̂ = (x_i -
    # x_j)/√ε, whose std over batches is stable.
    if np.isclose(got[2], refs[2]["fb.noise.without_self"], rtol=0.1):
        return False, "fb.noise.without_self", fmt
    if got[2] > 10 * refs[2]["ok"] and np.isclose(got[16], refs[16]["fb.noise.m_others"],
                                                  rtol=NOISE_RTOL):
        return False, "fb.noise.m_others", fmt
    # any other mistake is named only when it explains the answer at every batch size probed
    for key in refs[m]:
        if key in ("ok", "fb.noise.without_self", "fb.noise.m_others"):
            continue
        if all(np.isclose(got[k], refs[k][key], rtol=NOISE_RTOL, atol=1e-3) for k in NOISE_MS):
            return False, key, fmt
    return False, "fb.noise.generic", fmt


# -- 04.dropout: inverted dropout, forward and backward --------------------------------------
def drop_input(seed: int, shape=(200, 500)) -> np.ndarray:
    """Non-zero inputs (|x| in [0.5, 2], random signs), so a dropped unit is exactly 0."""
    rng = np.random.default_rng(seed)
    return rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


def _drop_pair(answer):
    return as_tuple(answer, 2, "(dropout_forward, dropout_backward)", handed_in=True)


def _drop_fwd(answer, x, p, mode, rng):
    fwd, _ = _drop_pair(answer)
    x_in = x.copy()
    try:
        got = as_tuple(_call(fwd, "dropout_forward(x, p, mode, rng)", x_in, p, mode, rng,
                             shape_hint="N, D"), 2, "(out, cache)")
    except Fail as f:
        if f.key == "fb.exception" and "as a data type" in f.fmt.get("exc", ""):
            raise Fail("fb.drop.random_star", **f.fmt) from None  # rng.random(*x.shape)
        raise
    out = as_array(got[0], "out", x.shape)
    if not np.array_equal(x_in, x):
        raise Fail("fb.mutated", name="x")
    return out, got[1]


def _drop_returns(answer):
    _drop_fwd(answer, drop_input(1, (4, 5)), 0.5, "train", np.random.default_rng(0))
    _drop_fwd(answer, drop_input(1, (4, 5)), 0.5, "test", np.random.default_rng(0))
    return True, "fb.pass", {}


def _drop_train_case(answer, p: float):
    """None if the training-mode output is right for keep probability p, else (key, fmt)."""
    x = drop_input(2)
    out, _ = _drop_fwd(answer, x, p, "train", np.random.default_rng(3))
    kept = out != 0
    frac = float(kept.mean())
    fmt = {"p": p, "drop": f"{1 - p:g}", "frac": f"{frac:.3f}"}
    if not kept.any():
        return "fb.drop.all_dropped", fmt
    if kept.all():
        return "fb.drop.nothing_dropped", fmt
    factor = out[kept] / x[kept]  # what a kept unit was multiplied by
    scale = {"right": 1 / p, "none": 1.0, "by_drop": 1 / (1 - p), "times_p": p}
    found = next((k for k, s in scale.items() if np.allclose(factor, s, rtol=1e-6)), None)
    frac_ok = abs(frac - p) < 0.01  # ~7 standard errors of a 100,000-unit mask
    frac_drop = abs(frac - (1 - p)) < 0.01
    if found == "by_drop" and frac_drop:
        return "fb.drop.drop_convention", fmt
    if found is None:
        return "fb.drop.values", fmt
    if found == "none":
        return "fb.drop.no_rescale", fmt
    if found == "by_drop":
        return "fb.drop.rescale_drop", fmt
    if found == "times_p":
        return "fb.drop.times_p", fmt
    rows, cols = kept.all(axis=1) | ~kept.any(axis=1), kept.all(axis=0) | ~kept.any(axis=0)
    if rows.all():  # checked before the kept fraction, which is noisy over 200 rows
        return "fb.drop.mask_per_example", fmt
    if cols.all():
        return "fb.drop.mask_per_feature", fmt
    if frac_drop:
        return "fb.drop.keep_is_drop", fmt
    if not frac_ok:
        return "fb.drop.fraction", fmt
    return None


def _drop_train(answer):
    for p in (0.8, 0.3):
        bad = _drop_train_case(answer, p)
        if bad:
            return False, *bad
    return True, "fb.drop.train_ok", {}


def _drop_rng(answer):
    x = drop_input(4, (20, 30))
    a, _ = _drop_fwd(answer, x, 0.6, "train", np.random.default_rng(5))
    b, _ = _drop_fwd(answer, x, 0.6, "train", np.random.default_rng(5))
    if np.array_equal(a, x):
        return False, "fb.drop.nothing_dropped", {"p": 0.6}
    if not np.array_equal(a, b):
        return False, "fb.drop.not_reproducible", {}
    c, _ = _drop_fwd(answer, x, 0.6, "train", np.random.default_rng(6))
    if np.array_equal(a, c):
        return False, "fb.drop.ignores_rng", {}
    return True, "fb.pass", {}


def _drop_test(answer):
    x = drop_input(7, (30, 40))
    for p in (0.8, 0.3):
        out, _ = _drop_fwd(answer, x, p, "test", np.random.default_rng(8))
        if np.allclose(out, x, rtol=1e-12, atol=0.0):
            continue
        fmt = {"p": p, "drop": f"{1 - p:g}"}
        if np.any(out == 0):
            return False, "fb.drop.test_dropped", fmt
        for key, s in (("fb.drop.test_scaled", p), ("fb.drop.test_scaled_up", 1 / p),
                       ("fb.drop.test_scaled", 1 - p)):
            if np.allclose(out, s * x, rtol=1e-6):
                return False, key, fmt
        return False, "fb.drop.test_generic", fmt
    return True, "fb.pass", {}


def _drop_bwd_case(answer, mode: str):
    """None if dx is right in ``mode``, else (key, fmt). Training mode is checked against the
    numerical gradient of the learner's own forward pass (same seed, so the same mask);
    inference mode against dx = dout, whatever the forward pass does there."""
    _, bwd = _drop_pair(answer)
    p, seed = 0.6, 9
    x = drop_input(10, (5, 6))
    dout = np.random.default_rng(11).normal(size=x.shape)
    out, cache = _drop_fwd(answer, x, p, mode, np.random.default_rng(seed))
    dx = as_array(_call(bwd, "dropout_backward(dout, cache)", dout.copy(), cache,
                        shape_hint="N, D"), "dx", x.shape)
    if mode == "test":
        want = dout
    else:
        want = eval_numerical_gradient_array(
            lambda xx: _drop_fwd(answer, xx, p, mode, np.random.default_rng(seed))[0],
            x.copy(), dout)
    err = rel_error(dx, want)
    kept = (out != 0).astype(float)
    # right: consistent with the learner's own forward pass, or dout · mask / p with the mask
    # it applied (a right backward pass is not blamed for a forward pass that forgot the 1/p)
    if err < 1e-7 or (mode == "train" and rel_error(dx, dout * kept / p) < 1e-7):
        return None
    fmt = {"err": err, "mode_key": f"t.mode.{mode}"}
    if mode == "test":
        if np.any((dx == 0) & (dout != 0)):
            return "fb.drop.bwd_test_mask", fmt
        return "fb.drop.bwd_generic", fmt
    variants = {"fb.drop.bwd_no_mask": dout, "fb.drop.bwd_no_scale": dout * kept,
                "fb.drop.bwd_times_out": dout * out, "fb.drop.bwd_times_x": dout * x,
                "fb.drop.bwd_by_drop": dout * kept / (1 - p)}
    for key, v in variants.items():
        if np.allclose(dx, v, rtol=1e-6, atol=1e-9):
            return key, fmt
    factor = dx / dout  # dout has no zeros
    if (np.all(np.isclose(factor, 0) | np.isclose(factor, 1 / p))
            and np.any((factor != 0) != (kept != 0))):
        return "fb.drop.bwd_other_mask", fmt
    return "fb.drop.bwd_generic", fmt


def _drop_backward(answer):
    for mode in ("train", "test"):
        bad = _drop_bwd_case(answer, mode)
        if bad:
            return False, *bad
    return True, "fb.drop.bwd_ok", {}


# -- 04.gap: the train-test gap from accuracy histories -----------------------------------------
def gap_histories(seed: int, T: int = 12):
    """Accuracy histories train_acc, test_acc: (T,) in [0, 1], evaluated at the same steps; the
    test accuracy is above the training accuracy at some steps (also among the last ones)."""
    rng = np.random.default_rng(seed)
    steps = np.arange(1, T + 1)
    train = np.clip(1 - 0.6 * np.exp(-steps / 3) + rng.normal(0, 0.01, T), 0, 1)
    test = np.clip(train - 0.04 * (1 - np.exp(-steps / 4)) + rng.normal(0, 0.015, T), 0, 1)
    test[1] = train[1] + 0.03
    test[-2] = train[-2] + 0.005
    return train, test


def gap_reference(train, test, k):
    return float(np.mean(train[-k:] - test[-k:]))


def _gap_call(fn, train, test, k):
    tr, te = train.copy(), test.copy()
    value = _call(fn, "final_gap(train_acc, test_acc, k)", tr, te, k, shape_hint="T,")
    if isinstance(value, np.ndarray | list | tuple) and np.size(value) > 1:
        shape = np.shape(value)
        if shape in ((k,), (len(train),)):
            raise Fail("fb.gap.array", n=shape[0])
    value = _scalar(value, "final_gap")
    if not (np.array_equal(tr, train) and np.array_equal(te, test)):
        raise Fail("fb.mutated", name="train_acc, test_acc")
    return value


def _gap_returns(fn):
    _gap_call(fn, *gap_histories(0), 3)
    return True, "fb.pass", {}


def _gap_values(fn):
    for seed, k in ((1, 3), (2, 5), (3, 1), (fresh_seed(), 4)):  # the last new on every check()
        train, test = gap_histories(seed)
        got = _gap_call(fn, train, test, k)
        want = gap_reference(train, test, k)
        if np.isclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        d = train - test
        variants = {
            "fb.gap.sign": -want,
            "fb.gap.percent": 100 * want,
            "fb.gap.abs": float(np.mean(np.abs(d[-k:]))),
            "fb.gap.first_k": float(np.mean(d[:k])),
            "fb.gap.from_k": float(np.mean(d[k:])),
            "fb.gap.all": float(np.mean(d)),
            "fb.gap.last_only": float(d[-1]),
            "fb.gap.off_by_one": float(np.mean(d[-k - 1:])),
            "fb.gap.off_by_one_short": float(np.mean(d[-k + 1:])) if k > 1 else None,
            "fb.gap.ratio": float(np.mean(train[-k:] / test[-k:])),
            "fb.gap.ratio_of_means": float(np.mean(train[-k:]) / np.mean(test[-k:])),
            "fb.gap.max": float(np.max(d[-k:])),
            "fb.gap.sum": float(np.sum(d[-k:])),
        }
        fmt = {"got": f"{got:.4f}", "want": f"{want:.4f}", "k": k}
        for key, v in variants.items():
            if v is not None and np.isclose(got, v, rtol=1e-9, atol=1e-12):
                return False, key, fmt
        if any(got == round(want, n) for n in (1, 2, 3, 4)):
            return False, "fb.gap.rounded", {**fmt, "got": repr(got)}
        return False, "fb.gap.generic", fmt
    return True, "fb.pass", {}


# -- registration, in the notebook's order ------------------------------------------------------
register_task(Task("04.noise_std", CH, "task.04.noise_std", ("minibatch_noise_std",), level="build", forbidden={
    "ch04.py": {"minibatch_noise_std", "normalized_values"}}, tests=[
    Test("t.noise_returns", 1, _noise_returns),
    Test("t.noise_rng", 1, _noise_rng, needs=("t.noise_returns",)),
    Test("t.noise_values", 3, _noise_values, needs=("t.noise_returns",)),
]))

number_task("04.batch_x4", CH, "task.04.batch_x4", "answer_04_batch_x4", correct=0.5, rtol=0.01,
            known={0.25: "fb.x4.variance", 2.0: "fb.x4.inverse", 4.0: "fb.x4.linear",
                   1.0: "fb.x4.none", 0.0: "fb.x4.zero", np.sqrt(0.5): "fb.x4.sqrt2"},
            explain="fb.x4.generic")


register_task(Task("04.dropout", CH, "task.04.dropout", ("dropout_forward", "dropout_backward"), level="build",
                   forbidden={"layers.py": {"dropout_forward", "dropout_backward"}}, tests=[
    Test("t.drop_returns", 1, _drop_returns),
    Test("t.drop_train", 2, _drop_train, needs=("t.drop_returns",)),
    Test("t.drop_rng", 1, _drop_rng, needs=("t.drop_returns",)),
    Test("t.drop_test", 1, _drop_test, needs=("t.drop_returns",)),
    Test("t.drop_backward", 2, _drop_backward, needs=("t.drop_returns", "t.drop_rng")),
]))

# keep probability p = 0.8, x = 3: Var[out] = (1 - p) / p * x**2 = 2.25
number_task("04.dropout_var", CH, "task.04.dropout_var", "answer_04_dropout_var", correct=2.25,
            rtol=0.01,
            known={36.0: "fb.dv.drop_formula", 0.25: "fb.dv.no_x", 0.75: "fb.dv.x_not_squared",
                   1.44: "fb.dv.no_rescale", 1.5: "fb.dv.std", 11.25: "fb.dv.second_moment",
                   9.0: "fb.dv.x_squared", 4.0: "fb.dv.drop_formula_no_x"},
            explain="fb.dv.generic")

choice_task("04.test_mode", CH, "task.04.test_mode", "answer_04_test_mode", correct="a", options={
    "a": {"ko": "예: 고정된 평균과 분산 추정값으로 정규화하므로, 배치에 무엇이 함께 있든 같은 입력은 같은 출력을 냅니다",
          "en": "Yes: it normalizes with fixed estimates of the mean and variance, so the same input gives the same output whatever the batch"},
    "b": {"ko": "아니요: BN은 늘 받은 배치의 평균과 분산으로 정규화하므로, 출력이 함께 들어온 다른 테스트 예제에 따라 달라집니다",
          "en": "No: BN always normalizes with the mean and variance of the batch it is given, so the output depends on the other test examples"},
    "c": {"ko": "아니요: 규제 효과를 유지하려고 추론 모드에서도 학습 때와 같은 크기의 잡음을 더합니다",
          "en": "No: to keep its regularizing effect, inference mode adds noise of the size the training noise had"},
    "d": {"ko": "예. 단, 테스트 배치의 크기가 학습 때의 배치 크기 $m$과 같을 때에만 그렇습니다",
          "en": "Yes, but only when the test batch has the training batch size $m$"},
}, explain={"b": "fb.tm.a", "c": "fb.tm.c", "d": "fb.tm.d"})

choice_task("04.paper_dropout", CH, "task.04.paper_dropout", "answer_04_paper_dropout",
            correct="d", options={
    "a": {"ko": "BN이 드롭아웃을 필요 없게 만든다고 말하고, 논문이 학습한 모든 신경망에서 드롭아웃을 실제로 뺐습니다",
          "en": "BN makes Dropout unnecessary, and the paper removed Dropout from every network it trained"},
    "b": {"ko": "둘을 함께 쓰면 정확도가 떨어지므로 BN과 드롭아웃을 같이 쓰면 안 된다고 보였습니다",
          "en": "BN and Dropout must not be combined: the paper shows that together they lower accuracy"},
    "c": {"ko": "드롭아웃은 BN 앞에 두어야 하며, 논문의 Inception은 모든 층에서 그렇게 했습니다",
          "en": "Dropout must come right before BN, and the paper's BN-Inception placed it that way in every layer"},
    "d": {"ko": "'어떤 경우에는' 드롭아웃을 빼거나 약하게 할 수 있다고 말할 뿐, 늘 필요 없다고 하지는 않습니다",
          "en": "Dropout can 'in some cases' be removed or reduced in strength; it does not say it is never needed"},
}, explain={"a": "fb.pd.a", "b": "fb.pd.b", "c": "fb.pd.order"})

register_task(Task("04.gap", CH, "task.04.gap", ("final_gap",), level="build", tests=[
    Test("t.gap_returns", 1, _gap_returns),
    Test("t.gap_values", 2, _gap_values, needs=("t.gap_returns",)),
]))


# -- 04.noise_exponential (derivation) ---------------------------------------------------------
def _ne_point(rng):
    return {"z": float(rng.uniform(-1, 4)), "m": int(rng.integers(16, 1024))}


formula_task("04.noise_exponential", CH, "task.04.noise_exponential", "noise_var_exponential",
             sample=_ne_point, correct=lambda z, m: (1 + 2 * z + 2 * z**2) / m, known={
                 "fb.ne.gaussian": lambda z, m: (1 + z**2 / 2) / m,
                 "fb.ne.no_skew": lambda z, m: (1 + 2 * z**2) / m,
                 "fb.ne.skew_sign": lambda z, m: (1 - 2 * z + 2 * z**2) / m,
                 "fb.ne.excess": lambda z, m: (1 + 2 * z + 1.25 * z**2) / m,
                 "fb.ne.std": lambda z, m: np.sqrt((1 + 2 * z + 2 * z**2) / m),
             }, explain="fb.ne.generic", points=2)


# -- 04.samuelson (experiment) -----------------------------------------------------------------
# The largest |x̂| over 100,000 mini-batches of m = 4 came out 1.732025–1.732047 for normal data
# and 1.7320508 for Cauchy data (seeds 0–4), against the bound √(m − 1) = 1.7320508; rtol 2e-3
# covers both with a wide margin and still tells the unbiased variance's bound 1.5 apart.
number_task("04.samuelson", CH, "task.04.samuelson", "answer_04_samuelson", correct=float(np.sqrt(3.0)),
            rtol=2e-3,
            known={1.5: "fb.sam.unbiased", 1.0: "fb.sam.one", 2.0: "fb.sam.sqrt_m",
                   3.0: "fb.sam.m_minus_1"},
            explain="fb.sam.generic", level="explore")
