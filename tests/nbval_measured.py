"""nbval with a numeric tolerance for cells that print *measurements*.

The book's convention (issue 10): a **fact** (exact mathematics, float64 closed forms, shapes,
counts) is printed exactly and nbval compares it strictly. A **measurement** (anything out of
float32 training or a random experiment) differs in its last digits between OpenBLAS kernels, numpy
builds and operating systems. The code cell that prints one carries

* the tag ``measured`` in ``metadata.tags``, and
* ``metadata.bnbook = {"atol": A, "rtol": R, "why": "<measured spread that justifies A and R>"}``.

For such a cell this plugin compares the text outputs (streams, ``text/plain``, ``text/html``,
``text/markdown``) as follows:

* the text between numbers must be equal (runs of spaces and tabs count as one space, so a column
  that widens by a digit or a minus sign does not fail; newlines are kept, so a missing line fails);
* both outputs must hold the same count of numbers;
* each number must lie within ``atol + rtol * |expected|`` of the stored one (nan equals nan).

Every other output of the cell (and every cell without the tag) stays nbval-strict; images are not
compared by nbval anyway. Outputs are sanitized (``--nbval-sanitize-with``) before the comparison.
A ``measured`` cell without a ``why``, with a negative or missing tolerance, or ``metadata.bnbook``
tolerances on a cell without the tag, is an error.

Loaded by the repository's ``conftest.py`` (``pytest_plugins``), so any pytest run in the
repository, ``pytest --nbval chapters/ko/03_bias_elimination.ipynb`` included, uses it. It wraps
``nbval.plugin.IPyNbCell.compare_outputs`` (nbval 0.11).
"""

from __future__ import annotations

import copy
import math
import re
from typing import NamedTuple

from nbval import plugin as _nbval

TAG = "measured"
#: Output fields compared with tolerance in a ``measured`` cell (stream names and MIME types).
TEXT_KEYS = ("stdout", "stderr", "text/plain", "text/html", "text/markdown",
             # values glued for the prose (myst-nb glue) are measurements like the printed ones
             "application/papermill.record/text/plain",
             "application/papermill.record/text/html")

# A number: not glued to an ASCII word or another number on the left ("W1", "gamma1", "1.2.3" stay
# text), not followed by an ASCII letter (a Korean particle may follow: "0.91입니다").
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])[-+]?(?:nan|inf|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?![A-Za-z_])")
_SPACES = re.compile(r"[ \t]+")


class Tolerance(NamedTuple):
    atol: float
    rtol: float
    why: str


class MeasuredSpecError(ValueError):
    """A cell's ``measured`` tag and ``metadata.bnbook`` do not fit together."""


def measured_spec(cell) -> Tolerance | None:
    """The tolerance of a ``measured`` code cell, None for any other cell.

    Raises MeasuredSpecError for a tagged cell without ``metadata.bnbook`` atol/rtol/why, and for
    tolerances on an untagged cell (they would be silently ignored).
    """
    metadata = cell.get("metadata", {}) or {}
    tagged = TAG in (metadata.get("tags") or [])
    spec = metadata.get("bnbook")
    tolerance_keys = {"atol", "rtol", "why"} & set(spec or {})
    if not tagged:
        if tolerance_keys:
            raise MeasuredSpecError(
                f"metadata.bnbook has {sorted(tolerance_keys)} but the cell has no "
                f"{TAG!r} tag: add the tag (metadata.tags) or remove the tolerances")
        return None
    if not isinstance(spec, dict):
        raise MeasuredSpecError(
            f"a {TAG!r} cell needs metadata.bnbook = {{\"atol\": A, \"rtol\": R, \"why\": "
            f"\"<measured spread that justifies A and R>\"}}")
    why = spec.get("why")
    if not isinstance(why, str) or not why.strip():
        raise MeasuredSpecError(
            f"a {TAG!r} cell needs metadata.bnbook.why: the measured spread (kernels, seeds) that "
            f"justifies atol/rtol, e.g. 'max |Δ| 0.004 over SkylakeX/Haswell/Sandybridge'")
    values = {}
    for key in ("atol", "rtol"):
        value = spec.get(key, 0.0 if key == "rtol" else None)
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            raise MeasuredSpecError(
                f"metadata.bnbook.{key} must be a number >= 0; got {value!r}")
        values[key] = float(value)
    return Tolerance(values["atol"], values["rtol"], why)


