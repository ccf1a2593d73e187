"""One way to declare the small immutable values a dossier holds by the hundred thousand."""

from __future__ import annotations

from dataclasses import dataclass, fields


def plain_record(cls):
    """A frozen dataclass with slots, pickled as a call of the class on its field values.

    A large dossier holds half a million of these; without a `__dict__` each takes about
    half the memory. A frozen class with slots is otherwise pickled field by field in
    Python (dataclasses' own `__setstate__`), twice as slow to restore from the cache
    as a plain call of the class.
    """
    slotted = dataclass(frozen=True, slots=True)(cls)
    names = tuple(f.name for f in fields(slotted))

    def __reduce__(self):
        return (type(self), tuple([getattr(self, name) for name in names]))

    slotted.__reduce__ = __reduce__
    return slotted
