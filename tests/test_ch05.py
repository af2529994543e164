"""Tests for bnbook.chapters.ch05 (inference: batch statistics at test time, Algorithm 2, folding,
moving averages, the saved experiment) and for the numbers the chapter's prose quotes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from notebook_text import chapter_cells, output_and_next_markdown

from bnbook import i18n, layers
from bnbook.chapters import ch05
from bnbook.model import MLP


def small_data(seed=0, n_train=600, n_test=200, d=784, classes=10):
    """Separable synthetic data with the chapter's input size (class means far apart)."""
    rng = np.random.default_rng(seed)
    means = rng.uniform(0, 1, size=(classes, d))
    y_tr = rng.integers(0, classes, n_train)
    y_te = rng.integers(0, classes, n_test)
    x_tr = (means[y_tr] + 0.3 * rng.normal(size=(n_train, d))).astype(np.float32)
    x_te = (means[y_te] + 0.3 * rng.normal(size=(n_test, d))).astype(np.float32)
    return x_tr, y_tr, x_te, y_te


def tiny_model(dtype=np.float64, seed=0):
    """A small BN network (12 → 6 → 5 → 3) with non-trivial γ, β and running statistics."""
    rng = np.random.default_rng(seed)
    model = MLP([12, 6, 5, 3], batchnorm=True, rng=rng, dtype=dtype)
    for l in (1, 2):
        model.params[f"gamma{l}"][...] = rng.uniform(0.5, 2.0, model.sizes[l])
        model.params[f"beta{l}"][...] = rng.normal(size=model.sizes[l])
        model.bn_params[l - 1]["running_mean"] = rng.normal(size=model.sizes[l]).astype(dtype)
        model.bn_params[l - 1]["running_var"] = rng.uniform(0.5, 3, model.sizes[l]).astype(dtype)
    return model


# ------------------------------------------------------------------ batch statistics at test time


def test_batch_of_one_is_refused_in_train_mode():
    model = tiny_model()
    X = np.random.default_rng(1).normal(size=(10, 12))
    with pytest.raises(ValueError, match="N > 1"):
        ch05.train_mode_accuracy(model, X, np.zeros(10, dtype=int), 1, np.random.default_rng(0))


def test_train_mode_answer_depends_on_companions_test_mode_does_not():
    model = tiny_model()
    rng = np.random.default_rng(2)
    x, pool = rng.normal(size=12), rng.normal(size=(50, 12))
    probs = ch05.companion_probabilities(model, x, pool, 4, 10, np.random.default_rng(0))
    assert probs.shape == (10, 3)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert probs[:, 0].std() > 1e-3  # the companions change the answer
    p_test = ch05.test_mode_probabilities(model, x)
    batch = np.vstack([x, pool[:7]])
    p_in_batch = layers.softmax(model.forward(batch, mode="test"))[0]
    assert np.allclose(p_test, p_in_batch, atol=1e-12)  # inference mode: companions irrelevant


def test_train_mode_accuracy_with_one_batch_equals_forward():
    model = tiny_model()
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(40, 12)), rng.integers(0, 3, 40)
    acc = ch05.train_mode_accuracy(model, X, y, 40, np.random.default_rng(0))
    assert acc == np.mean(model.forward(X, mode="train").argmax(axis=1) == y)


# ------------------------------------------------------------------ Algorithm 2


def test_population_statistics_follow_algorithm_2():
    model = tiny_model()
    X = np.random.default_rng(4).normal(1.0, 2.0, size=(120, 12))
    m, K = 8, 15  # 120 = 8 · 15: the batches cover every example once
    pop = ch05.population_statistics(model, X, m, K, np.random.default_rng(0))
    order = np.random.default_rng(0).permutation(len(X))
    stats = [ch05.batch_statistics(model, X[order[k * m:(k + 1) * m]]) for k in range(K)]
    for l in range(2):
        mu_B = np.array([s[l][0] for s in stats])
        var_B = np.array([s[l][1] for s in stats])
        assert np.allclose(pop.mean[l], mu_B.mean(axis=0))
        assert np.allclose(pop.mean_batch_var[l], var_B.mean(axis=0))
        assert np.allclose(pop.var[l], m / (m - 1) * var_B.mean(axis=0))
    # layer 1's input X W1 does not depend on BN: disjoint batches covering X give its exact mean
    assert np.allclose(pop.mean[0], (X @ model.params["W1"]).mean(axis=0))
    assert pop.m == m


