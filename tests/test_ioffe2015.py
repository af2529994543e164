"""Tests of bnbook.experiments.ioffe2015: a tiny run is well formed and deterministic, one process
and two give the same numbers, the CLI writes JSON and a figure, the figure renders in ko and en,
and the committed full result is complete."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from bnbook import i18n  # noqa: E402
from bnbook.experiments import ioffe2015  # noqa: E402

TINY = {"steps": 60, "eval_every": 20, "train_size": 1200, "eval_size": 300}


def strip_times(res: dict) -> dict:
    out = json.loads(json.dumps(res))
    out.pop("wall_time")
    out.pop("processes")
    for net in out["nets"].values():
        net.pop("wall_time")
        net.pop("cpu_time")
    return out


@pytest.fixture(scope="module")
def tiny():
    return ioffe2015.run(processes=1, seed=1, **TINY)


def test_tiny_run_is_well_formed(tiny):
    assert set(tiny["nets"]) == {"plain", "bn"}
    assert tiny["seed"] == 1 and tiny["config"]["steps"] == 60
    assert tiny["config"]["train_size"] == 1200
    assert tiny["numpy_version"] == np.__version__ and tiny["wall_time"] > 0
    for net in tiny["nets"].values():
        assert net["eval_steps"] == [0, 20, 40, 60]
        assert all(0.0 <= a <= 1.0 for a in net["test_acc"])
        assert net["train_loss"][0] is None and all(v > 0 for v in net["train_loss"][1:])
        pct = np.array(net["percentiles"])
        assert pct.shape == (4, 10, 3) and (np.diff(pct, axis=2) >= 0).all()
        assert net["units"] == list(range(10)) and net["levels"] == [15, 50, 85]
        assert net["probe_layer"] == 3
    json.dumps(tiny)  # serializable as is


def test_both_nets_start_from_the_same_weights(tiny):
    """Same seed, same W (checked directly in test_ch01's live-run test). The percentiles are
    measured in the training network (N^tr_BN): at step 0 (γ = 1, β = 0) every BN unit's input is
    standardized over the probe, so its 15–85th band is about 2 wide (a standard normal's is 2.07;
    ±0.5 for the distribution's shape) and centred near 0, while the plain units' bands are narrow
    (σ' ≈ 1/4 and N(0, 1/fan-in) weights keep them within ±0.5); they differ once training has
    begun."""
    plain = np.array(tiny["nets"]["plain"]["percentiles"])
    bn = np.array(tiny["nets"]["bn"]["percentiles"])
    assert tiny["config"]["probe_mode"] == "train"
    assert np.all(np.abs(bn[0, :, 2] - bn[0, :, 0] - 2.07) < 0.5)
    assert np.all(np.abs(bn[0, :, 1]) < 0.5)
    assert np.all(plain[0, :, 2] - plain[0, :, 0] < 0.5)
    assert not np.allclose(bn[-1], plain[-1], rtol=1e-2)


def test_deterministic_for_a_seed(tiny):
    again = ioffe2015.run(processes=1, seed=1, **TINY)
    assert strip_times(again) == strip_times(tiny)
    other = ioffe2015.run(processes=1, seed=2, **TINY)
    assert other["nets"]["bn"]["train_loss"] != tiny["nets"]["bn"]["train_loss"]


def test_two_processes_give_the_same_numbers(tiny):
    par = ioffe2015.run(processes=2, seed=1, **TINY)
    assert par["processes"] == 2
    assert strip_times(par) == strip_times(tiny)


def test_cli_writes_json_and_figure(tmp_path):
    out, fig = tmp_path / "r.json", tmp_path / "f.png"
    cmd = [sys.executable, "-m", "bnbook.experiments.ioffe2015", "--steps", "40", "--seed", "3",
           "--out", str(out), "--fig", str(fig), "--lang", "ko", "--train-size", "600",
           "--eval-size", "200", "--eval-every", "20"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    res = ioffe2015.load_results(out)
    assert res["command"].startswith("python -m bnbook.experiments.ioffe2015 --steps 40")
    assert res["nets"]["bn"]["eval_steps"] == [0, 20, 40]
    assert fig.stat().st_size > 10_000
    assert "테스트 정확도" in proc.stderr  # progress in the chosen language
    # the package-level entry point dispatches to the same CLI
    proc2 = subprocess.run([sys.executable, "-m", "bnbook.experiments"], capture_output=True,
                           text=True, timeout=60)
    assert proc2.returncode == 2 and "ioffe2015" in proc2.stderr


@pytest.mark.parametrize("lang, title", [("ko", "(a) 테스트 정확도"), ("en", "(a) Test accuracy")])
def test_figure_renders_in_both_languages(tiny, lang, title):
    import matplotlib.pyplot as plt

    before = i18n.get_language()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = ioffe2015.plot_results(tiny, lang=lang, unit=3)
        try:
            axes = fig.axes
            assert [ax.get_title() for ax in axes][0] == title
            assert i18n.t("ioffe2015.preact", lang, unit=3) == axes[1].get_ylabel()
            assert len(axes[0].get_lines()) == 2
            fig.canvas.draw()
        finally:
            plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, f"Hangul glyphs missing: {missing[:2]}"
    assert i18n.get_language() == before


def test_load_results_rejects_other_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"nets": {"plain": {}}}))
    with pytest.raises(ValueError, match="both networks"):
        ioffe2015.load_results(bad)


def test_committed_full_result():
    path = ioffe2015.default_results_path()
    if not path.exists():
        pytest.skip("results/ioffe2015.json not produced yet")
    assert path.stat().st_size < 1_000_000
    res = ioffe2015.load_results(path)
    assert res["config"]["steps"] == 50000 and res["config"]["batch_size"] == 60
    assert "train_size" not in res["config"] and "eval_size" not in res["config"]
    assert res["command"].startswith("python -m bnbook.experiments.ioffe2015")
    for net in res["nets"].values():
        assert net["eval_steps"][0] == 0 and net["eval_steps"][-1] == 50000
        assert len(net["eval_steps"]) == 101 and len(net["test_acc"]) == 101
        assert np.array(net["percentiles"]).shape == (101, 10, 3)


# ----- comparison with the paper: final accuracies, speed, drift (synthetic results) ----------


def synthetic_results(bn_acc=(0.1, 0.9, 0.95, 0.93, 0.96)) -> dict:
    """Five records every 2500 steps, two units. Known answers: the plain net ends at 0.9 and
    first reaches it at step 10000; the BN net first reaches 0.9 at step 2500 (speed-up 4).
    Plain unit 0 goes from [-1, 0, 1] at step 5000 to [-2, 0.5, 2] at step 10000 (spread 2 → 4)
    with medians 0, 0.3, 0.5 in between (jitter 0.25); unit 1 does not move."""
    steps = [0, 2500, 5000, 7500, 10000]
    still = [-0.5, 0.0, 0.5]
    plain_u0 = [[0, 0, 0], [0, 0, 0], [-1, 0, 1], [-1.5, 0.3, 1.5], [-2, 0.5, 2]]
    bn_u0 = [[0, 0, 0], [-1, 0, 1], [-1, 0, 1], [-1, 0.1, 1], [-1.5, -0.1, 1.5]]
    return {
        "config": {"learning_rate": 0.3},
        "nets": {
            "plain": {"eval_steps": steps, "test_acc": [0.1, 0.5, 0.8, 0.85, 0.9],
                      "units": [0, 1], "percentiles": [[u, still] for u in plain_u0]},
            "bn": {"eval_steps": steps, "test_acc": list(bn_acc),
                   "units": [0, 1], "percentiles": [[u, still] for u in bn_u0]},
        },
    }


def test_compare_nets_on_synthetic_results():
    c = ioffe2015.compare_nets(synthetic_results(), drift_start=5000)
    assert c["learning_rate"] == 0.3 and c["final_step"] == 10000
    assert c["final_acc"] == {"plain": 0.9, "bn": 0.96}
    assert c["steps_to_plain_final"] == {"plain": 10000, "bn": 2500}
    assert c["speedup"] == pytest.approx(4.0)
    d = c["drift"]["plain"]
    assert d["start"] == 5000 and d["end"] == 10000 and d["units"] == [0, 1]
    np.testing.assert_allclose(d["spread"], [[2.0, 4.0], [1.0, 1.0]])
    np.testing.assert_allclose(d["spread_ratio"], [2.0, 1.0])
    np.testing.assert_allclose(d["d50"], [0.5, 0.0])
    np.testing.assert_allclose(d["d15"], [-1.0, 0.0])
    np.testing.assert_allclose(d["p85"], [[1.0, 2.0], [0.5, 0.5]])
    np.testing.assert_allclose(d["jitter"], [0.25, 0.0])
    b = c["drift"]["bn"]
    np.testing.assert_allclose(b["spread"][0], [2.0, 3.0])
    np.testing.assert_allclose(b["jitter"][0], (0.1 + 0.2) / 2)


def test_compare_nets_when_bn_never_gets_there_or_diverges():
    slow = ioffe2015.compare_nets(synthetic_results(bn_acc=(0.1, 0.2, 0.3, 0.4, 0.89)))
    assert slow["steps_to_plain_final"]["bn"] is None and slow["speedup"] is None
    nan = float("nan")
    bad = ioffe2015.compare_nets(synthetic_results(bn_acc=(0.1, nan, nan, None, nan)))
    assert bad["steps_to_plain_final"] == {"plain": 10000, "bn": None}


def test_unit_drift_names_the_recorded_steps_when_asked_for_another():
    res = synthetic_results()
    with pytest.raises(ValueError, match="step 6000 was not recorded.*0..10000 every 2500"):
        ioffe2015.unit_drift(res["nets"]["plain"], 6000, 10000)


def test_lr_option_is_recorded(tmp_path):
    res = ioffe2015.run(processes=1, seed=1, lr=0.3, **TINY)
    assert res["config"]["learning_rate"] == 0.3
    with pytest.raises(ValueError, match="learning rate must be positive"):
        ioffe2015.run(processes=1, lr=0.0, **TINY)


def test_committed_learning_rate_runs():
    paths = sorted(ioffe2015.default_results_path().parent.glob("ioffe2015_lr*.json"))
    if not paths:
        pytest.skip("no results/ioffe2015_lr*.json yet")
    for path in paths:
        res = ioffe2015.load_results(path)
        lr = res["config"]["learning_rate"]
        assert path.name == f"ioffe2015_lr{lr:g}.json" or path.name == f"ioffe2015_lr{lr}.json"
        assert f"--lr {path.name[len('ioffe2015_lr'):-len('.json')]}" in res["command"]
        assert res["config"]["steps"] == 50000 and res["seed"] == 0
        assert {k: v for k, v in res["config"].items() if k != "learning_rate"} == \
            {k: v for k, v in ioffe2015.CONFIG.items() if k != "learning_rate"}
