"""Chapter 7 tasks: the reference and correct answers written differently get full marks; each
known-wrong variant loses points and gets its own diagnosis in both languages; junk input gets a
message, never an exception."""

from __future__ import annotations

import numpy as np
import pytest

from bnbook.grading import tasks_ch07 as T
from bnbook.grading.engine import get_task, run_task


def grade(task_id, answer, timeout=10.0):
    return run_task(get_task(task_id), answer, timeout)


def keys(result):
    return {o.name: o.key for o in result.outcomes}


def assert_explained(result, test_name, key):
    """The test lost its points with ``key``, and the message renders in Korean and English."""
    outcome = {o.name: o for o in result.outcomes}[test_name]
    assert outcome.score == 0 and outcome.key == key, (outcome.key, key)
    ko, en = outcome.text("ko"), outcome.text("en")
    assert ko != en and key not in ko and key not in en  # a real message, not the fallback
    assert "{" not in ko and "{" not in en  # every placeholder filled


def full_marks(task_id, answer):
    r = grade(task_id, answer)
    assert r.passed, r.text("en")
    assert r.score == r.max_score


# -- 07.gradient_shift -------------------------------------------------------------------------
def gs_reshape(G, P):
    g, p = np.reshape(G, -1), np.reshape(P, -1)
    return float(np.sqrt(np.sum((g - p) ** 2))), float(np.dot(g, p) / np.sqrt(g @ g * (p @ p)))


def gs_matrix_forms(G, P):
    cos = np.sum(G * P) / (np.linalg.norm(G) * np.linalg.norm(P))  # Frobenius norms
    return np.linalg.norm(G - P), np.array(cos)  # a 0-d array is a number too


def gs_array(G, P):  # both numbers in one array: accepted
    return np.array([np.linalg.norm(G - P), np.vdot(G, P) / np.linalg.norm(G) / np.linalg.norm(P)])


@pytest.mark.parametrize("fn", [T.gradient_shift_reference, gs_reshape, gs_matrix_forms, gs_array])
def test_gradient_shift_right(fn):
    full_marks("07.gradient_shift", fn)


def _cos(G, P):
    return T.gradient_shift_reference(G, P)[1]


def _l2(G, P):
    return T.gradient_shift_reference(G, P)[0]


@pytest.mark.parametrize("fn,test,key", [
    (lambda G, P: (np.sum((G - P) ** 2), _cos(G, P)), "t.07.l2", "fb.gs.l2_squared"),
    (lambda G, P: (abs(np.linalg.norm(G) - np.linalg.norm(P)), _cos(G, P)), "t.07.l2",
     "fb.gs.l2_norm_diff"),
    (lambda G, P: (np.linalg.norm(G) - np.linalg.norm(P), _cos(G, P)), "t.07.l2",
     "fb.gs.l2_norm_diff"),
    (lambda G, P: (np.linalg.norm(G - P, 2), _cos(G, P)), "t.07.l2", "fb.gs.l2_spectral"),
    (lambda G, P: (np.linalg.norm(G - P) / np.linalg.norm(G), _cos(G, P)), "t.07.l2",
     "fb.gs.l2_relative"),
    (lambda G, P: (np.sqrt(np.mean((G - P) ** 2)), _cos(G, P)), "t.07.l2", "fb.gs.l2_rms"),
    (lambda G, P: (np.abs(G - P).sum(), _cos(G, P)), "t.07.l2", "fb.gs.l2_l1"),
    (lambda G, P: (_l2(G, P), np.sum(G * P)), "t.07.cosine", "fb.gs.cos_unnormalized"),
    (lambda G, P: (_l2(G, P), 1 - _cos(G, P)), "t.07.cosine", "fb.gs.cos_distance"),
    (lambda G, P: (_l2(G, P), np.dot(G.ravel(), P.ravel()) / np.linalg.norm(G)
                   * np.linalg.norm(P)), "t.07.cosine", "fb.gs.cos_precedence"),
    (lambda G, P: (_l2(G, P), np.sum(G * P) / np.sum(G * G)), "t.07.cosine",
     "fb.gs.cos_one_norm"),
    (lambda G, P: (_l2(G, P), np.sum(G * P) / (np.sum(G * G) * np.sum(P * P))), "t.07.cosine",
     "fb.gs.cos_squared_norms"),
    (lambda G, P: (_l2(G, P), np.sum(G * P) / (np.linalg.norm(G, 2) * np.linalg.norm(P, 2))),
     "t.07.cosine", "fb.gs.cos_spectral"),
    (lambda G, P: (_l2(G, P), _cos(G, P) ** 2), "t.07.cosine", "fb.gs.cos_squared"),
    (lambda G, P: (_l2(G, P), np.corrcoef(G.ravel(), P.ravel())[0, 1]), "t.07.cosine",
     "fb.gs.cos_pearson"),
    (lambda G, P: (_l2(G, P), np.sum(G * P) / (np.linalg.norm(G) + np.linalg.norm(P))),
     "t.07.cosine", "fb.gs.cos_sum_norms"),
    (lambda G, P: (_l2(G, P), np.arccos(_cos(G, P))), "t.07.cosine", "fb.gs.cos_angle"),
    (lambda G, P: (_l2(G, P), np.degrees(np.arccos(_cos(G, P)))), "t.07.cosine",
     "fb.gs.cos_angle"),
    (lambda G, P: (_l2(G, P) * 1.1, _cos(G, P)), "t.07.l2", "fb.gs.l2_generic"),
    (lambda G, P: (_l2(G, P), _cos(G, P) * 0.9), "t.07.cosine", "fb.gs.cos_generic"),
])
def test_gradient_shift_wrong(fn, test, key):
    r = grade("07.gradient_shift", fn)
    assert_explained(r, test, key)
    other = {"t.07.l2": "t.07.cosine", "t.07.cosine": "t.07.l2"}[test]
    assert keys(r)[other] == "fb.pass"  # one mistake costs only its own test


