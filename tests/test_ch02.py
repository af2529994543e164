"""Tests for bnbook.chapters.ch02 (Chapter 2: the BN algorithm)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from notebook_text import chapter_cells, output_and_next_markdown
from prose_numbers import percent_quoted

from bnbook import i18n  # noqa: E402
from bnbook.chapters import ch02  # noqa: E402
from bnbook.data import MNIST  # noqa: E402

SOURCE = Path(ch02.__file__).read_text(encoding="utf-8")

# Tolerances for measured accuracies (fractions). The notebook's short sweep printed the same
# digits under OpenBLAS's SkylakeX, Haswell and Sandybridge kernels, with numpy 1.26.4
# (OpenBLAS 0.3.23, Cooperlake) and with the training inputs × (1 ± 1e-6): Δ = 0; 0.005 (10 of
# its 2,000 test images) is the margin for other builds. TOL_SWEEP_JSON: the saved full sweep.
TOL_SWEEP_LIVE = 0.005
# The saved full sweep, regenerated under Haswell (2026-12): the stable runs (plain up to lr 3, BN
# up to lr 10, and lr 0.03 at every step) moved by at most 0.0047 per seed and 0.0024 in the mean
# over seeds; TOL_SWEEP_JSON covers that with margin. The chaotic ones (plain at lr 10: one seed
# of three learned, under Haswell two did; BN at lr 30: mean 0.944 against 0.952) are stated as
# claims ("erratic", "94% or more") and never quoted with digits.
TOL_SWEEP_JSON = 0.01


@pytest.fixture(scope="module", autouse=True)
def _one_blas_thread():
    """As in the notebooks (bnbook.setup): small matrices are slower with threads on 2 cores."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


@pytest.fixture(autouse=True)
def _english():
    before = i18n.get_language()
    yield
    i18n.set_language(before)


@pytest.fixture(scope="module")
def tiny_mnist():
    """Random stand-in for MNIST with the real shapes per example (fast, no download)."""
    rng = np.random.default_rng(123)
    x_train = rng.random((300, 784), dtype=np.float32)
    y_train = rng.integers(0, 10, size=300)
    x_test = rng.random((100, 784), dtype=np.float32)
    y_test = rng.integers(0, 10, size=100)
    return MNIST(x_train, y_train, x_test, y_test)


# --- string table ------------------------------------------------------------------------------

def test_every_string_key_used_in_the_module_is_registered_in_both_languages():
    used = set(re.findall(r'"(ch02\.[a-z_0-9]+)"', SOURCE))
    assert used, "no ch02.* keys found in the module"
    for key in used:
        assert key in ch02.STRINGS, key
        for lang in i18n.LANGUAGES:
            assert ch02.STRINGS[key][lang].strip(), (key, lang)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_formatted_strings_accept_their_fields(lang):
    i18n.set_language(lang)
    assert "2.5" in ch02.t("ch02.speedup", ratio=2.5, staged_ms=1.0, simple_ms=0.4)
    assert "0.900" in ch02.t("ch02.sweep_row", lr="0.1", plain=0.5, bn=0.9)
    assert "49%" in ch02.t("ch02.skew", skew=2.0, zeros=0.49)


def test_speedup_line_is_sanitized_by_the_nbval_timing_rule():
    # tests/nbval_sanitize.cfg replaces "<number> ms (wall)"; the printed timing must match it.
    rule = re.compile(r"\d+(\.\d+)?\s?(ms|s|µs)\b(?= \(wall\))")
    for lang in i18n.LANGUAGES:
        line = ch02.t("ch02.speedup", lang, ratio=1.5, staged_ms=3.21, simple_ms=2.14)
        assert rule.search(line), line


# --- the γ/β widget ----------------------------------------------------------------------------

def test_unit_sample_has_exact_batch_mean_and_std_and_is_skewed():
    x = ch02.unit_sample()
    assert x.mean() == pytest.approx(ch02.UNIT_MEAN, abs=1e-12)
    assert x.std() == pytest.approx(ch02.UNIT_STD, abs=1e-12)
    assert ch02.skewness(x) > 0.5


def test_normalize_gives_mean_zero_std_one_and_identity_with_gamma_beta():
    x = ch02.unit_sample(500, seed=3)
    x_hat = ch02.normalize(x, eps=1e-5)
    assert abs(x_hat.mean()) < 1e-12
    assert x_hat.std() == pytest.approx(1.0, abs=1e-5)
    y = np.sqrt(x.var() + 1e-5) * x_hat + x.mean()
    np.testing.assert_allclose(y, x, rtol=0, atol=1e-12)


