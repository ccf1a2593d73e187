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
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no pipe to make roomier
    fcntl = None  # type: ignore[assignment]

from dossier.model import schema as S
from dossier.model.cores import available_cores, can_fork
from dossier.read.file import DossierFile, read_file
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


def _read_chunk(root: str, files: list[tuple[str, str, bool]]) -> list[tuple[str, bytes, bytes]]:
    """In a worker: each file's result, encoded (see `encode`). Files travel as (path, kind name, many),
    since the code compares a file's kind with the schema's own objects by identity."""

    folder = Path(root)
    out = []
    for path, kind, many in files:
        result = read_file(folder, DossierFile(path, S.KIND_BY_NAME[kind], many))
        out.append((path, *encode(result)))
    return out


def read_in_workers(
    root: Path,
    files: list,
    sizes: list[int],
    processes: int,
    on_done: Callable[[list[tuple[str, bytes]]], None],
    read_here: Callable[[object], None],
) -> None:
    """Parse `files` in `processes` processes, this one included.

    The files are cut in chunks of about `CHUNK_BYTES`, handed to `processes - 1`
    workers from the last chunk backwards, while this process reads them from the first
    one forwards with `read_here` (its results need no encoding), taking back each chunk
    no worker has started yet: the two ends meet wherever the work splits evenly, however
    the cost of a file varies with its kind, and whatever else this process does (it also
    decodes the workers' results). Each chunk a worker finishes is handed to `on_done`
    here as (path, encoded result, its references). Files neither read here nor handed over (a
    worker died, or stopped answering) are left for the caller to read.
    """
    parts = chunks(files, sizes)
    try:
        watched, held = os.pipe()
    except OSError:
        return
    try:
        context = multiprocessing.get_context("fork")
        executor = ProcessPoolExecutor(
            max_workers=processes - 1,
            mp_context=context,
            initializer=_die_with_parent,
            initargs=(os.getpid(), watched, held),
        )
    except (ValueError, OSError):
        _close(watched, held)
        return
    _roomy_results(executor)
    pending: set[Future] = set()
    futures: list[Future] = []
    try:
        for part in reversed(parts):
            rows = [(f.path, f.kind.name, f.many) for f in part]
            futures.append(executor.submit(_read_chunk, str(root), rows))
        futures.reverse()  # futures[n] reads parts[n]
        pending.update(futures)
        mine = 0  # the next chunk this process may take back; never the workers' first
        checked = time.monotonic()
        while True:
            if mine < len(parts) - 1 and futures[mine].cancel():
                pending.discard(futures[mine])
                for file in parts[mine]:
                    read_here(file)
                mine += 1
                if time.monotonic() - checked < 0.05:
                    continue
                checked = time.monotonic()  # now and then, take what the workers finished
                finished = {future for future in pending if future.done()}
                pending -= finished
            elif pending:
                mine = len(parts)  # a worker has started the next chunk: the rest is theirs
                finished, pending = wait(pending, timeout=STALL_SECONDS, return_when=FIRST_COMPLETED)
                if not finished:
                    break  # stuck: give up on the pool
            else:
                break
            for future in finished:
                try:
                    encoded = future.result()
                except Exception:  # a worker died (BrokenProcessPool) or raised: read here instead
                    continue
                on_done(encoded)
    except (OSError, RuntimeError):
        pass  # could not start a worker (out of processes or memory): read the rest here
    finally:  # Ctrl-C too: no worker is left running
        _stop(executor, pending)
        _close(watched, held)


# A chunk's results fit whole in the pipe they come back through: 1 MiB, the most a
# process may ask for on Linux unless allowed more.
RESULTS_PIPE_BYTES = 1 << 20


def _roomy_results(executor: ProcessPoolExecutor) -> None:
    """Let a worker hand over a chunk's results at once and go on to the next.

    The pipe a pool's results come back through holds 64 KiB; a chunk's results are
    about 0.7 MB, and the thread here that reads them waits for the interpreter's lock
    between each 64 KiB while this process parses: a worker spent 15 % of a large
    dossier's load blocked in handing its results over (0.54 s at 100,000 quotes).
    Where the pipe can be made larger (Linux), it is; anywhere else, or should the
    pool's pipe not be where it is in Python 3.11 to 3.13, nothing changes."""
    if fcntl is None or not hasattr(fcntl, "F_SETPIPE_SZ"):
        return
    try:
        reader = executor._result_queue._reader  # type: ignore[attr-defined]
        fcntl.fcntl(reader.fileno(), fcntl.F_SETPIPE_SZ, RESULTS_PIPE_BYTES)
    except (AttributeError, OSError, ValueError):
        pass


def _close(*descriptors: int) -> None:
    for descriptor in descriptors:
        try:
            os.close(descriptor)
        except OSError:
            pass


def _stop(executor: ProcessPoolExecutor, pending: set[Future]) -> None:
    if pending:
        for future in pending:
            future.cancel()
        # Stuck or broken workers would never exit by themselves.
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + 5
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.join(max(0.0, deadline - time.monotonic()))
    executor.shutdown(wait=not pending, cancel_futures=True)


class Forked:
    """One function run in a forked child, on this process's memory as it stood at the
    fork, while this process goes on with other work; its result comes back pickled
    through a pipe. Once the last file is read, the cores that parsed sit idle: the
    loader runs the walk of the links there while it checks the dossier here.

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
                return pickle.loads(self._receiver.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
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
        sender.send_bytes(pickle.dumps(function(), protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)  # nothing of the parent's to flush or clean up: it goes on with it
