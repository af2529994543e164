"""The plain-data wire between the judge and the learner's kernel: what crosses, what cannot."""

from __future__ import annotations

import base64
import io
import math

import numpy as np
import pytest

from bnbook.grading import wire


def roundtrip(value, refer=None, resolve=None):
    return wire.decode(wire.loads(wire.dumps({"v": wire.encode(value, refer)}))["v"], resolve)


def test_plain_values_cross_unchanged():
    value = {"x": np.arange(6.0).reshape(2, 3), 3: (1, 2.5, "a", None, True), "n": [float("nan")],
             "s": np.float32(1.5), "big": 2**70, "i": np.int64(7), "f32": np.ones(2, np.float32)}
    got = roundtrip(value)
    assert set(got) == set(value) and isinstance(got[3], tuple)
    assert np.array_equal(got["x"], value["x"]) and got["f32"].dtype == np.float32
    assert math.isnan(got["n"][0]) and got["big"] == 2**70
    assert type(got["s"]) is np.float32 and type(got["i"]) is np.int64
    zero_d = roundtrip(np.array(2.0))
    assert isinstance(zero_d, np.ndarray) and zero_d.shape == ()
    assert roundtrip(np.arange(6.0).reshape(2, 3).T).shape == (3, 2)


def test_a_generator_crosses_with_its_state():
    rng = np.random.default_rng(3)
    rng.normal(size=5)
    twin = roundtrip(rng)
    assert np.array_equal(twin.normal(size=4), rng.normal(size=4))


def test_anything_else_needs_a_handle_and_pickles_never_load():
    with pytest.raises(wire.WireError):
        wire.encode(object())
    with pytest.raises(wire.WireError):
        wire.encode(np.array([object()], dtype=object))
    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    evil = {"__npy__": base64.b64encode(buf.getvalue()).decode()}
    with pytest.raises(ValueError):  # numpy refuses: allow_pickle=False
        wire.decode(evil)
    for bad in ({"__ref__": 1}, {"__eval__": "1"}, {}, {"__dict__": [[[1], 2]]}):
        with pytest.raises(wire.WireError):
            wire.decode(bad)
    handles = {}
    ref = roundtrip(lambda: 1, refer=lambda o: handles.setdefault("h", {"__ref__": 7}),
                    resolve=lambda h: ("resolved", h["__ref__"]))
    assert ref == ("resolved", 7)


def test_update_in_place_mirrors_the_learners_changes():
    x = np.zeros(3)
    param = {"running_mean": np.zeros(2), "mode": "train", "gone": 1}
    kept = param["running_mean"]
    assert wire.update_in_place(x, np.ones(3)) and np.array_equal(x, np.ones(3))
    assert wire.update_in_place(param, {"running_mean": np.ones(2), "mode": "test"})
    assert param == {"running_mean": kept, "mode": "test"} and np.array_equal(kept, np.ones(2))
    pair = (np.zeros(1), np.zeros(1))
    assert wire.update_in_place(pair, (np.ones(1), np.full(1, 2.0)))
    assert pair[1][0] == 2.0
