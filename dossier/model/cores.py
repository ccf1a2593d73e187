"""How many cores this process may run on, and whether it can fork: what decides whether
a large dossier is read (`dossier.load.parallel`), and its search index gathered
(`dossier.index.gather_forked`), in more than one process."""

from __future__ import annotations

import multiprocessing
import os


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Other processes are forked: they start at once, with every module already
    imported and the data already in memory, and run no `__main__` of the caller again
    (as spawned ones would)."""
    return "fork" in multiprocessing.get_all_start_methods()
