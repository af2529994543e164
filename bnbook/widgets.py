"""Interactive figures that stay alive in the static book.

An :class:`Explorer` shows a figure drawn by ``draw(fig, **params)`` for every combination of a few
parameter values. Displayed as the last expression of a cell it produces one output whose mime
bundle carries

* ``application/vnd.jupyter.widget-view+json`` — live ipywidgets controls and an Image widget that
  call ``draw`` again on every change (JupyterLab, Colab);
* ``text/html`` — a self-contained static view for the book: every frame precomputed as a small
  PNG (``data:`` URI), plain HTML ``<input type="range">``/``<select>`` controls and a few lines of
  inline JavaScript that switch the visible frame (no external scripts, works from ``file://``);
* ``text/plain`` — a short deterministic description.

Example::

    def draw(fig, gamma, beta):
        ax = fig.add_subplot()
        ax.plot(x, gamma * x_hat + beta)

    Explorer(draw, {"gamma": [0.5, 1.0, 2.0], "beta": [-1.0, 0.0, 1.0]},
             labels={"gamma": "γ", "beta": "β"})
"""

from __future__ import annotations

import base64
import hashlib
import html
import inspect
import io
import itertools
import json
import numbers
import traceback
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import i18n

i18n.register({
    "widgets.too_many_frames": {
        "ko": "Explorer가 그릴 그림이 {n}장({shape})으로 최대 {limit}장을 넘습니다. "
              "매개변수마다 값의 수를 줄이세요",
        "en": "Explorer would draw {n} frames ({shape}), more than the limit of {limit}; "
              "use fewer values per parameter",
    },
    "widgets.too_many_params": {
        "ko": "Explorer는 매개변수를 최대 {limit}개까지 받습니다. 받은 수: {n}",
        "en": "Explorer takes at most {limit} parameters; got {n}",
    },
    "widgets.draw_failed": {
        "ko": "그림을 그리다 오류가 났습니다",
        "en": "drawing the figure failed",
    },
    "widgets.play": {"ko": "재생", "en": "play"},
})

#: Largest number of frames (parameter combinations) an Explorer precomputes.
MAX_FRAMES = 150
#: Largest number of parameters of one Explorer.
MAX_PARAMS = 3
#: Smallest text (px) a frame may show at the page's width, and that width: sphinx-book-theme's
#: content column at a 1280-px window (tests/test_browser.py measures both in chromium).
MIN_TEXT_PX = 11.0
PAGE_COLUMN_PX = 688
_FONT_RC = ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
            "legend.fontsize", "legend.title_fontsize", "figure.titlesize", "figure.labelsize")


def min_font_pt(figsize, dpi: float, min_px: float = MIN_TEXT_PX,
                column_px: float = PAGE_COLUMN_PX) -> float:
    """The font size (pt) a frame of ``figsize`` inches at ``dpi`` needs so that its text is
    ``min_px`` pixels tall on the page, where a frame wider than the column is scaled down to it."""
    width_px = float(figsize[0]) * dpi
    scale = min(1.0, column_px / width_px)
    return min_px * 72.0 / (dpi * scale)


def _font_floor_rc(min_pt: float) -> dict:
    """rcParams that put every default text size at ``min_pt`` or above (relative sizes such as
    'small' are resolved against the raised base size first)."""
    import matplotlib as mpl
    from matplotlib.font_manager import font_scalings

    base = max(float(mpl.rcParams["font.size"]), min_pt)
    rc = {"font.size": base}
    for key in _FONT_RC[1:]:
        size = mpl.rcParams[key]
        if size is None:    # e.g. legend.title_fontsize: follows another setting
            continue
        points = base * font_scalings.get(size, 1.0) if isinstance(size, str) else float(size)
        rc[key] = max(points, min_pt)
    return rc


def _raise_small_text(fig, min_pt: float) -> float:
    """Set every visible text of ``fig`` smaller than ``min_pt`` to ``min_pt`` (explicit
    ``fontsize=`` in draw code); return the smallest size that remains."""
    from matplotlib.text import Text

    smallest = float("inf")
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if text.get_fontsize() < min_pt:
            text.set_fontsize(min_pt)
        smallest = min(smallest, float(text.get_fontsize()))
    return smallest

