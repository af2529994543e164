"""Chapter 4 tasks: the reference and correct answers written differently get full marks; each
diagnosed wrong answer loses points with its diagnosis (in both languages); junk input gets a
message, never an exception."""

from __future__ import annotations

import numpy as np
import pytest

from bnbook import layers
from bnbook.grading import _strings
from bnbook.grading.engine import get_task, run_task
from bnbook.grading.tasks_ch04 import noise_data, noise_variants

EPS = 1e-5


def grade(task_id, answer):
    return run_task(get_task(task_id), answer, 20.0)


def keys(result):
    return {o.name: o.key for o in result.outcomes}


def assert_diagnosed(result, test, key):
    assert not result.passed
    assert keys(result)[test] == key, result.text("en")
    for lang in ("ko", "en"):  # the message renders (no missing key, no format error)
        text = result.text(lang)
        assert key not in text and "{" not in text, text


# -- 04.noise_std ------------------------------------------------------------------------------
def noise_loop(x, i, m, rng, n_batches=2000):
    others = np.delete(x, i)
    x_hat = np.empty(n_batches)
    for b in range(n_batches):
        batch = np.append(x[i], rng.choice(others, size=m - 1, replace=False))
        x_hat[b] = (x[i] - batch.mean()) / np.sqrt(batch.var() + EPS)
    return float(np.std(x_hat))


def noise_vectorized(x, i, m, rng, n_batches=2000):
    """Another correct draw: a permutation of the other indices per batch, all at once."""
    idx = np.array([j for j in range(len(x)) if j != i])
    comp = np.stack([rng.permutation(idx)[: m - 1] for _ in range(n_batches)])
    batch = np.concatenate([np.full((n_batches, 1), x[i]), x[comp]], axis=1)
    mu = batch.sum(axis=1) / m
    var = ((batch - mu[:, None]) ** 2).mean(axis=1)
    return np.std((x[i] - mu) / np.sqrt(var + EPS))  # a numpy float, not a Python float


def draw(x, i, k, rng, n_batches):
    """(n_batches, k) values of k distinct examples other than i, per row (vectorized)."""
    others = np.delete(x, i)
    keys_ = rng.random((n_batches, len(others)))
    return others[np.argpartition(keys_, k - 1, axis=1)[:, :k]]


def noise_fast(x, i, m, rng, n_batches=2000):
    batch = np.concatenate([np.full((n_batches, 1), x[i]), draw(x, i, m - 1, rng, n_batches)],
                           axis=1)
    return float(np.std((x[i] - batch.mean(axis=1)) / np.sqrt(batch.var(axis=1) + EPS)))


def noise_mistake(kind):
    def fn(x, i, m, rng, n_batches=2000):
        comp = draw(x, i, m - 1, rng, n_batches)
        batch = np.concatenate([np.full((n_batches, 1), x[i]), comp], axis=1)
        mu = batch.mean(axis=1)
        var = batch.var(axis=1, ddof=1 if kind == "ddof" else 0)
        if kind == "without_self":
            mu, var = comp.mean(axis=1), comp.var(axis=1)
        if kind == "m_others":
            extra = draw(x, i, m, rng, n_batches)
            mu, var = extra.mean(axis=1), extra.var(axis=1)
        x_hat = (x[i] - mu) / np.sqrt(var + EPS)
        if kind == "not_scaled":
            x_hat = x[i] - mu
        if kind == "whole_batch":  # the std of every x̂ of every batch, pooled
            return float(np.std((batch - mu[:, None]) / np.sqrt(var[:, None] + EPS)))
        if kind == "variance":
            return float(x_hat.var())
        if kind == "mean":
            return float(x_hat.mean())
        return float(x_hat.std())
    return fn


def noise_test_stats(x, i, m, rng, n_batches=2000):
    return float(np.std([(x[i] - x.mean()) / x.std() for _ in range(n_batches)]))


def noise_global_random(x, i, m, rng, n_batches=2000):
    return noise_fast(x, i, m, np.random.default_rng(), n_batches)


def noise_own_seed(x, i, m, rng, n_batches=2000):
    return noise_fast(x, i, m, np.random.default_rng(0), n_batches)


def test_reference_matches_the_chapters_function():
    """The grader's vectorized Monte Carlo reference agrees with the chapter's measurement."""
    ch04 = pytest.importorskip("bnbook.chapters.ch04")
    x, i = noise_data()
    for m in (2, 16):
        got = ch04.minibatch_noise_std(x, i, m, np.random.default_rng(3), n_batches=4000)
        assert got == pytest.approx(noise_variants(m)["ok"], rel=0.05)


