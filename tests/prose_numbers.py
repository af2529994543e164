"""Checking that a chapter's prose quotes a measured number consistently with the stored output.

A measurement (float32 training, a random experiment) is quoted in the prose at a precision that
survives other BLAS kernels, numpy builds and seeds ("about 0.58"). The tests read the number from
the stored output or the saved JSON and check that the prose quotes it: some number in the prose
written with the given number of decimals lies within half a unit of its last digit plus ``tol``
(the measured spread, written beside each call). No test retypes the digits.
"""

from __future__ import annotations

import re

# a decimal number, not part of a word, a LaTeX command argument or a longer number
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.(\d+))?(?![\d])")


def numbers(text: str) -> list[float]:
    """Every number in ``text``, in order (signs ignored: the book's prose writes − for minus)."""
    return [float(m.group(0)) for m in _NUMBER.finditer(text)]


def numbers_with_decimals(text: str, decimals: int) -> list[float]:
    """The numbers in ``text`` written with exactly ``decimals`` decimals (0: integers)."""
    out = []
    for m in _NUMBER.finditer(text):
        written = len(m.group(1)) if m.group(1) else 0
        if written == decimals:
            out.append(float(m.group(0)))
    return out


def assert_quoted(text: str, value: float, *, decimals: int, tol: float, what: str = "") -> None:
    """``text`` quotes ``value`` at ``decimals`` decimals, within rounding plus ``tol``."""
    half = 0.5 * 10.0 ** (-decimals)
    candidates = numbers_with_decimals(text, decimals)
    best = min(candidates, key=lambda v: abs(v - value), default=None)
    assert best is not None and abs(best - value) <= half + tol + 1e-12, (
        f"{what}: the prose should quote {value} at {decimals} decimals (±{tol}); "
        f"closest number written that way: {best}")


def percent_quoted(text: str, fraction: float, *, decimals: int, tol: float,
                   what: str = "") -> None:
    """``text`` quotes ``fraction`` as a percentage ("13%") at ``decimals`` decimals."""
    found = [float(m.group(1)) for m in re.finditer(r"(\d+(?:\.\d+)?)\s?%", text)
             if (len(m.group(1).split(".")[1]) if "." in m.group(1) else 0) == decimals]
    half = 0.5 * 10.0 ** (-decimals)
    best = min(found, key=lambda v: abs(v - 100 * fraction), default=None)
    assert best is not None and abs(best - 100 * fraction) <= half + 100 * tol + 1e-9, (
        f"{what}: the prose should quote {100 * fraction:.3f}% at {decimals} decimals; "
        f"closest: {best}")
