"""Type one scalar against its field: text, ids, dates, web addresses, links in prose.

The converter (`dossier.read.convert`) walks a file's mappings and lists; nearly every
value it meets is a scalar of one of the text types, so these checks are its hot path:
text that can only be plain (ASCII, printable, read by YAML as a string) takes a short
way through them, and everything else the full one. Each problem is at the value's own
line and column.
"""

from __future__ import annotations

import re

from dossier.model import schema as S
from dossier.model.dates import DateError, PartialDate, parse_date
from dossier.model.problems import ERROR, WARNING, Problem
from dossier.model.records import Loc
from dossier.model.suggest import closest
from dossier.model.text import has_unsafe, nfc, shorten, visible
from dossier.read.yamlnodes import MAPPING, SEQUENCE, Node, implicit_tag, short_tag

_ID = S.ID_REGEX  # a full match (\A...\Z), whichever method is called
LANG_TAG = _LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # a language tag such as fr or en-GB
_QUANTITY = re.compile(r"^\d+(?:[.,]\d+)?\s*[KMBT]?$", re.IGNORECASE)
PROSE_LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
TAG = "tag:yaml.org,2002:"
STR_TAG, NULL_TAG, BOOL_TAG = TAG + "str", TAG + "null", TAG + "bool"
WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "on", "y"), ("false", "no", "off", "n")
# The field types whose value is a scalar read as text (then checked as its type says).
TEXT_TYPES = frozenset((S.STRING, S.PROSE, S.VERBATIM, S.URL, S.ENUM, S.REF, S.LANG, S.QUANTITY))
# Dates by their text as written: a dossier writes the same few thousand dates again and again.
_DATES: dict[str, PartialDate] = {}
KNOWN_DATES = _DATES  # (`dossier.read.block_style` takes a date it finds here as `date_value` would)
_DATES_KEPT = 20_000
_TIMESTAMP_WORDS: dict[tuple[str, str], tuple[str, str]] = {}  # (path, date) -> the warning's message and hint
TIMESTAMP_TAG = TAG + "timestamp"
_TYPE_WORDS = {
    TAG + "bool": "a boolean",
    TAG + "int": "a number",
    TAG + "float": "a number",
    TAG + "null": "null (empty)",
    TAG + "timestamp": "a date",
}


def web_scheme(text: str) -> str | None:
    """The scheme an address starts with (`https`, lower-cased), or None: an address is
    taken as it is only if the scheme is one of `WEB_SCHEMES`, else warned of."""
    found = _SCHEME.match(text)
    return found.group(1).lower() if found is not None else None


def describe(node: Node) -> str:
    if node.kind == MAPPING:
        return "a mapping"
    if node.kind == SEQUENCE:
        return "a list"
    return _TYPE_WORDS.get(implicit_tag(node), "text")


