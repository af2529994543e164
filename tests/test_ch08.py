"""Chapter 8: the helpers of bnbook.chapters.ch08, and the claims the chapter makes about its saved
full run (results/ch08_practice.json) and its saved PyTorch claims (results/ch08_frameworks.json).
Claims, not digits: every tolerance below says where it comes from."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bnbook import i18n  # noqa: E402
from bnbook.chapters import ch08  # noqa: E402


@pytest.fixture(scope="module")
def results():
    return ch08.load_results()


# -- the statistics axes (facts) -----------------------------------------------------------------
@pytest.mark.parametrize("norm", ["bn", "ln", "in", "gn"])
@pytest.mark.parametrize("N", [1, 2, 4])
def test_one_statistic_covers_values_per_statistic(norm, N):
    C, H, W, G = 6, 14, 14, 2
    sets = ch08.statistic_sets(norm, N, C, G)
    cells = int((sets == sets[0, 0]).sum())
    assert cells * H * W == ch08.values_per_statistic(norm, N, C, H, W, G)
    # every set has the same size, and the sets partition the grid
    _, counts = np.unique(sets, return_counts=True)
    assert (counts == cells).all()


def test_unknown_norm_is_refused():
    with pytest.raises(ValueError, match="norm"):
        ch08.statistic_sets("batch", 2, 4)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_axes_widget_titles_give_the_count(lang):
    i18n.set_language(lang)
    try:
        for norm, k in (("bn", 4 * 196), ("in", 196)):
            fig = plt.figure()
            ax = ch08.draw_axes(fig, norm, N=4)
            assert str(k) in ax.get_title()
            plt.close(fig)
    finally:
        i18n.set_language("en")


def test_gradient_checks_all_pass():
    text = ch08.gradient_checks()
    assert text.count("True") == 4 and "False" not in text


def test_batch_of_one_in_training_mode_is_instance_norm():
    x = np.random.default_rng(0).normal(3.0, 2.0, size=(1, 5, 7, 7))
    assert ch08.batch_of_one_is_instance_norm(x) < 1e-12


# -- the frameworks ------------------------------------------------------------------------------
def test_saved_framework_claims_are_all_true():
    claims = ch08.load_framework_claims()
    assert set(claims) == {"eval_equal", "running_mean_equal", "running_var_equal",
                           "stores_unbiased", "train_mode_differs",
                           "train_mode_moves_running_mean", "bn1d_batch1_raises",
                           "bn2d_batch1_is_instance_norm"}
    assert all(claims.values())
    with open(ch08.FRAMEWORKS_PATH, encoding="utf-8") as f:
        assert json.load(f)["command"] == ch08.FRAMEWORKS_COMMAND


def test_live_framework_claims_match_the_saved_ones():
    pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    bp = {"mode": "test", "momentum": 0.9, "running_mean": rng.normal(size=4),
          "running_var": rng.uniform(0.5, 2, size=4)}
    claims = ch08.framework_claims(rng.normal(size=4), rng.normal(size=4), bp,
                                   rng.normal(1.0, 2.0, size=(8, 4, 5, 5)))
    assert claims == ch08.load_framework_claims()


def test_saved_keras_claims_are_all_true():
    """Saved by --frameworks with keras 3 on the torch backend (results/ch08_frameworks.json)."""
    claims = ch08.load_keras_claims()
    assert set(claims) == {"keras_eval_equal", "keras_moving_mean_equal", "keras_stores_biased",
                           "keras_differs_from_ours", "keras_defaults"}
    assert all(claims.values())
    with open(ch08.FRAMEWORKS_PATH, encoding="utf-8") as f:
        assert json.load(f)["keras"].startswith(ch08.KERAS_VERSION)


def test_live_keras_claims_match_the_saved_ones():
    if not ch08.keras_available():
        pytest.skip("keras (on the torch backend) is not installed")
    rng = np.random.default_rng(1)
    bp = {"mode": "test", "momentum": 0.9, "running_mean": rng.normal(size=4),
          "running_var": rng.uniform(0.5, 2, size=4)}
    claims = ch08.keras_claims(rng.normal(size=4), rng.normal(size=4), bp,
                               rng.normal(1.0, 2.0, size=(8, 4, 6, 6)))
    assert claims == ch08.load_keras_claims()


def test_keras_layer_holds_our_layer():
    """The copy itself (float32 precision: Keras computes BN in float32, see keras_claims)."""
    if not ch08.keras_available():
        pytest.skip("keras (on the torch backend) is not installed")
    import keras

    rng = np.random.default_rng(5)
    bp = {"momentum": 0.8, "running_mean": rng.normal(size=3),
          "running_var": rng.uniform(0.5, 2, size=3)}
    g, b = rng.normal(size=3), rng.normal(size=3)
    layer = ch08.to_keras_batchnorm(g, b, bp)
    assert layer.momentum == 0.8 and layer.epsilon == 1e-5 and layer.axis in (1, [1])
    for w, a in zip(layer.weights, (g, b, bp["running_mean"], bp["running_var"]), strict=True):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(w), a)


def test_momentum_side_by_side():
    pytest.importorskip("torch")
    x = np.random.default_rng(2).normal(size=(3, 2, 4, 4))
    side = ch08.momentum_side_by_side(x, 0.8)
    np.testing.assert_allclose(side["ours_var"], side["torch_var"], rtol=1e-12)
    np.testing.assert_allclose(side["ours_var"], 0.8 + 0.2 * side["var_unbiased"], rtol=1e-12)


# -- weight norm (a short live run: claims of the derivation) ------------------------------------
def test_gradient_is_orthogonal_and_the_norm_grows_as_predicted():
    _, hist = ch08.train("bn", 10, seed=3, track_weights=True)
    s = ch08.weight_norm_summary(hist)
    # cos(W, g) = 0 up to ε = 1e-5 and float32 rounding (seen ≤ 4e-6)
    assert s["max_abs_cos"] < 1e-3
    assert abs(s["growth_ratio"] - 1) < 1e-3  # seen 2e-5 over 30 steps
    assert s["norm_end"] > s["norm_start"] and s["eff_lr_end"] < s["eff_lr_start"]


def test_without_normalization_the_gradient_is_not_orthogonal():
    """The orthogonality is BN's: the plain network's W2 and its gradient are not orthogonal."""
    net = ch08.ConvNet("none", channels=ch08.CHANNELS, seed=0)
    x_train, y_train, _, _ = ch08.mnist()
    _, grads = net.loss(x_train[:50], y_train[:50])
    w, g = net.params["W2"].ravel(), grads["W2"].ravel()
    assert abs(float(w @ g)) / float(np.linalg.norm(w) * np.linalg.norm(g)) > 1e-2


# -- the saved full run --------------------------------------------------------------------------
def test_saved_run_records_its_command_and_settings(results):
    assert results["command"].startswith(ch08.FULL_COMMAND)
    assert results["settings"]["small_batches"] == list(ch08.SMALL_BATCHES)
    assert results["settings"]["seeds"] == list(ch08.FULL_SEEDS)


def test_small_init_plain_network_stalls_while_bn_learns(results):
    """Experiment 1 (saved, 2 seeds): with N(0, 0.01²) weights the plain network is still at
    chance (< 0.2; 10 classes) a third into the run while BN is past 0.85; at the end BN is
    ahead. Thresholds: far from the measured values (plain 0.117, BN ≥ 0.92 there)."""
    small = [r for r in results["conv"] if r["weight_scale"] == ch08.SMALL_INIT]
    assert len(small) == len(ch08.FULL_SEEDS)
    for r in small:
        k = len(r["none"]["eval_steps"]) // 3
        assert r["none"]["test_acc"][k] < 0.2 and r["bn"]["test_acc"][k] > 0.85
        assert r["bn"]["test_acc"][-1] > r["none"]["test_acc"][-1]


def test_he_init_both_networks_learn(results):
    """With He initialization both networks pass 0.9 and end within 0.03 of each other
    (measured gap ≤ 0.003 over the 2 seeds)."""
    he = [r for r in results["conv"] if r["weight_scale"] is None]
    for r in he:
        assert min(r["none"]["test_acc"][-1], r["bn"]["test_acc"][-1]) > 0.9
        assert abs(r["none"]["test_acc"][-1] - r["bn"]["test_acc"][-1]) < 0.03


def test_weight_norm_runs_grow_more_with_larger_learning_rates(results):
    runs = sorted(results["weight_norm"], key=lambda r: r["lr"])
    ends = [r["summary"]["norm_end"] for r in runs]
    assert ends == sorted(ends)
    for r in runs:
        s = r["summary"]
        assert s["norm_end"] > s["norm_start"] and s["eff_lr_end"] < s["eff_lr_start"]
        assert s["max_abs_cos"] < 1e-3 and abs(s["growth_ratio"] - 1) < 0.01
        assert np.all(np.diff(r["norm_W2"]) >= -1e-6 * np.array(r["norm_W2"][1:]))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_tables_print_in_both_languages(results, lang):
    i18n.set_language(lang)
    try:
        for text in (ch08.format_conv_saved(results),
                     ch08.format_small_batch_table(results["small_batch"]),
                     ch08.format_finetune(results), ch08.format_weight_saved(results)):
            assert len(text.splitlines()) >= 2
    finally:
        i18n.set_language("en")


def test_small_batches_did_not_break_bn_on_this_network(results):
    """Experiment 2 (saved, 2 seeds): every normalization, batch size and seed between 0.85 and
    0.93 (measured 0.870–0.916); at each batch size the four normalizations' seed means within
    0.03 of each other (measured ≤ 0.023; two seeds of one norm differ by up to 0.04); BN in
    training mode within 0.02 of inference mode (measured ≤ 0.012)."""
    runs = results["small_batch"]
    assert {r["batch_size"] for r in runs} == set(ch08.SMALL_BATCHES)
    accs = [r["acc"] for r in runs] + [r["acc_train_mode"] for r in runs if r["norm"] == "bn"]
    assert 0.85 < min(accs) and max(accs) < 0.93
    means = ch08.small_batch_means(runs)
    for B in ch08.SMALL_BATCHES:
        m = [means[(k, B)][0] for k in ch08.NORM_KINDS]
        assert max(m) - min(m) < 0.03, B
        assert abs(means[("bn", B)][0] - means[("bn_train_mode", B)][0]) < 0.02, B


def test_finetuning_with_frozen_statistics_is_worse(results):
    """The classic mistake, measured (2 seeds): before fine-tuning the network is at chance on
    inverted digits (< 0.15); frozen statistics end below training-mode fine-tuning on every
    seed (measured gap 0.022 and 0.031), and both far above chance (> 0.8)."""
    for r in results["finetune"]:
        assert r["acc_target_before"] < 0.15
        assert r["acc_frozen"] < r["acc_train_mode"]
        assert min(r["acc_frozen"], r["acc_train_mode"]) > 0.8


# -- small batches in the fully connected network ------------------------------------------------
def _num_grad(f, a, h=1e-6):
    g = np.zeros_like(a)
    it = np.nditer(a, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = a[i]
        a[i] = old + h
        fp = f()
        a[i] = old - h
        fm = f()
        a[i] = old
        g[i] = (fp - fm) / (2 * h)
    return g


@pytest.mark.parametrize("norm,m", [("bn", 5), ("bn", 3), ("ln", 1), ("gn", 3), ("none", 4)])
def test_fc_net_gradients_match_numerical_ones(norm, m):
    """Float64, a small 6-8-8-3 net: relative error < 1e-6 for every parameter (CS231n-style)."""
    rng = np.random.default_rng(4)
    net = ch08.FCNet(norm, seed=1, sizes=(6, 8, 8, 3), groups=2, dtype=np.float64)
    for k in net.params:
        if k.startswith(("gamma", "beta", "b")):
            net.params[k] += rng.normal(0, 0.3, net.params[k].shape)
    x, y = rng.normal(size=(m, 6)), rng.integers(0, 3, m)
    _, g = net.loss(x, y)
    for k, a in net.params.items():
        num = _num_grad(lambda: net.loss(x, y)[0], a)
        err = np.abs(num - g[k]).max() / max(1e-8, np.abs(num).max() + np.abs(g[k]).max())
        assert err < 1e-6, (k, err)


def test_fc_bn_at_batch_one_outputs_beta_and_passes_no_gradient():
    net = ch08.FCNet("bn", seed=0, sizes=(6, 8, 8, 3), dtype=np.float64)
    net.params["beta1"] += np.linspace(-1, 1, 8)
    x = np.random.default_rng(0).normal(size=(1, 6))
    _, g = net.loss(x, np.array([1]))
    assert not g["W1"].any() and not g["W2"].any()   # exactly 0: x − μ = 0
    assert not net.has_running
    with pytest.raises(ValueError, match="running variance"):
        net.forward(x, "test")


def test_fc_evaluation_does_not_touch_the_running_averages():
    net = ch08.FCNet("bn", sizes=(6, 8, 3), dtype=np.float64)
    x = np.random.default_rng(3).normal(size=(10, 6))
    net.loss(x, np.arange(10) % 3)
    bn = net.bn_params[0]
    before = [bn["running_mean"].copy(), bn["running_var"].copy()]
    net.accuracy(x, np.zeros(10, int), "train", batch_size=2)
    net.accuracy(x, np.zeros(10, int), "train", batch_size=1)   # m = 1 in evaluation, too
    for a, b in zip((bn["running_mean"], bn["running_var"]), before, strict=True):
        np.testing.assert_array_equal(a, b)
    assert net.has_running


def test_bn_batch_algebra_facts():
    assert all(ch08.bn_batch_algebra().values())


def test_fc_refuses_an_unknown_norm():
    with pytest.raises(ValueError, match="norm"):
        ch08.FCNet("bnx")


# -- the saved small-batch run of the fully connected network (claims of the prose) --------------
@pytest.fixture(scope="module")
def fc():
    return ch08.load_fc_results()


def _markdown(lang):
    with open(f"chapters/{lang}/08_practice.ipynb", encoding="utf-8") as f:
        nb = json.load(f)
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _acc(fc, norm, m, key="acc"):
    return [r[key] for r in fc["runs"] if r["norm"] == norm and r["batch_size"] == m]


def test_fc_saved_run_records_its_command_and_settings(fc):
    assert fc["command"] == ch08.FC_COMMAND
    s = fc["settings"]
    assert s["batch_sizes"] == list(ch08.FC_BATCHES) and s["examples"] == ch08.FC_EXAMPLES
    assert s["lr_per_example"] == list(ch08.FC_LRS) and s["seeds"] == [0, 1, 2]
    assert len(fc["runs"]) == len(ch08.FC_KINDS) * len(ch08.FC_BATCHES) * 3 * 3
    for r in fc["runs"]:
        assert r["steps"] * r["batch_size"] == ch08.FC_EXAMPLES
        assert r["lr"] == pytest.approx(r["lr_per_example"] * r["batch_size"])


def test_fc_bn_cannot_learn_at_batch_one(fc):
    """m = 1: no running variance, every image the same scores, loss at ln 10 ≈ 2.30 (measured
    2.30–2.31), accuracy of one constant class (measured 0.096–0.117; at most the largest
    class's share of the 2,000 test images)."""
    for r in fc["runs"]:
        if r["norm"] == "bn" and r["batch_size"] == 1:
            assert r["acc"] is None and r["batch1_constant"]
            assert r["final_loss"] > 2.2 and r["acc_train_mode"] < 0.15


def test_fc_bn_breaks_at_two_and_four_but_not_from_eight(fc):
    """Per learning rate and seed, LN − BN at m = 2 > 0.2 (measured 0.29–0.34); in the mean of
    the nine runs BN is below LN and GN at m = 4 by > 0.01 (measured 0.032 and 0.034) and from
    m = 8 on at most 0.01 below either (measured: BN ahead by −0.004…0.03)."""
    runs = {(r["norm"], r["batch_size"], r["lr_per_example"], r["seed"]): r for r in fc["runs"]}
    for (norm, m, c, s), r in runs.items():
        if norm == "bn" and m == 2:
            assert runs[("ln", 2, c, s)]["acc"] - r["acc"] > 0.2
            assert runs[("gn", 2, c, s)]["acc"] - r["acc"] > 0.2
    mean = {k: np.mean(_acc(fc, *k)) for k in
            [(n, m) for n in ch08.FC_KINDS for m in ch08.FC_BATCHES if (n, m) != ("bn", 1)]}
    assert mean[("bn", 4)] < min(mean[("ln", 4)], mean[("gn", 4)]) - 0.01
    for m in (8, 16, 32):
        assert mean[("bn", m)] > max(mean[("ln", m)], mean[("gn", m)]) - 0.01, m


def test_fc_more_examples_do_not_repair_bn_at_two(fc):
    """4× the examples: BN at m = 2 stays below 0.65 (measured 0.588); LN passes 0.9
    (measured 0.930–0.943)."""
    long = {(r["norm"], r["batch_size"]): r["acc"] for r in fc["long"]}
    assert long[("bn", 2)] < 0.65 and long[("bn", 1)] is None
    assert min(long[("ln", m)] for m in (1, 2, 4)) > 0.9


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_fc_prose_quotes_the_saved_ranges(fc, lang):
    """Every range the chapter quotes is the saved run's min–max rounded to two decimals."""
    text = _markdown(lang)

    def quoted(values):
        q = f"{min(values):.2f}–{max(values):.2f}"
        assert q in text, q

    quoted(_acc(fc, "bn", 2))
    quoted(_acc(fc, "bn", 2, "acc_train_mode"))
    quoted(_acc(fc, "bn", 4))
    quoted([a for m in ch08.FC_BATCHES for n in ("ln", "gn") for a in _acc(fc, n, m)])
    long = {(r["norm"], r["batch_size"]): r["acc"] for r in fc["long"]}
    assert f"{long[('bn', 2)]:.2f}" in text                      # "about 0.59"
    assert f"{long[('ln', 2)]:.2f}" in text                      # "about 0.93"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_fc_tables_print_in_both_languages(fc, lang):
    i18n.set_language(lang)
    try:
        header, *rows = ch08.format_fc_table(fc["runs"]).splitlines()
        assert len(rows) == 5
        assert rows[0].split()[-6] == "-"        # BN has no running variance at m = 1
        assert len(ch08.format_fc_long(fc).splitlines()) == 4
        assert all(ch08.bn_batch_algebra().values())
        assert ch08.format_bn_algebra(ch08.bn_batch_algebra(), fc["runs"]).count("True") == 4
    finally:
        i18n.set_language("en")


def test_every_saved_bn_network_gives_one_answer_in_training_mode_at_batch_one(fc):
    """The classic mistake the chapter quotes: every trained BN network (any m, learning rate,
    seed), evaluated in training mode one image at a time, gives all images the same scores."""
    bn = [r for r in fc["runs"] + fc["long"] if r["norm"] == "bn"]
    assert len(bn) == len(ch08.FC_BATCHES) * 9 + 3
    assert all(r["batch1_constant"] for r in bn)


def test_fc_figure_has_a_panel_per_learning_rate(fc):
    fig = plt.figure()
    ch08.plot_fc_small_batches(fig, fc)
    assert len(fig.axes) == len(ch08.FC_LRS)
    plt.close(fig)
