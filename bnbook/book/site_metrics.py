"""Measure the built site in Debian's chromium: page weight on first load and Korean search recall.

    python -m bnbook.book.site_metrics _build/html            # every chapter page + recall table
    python -m bnbook.book.site_metrics _build/html --json out.json

Page weight = bytes of every response a fresh browser profile receives while a page loads (and for
five more seconds, so deferred scripts and fonts count), served by a local ``http.server``.
Recall = for each term, the book pages whose article text contains it (substring), and how many of
those the site's own search (``search.html?q=term``, Sphinx's searchtools.js) returns.
Used by tests/test_browser.py and for the numbers in the team's note.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import threading
from contextlib import contextmanager
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KOREAN_TERMS = ("정규화", "표준편차", "분산", "평균", "배치", "학습률", "활성값", "기울기", "추론",
                "신경망")
_TAG = re.compile(r"<[^>]+>")
_ARTICLE = re.compile(r'<article class="bd-article">(.*?)</article>', re.S)
_SCRIPT = re.compile(r"<(script|style)[^>]*>.*?</\1>", re.S)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@contextmanager
def serve(html_dir: Path):
    """http://127.0.0.1:PORT/ serving ``html_dir`` for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def book_pages(html_dir: Path, lang: str | None = None) -> list[str]:
    """Docnames of the chapter, exercise, glossary and notation pages (optionally one language)."""
    pages = []
    for path in sorted(Path(html_dir).rglob("*.html")):
        rel = path.relative_to(html_dir).with_suffix("").as_posix()
        parts = rel.split("/")
        if parts[0] in ("_static", "_sources") or len(parts) < 2:
            continue
        if lang is None or lang in parts:
            pages.append(rel)
    return pages


def article_text(html: str) -> str:
    m = _ARTICLE.search(html)
    body = m.group(1) if m else html
    return unescape(_TAG.sub(" ", _SCRIPT.sub(" ", body)))


def pages_containing(html_dir: Path, term: str, lang: str | None = None,
                     word_start: bool = True) -> set[str]:
    """Pages whose article text has ``term`` at the start of a word (정규화를, 정규화된: yes;
    공분산 for 분산: no), or anywhere with ``word_start=False``."""
    html_dir = Path(html_dir)
    pattern = re.compile((r"(?<!\w)" if word_start else "") + re.escape(term))
    return {doc for doc in book_pages(html_dir, lang)
            if pattern.search(article_text((html_dir / f"{doc}.html").read_text(encoding="utf-8")))}


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def page_weight(browser, url: str, settle_ms: int = 5000) -> tuple[int, int]:
    """(bytes received, number of responses) for a first visit of ``url`` in a fresh profile."""
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    sizes: list[int] = []

    def on_response(response):
        try:
            sizes.append(len(response.body()))
        except Exception:  # redirects and aborted requests have no body
            sizes.append(0)

    page = context.new_page()
    page.on("response", on_response)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(settle_ms)
        return sum(sizes), len(sizes)
    finally:
        context.close()


def search_hits(browser, root: str, term: str) -> set[str]:
    """Docnames the site's search page returns for ``term``."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    try:
        page.goto(f"{root}search.html?q={term}", wait_until="load")
        # searchtools.js writes the summary line when the last result is listed
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results p.search-summary');"
            " return s && s.textContent.trim().length > 0 }", timeout=60_000)
        page.wait_for_timeout(300)
        hrefs = page.eval_on_selector_all("#search-results ul.search li > a",
                                          "els => els.map(a => a.getAttribute('href'))")
    finally:
        context.close()
    return {h.split("?")[0].split("#")[0].removesuffix(".html") for h in hrefs}


def recall_table(browser, root: str, html_dir: Path, terms=KOREAN_TERMS) -> dict[str, dict]:
    table = {}
    for term in terms:
        have = pages_containing(html_dir, term)
        found = search_hits(browser, root, term)
        table[term] = {"pages": len(have), "found": len(have & found),
                       "missed": sorted(have - found)}
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--pages", nargs="*", help="docnames (default: every chapter page)")
    args = parser.parse_args(argv)
    pages = args.pages or [d for d in book_pages(args.html) if d.startswith("chapters/")]
    out = {"weight": {}, "recall": {}}
    with serve(args.html) as root, chromium() as browser:
        for doc in pages:
            size, n = page_weight(browser, f"{root}{doc}.html")
            out["weight"][doc] = {"MB": round(size / 1e6, 2), "requests": n}
            print(f"{doc:45s} {size / 1e6:6.2f} MB  {n:3d} requests", flush=True)
        out["recall"] = recall_table(browser, root, args.html)
    for term, row in out["recall"].items():
        print(f"{term:6s} {row['found']:3d}/{row['pages']:3d}  missed: {', '.join(row['missed'])}")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