def test_batch_statistics_are_those_of_batchnorm_forward():
    model = tiny_model()
    xb = np.random.default_rng(5).normal(size=(9, 12))
    (mu1, var1), _ = ch05.batch_statistics(model, xb)
    z = xb @ model.params["W1"]
    assert np.allclose(mu1, z.mean(axis=0)) and np.allclose(var1, z.var(axis=0))


def test_population_statistics_need_m_of_two():
    with pytest.raises(ValueError, match="m ≥ 2"):
        ch05.population_statistics(tiny_model(), np.zeros((10, 12)), 1, 5,
                                   np.random.default_rng(0))


def test_set_statistics_returns_a_changed_copy():
    model = tiny_model()
    before = [bn["running_mean"].copy() for bn in model.bn_params]
    means = [np.zeros(6), np.zeros(5)]
    new = ch05.set_statistics(model, means, [np.ones(6), np.ones(5)])
    assert all(np.array_equal(bn["running_mean"], b) for bn, b in zip(model.bn_params, before,
                                                                        strict=True))
    assert np.array_equal(new.bn_params[0]["running_mean"], means[0])
    assert np.array_equal(new.params["W1"], model.params["W1"])
    with pytest.raises(ValueError, match="one mean and one variance per BN layer"):
        ch05.set_statistics(model, means[:1], [np.ones(6)])


# ------------------------------------------------------------------ folding


def test_fold_bn_equals_affine_then_test_mode_bn():
    rng = np.random.default_rng(6)
    x, W = rng.normal(size=(30, 7)), rng.normal(size=(7, 4))
    gamma, beta = rng.uniform(0.5, 2, 4), rng.normal(size=4)
    mean, var = rng.normal(size=4), rng.uniform(0.1, 3, 4)
    bn_param = {"mode": "test", "eps": 1e-5, "running_mean": mean, "running_var": var}
    expected, _ = layers.batchnorm_forward(x @ W, gamma, beta, bn_param)
    Wf, bf = ch05.fold_bn(W, gamma, beta, mean, var, eps=1e-5)
    assert Wf.shape == W.shape and bf.shape == (4,)
    assert np.abs(x @ Wf + bf - expected).max() < 1e-12
    # the training-mode output is NOT this map (a wrong fold would use batch statistics)
    train_out, _ = layers.batchnorm_forward(x @ W, gamma, beta, {"mode": "train"})
    assert np.abs(x @ Wf + bf - train_out).max() > 1e-2


def test_fold_network_has_no_bn_and_same_logits():
    model = tiny_model()
    folded = ch05.fold_network(model)
    assert not folded.batchnorm and "gamma1" not in folded.params and "b1" in folded.params
    X = np.random.default_rng(7).normal(size=(25, 12))
    assert np.abs(folded.forward(X) - model.forward(X, mode="test")).max() < 1e-12


# ------------------------------------------------------------------ moving averages


def test_momentum_conventions_agree_and_unroll():
    rng = np.random.default_rng(8)
    r, s = rng.normal(size=6), rng.normal(size=6)
    for rho in (0.0, 0.5, 0.9, 0.999):
        assert np.allclose(ch05.ema_update(r, s, rho), ch05.torch_ema_update(r, s, 1 - rho))
    # r_t = ρ^t r_0 + (1−ρ) Σ_k ρ^k s_{t−k}
    rho, stats, r0 = 0.9, rng.normal(size=25), 1.0
    r_t = r0
    for s_t in stats:
        r_t = ch05.ema_update(r_t, s_t, rho)
    k = np.arange(len(stats))
    closed = ch05.initial_weight(rho, len(stats)) * r0 + (1 - rho) * np.sum(rho**k * stats[::-1])
    assert np.isclose(r_t, closed)
    assert ch05.initial_weight(0.999, 1000) == pytest.approx(np.exp(-1), abs=2e-4)