@pytest.mark.parametrize("fn", [noise_loop, noise_vectorized, noise_fast])
def test_noise_right(fn):
    r = grade("04.noise_std", fn)
    assert r.passed, r.text("en")


@pytest.mark.parametrize("kind,key", [
    ("ddof", "fb.noise.ddof"), ("without_self", "fb.noise.without_self"),
    ("m_others", "fb.noise.m_others"), ("variance", "fb.noise.variance"),
    ("not_scaled", "fb.noise.not_scaled"), ("mean", "fb.noise.mean"),
    ("whole_batch", "fb.noise.whole_batch"),
])
def test_noise_wrong(kind, key):
    assert_diagnosed(grade("04.noise_std", noise_mistake(kind)), "t.noise_values", key)


def noise_with_replacement(x, i, m, rng, n_batches=2000):
    """Companions drawn with replacement (example i among them at times): within the 6 %
    tolerance at N = 400, caught by the six-value feature with m = 6."""
    comp = x[rng.integers(0, len(x), size=(n_batches, m - 1))]
    batch = np.concatenate([np.full((n_batches, 1), x[i]), comp], axis=1)
    return float(np.std((x[i] - batch.mean(axis=1)) / np.sqrt(batch.var(axis=1) + EPS)))


def noise_may_pick_self(x, i, m, rng, n_batches=2000):
    """Without replacement, but from all N examples, so example i can be its own companion."""
    comp = np.stack([rng.choice(x, size=m - 1, replace=False) for _ in range(n_batches)])
    batch = np.concatenate([np.full((n_batches, 1), x[i]), comp], axis=1)
    return float(np.std((x[i] - batch.mean(axis=1)) / np.sqrt(batch.var(axis=1) + EPS)))


@pytest.mark.parametrize("fn", [noise_with_replacement, noise_may_pick_self])
def test_noise_companions_with_replacement_or_self(fn):
    r = grade("04.noise_std", fn)
    assert_diagnosed(r, "t.noise_values", "fb.noise.replacement")
    assert r.score == 2  # returns a number, uses the rng


def test_noise_whole_data_crash_is_reported_after_the_values():
    """A function that passes at N = 400 but raises when N = m gets the exception's message."""
    def picky(x, i, m, rng, n_batches=2000):
        if len(x) == m:
            raise ValueError("too few examples")
        return noise_fast(x, i, m, rng, n_batches)

    r = grade("04.noise_std", picky)
    assert keys(r)["t.noise_values"] == "fb.exception" and r.score == 2


def test_noise_returns_values_or_scales_by_sqrt_m():
    def values(x, i, m, rng, n_batches=2000):
        out = []
        for _ in range(n_batches):
            batch = np.append(x[i], rng.choice(np.delete(x, i), size=m - 1, replace=False))
            out.append((x[i] - batch.mean()) / np.sqrt(batch.var() + EPS))
        return np.array(out)

    assert_diagnosed(grade("04.noise_std", values), "t.noise_returns",
                     "fb.noise.values_returned")
    for fn, key in ((lambda *a, **k: noise_fast(*a, **k) / np.sqrt(a[2]), "fb.noise.over_sqrt_m"),
                    (lambda *a, **k: noise_fast(*a, **k) * np.sqrt(a[2]),
                     "fb.noise.times_sqrt_m")):
        assert_diagnosed(grade("04.noise_std", fn), "t.noise_values", key)


def test_changed_signature_is_named():
    def swapped(x, i, m, n_batches, rng):
        return 0.5

    assert_diagnosed(grade("04.noise_std", swapped), "t.noise_returns", "fb.ch04.signature")
    assert "minibatch_noise_std(x, i, m, rng, n_batches=2000)" in \
        grade("04.noise_std", swapped).text("ko")
    r = grade("04.gap", lambda train_acc, test_acc: 0.0)
    assert keys(r)["t.gap_returns"] == "fb.ch04.signature"


def test_noise_test_stats_and_rng():
    r = grade("04.noise_std", noise_test_stats)
    assert_diagnosed(r, "t.noise_rng", "fb.noise.ignores_rng")
    assert keys(r)["t.noise_values"] == "fb.noise.zero"
    assert_diagnosed(grade("04.noise_std", noise_global_random), "t.noise_rng",
                     "fb.noise.not_reproducible")
    r = grade("04.noise_std", noise_own_seed)
    assert_diagnosed(r, "t.noise_rng", "fb.noise.ignores_rng")
    assert r.score == 4  # the values are right, only the rng is not the one given


