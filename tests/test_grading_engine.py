"""bnbook.grading engine: wrong implementations lose points with the right diagnosis, correct ones
written differently get full marks, and check() never raises into a notebook."""

from __future__ import annotations

import numpy as np
import pytest

from bnbook import i18n, layers
from bnbook.grading import check, progress, reset_progress, tasks
from bnbook.grading.engine import get_task, run_task


def outcome_keys(result):
    return {o.name: o.key for o in result.outcomes}


def grade(task_id, answer, timeout=10.0):
    return run_task(get_task(task_id), answer, timeout)


# -- batchnorm_forward: one mistake each ---------------------------------------------------------
def make_forward(*, axis=0, ddof=0, eps_mode="inside", swap=False, mutate=False,
                 reverse_momentum=False, running_ddof=1, test_uses_batch=False):
    def forward(x, gamma, beta, bn_param):
        eps, m = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
        if bn_param["mode"] == "train" or test_uses_batch:
            mu = x.mean(axis=axis, keepdims=True)
            var = x.var(axis=axis, keepdims=True, ddof=ddof)
            n = x.shape[0]
            rv_stat = x.var(axis=0, ddof=running_ddof)
            if bn_param["mode"] == "train":
                if reverse_momentum:
                    bn_param["running_mean"] = (1 - m) * bn_param["running_mean"] \
                        + m * x.mean(axis=0)
                else:
                    bn_param["running_mean"] = m * bn_param["running_mean"] \
                        + (1 - m) * x.mean(axis=0)
                bn_param["running_var"] = m * bn_param["running_var"] + (1 - m) * rv_stat
            del n
        else:
            mu, var = bn_param["running_mean"], bn_param["running_var"]
        if mutate:
            x -= mu
            centred = x
        else:
            centred = x - mu
        if eps_mode == "inside":
            x_hat = centred / np.sqrt(var + eps)
        elif eps_mode == "none":
            x_hat = centred / np.sqrt(var)
        else:
            x_hat = centred / (np.sqrt(var) + eps)
        out = beta * x_hat + gamma if swap else gamma * x_hat + beta
        return out, None
    return forward


@pytest.mark.parametrize("kwargs,test,key", [
    ({"axis": 1}, "t.train_output", "fb.fwd.axis1"),
    ({"ddof": 1}, "t.train_output", "fb.fwd.unbiased"),
    ({"eps_mode": "none"}, "t.train_output", "fb.fwd.no_eps"),
    ({"eps_mode": "outside"}, "t.train_output", "fb.fwd.eps_outside"),
    ({"swap": True}, "t.train_output", "fb.fwd.swapped"),
    ({"mutate": True}, "t.no_mutation", "fb.mutated"),
    ({"reverse_momentum": True}, "t.running", "fb.run.reversed"),
    ({"running_ddof": 0}, "t.running", "fb.run.biased"),
    ({"test_uses_batch": True}, "t.test_mode", "fb.test.batch_stats"),
])
def test_wrong_forward_loses_points_with_diagnosis(kwargs, test, key):
    result = grade("02.forward", make_forward(**kwargs))
    assert result.score < result.max_score
    assert outcome_keys(result)[test] == key


def test_correct_forward_variant_of_the_test_helper_gets_full_marks():
    # the helper itself with no mistake: guards the parametrized test above against a
    # helper that is wrong in every variant
    assert grade("02.forward", make_forward()).passed


@pytest.mark.parametrize("bad,key", [
    (lambda x, g, b, p: None, "fb.none"),
    (lambda x, g, b, p: x, "fb.not_tuple"),
    (lambda x, g, b, p: (x[:, :1], None), "fb.shape"),
    (lambda x, g, b, p: (x * np.nan, None), "fb.nan"),
    (lambda x, g, b, p: (x.astype(int), None), "fb.dtype"),
    (lambda x, g, b, p: (1 / 0, None), "fb.exception"),
    (lambda x, g, b, p: (x - x.mean(axis=1), None), "fb.exception_broadcast"),
    (42, "fb.not_callable"),
])
def test_broken_forward_gets_a_clear_message(bad, key):
    result = grade("02.forward", bad)
    assert result.score == 0
    assert outcome_keys(result)["t.returns"] == key
    assert result.outcomes[1].key == "fb.skipped"


