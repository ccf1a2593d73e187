"""One dossier file -> its records, problems and pending references: a pure function of
the file's bytes and path, which is what lets the cache and the workers redo only what
changed."""

from __future__ import annotations

import marshal
import os
import zlib
from dataclasses import dataclass, field
from operator import eq
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from dossier.model.problems import ERROR, WARNING, Problem
from dossier.model.records import Loc, Record
from dossier.read.block_style import read_block_style
from dossier.read.convert import Converter, PendingRef, describe, file_stem
from dossier.read.place import MAX_FILE_BYTES, DossierFile
from dossier.read.yamlnodes import read_yaml


@dataclass(slots=True)
class FileResult:
    """What one file contributes; a pure function of the file's bytes and path.

    Slotted, and once compact its lists tuples (the empty ones the one empty tuple): a
    loaded dossier keeps one per file (the app, for a reload), 15,000 of them at
    100,000 quotes."""

    path: str  # relative to the dossier folder, with forward slashes
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refs: list[PendingRef] = field(default_factory=list)
    # The same references as the cache keeps them: one marshal blob of plain columns (see
    # `pack_refs`), compressed. Restoring a PendingRef and its Loc costs twenty times a
    # tuple, and a dossier of 100,000 quotes holds 600,000 references, nearly all fine;
    # kept as one blob per file they are unpacked only while checked, a column at a time.
    # The app holds them for as long as it runs (a reload checks them again): compressed,
    # 14 MB instead of 42.
    ref_blob: bytes = b""

    def compact(self) -> FileResult:
        """This result with its references packed (see `pack_refs`)."""

        blob = pack_refs(self.ref_rows()) if self.refs else self.ref_blob
        return FileResult(self.path, tuple(self.records), tuple(self.problems), (), blob)  # type: ignore[arg-type]

    def ref_rows(self) -> tuple[tuple, ...]:
        """Every reference as (target, kinds, field, backlink, source_id, file, line, column)."""
        packed = unpack_refs(self.ref_blob, self.path) if self.ref_blob else ()
        return packed + ref_rows(self.refs)


def ref_rows(refs) -> tuple[tuple, ...]:
    return tuple((r.target, r.kinds, r.field, r.backlink, r.source_id, *_loc_row(r.loc)) for r in refs)


def pack_refs(rows, compress: bool = True) -> bytes:
    """One file's reference rows as columns, the file being the result's own. Columns
    let the whole dossier's check test them in C (see `dossier.load.assemble`), and
    they pack smaller.

    In two parts. The first is what the check tests: the targets grouped by the kinds
    they may name (each group in the rows' order), and whether some row names its own
    source; a file's references then pass in one set comparison a group, where testing
    each of them cost 0.3 s at 100,000 quotes, after the last file was read. The rest
    is what only a reference that fails needs (nearly none do): each row's group,
    field, backlink, source, line and column. The first part's length comes first.
    Each part is compressed, the form kept (`compressed_refs`), unless `compress` is
    false: a file just read packs them as they are, since a load that is not kept
    (`validate`, an export) would only compress them to unpack them again, 0.6 s of
    CPU at 100,000 quotes; what keeps them (the cache, the app) compresses them then.
    """
    if not rows:
        return b""
    targets, kinds, fields, backlinks, sources, _files, lines, places = zip(*rows, strict=True)
    number_of: dict[tuple, int] = {}
    codes = [number_of.setdefault(allowed, len(number_of)) for allowed in kinds]
    groups: list[list[str]] = [[] for _ in number_of]
    for code, target in zip(codes, targets, strict=True):
        groups[code].append(target)
    names_own_source = any(map(eq, targets, sources))
    tested = marshal.dumps((tuple(number_of), tuple(map(tuple, groups)), names_own_source))
    groups_of = bytes(codes) if len(number_of) < 256 else tuple(codes)
    rest = marshal.dumps((groups_of, fields, backlinks, sources, lines, places))
    if not compress:
        return (len(tested) | _AS_THEY_ARE).to_bytes(4, "little") + tested + rest
    return _compressed(tested, rest)


