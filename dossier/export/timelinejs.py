"""`export --format timelinejs [OUT.json]`: the timeline as a TimelineJS3 JSON file.

Each event becomes a slide, placed where the app places it and never on an invented
day. A day- or month-precise date is `start_date` with exactly the parts the dossier
knows. A season or a bare year, which TimelineJS cannot say, becomes the range of
months it covers (`start_date` Sep 2025, `end_date` Nov 2025 for autumn 2025; Jan-Dec
for 2025), so "autumn 2025" sorts after April, not at the start of the year; the slide's
`display_date` keeps the dossier's own wording ("autumn 2025", "~ Apr 2025"), and the
text says in words what is approximate, uncertain, or known only to the season or year.

`group` (a row of the timeline) is one of a handful (`GROUPS`: people, models,
money, the company, public words), so the rows leave room for the story; only http(s)
addresses become links; TimelineJS renders `text` as HTML, so every data string is
escaped.
"""

from __future__ import annotations

import html
import json

from dossier.index.index import Index
from dossier.index.links import prose_parts
from dossier.model.dates import SEASONS, PartialDate
from dossier.model.records import Dossier, Event, Source
from dossier.model.text import is_web_address, one_line

# Event kind -> row. Every kind of `dossier.schema.EVENT_KINDS` is here (a test checks it).
GROUPS = {
    **dict.fromkeys(("hire", "departure", "appointment", "compensation", "layoff"), "People"),
    **dict.fromkeys(("release", "delay", "benchmark"), "Models"),
    **dict.fromkeys(("investment", "acquisition", "funding", "market"), "Money"),
    **dict.fromkeys(("founding", "reorganisation"), "Company"),
    **dict.fromkeys(
        ("announcement", "conference", "statement", "report", "publication", "other"), "Said and published"
    ),
}


def _esc(text: str) -> str:
    """Text for TimelineJS's HTML: one line, escaped (quotes too need no escape outside attributes)."""
    return html.escape(one_line(text), quote=False)


def tl_date(date: PartialDate) -> dict:
    """A TimelineJS date object at the date's own precision (a season or a year: its first month)."""
    result: dict = {"year": date.year}
    if date.month is not None:
        result["month"] = date.month
        if date.day is not None:
            result["day"] = date.day
    elif date.season is not None:
        result["month"] = SEASONS[date.season][1]
    else:
        result["month"] = 1
    result["display_date"] = date.display()
    return result


def tl_end_date(date: PartialDate) -> dict | None:
    """The last month a season or a bare year covers; None for a month or a day."""
    if date.month is not None:
        return None
    last = date.latest
    return {"year": last.year, "month": last.month, "display_date": date.display()}


def _caveat(date: PartialDate) -> str:
    shown = _esc(date.display())
    sentences = []
    if date.approximate and date.uncertain:
        sentences.append(f"The date ({shown}) is approximate and uncertain.")
    elif date.approximate:
        sentences.append(f"The date ({shown}) is approximate.")
    elif date.uncertain:
        sentences.append(f"The date ({shown}) is uncertain.")
    if date.season is not None:
        sentences.append(f"The sources give the season ({SEASONS[date.season][0]} {date.year}), not the month.")
    elif date.month is None:
        sentences.append(f"The sources give the year ({date.year}) only.")
    return f"<p><em>{' '.join(sentences)}</em></p>" if sentences else ""


def _text(index: Index, event: Event) -> str:
    parts = [_caveat(event.date)]
    if event.summary:
        prose = "".join(p if t is None else (p or index.label(t)) for p, t in prose_parts(event.summary))
        parts.append(f"<p>{_esc(prose)}</p>")
    if event.involves:
        parts.append("<p>Involves: " + ", ".join(_esc(index.label(i)) for i in event.involves) + ".</p>")
    sources = []
    for source_id in event.sources:
        source = index.get(source_id)
        if not isinstance(source, Source):
            continue
        label = _esc(source.title)
        if is_web_address(source.url):  # a `javascript:` or `file:` address stays text
            label = f'<a href="{html.escape(source.url, quote=True)}">{label}</a>'
        if source.flags:
            label += " [⚠ " + _esc(", ".join(source.flags)) + "]"
        sources.append(label)
    if sources:
        parts.append("<p>Sources: " + "; ".join(sources) + ".</p>")
    return "".join(parts)


def timeline_json(dossier: Dossier, title: str = "Dossier") -> dict:
    index = Index(dossier)
    events = []
    for event in dossier.events:
        slide = {
            "unique_id": event.id,
            "start_date": tl_date(event.date),
            "display_date": event.date.display(),
            "text": {"headline": _esc(event.title), "text": _text(index, event)},
        }
        end = tl_end_date(event.date)
        if end is not None:
            slide["end_date"] = end
        if event.kind:
            slide["group"] = GROUPS.get(event.kind, "Said and published")
        events.append(slide)
    intro = f"{len(events)} dated events, each with its sources."
    return {"title": {"text": {"headline": _esc(title), "text": f"<p>{intro}</p>"}}, "events": events}


def to_timelinejs(dossier: Dossier, title: str = "Dossier") -> str:
    return json.dumps(timeline_json(dossier, title), ensure_ascii=False, indent=2) + "\n"


def export_text(dossier: Dossier, options) -> str:
    return to_timelinejs(dossier, options.title)