# How many Explorers with each fingerprint exist: the element id is fingerprint + this count, so
# ids are unique on a page and the same in every fresh run of a notebook.
_fingerprint_counts: dict[str, int] = {}

_JS = """(function () {
  var s = document.currentScript;
  var root = (s && s.parentNode && s.parentNode.id === %(id)s) ? s.parentNode
             : document.getElementById(%(id)s);
  if (!root) { return; }
  var controls = root.querySelectorAll("[data-bnx-param]");
  var frames = root.querySelectorAll("img[data-bnx-key]");
  function show() {
    var key = [];
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      key.push(c.value);
      var out = root.querySelector("output[data-bnx-for='" + c.id + "']");
      if (out) { out.textContent = JSON.parse(c.getAttribute("data-bnx-labels"))[+c.value]; }
    }
    key = key.join("-");
    for (var j = 0; j < frames.length; j++) {
      frames[j].style.display = frames[j].getAttribute("data-bnx-key") === key ? "" : "none";
    }
  }
  for (var i = 0; i < controls.length; i++) {
    controls[i].addEventListener("input", show);
    controls[i].addEventListener("change", show);
  }
  var play = root.querySelector("button[data-bnx-play]");
  if (play && controls.length) {
    var timer = null, first = controls[0];
    play.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "\\u25B6"; return; }
      play.textContent = "\\u23F8";
      timer = setInterval(function () {
        first.value = (+first.value + 1) %% (+first.max + 1);
        show();
      }, +play.getAttribute("data-bnx-play"));
    });
  }
  show();
})();"""


def format_value(value) -> str:
    """The caption of one parameter value: numbers in ``%g`` style (``0.5``, ``1e-05``), other
    values as ``str``."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class _Param:
    name: str
    values: tuple
    captions: tuple[str, ...]
    label: str
    numeric: bool
    initial_index: int


def _translate(label: str) -> str:
    """``label`` itself, or its translation if it is a key of bnbook's string tables."""
    try:
        return i18n.t(label)
    except KeyError:
        return label


def _check_params(params, labels, initial, max_frames, captions=None) -> list[_Param]:
    if not isinstance(params, Mapping) or not params:
        raise ValueError("Explorer needs params: a dict name -> list of values, e.g. "
                         "{'gamma': [0.5, 1.0, 2.0]}")
    if len(params) > MAX_PARAMS:
        raise ValueError(i18n.both("widgets.too_many_params", limit=MAX_PARAMS, n=len(params)))
    labels = dict(labels or {})
    initial = dict(initial or {})
    shown = dict(captions or {})
    for what, keys in (("labels", labels), ("initial", initial), ("captions", shown)):
        unknown = sorted(set(keys) - set(params))
        if unknown:
            raise ValueError(f"{what} names unknown parameters {unknown}; "
                             f"the parameters are {list(params)}")
    out = []
    for name, values in params.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"parameter names must be Python identifiers (they become keyword "
                             f"arguments of draw); got {name!r}")
        if isinstance(values, str) or not isinstance(values, Sequence) or len(values) == 0:
            raise ValueError(f"parameter {name!r} needs a non-empty list of values; got {values!r}")
        values = tuple(values)
        numeric = [isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values]
        if any(numeric) and not all(numeric):
            raise ValueError(f"parameter {name!r} mixes numbers and other values {list(values)}; "
                             f"use all numbers (slider) or all strings (menu)")
        names = dict(shown.get(name, {}))
        unknown = [k for k in names if k not in values]
        if unknown:
            raise ValueError(f"captions of {name!r} name values {unknown} that are not among its "
                             f"values {list(values)}")
        captions = tuple(_translate(names[v]) if v in names else format_value(v) for v in values)
        if len(set(captions)) != len(captions):
            raise ValueError(f"parameter {name!r} has repeated values {list(captions)}")
        if name in initial:
            matches = [i for i, v in enumerate(values) if v == initial[name]]
            if not matches:
                raise ValueError(f"initial value {initial[name]!r} of {name!r} is not one of its "
                                 f"values {list(values)}")
            index = matches[0]
        else:
            index = (len(values) - 1) // 2
        label = _translate(labels.get(name, name))
        out.append(_Param(name, values, captions, label, all(numeric), index))
    n_frames = 1
    for p in out:
        n_frames *= len(p.values)
    if n_frames > max_frames:
        shape = " × ".join(str(len(p.values)) for p in out)
        raise ValueError(i18n.both("widgets.too_many_frames", n=n_frames, shape=shape,
                                   limit=max_frames))
    return out