def test_gradient_shift_swapped_and_unflattened():
    r = grade("07.gradient_shift", lambda G, P: T.gradient_shift_reference(G, P)[::-1])
    assert_explained(r, "t.07.l2", "fb.gs.swapped")
    assert_explained(r, "t.07.cosine", "fb.gs.swapped")
    # np.dot of two matrices: an exception on the non-square probe, named as a flattening problem
    r = grade("07.gradient_shift", lambda G, P: (np.linalg.norm(G - P), np.dot(G, P)))
    assert_explained(r, "t.07.returns", "fb.gs.flatten_exc")
    r = grade("07.gradient_shift", lambda G, P: (np.linalg.norm(G - P), np.inner(G, P)))
    assert_explained(r, "t.07.returns", "fb.c7.not_scalar")
    # a per-column cosine is a vector, not a number
    r = grade("07.gradient_shift", lambda G, P: (
        np.linalg.norm(G - P),
        (G * P).sum(0) / (np.linalg.norm(G, axis=0) * np.linalg.norm(P, axis=0))))
    assert_explained(r, "t.07.returns", "fb.c7.not_scalar")
    assert r.score == 0


def test_gradient_shift_mutation():
    def in_place(G, P):
        G -= P
        return np.linalg.norm(G), 0.5

    assert_explained(grade("07.gradient_shift", in_place), "t.07.returns", "fb.gs.mutated")


# -- 07.noisy_bn -------------------------------------------------------------------------------
@pytest.mark.parametrize("fn", [
    lambda a, m, s: s * a + m,
    lambda a, m, s: np.add(np.multiply(a, s), m),
    lambda a, m, s: np.array([[si * ai + mi for ai, mi, si in zip(ra, rm, rs, strict=True)]
                              for ra, rm, rs in zip(a, m, s, strict=True)]),
])
def test_noisy_bn_right(fn):
    full_marks("07.noisy_bn", fn)


def noisy_matmul(a, m, s):
    return s @ a + m  # the message quotes this line


