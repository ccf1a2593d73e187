"""Where exports write: checked before anything is written, never into the dossier.

An export folder must not be inside the dossier (the dossier folder is never written)
nor contain it. An existing non-empty folder (or an existing file, for single-file
exports) is refused unless the user says `--force`; then files of the same name are
replaced and nothing else in the folder is touched or deleted. Every file is written
to a temporary file beside it and renamed into place (`dossier.store.private`), so a
symlink or a hard link in the way is replaced, never written through (an export
cannot land outside its folder, nor overwrite a dossier file linked to OUT), and a
failed export (a full disk) leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dossier.store.private import shared_mode, write_atomic


class ExportError(Exception):
    """Why an export was refused; nothing was written."""


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_not_in_dossier(out: Path, dossier_root: Path) -> None:
    target, root = out.resolve(), dossier_root.resolve()
    if _inside(target, root):
        raise ExportError(f"{out} is inside the dossier folder {dossier_root}; export somewhere else")
    if _inside(root, target):
        raise ExportError(f"{out} contains the dossier folder {dossier_root}; export somewhere else")


def prepare_folder(out: Path, dossier_root: Path, force: bool) -> Path:
    """Check `out` may receive a multi-file export and create it; return it."""
    check_not_in_dossier(out, dossier_root)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ExportError(f"{out} is not empty; choose a new folder, or pass --force to replace files in it")
    out.mkdir(parents=True, exist_ok=True)
    return out


def prepare_file(out: Path, dossier_root: Path, force: bool) -> Path:
    """Check `out` may receive a single-file export."""
    check_not_in_dossier(out, dossier_root)
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name such as timeline.json")
    if (out.exists() or out.is_symlink()) and not force:
        raise ExportError(f"{out} exists; pass --force to replace it")
    return out


class FolderWriter:
    """Writes files under one folder, refusing any path that would resolve outside it."""

    def __init__(self, root: Path):
        self.root = root
        self._real = root.resolve()
        self.written: list[Path] = []
        self._mode = shared_mode()
        # Folders made and checked already: a site of 160,000 pages has a handful of them,
        # and resolving each page's folder again costs a system call per path component.
        self._checked: set[Path] = set()

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        parent = path.parent
        if parent not in self._checked:
            parent.mkdir(parents=True, exist_ok=True)
            if not _inside(parent.resolve(), self._real):
                raise ExportError(f"{parent} leads outside {self.root}; remove it and export again")
            self._checked.add(parent)
        write_atomic(path, text.encode("utf-8"), self._mode)
        self.written.append(path)
        return path


def write_file(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"), shared_mode())


def write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write UTF-8 pieces one after the other (a large export need not be joined first)."""
    write_atomic(path, chunks, shared_mode())