def test_noise_uses_the_chapters_function():
    ch04 = pytest.importorskip("bnbook.chapters.ch04")

    def fn(x, i, m, rng, n_batches=2000):
        return ch04.minibatch_noise_std(x, i, m, rng, n_batches)

    r = grade("04.noise_std", fn)
    assert r.score == 0 and "fb.uses_library" in keys(r).values()


# -- 04.dropout --------------------------------------------------------------------------------
def drop_fwd(x, p, mode, rng):
    if mode == "test":
        return x.copy(), None
    mask = (rng.random(x.shape) < p) / p
    return x * mask, mask


def drop_bwd(dout, cache):
    return dout.copy() if cache is None else dout * cache


def drop_fwd_other(x, p, mode, rng):
    """Correct too: a boolean mask drawn with rng.binomial, the factor applied separately."""
    keep = rng.binomial(1, p, size=x.shape).astype(bool)
    if mode != "train":
        return np.array(x, dtype=float), (None, mode)
    out = np.where(keep, x / p, 0.0)
    return out, (keep, p)


def drop_bwd_other(dout, cache):
    keep, p = cache
    if keep is None:
        return dout
    return np.where(keep, dout / p, 0.0)


def drop_fwd_variant(kind):
    def fwd(x, p, mode, rng):
        u = rng.random(x.shape)
        if kind == "row_mask":
            u = np.repeat(rng.random((x.shape[0], 1)), x.shape[1], axis=1)
        if kind == "col_mask":
            u = np.broadcast_to(rng.random(x.shape[1]), x.shape)
        if kind == "global_rng":
            u = np.random.default_rng().random(x.shape)
        if mode == "test" and kind not in ("test_too", "test_scaled"):
            return x.copy(), None
        if mode == "test" and kind == "test_scaled":
            return x * p, None
        keep, scale = u < p, 1 / p
        if kind == "no_rescale":
            scale = 1.0
        if kind == "keep_is_drop":
            keep = u >= p
        if kind == "pytorch":
            keep, scale = u >= p, 1 / (1 - p)
        if kind == "rescale_drop":
            scale = 1 / (1 - p)
        mask = keep * scale
        return x * mask, mask
    return fwd


@pytest.mark.parametrize("pair", [(drop_fwd, drop_bwd), (drop_fwd_other, drop_bwd_other),
                                  [drop_fwd, drop_bwd]])
def test_dropout_right(pair):
    r = grade("04.dropout", pair)
    assert r.passed, r.text("en")


@pytest.mark.parametrize("kind,test,key", [
    ("no_rescale", "t.drop_train", "fb.drop.no_rescale"),
    ("keep_is_drop", "t.drop_train", "fb.drop.keep_is_drop"),
    ("pytorch", "t.drop_train", "fb.drop.drop_convention"),
    ("rescale_drop", "t.drop_train", "fb.drop.rescale_drop"),
    ("row_mask", "t.drop_train", "fb.drop.mask_per_example"),
    ("col_mask", "t.drop_train", "fb.drop.mask_per_feature"),
    ("test_too", "t.drop_test", "fb.drop.test_dropped"),
    ("test_scaled", "t.drop_test", "fb.drop.test_scaled"),
    ("global_rng", "t.drop_rng", "fb.drop.not_reproducible"),
])
def test_dropout_forward_wrong(kind, test, key):
    assert_diagnosed(grade("04.dropout", (drop_fwd_variant(kind), drop_bwd)), test, key)


def test_dropout_learner_slips():
    def star(x, p, mode, rng):  # np.random.rand's style with a Generator
        mask = (rng.random(*x.shape) < p) / p
        return x * mask, mask

    assert_diagnosed(grade("04.dropout", (star, drop_bwd)), "t.drop_returns",
                     "fb.drop.random_star")

    def wrong_mode(x, p, mode, rng):
        return drop_fwd(x, p, "train" if mode == "training" else "test", rng)

    r = grade("04.dropout", (wrong_mode, drop_bwd))
    assert_diagnosed(r, "t.drop_train", "fb.drop.nothing_dropped")
    assert keys(r)["t.drop_rng"] == "fb.drop.nothing_dropped"

    def twice(x, p, mode, rng):  # one mask applied, another one cached
        if mode == "test":
            return x.copy(), None
        return x * ((rng.random(x.shape) < p) / p), (rng.random(x.shape) < p) / p

    r = grade("04.dropout", (twice, drop_bwd))
    assert_diagnosed(r, "t.drop_backward", "fb.drop.bwd_other_mask")
    assert r.score == 5

    def mask_in_test(x, p, mode, rng):  # caches a mask in test mode too
        mask = (rng.random(x.shape) < p) / p
        return (x * mask if mode == "train" else x.copy()), mask

    r = grade("04.dropout", (mask_in_test, drop_bwd))
    assert_diagnosed(r, "t.drop_backward", "fb.drop.bwd_test_mask")