@pytest.mark.parametrize("fn,key", [
    (lambda a, m, s: (a + m) * s, "fb.nbn.add_first"),
    (lambda a, m, s: m * a + s, "fb.nbn.swapped"),
    (lambda a, m, s: a + m, "fb.nbn.mean_only"),
    (lambda a, m, s: s * a, "fb.nbn.scale_only"),
    (lambda a, m, s: s * a - m, "fb.nbn.subtract"),
    (lambda a, m, s: a / s + m, "fb.nbn.divide"),
    (lambda a, m, s: s.mean(0) * a + m.mean(0), "fb.nbn.one_per_feature"),
    (lambda a, m, s: a + s * m, "fb.nbn.noise_product"),
    (lambda a, m, s: noisy_matmul(a, m, s), "fb.nbn.matmul"),
    (lambda a, m, s: s * a + m + 0.01, "fb.nbn.generic"),
])
def test_noisy_bn_wrong(fn, key):
    assert_explained(grade("07.noisy_bn", fn), "t.07.noisy_values", key)


def test_noisy_bn_in_place():
    def in_place(a, m, s):
        a *= s
        a += m
        return a

    r = grade("07.noisy_bn", in_place)
    assert keys(r)["t.07.noisy_values"] == "fb.pass"
    assert_explained(r, "t.07.no_mutation", "fb.nbn.mutated")
    assert "out" in r.outcomes[1].text("en")


# -- 07.loss_along -----------------------------------------------------------------------------
def lg_loop(loss_fn, grad_fn, w, etas):
    g = grad_fn(w)
    out = np.empty(len(etas))
    for k, eta in enumerate(etas):
        step = w.copy()
        step -= eta * g  # in place on a copy: fine
        out[k] = loss_fn(step)
    return out


def lg_list(loss_fn, grad_fn, w, etas):
    return [loss_fn(w - eta * grad_fn(w)) for eta in etas]  # a list, gradient recomputed at w


@pytest.mark.parametrize("fn", [T.loss_along_gradient_reference, lg_loop, lg_list])
def test_loss_along_right(fn):
    full_marks("07.loss_along", fn)


def lg_cumulative(loss_fn, grad_fn, w, etas):
    g, x, out = grad_fn(w), w.copy(), []
    for eta in etas:
        x = x - eta * g
        out.append(loss_fn(x))
    return out


def lg_gd(loss_fn, grad_fn, w, etas):
    x, out = w.copy(), []
    for eta in etas:
        x = x - eta * grad_fn(x)
        out.append(loss_fn(x))
    return out


def lg_in_place(loss_fn, grad_fn, w, etas):
    g, out = grad_fn(w), []
    for eta in etas:
        w -= eta * g
        out.append(loss_fn(w))
    return out


def lg_in_place_restored(loss_fn, grad_fn, w, etas):
    out = lg_in_place(loss_fn, grad_fn, w, etas[:1])
    return np.array(out + [loss_fn(w - eta * grad_fn(w)) for eta in etas[1:]])


@pytest.mark.parametrize("fn,key", [
    (lambda f, g, w, e: [f(w + eta * g(w)) for eta in e], "fb.lg.ascent"),
    (lg_cumulative, "fb.lg.cumulative"),
    (lg_gd, "fb.lg.gd_steps"),
    (lambda f, g, w, e: [f(w - eta * g(w) / np.linalg.norm(g(w))) for eta in e],
     "fb.lg.unit_direction"),
    (lambda f, g, w, e: [f(w - eta * g(w)) - f(w) for eta in e], "fb.lg.difference"),
    (lg_in_place, "fb.lg.mutated"),
    (lambda f, g, w, e: [f(w - eta * g(w)) for eta in sorted(e)], "fb.lg.sorted"),
    (lambda f, g, w, e: [f(w - 2 * eta * g(w)) for eta in e], "fb.lg.generic"),
])
def test_loss_along_wrong(fn, key):
    r = grade("07.loss_along", fn)
    assert keys(r)["t.07.returns_losses"] == "fb.pass"
    assert_explained(r, "t.07.losses", key)


def lg_in_place_right(loss_fn, grad_fn, w, etas):
    """Right losses, but w is walked in place from one η to the next."""
    g, out, done = grad_fn(w), [], 0.0
    for eta in sorted(etas):
        w -= (eta - done) * g
        done = eta
        out.append((eta, loss_fn(w)))
    return [dict(out)[eta] for eta in etas]


