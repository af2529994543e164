"""Smoke test of the built book in a real headless Chromium (Debian's /usr/bin/chromium, never a
downloaded browser), from file:// and from a local ``http.server`` on 127.0.0.1.

For chapter 1 in Korean and English (and a page that is sure to contain math): math is typeset
by the bundled MathJax (mjx-container elements), every image loaded, no request left the machine,
and the language link leads to the twin page. Screenshots go to ``_build/screenshots/``.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("BNBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "_build" / "screenshots"
CHAPTER_1 = "01_covariate_shift"
MATH_PAGE = "04_regularization"  # chapter 4: display math (Algorithm 1, delta method)
pytestmark = [pytest.mark.browser, pytest.mark.slow]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="module")
def http_root(built_html):
    """http://127.0.0.1:PORT/ serving the built book (a ThreadingHTTPServer in this process)."""
    handler = functools.partial(QuietHandler, directory=str(built_html))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: `apt-get install chromium` (.ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                      headless=True)
        yield chromium
        chromium.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and parts.hostname == "127.0.0.1"


def open_page(browser, url: str):
    """A fresh context + page at ``url``; every request not file:// or 127.0.0.1 is aborted and
    recorded in ``page.blocked``, uncaught JS errors in ``page.js_errors``, local resources that
    failed to load in ``page.failed``."""
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    blocked: list[str] = []
    js_errors: list[str] = []
    failed: list[str] = []  # local files/URLs that could not be loaded (404, missing file)

    def guard(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda err: js_errors.append(str(err)))
    page.on("request", lambda req: None if is_local(req.url) else blocked.append(req.url))
    page.on("requestfailed", lambda req: failed.append(req.url) if is_local(req.url) else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.blocked, page.js_errors, page.failed = blocked, js_errors, failed
    page.goto(url, wait_until="load")
    return context, page


def wait_for_math(page) -> tuple[int, int]:
    """Wait until MathJax (if the page loads it) has typeset; return (#math elements, #typeset)."""
    n_math = page.locator(".math").count()
    if n_math:
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                               timeout=30_000)
        page.evaluate("() => MathJax.startup.promise")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.math')]"
            ".every(e => e.querySelector('mjx-container'))",
            timeout=30_000,
        )
    return n_math, page.locator(".math mjx-container").count()


def broken_images(page) -> list[str]:
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=30_000)
    return page.evaluate(
        "() => [...document.images].filter(i => !(i.naturalWidth > 0)).map(i => i.src)"
    )


def page_url(built_html: Path, http_root: str, scheme: str, docname: str) -> str:
    if scheme == "file":
        return (built_html / f"{docname}.html").as_uri()
    return f"{http_root}{docname}.html"