def test_dropout_backward_right_for_a_wrong_forward():
    """A backward pass dout · mask / p is not blamed for a forward pass without the 1/p."""
    def bwd_spec(dout, cache):
        return dout if cache is None else dout * (cache != 0) / 0.6

    r = grade("04.dropout", (drop_fwd_variant("no_rescale"), bwd_spec))
    assert keys(r)["t.drop_train"] == "fb.drop.no_rescale"
    assert keys(r)["t.drop_backward"] == "fb.drop.bwd_ok"


def test_dropout_test_mode_rescaled():
    def fwd(x, p, mode, rng):
        return (x / p, None) if mode == "test" else drop_fwd(x, p, mode, rng)

    assert_diagnosed(grade("04.dropout", (fwd, drop_bwd)), "t.drop_test",
                     "fb.drop.test_scaled_up")


@pytest.mark.parametrize("bwd,key", [
    (lambda dout, cache: dout.copy(), "fb.drop.bwd_no_mask"),
    (lambda dout, cache: dout if cache is None else dout * (cache != 0), "fb.drop.bwd_no_scale"),
])
def test_dropout_backward_wrong(bwd, key):
    r = grade("04.dropout", (drop_fwd, bwd))
    assert_diagnosed(r, "t.drop_backward", key)
    assert r.score == 5


def test_dropout_backward_in_test_mode():
    def bwd(dout, cache):  # applies a stale mask in test mode
        return dout * (np.arange(dout.size).reshape(dout.shape) % 2) if cache is None else \
            dout * cache

    assert_diagnosed(grade("04.dropout", (drop_fwd, bwd)), "t.drop_backward",
                     "fb.drop.bwd_test_mask")


def test_dropout_library_and_junk():
    def fwd_lib(x, p, mode, rng):
        return layers.dropout_forward(x, {"p": 1 - p, "mode": mode, "rng": rng})

    r = grade("04.dropout", (fwd_lib, drop_bwd))
    assert r.score == 0 and "fb.uses_library" in keys(r).values()
    r = grade("04.dropout", (layers.dropout_forward, layers.dropout_backward))
    assert r.score == 0
    assert grade("04.dropout", drop_fwd).score == 0  # a forward pass alone, not a pair
    assert keys(grade("04.dropout", drop_fwd))["t.drop_returns"] == "fb.not_tuple_handed_in"
    r = grade("04.dropout", (lambda x, p, mode, rng: x * 0 + np.nan, drop_bwd))
    assert keys(r)["t.drop_returns"] == "fb.not_tuple"
    r = grade("04.dropout", (lambda x, p, mode, rng: (x[:, :1] * 1.0, None), drop_bwd))
    assert keys(r)["t.drop_returns"] == "fb.shape"
    r = grade("04.dropout", (lambda x, p, mode, rng: (x * np.nan, None), drop_bwd))
    assert keys(r)["t.drop_returns"] == "fb.nan"

    def mutating(x, p, mode, rng):
        x *= (rng.random(x.shape) < p) / p
        return x, None

    assert keys(grade("04.dropout", (mutating, drop_bwd)))["t.drop_returns"] == "fb.mutated"


# -- 04.gap ------------------------------------------------------------------------------------
@pytest.mark.parametrize("fn", [
    lambda tr, te, k: float(np.mean(tr[-k:] - te[-k:])),
    lambda tr, te, k: (tr[len(tr) - k:].sum() - te[len(te) - k:].sum()) / k,  # numpy float
    lambda tr, te, k: np.mean((tr - te)[-k:]).reshape(1),  # a size-1 array
])
def test_gap_right(fn):
    assert grade("04.gap", fn).passed


@pytest.mark.parametrize("fn,key", [
    (lambda tr, te, k: float(np.mean(te[-k:] - tr[-k:])), "fb.gap.sign"),
    (lambda tr, te, k: float(np.mean(np.abs(tr[-k:] - te[-k:]))), "fb.gap.abs"),
    (lambda tr, te, k: float(np.mean(tr[:k] - te[:k])), "fb.gap.first_k"),
    (lambda tr, te, k: float(np.mean(tr - te)), "fb.gap.all"),
    (lambda tr, te, k: float(tr[-1] - te[-1]), "fb.gap.last_only"),
    (lambda tr, te, k: float(np.mean(tr[-k - 1:] - te[-k - 1:])), "fb.gap.off_by_one"),
    (lambda tr, te, k: float(np.mean(tr[-k:] / te[-k:])), "fb.gap.ratio"),
    (lambda tr, te, k: float(100 * np.mean(tr[-k:] - te[-k:])), "fb.gap.percent"),
    (lambda tr, te, k: float(np.sum(tr[-k:] - te[-k:])), "fb.gap.sum"),
])
def test_gap_wrong(fn, key):
    assert_diagnosed(grade("04.gap", fn), "t.gap_values", key)