def test_loss_along_right_values_but_w_changed():
    r = grade("07.loss_along", lg_in_place_right)
    assert keys(r)["t.07.returns_losses"] == "fb.pass"
    assert_explained(r, "t.07.losses", "fb.lg.mutated_right")


def test_loss_along_shapes():
    r = grade("07.loss_along", lambda f, g, w, e: np.array([f(w)]))
    assert_explained(r, "t.07.returns_losses", "fb.shape")
    r = grade("07.loss_along", lambda f, g, w, e: {eta: f(w - eta * g(w)) for eta in e})
    assert_explained(r, "t.07.returns_losses", "fb.not_array")
    r = grade("07.loss_along", lambda f, g, w, e: [f(w)] + [f(w - eta * g(w)) for eta in e])
    assert_explained(r, "t.07.returns_losses", "fb.lg.extra")
    r = grade("07.loss_along", lambda f, g, w, e: f(w - e * g(w)))  # all η at once
    assert_explained(r, "t.07.returns_losses", "fb.lg.broadcast")


# -- 07.beta_smoothness ------------------------------------------------------------------------
def beta_vectorized(grad_fn, w, etas):
    g = grad_fn(w)
    changes = np.array([np.linalg.norm(grad_fn(w - eta * g) - g) for eta in etas])
    return np.max(changes / (np.asarray(etas) * np.linalg.norm(g)))


def beta_loop(grad_fn, w, etas):
    g0 = grad_fn(w)
    best = -np.inf
    for eta in etas:
        w_new = w - eta * g0
        best = max(best, np.linalg.norm(grad_fn(w_new) - g0) / np.linalg.norm(w_new - w))
    return best


@pytest.mark.parametrize("fn", [T.effective_beta_reference, beta_vectorized, beta_loop])
def test_beta_right(fn):
    full_marks("07.beta_smoothness", fn)


def _ratios(grad_fn, w, etas, sign=-1.0):
    g = grad_fn(w)
    return np.array([np.linalg.norm(grad_fn(w + sign * eta * g) - g) / (eta * np.linalg.norm(g))
                     for eta in etas])


def beta_last(grad_fn, w, etas):
    g = grad_fn(w)
    for eta in etas:
        ratio = np.linalg.norm(grad_fn(w - eta * g) - g) / np.linalg.norm(eta * g)
    return ratio


@pytest.mark.parametrize("fn,test,key", [
    (lambda gf, w, e: max(np.linalg.norm(gf(w - eta * gf(w)) - gf(w)) for eta in e),
     "t.07.beta_quadratic", "fb.beta.no_divide"),
    (lambda gf, w, e: max(np.linalg.norm(gf(w - eta * gf(w)) - gf(w)) / eta for eta in e),
     "t.07.beta_quadratic", "fb.beta.eta_only"),
    (lambda gf, w, e: np.max(_ratios(gf, w, e) ** 2), "t.07.beta_quadratic", "fb.beta.squared"),
    (lambda gf, w, e: max(np.linalg.norm(gf(w - eta * gf(w)) - gf(w)) / np.linalg.norm(gf(w))
                          for eta in e), "t.07.beta_quadratic", "fb.beta.no_eta"),
    (lambda gf, w, e: (max(np.linalg.norm(gf(w - eta * gf(w)) - gf(w)) for eta in e)
                       / (max(e) * np.linalg.norm(gf(w)))), "t.07.beta_general",
     "fb.beta.ratio_of_maxes"),
    (lambda gf, w, e: np.mean(_ratios(gf, w, e)), "t.07.beta_general", "fb.beta.mean"),
    (lambda gf, w, e: np.min(_ratios(gf, w, e)), "t.07.beta_general", "fb.beta.min"),
    (lambda gf, w, e: _ratios(gf, w, e)[0], "t.07.beta_general", "fb.beta.first"),
    (beta_last, "t.07.beta_general", "fb.beta.last"),
    (lambda gf, w, e: np.max(_ratios(gf, w, e, sign=1.0)), "t.07.beta_general",
     "fb.beta.ascent"),
    (lambda gf, w, e: 1.5 * np.max(_ratios(gf, w, e)), "t.07.beta_quadratic",
     "fb.beta.generic"),
])
def test_beta_wrong(fn, test, key):
    r = grade("07.beta_smoothness", fn)
    assert_explained(r, test, key)
    if test == "t.07.beta_general":  # the quadratic cannot tell these apart; the quartic can
        assert keys(r)["t.07.beta_quadratic"] == "fb.beta.quadratic_ok"


