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
