"""`export --format timelinejs [OUT.json]`: the timeline as a TimelineJS3 JSON file.

Each event becomes a slide: `start_date` holds the parts the dossier knows, at their
own precision (a month-precise date has no `day`), so TimelineJS never shows an
invented day. A date known only to its year or its season is listed after the dated
events of that period, as the app and every export list it; TimelineJS sorts slides by
`start_date` itself, so such a slide is placed on the last day of its period, a sort
position only: its `display_date`, which TimelineJS shows instead, says "2025 · month
not given" or "summer 2025 · month not given". The dossier's own wording of an
approximate or uncertain date ("~ Apr 2025") is the `display_date` too, and the text
says in words what is approximate, uncertain, or known only to the season or year.

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
    """A TimelineJS date object at the date's own precision (a year or a season placed
    on its last day, so that TimelineJS orders it as the dossier does)."""
    result: dict = {"year": date.year}
    if date.imprecise:
        last = date.latest
        result = {"year": last.year, "month": last.month, "day": last.day}
    elif date.month is not None:
        result["month"] = date.month
        if date.day is not None:
            result["day"] = date.day
    result["display_date"] = date.timeline_label()
    return result


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
            "display_date": event.date.timeline_label(),
            "text": {"headline": _esc(event.title), "text": _text(index, event)},
        }
        if event.kind:
            slide["group"] = GROUPS.get(event.kind, "Said and published")
        events.append(slide)
    intro = f"{len(events)} dated events, each with its sources."
    return {"title": {"text": {"headline": _esc(title), "text": f"<p>{intro}</p>"}}, "events": events}


def to_timelinejs(dossier: Dossier, title: str = "Dossier") -> str:
    return json.dumps(timeline_json(dossier, title), ensure_ascii=False, indent=2) + "\n"


def export_text(dossier: Dossier, options) -> str:
    return to_timelinejs(dossier, options.title)
