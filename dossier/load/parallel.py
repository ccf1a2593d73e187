"""Parse a large dossier's files in worker processes, one per core.

Reading YAML and typing it against the schema is pure Python and CPU-bound, so on a
machine of several cores a big dossier is split into chunks of files that worker
processes parse, each returning its files' results already encoded as the cache keeps
them (`dossier.cache.encode`): the parent decodes each once and stores the same bytes
without encoding them again. The workers run the same `read_file`, within the same
bounds, as the serial path; their results are put back in the files' order, so the
dossier and its problems are the ones a serial read gives.

Anything that goes wrong with the pool (no `fork` on this platform, a worker killed
or crashed, workers that stop answering) ends it, and whatever it did not finish is
read in the calling process as if there had been no pool.

Workers die with their parent, however it ends. On Linux each asks the kernel for
SIGKILL when the thread that started it ends (`PR_SET_PDEATHSIG`, then checks it was
not orphaned before it asked). Everywhere, each watches a pipe whose only writing end
the parent holds: the pipe reads as closed the moment the parent is gone, `kill -9`
included, and the worker exits. And a parent that stops the pool (an error, Ctrl-C,
a stall) terminates the workers still running. So a killed `validate` leaves no
worker blocked on a pipe, holding the cache open.
"""

from __future__ import annotations

import ctypes
import marshal
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import wait as connection_wait
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no pipe to make roomier
    fcntl = None  # type: ignore[assignment]

from dossier.model.cores import available_cores, can_fork
from dossier.read.file import compressed_refs, read_file
from dossier.store.files import encode

# Below this much YAML a pool costs more than it saves (starting workers, passing results).
MIN_PARALLEL_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 512 * 1024  # small enough to balance the processes and to show progress
# No chunk finished for this long: the workers are stuck (a chunk takes well under a second).
STALL_SECONDS = 120.0


def worker_count(total_bytes: int, requested: int | None) -> int:
    """How many processes to parse in, this one included: 0 means this one alone."""
    if requested is not None:
        return requested if requested >= 2 and can_fork() else 0
    cores = available_cores()
    if cores < 2 or total_bytes < MIN_PARALLEL_BYTES or not can_fork():
        return 0
    return cores


def chunks(files: list, sizes: list[int], target: int = CHUNK_BYTES) -> list[list]:
    """Consecutive runs of `files` of about `target` bytes each."""
    out: list[list] = []
    current: list = []
    weight = 0
    for file, size in zip(files, sizes, strict=True):
        current.append(file)
        weight += size
        if weight >= target:
            out.append(current)
            current, weight = [], 0
    if current:
        out.append(current)
    return out


_PR_SET_PDEATHSIG = 1
USE_PRCTL = sys.platform.startswith("linux")