def test_infinite_loop_is_stopped_by_the_per_test_timeout():
    def forever(x, gamma, beta, bn_param):
        while True:
            pass

    result = grade("02.forward", forever, timeout=0.3)
    assert outcome_keys(result)["t.returns"] == "fb.timeout"
    assert result.score == 0


def test_timeouts_count_cpu_time_and_a_blocked_call_is_stopped_by_the_wall_clock(monkeypatch):
    """A loop uses its CPU budget ("CPU time" in the message); a call that sleeps uses none and is
    stopped by the wall-clock backstop with its own message. A slow (loaded) machine stretches the
    wall-clock time of the CPU budget, never the budget."""
    import time

    from bnbook.grading import engine

    def sleeper(x, gamma, beta, bn_param):
        time.sleep(30)

    monkeypatch.setattr(engine, "WALL_SLACK", 0.5)
    t0 = time.monotonic()
    result = grade("02.forward", sleeper, timeout=0.2)
    assert outcome_keys(result)["t.returns"] == "fb.timeout_wall"
    assert time.monotonic() - t0 < 20
    assert "CPU" in result.text("en") and "CPU" in result.text("ko")


def staged_forward(x, gamma, beta, bn_param):
    """Correct, written differently: staged graph, dict cache, einsum, in-place running update."""
    N, D = x.shape
    if bn_param.get("mode", "train") == "train":
        mu = np.einsum("nd->d", x) / N
        xc = x - mu[None, :]
        var = np.einsum("nd,nd->d", xc, xc) / N
        inv = 1.0 / np.sqrt(var + bn_param["eps"])
        m = bn_param["momentum"]
        bn_param["running_mean"] *= m
        bn_param["running_mean"] += (1 - m) * mu
        bn_param["running_var"] *= m
        bn_param["running_var"] += (1 - m) * var * (N / (N - 1.0))
    else:
        xc = x - bn_param["running_mean"]
        inv = (bn_param["running_var"] + bn_param["eps"]) ** -0.5
    x_hat = xc * inv
    return x_hat * gamma + beta, {"x_hat": x_hat, "inv": inv, "gamma": gamma}


def staged_backward(dout, cache):
    x_hat, inv, gamma = cache["x_hat"], cache["inv"], cache["gamma"]
    N = dout.shape[0]
    dxh = dout * gamma
    dx = inv / N * (N * dxh - dxh.sum(axis=0) - x_hat * (dxh * x_hat).sum(axis=0))
    return dx, np.sum(dout * x_hat, axis=0), np.sum(dout, axis=0)


def test_correct_forward_written_differently_gets_full_marks():
    assert grade("02.forward", staged_forward).passed


def test_correct_backward_written_differently_gets_full_marks():
    assert grade("02.backward", (staged_forward, staged_backward)).passed
    assert grade("02.backward", (staged_forward, make_backward("right"))).passed


def test_the_library_reference_passes_when_the_grader_calls_it():
    # the reference itself gets full marks when the check that flags library use is off
    for task_id, answer in (("02.forward", layers.batchnorm_forward),
                            ("02.backward", (layers.batchnorm_forward,
                                             layers.batchnorm_backward)),
                            ("02.backward", (layers.batchnorm_forward,
                                             layers.batchnorm_backward_alt)),
                            ("02.spatial", layers.spatial_batchnorm_forward)):
        task = get_task(task_id)
        saved = task.forbidden
        task.forbidden = {}
        try:
            assert run_task(task, answer, 10.0).passed
        finally:
            task.forbidden = saved


