"""bnbook.widgets.Explorer: grid limits, the static HTML view, the mime bundle, the live widget."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from itertools import product

import matplotlib as mpl
import numpy as np
import pytest

mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from bnbook import i18n, widgets  # noqa: E402
from bnbook.widgets import MAX_FRAMES, Explorer, animate  # noqa: E402

X = np.linspace(-3, 3, 50)


def draw_line(fig, gamma, beta):
    ax = fig.add_subplot()
    ax.plot(X, gamma * X + beta)
    ax.set_ylim(-8, 8)


def draw_act(fig, act, gamma):
    f = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[act]
    fig.add_subplot().plot(X, f(gamma * X))


SMALL = dict(figsize=(2.0, 1.5), dpi=40)   # fast frames for the tests


class _Tags(HTMLParser):
    """Collect (tag, attrs) of every start tag and the text of <script> elements."""

    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def parse(html_text: str) -> _Tags:
    p = _Tags()
    p.feed(html_text)
    return p


def frames_of(html_text: str) -> dict[str, dict]:
    return {a["data-bnx-key"]: a for t, a in parse(html_text).tags
            if t == "img" and "data-bnx-key" in a}


def png_of(img_attrs: dict) -> bytes:
    prefix = "data:image/png;base64,"
    assert img_attrs["src"].startswith(prefix)
    return base64.b64decode(img_attrs["src"][len(prefix):])


# ----- parameters and limits ----------------------------------------------------------------------
def test_grid_limit_and_message():
    ok = {"a": list(range(10)), "b": list(range(15))}            # exactly 150 frames
    assert Explorer(lambda fig, a, b: None, ok, **SMALL).shape == (10, 15)
    assert 10 * 15 == MAX_FRAMES
    with pytest.raises(ValueError) as err:
        Explorer(lambda fig, a, b: None, {"a": list(range(10)), "b": list(range(16))})
    msg = str(err.value)
    assert "160" in msg and "10 × 16" in msg and "150" in msg
    assert "fewer values" in msg and "줄이세요" in msg              # bilingual: learners see it
    with pytest.raises(ValueError, match="limit of 4"):
        Explorer(draw_line, {"gamma": [1, 2, 3], "beta": [0, 1]}, max_frames=4)


def test_too_many_parameters():
    with pytest.raises(ValueError, match="at most 3 parameters; got 4"):
        Explorer(lambda fig, a, b, c, d: None, {k: [1, 2] for k in "abcd"})


@pytest.mark.parametrize("params, kw, match", [
    ({}, {}, "needs params"),
    ({"gamma": []}, {}, "non-empty list"),
    ({"gamma": "abc"}, {}, "non-empty list"),
    ({"gamma": [1.0, "x"]}, {}, "mixes numbers"),
    ({"gamma": [1.0, 1.0]}, {}, "repeated values"),
    ({"not valid": [1.0]}, {}, "identifiers"),
    ({"gamma": [1.0, 2.0]}, {"initial": {"gamma": 3.0}}, "not one of its values"),
    ({"gamma": [1.0, 2.0]}, {"initial": {"beta": 1.0}}, "unknown parameters"),
    ({"gamma": [1.0, 2.0]}, {"labels": {"beta": "β"}}, "unknown parameters"),
])
def test_bad_parameters(params, kw, match):
    with pytest.raises(ValueError, match=match):
        Explorer(draw_line, params, **kw)


def test_draw_must_be_callable():
    with pytest.raises(TypeError, match="draw must be a function"):
        Explorer("not a function", {"gamma": [1.0]})


def test_draw_signature_must_match_parameters():
    with pytest.raises(TypeError, match=r"draw\(fig, gamma, beta\) cannot be called as "
                                        r"draw\(fig, gamma, bias=...\)"):
        Explorer(draw_line, {"gamma": [1.0], "bias": [0.0]})
    Explorer(lambda fig, **kw: None, {"anything": [1.0]})        # **kwargs accepts any name
    Explorer(lambda fig, gamma, beta=0.0: None, {"gamma": [1.0]})  # defaults may stay unset


def test_initial_defaults_to_middle_and_labels_translate():
    i18n.register({"test_widgets.gamma": {"ko": "스케일 γ", "en": "scale γ"}})
    lang = i18n.get_language()
    try:
        i18n.set_language("ko")
        e = Explorer(draw_line, {"gamma": [0.5, 1.0, 2.0, 4.0], "beta": [-1.0, 0.0, 1.0]},
                     labels={"gamma": "test_widgets.gamma", "beta": "β"}, **SMALL)
    finally:
        i18n.set_language(lang)
    assert e.initial_key == (1, 1)
    assert [p.label for p in e.params] == ["스케일 γ", "β"]
    e2 = Explorer(draw_line, {"gamma": [0.5, 1.0, 2.0], "beta": [-1.0, 0.0, 1.0]},
                  initial={"gamma": 2.0, "beta": -1.0}, **SMALL)
    assert e2.initial_key == (2, 0)


# ----- static view --------------------------------------------------------------------------------
def test_static_html_one_frame_per_combination():
    e = Explorer(draw_act, {"act": ["tanh", "relu"], "gamma": [0.5, 1.0, 2.0]},
                 initial={"act": "relu"}, **SMALL)
    html_text = e.to_html()
    frames = frames_of(html_text)
    assert sorted(frames) == sorted(f"{i}-{j}" for i, j in product(range(2), range(3)))
    visible = [k for k, a in frames.items() if "display:none" not in a["style"]]
    assert visible == ["1-1"]                                    # relu, gamma=1.0
    assert frames["0-2"]["alt"] == "act = tanh, gamma = 2"
    tags = parse(html_text).tags
    ranges = [a for t, a in tags if t == "input" and a.get("type") == "range"]
    selects = [a for t, a in tags if t == "select"]
    assert len(ranges) == 1 and ranges[0]["max"] == "2" and ranges[0]["value"] == "1"
    assert len(selects) == 1
    assert ["selected" in a for t, a in tags if t == "option"] == [False, True]  # relu


def test_frames_differ_when_parameters_differ():
    e = Explorer(draw_line, {"gamma": [0.5, 1.0, 2.0], "beta": [-1.0, 1.0]}, **SMALL)
    pngs = list(e.frames().values())
    assert all(p.startswith(b"\x89PNG") for p in pngs)
    assert len({hashlib.sha1(p).hexdigest() for p in pngs}) == len(pngs) == 6
    # ... and equal when draw ignores a parameter: frames come from draw, nothing else
    same = Explorer(lambda fig, gamma: fig.add_subplot().plot(X, X), {"gamma": [1.0, 2.0]},
                    **SMALL)
    a, b = same.frames().values()
    assert a == b
    html_pngs = [png_of(a) for a in frames_of(e.to_html()).values()]
    assert html_pngs == pngs


def test_ids_unique_across_explorers_and_no_external_urls():
    params = {"gamma": [0.5, 1.0], "beta": [0.0, 1.0]}
    h1 = Explorer(draw_line, params, **SMALL).to_html()
    h2 = Explorer(draw_line, params, **SMALL).to_html()          # same parameters, same page
    ids1 = [a["id"] for _, a in parse(h1).tags if "id" in a]
    ids2 = [a["id"] for _, a in parse(h2).tags if "id" in a]
    assert len(set(ids1)) == len(ids1) == 3                      # root + two controls
    assert not set(ids1) & set(ids2)
    assert ids1[0].rsplit("-", 1)[0] == ids2[0].rsplit("-", 1)[0]   # same fingerprint, counted
    for h in (h1, h2):
        parsed = parse(h)
        for _, attrs in parsed.tags:
            for name in ("src", "href"):
                if name in attrs:
                    assert attrs[name].startswith("data:image/png;base64,"), attrs[name][:40]
        assert not re.search(r"https?:|//[a-z]|require\(|import\(", "".join(parsed.scripts))
        assert len(parsed.scripts) == 1


def test_html_is_deterministic_across_processes():
    """Two fresh interpreters build the same Explorer: byte-identical static HTML (PNGs included),
    so nbval needs no sanitizing beyond what tests/nbval_sanitize.cfg already does."""
    code = textwrap.dedent("""
        import hashlib, numpy as np, bnbook
        bnbook.setup("ko")
        from bnbook.widgets import Explorer
        x = np.linspace(-3, 3, 50)
        def draw(fig, gamma, act):
            ax = fig.add_subplot()
            ax.plot(x, np.tanh(gamma * x) if act == "tanh" else np.maximum(gamma * x, 0))
            ax.set_title(f"감마 {gamma}")
        e = Explorer(draw, {"gamma": [0.5, 2.0], "act": ["tanh", "relu"]}, figsize=(3, 2))
        b = e._repr_mimebundle_()
        print(b["text/plain"])
        print(hashlib.sha1(b["text/html"].encode()).hexdigest())
    """)
    env = {**os.environ, "MPLBACKEND": "Agg"}
    outs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, timeout=120, check=True).stdout for _ in range(2)]
    assert outs[0] == outs[1]
    assert outs[0].startswith("Explorer(gamma: 2 values, act: 2 values)\n")


def test_frames_are_small_and_closed():
    before = plt.get_fignums()
    e = Explorer(draw_line, {"gamma": [0.5, 1.0, 2.0], "beta": [-1.0, 0.0, 1.0]})  # book size
    sizes = [len(p) for p in e.frames().values()]
    assert max(sizes) < 20_000
    assert plt.get_fignums() == before                           # nothing left for inline


def test_leaked_pyplot_figure_is_closed_with_warning():
    def bad_draw(fig, gamma):
        plt.figure()
        plt.plot(X, gamma * X)

    before = plt.get_fignums()
    with pytest.warns(UserWarning, match="draw on the `fig`"):
        Explorer(bad_draw, {"gamma": [1.0, 2.0]}, **SMALL).frames()
    assert plt.get_fignums() == before


def test_draw_error_names_the_values():
    def broken(fig, gamma):
        if gamma > 1:
            raise RuntimeError("boom")
        fig.add_subplot()

    e = Explorer(broken, {"gamma": [1.0, 2.0]}, **SMALL)
    with pytest.raises(RuntimeError, match="boom") as err:
        e.frames()
    assert "while drawing {'gamma': 2.0}" in "".join(err.value.__notes__)


def test_fixed_layout_matches_constrained_when_labels_keep_their_size():
    params = {"gamma": [0.5, 1.0, 2.0], "beta": [-1.0, 0.0, 1.0]}   # fixed ylim: same ticks
    per_frame = Explorer(draw_line, params, **SMALL).frames()
    fixed = Explorer(draw_line, params, layout="fixed", **SMALL)
    assert fixed.frames() == per_frame
    assert len(fixed._positions) == 1                             # one axes box, recorded once


def test_fixed_layout_falls_back_when_the_axes_change():
    def draw(fig, n):
        for i in range(n):
            fig.add_subplot(1, n, i + 1).plot(X, X * i)

    params = {"n": [1, 2, 3]}
    assert (Explorer(draw, params, layout="fixed", **SMALL).frames()
            == Explorer(draw, params, **SMALL).frames())
    with pytest.raises(ValueError, match="layout must be 'constrained'"):
        Explorer(draw, params, layout="tight")


# ----- mime bundle and live widget ----------------------------------------------------------------
def test_bundle_has_three_mime_types():
    e = Explorer(draw_line, {"gamma": [0.5, 1.0, 2.0], "beta": [-1.0, 0.0, 1.0]},
                 labels={"gamma": "γ", "beta": "β"}, **SMALL)
    b = e._repr_mimebundle_()
    assert set(b) == {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"}
    assert b["text/plain"] == "Explorer(gamma: 3 values, beta: 3 values)"
    view = b["application/vnd.jupyter.widget-view+json"]
    assert view["version_major"] == 2 and view["model_id"] == e.widget.model_id
    assert b["text/html"].startswith('<div class="bnbook-explorer" id="bnx-')
    assert len(frames_of(b["text/html"])) == 9
    assert e._repr_mimebundle_()["text/html"] == b["text/html"]   # frames drawn once, cached


def test_bundle_without_ipywidgets_keeps_the_static_view(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)           # import ipywidgets fails
    e = Explorer(draw_line, {"gamma": [0.5, 1.0], "beta": [0.0]}, **SMALL)
    b = e._repr_mimebundle_()
    assert set(b) == {"text/html", "text/plain"} and len(frames_of(b["text/html"])) == 2


def test_live_widget_redraws_on_change():
    import ipywidgets as W

    calls = []

    def draw(fig, gamma, act):
        calls.append((gamma, act))
        draw_act(fig, act, gamma)

    e = Explorer(draw, {"gamma": [0.5, 1.0, 2.0], "act": ["tanh", "relu"]}, **SMALL)
    ui = e.widget
    assert isinstance(ui, W.VBox)
    slider, menu = e._controls
    assert isinstance(slider, W.SelectionSlider) and isinstance(menu, W.Dropdown)
    assert slider.value == 1.0 and menu.value == "tanh" and calls == [(1.0, "tanh")]
    first = e._image.value
    slider.value = 2.0                                           # fires the observer
    assert calls[-1] == (2.0, "tanh") and e._image.value != first
    menu.value = "relu"
    assert calls[-1] == (2.0, "relu")
    assert e._image.value == widgets.render_png(
        draw, {"gamma": 2.0, "act": "relu"}, figsize=e.figsize, dpi=e.live_dpi, colors=e.colors,
        min_pt=widgets.min_font_pt(e.figsize, e.live_dpi))
    assert e._status.value == ""


def test_live_view_starts_from_the_static_frame():
    calls = []

    def draw(fig, gamma):
        calls.append(gamma)
        draw_line(fig, gamma, 0.0)

    e = Explorer(draw, {"gamma": [0.5, 1.0, 2.0]}, **SMALL)
    e._repr_mimebundle_()
    assert calls == [1.0, 0.5, 2.0]           # initial frame first; the live view drew no more
    assert bytes(e._image.value) == e.frames()[(1,)]
    e._controls[0].value = 0.5
    assert calls[-1] == 0.5 and bytes(e._image.value) == e.frames()[(0,)]


def test_palette_png_composites_transparency_on_white():
    from PIL import Image

    rgba = np.zeros((4, 6, 4), np.uint8)
    rgba[:2] = (255, 0, 0, 255)                  # opaque red top rows, transparent bottom rows
    im = Image.open(io.BytesIO(widgets.palette_png(rgba))).convert("RGB")
    assert im.size == (6, 4)
    assert im.getpixel((0, 0)) == (255, 0, 0) and im.getpixel((0, 3)) == (255, 255, 255)
    with pytest.raises(ValueError, match=r"\(H, W, 4\) uint8"):
        widgets.palette_png(rgba[..., :3])


def test_live_widget_shows_draw_errors():
    def draw(fig, gamma):
        if gamma > 1:
            raise ValueError("gamma too large for this demo")
        fig.add_subplot()

    e = Explorer(draw, {"gamma": [1.0, 2.0]}, initial={"gamma": 1.0}, **SMALL)
    assert e.widget is not None
    e._controls[0].value = 2.0                                   # must not raise in the kernel
    assert "gamma too large" in e._status.value and "drawing the figure failed" in e._status.value
    e._controls[0].value = 1.0
    assert e._status.value == ""


def test_animate_has_play_controls():
    import ipywidgets as W

    a = animate(lambda fig, t: fig.add_subplot().plot(X, np.sin(X + t)), [0.0, 1.0, 2.0],
                label="phase", interval_ms=300, **SMALL)
    assert repr(a) == "Explorer(t: 3 values)"
    buttons = [attrs for t, attrs in parse(a.to_html()).tags if t == "button"]
    assert len(buttons) == 1 and buttons[0]["data-bnx-play"] == "300"
    plays = [w for w in a.widget.children[0].children if isinstance(w, W.Play)]
    assert len(plays) == 1 and plays[0].max == 2


# ----- the static view in a real browser ----------------------------------------------------------
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian chromium")
def test_static_view_switches_frames_in_chromium(tmp_path):
    """Two Explorers on one page: moving the first one's slider changes only its visible frame."""
    e1 = Explorer(draw_line, {"gamma": [0.5, 1.0, 2.0], "beta": [-1.0, 0.0, 1.0]}, **SMALL)
    e2 = Explorer(draw_act, {"act": ["tanh", "relu"], "gamma": [0.5, 1.0, 2.0]}, **SMALL)
    poke = f"""<script>
      var s = document.getElementById("{e1.element_id}-p0");
      s.value = "2"; s.dispatchEvent(new Event("input"));
      var m = document.getElementById("{e2.element_id}-p0");
      m.value = "1"; m.dispatchEvent(new Event("change"));
      var shown = [];
      document.querySelectorAll("img[data-bnx-key]").forEach(function (im) {{
        if (im.style.display !== "none") {{ shown.push(im.closest(".bnbook-explorer").id
                                                       + ":" + im.getAttribute("data-bnx-key")); }}
      }});
      var out = document.querySelector("output[data-bnx-for='{e1.element_id}-p0']").textContent;
      document.title = "SHOWN " + shown.join(" ") + " OUT " + out;
    </script>"""
    page = tmp_path / "page.html"
    page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>x</title></head>"
                    f"<body>{e1.to_html()}{e2.to_html()}{poke}</body></html>", encoding="utf-8")
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                          "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    title = re.search(r"<title>(.*?)</title>", dom).group(1)
    assert title == f"SHOWN {e1.element_id}:2-1 {e2.element_id}:1-1 OUT 2"


