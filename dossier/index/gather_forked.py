"""Gathering a large dossier's postings in two processes: this one and a fork of it.

Gathering is pure Python, one record after another, each independent of the others
until their numbers meet in the tables: at 165,000 records it takes most of the
seconds an index takes to build. So on a machine of several cores this process
gathers the records from the first one up while a forked copy of it, which already
holds them (nothing is sent to it), gathers them from the last one down, each taking
a run of `CHUNK` records at a time until they meet (`_Meeting`): wherever the work
splits evenly, however the cost of a record varies and whatever else runs on the
machine. The copy then writes its tables back through a pipe, one at a time, as the
words and their numbers (four bytes a number, turned ascending). All of its numbers
come after this process's, so each of its lists is added at the end of the same
word's list here, and the tables are those one process gathers.

Anything that goes wrong (no `fork` here, a fork refused, the copy killed, failing or
stuck, its tables cut short or not those of the records it took) makes this process
end the copy and gather the whole anew by itself: the index is the same either way. The copy resets the
signal handlers it inherited (an app's), never prints, and ends with `os._exit`,
running nothing of what this process set up to run at exit; it stops by itself on
Ctrl-C (its default handler then) and once this process is gone (its pipe breaks).
"""

from __future__ import annotations

import marshal
import mmap
import multiprocessing
import os
import select
import signal
import struct
from array import array
from collections.abc import Sequence
from typing import BinaryIO

from dossier.index.gather import Gathering, Tables, empty_tables, gather
from dossier.index.postings import U32
from dossier.model.cores import available_cores, can_fork
from dossier.model.records import Record

# Below this many records a fork costs about what it saves.
MIN_FORKED_RECORDS = 20_000
CHUNK = 1024  # records taken at a time: some 15 ms of work, so the two end within that
LOCK_SECONDS = 10.0  # the other process held the meeting's lock this long: it is stuck
STALL_SECONDS = 60.0  # the copy wrote nothing for this long once the two met: it is stuck
MAX_FRAME = 1 << 34  # more bytes than any table holds: a damaged frame
BLOCK = 1 << 18  # bytes of numbers read at a time (a multiple of a number's four)
_FRAME = struct.Struct("<Q")  # the length of each frame in bytes
_SPAN = struct.Struct("<QQ")


def gathered(records: Sequence[Record], processes: int | None = None) -> Tables:
    """The tables of every record (`gather`), gathered in two processes when there are
    enough records and cores, or `processes` says so (1: in this process only; 2: in
    two, whatever the size, where `fork` exists)."""
    count = len(records)
    if not _forked(count, processes):
        return gather(records, range(count), empty_tables())
    try:
        meeting = _Meeting(count)
        reading, writing = os.pipe()
    except (OSError, ValueError):
        return gather(records, range(count), empty_tables())
    try:
        child = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return gather(records, range(count), empty_tables())
    if child == 0:  # the copy: never returns
        _gather_and_send(records, meeting, reading, writing)
    os.close(writing)
    tables = empty_tables()
    received = False
    try:
        while (numbers := meeting.front()) is not None:
            gather(records, numbers, tables)
        received = not meeting.stuck and _received_into(reading, tables, meeting.met(), count)
    finally:  # Ctrl-C too: the copy is never left running
        os.close(reading)  # a copy still writing sees its pipe broken, and ends
        if not received:
            _kill(child)
        _, status = os.waitpid(child, 0)
    if received and os.waitstatus_to_exitcode(status) == 0:
        return tables
    del tables
    return gather(records, range(count), empty_tables())


def _forked(count: int, processes: int | None) -> bool:
    if not can_fork():
        return False
    if processes is not None:
        return processes >= 2
    return count >= MIN_FORKED_RECORDS and available_cores() >= 2


class _Meeting:
    """Where two processes taking records from either end of `count` records stand: the
    next record of the one going up, and the last one the one going down took. Kept in
    memory the fork shares, and changed under a lock the two share."""

    def __init__(self, count: int):
        self._shared = mmap.mmap(-1, _SPAN.size)  # shared (MAP_SHARED) with a fork
        self._lock = multiprocessing.get_context("fork").Lock()
        self._shared[:] = _SPAN.pack(0, count)
        self.stuck = False

    def _take(self, up: bool) -> range | None:
        if not self._lock.acquire(timeout=LOCK_SECONDS):
            self.stuck = True
            return None
        try:
            front, back = _SPAN.unpack(self._shared)
            if front >= back:
                return None
            if up:
                end = min(front + CHUNK, back)
                self._shared[:] = _SPAN.pack(end, back)
                return range(front, end)
            start = max(back - CHUNK, front)
            self._shared[:] = _SPAN.pack(front, start)
            return range(back - 1, start - 1, -1)
        finally:
            self._lock.release()

    def front(self) -> range | None:
        """The next records going up, or None once the two have met."""
        return self._take(up=True)

    def back(self) -> range | None:
        """The next records going down (in that order), or None once the two have met."""
        return self._take(up=False)

    def met(self) -> int:
        """Once they met: the first record the one going down took."""
        return _SPAN.unpack(self._shared)[1]