def test_handing_in_the_library_solution_earns_nothing():
    def wrapper(x, gamma, beta, bn_param):
        return layers.batchnorm_forward(x, gamma, beta, bn_param)

    for answer in (layers.batchnorm_forward, wrapper):
        result = grade("02.forward", answer)
        assert result.score == 0
        assert outcome_keys(result)["t.returns"] == "fb.uses_library"
        assert "bnbook.layers.batchnorm_forward" in result.text("en")
    mixed = grade("02.backward", (staged_forward, layers.batchnorm_backward))
    assert mixed.score == 0


# -- batchnorm_backward: one mistake each ----------------------------------------------------------
def make_backward(kind):
    def backward(dout, cache):
        x_hat, inv, gamma = cache["x_hat"], cache["inv"], cache["gamma"]
        dxh = dout * gamma
        dbeta, dgamma = dout.sum(axis=0), (dout * x_hat).sum(axis=0)
        mean, mean_xh = dxh.mean(axis=0), (dxh * x_hat).mean(axis=0)
        if kind == "no_mean":
            dx = (dxh - x_hat * mean_xh) * inv
        elif kind == "no_var":
            dx = (dxh - mean) * inv
        elif kind == "direct_only":
            dx = dxh * inv
        else:
            dx = (dxh - mean - x_hat * mean_xh) * inv
        if kind == "swapped":
            dgamma, dbeta = dbeta, dgamma
        if kind == "not_summed":
            dbeta = dout
        return dx, dgamma, dbeta
    return backward


@pytest.mark.parametrize("kind,test,key", [
    ("no_mean", "t.dx", "fb.bwd.dx_no_mean"),
    ("no_var", "t.dx", "fb.bwd.dx_no_var"),
    ("direct_only", "t.dx", "fb.bwd.dx_direct_only"),
    ("swapped", "t.dgamma_dbeta", "fb.bwd.swapped"),
    ("not_summed", "t.returns", "fb.bwd.not_summed"),
])
def test_wrong_backward_loses_points_with_diagnosis(kind, test, key):
    result = grade("02.backward", (staged_forward, make_backward(kind)))
    assert result.score < result.max_score
    assert outcome_keys(result)[test] == key


def test_backward_needs_a_correct_forward():
    result = grade("02.backward", (make_forward(axis=1), staged_backward))
    assert outcome_keys(result)["t.returns"] == "fb.bwd.fwd_first"


# -- spatial BN, γ/β that undo BN, conceptual questions -------------------------------------------
def make_spatial(axes=(0, 2, 3), reshape_bug=False):
    def spatial(x, gamma, beta, bn_param):
        N, C, H, W = x.shape
        if reshape_bug:
            out, cache = layers.batchnorm_forward(x.reshape(-1, C), gamma, beta, bn_param)
            return out.reshape(N, C, H, W), cache
        mu = x.mean(axis=axes, keepdims=True)
        var = x.var(axis=axes, keepdims=True)
        g, b = gamma[None, :, None, None], beta[None, :, None, None]
        return g * (x - mu) / np.sqrt(var + bn_param["eps"]) + b, None
    return spatial


@pytest.mark.parametrize("kwargs,key", [
    ({"axes": (0,)}, "fb.sp.per_position"),
    ({"axes": (2, 3)}, "fb.sp.per_sample"),
    ({"reshape_bug": True}, "fb.sp.reshape"),
])
def test_wrong_spatial_is_diagnosed(kwargs, key):
    result = grade("02.spatial", make_spatial(**kwargs))
    assert outcome_keys(result)["t.spatial_output"] == key


def test_spatial_written_differently_gets_full_marks():
    def moveaxis_version(x, gamma, beta, bn_param):
        x2 = np.moveaxis(x, 1, -1)
        out, cache = layers.batchnorm_forward(x2.reshape(-1, x.shape[1]), gamma, beta, bn_param)
        return np.moveaxis(out.reshape(x2.shape), -1, 1), cache

    assert grade("02.spatial", moveaxis_version).passed  # uses the library's flat BN: allowed
    # per-channel statistics without running averages still earn the output points
    partial = grade("02.spatial", make_spatial())
    assert outcome_keys(partial)["t.spatial_output"] == "fb.pass" and not partial.passed


