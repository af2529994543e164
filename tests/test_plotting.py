"""bnbook.plotting: the book style (Hangul, small deterministic files) and shared helpers."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from bnbook import i18n, plotting  # noqa: E402


@pytest.fixture
def book_style():
    """The book style inside an rc_context, so other tests keep matplotlib's defaults."""
    lang = i18n.get_language()
    with mpl.rc_context():
        plotting.use_book_style()
        yield
    plt.close("all")
    i18n.set_language(lang)


def _typical_figure():
    rng = np.random.default_rng(0)
    steps = np.arange(0, 50_000, 500)
    fig, ax = plotting.new_figure()
    walk = np.cumsum(rng.normal(size=(3, steps.size)), axis=1) * 0.02
    plotting.plot_curves(ax, steps, {"BN 없음": 0.9 - np.exp(-steps / 8e3) * 0.8 + walk[0],
                                     "BN 있음 (배치 정규화)": 0.97 - np.exp(-steps / 3e3) * 0.8
                                     + walk[1]})
    ax.set_ylabel("테스트 정확도 −1 (음수 부호)")
    ax.set_title("한글 제목: 정규화와 규제")
    return fig


def test_book_style_sets_rc(book_style):
    rc = mpl.rcParams
    assert tuple(rc["figure.figsize"]) == (6.0, 3.5)
    assert rc["axes.unicode_minus"] is False
    assert rc["font.family"][0] == plotting.hangul_font()
    assert rc["axes.spines.top"] is False and rc["axes.spines.right"] is False
    assert rc["axes.grid"] is True
    assert rc["svg.hashsalt"] is not None


def test_the_packaged_hangul_font_is_used(book_style):
    """The Noto Sans CJK file of the dependency noto-cjk-sans-otc, not whatever the system has."""
    packaged = plotting._packaged_hangul_font()
    assert packaged is not None and packaged.is_file()
    assert any(Path(f.fname) == packaged for f in font_manager.fontManager.ttflist)
    assert plotting.hangul_font().startswith("Noto Sans CJK")


def test_without_a_hangul_font_the_reader_is_told_what_to_install(monkeypatch):
    monkeypatch.setattr(plotting, "_packaged_hangul_font", lambda: None)
    monkeypatch.setattr(plotting, "SYSTEM_HANGUL_FONTS", ())
    plotting.hangul_font.cache_clear()
    try:
        with pytest.warns(UserWarning, match="pip install noto-cjk-sans-otc.*restart the kernel"):
            assert plotting.hangul_font() == "DejaVu Sans"
    finally:
        plotting.hangul_font.cache_clear()


def test_hangul_renders_without_missing_glyphs(book_style):
    fig = _typical_figure()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise here
        fig.savefig(io.BytesIO(), format="png")


def test_typical_png_is_small(book_style):
    buf = io.BytesIO()
    _typical_figure().savefig(buf, format="png")
    assert 5_000 < len(buf.getvalue()) < 60_000


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_files_are_deterministic(book_style, fmt):
    outs = []
    for _ in range(2):
        buf = io.BytesIO()
        fig = _typical_figure()
        fig.savefig(buf, format=fmt)
        plt.close(fig)
        outs.append(buf.getvalue())
    assert outs[0] == outs[1]


def test_new_figure_grid(book_style):
    fig, ax = plotting.new_figure()
    assert isinstance(ax, mpl.axes.Axes)
    fig, axes = plotting.new_figure(ncols=3, nrows=2)
    assert axes.shape == (2, 3)
    assert fig.get_figwidth() > 6.0
    fig, axes = plotting.new_figure(ncols=2, figsize=(4, 2))
    assert tuple(fig.get_size_inches()) == (4, 2)
    with pytest.raises(ValueError, match="ncols >= 1"):
        plotting.new_figure(ncols=0)


def test_plot_percentiles(book_style):
    i18n.set_language("ko")
    steps = np.arange(10.0)
    p15, p50, p85 = steps - 1, steps, steps + 2
    fig, ax = plotting.new_figure()
    line = plotting.plot_percentiles(ax, steps, p15, p50, p85, label="시그모이드 입력")
    np.testing.assert_array_equal(line.get_ydata(), p50)
    assert len(ax.lines) == 3 and len(ax.collections) == 1   # median, two bounds, band
    assert ax.get_xlabel() == "학습 스텝"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["시그모이드 입력"]
    with pytest.raises(ValueError, match="p15 <= p50 <= p85"):
        plotting.plot_percentiles(ax, steps, p85, p50, p15)
    with pytest.raises(ValueError, match=r"shape \(10,\)"):
        plotting.plot_percentiles(ax, steps, p15[:5], p50, p85)


def test_plot_curves(book_style):
    i18n.set_language("en")
    steps = np.arange(5)
    fig, ax = plotting.new_figure()
    lines = plotting.plot_curves(ax, steps, {"a": np.ones(5), "b": np.zeros(5)})
    assert [ln.get_label() for ln in lines] == ["a", "b"]
    assert ax.get_xlabel() == "training step"
    ax2 = plotting.new_figure()[1]
    ax2.set_xlabel("epoch")
    plotting.plot_curves(ax2, steps, {"a": np.ones(5)})
    assert ax2.get_xlabel() == "epoch"                        # a caller's label is kept
    with pytest.raises(ValueError, match="curve 'b'"):
        plotting.plot_curves(ax, steps, {"b": np.zeros(4)})
    with pytest.raises(ValueError, match="at least one"):
        plotting.plot_curves(ax, steps, {})


def test_moving_average_is_trailing_and_starts_with_what_is_there():
    assert np.allclose(plotting.moving_average([1, 2, 3, 4], window=2), [1, 1.5, 2.5, 3.5])
    assert np.allclose(plotting.moving_average([4.0, 0.0], window=10), [4.0, 2.0])