def test_variance_bias_is_m_minus_one_over_m():
    values = np.random.default_rng(9).normal(3.0, 2.0, size=(20000, 5))
    ms = (2, 4, 16)
    ratios = ch05.variance_bias(values, ms, 4000, np.random.default_rng(0))
    assert np.allclose(ratios, [(m - 1) / m for m in ms], atol=0.02)


def test_ema_experiment_is_deterministic_and_trains_like_train_model():
    data = small_data()
    kw = dict(checkpoints=(3, 6), pop_batches=5, dataset=data)
    run = ch05.ema_experiment(0, **kw)
    again = ch05.ema_experiment(0, **kw)
    assert np.array(run.acc_ema).shape == (2, 3) and len(run.acc_pop) == 2
    assert run.batch_means.shape == (6,) and run.ema_means.shape == (3, 7)
    assert run.ema_means[:, 0].tolist() == [0.0, 0.0, 0.0]  # the running mean starts at 0
    assert np.array_equal(run.batch_means, again.batch_means) and run.acc_ema == again.acc_ema
    # the running averages do not change training: same weights as the library's train()
    model = ch05.train_model(0, steps=6, dataset=data)
    assert np.array_equal(model.params["W1"], run.model.params["W1"])
    # and its own momentum-0.9 running averages give the same accuracy as our EMA with ρ = 0.9
    assert model.accuracy(data[2], data[3]) == pytest.approx(run.acc_ema[-1][0], abs=0.01)
    # the EMA with ρ = 0.9 is closer to the batch means than ρ = 0.999 after 6 steps
    gap = np.abs(run.ema_means[:, -1] - run.batch_means[-6:].mean())
    assert gap[0] < gap[2]


def test_small_batch_experiment_runs():
    out = ch05.small_batch_experiment(4, steps=5, pop_batches=5, dataset=small_data())
    assert set(out) >= {"acc_with_factor", "acc_without_factor"}
    assert 0 <= out["acc_with_factor"] <= 1


# ------------------------------------------------------------------ figures and widget


def test_draw_ema_every_grid_point():
    run = ch05.cached_ema_run()
    for momentum in ch05.MOMENTA:
        for steps in ch05.CHECKPOINTS:
            fig = Figure()
            ch05.draw_ema(fig, momentum, steps, run=run)
            ax_mu, ax_acc = fig.axes
            assert len(ax_acc.patches) == 4
            assert str(steps) in ax_acc.get_title()
            assert ax_mu.lines[1].get_xdata()[-1] == steps


def test_plots_draw():
    fig = Figure()
    ch05.plot_ema_weights(fig)
    assert len(fig.axes) == 2 and len(fig.axes[0].lines) == 6
    fig = Figure()
    ax = fig.add_subplot()
    ch05.plot_companions(ax, {2: np.linspace(0, 1, 5), 8: np.full(5, 0.9)}, 0.95)
    assert len(ax.lines) == 3


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_string_table_complete(lang):
    for key, entry in ch05.STRINGS.items():
        assert key.startswith("ch05.")
        assert entry[lang].strip(), key
    assert "300" in i18n.t("ch05.acc_title", lang, T=300)


# ------------------------------------------------------------------ the saved results


def test_saved_results_support_the_chapter_claims():
    res = ch05.load_results()
    assert res["command"] == ch05.FULL_COMMAND and res["settings"]["seeds"] == [0, 1, 2, 3, 4]
    leads = []  # how far the best EMA is ahead of Algorithm 2, from 100 steps on
    for r in res["ema"]:
        ema, pop = np.array(r["acc_ema"]), np.array(r["acc_pop"])
        cp = r["checkpoints"]
        assert cp == list(ch05.CHECKPOINTS) and r["momenta"] == list(ch05.MOMENTA)
        assert np.all(pop[0] > ema[0] + 0.1)  # after 10 steps Algorithm 2 is far ahead
        early = [i for i, T in enumerate(cp) if T <= 30]
        late = [i for i, T in enumerate(cp) if T >= 100]
        assert np.all(pop[early] > ema[early].max(axis=1))  # far ahead after 10 and 30 steps
        leads.extend(ema[late].max(axis=1) - pop[late])
        assert np.all(ema[late, 2] < ema[late, :2].min(axis=1))  # ρ = 0.999 worst from 100 on
    assert round(max(leads), 4) == 0.0065  # quoted in the prose
    for lang in ("ko", "en"):
        _, md = output_and_next_markdown(_cells(lang), "ch05.format_seed_ranges(")
        assert "0.0065" in md
    run = ch05.run_from_dict(res["ema"][0])  # the widget's unit: its population mean drifts
    assert f"{run.pop_means[0]:.2f}" == "0.35" and f"{run.pop_means[-1]:.2f}" == "2.21"
    for lang in ("ko", "en"):
        _, md = output_and_next_markdown(_cells(lang), "Explorer(ch05.draw_ema")
        assert "0.35" in md and "2.21" in md
    for lang, unit in (("ko", "77초"), ("en", "77 seconds")):  # the saved run's duration
        _, md = output_and_next_markdown(_cells(lang), "ch05.variance_bias(")
        assert round(res["seconds"]) == 77 and unit in md
    summary = {r["m"]: r for r in ch05.small_batch_summary(res)}
    assert summary[4]["without"] > summary[4]["with"] and summary[4]["without_better"] == 4
    assert summary[8]["without_better"] == 5


