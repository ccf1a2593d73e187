"""The one declaration of every kind and field of a dossier.

Validation (`load`), the JSON Schema (`dossier schema`), the format reference
(`dossier schema --format markdown`, docs/FORMAT.md) and the index's backlink
headings are all derived from the tables below. Change a field here and all of them
follow; `tests/test_schema.py` checks the model's dataclasses agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An id's characters, unanchored (to be matched inside a longer pattern).
ID_CHARS = "[a-z0-9][a-z0-9-]*"
# An id, as JSON Schema writes it (ECMA 262, where `$` is the very end of the text).
ID_PATTERN = rf"^{ID_CHARS}$"
# The same for Python, whose `$` also matches before a final newline ("evil\n" from a
# file named `evil\n.yaml`): \A and \Z, the whole text and nothing more.
ID_REGEX = re.compile(rf"\A{ID_CHARS}\Z")
SCHEMA_VERSION = 1

# Field types. A field's `type` is one of these names.
STRING = "string"  # one line of plain text
PROSE = "prose"  # English by the dossier's author; may hold [[id]] or [[id|label]] links
VERBATIM = "verbatim"  # copied exactly from a source; never altered, never parsed
DATE = "date"  # EDTF subset, see dossier.dates
BOOL = "bool"
INT = "int"
QUANTITY = "quantity"  # a number, or a number with a unit suffix such as "288B" or "10M"
URL = "url"
ENUM = "enum"
REF = "ref"  # the id of another record; `kinds` says which kinds it may name
LIST = "list"  # of `item`
OBJECT = "object"  # a mapping with its own `fields`
LANG = "lang"  # a BCP 47 language tag: fr, en, en-US


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()  # for ENUM
    kinds: tuple[str, ...] = ()  # for REF: the kinds it may name; () means any kind
    item: Field | None = None  # for LIST
    fields: tuple[Field, ...] = ()  # for OBJECT
    backlink: str = ""  # for REF: how the target's profile names the reverse link
    example: object = None
    min_items: int = 0  # for LIST: fewer is a warning (a claim without a source, say)


@dataclass(frozen=True)
class Kind:
    name: str  # person
    plural: str  # people: the export's key and the profile folder's name
    doc: str
    fields: tuple[Field, ...]
    title_field: str  # the field shown as the record's name
    folder: str = ""  # one record per file in this folder ("" when stored elsewhere)
    id_from_filename: bool = False

    def field(self, name: str) -> Field:
        return _FIELDS_BY_KIND[self.name][name]

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _list(item: Field, doc: str, *, min_items: int = 0, backlink: str = "") -> Field:
    return Field(item.name, LIST, doc, item=item, min_items=min_items, backlink=backlink or item.backlink)


def _ref(name: str, doc: str, *kinds: str, backlink: str, required: bool = False) -> Field:
    return Field(name, REF, doc, required=required, kinds=kinds, backlink=backlink)


def _sources(backlink: str, what: str, *, min_items: int = 1) -> Field:
    return _list(
        _ref("sources", "", "source", backlink=backlink),
        f"Ids of the sources that support {what}.",
        min_items=min_items,
    )


ID = Field("id", STRING, "Unique lower-case slug across the whole dossier.", example="yann-lecun")
NAME = Field("name", STRING, "The name readers know.", required=True, example="Yann LeCun")
ALIASES = _list(Field("aliases", STRING, ""), "Other names, spellings, handles; searched too.")
SUMMARY = Field("summary", PROSE, "A short English summary; may link with [[id]] or [[id|label]].")
LINKS = _list(Field("links", URL, ""), "Web addresses about the record.")
TAGS = _list(Field("tags", STRING, ""), "Free-form labels for filtering.")
NOTE = Field("note", PROSE, "The author's remark; may link with [[id]].")

LAB_KINDS = (
    "company", "lab", "division", "team", "university", "nonprofit", "outlet",
    "event-series", "benchmark", "leaderboard", "hub", "venue", "government",
    "investor", "community", "other",
)  # fmt: skip
MODEL_STATUSES = ("announced", "in-development", "released", "delayed", "shelved", "unreleased", "retired")
EVENT_KINDS = (
    "founding", "release", "announcement", "conference", "hire", "departure",
    "appointment", "investment", "acquisition", "funding", "compensation", "layoff",
    "reorganisation", "delay", "statement", "report", "publication", "market",
    "benchmark", "other",
)  # fmt: skip
SOURCE_KINDS = (
    "article", "note", "repost", "report", "paper", "post", "press-release",
    "interview", "video", "podcast", "filing", "book", "website", "other",
)  # fmt: skip
SOURCE_FLAGS = (
    "ai-generated", "translated", "repost", "duplicate-text", "secondary",
    "unverified", "paywalled", "opinion", "sponsored", "retracted", "not-read",
)  # fmt: skip

ROLE = Field(
    "roles",
    OBJECT,
    "An affiliation: where, as what, from when to when, on what evidence.",
    fields=(
        _ref("org", "The lab, company or unit.", "lab", backlink="members", required=True),
        Field("title", STRING, "The position held.", example="Chief AI Scientist"),
        Field("start", DATE, "When it began.", example="2013-12"),
        Field("end", DATE, "When it ended; absent while it lasts.", example="2025-11~"),
        _sources("cited for roles", "this role"),
        NOTE,
    ),
)

PARAMETERS = Field(
    "parameters",
    OBJECT,
    "Parameter counts as the sources give them.",
    fields=(
        Field("active", QUANTITY, "Active parameters per token.", example="288B"),
        Field("total", QUANTITY, "Total parameters.", example="2T"),
    ),
)

QUOTE = Field(
    "quotes",
    OBJECT,
    "A passage taken from this source.",
    fields=(
        Field("id", STRING, "Unique slug, so events, notes and citations can name it.", required=True),
        Field("text", VERBATIM, "Copied exactly from the source, in its language.", required=True),
        Field("lang", LANG, "Language of `text`; defaults to the source's `language`."),
        Field("translation", STRING, "Our English translation."),
        _ref(
            "speaker", "Who said it; absent when the source itself speaks.", "person", "lab", backlink="said"
        ),  # fmt: skip
        _list(_ref("about", "", backlink="quoted in"), "Ids of what the quote is about."),
        _ref("event", "The event it reports or comments on.", "event", backlink="quotes on it"),
        NOTE,
    ),
)

PERSON = Kind(
    "person",
    "people",
    "Someone the story names as an actor or a voice.",
    folder="people",
    id_from_filename=True,
    title_field="name",
    fields=(
        ID, NAME, ALIASES, SUMMARY,
        _list(ROLE, "Affiliations over time."),
        _sources("cited about", "this profile", min_items=0),
        LINKS, TAGS,
    ),
)  # fmt: skip

LAB = Kind(
    "lab",
    "labs",
    "An organisation: company, lab, internal unit, university, outlet, event series...",
    folder="labs",
    id_from_filename=True,
    title_field="name",
    fields=(
        ID, NAME, ALIASES,
        Field("kind", ENUM, "What sort of organisation.", choices=LAB_KINDS, example="division"),
        _ref("parent", "The organisation it belongs to.", "lab", backlink="units"),
        Field("founded", DATE, "When it was founded.", example="2013-12"),
        Field("dissolved", DATE, "When it ceased to exist."),
        Field("location", STRING, "Where it is based."),
        SUMMARY,
        _sources("cited about", "this profile", min_items=0),
        LINKS, TAGS,
    ),
)  # fmt: skip

MODEL = Kind(
    "model",
    "models",
    "An AI model or product.",
    folder="models",
    id_from_filename=True,
    title_field="name",
    fields=(
        ID, NAME, ALIASES,
        _ref("developer", "The lab that made it.", "lab", backlink="developed"),
        _ref("family", "The model family it belongs to.", "model", backlink="family members"),
        Field("released", DATE, "Release date."),
        Field("status", ENUM, "Where it stands.", choices=MODEL_STATUSES, example="released"),
        Field("open_weights", BOOL, "Whether its weights are published."),
        PARAMETERS,
        Field("context_window", QUANTITY, "Context window in tokens.", example="10M"),
        _list(Field("modalities", STRING, ""), "Input/output modalities: text, image..."),
        SUMMARY,
        _sources("cited about", "this profile", min_items=0),
        LINKS, TAGS,
    ),
)  # fmt: skip

FIGURE = Field(
    "figures",
    OBJECT,
    "One value for something measured or dated, as one source gives it. Two figures with the "
    "same `what` and different values are a conflict: the dossier keeps both, each with its sources, "
    "and neither wins (as a Wikidata statement keeps several values, each with its references).",
    fields=(
        Field("what", STRING, "What the value is of; the same words on every figure of one thing.",
              required=True, example="amount invested"),
        Field("value", STRING, "The value as the source gives it, at its precision.", required=True,
              example="14 billion dollars"),
        _sources("cited for figures", "this value"),
        NOTE,
    ),
)  # fmt: skip

EVENT = Kind(
    "event",
    "events",
    "A dated happening, in `timeline.yaml` or `timeline/*.yaml` (a list of events).",
    title_field="title",
    fields=(
        Field("id", STRING, "Unique slug.", required=True, example="llamacon-2025"),
        Field("date", DATE, "When, at the precision the sources support.", required=True,
              example="2025-04-29"),
        Field("title", STRING, "One line.", required=True, example="LlamaCon, Meta's first AI developer conference"),
        Field("kind", ENUM, "What sort of happening.", choices=EVENT_KINDS, example="conference"),
        SUMMARY,
        _list(_ref("involves", "", backlink="took part in"), "Ids of the people, labs, models involved."),
        _sources("source of events", "this event"),
        _list(FIGURE, "Values the sources give (amounts, dates, counts); differing values are conflicts."),
        TAGS,
    ),
)  # fmt: skip

SOURCE = Kind(
    "source",
    "sources",
    "An article, note, post or report, with the quotes taken from it.",
    folder="sources",
    id_from_filename=True,
    title_field="title",
    fields=(
        ID,
        Field("title", STRING, "As published.", required=True),
        _ref("outlet", "Where it was published.", "lab", backlink="published"),
        _ref("author", "Who wrote it.", "person", backlink="wrote"),
        Field("published", DATE, "Publication date; best estimate with ~."),
        Field("url", URL, "Address as given."),
        Field("language", LANG, "Language of the text.", example="fr"),
        Field("kind", ENUM, "What sort of source.", choices=SOURCE_KINDS, example="article"),
        _list(Field("flags", ENUM, "", choices=SOURCE_FLAGS),
              "Caveats that travel with every claim resting on it."),
        _list(_ref("cites", "", "source", backlink="cited by"), "Ids of the sources it cites."),
        Field("text", STRING, "Path, inside the dossier, of an archived copy of its text; "
              "when present every quote must be found in it.", example="archive/lemonde.txt"),
        SUMMARY,
        _list(QUOTE, "Passages taken from it."),
        TAGS,
    ),
)  # fmt: skip

QUOTE_KIND = Kind(
    "quote",
    "quotes",
    "A passage inside its source's `quotes:` list.",
    title_field="text",
    fields=QUOTE.fields,
)

KINDS: tuple[Kind, ...] = (PERSON, LAB, MODEL, EVENT, SOURCE, QUOTE_KIND)
KIND_BY_NAME = {k.name: k for k in KINDS}
PROFILE_KINDS = tuple(k for k in KINDS if k.folder)  # one file per record
PROSE_LINK_BACKLINK = "mentioned in"


def _index(fields: tuple[Field, ...]) -> dict[str, Field]:
    return {f.name: f for f in fields}


_FIELDS_BY_KIND = {k.name: _index(k.fields) for k in KINDS}