def test_undo_bn():
    assert grade("02.undo", lambda x, eps: (np.sqrt(x.var(0) + eps), x.mean(0))).passed
    assert grade("02.undo", lambda x, eps: (x.std(axis=0), x.mean(axis=0))).passed  # γ = √Var
    swapped = grade("02.undo", lambda x, eps: (x.mean(0), np.sqrt(x.var(0) + eps)))
    assert outcome_keys(swapped)["t.identity"] == "fb.undo.swapped"
    variance = grade("02.undo", lambda x, eps: (x.var(0), x.mean(0)))
    assert outcome_keys(variance)["t.identity"] == "fb.undo.var"


@pytest.mark.parametrize("task_id,answer,ok,key", [
    ("02.eps", "c", True, "fb.pass"),
    ("02.eps", " (C) ", True, "fb.pass"),
    ("02.eps", "a", False, "fb.eps.outside"),
    ("02.eps", 2, False, "fb.choice_type"),
    ("02.mprime", 1568, True, "fb.pass"),
    ("02.mprime", 1568.0, True, "fb.pass"),
    ("02.mprime", np.int64(1568), True, "fb.pass"),
    ("02.mprime", 32, False, "fb.mprime.batch_only"),
    ("02.mprime", 32 * 64, False, "fb.mprime.batch_channels"),
    ("02.mprime", 64, False, "fb.mprime.channels_only"),
    ("02.mprime", 49, False, "fb.mprime.positions_only"),
    ("02.mprime", "1568", False, "fb.number_quoted"),
    ("02.mprime", True, False, "fb.number_type"),
    ("02.params", 256, False, "fb.params.running"),
    ("02.params", float("nan"), False, "fb.number_type"),
])
def test_conceptual_answers(task_id, answer, ok, key):
    result = grade(task_id, answer)
    assert result.passed is ok
    assert result.outcomes[0].key == key


# -- check(), progress(), tasks(), rendering -------------------------------------------------------
def test_check_never_raises_and_reports_not_done():
    def stub(x, gamma, beta, bn_param):
        raise NotImplementedError("여기에 코드를 작성하세요 / write your code here")

    assert check("02.forward", stub).status == "not_done"
    assert check("02.forward", None).status == "not_done"
    assert check("02.eps").status == "not_done"
    unknown = check("99.nothing", 1)
    assert unknown.status == "unknown_task" and unknown.score == 0
    assert "tasks()" in unknown.text("en")


def test_progress_and_tasks():
    reset_progress()
    check("02.eps", "c")
    check("02.mprime", 1)
    p = progress("02")
    assert p.score == 1.0
    assert p.max_score == sum(get_task(t).max_score for t in tasks("02").ids())
    assert "02.eps" in p.text("en") and "02.forward" in p.text("ko")
    assert {"01", "02", "03"} <= {get_task(t).chapter for t in tasks().ids()}


def test_chapter_modules_are_found_without_a_list():
    from bnbook.grading import engine

    found = engine.chapter_modules("tasks")
    assert found[:3] == ["tasks_ch01", "tasks_ch02", "tasks_ch03"]
    assert found == sorted(found)
    assert all(name[-2:] == get_task(t).chapter
               for name in found for t in tasks(name[-2:]).ids())
    assert engine.chapter_modules("strings")[:3] == ["strings_ch01", "strings_ch02", "strings_ch03"]


def test_result_renders_in_both_languages():
    r = check("02.forward", make_forward(axis=1))
    ko, en = r.text("ko"), r.text("en")
    assert "batch axis 0" in en and "배치 축 0" in ko
    html = r._repr_html_()
    assert "batch axis 0" in html and "배치 축 0" in html
    d = r.to_dict()
    assert d["score"] == r.score and set(d["feedback"]) == set(i18n.LANGUAGES)