@pytest.mark.slow
def test_saved_seed_0_is_reproduced():
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        run = ch05.ema_experiment(0)
    saved = ch05.load_results()["ema"][0]
    assert run.acc_ema == saved["acc_ema"] and run.acc_pop == saved["acc_pop"]
    assert run.unit == saved["unit"]


# ------------------------------------------------------------------ numbers quoted in the prose


def _cells(lang):
    return chapter_cells(lang, "05_inference")


# (code snippet, [(text in the stored output, text in the next markdown cell)])
QUOTES = [
    ("ch05.train_mode_accuracy(", [("0.5798", "0.5798"), ("0.8713", "0.8713"),
                                   ("0.9242", "0.9242"), ("0.9303", "0.9303"),
                                   ("accuracy 0.9333", "0.9333")]),
    ("ch05.companion_probabilities(", [("p = 0.986", "0.986"), ("0.000 to 0.999", "0.000"),
                                       ("in 54% of", "54%"), ("in 6% of", "6%"),
                                       ("from 0.061", "0.061"), ("0.871 to 0.995", "0.871"),
                                       ("0.871 to 0.995", "0.995")]),
    ("ch05.population_statistics(", [("= 0.110", "0.110"), ("= 0.043", "0.043"),
                                     ("= 0.125", "12.5%"), ("= 0.166", "16.6%"),
                                     ("(momentum 0.9): 0.9333", "0.9333"),
                                     ("Algorithm 2:                     0.9312", "0.9312")]),
    ("ch05.variance_bias(", [("= 0.513   (m - 1) / m = 0.500", "0.513"),
                             ("= 0.746   (m - 1) / m = 0.750", "0.746"),
                             ("= 0.985   (m - 1) / m = 0.984", "0.985")]),
    ("ch05.format_small_batch_table(", [("0.8427   0.8490   4 / 5", "0.8490"),
                                        ("0.8427   0.8490   4 / 5", "0.8427"),
                                        ("0.8858   0.8877   5 / 5", "0.8877"),
                                        ("0.8858   0.8877   5 / 5", "0.8858"),
                                        ("0.9189   0.9189", "0.9189")]),
    ("rho ** window", [("batches = 0.651", "0.651"), ("batches = 0.634", "0.634"),
                       ("batches = 0.632", "0.632"), ("rho^100 = 0.366", "0.366"),
                       ("rho^100 = 0.905", "0.905"), ("rho^1000 = 0.368", "0.368")]),
    ("ch05.format_ema_table(", [("0.1893    0.0982    0.0982    0.5573", "0.5573"),
                                ("0.1893    0.0982    0.0982    0.5573", "0.1893"),
                                ("0.1893    0.0982    0.0982    0.5573", "0.0982"),
                                ("0.3780    0.8724", "0.3780"), ("0.3780    0.8724", "0.8724"),
                                ("0.8744    0.9297", "0.8744"), ("0.8744    0.9297", "0.9297"),
                                ("0.9577    0.9637", "0.9577"), ("0.9577    0.9637", "0.9637")]),
    ("ch05.format_seed_ranges(", [("0.465-0.767", "0.465–0.767"), ("0.105-0.327", "0.327"),
                                  ("0.935-0.958  0.960-0.964", "0.935–0.958"),
                                  ("0.935-0.958  0.960-0.964", "0.960–0.964")]),
]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("snippet,quotes", QUOTES, ids=[q[0] for q in QUOTES])
def test_prose_numbers_match_the_stored_outputs(lang, snippet, quotes):
    stdout, md = output_and_next_markdown(_cells(lang), snippet)
    for in_output, in_prose in quotes:
        assert in_output in stdout, (lang, snippet, in_output)
        assert in_prose in md, (lang, snippet, in_prose)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_summary_numbers_come_from_the_outputs(lang):
    cells = _cells(lang)
    outputs = "".join("".join(o.get("text", "")) for c in cells if c["cell_type"] == "code"
                      for o in c["outputs"])
    summary = next("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
                   and "".join(c["source"]).startswith(("## Summary", "## 요약")))
    for number in ("0.5798", "0.8713", "0.9333", "0.746", "0.8490", "0.8427"):
        assert number in outputs and number in summary, (lang, number)
    # the EMA run at 1000 steps with ρ = 0.9 is the notebook's own model: same accuracy
    assert "test accuracy in inference mode: 0.9333" in outputs
    assert "1000    0.9333" in outputs


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_widget_initial_view_numbers(lang):
    """The bullet on the widget's initial view (momentum 0.99, 300 steps) quotes the seed-0 table
    and 0.99^300."""
    run = ch05.run_from_dict(ch05.load_results()["ema"][0])
    c = run.checkpoints.index(300)
    ema_099, pop = run.acc_ema[c][ch05.MOMENTA.index(0.99)], run.acc_pop[c]
    assert f"{0.99 ** 300:.2f}" == "0.05"
    _, md = output_and_next_markdown(_cells(lang), "Explorer(ch05.draw_ema")
    for text in ("0.99^{300} \\approx 0.05", f"{ema_099:.4f}", f"{pop:.4f}"):
        assert text in md, (lang, text)
    stdout, _ = output_and_next_markdown(_cells(lang), "ch05.format_ema_table(")
    assert f"  300    0.9099    {ema_099:.4f}    0.6012    {pop:.4f}" in stdout


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_small_batch_table_columns_line_up(lang):
    """Each header starts in the display column (Hangul = 2 columns) where its numbers start."""
    import unicodedata

    def starts(line):
        out, col, prev = [], 0, " "
        for ch in line:
            if ch != " " and prev == " ":
                out.append(col)
            col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            prev = ch
        return out

    before = i18n.get_language()
    i18n.set_language(lang)
    try:
        header, *rows = ch05.format_small_batch_table(ch05.load_results()).splitlines()
    finally:
        i18n.set_language(before)
    for two_words in ("without better", "with better", "없음이 나음", "있음이 나음"):
        header = header.replace(two_words, two_words.replace(" ", "_"))
    for row in rows:  # the first column (m) is right-aligned: compare the others
        assert starts(row.replace(" / ", "_/_"))[1:] == starts(header)[1:], (lang, header, row)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_initial_weight_falls_below_5_percent_after_about_3_windows(lang):
    """The prose after the EMA-weights figure: ρ^t < 0.05 from t = 29, 299, 2995 on."""
    firsts = [int(np.ceil(np.log(0.05) / np.log(rho))) for rho in ch05.MOMENTA]
    assert firsts == [29, 299, 2995]
    for rho, t in zip(ch05.MOMENTA, firsts, strict=True):
        assert ch05.initial_weight(rho, t) < 0.05 <= ch05.initial_weight(rho, t - 1)
    _, md = output_and_next_markdown(_cells(lang), "rho ** window")
    assert "$t = 29$, 299" in md and "2995" in md


def test_tick_labels_are_plain_decimals():
    """The EMA-weights figure's log axis: 0.00001 (not 1e-05 next to 0.0001), and a tick that is
    1e-5 up to rounding still reads 0.00001."""
    labels = [ch05._plain(v) for v in (0.0, 1.0, 1000.0, 0.1, 1e-4, 9.999999999999999e-06, 1e-6)]
    assert labels == ["0", "1", "1000", "0.1", "0.0001", "0.00001", "0.000001"]
    assert not any("e" in s or "\u2212" in s for s in labels)
