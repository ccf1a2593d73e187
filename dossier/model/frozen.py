"""One way to declare the small immutable values a dossier holds by the hundred thousand."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from operator import attrgetter

# One object for each text of a shared field (see `plain_record`), whichever record and
# file it came from. It keeps only what some field of some record held: a large
# dossier's references and kinds, a few tens of thousands of short strings.
_SHARED: dict[str, str] = {}
# One object for each value of a field shared whole: a tuple of strings (a quote's
# `about`, tags) or a value of a class `share_whole` names (dates), which a large
# dossier repeats from record to record.
_WHOLE: dict[object, object] = {}
# Numbers too: Python keeps one object for each up to 256 only, and a large dossier's
# places repeat a few hundred line numbers past it by the ten thousand.
_WHOLE_TYPES: set[type] = {int}


def shared_text(text: str) -> str:
    """The one object of `text` that the shared fields of every record hold."""
    return _SHARED.setdefault(text, text)


def share_whole(cls: type) -> type:
    """Let the values of `cls` (a plain record of plain values: hashed and compared by
    value, never changed) be shared whole by the fields that ask for it."""
    _WHOLE_TYPES.add(cls)
    return cls


def plain_record(cls=None, *, shared: tuple[str, ...] = (), whole: tuple[str, ...] = ()):
    """A frozen dataclass with slots, pickled as a call of the class on its field values.

    A large dossier holds half a million of these; without a `__dict__` each takes about
    half the memory. A frozen class with slots is otherwise pickled field by field in
    Python (dataclasses' own `__setstate__`), twice as slow to restore from the cache
    as a plain call of the class.

    `shared` names the fields whose text (a string, or each string of a tuple of them)
    is one object for all records that hold the same: references and kinds, repeated
    from file to file, which a large dossier would otherwise hold in a hundred thousand
    copies (40 MB of the 100 MB of its strings at 100,000 quotes). Values are unchanged;
    only copies are merged. `whole` names the fields whose whole value is shared so: a
    tuple of strings, or a value of a class named by `share_whole`.
    """
    if cls is None:
        return lambda cls: plain_record(cls, shared=shared, whole=whole)
    slotted = dataclass(frozen=True, slots=True, init=False)(cls)  # its own `__init__` is made below
    names = tuple(f.name for f in fields(slotted))
    # The field values as one tuple, read in C: a pool's worker and the cache pickle
    # hundreds of thousands of records.
    values = attrgetter(*names) if len(names) > 1 else (lambda record: tuple(getattr(record, n) for n in names))

    def __reduce__(self):
        return (type(self), values(self))

    slotted.__reduce__ = __reduce__
    slotted.__init__, from_fields = _init(slotted, shared, whole)
    slotted.from_fields = staticmethod(from_fields)
    slotted.__init_subclass__ = classmethod(_no_subclass)  # see `_init`
    return slotted


def _shared_value(name: str, kind: object, shared: bool, whole: bool) -> str:
    """The expression of the value a field is set to: itself, or its shared copy. A
    string field's text, each string of a tuple of strings only (asked in C: no record
    is slowed by a loop in Python), then for `whole` the tuple itself, or a value of a
    class `share_whole` names; anything else as it is."""
    text = kind in ("str", str)
    if shared and text:
        return f"_share({name}, {name}) if type({name}) is str else {name}"
    strings = f"type({name}) is tuple and {name} and _only_str(map(type, {name}))"
    if shared and whole:
        return f"_whole(_t := tuple(map(_share, {name}, {name})), _t) if {strings} else {name}"
    if shared:
        return f"tuple(map(_share, {name}, {name})) if {strings} else {name}"
    if whole:
        return f"_whole({name}, {name}) if type({name}) in _whole_types or {strings} else {name}"
    return name


def _init(cls: type, shared: tuple[str, ...], whole: tuple[str, ...]):
    """An `__init__` that fills the slots as a plain class's does, sharing the texts of
    the `shared` fields, and `from_fields(values)`, which makes a record of a dict of
    its field values (those missing take their defaults): what dataclasses' own
    `__init__` does (its fields have plain defaults and no `__post_init__`) in half the
    time, and a third without binding keyword arguments, which a large dossier's load
    sees, parsing or restoring 500,000 records (the converter has each record's values
    as a dict).

    A frozen class refuses `self.name = value`, and setting each slot through its
    descriptor costs a call a field (a fifth of a quote's making). So while its fields
    are set, the new record is an instance of a twin class with the same slots and no
    `__setattr__` of its own, where each assignment is one instruction, and then of its
    own class again: Python allows the swap between two classes of the same slots
    (for a class of a few fields, its two assignments cost more than they save).
    Nothing else ever sees the twin; a plain record is never subclassed (the swap back
    would make a subclass's record its base's)."""
    namespace: dict[str, object] = {
        "_share": _SHARED.setdefault, "_only_str": frozenset((str,)).issuperset,
        "_whole": _WHOLE.setdefault, "_whole_types": _WHOLE_TYPES,
        "_cls": cls, "_twin": type(f"{cls.__name__}Twin", (), {"__slots__": cls.__slots__}),
        "_set_class": object.__dict__["__class__"].__set__, "_new": object.__new__,
    }  # fmt: skip
    # The swap costs two assignments: for a few fields the descriptors cost less.
    twin = len(fields(cls)) > TWIN_FROM
    parameters, taken, sets = [], [], []
    for field in fields(cls):
        if field.default_factory is not MISSING or not field.init or field.kw_only:
            raise TypeError(f"{cls.__name__}.{field.name}: a plain record's fields have plain defaults")
        name = field.name
        if field.default is MISSING:
            parameters.append(name)
            taken.append(f"{name} = values[{name!r}]")
        else:
            namespace[f"_default_{name}"] = field.default
            parameters.append(f"{name}=_default_{name}")
            taken.append(f"{name} = get({name!r}, _default_{name})")
        value = _shared_value(name, field.type, name in shared, name in whole)
        if twin:
            sets.append(f"self.{name} = {value}")
        else:
            namespace[f"_set_{name}"] = getattr(cls, name).__set__
            sets.append(f"_set_{name}(self, {value})")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: a plain record has no __post_init__")
    if twin:  # its own class again, whatever happens: a value that fails to share, Ctrl-C
        filled = ["try:", *(f"    {line}" for line in sets), "finally:", "    self.__class__ = _cls"]
        init, make = ["_set_class(self, _twin)", *filled], ["self = _new(_twin)", *filled]
    else:
        init, make = sets or ["pass"], ["self = _new(_cls)", *sets]
    source = (
        f"def __init__(self, {', '.join(parameters)}):\n" + "".join(f"    {line}\n" for line in init)
        + "def from_fields(values):\n    get = values.get\n" + "".join(f"    {line}\n" for line in (*taken, *make))
        + "    return self\n"
    )  # fmt: skip
    exec(source, namespace)  # noqa: S102 (the source is made here, of the class's own field names)
    made = namespace["__init__"], namespace["from_fields"]
    for function in made:
        function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"  # type: ignore[attr-defined]
        function.__module__ = cls.__module__
    return made


TWIN_FROM = 4  # fields


def _no_subclass(cls, **kwargs):
    raise TypeError(f"{cls.__mro__[1].__name__} is a plain record, which is not subclassed")