def test_two_mistakes_at_once_are_both_named():
    result = grade("02.forward", make_forward(ddof=1, eps_mode="outside"))
    assert outcome_keys(result)["t.train_output"] == ("fb.fwd.unbiased", "fb.fwd.eps_outside")
    text = result.text("en")
    assert "(1) You used the unbiased variance" in text and "(2) ε is outside" in text
    three = grade("02.forward", make_forward(axis=1, ddof=1, swap=True))
    assert set(outcome_keys(three)["t.train_output"]) == {
        "fb.fwd.axis1", "fb.fwd.unbiased", "fb.fwd.swapped"}


# -- mistakes found by working through the notebooks as a learner --------------------------------
def test_test_mode_without_eps_or_without_square_root_is_diagnosed():
    def forward(x, gamma, beta, bn_param, variant):
        if bn_param["mode"] == "train":
            return staged_forward(x, gamma, beta, bn_param)
        rm, rv, eps = bn_param["running_mean"], bn_param["running_var"], bn_param["eps"]
        scale = np.sqrt(rv) if variant == "no_eps" else rv + eps
        return gamma * (x - rm) / scale + beta, None

    for variant, key in (("no_eps", "fb.test.no_eps"), ("var", "fb.test.var")):
        def fn(x, g, b, p, variant=variant):
            return forward(x, g, b, p, variant)

        result = grade("02.forward", fn)
        assert outcome_keys(result)["t.test_mode"] == key, variant


def test_backward_with_the_variance_term_of_the_wrong_sign_is_diagnosed():
    def backward(dout, cache):
        x_hat, inv, gamma = cache["x_hat"], cache["inv"], cache["gamma"]
        dxh = dout * gamma
        dx = (dxh - dxh.mean(axis=0) + x_hat * (dxh * x_hat).mean(axis=0)) * inv
        return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)

    result = grade("02.backward", (staged_forward, backward))
    assert outcome_keys(result)["t.dx"] == "fb.bwd.dx_var_sign" and result.score == 3


def test_spatial_without_transposing_back_is_diagnosed():
    def spatial(x, gamma, beta, bn_param):
        N, C, H, W = x.shape
        flat = x.transpose(0, 2, 3, 1).reshape(-1, C)
        out, cache = layers.batchnorm_forward(flat, gamma, beta, bn_param)
        return out.reshape(N, C, H, W), cache  # forgot .reshape(N, H, W, C).transpose(0, 3, 1, 2)

    result = grade("02.spatial", spatial)
    assert outcome_keys(result)["t.spatial_output"] == "fb.sp.no_transpose_back"


def test_spatial_running_var_corrected_with_n_instead_of_m_prime_is_diagnosed():
    def spatial(x, gamma, beta, bn_param):
        N = x.shape[0]
        mu, var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
        mom = bn_param["momentum"]
        bn_param["running_mean"] = mom * bn_param["running_mean"] + (1 - mom) * mu
        bn_param["running_var"] = mom * bn_param["running_var"] + (1 - mom) * var * N / (N - 1)
        x_hat = (x - mu[:, None, None]) / np.sqrt(var[:, None, None] + bn_param["eps"])
        return gamma[:, None, None] * x_hat + beta[:, None, None], None

    result = grade("02.spatial", spatial)
    assert outcome_keys(result)["t.spatial_output"] == "fb.pass"
    assert outcome_keys(result)["t.running"] == "fb.sp.running_m" and result.score == 4


def test_task_list_names_chapters_as_a_reader_would():
    ko, en = tasks("01").text("ko"), tasks("01").text("en")
    from bnbook.grading.engine import TASKS

    total = f"{sum(t.max_score for t in TASKS.values() if t.chapter == '01'):g}"
    assert ko.splitlines()[0] == f"1장 과제: 모두 {total}점" and "장 01" not in ko
    assert en.splitlines()[0] == f"Chapter 1 tasks: {total} points in all"
    assert "chapter 01" not in en
    assert "  01.standardize       4점  [구현]  입력 표준화" in ko.splitlines()  # with its level
    assert any(line.startswith("  01.ics") and " 1 point " in line for line in en.splitlines())
    from bnbook.grading.engine import chapter_modules

    assert tasks().text("en").count("tasks: ") == len(chapter_modules("tasks"))  # one per chapter


