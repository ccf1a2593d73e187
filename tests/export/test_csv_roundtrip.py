"""CSV tables read back with the csv module agree with the JSON export, cell by cell."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dossier.export.csvtables import safe_cell, split_list, unguard
from dossier.model import schema as S
from tests.helpers import MINIMAL, REPO, run_cli, write_dossier

TRICKY = {
    **MINIMAL,
    "people/tricky.yaml": r"""
        name: "=1+1"
        aliases: ["a; b", 'back\slash', "'=quoted", "＝SUM(A1)", "x;y", "plain"]
        summary: "  =HYPERLINK(\"http://x\")\nand a second line"
        tags: ["＋full-width", "@handle", "-minus", "ok"]
    """,
}


def read_table(path: Path, encoding: str = "utf-8") -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding=encoding) as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _fields(fields: tuple[S.Field, ...], prefix: str = "") -> dict[str, S.Field]:
    """{column header: field} as the CSV flattens a kind's fields."""
    result = {}
    for spec in fields:
        if spec.type == S.OBJECT:
            result |= _fields(spec.fields, f"{prefix}{spec.name}.")
        elif not (spec.type == S.LIST and spec.item is not None and spec.item.type == S.OBJECT):
            result[prefix + spec.name] = spec
    return result


def decoded(text: str, spec: S.Field):
    """A cell as the JSON export writes the value (absent as None)."""
    text = unguard(text)
    if text == "":
        return None
    if spec.type == S.LIST:
        return split_list(text)
    if spec.type == S.BOOL:
        return {"true": True, "false": False}[text]
    return text


def expected(record: dict, header: str):
    value = record
    for part in header.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return None if value in (None, "", []) else value


def compare(table: Path, records: list[dict], fields: dict[str, S.Field], owner: str = "") -> int:
    header, rows = read_table(table)
    assert len(rows) == len(records), table.name
    compared = 0
    for row, record in zip(rows, records, strict=True):
        cells = dict(zip(header, row, strict=True))
        if owner:
            assert unguard(cells.pop(owner)) == record[owner]
        assert set(cells) == set(fields), table.name
        for name, text in cells.items():
            assert decoded(text, fields[name]) == expected(record, name), (table.name, record.get("id"), name, text)
            compared += 1
    return compared


def check_against_json(root: Path, out: Path, *extra: str) -> int:
    result = run_cli("export", "--format", "csv", str(out), "--data", str(root), *extra)
    assert result.returncode == 0, result.stderr
    data = json.loads(run_cli("export", "--format", "json", "--data", str(root)).stdout)
    compared = 0
    for kind in S.KINDS:
        if kind.name == "quote":
            continue
        compared += compare(out / f"{kind.plural}.csv", data[kind.plural], _fields(kind.fields))
    roles = [{**role, "person": person["id"]} for person in data["people"] for role in person.get("roles", ())]
    compared += compare(out / "roles.csv", roles, _fields(S.ROLE.fields), owner="person")
    compared += compare(out / "quotes.csv", data["quotes"], _fields(S.QUOTE.fields), owner="source")
    return compared


def test_every_csv_table_of_the_bundled_dossier_agrees_with_the_json_export(tmp_path):
    assert check_against_json(REPO / "data", tmp_path / "csv") > 1000


def test_lists_and_guarded_cells_survive_the_round_trip(tmp_path):
    root = write_dossier(tmp_path / "d", TRICKY)
    check_against_json(root, tmp_path / "csv")
    header, rows = read_table(tmp_path / "csv" / "people.csv")
    tricky = dict(zip(header, next(r for r in rows if r[0] == "tricky"), strict=True))
    assert split_list(tricky["aliases"]) == ["a; b", "back\\slash", "'=quoted", "＝SUM(A1)", "x;y", "plain"]
    assert tricky["name"] == "'=1+1"
    assert tricky["summary"].startswith("'  =HYPERLINK(")  # LibreOffice's "trim spaces" would have run it
    assert tricky["tags"].startswith("'＋full-width")


@pytest.mark.parametrize("text", ["=1", "  =1+1", "\u3000=1", "＝1", "＋1", "－1", "＠x", "\t1", "\r1", " @x"])
def test_the_formula_guard(text):
    assert safe_cell(text) == "'" + text
    assert unguard(safe_cell(text)) == text


@pytest.mark.parametrize("text", ["ok", "'tis", "a=b", "2025-04", ""])
def test_text_that_runs_as_nothing_is_left_alone(text):
    assert safe_cell(text) == text == unguard(text)


def test_bom_for_spreadsheets(tmp_path):
    root = write_dossier(tmp_path / "d", MINIMAL)
    check_against_json(root, tmp_path / "plain")
    assert run_cli("export", "--format", "csv", str(tmp_path / "bom"), "--bom", "--data", str(root)).returncode == 0
    for table in (tmp_path / "plain").iterdir():
        with_bom = (tmp_path / "bom" / table.name).read_bytes()
        assert with_bom.startswith(b"\xef\xbb\xbf") and not table.read_bytes().startswith(b"\xef\xbb\xbf")
        assert read_table(tmp_path / "bom" / table.name, "utf-8-sig") == read_table(table)
    header, rows = read_table(tmp_path / "bom" / "people.csv", "utf-8-sig")
    assert header[0] == "id" and any("Timothée Lacroix" in row for row in rows)
