"""What makes the Markdown folder a vault: note names and YAML front matter.

Obsidian (and Foam, Logseq, any note app) titles a note by its file name and reads
its YAML front matter: `title`, `aliases` (found by the quick switcher), `tags`. So a
record's note is named after the record: `people/Yann LeCun.md`, `events/2025-04-29
LlamaCon….md` (an event's name starts with its date, so a folder lists roughly in time
order; a season as `2025 autumn`; `~`/`?` are left out of the name, never the note), `sources/<title>.md`; a
quote, whose "name" is its text, keeps its id. A name loses the characters a file
system or Obsidian refuses (`\\ / : * ? " < > | # ^ [ ]`), is cut at 80 characters on
a word, and gets its id in brackets when two notes of a folder would otherwise share
a name (ignoring case, as macOS and Windows do) or when it is a reserved Windows name.

The front matter is written by `yaml.safe_dump`, so a data string is always a YAML
string (never markup, never a timestamp: dates are EDTF strings, quoted).
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from dossier.export.pages import record_date
from dossier.index.index import Index
from dossier.model import schema as S
from dossier.model.dates import SEASONS
from dossier.model.records import Dossier, Event, Quote, Record, Source
from dossier.model.text import one_line

NAME_LIMIT = 80
_REFUSED = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f\x7f]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
_TAG_REFUSED = re.compile(r"[^\w/-]")


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", _REFUSED.sub(" ", one_line(text))).strip(" .")
    if len(text) > NAME_LIMIT:
        cut = text[:NAME_LIMIT].rsplit(" ", 1)[0] or text[:NAME_LIMIT]
        text = cut.rstrip(" .,;") + "…"
    return text


def note_name(record: Record) -> str:
    """The note's file name without extension, before clashes are resolved."""
    if isinstance(record, Quote):
        return record.id
    name = _clean(record.label)
    if isinstance(record, Event):
        date = record.date
        when = f"{date.year} {SEASONS[date.season][0]}" if date.season else date.edtf.rstrip("~?%")
        name = f"{when} {name}"
    return name or record.id


def note_paths(dossier: Dossier) -> dict[str, str]:
    """{record id: folder/Note name} for every record, unique within each folder."""
    taken: dict[tuple[str, str], str] = {}
    result = {}
    for record in dossier.by_id.values():
        folder = S.KIND_BY_NAME[record.kind_name].plural
        name = note_name(record)
        key = unicodedata.normalize("NFC", name).casefold()
        if (folder, key) in taken or key.split(".")[0] in _RESERVED:
            name = f"{name} ({record.id})"
            key = name.casefold()
        taken[folder, key] = record.id
        result[record.id] = f"{folder}/{name}"
    return result


def link_target(path: str) -> str:
    """A note path as a CommonMark link destination (Obsidian and code hosts decode it)."""
    return path.replace("%", "%25").replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _tag(text: str) -> str:
    return _TAG_REFUSED.sub("-", one_line(text).strip()).strip("-")


def front_matter(index: Index, record: Record, name: str) -> str:
    """The note's YAML front matter, from `---` to `---`."""
    kind = S.KIND_BY_NAME[record.kind_name]
    aliases = [a for a in dict.fromkeys([*getattr(record, "aliases", ()), record.id]) if a != name]
    data: dict = {"title": one_line(record.label), "aliases": aliases, "kind": kind.name}
    if getattr(record, "kind", ""):
        data["type"] = record.kind
    for spec in kind.fields:
        if spec.type == S.DATE and getattr(record, spec.name, None) is not None:
            data[spec.name] = getattr(record, spec.name).edtf
    date = record_date(record)
    if date is not None and "date" not in data:
        data["date"] = date.edtf
    tags = [t for t in (_tag(t) for t in getattr(record, "tags", ())) if t]
    flags = index.flags_of(record) if isinstance(record, Event | Quote | Source) else ()
    tags += [f"flag/{_tag(f)}" for f in flags]
    data["tags"] = list(dict.fromkeys([kind.name, *tags]))
    if flags:
        data["flags"] = list(flags)
    if isinstance(record, Quote):
        data["source"] = record.source
        if record.speaker:
            data["speaker"] = one_line(index.label(record.speaker))
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n"
