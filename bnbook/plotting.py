"""The book's figure style and a few plotting helpers the chapters share.

:func:`use_book_style` is called once per notebook by ``bnbook.setup(lang)``: Hangul-capable fonts
(NanumGothic via ``koreanize_matplotlib``), modest figure size and dpi so stored PNGs stay small, a
light grid, no top/right spines, and deterministic output files.

The helpers take labels that are already translated (callers use ``bnbook.t``); the few strings the
helpers add themselves come from this module's ko/en table.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np

from . import i18n

i18n.register({
    "plotting.step": {"ko": "학습 스텝", "en": "training step"},
})

#: rcParams of the book's figures (applied by :func:`use_book_style`).
BOOK_RC: dict[str, object] = {
    "figure.figsize": (6.0, 3.5),
    "figure.dpi": 100,              # inline PNGs of 600 x 350 px
    "savefig.dpi": "figure",
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 1.6,
    "axes.unicode_minus": False,    # NanumGothic has no U+2212 (minus sign): use ASCII '-'
    "svg.hashsalt": "bnbook",       # deterministic SVG element ids
    "image.cmap": "viridis",
}


#: One colour per kind of network, in every figure of the book (Okabe–Ito palette, colour-blind
#: safe). Chapters take their colours from here; never a literal colour for a kind of network in
#: a chapter.
NETWORK_COLORS: dict[str, str] = {
    "bn": "#0072B2",          # with batch normalization: blue
    "plain": "#7f7f7f",       # without normalization: grey
    "noisy_bn": "#D55E00",    # BN with injected noise (chapter 7): vermillion
    "dropout": "#009E73",     # Dropout (chapter 4): green
    "bn_dropout": "#CC79A7",  # BN + Dropout (chapter 4): purple
    "layernorm": "#E69F00",   # LayerNorm (chapter 8): orange
    "groupnorm": "#56B4E9",   # GroupNorm (chapter 8): sky blue
    "instancenorm": "#F0E442",  # InstanceNorm (chapter 8): yellow
}


def network_color(kind: str) -> str:
    """The book's colour for a kind of network (a key of :data:`NETWORK_COLORS`)."""
    try:
        return NETWORK_COLORS[kind]
    except KeyError:
        raise ValueError(f"no colour for network kind {kind!r}; known: "
                         f"{sorted(NETWORK_COLORS)}") from None


def use_book_style() -> None:
    """Apply the book's figure style: Hangul fonts, :data:`BOOK_RC`, deterministic files.

    Imports ``matplotlib.pyplot`` first so that the notebook's inline backend is already active and
    cannot overwrite these settings afterwards.
    """
    # SOURCE_DATE_EPOCH removes creation dates from PDF/PS/SVG metadata; PNG carries none.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    import matplotlib.pyplot  # noqa: F401  (activates the backend before we set rcParams)

    with warnings.catch_warnings():   # koreanize_matplotlib 0.1.1 uses distutils' LooseVersion
        warnings.simplefilter("ignore", DeprecationWarning)
        import koreanize_matplotlib  # noqa: F401  (registers NanumGothic and selects it)

    mpl.rcParams.update(BOOK_RC)
    mpl.rcParams["font.family"] = ["NanumGothic", "DejaVu Sans"]


def moving_average(x, window: int = 10) -> np.ndarray:
    """Trailing moving average of a 1-D series x: (T,) -> (T,); the first ``window − 1`` values
    average what is there so far."""
    c = np.cumsum(np.insert(np.asarray(x, dtype=float), 0, 0.0))
    n = np.arange(1, len(x) + 1)
    lo = np.maximum(n - window, 0)
    return (c[n] - c[lo]) / (n - lo)


def new_figure(ncols: int = 1, nrows: int = 1, **kw):
    """A pyplot figure with ``nrows x ncols`` axes in the book's style -> ``(fig, axes)``.

    ``axes`` is one Axes for a 1 x 1 grid, else an array (as ``plt.subplots``). The size grows with
    the grid unless ``figsize=`` is given; ``layout`` defaults to ``"constrained"``. Other keywords
    go to ``plt.subplots``.
    """
    import matplotlib.pyplot as plt

    if ncols < 1 or nrows < 1:
        raise ValueError(f"new_figure needs ncols >= 1 and nrows >= 1; got ncols={ncols}, "
                         f"nrows={nrows}")
    width = 6.0 if ncols <= 2 else 3.0 * ncols
    height = 3.5 if nrows == 1 else 2.8 * nrows
    kw.setdefault("figsize", (width, height))
    kw.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, **kw)


def _as_series(name: str, values, n: int) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) like steps; got {arr.shape}")
    return arr


def plot_percentiles(ax, steps: Sequence[float], p15, p50, p85, label: str | None = None,
                     color=None):
    """Draw a distribution over training as its 15th, 50th and 85th percentiles (the style of
    Ioffe & Szegedy 2015, Fig. 1(b, c)): median as a line, 15–85 band shaded and outlined.

    ``steps``, ``p15``, ``p50``, ``p85``: (T,). ``label`` names the curve in the legend (already
    translated). Returns the median's Line2D.
    """
    steps = np.asarray(steps, dtype=float)
    if steps.ndim != 1:
        raise ValueError(f"steps must be one-dimensional; got shape {steps.shape}")
    n = steps.shape[0]
    lo, mid, hi = (_as_series(nm, v, n) for nm, v in (("p15", p15), ("p50", p50), ("p85", p85)))
    if np.any(lo > mid + 1e-12) or np.any(mid > hi + 1e-12):
        raise ValueError("plot_percentiles needs p15 <= p50 <= p85 at every step")
    (line,) = ax.plot(steps, mid, color=color, label=label)
    c = line.get_color()
    ax.plot(steps, lo, color=c, linewidth=0.8, alpha=0.8)
    ax.plot(steps, hi, color=c, linewidth=0.8, alpha=0.8)
    ax.fill_between(steps, lo, hi, color=c, alpha=0.15, linewidth=0)
    if ax.get_xlabel() == "":
        ax.set_xlabel(i18n.t("plotting.step"))
    if label is not None:
        ax.legend()
    return line


def plot_curves(ax, steps: Sequence[float], curves: Mapping[str, Sequence[float]], **kw):
    """Plot several curves over the same ``steps`` (T,): ``curves`` maps an (already translated)
    label to values (T,). Keywords go to every ``ax.plot``. Returns the list of Line2D, in order.
    """
    steps = np.asarray(steps, dtype=float)
    if steps.ndim != 1:
        raise ValueError(f"steps must be one-dimensional; got shape {steps.shape}")
    if not curves:
        raise ValueError("plot_curves needs at least one curve")
    lines = []
    for label, values in curves.items():
        y = _as_series(f"curve {label!r}", values, steps.shape[0])
        (line,) = ax.plot(steps, y, label=label, **kw)
        lines.append(line)
    if ax.get_xlabel() == "":
        ax.set_xlabel(i18n.t("plotting.step"))
    ax.legend()
    return lines