def split_numbers(text: str) -> tuple[list[str], list[str]]:
    """``text`` -> (the text pieces around the numbers, spaces collapsed; the numbers)."""
    pieces = _NUMBER.split(text)
    numbers = _NUMBER.findall(text)
    return [_SPACES.sub(" ", piece) for piece in pieces], numbers


def compare_text(expected: str, got: str, tol: Tolerance) -> str | None:
    """None if ``got`` matches ``expected`` under ``tol``, else why not (one line)."""
    exp_text, exp_nums = split_numbers(expected)
    got_text, got_nums = split_numbers(got)
    if len(exp_nums) != len(got_nums):
        return (f"{len(exp_nums)} numbers in the stored output, {len(got_nums)} in the new one")
    for i, (a, b) in enumerate(zip(exp_text, got_text, strict=True)):
        if a != b:
            return f"text differs (piece {i} around the numbers): stored {a!r}, new {b!r}"
    for i, (a, b) in enumerate(zip(exp_nums, got_nums, strict=True)):
        x, y = float(a), float(b)
        if math.isnan(x) or math.isnan(y):
            if not (math.isnan(x) and math.isnan(y)):
                return f"number {i}: stored {a}, new {b}"
            continue
        if x == y:
            continue
        limit = tol.atol + tol.rtol * abs(x)
        if not abs(y - x) <= limit:
            return (f"number {i}: stored {a}, new {b}: |Δ| = {abs(y - x):.3g} > "
                    f"atol + rtol·|stored| = {limit:.3g} (why: {tol.why})")
    return None


def _text_fields(outputs):
    """{key: [(container, field), ...]} for the tolerant keys, in output order (nbval's pairing)."""
    fields: dict[str, list] = {}
    for out in outputs:
        if out.get("output_type") == "stream":
            if out.get("name") in TEXT_KEYS:
                fields.setdefault(out["name"], []).append((out, "text"))
        for mime in (out.get("data") or {}):
            if mime in TEXT_KEYS:
                fields.setdefault(mime, []).append((out["data"], mime))
    return fields


# Imported twice (as a plugin and by its tests)? Wrap nbval's own method, once.
_original_compare_outputs = getattr(_nbval.IPyNbCell.compare_outputs, "__wrapped__",
                                    _nbval.IPyNbCell.compare_outputs)


def compare_outputs(self, test, ref, skip_compare=None):
    """nbval's comparison; in a ``measured`` cell, text within tolerance counts as equal."""
    try:
        tol = measured_spec(self.cell)
    except MeasuredSpecError as err:
        self.raise_cell_error(f"bad 'measured' metadata: {err}")
    if tol is None:
        return _original_compare_outputs(self, test, ref, skip_compare)
    test = copy.deepcopy(list(test))
    reasons = []
    test_fields, ref_fields = _text_fields(test), _text_fields(ref)
    for key, ref_list in ref_fields.items():
        test_list = test_fields.get(key, [])
        if len(test_list) != len(ref_list):
            continue  # nbval reports the different count
        for (t_box, t_key), (r_box, r_key) in zip(test_list, ref_list, strict=True):
            expected, got = self.sanitize(r_box[r_key]), self.sanitize(t_box[t_key])
            if expected == got:
                continue
            reason = compare_text(expected, got, tol)
            if reason is None:
                t_box[t_key] = r_box[r_key]  # equal within tolerance: let nbval see the stored text
            else:
                reasons.append(f"{key}: {reason}")
    ok = _original_compare_outputs(self, test, ref, skip_compare)
    if not ok and reasons:
        self.comparison_traceback.insert(
            0, f"'measured' cell (atol={tol.atol:g}, rtol={tol.rtol:g}): " + "; ".join(reasons))
    return ok


compare_outputs.__wrapped__ = _original_compare_outputs
_nbval.IPyNbCell.compare_outputs = compare_outputs