def check_page(browser, built_html, http_root, scheme, docname, *, needs_math: bool,
               check=None):
    twin = docname.replace("/ko/", "/__/").replace("/en/", "/ko/").replace("/__/", "/en/")
    context, page = open_page(browser, page_url(built_html, http_root, scheme, docname))
    try:
        n_math, n_typeset = wait_for_math(page)
        if needs_math:
            assert n_math > 0, f"{docname}: expected math on the page"
        assert n_typeset >= n_math, f"{docname}: {n_typeset} of {n_math} math elements typeset"
        assert broken_images(page) == [], f"{docname}: images that did not load"
        if check is not None:
            check(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{docname.replace('/', '_')}_{scheme}.png"
        page.screenshot(path=str(shot), full_page=False)

        link = page.locator("a.bnbook-langlink-a")
        assert link.count() == 1, f"{docname}: expected one language link"
        link.click()
        page.wait_for_load_state("load")
        assert page.url.split("#")[0].endswith(f"{twin}.html"), (
            f"{docname}: language link led to {page.url}, expected {twin}.html"
        )
        assert page.locator("a.bnbook-langlink-a").count() == 1
        assert not page.blocked, f"{docname}: requests that tried to leave: {page.blocked}"
        assert not page.js_errors, f"{docname}: JavaScript errors: {page.js_errors}"
        assert not page.failed, f"{docname}: local resources that failed to load: {page.failed}"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["file", "http"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_chapter_1(browser, built_html, http_root, scheme, lang):
    source = REPO / "chapters" / lang / f"{CHAPTER_1}.ipynb"
    if not source.is_file():
        pytest.skip(f"{source.relative_to(REPO)} does not exist yet (chapter 1 not written)")
    check_page(browser, built_html, http_root, scheme, f"chapters/{lang}/{CHAPTER_1}",
               needs_math=True)


@pytest.mark.parametrize("scheme", ["file", "http"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_math_page(browser, built_html, http_root, scheme, lang):
    check_page(browser, built_html, http_root, scheme, f"chapters/{lang}/{MATH_PAGE}",
               needs_math=True)


def test_off_machine_requests_are_caught(browser, tmp_path):
    """The guard itself works: a page that loads an off-site script is caught."""
    page_file = tmp_path / "leak.html"
    page_file.write_text('<html><body><script src="https://example.invalid/x.js"></script>'
                         "</body></html>", encoding="utf-8")
    context, page = open_page(browser, page_file.as_uri())
    try:
        assert page.blocked == ["https://example.invalid/x.js"] or page.blocked[:1] == [
            "https://example.invalid/x.js"]
    finally:
        context.close()


# ---------------------------------------------------------------- widgets, offline
WIDGET_NOTEBOOK_CELLS = [
    ("markdown", "# Widgets\n\n"
                 r"$\hat{x}_i = (x_i - \mu_\mathcal{B}) / \sqrt{\sigma_\mathcal{B}^2 + \epsilon}$"),
    ("code", 'import bnbook; bnbook.setup("{lang}")'),
    ("code", "import numpy as np\n"
             "from bnbook.widgets import Explorer\n"
             "x = np.linspace(-2, 2, 50)\n"
             "def draw(fig, gamma, beta):\n"
             "    ax = fig.add_subplot()\n"
             "    ax.plot(x, gamma * x + beta)\n"
             "    ax.set_title('γ, β — 정규화')\n"
             "Explorer(draw, {'gamma': [0.5, 1.0, 2.0], 'beta': [-1.0, 0.0, 1.0]})"),
    ("code", "import ipywidgets\nipywidgets.IntSlider(value=3, description='n')"),
]


@pytest.fixture(scope="module")
def widget_book(tmp_path_factory):
    """A two-page book with the real _config.yml: a bnbook Explorer (widget-view + text/html) and a
    plain ipywidgets slider (widget-view only), executed with ``bnbook.book.run_notebooks``."""
    import subprocess
    import sys

    import nbformat

    from bnbook.book.run_notebooks import run_notebook

    assets = REPO / "_assets"
    if not (assets / "html-manager" / "embed-amd.js").is_file():
        pytest.fail("_assets/ is missing: run `make bootstrap` (npm ci + copy) first")
    root = tmp_path_factory.mktemp("widgetbook")
    (root / "_config.yml").write_text((REPO / "_config.yml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    (root / "_assets").symlink_to(assets, target_is_directory=True)
    (root / "index.md").write_text("# Widget test\n", encoding="utf-8")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n"
        "  - file: chapters/ko/01_widgets\n  - file: chapters/en/01_widgets\n", encoding="utf-8")
    for lang in ("ko", "en"):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        for kind, source in WIDGET_NOTEBOOK_CELLS:
            source = source.replace("{lang}", lang)
            nb.cells.append(nbformat.v4.new_markdown_cell(source) if kind == "markdown"
                            else nbformat.v4.new_code_cell(source))
        path = root / "chapters" / lang / "01_widgets.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
        run_notebook(path, timeout=300)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run([str(jupyter_book), "build", str(root), "-W", "--keep-going"],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, "widget book build failed:\n" + (proc.stdout + proc.stderr)[-3000:]
    return root / "_build" / "html"


def test_widgets_static_and_live_offline(browser, widget_book):
    html = (widget_book / "chapters" / "ko" / "01_widgets.html").read_text(encoding="utf-8")
    # the Explorer shows its text/html view; only the plain slider stays a widget-view
    assert html.count('type="application/vnd.jupyter.widget-view+json"') == 1
    assert html.count('class="bnbook-explorer"') == 1
    assert "_static/html-manager/embed-amd.js" in html

    def live_slider_rendered(page):
        page.wait_for_selector(".widget-slider", timeout=30_000)
        assert page.locator(".bnbook-explorer img").count() == 9

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(widget_book)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        root = f"http://127.0.0.1:{server.server_address[1]}/"
        for scheme in ("file", "http"):
            check_page(browser, widget_book, root, scheme, "chapters/ko/01_widgets",
                       needs_math=True, check=live_slider_rendered)
    finally:
        server.shutdown()
        server.server_close()