# ----- in a real kernel ---------------------------------------------------------------------------
@pytest.mark.slow
def test_kernel_output_is_one_bundle_and_no_stray_figure():
    """As the last expression of a notebook cell: exactly one output, carrying the three mime
    types; the inline backend shows no extra figure and pyplot holds none afterwards."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in (
        "import bnbook; bnbook.setup('ko')",
        "import numpy as np\nfrom bnbook.widgets import Explorer\n"
        "def draw(fig, gamma):\n    fig.add_subplot().plot(np.arange(3) * gamma)\n"
        "Explorer(draw, {'gamma': [1.0, 2.0]}, figsize=(2, 1.5), dpi=40)",
        "import matplotlib.pyplot as plt\nprint(plt.get_fignums())",
    )]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[1].outputs
    assert len(outputs) == 1 and outputs[0].output_type == "execute_result"
    assert set(outputs[0].data) == {"application/vnd.jupyter.widget-view+json", "text/html",
                                    "text/plain"}
    assert outputs[0].data["text/plain"] == "Explorer(gamma: 2 values)"
    assert len(frames_of(outputs[0].data["text/html"])) == 2
    assert [o.get("text") for o in nb.cells[2].outputs] == ["[]\n"]


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian chromium")
def test_static_play_button_steps_frames_in_chromium(tmp_path):
    a = animate(lambda fig, t: fig.add_subplot().plot(X, np.sin(X + t)), [0.0, 1.0, 2.0, 3.0],
                initial=0.0, interval_ms=100, **SMALL)
    poke = f"""<script>
      var root = document.getElementById("{a.element_id}");
      root.querySelector("button").click();
      setTimeout(function () {{
        var shown = [];
        root.querySelectorAll("img[data-bnx-key]").forEach(function (im) {{
          if (im.style.display !== "none") {{ shown.push(im.getAttribute("data-bnx-key")); }}
        }});
        var v = root.querySelector("input").value;
        document.title = "SHOWN " + shown.join(" ") + " SLIDER " + v;
      }}, 250);
    </script>"""
    page = tmp_path / "play.html"
    page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>x</title></head>"
                    f"<body>{a.to_html()}{poke}</body></html>", encoding="utf-8")
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                          "--virtual-time-budget=1000", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    title = re.search(r"<title>(.*?)</title>", dom).group(1)
    assert title == "SHOWN 2 SLIDER 2"            # two 100 ms ticks from frame 0 after 250 ms


# ----- text size on the page ----------------------------------------------------------------------
def test_min_font_pt_reaches_min_text_px_at_the_column_width():
    # a frame narrower than the column is shown at its natural size: 11 px at 80 dpi = 9.9 pt
    assert widgets.min_font_pt((6.0, 3.5), 80) == pytest.approx(11 * 72 / 80)
    # a 900-px frame is scaled to the 688-px column: its text must be drawn 900/688 larger
    assert widgets.min_font_pt((9.0, 2.8), 100) == pytest.approx(11 * 72 / 100 * 900 / 688)


def test_frames_raise_small_text_and_report_it():
    def draw(fig, k):
        ax = fig.add_subplot()
        ax.plot(X, X * k, label="line")
        ax.legend(fontsize=5)                 # explicit, too small
        ax.set_title("t", fontsize="x-small")
        ax.tick_params(labelsize=4)

    e = Explorer(draw, {"k": [1.0, 2.0]}, figsize=(3.0, 2.0), dpi=80)
    html_view = e.to_html()
    floor = widgets.min_font_pt(e.figsize, e.dpi)
    m = re.search(r'data-bnx-text-px="([0-9.]+)"', html_view)
    assert m, "the static view states its smallest text size"
    assert float(m.group(1)) >= widgets.MIN_TEXT_PX - 0.05  # rounded to 0.1 px in the HTML
    assert min(e._text_pt) == pytest.approx(floor)            # the explicit 4-5 pt were raised


def test_render_png_without_min_pt_keeps_the_draw_code_sizes():
    sizes = []

    def draw(fig):
        fig.add_subplot().set_title("t", fontsize=5)

    widgets.render_png(draw, {}, figsize=(2.0, 1.5), dpi=50, text_sizes=sizes)
    assert sizes == [5.0]


def test_option_captions_are_translated_and_values_stay():
    """Menu options show translated names (fix pass fc): explicit ``captions`` or the draw
    function's own ``draw.captions``; draw still receives the original values."""
    before = i18n.get_language()
    i18n.register({"test.fc.cap.a": {"ko": "가", "en": "A"}})

    def draw(fig, kind="a"):
        fig.subplots()

    try:
        i18n.set_language("ko")
        ex = Explorer(draw, {"kind": ["a", "b"]}, captions={"kind": {"a": "test.fc.cap.a"}})
        assert ex.params[0].captions == ("가", "b") and ex.params[0].values == ("a", "b")
        draw.captions = {"kind": {"a": "test.fc.cap.a"}}
        i18n.set_language("en")
        assert Explorer(draw, {"kind": ["a", "b"]}).params[0].captions == ("A", "b")
        with pytest.raises(ValueError, match="not among its values"):
            Explorer(draw, {"kind": ["a", "b"]}, captions={"kind": {"c": "x"}})
        with pytest.raises(ValueError, match="unknown parameters"):
            Explorer(draw, {"kind": ["a", "b"]}, captions={"other": {"a": "x"}})
    finally:
        i18n.set_language(before)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_chapter_widgets_show_translated_options(lang):
    """ch01's activation menu, ch03's optimizer menu and ch08's norm menu show names from the
    string tables; the Korean pages show no English identifier there."""
    from bnbook.chapters import ch01, ch03, ch08

    before = i18n.get_language()
    try:
        i18n.set_language(lang)
        act = ch01.saturation_widget().params[2]
        opt = Explorer(ch03.draw_training, {"optimizer": list(ch03.OPTIMIZERS)}).params[0]
        norm = Explorer(ch08.draw_axes, {"norm": ["bn", "ln", "in", "gn"]}).params[0]
        assert act.values == ("sigmoid", "relu") and norm.values == ("bn", "ln", "in", "gn")
        if lang == "ko":
            assert "sigmoid" not in act.captions and "Momentum" not in opt.captions
            assert not set(norm.captions) & {"bn", "ln", "in", "gn"}
            assert all(any("\uac00" <= c <= "\ud7a3" for c in cap) for cap in norm.captions)
        assert act.captions == tuple(i18n.t(f"ch01.widget.act.{a}") for a in act.values)
        assert opt.captions == tuple(i18n.t(f"ch03.opt.{o}") for o in ch03.OPTIMIZERS)
    finally:
        i18n.set_language(before)