# Set in a blob's first four bytes (the first part's length): its parts are not compressed.
_AS_THEY_ARE = 1 << 31


def _compressed(tested, rest) -> bytes:
    # Level 1: a third of the size for a fraction of the time of the stronger levels.
    tested, rest = zlib.compress(tested, 1), zlib.compress(rest, 1)
    return len(tested).to_bytes(4, "little") + tested + rest


def compressed_refs(blob: bytes) -> bytes:
    """A `pack_refs` blob with its parts compressed: a third of the size, to be kept."""
    if not blob:
        return blob
    head = int.from_bytes(blob[:4], "little")
    if not head & _AS_THEY_ARE:
        return blob
    size = head & ~_AS_THEY_ARE
    view = memoryview(blob)
    return _compressed(view[4 : 4 + size], view[4 + size :])


def _parts(blob: bytes, rest: bool) -> tuple:
    """The tested columns of a `pack_refs` blob, and if `rest` the others after them."""
    head = int.from_bytes(blob[:4], "little")
    size = head & ~_AS_THEY_ARE
    view = memoryview(blob)
    pieces = (view[4 : 4 + size], view[4 + size :]) if rest else (view[4 : 4 + size],)
    if head & _AS_THEY_ARE:
        return tuple(marshal.loads(piece) for piece in pieces)
    return tuple(marshal.loads(zlib.decompress(piece)) for piece in pieces)


def tested_groups(blob: bytes) -> tuple[tuple, tuple, bool]:
    """(kinds of each group, the group's targets, does a row name its own source) of a
    `pack_refs` blob: what the check tests."""
    return _parts(blob, False)[0]


def unpack_columns(blob: bytes) -> tuple[tuple, ...]:
    """(targets, kinds, fields, backlinks, source ids, lines, columns) of a `pack_refs` blob."""
    (kinds_of, groups, _own), (codes, fields, backlinks, sources, lines, places) = _parts(blob, True)
    next_of = [iter(group).__next__ for group in groups]  # each group's targets are in the rows' order
    targets = tuple(next_of[code]() for code in codes)
    return targets, tuple(map(kinds_of.__getitem__, codes)), fields, backlinks, sources, lines, places


def unpack_refs(blob: bytes, file: str) -> tuple[tuple, ...]:
    """The rows `pack_refs` was given (`file` is the result's path)."""
    targets, kinds, fields, backlinks, sources, lines, columns = unpack_columns(blob)
    files = (file,) * len(targets)
    return tuple(zip(targets, kinds, fields, backlinks, sources, files, lines, columns, strict=True))


def _loc_row(loc: Loc) -> tuple[str, int, int]:
    return (loc.file, loc.line, loc.column)


# Never blocks on a pipe with no writer (its open returns at once), never makes a
# terminal this process's own; reading a regular file is the same either way.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_LAST_READ = 1 << 16  # what the read past a file's size asks for: it finds the end


