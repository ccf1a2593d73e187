"""A profile's id and name from the first events of its YAML, without reading the rest,
for the files whose first line does not say them plainly (`first_line` asks first).

A big dossier's first open parses over a hundred megabytes before the lists can be
built; the people list needs only each profile's id and name, which nearly always
come first in the file. So this reads the same event stream as `yamlnodes` (the same
parser, the same positions) only as far as the name, and types the name's scalar with
the same `Converter` as a full read: where it answers, it answers what the full read
gives for the same bytes. Where the first events cannot tell (the id may be set later
in the file, the top mapping is written in an unusual way, the file does not start as
a mapping), it says so, and the caller reads the whole file instead.

The one difference it allows: a file that goes wrong after its name (a syntax error
further down) shows here, and disappears from the list once the full read reports it.
"""

from __future__ import annotations

import yaml

from dossier.read.convert import Converter
from dossier.read.first_line import MAYBE_ID_KEY, UNKNOWN
from dossier.read.place import DossierFile
from dossier.read.yamlnodes import _PARSER, SCALAR, Node


def label_from_events(file: DossierFile, text: str, stem: str) -> tuple[str, str] | None:
    """(id, name) of the profile `text` holds, `stem` being the id its file's name gives
    (`first_line.stem_id`), as a full read gives them; or UNKNOWN."""
    whole_mapping = MAYBE_ID_KEY.search(text) is not None
    converter = Converter(file.path)
    found: dict[str, str | None] = {}
    parser = _PARSER(text)
    try:
        if not _starts_a_block_mapping(parser):
            return UNKNOWN
        while True:
            key = parser.get_event()
            if isinstance(key, yaml.MappingEndEvent):
                break
            if not _is_plain_key(key):
                return UNKNOWN
            value = parser.get_event()
            name = key.value
            if name in ("id", "name") and name not in found:  # a repeated key: the first counts
                if not isinstance(value, yaml.ScalarEvent) or value.anchor:
                    return UNKNOWN
                node = Node(SCALAR, value.value, value.tag, not value.style, 1, 1)
                found[name] = converter.value(node, file.kind.field(name), name)
                if "name" in found and not whole_mapping:
                    break
            else:
                _skip(parser, value)
    except yaml.YAMLError:
        return UNKNOWN
    finally:
        parser.dispose()
    if "id" in found:
        record_id = found["id"]
        if record_id is None:
            return UNKNOWN  # an invalid id: the full read reports it and keeps no record
    else:
        record_id = stem
    return (record_id, found.get("name") or record_id)


def _starts_a_block_mapping(parser) -> bool:
    """The stream opens one document whose top node is a plain block mapping at column 0."""
    first, document, top = parser.get_event(), parser.get_event(), parser.get_event()
    return (
        isinstance(first, yaml.StreamStartEvent)
        and isinstance(document, yaml.DocumentStartEvent)
        and isinstance(top, yaml.MappingStartEvent)
        and not top.flow_style
        and top.tag is None
        and top.anchor is None
        and top.start_mark.column == 0
    )


def _is_plain_key(event) -> bool:
    return isinstance(event, yaml.ScalarEvent) and not event.style and event.tag is None and event.anchor is None


def _skip(parser, value) -> None:
    """Past the value that `value` starts (a scalar, an alias, or a whole collection)."""
    if not isinstance(value, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        return
    depth = 1
    while depth:
        event = parser.get_event()
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
