"""The registry of export formats: what each is for, its shape, and where its writer lives.

`dossier export --format NAME` looks the format up here; adding a format is one entry,
never a new branch in the CLI. Writers are named by module and function and imported
only when used, so `dossier --help` and `validate` do not load an export's library
(followthemoney, citeproc-py) or pay for its import.

Shapes: a `file` format prints to stdout without OUT and writes file OUT; a `folder`
format needs OUT; `markdown` is one document on stdout, or a folder of notes with OUT.
A writer of text is `f(dossier, options) -> str`; a writer of a folder is
`f(dossier, out, options) -> list[Path]`. `extra` names the optional dependencies
(`pip install 'dossier[ftm]'`) a format needs, so a missing one is reported as such.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class ExportOptions:
    title: str = "Dossier"
    bom: bool = False  # CSV: a UTF-8 byte order mark, for spreadsheets that guess the encoding


@dataclass(frozen=True)
class ExportFormat:
    name: str
    purpose: str  # what it is for and which tool reads it (the README's table says the same)
    text: str = ""  # "module:function" returning the whole export as text
    folder: str = ""  # "module:function" writing a folder
    extra: str = ""  # the optional dependencies it needs, as a pip extra
    note: str = ""  # "module:function" returning a line to tell the user after a folder export, or ""

    @property
    def needs_out(self) -> bool:
        return not self.text

    @property
    def writes_folder(self) -> bool:
        return bool(self.folder)


class MissingDependency(Exception):
    """An export's optional library is not installed; the message says what to install."""


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "json",
            "the whole dossier as one JSON object, one record per line: scripts, jq, diffs",
            text="dossier.export.jsondoc:export_text",
        ),
        ExportFormat(
            "markdown",
            "one Markdown document, or with OUT a folder of notes with front matter: Obsidian, any viewer",
            text="dossier.export.markdown:export_text",
            folder="dossier.export.markdown:export_folder",
        ),
        ExportFormat(
            "html",
            "a static offline site with search: any browser",
            folder="dossier.export.htmlsite:export_folder",
        ),
        ExportFormat(
            "csv",
            "one table per kind: LibreOffice, Excel (with --bom), pandas",
            folder="dossier.export.csvtables:export_folder",
            note="dossier.export.csvtables:export_note",
        ),
        ExportFormat(
            "timelinejs",
            "the timeline as a TimelineJS3 JSON file: TimelineJS",
            text="dossier.export.timelinejs:export_text",
        ),
        ExportFormat(
            "ftm",
            "FollowTheMoney entities as JSON lines: Aleph (alephclient), OpenSanctions tools, ftm",
            text="dossier.export.ftm:export_text",
            extra="ftm",
        ),
        ExportFormat(
            "csl-json",
            "every source as CSL-JSON: Zotero, pandoc, citeproc",
            text="dossier.export.csljson:export_text",
        ),
    )
}


def writer(spec: str):
    """The function `spec` ("module:function") names, imported now."""
    module_name, _, function = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise MissingDependency(str(error)) from error
    return getattr(module, function)
