"""A record of every file and folder under a dossier, to prove nothing was written."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def snapshot(root: Path) -> dict[str, tuple]:
    """{relative path: (kind, mode, size, mtime_ns, sha256)} of everything under root."""
    found: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = path.lstat()
            rel = path.relative_to(root).as_posix()
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[rel] = ("file", info.st_mode, info.st_size, info.st_mtime_ns, digest)
            else:
                found[rel] = ("other", info.st_mode, info.st_size, info.st_mtime_ns, "")
    info = root.lstat()
    found["."] = ("root", info.st_mode, 0, info.st_mtime_ns, "")
    return found


def make_read_only(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.chmod(Path(folder) / name, 0o444)
        os.chmod(folder, 0o555)


def make_writable(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)