class ScalarReader:
    """One file's problems and references, and the typing of its scalars."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        # Every reference as a plain row (target, kinds, field, backlink, source_id, file,
        # line, column), the form the cache keeps (see `FileResult.ref_blob`): a dossier of
        # 100,000 quotes makes 600,000 of them, and a tuple costs a fraction of a PendingRef.
        self.ref_rows: list[tuple] = []

    # -- reporting -------------------------------------------------------------
    def report(self, node: Node | None, message: str, hint: str = "", severity: str = ERROR) -> None:
        line, column = (node.line, node.column) if node is not None else (0, 0)
        self.problems.append(Problem(self.file, line, column, severity, message, hint))

    def loc(self, node: Node) -> Loc:
        return Loc(self.file, node.line, node.column)

    # -- scalars ---------------------------------------------------------------
    def text_value(self, node: Node, spec: S.Field, path: str, tag: str):
        """`value` for a scalar of one of the text types (`TEXT_TYPES`)."""
        raw = node.value
        kind = spec.type
        if tag == STR_TAG and raw.isprintable():
            # Printable: no control character to escape (those are all unprintable), and
            # read by YAML as text: no warning to give. Only the normal form, emptiness and
            # the surrounding spaces are left to see to, then the checks of the type.
            # (`dossier.model.text.printable_text` is this rule as a function; here it is
            # inline, as the commonest scalar of all passes this way.)
            text = raw if raw.isascii() else nfc(raw)
            if text is raw or text.isprintable():
                stripped = text.strip()
                if not stripped:
                    if spec.required:
                        self.report(node, f"`{path}` is empty", "it is required")
                    return None
                if kind == S.STRING and spec.name != "id":  # names, titles: the commonest
                    return stripped
                if kind != S.VERBATIM and kind != S.PROSE:
                    text = stripped
                return self._checked(node, text, spec, path)
        text = self.text(node, spec, path, tag)
        if text is None:
            return None
        return self._checked(node, text, spec, path)

    def _checked(self, node: Node, text: str, spec: S.Field, path: str):
        """`text`, the value of `node`, if it is what its type asks; else None, reported."""
        kind = spec.type
        if kind == S.REF:
            return self.ref_value(node, text, spec, path)
        if kind == S.ENUM and text not in spec.choices:
            guess = closest(text, spec.choices)
            hint = f"did you mean '{guess}'?" if guess else "one of: " + ", ".join(spec.choices)
            self.report(node, f"`{path}` cannot be '{shown(text)}'", hint)
            return None
        if kind == S.QUANTITY and not _QUANTITY.match(text):
            self.report(node, f"`{path}` should be a number such as 288B or 10M, got '{shown(text)}'")
            return None
        if kind == S.LANG and not _LANG.match(text):
            self.report(node, f"`{path}` should be a language tag such as fr or en, got '{shown(text)}'")
            return None
        if kind == S.URL:
            scheme = web_scheme(text)
            if scheme is None and "." not in text:
                self.report(node, f"`{path}` does not look like a web address: '{shown(text)}'", severity=WARNING)
            elif scheme is not None and scheme not in WEB_SCHEMES:
                # `javascript:` or `file:` in an export's link would run or open something local.
                self.report(
                    node,
                    f"`{path}` is not a web address: '{shown(text)}'",
                    "only http and https addresses are made into links",
                    severity=WARNING,
                )
        if kind == S.PROSE:
            self.prose_links(node, text, path)
        if spec.name == "id":
            if not _ID.match(text):
                self.report(
                    node,
                    f"'{shown(text)}' is not a valid id",
                    "ids are lower-case letters, digits and hyphens, starting with a letter or digit"
                    + (f"; did you mean '{text.lower()}'?" if _ID.match(text.lower()) else ""),
                )
                return None
        return text

    def text(self, node: Node, spec: S.Field, path: str, tag: str = "") -> str | None:
        raw = node.value
        tag = tag or implicit_tag(node)
        if spec.type != S.QUANTITY and tag != STR_TAG and (node.tag or node.plain):
            words = _TYPE_WORDS.get(tag, tag)
            if node.tag:
                message, hint = f"is tagged as {words}", f"remove the {short_tag(tag)} tag; this field is text"
            else:  # YAML 1.1 tools would read `no` as false, `0755` as 493, `1e3`/`3.10` as floats
                message, hint = (
                    f"is read as {words} by YAML tools",
                    f'quote it ("{shown(raw)}") so every tool reads it as text',
                )
            self.report(node, f"`{path}`: '{shown(raw)}' {message}", hint, severity=WARNING)
        text = raw if raw.isascii() else nfc(raw)  # ASCII is its own NFC
        if has_unsafe(text):
            self.report(
                node,
                f"`{path}` holds control characters; they are shown as escapes",
                severity=WARNING,
            )
            text = visible(text)
        if not text.strip():
            if spec.required:
                self.report(node, f"`{path}` is empty", "it is required")
            return None
        if spec.type != S.VERBATIM and spec.type not in (S.PROSE,):
            text = text.strip()
        return text

    def date_value(self, node: Node, path: str) -> PartialDate | None:
        date = _DATES.get(node.value)
        if date is None:
            try:
                date = parse_date(node.value.strip())
            except DateError as error:
                self.report(node, f"`{path}`: {shown(str(error), 160)}")
                return None
            if len(_DATES) < _DATES_KEPT:
                _DATES[node.value] = date  # a date is immutable: one value serves every record
        if node.plain and not node.tag and implicit_tag(node) == TIMESTAMP_TAG:
            self.timestamp_warning(node.line, node.column, path, node.value)
        return date

    def timestamp_warning(self, line: int, column: int, path: str, value: str) -> None:
        """Read as text here, but a YAML 1.1 tool (PyYAML, js-yaml, a JSON Schema check)
        reads a plain 2025-04-29 as a timestamp, which the schema's string date rejects."""
        words = _TIMESTAMP_WORDS.get((path, value))
        if words is None:
            words = (
                f"`{path}`: {shown(value)} is read as a timestamp by YAML 1.1 tools",
                f'quote it ("{shown(value)}") so every tool reads the same date',
            )
            if len(_TIMESTAMP_WORDS) < _DATES_KEPT:  # a large dossier warns of the same dates by the thousand
                _TIMESTAMP_WORDS[(path, value)] = words
        self.problems.append(Problem(self.file, line, column, WARNING, *words))

    def ref_value(self, node: Node, text: str, spec: S.Field, path: str) -> str | None:
        if not _ID.match(text):
            hint = f"did you mean '{text.lower()}'?" if _ID.match(text.lower()) else ""
            self.report(node, f"`{path}`: '{shown(text)}' is not a valid id", hint)
            return None
        self.ref_rows.append((text, spec.kinds, path, spec.backlink, "", self.file, node.line, node.column))
        return text

    def prose_links(self, node: Node, text: str, path: str) -> None:
        if "[[" not in text:
            return
        for match in PROSE_LINK.finditer(text):
            target = match.group(1).strip()
            line = node.line + (text.count("\n", 0, match.start()) if not node.plain else 0)
            column = node.column if line == node.line else 1
            if not _ID.match(target):
                self.problems.append(
                    Problem(
                        self.file, line, column, ERROR, f"`{path}`: link [[{shown(target)}]] does not name a valid id"
                    )
                )
                continue
            self.ref_rows.append((target, (), f"{path} [[link]]", S.PROSE_LINK_BACKLINK, "", self.file, line, column))


def a_or_an(noun: str) -> str:
    return ("an " if noun[:1] in ("a", "e", "i", "o", "u") else "a ") + noun


def shown(value: str, limit: int = 60) -> str:
    """A data value as a message quotes it: one line, every control escaped, cut to `limit`."""
    return shorten(visible(value, keep_newlines=False), limit)


def expected(spec: S.Field) -> str:
    return {
        S.DATE: "a date such as 2025-04-29",
        S.BOOL: "true or false",
        S.REF: "an id",
        S.QUANTITY: "a number",
    }.get(spec.type, "text")
