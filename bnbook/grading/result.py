"""Results of grading: one :class:`Outcome` per test, one :class:`Result` per task.

Messages are stored as i18n keys plus format arguments, so a result renders in either language
(``result.text("ko")``, ``result.text("en")``) and the class report can carry both.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .. import i18n
from ._strings import msg

__all__ = ["Outcome", "Result"]


@dataclass
class Outcome:
    """One test of a task: its name (i18n key), points earned and available, and feedback."""

    name: str
    score: float
    max_score: float
    key: str
    fmt: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score

    def text(self, lang: str | None = None) -> str:
        fmt = _render_keys(self.fmt, lang)
        if isinstance(self.key, tuple | list):  # several diagnosed mistakes at once
            return _numbered(self.key, lang, fmt)
        return msg(self.key, lang, **fmt)

    def title(self, lang: str | None = None) -> str:
        return msg(self.name, lang)


@dataclass
class Result:
    """The grade of one task. ``status`` is ``"graded"``, ``"not_done"`` or ``"unknown_task"``."""

    task_id: str
    title_key: str
    outcomes: list[Outcome]
    max_score: float
    status: str = "graded"
    note: tuple[str, dict] | None = None

    @property
    def score(self) -> float:
        if self.status != "graded":
            return 0.0
        return float(sum(o.score for o in self.outcomes))

    @property
    def passed(self) -> bool:
        return self.status == "graded" and self.score >= self.max_score

    # -- rendering -------------------------------------------------------------------------
    def _header(self, lang: str | None) -> str:
        key = "result.header_one" if self.max_score == 1 else "result.header"
        return msg(key, lang, task=self.task_id, title=msg(self.title_key, lang),
                   score=_fmt_points(self.score), max_score=_fmt_points(self.max_score))

    def lines(self, lang: str | None = None) -> list[tuple[str, str]]:
        """(mark, text) pairs: mark is "ok", "fail" or "info"."""
        out: list[tuple[str, str]] = []
        if self.note is not None:
            out.append(("info", msg(self.note[0], lang, **self.note[1])))
        if self.status == "graded":
            for o in self.outcomes:
                mark = "ok" if o.passed else "fail"
                pts = f"{_fmt_points(o.score)}/{_fmt_points(o.max_score)}"
                out.append((mark, f"{o.title(lang)} [{pts}] — {o.text(lang)}"))
        return out

    def text(self, lang: str | None = None) -> str:
        marks = {"ok": "✔", "fail": "✘", "info": "•"}
        body = [self._header(lang)] + [f"  {marks[m]} {line}" for m, line in self.lines(lang)]
        if self.passed:
            body.append("  " + msg("result.all_passed", lang))
        return "\n".join(body)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        lang = i18n.get_language()
        other = "en" if lang == "ko" else "ko"
        colour = {"ok": "#1a7f37", "fail": "#b3261e", "info": "#555"}
        marks = {"ok": "✔", "fail": "✘", "info": "•"}

        def block(lg: str) -> str:
            items = "".join(
                f'<li style="color:{colour[m]}">{marks[m]} {html.escape(t)}</li>'
                for m, t in self.lines(lg))
            done = (f"<p>{html.escape(msg('result.all_passed', lg))}</p>" if self.passed else "")
            return f"<b>{html.escape(self._header(lg))}</b><ul>{items}</ul>{done}"

        if i18n.on_page():  # a notebook of the book: its language alone, as on the rest of the page
            return f'<div class="bnbook-grade">{block(lang)}</div>'
        label = html.escape(msg("result.other_language", lang))
        return (f'<div class="bnbook-grade">{block(lang)}'
                f"<details><summary>{label}</summary>{block(other)}</details></div>")

    def to_dict(self) -> dict:
        """JSON-ready record with feedback in both languages."""
        return {
            "task_id": self.task_id,
            "status": self.status,
            "score": self.score,
            "max_score": self.max_score,
            "passed": self.passed,
            "feedback": {lg: self.text(lg) for lg in i18n.LANGUAGES},
            "tests": [
                {"name": o.name, "score": o.score if self.status == "graded" else 0.0,
                 "max_score": o.max_score,
                 "output": {lg: o.text(lg) for lg in i18n.LANGUAGES}}
                for o in self.outcomes
            ],
        }


def _numbered(keys, lang: str | None, fmt: dict) -> str:
    return " ".join(f"({i}) {msg(k, lang, **fmt)}" for i, k in enumerate(keys, start=1))


def _render_keys(fmt: dict, lang: str | None) -> dict:
    """A format argument ``name_key`` holds the i18n key (or a tuple of keys: several mistakes)
    of a message to embed; it is rendered in ``lang`` and passed on as ``name``."""
    out = {k: v for k, v in fmt.items() if not k.endswith("_key")}
    for k, v in fmt.items():
        if k.endswith("_key"):
            out[k.removesuffix("_key")] = (_numbered(v, lang, out) if isinstance(v, tuple | list)
                                           else msg(v, lang, **out))
    return out


def _fmt_points(x: float) -> str:
    return f"{x:g}"
