"""The profile of one record as paragraphs of Rich `Text` with numbered links.

Every reference a profile shows (a role's org, an event's participants, a quote's
speaker, a `[[link]]` in prose, a backlink) becomes a link: a span whose style
carries `{"link": n}` in its meta, where `n` indexes `Profile.links`. The widget
moves a cursor over those numbers and follows them on enter or click; record ids
never travel inside the style, so nothing from the data can become an action.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from weakref import WeakKeyDictionary

from rich.style import Style
from rich.text import Text

from dossier.index.evidence import Evidence
from dossier.index.index import Index, Membership
from dossier.index.links import prose_parts
from dossier.model.records import Event, Lab, Model, Person, Quote, Record, Source
from dossier.model.text import one_line, visible

from .lines import flag_badges, quote_line, record_line, strength_mark, strength_style

LINK_STYLE = Style(underline=True, color="cyan")
HEADING_STYLE = Style(bold=True, color="magenta")
DIM = Style(dim=True)
NO_SOURCE = Style(color="red")
# A backlink group this long is cut, so opening a record stays fast at any scale.
GROUP_LIMIT = 50
UNDATED = (date.max, date.max)  # roles without a start sort last
KIND_TITLES = {
    "person": "Person",
    "lab": "Lab",
    "model": "Model",
    "event": "Event",
    "quote": "Quote",
    "source": "Source",
}
ROLES_CITED = "cited for roles"  # the backlink group of the people whose roles cite a source
# Backlink groups a kind's own sections already show in full.
SHOWN_ABOVE = {
    "lab": {"members", "developed", "units"},
    "model": {"family members"},
    "source": {"quotes on it"},
}


# Profiles built lately, per index (a reload makes a new index, and so a new cache): the
# cursor coming back to a record, or enter on the record it shows, reuses its profile.
RECENT_PROFILES = 64
_recent: WeakKeyDictionary[Index, OrderedDict[tuple[str, bool], tuple[Record, Profile]]] = WeakKeyDictionary()


@dataclass
class Profile:
    record_id: str
    paragraphs: list[Text] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # target id of each link, by number


class ProfileBuilder:
    def __init__(self, index: Index, *, translation: bool = True) -> None:
        self.index = index
        self.translation = translation

    # -- pieces -------------------------------------------------------------------
    def link(self, profile: Profile, target: str, label: str = "") -> Text:
        number = len(profile.links)
        profile.links.append(target)
        shown = label or self.index.label(target)
        return Text(one_line(shown), LINK_STYLE + Style(meta={"link": number}))

    def prose(self, profile: Profile, text: str) -> Text:
        out = Text()
        for part, target in prose_parts(text):
            if target is None:
                out.append(visible(part))
            elif self.index.get(target) is not None:
                out.append_text(self.link(profile, target, part))
            else:  # a dangling link is shown, not followed
                out.append(one_line(part or target), DIM)
        return out

    def field(self, name: str, value: Text | str) -> Text:
        text = Text(f"{name}: ", DIM)
        text.append_text(value if isinstance(value, Text) else Text(one_line(value)))
        return text

    def links_line(self, profile: Profile, name: str, targets: tuple[str, ...] | list[str]) -> Text:
        parts = [self.link(profile, t) if self.index.get(t) is not None else Text(one_line(t), DIM) for t in targets]
        return self.field(name, Text(", ").join(parts))

    def heading(self, title: str) -> Text:
        return Text("\n" + title, HEADING_STYLE)

    # -- the whole profile --------------------------------------------------------
    def build(self, record: Record) -> Profile:
        """The record's profile; the same object again while it is among the recent ones.

        A profile is never changed once built, so sharing it is safe.
        """
        recent = _recent.setdefault(self.index, OrderedDict())
        key = (record.id, self.translation)
        found = recent.get(key)
        if found is not None and found[0] is record:
            recent.move_to_end(key)
            return found[1]
        profile = self._build(record)
        recent[key] = (record, profile)
        if len(recent) > RECENT_PROFILES:
            recent.popitem(last=False)
        return profile

    def _build(self, record: Record) -> Profile:
        profile = Profile(record.id)
        # Every reverse link comes from this one lookup of the record's incoming links, so
        # opening a record costs what it links to, not the size of the dossier.
        self._backlink_groups = self.index.backlinks(record.id)
        add = profile.paragraphs.append
        title = Text(KIND_TITLES.get(record.kind_name, record.kind_name).upper() + "  ", DIM)
        title.append(one_line(record.label if not isinstance(record, Quote) else record.id), Style(bold=True))
        add(title)
        aliases = getattr(record, "aliases", ())
        if aliases:
            add(self.field("also", ", ".join(aliases)))
        evidence = self.index.evidence.of_record(record)
        if evidence is not None:
            add(Text("evidence: ", DIM).append(evidence.strength, strength_style(evidence)))
        elif isinstance(record, Source) and record.flags:
            add(Text("flagged", DIM).append_text(flag_badges(record.flags)))
        getattr(self, f"_{record.kind_name}")(profile, record)
        summary = getattr(record, "summary", "")
        if summary and not isinstance(record, Quote):
            add(Text())
            add(self.prose(profile, summary))
        if evidence is not None and not isinstance(record, Quote):
            self._origins(profile, evidence)
        if isinstance(record, Event):
            self._conflicts(profile, record)
        self._backlinks(profile, record)
        tags = getattr(record, "tags", ())
        if tags:
            add(Text())
            add(self.field("tags", ", ".join(tags)))
        add(Text(f"\n{visible(str(record.loc))}", DIM))
        return profile

    def _source_item(self, profile: Profile, source_id: str, bullet: str = "• ") -> Text:
        item = Text(bullet)
        source = self.index.get(source_id)
        if not isinstance(source, Source):
            item.append(one_line(source_id), DIM)
            return item
        item.append_text(self.link(profile, source_id))
        where = [
            self.index.label(source.outlet) if source.outlet else "",
            source.published.display() if source.published else "",
        ]
        where = [w for w in where if w]
        if where:
            item.append("  " + one_line(", ".join(where)), DIM)
        item.append_text(flag_badges(source.flags))
        return item

    def _origins(self, profile: Profile, evidence: Evidence) -> None:
        """The claim's sources, one paragraph per independent origin: the sources folded
        into it (a relay, an unread article it cites) indented under the first."""
        add = profile.paragraphs.append
        count = len(evidence.origins)
        add(self.heading(f"Sources ({count} independent origin{'s' * (count != 1)})" if count else "Sources"))
        if not count:
            add(Text("  none cited: nothing here says who says so", NO_SOURCE))
        for origin in evidence.origins:
            first, *others = origin.sources
            add(self._source_item(profile, first))
            for other in others:
                add(self._source_item(profile, other, bullet="    + "))

    def _conflicts(self, profile: Profile, event: Event) -> None:
        """Values the sources disagree on, side by side, each with its sources."""
        for conflict in self.index.evidence.conflicts_of(event):
            add = profile.paragraphs.append
            add(self.heading(f"Conflict: {one_line(conflict.what)}"))
            for side in conflict.sides:
                line = Text("• ").append(one_line(side.figure.value), Style(bold=True)).append("  ")
                sources = [
                    self.link(profile, s) if self.index.get(s) else Text(one_line(s), DIM) for s in side.figure.sources
                ]
                line.append_text(Text(", ").join(sources)).append("  ").append_text(strength_mark(side.evidence))
                add(line)
                if side.figure.note:
                    note = Text("  ").append_text(self.prose(profile, side.figure.note))
                    note.stylize(Style(italic=True))
                    add(note)

    def _rests_on(self, profile: Profile, source: Source) -> None:
        """What rests on this source alone, then what it supports beside other origins."""
        evidence = self.index.evidence
        alone = evidence.only_on(source.id)
        ids = {claim.id for claim in alone}
        also = [claim for claim in evidence.supported_by(source.id) if claim.id not in ids]
        for title, claims in (("Rests only on this source", alone), ("Also supported by it", also)):
            claims = [c for c in claims if c.kind != "quote"]  # its own quotes are listed below
            if not claims:
                continue
            profile.paragraphs.append(self.heading(f"{title} ({len(claims)})"))
            for claim in claims[:GROUP_LIMIT]:
                if claim.kind == "event":
                    profile.paragraphs.append(self._record_item(profile, claim.record))
                    continue
                # A profile's own statements, or one of its roles: said so, not shown as
                # the record's line (a person's line names their latest role).
                line = Text("• ").append_text(self.link(profile, claim.record.id))
                role = claim.role
                if role is None:
                    line.append(f"  {claim.kind} profile", DIM)
                else:
                    at = " at ".join(p for p in (one_line(role.title), one_line(self.index.label(role.org))) if p)
                    line.append(f"  role: {at}", DIM)
                profile.paragraphs.append(line)
            self._more(profile, len(claims))

    def _person(self, profile: Profile, person: Person) -> None:
        if person.roles:
            profile.paragraphs.append(self.heading("Roles"))
        for role in person.roles:
            line = Text("• ")
            if role.title:
                line.append(one_line(role.title) + ", ")
            line.append_text(self.link(profile, role.org) if self.index.get(role.org) else Text(one_line(role.org)))
            span = role_span(role)
            if span:
                line.append("  " + span, DIM)
            line.append("  ").append_text(strength_mark(self.index.evidence.of_role(role)))
            profile.paragraphs.append(line)
            if role.note:
                note = Text("  ", DIM)
                note.append_text(self.prose(profile, role.note))
                note.stylize(Style(italic=True))
                profile.paragraphs.append(note)

    def _lab(self, profile: Profile, lab: Lab) -> None:
        add = profile.paragraphs.append
        if lab.kind:
            add(self.field("kind", lab.kind))
        if lab.parent:
            add(self.links_line(profile, "part of", [lab.parent]))
        if lab.founded:
            add(self.field("founded", lab.founded.display()))
        if lab.dissolved:
            add(self.field("dissolved", lab.dissolved.display()))
        if lab.location:
            add(self.field("location", lab.location))
        members = self._members(lab)
        if members:
            add(self.heading(f"Members ({len(members)})"))
        for membership in members[:GROUP_LIMIT]:
            line = Text("• ")
            line.append_text(self.link(profile, membership.person.id))
            role = membership.role
            if role.title:
                line.append(", " + one_line(role.title))
            span = role_span(role)
            if span:
                line.append("  " + span, DIM)
            add(line)
        self._more(profile, len(members))
        groups = self._backlink_groups
        for heading, records in (("Units", groups.get("units", [])), ("Models", groups.get("developed", []))):
            if records:
                add(self.heading(f"{heading} ({len(records)})"))
            for record in records[:GROUP_LIMIT]:
                add(self._record_item(profile, record))
            self._more(profile, len(records))

    def _members(self, lab: Lab) -> list[Membership]:
        """The lab's people and their roles there, earliest first (as `Index.members`)."""
        found = [
            Membership(person, role)
            for person in self._backlink_groups.get("members", [])
            if isinstance(person, Person)
            for role in person.roles
            if role.org == lab.id
        ]
        found.sort(key=lambda m: (m.role.start.sort_key if m.role.start else UNDATED, m.person.name))
        return found

    def _model(self, profile: Profile, model: Model) -> None:
        add = profile.paragraphs.append
        if model.developer:
            add(self.links_line(profile, "developer", [model.developer]))
        if model.family:
            add(self.links_line(profile, "family", [model.family]))
        if model.released:
            add(self.field("released", model.released.display()))
        if model.status:
            add(self.field("status", model.status))
        if model.open_weights is not None:
            add(self.field("open weights", "yes" if model.open_weights else "no"))
        if model.parameters:
            figures = [
                f"{v} {k}" for k, v in (("active", model.parameters.active), ("total", model.parameters.total)) if v
            ]
            add(self.field("parameters", ", ".join(figures)))
        if model.context_window:
            add(self.field("context window", model.context_window))
        if model.modalities:
            add(self.field("modalities", ", ".join(model.modalities)))
        family = self._backlink_groups.get("family members", [])
        if family:
            add(self.heading(f"Family ({len(family)})"))
        for member in family[:GROUP_LIMIT]:
            add(self._record_item(profile, member))
        self._more(profile, len(family))

    def _event(self, profile: Profile, event: Event) -> None:
        add = profile.paragraphs.append
        add(self.field("date", event.date.display()))
        if event.kind:
            add(self.field("kind", event.kind))
        if event.involves:
            add(self.heading("Involves"))
        for target in event.involves:
            record = self.index.get(target)
            if record is None:
                add(Text("• " + one_line(target), DIM))
            else:
                add(self._record_item(profile, record))

    def _quote(self, profile: Profile, quote: Quote) -> None:
        add = profile.paragraphs.append
        add(Text())
        lang = f"[{quote.lang}] " if quote.lang else ""
        original = Text(one_line(lang), DIM)
        original.append(visible(quote.text), Style(bold=True))
        add(original)
        if quote.translation:
            if self.translation:
                add(Text("our translation: ", DIM).append(visible(quote.translation), Style(italic=True)))
            else:
                add(Text("(t shows our translation)", DIM))
        add(Text())
        if quote.speaker:
            add(self.links_line(profile, "speaker", [quote.speaker]))
        source = self.index.get(quote.source)
        if isinstance(source, Source):
            add(self.field("source", self._source_item(profile, source.id, bullet="")))
        if quote.event:
            add(self.links_line(profile, "event", [quote.event]))
        if quote.about:
            add(self.links_line(profile, "about", quote.about))
        if quote.note:
            add(self.field("note", self.prose(profile, quote.note)))

    def _source(self, profile: Profile, source: Source) -> None:
        add = profile.paragraphs.append
        if source.title:
            add(self.field("title", source.title))
        if source.outlet:
            add(self.links_line(profile, "outlet", [source.outlet]))
        if source.author:
            add(self.links_line(profile, "author", [source.author]))
        if source.published:
            add(self.field("published", source.published.display()))
        for name in ("url", "language", "kind"):
            value = getattr(source, name)
            if value:
                add(self.field(name, value))
        if source.cites:
            add(self.links_line(profile, "cites", source.cites))
        self._rests_on(profile, source)  # the reader's first question of a source, before its quotes
        if source.quotes:
            add(self.heading(f"Quotes ({len(source.quotes)})"))
        for quote in source.quotes[:GROUP_LIMIT]:
            add(self._quote_item(profile, quote))
        self._more(profile, len(source.quotes))

    def _record_item(self, profile: Profile, record: Record) -> Text:
        """A linked record on one line: '• <name>  detail'."""
        line = Text("• ")
        shown = record_line(self.index, record, DIM, self.translation)
        number = len(profile.links)
        profile.links.append(record.id)
        shown.stylize(Style(meta={"link": number}))
        # The record's own name is the link; its details stay plain.
        shown.stylize(LINK_STYLE, 0, len(one_line(record.label)) if not isinstance(record, (Event, Quote)) else None)
        line.append_text(shown)
        return line

    def _quote_item(self, profile: Profile, quote: Quote) -> Text:
        """A quote on its source's profile: who said what (the source is the profile's)."""
        number = len(profile.links)
        profile.links.append(quote.id)
        shown = quote_line(self.index, quote, DIM, self.translation, with_source=False)
        shown.stylize(Style(meta={"link": number}))
        return Text("• ") + shown

    def _backlinks(self, profile: Profile, record: Record) -> None:
        skip = SHOWN_ABOVE.get(record.kind_name, set())
        for heading, records in self._backlink_groups.items():
            if heading in skip:
                continue
            if heading == ROLES_CITED and isinstance(record, Source):
                self._roles_resting_on(profile, record, records)
                continue
            profile.paragraphs.append(self.heading(f"{heading.capitalize()} ({len(records)})"))
            for other in records[:GROUP_LIMIT]:
                profile.paragraphs.append(self._record_item(profile, other))
            self._more(profile, len(records))

    def _roles_resting_on(self, profile: Profile, source: Source, people: list[Record]) -> None:
        """Each role that cites the source (not only whose roles): who, what, where, when."""
        roles = [(p, role) for p in people if isinstance(p, Person) for role in p.roles if source.id in role.sources]
        profile.paragraphs.append(self.heading(f"Roles resting on it ({len(roles)})"))
        for person, role in roles[:GROUP_LIMIT]:
            line = Text("• ")
            line.append_text(self.link(profile, person.id))
            line.append(", " + one_line(role.title) if role.title else "")
            line.append(", ")
            line.append_text(self.link(profile, role.org) if self.index.get(role.org) else Text(one_line(role.org)))
            span = role_span(role)
            if span:
                line.append("  " + span, DIM)
            profile.paragraphs.append(line)
        self._more(profile, len(roles))

    def _more(self, profile: Profile, count: int) -> None:
        if count > GROUP_LIMIT:
            profile.paragraphs.append(Text(f"  … and {count - GROUP_LIMIT} more (search to narrow)", DIM))


def gone_profile(record: Record) -> Profile:
    """What the profile says of a record that a reload no longer finds."""
    title = Text(KIND_TITLES.get(record.kind_name, record.kind_name).upper() + "  ", DIM)
    title.append(one_line(record.label if not isinstance(record, Quote) else record.id), Style(bold=True))
    where = visible(str(record.loc.file))
    note = Text(f"No longer in the dossier: {where} was deleted or no longer defines {one_line(record.id)}.",
                Style(color="yellow"))  # fmt: skip
    return Profile(record.id, [title, Text(), note, Text("[ or backspace goes back.", DIM)])


def role_span(role) -> str:
    """A role's dates at their own precision, "…" for an open end; "" when it has none."""
    if not (role.start or role.end):
        return ""
    return " – ".join(d.display() if d else "…" for d in (role.start, role.end))
