"""What the app showed first of a dossier, kept so that the next start can paint it at once.

Loading a big dossier takes seconds even from the cache; the rows of the browse list
(each record's id, its line of text and where the line's dim detail starts) are what a
reader looks at first, and are a few hundred kilobytes. They are kept per dossier
folder in the user's cache directory (never in the dossier), keyed by the folder's
absolute path, and shown until the real data arrives; the real data always replaces
them.

Format: an HMAC-SHA256 signature under the cache's key (`dossier.store.database`),
then one marshal blob of plain tuples, strings and integers (marshal cannot build
anything that runs code, and reads 10,000 rows in a millisecond or two); the blob is
unmarshalled only once its signature is checked, so nothing this cache did not write
is ever shown. A file that is missing, unsigned, corrupt, too big, of another format
or Python version, for another folder, or older than the folder it describes (a
profile added or removed since) reads as None: the app then waits for the data as it
would without it. The folder is private (`dossier.store.private`) and never inside the
dossier it describes.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
from dataclasses import dataclass
from pathlib import Path

from dossier.store.database import read_key
from dossier.store.paths import user_cache_dir
from dossier.store.private import Untrusted, private_dir, read_private, warn_once, write_kept
from dossier.store.stats import within

FORMAT = 2  # 2: signed
_SIGNATURE = 32
MAX_ROWS = 20_000  # more than a reader scrolls through while a dossier loads
MAX_BYTES = 16 * 1024 * 1024  # a larger file was not written here: ignore it
KIND_FOLDERS = {"person": "people", "lab": "labs", "model": "models"}

Row = tuple[str, str, int]  # (record id, the line's text, where its dim detail starts)


@dataclass(frozen=True)
class FirstScreen:
    kind: str  # "person", "lab" or "model": the tab of the browse list
    rows: tuple[Row, ...]

    def position(self, record_id: str) -> int | None:
        """The row of `record_id`, if it is one of the rows."""
        for number, row in enumerate(self.rows):
            if row[0] == record_id:
                return number
        return None


def first_screen_path(root: str | os.PathLike) -> Path:
    folder = os.fsencode(Path(root).resolve())
    return user_cache_dir() / "first-screen" / (hashlib.sha256(folder).hexdigest()[:32] + ".marshal")


def _stamp(root: Path, kind: str) -> int:
    """When the kind's folder last changed: a profile added, removed or renamed (or saved
    by an editor that writes a new file and renames it over the old one)."""
    try:
        return (root / KIND_FOLDERS[kind]).stat().st_mtime_ns
    except OSError:
        return 0


def write_first_screen(root: str | os.PathLike, screen: FirstScreen, around: int = 0) -> bool:
    """Keep `screen` for the folder `root` (at most MAX_ROWS rows, centred on row `around`).

    False (and nothing raised) when the cache directory cannot be written.
    """
    root = Path(root).resolve()
    rows = screen.rows
    if len(rows) > MAX_ROWS:
        start = max(0, min(around - MAX_ROWS // 2, len(rows) - MAX_ROWS))
        rows = rows[start : start + MAX_ROWS]
    blob = marshal.dumps((FORMAT, os.fsencode(root), _stamp(root, screen.kind), screen.kind, tuple(rows)))
    path = first_screen_path(root)
    if within(path.parent, str(root)):
        return False  # never written into the dossier
    return write_kept(path, lambda: hmac.digest(read_key(private_dir(path.parent.parent)), blob, "sha256") + blob)


def leave_first_names(root: str | os.PathLike, people) -> bool:
    """After a load (`validate` included) of a folder the app has kept nothing for: its
    people's names as the first screen, so that the app's first open shows them at once
    (the app keeps its own, with each row's role and lab, once it has loaded). True if
    written."""
    if read_first_screen(root) is not None:
        return False  # the app's own, or one left already: never replaced from here
    return write_first_screen(root, FirstScreen("person", tuple((p.id, p.name, len(p.name)) for p in people)))


def read_first_screen(root: str | os.PathLike) -> FirstScreen | None:
    """The first screen kept for `root`, or None when there is none that can be trusted."""
    root = Path(root).resolve()
    path = first_screen_path(root)
    if within(path.parent, str(root)):
        return None
    try:
        key = read_key(private_dir(path.parent.parent))
        private_dir(path.parent)
        signed = read_private(path, MAX_BYTES)
    except Untrusted as error:
        warn_once(str(error))
        return None
    except OSError:
        return None
    if signed is None or len(signed) < _SIGNATURE:
        return None
    signature, blob = signed[:_SIGNATURE], signed[_SIGNATURE:]
    if not hmac.compare_digest(signature, hmac.digest(key, blob, "sha256")):
        return None
    try:
        stored = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(stored, tuple) and len(stored) == 5):
        return None
    form, folder, stamp, kind, rows = stored
    if form != FORMAT or folder != os.fsencode(root) or kind not in KIND_FOLDERS:
        return None
    if stamp != _stamp(root, kind):
        return None
    if not isinstance(rows, tuple) or not all(_is_row(row) for row in rows):
        return None
    return FirstScreen(kind, rows)


def _is_row(row: object) -> bool:
    return (
        type(row) is tuple
        and len(row) == 3
        and type(row[0]) is str
        and type(row[1]) is str
        and type(row[2]) is int
        and 0 <= row[2] <= len(row[1])
    )