def test_widget_grid_contains_the_identity_and_the_default_point():
    assert ch02.UNIT_STD in ch02.WIDGET_GRID["gamma"]
    assert ch02.UNIT_MEAN in ch02.WIDGET_GRID["beta"]
    assert 1.0 in ch02.WIDGET_GRID["gamma"] and 0.0 in ch02.WIDGET_GRID["beta"]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_draw_runs_for_every_grid_point(lang):
    i18n.set_language(lang)
    for gamma in ch02.WIDGET_GRID["gamma"]:
        for beta in ch02.WIDGET_GRID["beta"]:
            fig = Figure()
            ch02.draw_bn_sigmoid(fig, gamma, beta)
            assert len(fig.axes) == 4  # three panels + the sigmoid curve's twin axis
            mean, std = fig.axes[1].get_xlabel(), fig.axes[0].get_xlabel()
            assert mean and std


def test_explorer_has_the_grid_and_starts_at_gamma1_beta0():
    exp = ch02.bn_sigmoid_explorer()
    assert exp.shape == (len(ch02.WIDGET_GRID["gamma"]), len(ch02.WIDGET_GRID["beta"]))
    assert exp.values_at(exp.initial_key) == {"gamma": 1.0, "beta": 0.0}


# --- placement ---------------------------------------------------------------------------------

def test_skewness_of_known_distributions():
    rng = np.random.default_rng(0)
    assert abs(ch02.skewness(rng.normal(size=200_000))) < 0.02
    assert ch02.skewness(rng.exponential(size=200_000)) == pytest.approx(2.0, abs=0.05)


def test_relu_layer_samples_shapes_sign_and_determinism():
    x = np.random.default_rng(1).random((400, 50))
    u, z = ch02.relu_layer_samples(x, width=30, seed=7)
    assert u.shape == z.shape == (400,)
    assert (u >= 0).all() and (u == 0).any()
    assert (z < 0).any() and (z > 0).any()
    u2, z2 = ch02.relu_layer_samples(x, width=30, seed=7)
    np.testing.assert_array_equal(u, u2)
    np.testing.assert_array_equal(z, z2)
    assert ch02.skewness(u) > ch02.skewness(z)


def test_plot_placement_and_imagenet_return_figures():
    import matplotlib.pyplot as plt

    u, z = ch02.relu_layer_samples(np.random.default_rng(2).random((200, 20)), width=10)
    for fig in (ch02.plot_placement(u, z), ch02.plot_imagenet()):
        assert fig.axes
        plt.close(fig)


def test_imagenet_table_is_the_papers_fig3():
    table = {name: (lr, steps, acc) for name, lr, steps, acc in ch02.IMAGENET_FIG3}
    assert table["Inception"] == (0.0015, 31.0, 72.2)
    assert table["BN-Baseline"] == (0.0015, 13.3, 72.7)
    assert table["BN-x5"] == (0.0075, 2.1, 73.0)
    assert table["BN-x30"] == (0.045, 2.7, 74.8)
    assert table["BN-x5-Sigmoid"] == (0.0075, None, 69.8)


# --- timing ------------------------------------------------------------------------------------

def test_compare_backward_speed_reports_ratio_of_the_two_times():
    def slow(dout, cache):
        return np.sort(np.tile(dout, 20))

    def fast(dout, cache):
        return dout + 1

    dout = np.random.default_rng(0).normal(size=(64, 64))
    speed = ch02.compare_backward_speed(slow, fast, dout, None, repeat=3, number=3)
    assert set(speed) == {"staged_ms", "simple_ms", "ratio"}
    assert speed["ratio"] == pytest.approx(speed["staged_ms"] / speed["simple_ms"])
    assert speed["ratio"] > 1.0
    assert "(wall)" in ch02.t("ch02.speedup", **speed)  # the keys are the string's fields


# --- learning-rate sweep -----------------------------------------------------------------------

def test_train_sgd_is_deterministic_and_seed_dependent(tiny_mnist):
    a = ch02.train_sgd(tiny_mnist, True, 0.5, steps=12, seed=0, n_evals=3)
    b = ch02.train_sgd(tiny_mnist, True, 0.5, steps=12, seed=0, n_evals=3)
    c = ch02.train_sgd(tiny_mnist, True, 0.5, steps=12, seed=1, n_evals=3)
    assert a == b
    assert a["train_loss"] != c["train_loss"]
    assert a["eval_steps"] == [0, 4, 8, 12]
    assert len(a["test_acc"]) == 4 and all(0.0 <= v <= 1.0 for v in a["test_acc"])
    assert a["train_loss"][0] is None and all(v > 0 for v in a["train_loss"][1:])
    assert a["diverged"] is False


