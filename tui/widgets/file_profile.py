"""A profile as its own file gives it, shown while the dossier loads.

Before the whole dossier is in, a profile can be read from its file alone (a
millisecond): its name, summary, roles, dates and links are all there. What needs the
rest of the dossier is not: the names of the records it links to (shown by id), what
links to it, its sources' flags and the evidence marks. The pane says so, in words,
and the real profile replaces it when the dossier has loaded.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from rich.style import Style
from rich.text import Text

from dossier.model.text import one_line

NOTE = (
    "From {path} alone, while the dossier loads: links show as ids; what links here, flags and evidence come with it."
)
_SKIPPED = {"id", "name", "title", "loc"}


def file_profile(record, path: str) -> Text:
    """`record` (as read from the file at `path`) as plain text, field by field."""
    text = Text(one_line(record.label), Style(bold=True))
    text.append("\n" + NOTE.format(path=one_line(path)) + "\n", Style(dim=True, italic=True))
    for spec in fields(record):
        if spec.name in _SKIPPED:
            continue
        value = getattr(record, spec.name)
        if value in (None, "", ()):
            continue
        label = spec.name.replace("_", " ").capitalize()
        if isinstance(value, tuple) and value and is_dataclass(value[0]):
            text.append(f"\n{label}\n", Style(bold=True))
            for item in value:
                text.append("  · " + _fields_line(item) + "\n")
        else:
            text.append(f"\n{label}: ", Style(bold=True))
            text.append((_fields_line(value) if is_dataclass(value) else _shown(value)) + "\n")
    return text


def _fields_line(item) -> str:
    parts = []
    for spec in fields(item):
        value = getattr(item, spec.name)
        if spec.name != "loc" and value not in (None, "", ()):
            parts.append(f"{spec.name}: {_shown(value)}")
    return "; ".join(parts)


def _shown(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(_shown(item) for item in value)
    if hasattr(value, "display"):
        return one_line(value.display())
    return one_line(str(value))
