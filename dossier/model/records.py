"""The loaded dossier: frozen records, one class per kind of `dossier.schema`.

Records hold plain values (str, tuples, PartialDate, nested records); reverse links
are not stored here but computed by `dossier.index`. The texts of references and kinds
are shared between records (`plain_record`'s `shared`): one string for every copy. Every record knows where it was
read (`loc`) so problems and "open in editor" can point at it.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from dossier.model.dates import PartialDate
from dossier.model.frozen import plain_record, share_whole

share_whole(PartialDate)  # a dossier's dates repeat: one object for each


# A place's line shared whole (see `dossier.model.frozen`): the timeline's 50,000 events
# sit at a few hundred lines past 256, each made again in every file.
@plain_record(whole=("line",))
class Loc:
    """A position in a dossier file: path relative to the dossier folder, 1-based."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file


NOWHERE = Loc("")


@plain_record(shared=("org", "title", "sources"), whole=("start", "end"))
class Role:
    org: str
    title: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Parameters:
    active: str = ""
    total: str = ""


@plain_record(shared=("sources", "tags"), whole=("tags",))
class Person:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    roles: tuple[Role, ...] = ()
    sources: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    loc: Loc = field(default=NOWHERE, compare=False)
    kind_name = "person"

    @property
    def label(self) -> str:
        return self.name


@plain_record(shared=("kind", "parent", "location", "sources", "tags"), whole=("founded", "dissolved", "tags"))
class Lab:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    parent: str = ""
    founded: PartialDate | None = None
    dissolved: PartialDate | None = None
    location: str = ""
    summary: str = ""
    sources: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    loc: Loc = field(default=NOWHERE, compare=False)
    kind_name = "lab"

    @property
    def label(self) -> str:
        return self.name


@plain_record(
    shared=("developer", "family", "status", "context_window", "modalities", "sources", "tags"),
    whole=("released", "modalities", "tags"),
)
class Model:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    developer: str = ""
    family: str = ""
    released: PartialDate | None = None
    status: str = ""
    open_weights: bool | None = None
    parameters: Parameters | None = None
    context_window: str = ""
    modalities: tuple[str, ...] = ()
    summary: str = ""
    sources: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    loc: Loc = field(default=NOWHERE, compare=False)
    kind_name = "model"

    @property
    def label(self) -> str:
        return self.name


@plain_record(shared=("sources",))
class Figure:
    what: str
    value: str
    sources: tuple[str, ...] = ()
    note: str = ""


@plain_record(shared=("kind", "involves", "sources", "tags"), whole=("date", "tags"))
class Event:
    id: str
    date: PartialDate
    title: str
    kind: str = ""
    summary: str = ""
    involves: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    tags: tuple[str, ...] = ()
    loc: Loc = field(default=NOWHERE, compare=False)
    kind_name = "event"

    @property
    def label(self) -> str:
        return self.title


@plain_record(shared=("source", "lang", "speaker", "about", "event"), whole=("about",))
class Quote:
    id: str
    text: str
    source: str = ""  # the id of the source it was taken from (set by the loader)
    lang: str = ""
    translation: str = ""
    speaker: str = ""
    about: tuple[str, ...] = ()
    event: str = ""
    note: str = ""
    loc: Loc = field(default=NOWHERE, compare=False)
    kind_name = "quote"

    @property
    def label(self) -> str:
        return self.text


@plain_record(
    shared=("outlet", "author", "language", "kind", "flags", "cites", "tags"), whole=("published", "flags", "tags")
)
class Source:
    id: str
    title: str
    outlet: str = ""
    author: str = ""
    published: PartialDate | None = None
    url: str = ""
    language: str = ""
    kind: str = ""
    flags: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    text: str = ""
    summary: str = ""
    quotes: tuple[Quote, ...] = ()
    tags: tuple[str, ...] = ()
    loc: Loc = field(default=NOWHERE, compare=False)
    kind_name = "source"

    @property
    def label(self) -> str:
        return self.title


Record = Person | Lab | Model | Event | Source | Quote
RECORD_CLASSES: dict[str, type] = {
    c.kind_name: c
    for c in (Person, Lab, Model, Event, Source, Quote)  # type: ignore[attr-defined]
}
NESTED_CLASSES: dict[str, type] = {"roles": Role, "parameters": Parameters, "figures": Figure}


@dataclass(frozen=True)
class Dossier:
    """Everything that loaded. Lists keep file order; events are sorted by date."""

    root: str = ""
    people: tuple[Person, ...] = ()
    labs: tuple[Lab, ...] = ()
    models: tuple[Model, ...] = ()
    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
    by_id: dict[str, Record] = field(default_factory=dict, compare=False, repr=False)
    # The index of incoming links as the cache keeps it (see `dossier.index.incoming_rows`)
    # when the loader has it already; None otherwise, and the index walks the records.
    incoming: tuple | None = field(default=None, compare=False, repr=False)
    # The loader's handle on a search index kept for exactly these files
    # (`dossier.load.stored_search.StoredSearch`), or None: the index is then built.
    # Set only on a dossier made from the files whose key it holds.
    stored_search: object | None = field(default=None, compare=False, repr=False)

    @cached_property
    def quotes(self) -> tuple[Quote, ...]:
        return tuple(q for s in self.sources for q in s.quotes)

    def get(self, record_id: str) -> Record | None:
        return self.by_id.get(record_id)

    def __len__(self) -> int:
        return len(self.by_id)


def ids_digest(ids: Iterable[str]) -> bytes:
    """What names records by their ids and order (a `by_id`, or its ids; ids are never
    empty): what the indexes the cache keeps by record number (links, search) are
    checked against. Fed a few thousand ids at a time: joined whole, a large dossier's
    are megabytes."""
    digest = hashlib.sha256()
    remaining = iter(ids)
    while batch := list(itertools.islice(remaining, 4096)):
        digest.update("\0".join(batch).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.digest()