def test_beta_returns():
    r = grade("07.beta_smoothness", lambda gf, w, e: list(_ratios(gf, w, e)))
    assert_explained(r, "t.07.returns_beta", "fb.beta.many")
    r = grade("07.beta_smoothness", lambda gf, w, e: np.max(
        np.linalg.norm(gf(w - e * gf(w)) - gf(w)) / (e * np.linalg.norm(gf(w)))))
    assert_explained(r, "t.07.returns_beta", "fb.beta.broadcast")


def test_beta_mutation():
    def in_place(grad_fn, w, etas):
        g = grad_fn(w)
        w -= etas[0] * g
        return 1.0

    assert_explained(grade("07.beta_smoothness", in_place), "t.07.returns_beta",
                     "fb.beta.mutated")


def test_closed_form_of_the_quadratic_probe():
    """The quadratic probe's answers are ‖Ag‖/‖g‖ and λ_max(A) = 4, and the reference meets them
    for every step size (the closed form the grader quotes)."""
    cases = T.quadratic_beta_cases()
    assert cases[1][3] == pytest.approx(4.0)
    for p, w, etas, want in cases:
        for eta in etas:
            assert T.effective_beta_reference(p.grad, w, [eta]) == pytest.approx(want, rel=1e-10)
        assert want <= 4.0 + 1e-12


# -- junk input: a message, never an exception --------------------------------------------------
CODE_TASKS = ["07.gradient_shift", "07.noisy_bn", "07.loss_along", "07.beta_smoothness"]


def _raises(*args):
    raise ZeroDivisionError("boom")


def _not_done(*args):
    raise NotImplementedError


@pytest.mark.parametrize("task_id", CODE_TASKS)
def test_junk(task_id):
    assert grade(task_id, None).status == "not_done"
    assert grade(task_id, _not_done).status == "not_done"
    first = get_task(task_id).tests[0].name
    for answer, key in [(_raises, "fb.exception"), (lambda *a: None, "fb.none"),
                        (3.0, "fb.not_callable"),
                        (lambda *a: np.full((2, 2, 2), np.nan), None)]:
        r = grade(task_id, answer)
        assert r.score == 0
        if key:
            assert keys(r)[first] == key, (task_id, keys(r))
        for lang in ("ko", "en"):
            assert r.text(lang)


def test_nan_and_shapes():
    r = grade("07.gradient_shift", lambda G, P: (np.nan, 1.0))
    assert_explained(r, "t.07.returns", "fb.nan")
    r = grade("07.gradient_shift", lambda G, P: (1.0,))
    assert_explained(r, "t.07.returns", "fb.not_tuple")
    r = grade("07.gradient_shift", lambda G, P: ("1", 0.5))
    assert_explained(r, "t.07.returns", "fb.c7.not_number")
    r = grade("07.noisy_bn", lambda a, m, s: (s * a + m).T)
    assert_explained(r, "t.07.noisy_values", "fb.shape")
    r = grade("07.beta_smoothness", lambda gf, w, e: np.inf)
    assert_explained(r, "t.07.returns_beta", "fb.nan")
    r = grade("07.loss_along", lambda f, g, w, e: np.full(len(e), np.nan))
    assert_explained(r, "t.07.returns_losses", "fb.nan")


def test_timeout():
    def forever(*args):
        while True:
            pass

    r = grade("07.noisy_bn", forever, timeout=0.3)
    assert keys(r)["t.07.noisy_values"] == "fb.timeout"


# -- the references (the chapter module's functions): forbidden to learners, and right -------------
def test_chapter_solutions_are_forbidden():
    from bnbook.chapters import ch07

    r = grade("07.noisy_bn", ch07.noisy_bn)
    assert keys(r)["t.07.noisy_values"] == "fb.uses_library"
    r = grade("07.beta_smoothness", lambda gf, w, e: ch07.effective_beta_smoothness(gf, w, e))
    assert keys(r)["t.07.returns_beta"] == "fb.uses_library" and r.score == 0
    r = grade("07.gradient_shift", lambda G, P: ch07.gradient_shift(G, P))
    assert keys(r)["t.07.returns"] == "fb.uses_library"


