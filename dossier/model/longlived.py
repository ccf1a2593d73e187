"""Build long-lived data without the cyclic garbage collector in the way.

A large dossier is millions of small objects (records, dates, links, postings), none
of them in a reference cycle. While they are created the collector runs again and
again and finds nothing; afterwards every full collection walks them all, which at
100,000 quotes means pauses of most of a second in the middle of typing a search.
So the collector sleeps while they are built, and what was built is then moved out
of its sight (`gc.freeze`). Objects no longer used are still freed by reference
counting, as acyclic objects always are.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        gc.freeze()


def release_free_memory() -> None:
    """Hand back to the system the memory the C allocator keeps after a large build.

    Loading a big dossier frees tens of thousands of large blocks (the cache's rows,
    grown lists and tables) that glibc's allocator keeps for itself rather than
    returning: at 100,000 quotes some 9 MB the app would hold for as long as it runs,
    and that Python's own allocator, which takes fresh pages for small objects, does not
    reuse. `malloc_trim` returns them. Elsewhere (another C library, another system)
    there is nothing to call and nothing is done.
    """
    global _trim
    if _trim is None:
        _trim = _find_trim()
    if _trim:
        _trim(0)


_trim = None


def _find_trim():
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return False