def test_a_one_point_question_says_point_in_english():
    assert check("02.eps", "c").text("en").splitlines()[0] == "[02.eps] where ε goes: 1/1 point"
    assert check("02.eps", "a").text("ko").splitlines()[0] == "[02.eps] ε의 위치: 0/1점"
    assert check("02.forward", None).text("en").splitlines()[0].endswith(": 0/8 points")


def test_spatial_that_calls_a_wrong_flat_forward_names_the_forward_mistake():
    def flat_forward(x, gamma, beta, bn_param, ddof=0):  # ε outside the square root
        mu, sd = x.mean(axis=0), x.std(axis=0, ddof=ddof)
        return gamma * (x - mu) / (sd + bn_param["eps"]) + beta, None

    def spatial(x, gamma, beta, bn_param, ddof=0):
        N, C, H, W = x.shape
        out, cache = flat_forward(x.transpose(0, 2, 3, 1).reshape(-1, C), gamma, beta,
                                  bn_param, ddof)
        return out.reshape(N, H, W, C).transpose(0, 3, 1, 2), cache

    result = grade("02.spatial", spatial)
    outcome = next(o for o in result.outcomes if o.name == "t.spatial_output")
    assert outcome.key == "fb.sp.forward_mistake"
    assert outcome.fmt == {"detail_key": "fb.fwd.eps_outside"}
    en = outcome.text("en")
    assert "02.forward" in en and "ε is outside the square root" in en
    assert "ε을 제곱근 밖에서" in outcome.text("ko")
    two = grade("02.spatial", lambda *a: spatial(*a, ddof=1))
    text = next(o for o in two.outcomes if o.name == "t.spatial_output").text("en")
    assert "(1) You used the unbiased variance" in text and "(2) ε is outside" in text


def test_a_skipped_test_names_the_test_to_fix_first():
    result = grade("02.forward", make_forward(eps_mode="outside"))
    skipped = {o.name: o for o in result.outcomes}["t.running"]
    assert skipped.key == "fb.skipped" and skipped.score == 0
    assert skipped.text("en") == "Graded once 'training-mode output' above passes; fix that first."
    assert "'학습 모드 출력' 검사" in skipped.text("ko")


def test_a_mistyped_task_id_gets_the_closest_id():
    typo = check("02.foward", None)
    assert typo.status == "unknown_task" and typo.score == 0
    assert "Did you mean '02.forward'?" in typo.text("en")
    assert "'02.forward'을(를)" in typo.text("ko")
    assert "Did you mean" not in check("99.nothing", 1).text("en")


def test_backward_handed_in_alone_asks_for_the_pair():
    result = grade("02.backward", staged_backward)
    assert outcome_keys(result)["t.returns"] == "fb.bwd.pair" and result.score == 0
    assert "(batchnorm_forward, batchnorm_backward)" in result.text("en")
    assert "not your fault" not in result.text("en")


def test_a_stub_called_from_a_written_function_is_named():
    def helper(x):
        raise NotImplementedError("write your code here")

    def forward(x, gamma, beta, bn_param):
        return helper(x), None

    r = check("02.forward", forward)
    assert r.score == 0
    assert "calls helper(), which is not written yet" in r.text("en")
    assert "helper()을(를) 아직 작성하지 않았습니다" in r.text("ko")

    def stub(x, gamma, beta, bn_param):
        raise NotImplementedError("write your code here")

    assert "Not done yet" in check("02.forward", stub).text("en")


def test_a_number_in_quotes_is_told_to_drop_the_quotes():
    r = check("02.mprime", "1568")
    assert r.score == 0 and "without quotes: 1568" in r.text("en")
    assert "따옴표 없이" in r.text("ko")
    assert "Answer with a number" in check("02.mprime", "two thousand").text("en")