def read_bytes(root: Path, rel: str) -> tuple[bytes | None, Problem | None]:
    """The file's bytes within the size bound, or the problem that stops reading it.

    A `stat`, `open`, `fstat` and `read` on the file's path as a string: a large dossier
    reads 15,000 files, and building a `Path` and asking it for `stat` and `open` cost
    six times as much as the reading (0.49 s against 0.07 s at 100,000 quotes). The
    `stat` first, so that a device or a pipe is never opened (opening some has effects
    of its own); the `fstat` of the open file is what decides, whatever has the name
    by then. Read to the end, however few bytes a read gives (a network or FUSE file
    system may give fewer than asked before the end), or to past the bound. Anything
    the open refuses is asked again the long way, which says why."""
    path = f"{os.fspath(root)}/{rel}"
    try:
        if not S_ISREG(os.stat(path).st_mode):
            return _read_bytes_slowly(root, rel)
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError):
        return _read_bytes_slowly(root, rel)
    try:
        info = os.fstat(fd)
        if not S_ISREG(info.st_mode):
            return None, _not_regular(rel, info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            return None, _too_large(rel, info.st_size)
        pieces = []
        size = 0
        while size <= MAX_FILE_BYTES and (piece := os.read(fd, max(info.st_size + 1 - size, _LAST_READ))):
            pieces.append(piece)
            size += len(piece)
        data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    except OSError as error:
        return None, _unreadable(rel, error)
    finally:
        os.close(fd)
    return _within_bound(rel, data)


def _read_bytes_slowly(root: Path, rel: str) -> tuple[bytes | None, Problem | None]:
    path = root / rel
    try:
        info = path.stat()
        if not S_ISREG(info.st_mode):
            return None, _not_regular(rel, info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            return None, _too_large(rel, info.st_size)
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return None, Problem(rel, 0, 0, ERROR, "is a folder, expected a YAML file")
    except OSError as error:
        return None, _unreadable(rel, error)
    return _within_bound(rel, data)


def _within_bound(rel: str, data: bytes) -> tuple[bytes | None, Problem | None]:
    if len(data) > MAX_FILE_BYTES:  # it grew while we read it
        return None, Problem(rel, 0, 0, ERROR, f"file is over the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit")
    return data, None


def _not_regular(rel: str, mode: int) -> Problem:
    if S_ISDIR(mode):
        return Problem(rel, 0, 0, ERROR, "is a folder, expected a YAML file")
    # A pipe or a device would block the read, or never end.
    return Problem(rel, 0, 0, ERROR, "is not a regular file (a pipe, socket or device); not read")


def _too_large(rel: str, size: int) -> Problem:
    return Problem(
        rel, 0, 0, ERROR,
        f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit per file",
        "split it into several files",
    )  # fmt: skip


def _unreadable(rel: str, error: OSError) -> Problem:
    reason = error.strerror or str(error)
    return Problem(rel, 0, 0, ERROR, f"cannot read this file: {reason}")


def decode(rel: str, data: bytes) -> tuple[str | None, Problem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, Problem(
            rel, line, column, ERROR,
            f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded",
            "save the file as UTF-8",
        )  # fmt: skip


def read_file(root: Path, file: DossierFile) -> FileResult:
    result = FileResult(file.path)
    data, problem = read_bytes(root, file.path)
    if problem is None and data is not None:
        text, problem = decode(file.path, data)
    if problem is not None:
        result.problems.append(problem)
        return result
    return parse_text(file, text or "")


def parse_text(file: DossierFile, text: str) -> FileResult:
    """Records, problems and references from one file's text."""
    # The plain block style nearly every file keeps to is read line by line, straight
    # into records; anything else, and every file with a mistake in its YAML, goes to
    # libyaml's events (see `dossier.read.block_style`). Both give the same result.
    fast = read_block_style(file, text)
    if fast is not None:
        return _result(file, *fast)
    converter = Converter(file.path)
    records: list[Record] = []
    read = read_yaml(text)
    problems = [Problem(file.path, issue.line, issue.column, ERROR, issue.message, issue.hint) for issue in read.issues]
    node = read.node
    if node is None:
        if not read.issues:
            severity = WARNING if file.many else ERROR
            expected = "a list of events" if file.many else f"a {file.kind.name}"
            problems.append(Problem(file.path, 0, 0, severity, f"file is empty; expected {expected}"))
        return FileResult(file.path, records, problems)
    if file.many:
        if node.kind != "sequence":
            converter.report(node, f"expected a list of {file.kind.plural}, got {describe(node)}")
        else:
            for item in node.value:
                record = converter.record(item, file.kind)
                if record is not None:
                    records.append(record)
    else:
        stem = file_stem(file)
        record = converter.record(node, file.kind, default_id=stem)
        if record is not None:
            converter.check_file_name(node, record, stem)
            records.append(record)
    return _result(file, records, converter, problems)


def _result(file: DossierFile, records: list[Record], converter: Converter, problems: list | None = None) -> FileResult:
    result = FileResult(file.path, records, problems or [])
    result.problems.extend(converter.problems)
    if converter.ref_rows:
        result.ref_blob = pack_refs(tuple(converter.ref_rows), compress=False)
    return result
