"""The book's figure style and a few plotting helpers the chapters share.

:func:`use_book_style` is called once per notebook by ``bnbook.setup(lang)``: a Hangul-capable font
(Noto Sans CJK, see :func:`hangul_font`), modest figure size and dpi so stored PNGs stay small, a
light grid, no top/right spines, and deterministic output files.

The helpers take labels that are already translated (callers use ``bnbook.t``); the few strings the
helpers add themselves come from this module's ko/en table.
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np

from . import i18n

i18n.register({
    "plotting.step": {"ko": "학습 스텝", "en": "training step"},
    "plotting.no_hangul_font": {
        "ko": "그림의 한글을 그릴 글꼴이 없어 한글이 네모로 보입니다. "
              "`pip install noto-cjk-sans-otc`로 글꼴을 설치한 뒤 커널을 다시 시작하세요.",
        "en": "No font for the Hangul in figures: Korean text will show as boxes. Install one with "
              "`pip install noto-cjk-sans-otc` and restart the kernel.",
    },
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
    "axes.unicode_minus": False,    # ASCII '-' (some Hangul fonts, e.g. NanumGothic, lack U+2212)
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


#: The book's Hangul font: Noto Sans CJK Regular (SIL Open Font License 1.1), installed from PyPI
#: as the package ``noto-cjk-sans-otc``, which carries only the font file (a dependency of bnbook;
#: no font is committed to this repository). Its first face, "Noto Sans CJK JP", has every Hangul
#: syllable.
HANGUL_FONT_PACKAGE = "noto_cjk_sans_otc"
HANGUL_FONT_FILE = "NotoSansCJK-Regular.ttc"
#: Fonts a machine may already have, used only when the package is missing.
SYSTEM_HANGUL_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Apple SD Gothic Neo",
                       "Malgun Gothic")


def _packaged_hangul_font() -> Path | None:
    """Path of the font file of :data:`HANGUL_FONT_PACKAGE`, or None when it is not installed.
    Found without importing the package (its import only computes this path)."""
    import importlib.util

    spec = importlib.util.find_spec(HANGUL_FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / HANGUL_FONT_FILE
    return path if path.is_file() else None


@functools.cache
def hangul_font() -> str:
    """Register the book's Hangul font with matplotlib and return its family name.

    The packaged Noto Sans CJK first; else a Hangul font the system has
    (:data:`SYSTEM_HANGUL_FONTS`); else a bilingual warning that says what to install, and
    ``"DejaVu Sans"`` (Hangul then shows as boxes).
    """
    from matplotlib import font_manager

    path = _packaged_hangul_font()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name()
    have = {f.name for f in font_manager.fontManager.ttflist}
    for name in SYSTEM_HANGUL_FONTS:
        if name in have:
            return name
    warnings.warn(i18n.both("plotting.no_hangul_font"), stacklevel=2)
    return "DejaVu Sans"


def use_book_style() -> None:
    """Apply the book's figure style: Hangul fonts, :data:`BOOK_RC`, deterministic files.

    Imports ``matplotlib.pyplot`` first so that the notebook's inline backend is already active and
    cannot overwrite these settings afterwards.
    """
    # SOURCE_DATE_EPOCH removes creation dates from PDF/PS/SVG metadata; PNG carries none.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    import matplotlib.pyplot  # noqa: F401  (activates the backend before we set rcParams)

    mpl.rcParams.update(BOOK_RC)
    # the Hangul font first; DejaVu Sans (matplotlib's own) for any glyph it lacks
    mpl.rcParams["font.family"] = [hangul_font(), "DejaVu Sans"]


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
