"""Ordering and gathering a large dossier's records for its search index in two
processes: this one and a fork of it.

Both steps are pure Python, one record after another, each independent of the others:
keying a record (its folded name, the label it is put in order by), then gathering its
words into the tables of postings, once every record has its number in label order. At
165,000 records they take most of the seconds an index takes to build. So on a machine
of several cores this process works from the first record up while a forked copy of
it, which already holds them (nothing is sent to it), works from the last one down,
each taking a run of `CHUNK` records at a time until they meet (`_Meeting`): wherever
the work splits evenly, however the cost of a record varies and whatever else runs on
the machine. First they key the records in their given order: the copy writes its keys
back through a pipe, and this process, which now has all of them, puts the records in
order and hands the order to the copy in memory they share. Then they gather the
records so ordered, and the copy writes its tables back, one at a time, as the words
and their numbers (four bytes a number, turned ascending). All of its numbers come
after this process's, so each of its lists is added at the end of the same word's list
here, and the tables are those one process gathers.

Anything that goes wrong (no `fork` here, a fork refused, the copy killed, failing or
stuck, its keys or tables cut short or not those of the records it took) makes this
process end the copy and do the rest by itself: the index is the same either way. The
copy resets the signal handlers it inherited (an app's), never prints, and ends with
`os._exit`, running nothing of what this process set up to run at exit; it stops by
itself on Ctrl-C (its default handler then) and once this process is gone (its pipes
break or close).
"""

from __future__ import annotations

import itertools
import marshal
import mmap
import multiprocessing
import os
import select
import signal
import struct
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import BinaryIO, NamedTuple

from dossier.index.gather import Gathering, Tables, empty_tables, gather
from dossier.index.names import FoldedNames
from dossier.index.postings import U32
from dossier.model.cores import available_cores, can_fork
from dossier.model.records import Record

# Below this many records a fork costs about what it saves.
MIN_FORKED_RECORDS = 20_000
CHUNK = 1024  # records taken at a time: some 15 ms of gathering (2 of keying), so the two end within that
LOCK_SECONDS = 10.0  # the other process held the meeting's lock this long: it is stuck
STALL_SECONDS = 60.0  # the copy wrote nothing (or was told nothing) this long once the two met: stuck
MAX_FRAME = 1 << 34  # more bytes than any table holds: a damaged frame
BLOCK = 1 << 18  # bytes of numbers read at a time (a multiple of a number's four)
_FRAME = struct.Struct("<Q")  # the length of each frame in bytes
_SPAN = struct.Struct("<QQ")


Keys = Callable[[Sequence[Record], Iterable[int]], tuple[list[str], list[str]]]


class _Fork(NamedTuple):
    """What the two processes share: where each stands in taking records to key
    (`keyed`) and to gather (`meeting`), the memory the order is handed over in, a pipe
    from the copy (`reading`, `writing`) and one to it (`told`, `telling`)."""

    keyed: _Meeting
    meeting: _Meeting
    placed: mmap.mmap
    reading: int
    writing: int
    told: int
    telling: int


def ordered_and_gathered(
    given: Sequence[Record], keys: Keys, processes: int | None = None
) -> tuple[list[Record], FoldedNames, array, Tables]:
    """The records of `given` in the order of their labels, their folded names in that
    order, the place in `given` of each, and the tables of the records so ordered
    (`gather`). `keys(given, numbers)` gives the names and the labels of the records at
    `numbers`. (The names are made one string before any record is gathered: a list of
    their strings took 10 MB more at 165,000 records, as long as the build ran.)

    In two processes when there are enough records and cores, or `processes` says so
    (1: in this process only; 2: in two, whatever the size, where `fork` exists): both
    take the records to key from either end, as they then take them to gather, and the
    copy hands its keys to this process, which hands it back their order."""
    count = len(given)
    fork = _made_fork(count) if _forked(count, processes) else None
    if fork is None:
        return _alone(given, *keys(given, range(count)))
    try:
        child = os.fork()
    except OSError:
        _close(fork)
        return _alone(given, *keys(given, range(count)))
    if child == 0:  # the copy: never returns
        _order_gather_and_send(given, keys, fork)
    os.close(fork.writing)
    os.close(fork.told)
    received = False
    try:
        names, labels = [], []
        while (numbers := fork.keyed.front()) is not None:
            some_names, some_labels = keys(given, numbers)
            names += some_names
            labels += some_labels
        # Its own keys in order while the copy puts its own in order and sends them: the
        # two runs are then merged (see `_merged_order`).
        mine = _label_order(labels)
        theirs = None if fork.keyed.stuck else _keys_received(fork.reading, fork.keyed.met(), count)
        if theirs is None:  # the copy failed: the keys it took are made here, and it is ended
            _kill(child)
            rest_names, rest_labels = keys(given, range(len(names), count))
            return _alone(given, names + rest_names, labels + rest_labels)
        names += theirs[0]
        labels += theirs[1]
        order = _merged_order(labels, mine, theirs[2])
        del labels, mine, theirs
        try:  # told first: what is made of the order here, the copy need not wait for
            fork.placed[:] = order.tobytes() or b"\0"
            os.write(fork.telling, b"\1")
            told = True
        except OSError:  # the copy is gone
            told = False
        records, folded = _placed(given, names, order)
        del names
        if not told:
            return records, folded, order, gather(records, range(count), empty_tables())
        tables = empty_tables()
        while (numbers := fork.meeting.front()) is not None:
            gather(records, numbers, tables)
        received = not fork.meeting.stuck and _received_into(fork.reading, tables, fork.meeting.met(), count)
        if not received:
            del tables
            tables = gather(records, range(count), empty_tables())
        return records, folded, order, tables
    finally:  # Ctrl-C too: the copy is never left running
        os.close(fork.reading)  # a copy still writing sees its pipe broken, and ends
        os.close(fork.telling)  # a copy waiting for the order sees its pipe closed, and ends
        fork.placed.close()
        if not received:
            _kill(child)
        os.waitpid(child, 0)