def _gather_and_send(records: Sequence[Record], meeting: _Meeting, reading: int, writing: int) -> None:
    """In the copy: gather records from the last one down, write their tables, and end."""
    code = 1
    try:
        os.close(reading)
        _default_signals()
        tables = empty_tables(bare=True)
        while (numbers := meeting.back()) is not None:
            gather(records, numbers, tables)
        with os.fdopen(writing, "wb") as out:
            _write(out, _SPAN.pack(meeting.met(), len(records)))
            for table in tables:
                entries = list(table.values())
                for numbers in entries:
                    numbers.reverse()  # gathered going down: ascending now
                _write(out, marshal.dumps(list(table)))
                _write(out, array(U32, map(len, entries)))
                _write(out, b"".join(entries))
                table.clear()
                del entries
            _write(out, b"")  # the end: the tables came whole
        code = 0
    finally:
        os._exit(code)


def _default_signals() -> None:
    """The copy answers signals as a plain process does, not with the handlers of the
    process it was forked from (an app's redraw on SIGWINCH, its own Ctrl-C)."""
    try:
        signal.set_wakeup_fd(-1)
    except (ValueError, OSError):
        pass
    for number in signal.valid_signals():
        try:
            if callable(signal.getsignal(number)):
                signal.signal(number, signal.SIG_DFL)
        except (ValueError, OSError):
            pass


def _write(out: BinaryIO, data: bytes | array) -> None:
    out.write(_FRAME.pack(memoryview(data).nbytes))
    out.write(data)


def _read(incoming: int) -> bytearray | None:
    """The next frame, or None if the stream ends before it does or stalls."""
    size = _size(incoming)
    return None if size is None else _exactly(incoming, size)


def _size(incoming: int) -> int | None:
    """The length of the next frame, or None if the stream ends or stalls first, or it
    is more than any frame holds."""
    head = _exactly(incoming, _FRAME.size)
    if head is None:
        return None
    (size,) = _FRAME.unpack(head)
    return size if size <= MAX_FRAME else None


def _exactly(incoming: int, size: int) -> bytearray | None:
    """`size` bytes read from the pipe, or None if it closes or stays silent for
    `STALL_SECONDS` first."""
    data = bytearray(size)
    view = memoryview(data)
    got = 0
    while got < size:
        ready, _, _ = select.select([incoming], [], [], STALL_SECONDS)
        if not ready:
            return None
        read = os.readv(incoming, [view[got:]])
        if not read:
            return None
        got += read
    return data


def _received_into(incoming: int, tables: Tables, start: int, count: int) -> bool:
    """Merge the copy's tables, as it writes them, into `tables`; whether they came
    whole, and of the records `start` to `count` that it took. (Anything else, of any
    sort, is a copy that failed: the caller gathers the whole anew.)"""
    try:
        span = _read(incoming)
        if span is None or len(span) != _SPAN.size or _SPAN.unpack(span) != (start, count):
            return False
        for table in tables:
            frames = [_read(incoming) for _ in range(2)]
            size = _size(incoming)
            if None in frames or size is None:
                return False
            words, lengths = marshal.loads(frames[0]), array(U32)  # type: ignore[arg-type]
            lengths.frombytes(frames[1])  # type: ignore[arg-type]
            del frames
            if len(words) != len(lengths) or 4 * sum(lengths) != size:
                return False
            if not _merge_numbers(incoming, table, words, lengths, size):
                return False
        return _read(incoming) == b""
    except Exception:
        return False


def _merge_numbers(incoming: int, table: Gathering, words: list[str], lengths: array, size: int) -> bool:
    """Each word's numbers from the copy, read from the frame of `size` bytes that holds
    them, after those gathered here (or after a new entry's header); whether they all
    came. Read `BLOCK` bytes at a time: a table's frame whole was megabytes more at the
    moment the index is at its largest."""
    block, at, left = memoryview(b""), 0, size
    for word, length in zip(words, lengths, strict=True):
        entry, wanted = table[word], 4 * length
        while wanted:
            if at == len(block):
                read = _exactly(incoming, min(BLOCK, left)) if left else None
                if read is None:
                    return False
                block, at, left = memoryview(read), 0, left - len(read)
            taken = min(wanted, len(block) - at)  # (a whole number of numbers: BLOCK is)
            entry.frombytes(block[at : at + taken])
            at, wanted = at + taken, wanted - taken
    return left == 0 and at == len(block)


def _kill(child: int) -> None:
    try:
        os.kill(child, signal.SIGKILL)
    except OSError:
        pass
