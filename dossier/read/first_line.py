"""A profile's id and name for the first frame: from its first line where that line
says them plainly, before the YAML reader is even loaded.

A small dossier's first open shows its people in the first frame. Loading the YAML
reader and the record types for that costs several times what reading the files does,
and nearly every profile starts `name: Yann LeCun` or `name: "Yann LeCun"`. For a first
line of that shape, within rules narrow enough that YAML can read nothing else from it
(`name_on_first_line`), the name is the line's own text, as the converter would give
it. Every other file goes to `first_events`, which reads the same parser's events as a
full read, as far as the name; and a file that might set its `id` goes there too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from stat import S_ISREG

from dossier.model import schema as S
from dossier.model.text import printable_text
from dossier.read.place import MAX_FILE_BYTES, DossierFile

UNKNOWN = None  # cannot tell from here: ask the first events (or read the whole file)

# A top-level key that could spell `id` in a way the name's events would not show: `id:`
# itself, a quoted key (escapes can spell anything), an explicit `? key`. Only when the
# text has none is the id the file's name.
MAYBE_ID_KEY = re.compile(r"""^(?:["'?]|id[ \t]*:)""", re.MULTILINE)

# The file's first line is `name:`, a space or more, then either a double-quoted scalar
# with no escape and no quote inside, or a plain one that starts with a letter (no
# indicator, no number, no date) and holds neither `:` nor `#` (no mapping, no comment);
# then only spaces to the end of the line. The next line starts another top-level key
# with a letter at column 0, so it cannot continue a plain scalar; or the file ends.
_FIRST_LINE = re.compile(r'name: +(?:"(?P<quoted>[^"\\\n]*)"|(?P<plain>[^\W\d_][^#:\n\t]*?)) *(?:\n(?=[A-Za-z])|\n?\Z)')
# Plain words YAML 1.1 reads as booleans or null (`no`, `Off`, `NULL`…) start with one of
# these letters; none of those words is longer than five letters or holds a space.
_MAYBE_TYPED_LETTERS = frozenset("yYnNtTfFoO")


def read_profile_text(root: Path, file: DossierFile) -> str | None:
    """The text of `file`, or UNKNOWN for a file that cannot be read or decoded (the full
    read reports it)."""
    path = os.path.join(root, file.path)  # a str, not a Path: 8,000 of these at L
    try:
        info = os.stat(path)
        if not S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return UNKNOWN
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        return data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return UNKNOWN


def stem_id(file: DossierFile) -> str | None:
    """The id the file's name gives a profile, or UNKNOWN for an unusual file name (the
    full read says what becomes of it)."""
    stem = file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if file.many or not stem.isascii() or not S.ID_REGEX.match(stem):
        return UNKNOWN
    return stem


def name_on_first_line(file: DossierFile, text: str) -> str | None:
    """The profile's name, as the converter types it, if the first line says it plainly
    and nothing in the file may set the id; else UNKNOWN."""
    match = _FIRST_LINE.match(text)
    if match is None or file.kind.field("name").type != S.STRING or MAYBE_ID_KEY.search(text):
        return UNKNOWN
    raw = match.group("quoted")
    if raw is None:
        raw = match.group("plain")
        if raw[0] in _MAYBE_TYPED_LETTERS and " " not in raw and len(raw) <= 5:
            return UNKNOWN  # `No`, `Off`, `null`: YAML may read it as other than text
    name = printable_text(raw)
    if name is None:
        return UNKNOWN  # control characters, line separators: the converter's long way
    return name.strip() or UNKNOWN
