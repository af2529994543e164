"""Links between the Korean and English twin of a page, derived from the page's path."""

from __future__ import annotations

from html import escape

from sphinx.util import logging

logger = logging.getLogger(__name__)

LANGUAGES = ("ko", "en")
LABELS = {"ko": "한국어", "en": "English"}
LINK_TEXT = {"ko": "한국어판 보기", "en": "Read in English"}


def page_language(docname: str) -> str | None:
    """'ko' or 'en' if a folder of ``docname`` (or its last part) names a language, else None."""
    parts = docname.split("/")
    for part in parts:
        if part in LANGUAGES:
            return part
    return None


def twin_docname(docname: str) -> str | None:
    """The same page in the other language: swap the ``ko``/``en`` path part.

    >>> twin_docname("chapters/ko/01_covariate_shift")
    'chapters/en/01_covariate_shift'
    >>> twin_docname("glossary/en")
    'glossary/ko'
    >>> twin_docname("index") is None
    True
    """
    lang = page_language(docname)
    if lang is None:
        return None
    other = "en" if lang == "ko" else "ko"
    parts = docname.split("/")
    return "/".join(other if part == lang else part for part in parts)


def check_twins(app, env) -> None:
    """Warn (an error under -W) for every bilingual page whose twin is not in the book."""
    for docname in sorted(env.found_docs):
        twin = twin_docname(docname)
        if twin is not None and twin not in env.found_docs:
            logger.warning(
                "%s has no twin page %s (같은 페이지의 다른 언어판이 없습니다)",
                docname,
                twin,
                location=docname,
                type="bnbook",
                subtype="twin",
            )


def language_link_html(href: str, target_lang: str) -> str:
    """The link block put at the top of a page's body."""
    return (
        f'<div class="bnbook-langlink">'
        f'<a class="reference internal bnbook-langlink-a" href="{escape(href)}" '
        f'hreflang="{target_lang}" lang="{target_lang}">{LINK_TEXT[target_lang]}</a>'
        f"</div>\n"
    )


def add_language_link(app, pagename, templatename, context, doctree) -> None:
    """html-page-context: prepend the link to the twin page and set ``<html lang>``."""
    lang = page_language(pagename)
    if lang is None or "body" not in context:
        return
    context["language"] = lang
    twin = twin_docname(pagename)
    if twin not in app.env.found_docs:
        return
    href = context["pathto"](twin)
    target = "en" if lang == "ko" else "ko"
    context["body"] = language_link_html(href, target) + context["body"]


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """html-page-context (late): keep the first of identical <script> entries.

    sphinx-thebe's inline config (``const THEBE_JS_URL = ...``) can be added twice on notebook
    pages, which is a JavaScript error ("Identifier 'THEBE_JS_URL' has already been declared").
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for js in scripts:
        # an inline script is added once with filename None and once with '': same script
        attributes = getattr(js, "attributes", {}) or {}
        key = (getattr(js, "filename", str(js)) or "", tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(js)
    context["script_files"] = kept