def test_runs_with_and_without_bn_share_the_initial_weights(tiny_mnist):
    from bnbook.model import MLP

    plain = MLP(ch02.SIZES, "sigmoid", batchnorm=False, rng=np.random.default_rng(4))
    bn = MLP(ch02.SIZES, "sigmoid", batchnorm=True, rng=np.random.default_rng(4))
    for name in ("W1", "W2", "W3", "W4"):
        np.testing.assert_array_equal(plain.params[name], bn.params[name])


def test_train_sgd_learns_on_separable_data():
    # Labels given by the brightest of ten pixel blocks: easy, so 300 SGD steps with BN must learn.
    rng = np.random.default_rng(5)
    x = rng.random((1200, 784), dtype=np.float32) * 0.1
    y = rng.integers(0, 10, size=1200)
    for i, label in enumerate(y):
        x[i, label * 78:(label + 1) * 78] += 1.0
    data = MNIST(x[:1000], y[:1000], x[1000:], y[1000:])
    run = ch02.train_sgd(data, True, 0.5, steps=300, seed=0, n_evals=2)
    assert run["test_acc"][-1] > 0.9
    assert run["test_acc"][-1] >= run["test_acc"][0]


def test_train_sgd_flags_divergence_and_final_accuracy_is_nan(tiny_mnist):
    broken = MNIST(np.full_like(tiny_mnist.x_train, np.nan), *tiny_mnist[1:])
    run = ch02.train_sgd(broken, False, 0.1, steps=5, seed=0, n_evals=1)
    assert run["diverged"] is True
    assert run["eval_steps"] == [0]
    sweep = {"runs": [run]}
    assert np.isnan(ch02.final_accuracy(sweep, False, 0.1)).all()


def test_train_sgd_rejects_bad_arguments(tiny_mnist):
    with pytest.raises(ValueError, match="steps >= 1"):
        ch02.train_sgd(tiny_mnist, True, 0.1, steps=0, seed=0)
    with pytest.raises(ValueError, match="dividing steps"):
        ch02.train_sgd(tiny_mnist, True, 0.1, steps=10, seed=0, n_evals=3)


def test_lr_sweep_structure_and_printing(tiny_mnist, capsys):
    sweep = ch02.lr_sweep(tiny_mnist, lrs=(0.1, 1.0), steps=6, seeds=(0, 1), n_evals=2, n_test=50)
    assert sweep["runs"][0]["eval_steps"] == [0, 3, 6]
    assert len(sweep["runs"]) == 2 * 2 * 2
    assert ch02.final_accuracy(sweep, True, 1.0).shape == (2,)
    with pytest.raises(KeyError):
        ch02.final_accuracy(sweep, True, 3.0)
    ch02.print_sweep(sweep)
    assert len(capsys.readouterr().out.strip().splitlines()) == 2
    import matplotlib.pyplot as plt

    for fig in (ch02.plot_sweep(sweep), ch02.plot_sweep_curves(sweep)):
        assert fig.axes
        plt.close(fig)


def test_load_sweep_names_the_command_when_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match=re.escape(ch02.FULL_COMMAND)):
        ch02.load_sweep(tmp_path / "nothing.json")


