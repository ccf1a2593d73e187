"""One mistake, one problem: what a file that could not be read may have defined.

A file that fails to parse (a tab, an unquoted colon) contributes no record, so every
reference to what it defines would be reported again as unknown: one colon gave 9
errors, one tab 28 with did-you-means pointing elsewhere. The ids such a file may
define are its name (a profile's id defaults to it) and every `id:` written in it,
read off its lines without YAML; references to them are not reported, and the file's
own error says how many are waiting for it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from dossier.model.problems import ERROR, Problem
from dossier.model.text import nfc
from dossier.read.file import FileResult, read_bytes

# `id: x` or `- id: x`, quoted or not: what a quote or an event of a broken file is called.
_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*["']?([a-z0-9][a-z0-9-]*)["']?[ \t]*(?:#.*)?$""", re.M)


def failed_files(results: dict[str, FileResult]) -> list[FileResult]:
    """The files that gave an error and no record: those that could not be read."""
    return [
        result for result in results.values()
        if not result.records and any(problem.severity == ERROR for problem in result.problems)
    ]  # fmt: skip


def ids_of_failed(root: Path, failed: list[FileResult]) -> dict[str, str]:
    """Id → the failed file that may define it."""
    found: dict[str, str] = {}
    for result in failed:
        stem = nfc(result.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        found.setdefault(stem, result.path)
        data, _ = read_bytes(root, result.path)  # never a pipe, a device or a huge file
        if data is None:
            continue
        for match in _ID_LINE.finditer(data.decode("utf-8", "replace")):
            found.setdefault(match[1], result.path)
    return found


def note_waiting(problems: list[Problem], waiting: dict[str, int]) -> list[Problem]:
    """`problems` with the first error of each failed file saying how many references
    to what it defines are not checked until it is fixed (`waiting`: file → count)."""
    noted: set[str] = set()
    out = []
    for problem in problems:
        count = waiting.get(problem.file, 0)
        if count and problem.severity == ERROR and problem.file not in noted:
            noted.add(problem.file)
            many = count != 1
            note = (
                f"{count} reference{'s' * many} to what this file defines {'are' if many else 'is'}"
                " not checked until it can be read"
            )
            problem = replace(problem, hint=f"{problem.hint}; {note}" if problem.hint else note)
        out.append(problem)
    return out
