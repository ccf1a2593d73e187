"""`dossier new DIR`: a small, valid, commented dossier to start from.

One record of each kind, each file opening with a `yaml-language-server` line that
points at a JSON Schema written beside it (in `.schemas/`, which the loader skips as a
dot-folder), plus `.vscode/settings.json` mapping the same globs, so an editor with the
YAML language server completes and checks fields as the author types. The schemas come
from `dossier.jsonschema`, so they always match what `validate` checks.

Nothing that exists is ever overwritten: the whole plan is checked before the first
byte is written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dossier.export.jsonschema import json_schema

SCHEMA_FOLDER = ".schemas"
# file glob → the kind whose schema checks it
GLOBS = {
    "people/*.yaml": "person",
    "labs/*.yaml": "lab",
    "models/*.yaml": "model",
    "sources/*.yaml": "source",
    "timeline.yaml": "timeline",
    "timeline/*.yaml": "timeline",
}


class StarterError(Exception):
    """Why the starter dossier was not written; nothing was."""


def _schema_line(rel: str, kind: str) -> str:
    depth = rel.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FOLDER}/{kind}.schema.json\n"


_README = """\
# A new dossier

Made by `python -m dossier new`. Each YAML file holds one record (the timeline holds a
list); every comment says what a field is for. Check your work with

    python -m dossier validate --data .

and browse it with `python -m dossier --data .` (the app reloads as you save).
The field reference is `python -m dossier schema --format markdown`.
`.schemas/` and `.vscode/` let editors with the YAML language server complete and check
fields; the dossier itself never reads them.
"""

_PERSON = """\
# A person: one file per person in people/, the id is the file name (jane-doe).
name: Jane Doe                      # the name readers know (required)
aliases: [J. Doe]                   # other spellings; search finds them too
summary: >-
  Research director at [[example-lab]] who led work on
  [[example-model|its first model]].
# Prose fields (summary, note) link to any record with [[id]] or [[id|label]].
roles:                              # affiliations over time
  - org: example-lab                # the id of a lab (labs/example-lab.yaml)
    title: Research director
    start: 2024-03                  # dates: 2025, 2025-04, 2025-04-29, a season 2025-21..24
    # end: 2025-11~                 # ~ approximate, ? uncertain; no end while it lasts
    sources: [example-article]      # every role names the sources that support it
tags: [researcher]
"""

_LAB = """\
# An organisation: company, lab, internal unit, outlet... one file each in labs/.
name: Example Lab
kind: lab                           # company, lab, division, team, university, outlet...
founded: 2020
# parent: some-company              # the id of the organisation it belongs to
summary: A research lab, here so that [[jane-doe]] has somewhere to work.
"""

_MODEL = """\
# An AI model or product: one file each in models/.
name: Example Model
developer: example-lab              # the id of the lab that made it
released: 2025-04~                  # partial dates are fine; never invent a day
status: released                    # announced, in-development, released, delayed, shelved...
open_weights: true
parameters: {active: 17B, total: 400B}
modalities: [text]
summary: The first model of [[example-lab]].
"""

_SOURCE = """\
# A source: an article, note, post or report, with the quotes taken from it.
title: "Example Lab releases its first model"
outlet: example-lab                 # where it was published: the id of a lab (kind: outlet)
published: "2025-04-29"             # quoted: YAML 1.1 tools read a bare full date as a timestamp
url: https://example.org/news/example-model
language: en
kind: article                       # article, note, repost, report, paper, post...
# flags: [ai-generated]             # caveats that travel with every claim resting on it
quotes:
  - id: q-jane-doe-release          # unique, so events and citations can name it
    text: "We built it to be studied, not only used."   # verbatim, in the source's language
    # translation: ...              # ours, when the text is not in English
    speaker: jane-doe               # who said it; leave out when the source itself speaks
    about: [example-model]
    event: example-model-release    # the timeline event it comments on
"""

_TIMELINE = """\
# The timeline: a list of dated events (split into timeline/*.yaml when it grows).
- id: example-model-release
  date: 2025-04~                    # at the precision the sources support
  title: Example Lab releases Example Model
  kind: release                     # release, announcement, hire, departure, funding...
  summary: "[[jane-doe]] presents the model; see the quote in [[example-article]]."
  involves: [example-lab, example-model, jane-doe]
  sources: [example-article]        # every event names its sources
"""

_RECORDS = {
    "people/jane-doe.yaml": ("person", _PERSON),
    "labs/example-lab.yaml": ("lab", _LAB),
    "models/example-model.yaml": ("model", _MODEL),
    "sources/example-article.yaml": ("source", _SOURCE),
    "timeline.yaml": ("timeline", _TIMELINE),
}


def starter_files() -> dict[str, str]:
    """{relative path: text} of every file `new` writes."""
    files: dict[str, str] = {"README.md": _README}
    for rel, (kind, text) in _RECORDS.items():
        files[rel] = _schema_line(rel, kind) + text
    for kind in sorted(set(GLOBS.values())):
        files[f"{SCHEMA_FOLDER}/{kind}.schema.json"] = json.dumps(json_schema(kind), indent=2) + "\n"
    settings = {"yaml.schemas": {f"./{SCHEMA_FOLDER}/{kind}.schema.json": [] for kind in sorted(set(GLOBS.values()))}}
    for glob, kind in GLOBS.items():
        settings["yaml.schemas"][f"./{SCHEMA_FOLDER}/{kind}.schema.json"].append(glob)
    files[".vscode/settings.json"] = json.dumps(settings, indent=2) + "\n"
    return files


def create_starter(target: Path) -> list[Path]:
    """Write the starter dossier into `target` (absent or an empty folder); return the paths.

    Raises StarterError, having written nothing, when `target` is a file, a non-empty
    folder, or when any path it would write already exists.
    """
    files = starter_files()
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise StarterError(f"{target} exists and is not a folder")
        if any(target.iterdir()):
            raise StarterError(f"{target} is not empty; choose a new or empty folder")
    clashes = [rel for rel in files if (target / rel).exists() or (target / rel).is_symlink()]
    if clashes:  # only possible if the folder filled up since the check above
        raise StarterError(f"{target / clashes[0]} already exists")
    written = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": fail rather than overwrite a file that appeared meanwhile.
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(path)
    return written


def describe(target: Path, written: list[Path]) -> str:
    """What to tell the author after `new`."""
    shown = os.fspath(target)
    return (
        f"created a starter dossier in {shown} ({len(written)} files)\n"
        f"  check it:   python -m dossier validate --data {shown}\n"
        f"  browse it:  python -m dossier --data {shown}\n"
    )
