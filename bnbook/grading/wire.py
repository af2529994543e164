"""Plain data between the judge and the sandboxed learner kernel: one JSON object per line.

Only data crosses: ``None``, bool, int, float (NaN/inf kept), str, lists, tuples, dicts, numpy
arrays and scalars (``.npy`` bytes in base64, read with ``allow_pickle=False``, so no object
arrays) and the state of a ``numpy.random.Generator``. Anything else (a learner's cache object,
a function) stays where it lives and crosses as a *handle* ``{"__ref__": n}``; the other side
turns it into a stand-in (:class:`Ref`) that can be handed back. No pickle, no eval: decoding a
message can build nothing but these types.
"""

from __future__ import annotations

import base64
import io
import json

import numpy as np

MAX_LINE = 64 * 1024 * 1024  # bytes of one message; more is a protocol error
_DEPTH = 64


class WireError(Exception):
    """A message that is not plain data of the kinds above."""


class Ref:
    """Stand-in for an object that lives on the other side (``ident``), with its type name and
    a short ``repr`` as that side reported them (text of the learner's own run)."""

    def __init__(self, ident: int, typ: str = "object", text: str = "", is_callable: bool = False,
                 name: str | None = None):
        self.ident, self.typ, self.text, self.is_callable = ident, typ, text, is_callable
        self.name = name

    def __repr__(self) -> str:
        return self.text or f"<{self.typ}>"


def encode(value, refer=None, depth: int = 0):
    """``value`` as JSON-ready data; ``refer(obj) -> dict`` makes a handle for anything else
    (without ``refer`` that is a :class:`WireError`)."""
    if depth > _DEPTH:
        raise WireError("nested too deeply")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else {"__int__": str(value)}
    if isinstance(value, float):
        return value
    if isinstance(value, Ref):
        return {"__ref__": value.ident}
    if isinstance(value, np.ndarray | np.generic):
        arr = np.asarray(value)
        if arr.dtype.hasobject or arr.dtype.fields is not None:
            return _refer(value, refer)
        buf = io.BytesIO()
        np.save(buf, arr if arr.flags.c_contiguous else arr.copy(order="C"), allow_pickle=False)
        kind = "__npy__" if isinstance(value, np.ndarray) else "__np__"
        return {kind: base64.b64encode(buf.getvalue()).decode("ascii")}
    if isinstance(value, np.random.Generator):
        return {"__rng__": _plain(value.bit_generator.state)}
    if type(value) is tuple:
        return {"__tuple__": [encode(v, refer, depth + 1) for v in value]}
    if type(value) is list:
        return [encode(v, refer, depth + 1) for v in value]
    if type(value) is dict:
        return {"__dict__": [[encode(k, refer, depth + 1), encode(v, refer, depth + 1)]
                             for k, v in value.items()]}
    return _refer(value, refer)


def _refer(value, refer):
    if refer is None:
        raise WireError(f"not plain data: {type(value).__name__}")
    return refer(value)


def _plain(state):
    """A bit generator's state dict with numpy ints as Python ints."""
    if isinstance(state, dict):
        return {str(k): _plain(v) for k, v in state.items()}
    if isinstance(state, np.ndarray):
        return {"__npy_list__": state.tolist(), "dtype": str(state.dtype)}
    if isinstance(state, np.integer):
        return int(state)
    return state


def _unplain(state):
    if isinstance(state, dict):
        if "__npy_list__" in state:
            return np.asarray(state["__npy_list__"], dtype=np.dtype(str(state["dtype"])))
        return {k: _unplain(v) for k, v in state.items()}
    return state


_BIT_GENERATORS = {"PCG64": np.random.PCG64, "PCG64DXSM": np.random.PCG64DXSM,
                   "MT19937": np.random.MT19937, "Philox": np.random.Philox,
                   "SFC64": np.random.SFC64}


def make_generator(state: dict) -> np.random.Generator:
    name = state.get("bit_generator") if isinstance(state, dict) else None
    if name not in _BIT_GENERATORS:
        raise WireError("unknown bit generator")
    bg = _BIT_GENERATORS[name]()
    bg.state = _unplain(state)
    return np.random.Generator(bg)


def decode(data, resolve=None, depth: int = 0):
    """The inverse of :func:`encode`; ``resolve(handle_dict)`` turns a handle into an object."""
    if depth > _DEPTH:
        raise WireError("nested too deeply")
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v, resolve, depth + 1) for v in data]
    if not isinstance(data, dict) or len(data) == 0:
        raise WireError("unexpected value")
    if "__npy__" in data or "__np__" in data:
        raw = base64.b64decode(data.get("__npy__") or data.get("__np__"), validate=True)
        arr = np.load(io.BytesIO(raw), allow_pickle=False)
        if not isinstance(arr, np.ndarray):
            raise WireError("not an array")
        return arr if "__npy__" in data else arr[()]
    if "__tuple__" in data:
        return tuple(decode(v, resolve, depth + 1) for v in _list(data["__tuple__"]))
    if "__dict__" in data:
        out = {}
        for pair in _list(data["__dict__"]):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise WireError("bad dict item")
            key = decode(pair[0], resolve, depth + 1)
            try:
                hash(key)
            except TypeError:
                raise WireError("unhashable key") from None
            out[key] = decode(pair[1], resolve, depth + 1)
        return out
    if "__int__" in data:
        return int(str(data["__int__"])[:400])
    if "__rng__" in data:
        return make_generator(data["__rng__"])
    if "__ref__" in data:
        if resolve is None:
            raise WireError("unexpected handle")
        return resolve(data)
    raise WireError("unknown tag")


def _list(value) -> list:
    if not isinstance(value, list):
        raise WireError("expected a list")
    return value


def dumps(message: dict) -> bytes:
    return (json.dumps(message, allow_nan=True, separators=(",", ":")) + "\n").encode("utf-8")


def loads(line: bytes) -> dict:
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise WireError("not JSON") from exc
    if not isinstance(message, dict):
        raise WireError("not an object")
    return message


def update_in_place(target, new) -> bool:
    """Make the judge's argument ``target`` look like the learner's post-call ``new`` (for the
    "inputs left unchanged" and "bn_param updated" checks). True if it could."""
    if isinstance(target, np.ndarray) and isinstance(new, np.ndarray):
        if target.shape == new.shape and target.flags.writeable:
            try:
                np.copyto(target, new, casting="unsafe")
                return True
            except (TypeError, ValueError):
                return False
        return False
    if isinstance(target, dict) and isinstance(new, dict):
        for key in list(target):
            if key not in new:
                del target[key]
        for key, value in new.items():
            old = target.get(key)
            if not (isinstance(old, np.ndarray) and isinstance(value, np.ndarray)
                    and old.shape == value.shape and old.dtype == value.dtype
                    and update_in_place(old, value)):
                target[key] = value
        return True
    if isinstance(target, list) and isinstance(new, list):
        target[:] = new
        return True
    if isinstance(target, tuple) and isinstance(new, tuple) and len(target) == len(new):
        return all([update_in_place(a, b) for a, b in zip(target, new, strict=True)])
    if isinstance(target, np.random.Generator) and isinstance(new, np.random.Generator):
        try:
            target.bit_generator.state = new.bit_generator.state
        except (TypeError, ValueError):
            return False
        return True
    return False