def _check_draw_accepts(draw: Callable, names: list[str]) -> None:
    """Fail early, with the signature in the message, if ``draw(fig, **params)`` cannot bind."""
    try:
        sig = inspect.signature(draw)
    except (TypeError, ValueError):       # builtins and some C callables have no signature
        return
    try:
        sig.bind(None, **dict.fromkeys(names))
    except TypeError as err:
        raise TypeError(f"draw{sig} cannot be called as draw(fig, {', '.join(names)}=...): "
                        f"{err}. Its parameters after fig must be named like the Explorer's "
                        f"parameters {names}") from None


def render_png(draw: Callable, values: Mapping, *, figsize=(6.0, 3.5), dpi: float = 100,
               colors: int | None = None, positions: Sequence | None = None,
               record: list | None = None, min_pt: float | None = None,
               text_sizes: list | None = None) -> bytes:
    """Call ``draw(fig, **values)`` on a fresh :class:`matplotlib.figure.Figure` (not registered
    with pyplot, so the inline backend never shows it) and return the PNG bytes.

    The axes are placed by constrained layout, unless ``positions`` (one box per axes, in
    ``fig.axes`` order, as recorded before) is given and fits: then the axes go exactly there,
    which is about twice as fast and keeps the axes still from frame to frame. ``record``: a list
    that receives the final boxes. ``colors``: if given, reduce the image to a palette of at
    most that many colours (a line plot shrinks about 2.5x at 256 colours with no visible
    change). ``min_pt``: no text smaller than this many points (default sizes raised through
    rcParams, explicit ones after drawing); ``text_sizes`` receives the smallest size drawn.
    Pyplot figures that ``draw`` opens by mistake are closed again, with a warning."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rc = _font_floor_rc(min_pt) if min_pt else {}
    with mpl.rc_context(rc):
        return _render_png(draw, values, figsize, dpi, colors, positions, record, min_pt,
                           text_sizes, plt, FigureCanvasAgg, Figure)


def _render_png(draw, values, figsize, dpi, colors, positions, record, min_pt, text_sizes,
                plt, FigureCanvasAgg, Figure) -> bytes:
    fig = Figure(figsize=figsize, dpi=dpi, layout=None if positions is not None else "constrained")
    canvas = FigureCanvasAgg(fig)
    before = set(plt.get_fignums())
    try:
        draw(fig, **values)
        if positions is not None and fig.get_layout_engine() is None:   # draw may choose its own
            if len(fig.axes) == len(positions):
                for ax, box in zip(fig.axes, positions, strict=True):
                    ax.set_position(box, which="original")
            else:
                fig.set_layout_engine("constrained")
        if min_pt or text_sizes is not None:
            for ax in fig.axes:     # realise the tick labels (cheaper than drawing the canvas)
                for axis in (ax.xaxis, ax.yaxis):
                    axis.get_majorticklabels()
                    axis.get_minorticklabels()
            smallest = _raise_small_text(fig, min_pt or 0.0)
            if text_sizes is not None:
                text_sizes.append(smallest)
        if colors is None:
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
            png = buf.getvalue()
        else:   # straight from the canvas: one PNG encoding instead of two
            canvas.draw()
            png = palette_png(np.asarray(canvas.buffer_rgba()), colors)
        if record is not None:
            record[:] = [ax.get_position(original=True).frozen() for ax in fig.axes]
    except Exception as err:
        err.add_note(f"while drawing {dict(values)}")
        raise
    finally:
        leaked = set(plt.get_fignums()) - before
        for num in leaked:
            plt.close(num)
    if leaked:
        warnings.warn("draw opened pyplot figure(s); draw on the `fig` it receives instead "
                      "(fig.add_subplot())", stacklevel=3)
    return png


def palette_png(rgba: np.ndarray, colors: int = 256) -> bytes:
    """PNG bytes of the image ``rgba: (H, W, 4)`` uint8, composited on white and reduced to a
    palette of at most ``colors`` colours (median cut, no dithering: deterministic)."""
    from PIL import Image

    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"palette_png needs an (H, W, 4) uint8 image; got {rgba.shape} "
                         f"{rgba.dtype}")
    im = Image.fromarray(rgba, "RGBA")
    if rgba[..., 3].min() < 255:    # transparent figure: put it on the page's white
        im = Image.alpha_composite(Image.new("RGBA", im.size, "white"), im)
    pal = im.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT,
                                     dither=Image.Dither.NONE)
    out = io.BytesIO()
    pal.save(out, format="PNG", optimize=True)
    return out.getvalue()


class Explorer:
    """A figure over a small grid of parameter values, live in Jupyter and static in the book.

    ``draw(fig, **params)`` draws on a fresh ``matplotlib.figure.Figure``. ``params`` maps each
    parameter name (a keyword of ``draw``) to its list of values: numbers become a slider over
    exactly those values, anything else a drop-down menu. ``labels`` gives control captions
    (already translated, or keys of ``bnbook.t``); ``captions`` maps a parameter name to
    ``{value: caption}`` for the options shown (same; e.g. translated names of ``"bn"``,
    ``"ln"``; the values passed to ``draw`` stay the same; default: the attribute
    ``draw.captions``, so a chapter's draw function carries the translated names of its
    options); ``initial`` the starting values (default: the middle value). At most
    :data:`MAX_PARAMS` parameters and ``max_frames`` combinations.
    ``dpi`` is the resolution of the book's precomputed frames (reduced to ``colors`` colours to
    keep the page small; ``None`` keeps full colour), ``live_dpi`` that of the live view
    (default: ``dpi``; the live view calls ``draw`` again on every change).
    ``layout="fixed"`` lays out only the initial frame and puts every other frame's axes in the
    same boxes: about twice as fast, and the axes stay still while the slider moves; use it when
    tick labels and titles keep their size across frames (else they may be clipped).
    ``play_ms`` adds a play button that steps the first parameter every ``play_ms`` milliseconds.
    """

    def __init__(self, draw: Callable, params: Mapping[str, Sequence], *,
                 labels: Mapping[str, str] | None = None, initial: Mapping | None = None,
                 captions: Mapping[str, Mapping] | None = None,
                 figsize=(6.0, 3.5), dpi: float = 100, live_dpi: float | None = None,
                 colors: int | None = 256, layout: str = "constrained",
                 max_frames: int = MAX_FRAMES, play_ms: int | None = None):
        if not callable(draw):
            raise TypeError(f"draw must be a function draw(fig, **params); got {draw!r}")
        self.draw = draw
        if captions is None:    # a draw function may name its own options: draw.captions
            captions = getattr(draw, "captions", None)
        self.params = _check_params(params, labels, initial, max_frames, captions)
        _check_draw_accepts(draw, [p.name for p in self.params])
        self.figsize = tuple(float(s) for s in figsize)
        self.dpi = dpi
        self.live_dpi = dpi if live_dpi is None else live_dpi
        self.colors = colors
        if layout not in ("constrained", "fixed"):
            raise ValueError(f"layout must be 'constrained' (every frame laid out anew) or "
                             f"'fixed' (the initial frame's axes boxes for all); got {layout!r}")
        self.layout = layout
        self._positions = None
        self.play_ms = play_ms
        fingerprint = self._fingerprint()
        _fingerprint_counts[fingerprint] = _fingerprint_counts.get(fingerprint, 0) + 1
        self.element_id = f"bnx-{fingerprint}-{_fingerprint_counts[fingerprint]}"
        self._frames: dict[tuple[int, ...], bytes] | None = None
        self._live = None
        self._text_pt: list[float] = []   # smallest text size (pt) of each precomputed frame

    # ----- description -------------------------------------------------------------------------
    def _fingerprint(self) -> str:
        spec = [[p.name, p.label, list(p.captions), p.initial_index] for p in self.params]
        spec += [list(self.figsize), self.dpi, self.colors, self.layout, self.play_ms,
                 getattr(self.draw, "__qualname__", "")]
        return hashlib.sha1(json.dumps(spec).encode()).hexdigest()[:8]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of values of each parameter, in order."""
        return tuple(len(p.values) for p in self.params)

    def __repr__(self) -> str:
        inner = ", ".join(f"{p.name}: {len(p.values)} values" for p in self.params)
        return f"Explorer({inner})"

    def values_at(self, key: Sequence[int]) -> dict:
        """The keyword arguments of ``draw`` for the value indices ``key`` (one per parameter)."""
        return {p.name: p.values[i] for p, i in zip(self.params, key, strict=True)}

    @property
    def initial_key(self) -> tuple[int, ...]:
        return tuple(p.initial_index for p in self.params)

    # ----- static view -------------------------------------------------------------------------
    def frames(self) -> dict[tuple[int, ...], bytes]:
        """PNG bytes of every combination, keyed by value indices; drawn once and cached."""
        if self._frames is None:
            # the initial frame first: with layout="fixed" its axes boxes place all others
            self._frames = {self.initial_key: self._render(self.initial_key, self.dpi)}
            for key in itertools.product(*(range(n) for n in self.shape)):
                if key not in self._frames:
                    self._frames[key] = self._render(key, self.dpi)
            self._frames = dict(sorted(self._frames.items()))
        return self._frames

    def _render(self, key: Sequence[int], dpi: float) -> bytes:
        """One frame: ``draw`` at the values with indices ``key``."""
        fixed = self.layout == "fixed"      # boxes are figure fractions: any dpi
        record = [] if fixed and self._positions is None else None
        sizes = self._text_pt if dpi == self.dpi else None
        png = render_png(self.draw, self.values_at(key), figsize=self.figsize, dpi=dpi,
                         colors=self.colors, positions=self._positions if fixed else None,
                         record=record, min_pt=min_font_pt(self.figsize, dpi),
                         text_sizes=sizes)
        if record:
            self._positions = record
        return png

    def _control_html(self, i: int, p: _Param) -> str:
        cid = f"{self.element_id}-p{i}"
        caption = f'<label for="{cid}" style="min-width:4em">{html.escape(p.label)}</label>'
        if p.numeric:
            data = html.escape(json.dumps(list(p.captions), ensure_ascii=False))
            return (f'{caption}<input type="range" id="{cid}"'
                    f' data-bnx-param="{html.escape(p.name)}" data-bnx-labels="{data}"'
                    f' min="0" max="{len(p.values) - 1}" step="1"'
                    f' value="{p.initial_index}" autocomplete="off" style="width:12em">'
                    f'<output data-bnx-for="{cid}" style="min-width:3em">'
                    f'{html.escape(p.captions[p.initial_index])}</output>')
        options = "".join(
            f'<option value="{j}"{" selected" if j == p.initial_index else ""}>'
            f'{html.escape(c)}</option>' for j, c in enumerate(p.captions))
        return (f'{caption}<select id="{cid}" data-bnx-param="{html.escape(p.name)}"'
                f' autocomplete="off">{options}</select>')

    def to_html(self) -> str:
        """The static view: controls, one ``<img>`` per frame, inline script (no external URL)."""
        rows = [f'<div style="display:flex;align-items:center;gap:0.5em;margin:0.2em 0">'
                f'{self._control_html(i, p)}</div>' for i, p in enumerate(self.params)]
        if self.play_ms:
            rows.insert(0, f'<button type="button" data-bnx-play="{int(self.play_ms)}"'
                           f' title="{html.escape(i18n.t("widgets.play"))}">&#x25B6;</button>')
        width = round(self.figsize[0] * self.dpi)
        height = round(self.figsize[1] * self.dpi)
        imgs = []
        for key, png in self.frames().items():
            alt = ", ".join(f"{p.label} = {p.captions[k]}"
                            for p, k in zip(self.params, key, strict=True))
            hidden = "" if key == self.initial_key else "display:none;"
            imgs.append(f'<img data-bnx-key="{"-".join(map(str, key))}" alt="{html.escape(alt)}"'
                        f' width="{width}" height="{height}"'
                        f' style="{hidden}max-width:100%;height:auto"'
                        f' src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">')
        script = _JS % {"id": json.dumps(self.element_id)}
        # the smallest text of any frame, in px of the frame's natural size (the browser test
        # scales it to the displayed width and checks it against MIN_TEXT_PX)
        text_px = min(self._text_pt) * self.dpi / 72.0 if self._text_pt else 0.0
        return (f'<div class="bnbook-explorer" id="{self.element_id}"'
                f' data-bnx-text-px="{text_px:.1f}">'
                f'<div class="bnx-controls">{"".join(rows)}</div>'
                f'<div class="bnx-frames">{"".join(imgs)}</div>'
                f'<script>{script}</script></div>')

    def save_html(self, path) -> None:
        """Write the static view as a standalone HTML page (for a browser check)."""
        page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Explorer</title></head>'
                f'<body>{self.to_html()}</body></html>')
        with open(path, "w", encoding="utf-8") as f:
            f.write(page)

    # ----- live view ---------------------------------------------------------------------------
    @property
    def widget(self):
        """The live ipywidgets UI (built on first use): controls above an Image widget."""
        if self._live is None:
            self._live = self._build_live()
        return self._live

    def _build_live(self):
        import ipywidgets as W

        style = {"description_width": "initial"}
        controls = []
        for p in self.params:
            options = list(zip(p.captions, p.values, strict=True))
            cls = W.SelectionSlider if p.numeric else W.Dropdown
            extra = {"continuous_update": False} if p.numeric else {}
            controls.append(cls(options=options, index=p.initial_index, description=p.label,
                                style=style, **extra))
        width = round(self.figsize[0] * self.live_dpi)   # natural size, not stretched by the box
        image = W.Image(format="png", layout=W.Layout(width=f"{width}px", max_width="100%",
                                                      height="auto"))
        status = W.HTML()
        self._controls, self._image, self._status = controls, image, status
        if self._frames is not None and self.live_dpi == self.dpi:
            image.value = self._frames[self.initial_key]       # already drawn for the book
        else:
            self._redraw()
        for c in controls:
            c.observe(self._on_change, names="value")
        top = list(controls)
        if self.play_ms:
            play = W.Play(min=0, max=len(self.params[0].values) - 1,
                          value=self.params[0].initial_index, interval=int(self.play_ms))
            W.jslink((play, "value"), (controls[0], "index"))
            top.insert(0, play)
        return W.VBox([W.HBox(top, layout=W.Layout(flex_flow="row wrap")), image, status])

    def _on_change(self, change=None) -> None:
        self._redraw()

    def _redraw(self) -> None:
        """Draw the current control values into the Image widget; errors go to a message line."""
        try:
            key = tuple(c.index for c in self._controls)
            self._image.value = self._render(key, self.live_dpi)
            self._status.value = ""
        except Exception:
            self._status.value = (f"<b>{html.escape(i18n.both('widgets.draw_failed'))}</b>"
                                  f"<pre>{html.escape(traceback.format_exc(limit=-3))}</pre>")

    # ----- display -----------------------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        static = self.to_html()                   # first: the live view reuses its first frame
        try:
            bundle = dict(self.widget._repr_mimebundle_())
        except ImportError:                       # no ipywidgets: the static view still works
            bundle = {}
        bundle["text/html"] = static
        bundle["text/plain"] = repr(self)
        return bundle


def animate(draw: Callable, values: Sequence, *, name: str = "t", label: str | None = None,
            initial=None, interval_ms: int = 500, **kw) -> Explorer:
    """A one-parameter :class:`Explorer` with a play button that steps through ``values``.

    ``draw(fig, **{name: value})``; ``label`` captions the slider (default: ``name``).
    Other keywords go to :class:`Explorer`.
    """
    return Explorer(draw, {name: list(values)}, labels={name: label or name},
                    initial=None if initial is None else {name: initial},
                    play_ms=interval_ms, **kw)