def _die_with_parent(parent: int, watched: int, held: int) -> None:
    """In a worker, first of all: be killed when the parent goes (see the module).
    `watched` and `held`: the reading and writing ends of the parent's pipe."""
    os.close(held)  # the parent's alone: once it is gone, nothing holds the pipe open
    if USE_PRCTL:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_exit_when_closed, args=(watched,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before any of this took hold
        os._exit(1)


def _exit_when_closed(watched: int) -> None:
    try:
        while os.read(watched, 1):
            pass
    except OSError:
        pass
    os._exit(1)  # the parent is gone: so is its work


def read_in_workers(
    root: Path,
    files: list,
    sizes: list[int],
    processes: int,
    on_done: Callable[[list[tuple[str, bytes, bytes]]], None],
    read_here: Callable[[object], None],
    compress: bool = False,
) -> None:
    """Parse `files` in `processes` processes, this one included.

    The files are cut in chunks of about `CHUNK_BYTES`. This process claims them from the
    first one forwards and reads them with `read_here` (its results need no encoding);
    `processes - 1` forked workers claim them from the last one backwards: the two ends
    meet wherever the work splits evenly, however the cost of a file varies with its kind,
    and whatever else this process does (it also decodes the workers' results). Each
    chunk a worker finishes is handed to `on_done` here as (path, encoded result, its
    references) rows. Files neither read here nor handed over (a worker died, or stopped
    answering) are left for the caller to read.

    No thread of this process stands between a worker and its results: this process
    takes them from the worker's pipe itself, between two of its own files, at least
    every `POLL_SECONDS`. (Through `ProcessPoolExecutor`, a worker waited 0.5 s in all at
    100,000 quotes on handing its results over, its pool's threads waiting for the
    interpreter's lock between each piece, while this process parsed.)
    """
    parts = chunks(files, sizes, CHUNK_BYTES)
    try:
        context = multiprocessing.get_context("fork")
        # [the next from the front, past the next from the back]; the last is the first
        # worker's from the start, so that however soon this process would claim it, a
        # worker reads something (the tests of a pool that fails rely on it).
        claims = context.RawArray("q", [0, len(parts) - 1])
        lock = context.Lock()
        watched, held = os.pipe()
    except (ValueError, OSError):
        return
    workers: dict[Any, Any] = {}  # the receiving end of each worker's pipe → the worker
    try:
        for number in range(processes - 1):
            try:
                receiver, sender = context.Pipe(duplex=False)
            except OSError:  # out of descriptors: read the rest here
                break
            worker = context.Process(
                target=_work,
                args=(root, parts, claims, lock, sender, None if number else -1, compress, os.getpid(), watched, held),
                daemon=True,
            )
            try:
                worker.start()
            except OSError:  # out of processes or memory: read the rest here
                receiver.close()
                break
            finally:
                sender.close()  # the worker's alone: its end closing is how its end shows here
            _roomy_results(receiver)
            workers[receiver] = worker
        polled = time.monotonic()
        while (claimed := claim(claims, lock, front=True)) is not None:
            for file in parts[claimed]:
                read_here(file)
                if time.monotonic() - polled >= POLL_SECONDS:
                    _take(workers, on_done, 0)
                    polled = time.monotonic()
        # The rest is the workers': each ends once nothing is left to claim.
        while workers and _take(workers, on_done, STALL_SECONDS):
            pass
    finally:  # an error or Ctrl-C too: no worker is left running
        _stop(workers)
        _close(watched, held)


# How often, at least, this process takes what the workers have finished: soon enough
# that a worker never waits on a full pipe (a chunk takes it about 60 ms).
POLL_SECONDS = 0.005
# A lock held this long is held by a worker that died holding it.
LOCK_SECONDS = 5.0


def claim(claims, lock, front: bool) -> int | None:
    """The next chunk to read from the front (this process) or the back (a worker), or
    None when the two ends have met (or the lock was lost with a worker)."""
    if not lock.acquire(timeout=LOCK_SECONDS):
        return None
    try:
        first, past = claims[0], claims[1]
        if first >= past:
            return None
        if front:
            claims[0] = first + 1
            return first
        claims[1] = past - 1
        return past - 1
    finally:
        lock.release()


def _take(workers: dict, on_done: Callable[[list[tuple[str, bytes, bytes]]], None], timeout: float) -> bool:
    """Hand `on_done` every chunk a worker has finished, waiting up to `timeout` for one;
    a worker whose pipe has ended (it is done, or died) is let go. False: nothing came."""
    ready = connection_wait(list(workers), timeout)
    for receiver in ready:
        try:
            data = receiver.recv_bytes()
        except (EOFError, OSError):
            workers.pop(receiver).join(1)
            receiver.close()
            continue
        on_done(marshal.loads(data))
    return bool(ready)


def _work(
    root: Path, parts: list[list], claims, lock, sender, first: int | None, compress: bool, parent: int, watched: int,
    held: int,
) -> None:  # fmt: skip
    """A worker: read chunk `first` (if not None) then claim chunks from the back, sending
    each one's rows back, their references compressed if `compress`."""
    _die_with_parent(parent, watched, held)
    try:
        claimed = first
        while claimed is not None or (claimed := claim(claims, lock, front=False)) is not None:
            rows = []
            for file in parts[claimed]:
                data, refs = encode(read_file(root, file))
                rows.append((file.path, data, compressed_refs(refs) if compress else refs))
            sender.send_bytes(marshal.dumps(rows))
            claimed = None
    finally:
        os._exit(0)  # nothing of the parent's to flush or clean up: it goes on with it


# A chunk's results fit whole in the pipe they come back through: 1 MiB, the most a
# process may ask for on Linux unless allowed more.
RESULTS_PIPE_BYTES = 1 << 20


def _roomy_results(receiver) -> None:
    """Let a worker hand over a chunk's results at once and go on to the next.

    A pipe holds 64 KiB; a chunk's results are about 0.7 MB. Where the pipe can be made
    larger (Linux), it is; anywhere else nothing changes, but for the worker's waits."""
    if fcntl is None or not hasattr(fcntl, "F_SETPIPE_SZ"):
        return
    try:
        fcntl.fcntl(receiver.fileno(), fcntl.F_SETPIPE_SZ, RESULTS_PIPE_BYTES)
    except (AttributeError, OSError, ValueError):
        pass


def _close(*descriptors: int) -> None:
    for descriptor in descriptors:
        try:
            os.close(descriptor)
        except OSError:
            pass


def _stop(workers: dict) -> None:
    """End the workers still running (stuck, or left behind by an error) and let them go."""
    for worker in workers.values():
        if worker.is_alive():
            worker.terminate()
    deadline = time.monotonic() + 5
    for receiver, worker in workers.items():
        worker.join(max(0.0, deadline - time.monotonic()))
        receiver.close()
    workers.clear()


class Forked:
    """One function run in a forked child, on this process's memory as it stood at the
    fork, while this process goes on with other work; its result (of plain values:
    marshal is a third faster than pickle for the links' 4 MB) comes back through a
    pipe, as roomy as a pool's. Once the last file is read, the cores that parsed sit
    idle: the loader runs the walk of the links there while it checks the dossier here.

    The child dies with this process as a pool's workers do (`_die_with_parent`).
    `result` is None whenever anything went wrong (no fork, the child died, a stall):
    the caller then does the work itself, so the outcome is the same either way.
    """

    def __init__(self, function: Callable[[], Any]):
        self._process = None
        self._receiver = None
        self._held = -1  # the writing end of the pipe the child watches: held while it runs
        try:
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            watched, held = os.pipe()
        except (ValueError, OSError):
            return
        _roomy_results(self._receiver)
        try:
            self._process = context.Process(
                target=_run_forked, args=(function, sender, os.getpid(), watched, held), daemon=True
            )
            self._process.start()
        except OSError:
            self._process = None
        finally:
            sender.close()  # the child's alone: its end closing is how a crash shows here
            _close(watched)
        if self._process is None:
            _close(held)
        else:
            self._held = held

    def result(self, timeout: float = STALL_SECONDS) -> Any:
        """The function's value, or None; the child is ended either way."""
        try:
            if self._process is not None and self._receiver is not None and self._receiver.poll(timeout):
                return marshal.loads(self._receiver.recv_bytes())
        except (EOFError, OSError, ValueError, TypeError):
            pass
        finally:
            self.cancel()
        return None

    def cancel(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join(5)
            self._process = None
        if self._held >= 0:
            _close(self._held)
            self._held = -1
        if self._receiver is not None:
            self._receiver.close()
            self._receiver = None


def _run_forked(function: Callable[[], Any], sender, parent: int, watched: int, held: int) -> None:
    _die_with_parent(parent, watched, held)
    try:
        sender.send_bytes(marshal.dumps(function()))
    finally:
        os._exit(0)  # nothing of the parent's to flush or clean up: it goes on with it
