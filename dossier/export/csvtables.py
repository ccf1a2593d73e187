r"""`export --format csv OUT [--bom]`: one table per kind, for spreadsheets and pandas.

people.csv, labs.csv, models.csv, events.csv, sources.csv, plus one table per list of
nested records (roles.csv from people's `roles`, quotes.csv from sources' `quotes`),
whose first column names the record they belong to. Columns follow `dossier.schema`
in order; a nested mapping (a model's `parameters`) becomes dotted columns
(`parameters.active`). Dates are EDTF (`2025-04~`), booleans `true`/`false`,
references the ids they name. UTF-8, comma-separated, with a header row; `--bom`
starts each file with a UTF-8 byte order mark, so that Excel, which otherwise guesses
a legacy code page, shows "Timothée" rather than "TimothÃ©e".

Lists are joined with "; ". So that a list survives the round trip, a backslash in an
item is written `\\` and a semicolon `\;`: `["a; b", "c"]` is the cell `a\; b; c`.
`split_list` reads such a cell back (split on a "; " whose semicolon is not escaped,
then unescape); in pandas, `df.tags.map(split_list)`.

Formula injection: a spreadsheet runs a cell as a formula when it starts with `=`, `+`,
`-` or `@`, their full-width forms `＝＋－＠`, a tab or a carriage return, and
LibreOffice's "trim spaces" import also after leading spaces. Such a cell gets a leading
apostrophe, which spreadsheets show as text; the apostrophe is part of the cell in the
file. A cell that already starts with apostrophes before such a sign gets one more, so
`unguard` (one apostrophe off exactly those cells) gives every value back unchanged.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dossier.export.out import FolderWriter
from dossier.model import schema as S
from dossier.model.dates import PartialDate
from dossier.model.records import Dossier
from dossier.model.text import visible

LIST_SEPARATOR = "; "
FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and full-width ＝＋－＠
CONTROL_STARTS = ("\t", "\r")
BOM = "\ufeff"


def _runs_as_formula(text: str) -> bool:
    return text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_SIGNS)


def _needs_guard(text: str) -> bool:
    return _runs_as_formula(text.lstrip("'"))


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    return "'" + text if _needs_guard(text) else text


def unguard(text: str) -> str:
    """The value `safe_cell` was given: one apostrophe off a guarded cell."""
    return text[1:] if text.startswith("'") and _needs_guard(text[1:]) else text


def escape_item(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;")


def split_list(text: str) -> list[str]:
    """The items of a list cell (see the module's note on lists)."""
    if not text:
        return []
    items, current, chars = [], [], iter(text)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, ""))
        elif ch == ";":
            items.append("".join(current))
            current = []
            next(chars, None)  # the space of "; "
        else:
            current.append(ch)
    items.append("".join(current))
    return items


def cell(value, spec: S.Field) -> str:
    if value is None or value == "" or value == ():
        return ""
    if spec.type == S.LIST and spec.item is not None:
        return LIST_SEPARATOR.join(escape_item(cell(item, spec.item)) for item in value)
    if isinstance(value, PartialDate):
        return value.edtf
    if isinstance(value, bool):
        return "true" if value else "false"
    return visible(str(value))


def _is_table(spec: S.Field) -> bool:
    """A list of mappings (roles, quotes) gets a table of its own."""
    return spec.type == S.LIST and spec.item is not None and spec.item.type == S.OBJECT


def columns(fields: tuple[S.Field, ...]) -> list[tuple[str, tuple[S.Field, ...]]]:
    """(header, path of fields) per column; nested mappings flattened with dots."""
    result = []
    for spec in fields:
        if _is_table(spec):
            continue
        if spec.type == S.OBJECT:
            result += [(f"{spec.name}.{h}", (spec, *path)) for h, path in columns(spec.fields)]
        else:
            result.append((spec.name, (spec,)))
    return result


def row(obj, cols) -> list[str]:
    cells = []
    for _, path in cols:
        value = obj
        for spec in path:
            value = getattr(value, spec.name, None) if value is not None else None
        cells.append(safe_cell(cell(value, path[-1])))
    return cells


def tables(dossier: Dossier) -> dict[str, tuple[list[str], list[list[str]]]]:
    """{file stem: (header, rows)} for every table, kinds in schema order."""
    result: dict[str, tuple[list[str], list[list[str]]]] = {}
    nested: dict[str, tuple[list[str], list[list[str]]]] = {}
    for kind in S.KINDS:
        if kind.name == "quote":  # quotes come from their sources, below
            continue
        cols = columns(kind.fields)
        records = getattr(dossier, kind.plural)
        result[kind.plural] = ([h for h, _ in cols], [row(r, cols) for r in records])
        for spec in kind.fields:
            if not _is_table(spec):
                continue
            inner = columns(spec.item.fields)  # type: ignore[union-attr]
            header, rows = nested.setdefault(spec.name, ([kind.name] + [h for h, _ in inner], []))
            for record in records:
                for item in getattr(record, spec.name):
                    rows.append([safe_cell(record.id)] + row(item, inner))
    return {**result, **nested}


def to_csv(header: list[str], rows: list[list[str]], bom: bool = False) -> str:
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def guarded_cells(dossier: Dossier) -> int:
    """How many cells `safe_cell` prefixed with an apostrophe, to tell the user."""
    return sum(1 for _, rows in tables(dossier).values() for cells in rows for text in cells if unguard(text) != text)


def write_csv(dossier: Dossier, out: Path, bom: bool = False) -> list[Path]:
    """Write one CSV file per table into `out` (already checked by `dossier.export.out.prepare_folder`)."""
    writer = FolderWriter(out)
    for stem, (header, rows) in tables(dossier).items():
        writer.write(f"{stem}.csv", to_csv(header, rows, bom))
    return writer.written


def export_folder(dossier: Dossier, out: Path, options) -> list[Path]:
    return write_csv(dossier, out, options.bom)


def export_note(dossier: Dossier) -> str:
    guarded = guarded_cells(dossier)
    if not guarded:
        return ""
    return (
        f"note: {guarded} cell{'s' * (guarded != 1)} starting with =, +, - or @ got a leading apostrophe "
        "so spreadsheets show them as text, not formulas"
    )