def test_saved_full_sweep_matches_the_full_settings():
    if not ch02.RESULTS_PATH.exists():
        pytest.skip("results/ch02_lr_sweep.json not generated yet")
    sweep = json.loads(ch02.RESULTS_PATH.read_text(encoding="utf-8"))
    assert sweep["command"] == ch02.FULL_COMMAND
    assert sweep["lrs"] == list(ch02.FULL_LRS)
    assert sweep["steps"] == ch02.FULL_STEPS
    assert sweep["seeds"] == list(ch02.FULL_SEEDS)
    assert len(sweep["runs"]) == len(ch02.FULL_LRS) * 2 * len(ch02.FULL_SEEDS)
    for run in sweep["runs"]:
        assert run["eval_steps"] == list(range(0, ch02.FULL_STEPS + 1, ch02.FULL_STEPS // 10))
        assert len(run["test_acc"]) == len(run["train_loss"]) == len(run["eval_steps"])


def test_claims_of_the_saved_sweep_and_their_numbers_in_the_prose():
    """The discussion of the full sweep states claims about the saved means over seeds and quotes
    them at whole percents; the numbers are read from the JSON, never retyped here."""
    if not ch02.RESULTS_PATH.exists():
        pytest.skip("results/ch02_lr_sweep.json not generated yet")
    sweep = ch02.load_sweep()

    def final(bn, lr):
        return float(ch02.final_accuracy(sweep, bn, lr).mean())

    def at_500(bn, lr):
        return [r["test_acc"][r["eval_steps"].index(500)] for r in sweep["runs"]
                if r["batchnorm"] == bn and r["lr"] == lr]

    ok_plain = [lr for lr in sweep["lrs"] if final(False, lr) >= 0.94]
    assert ok_plain == [0.3, 1.0, 3.0]
    # the best learning rates: 1 or 3 (plain: 3 in the saved run, 1 under Haswell, 0.001 apart)
    best_plain = max(sweep["lrs"], key=lambda lr: final(False, lr))
    best_bn = max(sweep["lrs"], key=lambda lr: final(True, lr))
    assert best_plain in (1.0, 3.0) and best_bn in (1.0, 3.0)
    assert abs(final(False, best_plain) - final(True, best_bn)) < 0.01  # "both about 97%"
    plain10 = sorted(ch02.final_accuracy(sweep, False, 10.0))
    # "erratic": some seed stays at chance, some learns (which ones depends on the BLAS kernel)
    assert plain10[0] < 0.12 and plain10[-1] > 0.5
    assert min(final(True, lr) for lr in sweep["lrs"] if lr <= 30) >= 0.9
    assert final(True, 30.0) >= 0.94  # "94% or more at 30"
    assert final(True, 100.0) < 0.12 and all(final(False, lr) < 0.12 for lr in (30.0, 100.0))
    # a fact of the data set: after 500 steps at lr 0.03 the plain network answers "1" for every
    # test image on every seed, so its accuracy is the share of 1s among the test labels
    from bnbook.data import load_mnist

    share_of_ones = float(np.mean(load_mnist().y_test == 1))
    assert at_500(False, 0.03) == [share_of_ones] * len(sweep["seeds"])
    quoted = [final(False, best_plain), final(True, best_bn),
              min(final(True, lr) for lr in sweep["lrs"] if lr <= 30), final(True, 100.0),
              float(np.mean(at_500(True, 0.03))), final(False, 0.03)]
    for lang in ("ko", "en"):
        md = _markdown_after(_cells(lang), "ch02.plot_sweep_curves(")
        assert f"{100 * share_of_ones:.2f}%" in md  # a fact: quoted exactly
        for value in quoted:
            percent_quoted(md, value, decimals=0, tol=TOL_SWEEP_JSON, what=f"{lang} full sweep")


def _markdown_after(cells, snippet):
    return output_and_next_markdown(cells, snippet)[1]


# --- numbers quoted in the prose next to the figures ---------------------------------------------

def _cells(lang: str) -> list[dict]:
    return chapter_cells(lang, "02_bn_algorithm")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_live_sweep_claims_and_numbers_in_the_prose(lang):
    """The short sweep: BN learns at every learning rate, the plain network only at 1 (still low at
    0.1, chance at 10); the paragraph quotes the stored accuracies at whole percents."""
    stdout, md = output_and_next_markdown(_cells(lang), "ch02.print_sweep(live)")
    rows = {}
    for line in stdout.strip().splitlines():
        lr = re.search(r"\s(\d+(?:\.\d+)?):", line).group(1)
        plain, bn = (float(v) for v in re.findall(r"\d\.\d{3}", line))
        rows[float(lr)] = (plain, bn)
    assert sorted(rows) == list(ch02.LIVE_LRS)
    assert all(bn >= 0.85 for _plain, bn in rows.values())
    assert rows[1.0][0] > 0.8 and rows[0.1][0] < 0.5 and rows[10.0][0] < 0.15
    for lr in ch02.LIVE_LRS:
        percent_quoted(md, rows[lr][0], decimals=0, tol=TOL_SWEEP_LIVE, what=f"{lang} lr {lr}")
    bn_accs = [100 * bn for _plain, bn in rows.values()]
    assert f"{round(min(bn_accs))}–{round(max(bn_accs))}%" in md


def test_placement_numbers_in_the_prose_match_the_figure():
    """The placement paragraph quotes the zero fraction and skewness printed under the figure."""
    from bnbook.data import load_mnist

    u, z = ch02.relu_layer_samples(load_mnist().x_test[:2000], seed=0)
    quoted = [f"{np.mean(u == 0):.0%}", f"{ch02.skewness(u):.2f}",
              f"{ch02.skewness(z):.2f}".replace("-", "−")]
    assert np.mean(z == 0) == 0.0
    for lang in ("ko", "en"):
        md = next("".join(c["source"]) for c in _cells(lang)
                  if c["cell_type"] == "markdown" and "placement)=" in "".join(c["source"]))
        for number in quoted:
            assert number in md, (lang, number)
