"""`export --format ftm [OUT.ftm.json]`: the dossier as FollowTheMoney entities, JSON lines.

FollowTheMoney is the data model of Aleph and OpenSanctions; this file is what
`alephclient write-entities` loads into a shared, searchable Aleph collection. Entities
are made with the `followthemoney` library itself (the `ftm` extra), which cleans every
value; a test checks that `ftm validate` changes nothing.

- a person is a `Person`; a lab an `Organization` (`Company` when its kind is company,
  `PublicBody` for a government); a model, which FtM has no schema for, a `Project`,
  its developer a `ProjectParticipant`;
- a role is an `Employment` (employer, employee, role, startDate, endDate) when the
  organisation employs (a company, lab, division, team, university...), else a
  `Membership`;
- an event is an `Event` with the people and organisations `involved` (a model, which
  FtM does not let be involved, is tied to it by an `UnknownLink`);
- a source is an `Article` (title, author, publisher, publishedAt, sourceUrl, language),
  with `Documentation` links to its author and outlet records; a quote is a
  `Documentation` of its source (`document`) and its speaker (`entity`, role "quoted";
  without a speaker, what it is about), the quote in `summary`, our translation in
  `description`;
- every entity resting on sources has them as `proof`; a source's flags are kept in
  its `keywords` (`flag:ai-generated`) and `description`, and travel as keywords to
  every entity whose proof is flagged.

Dates: FtM dates are ISO prefixes (2025, 2025-04, 2025-04-29), so precision is kept as
it is; a season becomes its year, and what FtM cannot say (`~` approximate, `?`
uncertain, the season) is written in the entity's `description` ("start: ~ Nov 2025,
approximate"). Ids are stable and namespaced: `dossier-<kind>-<id>`, and for links
`dossier-<link>-<record id>-<n>`; the same dossier always gives the same ids, so a
second upload updates the entities instead of doubling them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from followthemoney import model
from followthemoney.proxy import EntityProxy

from dossier.index.index import Index
from dossier.index.links import prose_parts
from dossier.model.dates import SEASONS, PartialDate
from dossier.model.records import Dossier, Event, Lab, Model, Person, Quote, Record, Source
from dossier.model.text import is_web_address, one_line

PREFIX = "dossier"
EMPLOYERS = {"company", "lab", "division", "team", "university", "nonprofit", "outlet", "government", "investor"}
_LAB_SCHEMA = {"company": "Company", "government": "PublicBody"}


def entity_id(kind: str, record_id: str, *more: object) -> str:
    return "-".join([PREFIX, kind, record_id, *(str(m) for m in more)])


def ftm_date(date: PartialDate) -> str:
    """The ISO prefix FtM keeps: the date at its own precision, a season as its year."""
    if date.month is not None:
        return f"{date.year:04d}-{date.month:02d}" + (f"-{date.day:02d}" if date.day is not None else "")
    return f"{date.year:04d}"


def lost_precision(name: str, date: PartialDate | None) -> str:
    """What the FtM date cannot say, in words, or ""."""
    if date is None:
        return ""
    words = []
    if date.season is not None:
        words.append(f"season: {SEASONS[date.season][0]}")
    if date.approximate:
        words.append("approximate")
    if date.uncertain:
        words.append("uncertain")
    return f"{name}: {date.display()}, {', '.join(words)}" if words else ""


class FtmExport:
    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.index = Index(dossier)

    def prose(self, text: str) -> str:
        """Prose with its [[links]] as the names they link to."""
        return "".join(p if t is None else (p or self.index.label(t)) for p, t in prose_parts(text))

    def ref(self, target: str) -> str | None:
        """The entity id of a record, or None when it is missing or has no entity."""
        record = self.index.get(target)
        if record is None or isinstance(record, Quote):
            return None
        return entity_id(record.kind_name, record.id)

    def make(self, schema: str, entity: str) -> EntityProxy:
        proxy = model.make_entity(schema)
        proxy.id = entity
        return proxy

    def common(self, proxy: EntityProxy, record: Record, dates: list[tuple[str, PartialDate | None]]) -> None:
        """Fields every profile shares: names, summary, tags, links, sources as proof, flags, lost precision."""
        if getattr(record, "aliases", ()):
            proxy.add("alias", list(record.aliases))
        if getattr(record, "summary", ""):
            proxy.add("summary", self.prose(record.summary))
        if getattr(record, "tags", ()):
            proxy.add("keywords", list(record.tags))
        self.proof(proxy, getattr(record, "sources", ()))
        notes = [n for n in (lost_precision(name, date) for name, date in dates) if n]
        if notes:
            proxy.add("description", "Dates as the dossier gives them: " + "; ".join(notes) + ".")

    def proof(self, proxy: EntityProxy, sources) -> None:
        for source_id in sources:
            source = self.index.get(source_id)
            if isinstance(source, Source):
                proxy.add("proof", entity_id("source", source.id))
                if source.flags and "keywords" in proxy.schema.properties:  # an Employment has none
                    proxy.add("keywords", [f"flag:{flag}" for flag in source.flags])

    def entities(self) -> Iterator[EntityProxy]:
        for person in self.dossier.people:
            yield from self.person(person)
        for lab in self.dossier.labs:
            yield self.lab(lab)
        for model_record in self.dossier.models:
            yield from self.model(model_record)
        for event in self.dossier.events:
            yield from self.event(event)
        for source in self.dossier.sources:
            yield from self.source(source)

    def person(self, person: Person) -> Iterator[EntityProxy]:
        proxy = self.make("Person", entity_id("person", person.id))
        proxy.add("name", one_line(person.name))
        proxy.add("website", [url for url in person.links if is_web_address(url)])
        self.common(proxy, person, [])
        yield proxy
        for number, role in enumerate(person.roles):
            org = self.index.get(role.org)
            org_id = self.ref(role.org)
            if org_id is None:
                continue
            employs = isinstance(org, Lab) and org.kind in EMPLOYERS
            edge = self.make("Employment" if employs else "Membership", entity_id("role", person.id, number))
            edge.add("employee" if employs else "member", proxy.id)
            edge.add("employer" if employs else "organization", org_id)
            edge.add("role", one_line(role.title))
            if role.start:
                edge.add("startDate", ftm_date(role.start))
            if role.end:
                edge.add("endDate", ftm_date(role.end))
            if role.note:
                edge.add("summary", self.prose(role.note))
            self.common(edge, role, [("start", role.start), ("end", role.end)])
            yield edge

    def lab(self, lab: Lab) -> EntityProxy:
        proxy = self.make(_LAB_SCHEMA.get(lab.kind, "Organization"), entity_id("lab", lab.id))
        proxy.add("name", one_line(lab.name))
        if lab.founded:
            proxy.add("incorporationDate", ftm_date(lab.founded))
        if lab.dissolved:
            proxy.add("dissolutionDate", ftm_date(lab.dissolved))
        proxy.add("address", one_line(lab.location))
        proxy.add("classification", lab.kind)
        proxy.add("website", [url for url in lab.links if is_web_address(url)])
        parent = self.ref(lab.parent) if lab.parent else None
        if parent and isinstance(self.index.get(lab.parent), Lab):
            proxy.add("parent", parent)
        self.common(proxy, lab, [("founded", lab.founded), ("dissolved", lab.dissolved)])
        return proxy

    def model(self, record: Model) -> Iterator[EntityProxy]:
        proxy = self.make("Project", entity_id("model", record.id))
        proxy.add("name", one_line(record.name))
        if record.released:
            proxy.add("date", ftm_date(record.released))
        proxy.add("status", record.status)
        facts = []
        if record.open_weights is not None:
            facts.append("open weights" if record.open_weights else "closed weights")
        if record.parameters:
            facts += [f"{name} parameters: {value}" for name, value in vars(record.parameters).items() if value]
        if record.context_window:
            facts.append(f"context window: {record.context_window}")
        if record.modalities:
            facts.append("modalities: " + ", ".join(record.modalities))
        if facts:
            proxy.add("goal", "AI model; " + "; ".join(facts))
        self.common(proxy, record, [("released", record.released)])
        yield proxy
        developer = self.ref(record.developer) if record.developer else None
        if developer:
            edge = self.make("ProjectParticipant", entity_id("developer", record.id))
            edge.add("project", proxy.id)
            edge.add("participant", developer)
            edge.add("role", "developer")
            yield edge
        family = self.ref(record.family) if record.family else None
        if family:
            yield self.link(entity_id("family", record.id), proxy.id, family, "member of the model family")

    def link(self, entity: str, subject: str, obj: str, role: str) -> EntityProxy:
        edge = self.make("UnknownLink", entity)
        edge.add("subject", subject)
        edge.add("object", obj)
        edge.add("role", role)
        return edge

    def event(self, event: Event) -> Iterator[EntityProxy]:
        proxy = self.make("Event", entity_id("event", event.id))
        proxy.add("name", one_line(event.title))
        proxy.add("date", ftm_date(event.date))
        proxy.add("keywords", event.kind)
        models = []
        for target in event.involves:
            record = self.index.get(target)
            if isinstance(record, Person | Lab):
                proxy.add("involved", entity_id(record.kind_name, record.id))
            elif isinstance(record, Model):
                models.append(record)
        self.common(proxy, event, [("date", event.date)])
        yield proxy
        for record in models:
            yield self.link(entity_id("involves", event.id, record.id), proxy.id, self.ref(record.id), "involves")

    def source(self, source: Source) -> Iterator[EntityProxy]:
        article = self.make("Article", entity_id("source", source.id))
        article.add("title", one_line(source.title))
        article.add("name", one_line(source.title))
        if source.author:
            article.add("author", one_line(self.index.label(source.author)))
        if source.outlet:
            article.add("publisher", one_line(self.index.label(source.outlet)))
        if source.published:
            article.add("publishedAt", ftm_date(source.published))
        if is_web_address(source.url):
            article.add("sourceUrl", source.url)
        article.add("language", source.language)
        article.add("keywords", [f"flag:{flag}" for flag in source.flags])
        if source.flags:
            article.add("description", "Flags: " + ", ".join(source.flags) + ".")
        self.common(article, source, [("published", source.published)])
        yield article
        for role, target in (("author", source.author), ("publisher", source.outlet)):
            other = self.ref(target) if target else None
            if other:
                yield self.documentation(entity_id(role, source.id), article.id, [other], role)
        for cited in source.cites:
            other = self.ref(cited)
            if other:
                yield self.link(entity_id("cites", source.id, cited), article.id, other, "cites")
        for quote in source.quotes:
            yield self.quote(quote, article)

    def documentation(self, entity: str, document: str, targets: list[str], role: str) -> EntityProxy:
        edge = self.make("Documentation", entity)
        edge.add("document", document)
        edge.add("entity", targets)
        edge.add("role", role)
        return edge

    def quote(self, quote: Quote, article: EntityProxy) -> EntityProxy:
        speaker = self.ref(quote.speaker) if quote.speaker else None
        about = [i for i in (self.ref(t) for t in (*quote.about, quote.event) if t) if i]
        targets, role = ([speaker], "quoted") if speaker else (about or [article.id], "quote about")
        edge = self.documentation(entity_id("quote", quote.id), article.id, targets, role)
        edge.add("summary", one_line(quote.text))
        if quote.translation:
            edge.add("description", "Translation: " + one_line(quote.translation))
        return edge


def ftm_entities(dossier: Dossier) -> list[dict]:
    return [proxy.to_dict() for proxy in FtmExport(dossier).entities()]


def export_text(dossier: Dossier, options) -> str:
    return "".join(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n" for entity in ftm_entities(dossier))
