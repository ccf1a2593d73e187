"""The files of a dossier folder, in a stable order, and the problems of its layout."""

from __future__ import annotations

import os
from pathlib import Path

from dossier.model import schema as S
from dossier.model.problems import ERROR, WARNING, Problem
from dossier.model.suggest import closest
from dossier.read.place import TIMELINE, YAML_SUFFIXES, DossierFile


def discover(root: Path) -> tuple[list[DossierFile], list[Problem]]:
    """The dossier's files in a stable order, and problems with the layout itself."""
    files: list[DossierFile] = []
    problems: list[Problem] = []
    folders = {k.folder: k for k in S.PROFILE_KINDS}
    try:
        top = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as error:
        return [], [Problem(".", 0, 0, ERROR, f"cannot read the dossier folder: {error.strerror or error}")]
    for entry in top:
        name = entry.name
        if name.startswith("."):
            continue
        if name in folders or name == TIMELINE:
            kind = folders.get(name, S.EVENT)
            if not _is_dir(entry):
                problems.append(Problem(name, 0, 0, ERROR, f"`{name}` should be a folder"))
                continue
            files.extend(_folder_files(root, name, kind, many=name == TIMELINE, problems=problems))
        elif name in (TIMELINE + s for s in YAML_SUFFIXES):
            files.append(DossierFile(name, S.EVENT, many=True))
        elif name.endswith(YAML_SUFFIXES):
            stem = name.rsplit(".", 1)[0]
            singular = {k.name: k.folder for k in S.PROFILE_KINDS}
            guess = singular.get(stem) or closest(stem, [*folders, TIMELINE])
            problems.append(
                Problem(
                    _shown_name(name), 0, 0, WARNING, "this file is not part of the dossier and is not read",
                    f"did you mean `{guess}/`?" if guess else "profiles go in people/, labs/, models/, sources/",
                )
            )  # fmt: skip
    return files, problems


def profile_files(root: Path, kind: S.Kind) -> list[DossierFile]:
    """The files of one profile folder, in the order `discover` gives them."""
    return _folder_files(root, kind.folder, kind, many=False, problems=[])


def _is_utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python holds them as lone surrogates)."""
    return name.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in name)


def _shown_name(name: str) -> str:
    """A file name fit to print: bytes that are not UTF-8 as \\xNN escapes."""
    return name if _is_utf8(name) else os.fsencode(name).decode("utf-8", "backslashreplace")


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _folder_files(root: Path, folder: str, kind: S.Kind, many: bool, problems: list[Problem]):
    try:
        # By stem, so `model-one.yaml` comes before `model-one-mini.yaml`, as their ids sort.
        entries = sorted(os.scandir(root / folder), key=lambda e: (e.name.rsplit(".", 1)[0], e.name))
    except OSError as error:
        problems.append(Problem(folder, 0, 0, ERROR, f"cannot read this folder: {error.strerror or error}"))
        return []
    found = []
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith(YAML_SUFFIXES):
            continue
        rel = f"{folder}/{entry.name}"
        if not _is_utf8(entry.name):
            problems.append(Problem(_shown_name(rel), 0, 0, ERROR, "file name is not UTF-8; not read", "rename it"))
            continue
        if _is_dir(entry):
            problems.append(Problem(rel, 0, 0, ERROR, "is a folder, expected a YAML file"))
            continue
        found.append(DossierFile(rel, kind, many))
    return found