def _alone(
    given: Sequence[Record], names: list[str], labels: list[str]
) -> tuple[list[Record], FoldedNames, array, Tables]:
    """`ordered_and_gathered` in this process, from the keys of every record."""
    order = _label_order(labels)
    records, folded = _placed(given, names, order)
    del names, labels  # (let go before the gathering: no one else holds them)
    return records, folded, order, gather(records, range(len(records)), empty_tables())


def _label_order(labels: list[str]) -> array:
    """The numbers of the labels in the labels' order (equal ones in theirs)."""
    return array(U32, sorted(range(len(labels)), key=labels.__getitem__))


def _merged_order(labels: list[str], first: array, second: array) -> array:
    """`_label_order(labels)` from the order of the first labels (`first`) and that of
    the others counted from the first of them (`second`): the two runs merge in one
    pass (a sort finds them), where sorting the whole took a tenth of a second at
    165,000 records, this process alone. Among equal labels, the first run's come
    first, each run's in its own order: theirs, as a sort of the whole keeps them."""
    offset = len(first)
    first.extend(map(offset.__add__, second))
    return array(U32, sorted(first, key=labels.__getitem__))


def _placed(given: Sequence[Record], names: list[str], order: array) -> tuple[list[Record], FoldedNames]:
    """The records of `given` and their names, in `order`."""
    return [given[number] for number in order], FoldedNames.of(names[number] for number in order)


def _made_fork(count: int) -> _Fork | None:
    """What the two processes share, or None where it cannot be had."""
    made: list[int] = []
    try:
        keyed, meeting = _Meeting(count), _Meeting(count)
        placed = mmap.mmap(-1, max(4 * count, 1))  # shared (MAP_SHARED) with a fork
        made += os.pipe()
        made += os.pipe()
    except (OSError, ValueError):
        for descriptor in made:
            os.close(descriptor)
        return None
    return _Fork(keyed, meeting, placed, *made)


def _close(fork: _Fork) -> None:
    for descriptor in (fork.reading, fork.writing, fork.told, fork.telling):
        os.close(descriptor)
    fork.placed.close()


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


def _order_gather_and_send(given: Sequence[Record], keys: Keys, fork: _Fork) -> None:
    """In the copy: key records from the last one down and write their keys; once told
    their order, gather records from the last one down, write their tables, and end."""
    code = 1
    try:
        os.close(fork.reading)
        os.close(fork.telling)
        _default_signals()
        parts = []
        while (numbers := fork.keyed.back()) is not None:
            parts.append(keys(given, numbers[::-1]))  # (each run's keys going up)
        with os.fdopen(fork.writing, "wb") as out:
            names = [name for some_names, _ in reversed(parts) for name in some_names]
            labels = [label for _, some_labels in reversed(parts) for label in some_labels]
            del parts
            order = _label_order(labels).tobytes()
            _write(out, marshal.dumps((fork.keyed.met(), names, labels, order)))
            out.flush()
            del names, labels, order
            if not _told(fork.told):
                return
            order = array(U32)
            order.frombytes(fork.placed[: 4 * len(given)])
            records = [given[number] for number in order]
            del order
            _gather_and_send(records, fork.meeting, out)
        code = 0
    finally:
        os._exit(code)


def _told(told: int) -> bool:
    """Whether this process was told that the order is in place (not its pipe closed,
    nor silent for `STALL_SECONDS`)."""
    ready, _, _ = select.select([told], [], [], STALL_SECONDS)
    return bool(ready) and os.read(told, 1) == b"\1"


def _gather_and_send(records: Sequence[Record], meeting: _Meeting, out: BinaryIO) -> None:
    """In the copy: gather records from the last one down, and write their tables."""
    tables = empty_tables(bare=True)
    while (numbers := meeting.back()) is not None:
        gather(records, numbers, tables)
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


def _keys_received(incoming: int, start: int, count: int) -> tuple[list[str], list[str], array] | None:
    """The names and labels of the records `start` to `count`, which the copy keyed,
    and their order (`_label_order` of those labels), or None if they do not come
    whole, or are not theirs."""
    try:
        frame = _read(incoming)
        if frame is None:
            return None
        span, names, labels, placed = marshal.loads(frame)
        if span != start or len(names) != count - start or len(labels) != count - start:
            return None
        if not all(type(text) is str for text in itertools.chain(names, labels)):
            return None
        order = array(U32)
        order.frombytes(placed)
        if len(order) != len(labels) or (order and max(order) >= len(order)) or len(set(order)) != len(order):
            return None  # not an order of those records
        return names, labels, order
    except Exception:  # of any sort: a copy that failed
        return None


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
