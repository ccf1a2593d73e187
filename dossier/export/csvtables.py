"""`export --format csv OUT`: one table per kind, for spreadsheets.

people.csv, labs.csv, models.csv, events.csv, sources.csv, plus one table per list of
nested records (roles.csv from people's `roles`, quotes.csv from sources' `quotes`),
whose first column names the record they belong to. Columns follow `dossier.schema`
in order; a nested mapping (a model's `parameters`) becomes dotted columns
(`parameters.active`). Lists are joined with "; ", dates are EDTF (`2025-04~`),
booleans `true`/`false`, references the ids they name. UTF-8, comma-separated, with a
header row.

Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@`
(or a tab or carriage return) as a formula, so such a cell gets a leading apostrophe,
which spreadsheets show as text; the apostrophe is part of the cell in the file.
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
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value, spec: S.Field) -> str:
    if value is None or value == "" or value == ():
        return ""
    if spec.type == S.LIST and spec.item is not None:
        return LIST_SEPARATOR.join(cell(item, spec.item) for item in value)
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


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def guarded_cells(dossier: Dossier) -> int:
    """How many cells `safe_cell` prefixed with an apostrophe, to tell the user."""
    return sum(
        1
        for _, rows in tables(dossier).values()
        for cells in rows
        for text in cells
        if text[:1] == "'" and text[1:2] in FORMULA_STARTS
    )


def write_csv(dossier: Dossier, out: Path) -> list[Path]:
    """Write one CSV file per table into `out` (already checked by `export_out.prepare_folder`)."""
    writer = FolderWriter(out)
    for stem, (header, rows) in tables(dossier).items():
        writer.write(f"{stem}.csv", to_csv(header, rows))
    return writer.written