def test_references_match_the_formulas():
    """The grader's references (bnbook.chapters.ch07) against the formulas written out here."""
    for G, P in T.shift_cases():
        g, p = G.ravel(), P.ravel()
        cos = np.sum(g * p) / np.sqrt(np.sum(g * g) * np.sum(p * p))
        want = (np.sqrt(np.sum((g - p) ** 2)), cos)
        assert T.gradient_shift_reference(G, P) == pytest.approx(want, rel=1e-12)
    for p, w, etas in T.landscape_cases():
        g = p.grad(w)
        np.testing.assert_allclose(T.loss_along_gradient_reference(p.loss, p.grad, w, etas),
                                   [p.loss(w - eta * g) for eta in etas], rtol=1e-12)
        ratios = [np.linalg.norm(p.grad(w - eta * g) - g) / (eta * np.linalg.norm(g))
                  for eta in etas]
        assert T.effective_beta_reference(p.grad, w, etas) == pytest.approx(max(ratios), rel=1e-12)


# -- conceptual questions ----------------------------------------------------------------------
def test_questions():
    for answer in ("a", "A", " (a) "):
        assert grade("07.which_layers", answer).passed
    for letter, key in (("b", "fb.wl.a"), ("c", "fb.wl.c"), ("d", "fb.wl.d")):
        r = grade("07.which_layers", letter)
        assert_explained(r, "t.choice", key)
    assert grade("07.noisy_supports", "b").passed
    for letter, key in (("a", "fb.ns.a"), ("c", "fb.ns.b"), ("d", "fb.ns.helps")):
        assert_explained(grade("07.noisy_supports", letter), "t.choice", key)
    assert keys(grade("07.noisy_supports", 3))["t.choice"] == "fb.choice_type"


def test_beta_quadratic_question():
    A = np.array([[7, 2], [2, 4]])  # the matrix in the question: eigenvalues 8 and 3
    for answer in (8, 8.0, float(np.linalg.eigvalsh(A).max()), np.float32(8.0004),
                   np.linalg.norm(A, 2)):
        assert grade("07.beta_quadratic", answer).passed, answer
    for answer, key in [(3, "fb.bq.min"), (7, "fb.bq.diag"), (11, "fb.bq.trace"),
                        (24, "fb.bq.det"), (4, "fb.bq.half"), (64, "fb.bq.squared"),
                        (np.sqrt(73), "fb.bq.frobenius"), (16, "fb.bq.double"),
                        (5, "fb.bq.generic")]:
        assert_explained(grade("07.beta_quadratic", answer), "t.value", key)
    for junk in ("8", None, np.nan, [8.0]):
        r = grade("07.beta_quadratic", junk)
        assert r.score == 0 and r.text("ko") and r.text("en")


def test_gradient_shift_frobenius_order_on_vectors():
    def fro(G, P):
        n = np.linalg.norm(G, "fro") * np.linalg.norm(P, "fro")
        return np.linalg.norm(G - P, "fro"), np.sum(G * P) / n

    assert_explained(grade("07.gradient_shift", fro), "t.07.returns", "fb.gs.norm_order")


def test_all_step_sizes_passed_to_the_probe_at_once():
    def lg_stack(loss_fn, grad_fn, w, etas):
        return loss_fn(w - np.asarray(etas)[:, None] * grad_fn(w))

    def beta_stack(grad_fn, w, etas):
        g, e = grad_fn(w), np.asarray(etas)
        change = np.linalg.norm(grad_fn(w - e[:, None] * g) - g, axis=1)
        return float(np.max(change / (e * np.linalg.norm(g))))

    assert_explained(grade("07.loss_along", lg_stack), "t.07.returns_losses", "fb.c7.one_point")
    assert_explained(grade("07.beta_smoothness", beta_stack), "t.07.returns_beta",
                     "fb.c7.one_point")