def test_gap_rounded_and_arrays():
    r = grade("04.gap", lambda tr, te, k: round(float(np.mean(tr[-k:] - te[-k:])), 2))
    assert_diagnosed(r, "t.gap_values", "fb.gap.rounded")
    assert_diagnosed(grade("04.gap", lambda tr, te, k: float(np.mean(tr[k:] - te[k:]))),
                     "t.gap_values", "fb.gap.from_k")
    for fn in (lambda tr, te, k: tr[-k:] - te[-k:], lambda tr, te, k: tr - te):
        assert_diagnosed(grade("04.gap", fn), "t.gap_returns", "fb.gap.array")


def test_gap_junk():
    assert keys(grade("04.gap", lambda tr, te, k: np.zeros((2, 2))))["t.gap_returns"] == \
        "fb.ch04.not_scalar"
    assert keys(grade("04.gap", lambda tr, te, k: None))["t.gap_returns"] == "fb.none"
    assert keys(grade("04.gap", lambda tr, te, k: float("nan")))["t.gap_returns"] == "fb.nan"
    assert keys(grade("04.gap", lambda tr, te, k: 1 / 0))["t.gap_returns"] == "fb.exception"
    assert keys(grade("04.gap", "0.05"))["t.gap_returns"] == "fb.not_callable"


# -- conceptual --------------------------------------------------------------------------------
@pytest.mark.parametrize("task,right,wrong", [
    ("04.batch_x4", [0.5, 1 / 2, np.float32(0.5), 1 / np.sqrt(4)],
     {0.25: "fb.x4.variance", 2: "fb.x4.inverse", 1: "fb.x4.none", 4: "fb.x4.linear",
      0.7071: "fb.x4.sqrt2", 0.3: "fb.x4.generic"}),
    ("04.dropout_var", [2.25, (1 - 0.8) / 0.8 * 9],
     {36: "fb.dv.drop_formula", 1.44: "fb.dv.no_rescale", 1.5: "fb.dv.std",
      0.25: "fb.dv.no_x", 11.25: "fb.dv.second_moment", 7: "fb.dv.generic"}),
    ("04.test_mode", ["a", "A", "(a)", " a "],
     {"b": "fb.tm.a", "c": "fb.tm.c", "d": "fb.tm.d"}),
    ("04.paper_dropout", ["d", "(d)"],
     {"a": "fb.pd.a", "b": "fb.pd.b", "c": "fb.pd.order"}),
])
def test_concepts(task, right, wrong):
    for answer in right:
        assert grade(task, answer).passed, answer
    for answer, key in wrong.items():
        r = grade(task, answer)
        assert not r.passed and r.outcomes[0].key == key, (answer, r.outcomes[0].key)
        for lang in ("ko", "en"):
            assert "{" not in r.text(lang)


@pytest.mark.parametrize("task", ["04.batch_x4", "04.dropout_var", "04.test_mode",
                                  "04.paper_dropout"])
def test_concept_junk(task):
    for junk in ("abc", [1], float("nan"), True):
        r = grade(task, junk)
        assert r.score == 0 and r.outcomes[0].key in ("fb.choice_type", "fb.number_type")
    assert grade(task, None).status == "not_done"


def test_every_key_has_both_languages():
    from bnbook.grading import strings_ch04

    for key, entry in strings_ch04.STRINGS.items():
        assert set(entry) == {"ko", "en"} and all(entry.values()), key
    assert _strings.msg("fb.noise.ddof", "ko", m=4, got="0.4", want="0.5").startswith("m = 4")


def test_the_library_dropout_passes_when_allowed():
    """bnbook.layers' inverted dropout (drop probability 1 − p) gets full marks from the same
    tests with the library ban lifted: the grader and the library agree."""
    import dataclasses

    task = dataclasses.replace(get_task("04.dropout"), forbidden={})

    def fwd(x, p, mode, rng):
        return layers.dropout_forward(x, {"p": 1 - p, "mode": mode, "rng": rng})

    r = run_task(task, (fwd, layers.dropout_backward), 20.0)
    assert r.passed, r.text("en")
