"""Read one YAML file into position-carrying nodes, within fixed bounds.

PyYAML's constructors are where the hazards live (merge-key explosions, Python tags,
exceptions without positions, a segfault on deep nesting in the C composer), and they
are also where most of its time goes. So this module reads the event stream of
libyaml's parser (or the pure-Python one when libyaml is absent) and composes small
nodes itself, iteratively: no Python object is ever built from a tag, nesting depth
and alias expansion are checked as events arrive, and every node keeps its line and
column. Scalars stay text; `dossier.load` types them against the schema.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import yaml

from dossier.model.text import visible

try:
    _PARSER = yaml.CSafeLoader
except AttributeError:  # libyaml not compiled in: same events, slower
    _PARSER = yaml.SafeLoader  # type: ignore[misc]

MAX_DEPTH = 48
MAX_NODES = 500_000  # counting every alias as the whole subtree it stands for

SCALAR, SEQUENCE, MAPPING = "scalar", "sequence", "mapping"
_STANDARD_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    _STANDARD_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
) | {"!"}
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


class Node:
    """A YAML node: `kind` is scalar, sequence or mapping; positions are 1-based."""

    __slots__ = ("kind", "value", "tag", "plain", "line", "column", "weight")

    def __init__(self, kind: str, value, tag: str | None, plain: bool, line: int, column: int):
        self.kind = kind
        # scalar: str; sequence: list[Node]; mapping: list[tuple[Node, Node]]
        self.value = value
        self.tag = tag  # explicit tag, or None
        self.plain = plain  # an unquoted scalar, subject to YAML's implicit typing
        self.line = line
        self.column = column
        self.weight = 1  # nodes this one stands for, children and aliases included

    def __repr__(self) -> str:
        return f"Node({self.kind}, {self.value!r}, {self.line}:{self.column})"


@dataclass
class ReadIssue:
    line: int
    column: int
    message: str
    hint: str = ""
    fatal: bool = True


@dataclass
class ReadResult:
    node: Node | None
    issues: list[ReadIssue] = field(default_factory=list)


class _Positions:
    """Line/column from libyaml's marks, corrected where they disagree with editors.

    libyaml counts U+0085, U+2028 and U+2029 as line breaks; editors do not. Only
    when the text holds one of them are positions recomputed from the character index.
    """

    def __init__(self, text: str, offset: int):
        self.offset = offset  # characters libyaml saw before our text (a BOM)
        self.starts: list[int] | None = None
        if any(ch in text for ch in "\x85\u2028\u2029"):
            self.starts = [0] + [m.end() for m in _LINE_BREAKS.finditer(text)]

    def of(self, mark) -> tuple[int, int]:
        if mark is None:
            return (0, 0)
        if self.starts is None:
            return (mark.line + 1, mark.column + 1)
        return self.of_index(mark.index - self.offset)

    def of_index(self, index: int) -> tuple[int, int]:
        if self.starts is None:
            raise ValueError("of_index needs the line table")

        row = bisect.bisect_right(self.starts, index) - 1
        return (row + 1, index - self.starts[row] + 1)


def position_of_index(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index, counting \\n, \\r\\n, \\r only."""
    before = text[:index]
    line = len(_LINE_BREAKS.findall(before)) + 1
    last = max(before.rfind("\n"), before.rfind("\r"))
    return (line, index - last)


def read_yaml(text: str) -> ReadResult:
    """Compose `text` (one YAML document) into nodes, or say why not, never raising."""
    positions = _Positions(text, 0)
    issues: list[ReadIssue] = []
    # The open collection, innermost: its node, its children, whether it is a sequence,
    # a mapping's key still waiting for its value, and the weight of its children so far.
    # The ones around it wait on `stack` as (node, children, is a sequence, key, weight).
    current: Node | None = None
    children: list | None = None
    is_sequence = False
    pending: Node | None = None
    weight = 0
    stack: list[tuple] = []
    anchors: dict[str, Node] = {}
    root: Node | None = None
    documents = 0
    total = 0
    # Hot loop (a large dossier is millions of events): names bound locally, the open
    # collection in locals rather than on the stack, positions taken straight from the
    # marks unless the text needs them recomputed.
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start = yaml.DocumentStartEvent
    marks_as_editors = positions.starts is None
    parser = None
    try:
        parser = _PARSER(text)  # the pure-Python reader checks the characters here already
        next_event = _event_source(parser)
        while (event := next_event()) is not None:
            cls = type(event)
            if cls is scalar_event:
                mark = event.start_mark
                if marks_as_editors:
                    node = Node(SCALAR, event.value, event.tag, not event.style, mark.line + 1, mark.column + 1)
                else:
                    node = Node(SCALAR, event.value, event.tag, not event.style, *positions.of(mark))
                total += 1
                if event.anchor:
                    anchors[event.anchor] = node
                if total > MAX_NODES:
                    issues.append(_bomb_problem(*positions.of(event.start_mark)))
                    return ReadResult(None, issues)
                # Into the open collection, as any complete node below; written out here
                # because a scalar is the commonest event and a call per event would cost.
                if children is not None:
                    weight += 1
                    if is_sequence:
                        children.append(node)
                    elif pending is None:
                        pending = node
                    else:
                        children.append((pending, node))
                        pending = None
                    continue
            elif cls is mapping_start or cls is sequence_start:
                if len(stack) + (current is not None) >= MAX_DEPTH:
                    issues.append(_depth_problem(*positions.of(event.start_mark)))
                    return ReadResult(None, issues)
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if marks_as_editors else positions.of(mark)
                if current is not None:
                    stack.append((current, children, is_sequence, pending, weight))
                is_sequence = cls is sequence_start
                children = []
                current = Node(SEQUENCE if is_sequence else MAPPING, children, event.tag, False, line, col)
                pending, weight = None, 0
                total += 1
                if event.anchor:
                    anchors[event.anchor] = current
                continue
            elif cls is mapping_end or cls is sequence_end:
                node = current  # type: ignore[assignment]
                node.weight = 1 + weight
                if stack:
                    current, children, is_sequence, pending, weight = stack.pop()
                else:
                    current, children = None, None
            elif cls is alias_event:
                node = anchors.get(event.anchor)  # type: ignore[assignment]
                if node is None:  # libyaml reports this itself; be safe anyway
                    line, col = positions.of(event.start_mark)
                    issues.append(ReadIssue(line, col, f"unknown alias *{event.anchor}"))
                    return ReadResult(None, issues)
                total += node.weight
                if total > MAX_NODES:
                    issues.append(_bomb_problem(*positions.of(event.start_mark)))
                    return ReadResult(None, issues)
            else:
                if cls is document_start:
                    documents += 1
                    if documents == 2:
                        line, col = positions.of(event.start_mark)
                        issues.append(
                            ReadIssue(
                                line, col,
                                "a second YAML document; a dossier file holds one",
                                "remove the '---' line or split the file",
                                fatal=False,
                            )
                        )  # fmt: skip
                        break
                continue
            # A complete node: into the open collection, or the document's root.
            if children is not None:
                weight += node.weight
                if is_sequence:
                    children.append(node)
                elif pending is None:
                    pending = node
                else:
                    children.append((pending, node))
                    pending = None
            elif root is None:
                root = node
    except yaml.MarkedYAMLError as error:
        crossing = _bound_crossed_before(text, error, positions) if _PARSER is not yaml.SafeLoader else None
        if crossing is not None:
            # libyaml 0.2.6 (PyYAML 6.0.4's wheels) refuses nesting past 1,000 levels in its
            # scanner, which reads ahead of the events we count; our bound is the contract.
            issues.append(crossing)
            return ReadResult(None, issues)
        mark = error.problem_mark or error.context_mark
        line, col = _within_text(text, *positions.of(mark))
        message = error.problem or "invalid YAML"
        if error.context:
            message = f"{message} ({error.context})"
        issues.append(ReadIssue(line, col, f"invalid YAML: {message}", _syntax_hint(text, line, col, message)))
        return ReadResult(None, issues)
    except yaml.reader.ReaderError as error:
        line, col = position_of_index(text, _character_index(text, error.position))
        issues.append(ReadIssue(line, col, *_reader_problem(error)))
        return ReadResult(None, issues)
    except yaml.YAMLError as error:
        issues.append(ReadIssue(0, 0, f"invalid YAML: {error}"))
        return ReadResult(None, issues)
    except (RecursionError, MemoryError):
        issues.append(ReadIssue(0, 0, "invalid YAML: too complex to read"))
        return ReadResult(None, issues)
    finally:
        if parser is not None:
            parser.dispose()
    if root is not None and root.tag and root.tag not in ALLOWED_TAGS:
        # Fields check their own tags; the file's top node has no field to do it.
        issues.append(ReadIssue(root.line, root.column, f"tag {short_tag(root.tag)} is not allowed", NO_CODE_HINT))
        return ReadResult(None, issues)
    return ReadResult(root, issues)


NO_CODE_HINT = "dossier files hold plain data; nothing in them is ever run or built"


def _bomb_problem(line: int, column: int) -> ReadIssue:
    return ReadIssue(
        line, column,
        f"aliases expand this file to more than {MAX_NODES:,} values",
        "a dossier file never needs that; this looks like an alias bomb",
    )  # fmt: skip


def _depth_problem(line: int, column: int) -> ReadIssue:
    return ReadIssue(
        line, column, f"nesting deeper than {MAX_DEPTH} levels", "a dossier file needs at most a few levels"
    )


def _bound_crossed_before(text: str, error: yaml.MarkedYAMLError, positions: _Positions) -> ReadIssue | None:
    """Our nesting bound, if the text crosses it before the place libyaml failed at.

    Some libyaml versions stop on deep nesting in their scanner, before the parser has
    given us the events where our own bound would have fired; the problem must not
    depend on the libyaml version. The pure-Python parser has no such limit and gives
    the same events lazily, so it is walked up to the failure (only a broken file pays).
    """
    mark = error.problem_mark or error.context_mark
    stop = (mark.line, mark.column) if mark is not None else None
    parser = yaml.SafeLoader(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            start = event.start_mark
            if stop is not None and (start.line, start.column) >= stop:
                return None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _depth_problem(*positions.of(start))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except (yaml.YAMLError, RecursionError, MemoryError):
        return None
    finally:
        parser.dispose()
    return None


def short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:python/object` as the author wrote it: `!!python/object`."""

    return visible(tag.replace(_STANDARD_TAG, "!!", 1))


def _within_text(text: str, line: int, column: int) -> tuple[int, int]:
    """libyaml puts an error at the end of a file without a final newline on a line after
    the last; an editor has no such line, so point at the end of the last one instead."""
    if text and text[-1] not in "\r\n":
        lines = _LINE_BREAKS.split(text)
        if line > len(lines):
            return len(lines), len(lines[-1]) + 1
    return line, column


def _syntax_hint(text: str, line: int, column: int, message: str = "") -> str:
    """A hint for the commonest causes of a syntax error: a tab where YAML wants spaces,
    and a plain (unquoted) value holding ": ", which YAML reads as a second key."""
    lines = _LINE_BREAKS.split(text)  # as editors count lines, like the positions
    if not 0 < line <= len(lines):
        return ""
    here = lines[line - 1]
    if here[:column].lstrip(" ").startswith("\t"):
        return "YAML indents with spaces; this line starts with a tab"
    if message.startswith("mapping values are not allowed") and _PLAIN_VALUE_WITH_COLON.match(here):
        return (
            'a value holding ": " must be quoted: put it in double quotes, or write `>-` and the text on the next lines'
        )
    return ""


# `key: some text: more`, the value not quoted nor a block (`|`, `>`): YAML stops at the
# second ": ", "mapping values are not allowed in this context".
_PLAIN_VALUE_WITH_COLON = re.compile(r"""^\s*(?:-\s+)?[^\s:#'"][^:]*:\s+[^\s'"|>&*!\[{#].*:\s""")


def _character_index(text: str, position: int) -> int:
    """libyaml's reader counts bytes of UTF-8; the pure-Python reader counts characters."""
    if _PARSER is yaml.SafeLoader or text.isascii():
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))


def _reader_problem(error) -> tuple[str, str]:
    """Message and hint for a character YAML does not allow in a file at all."""
    character = error.character
    code = character if isinstance(character, int) else ord(character) if character else -1
    if code == 0:
        return "invalid YAML: the file holds a NUL byte", "is it a binary file?"
    if code < 0:
        return f"invalid YAML: {error.reason}", ""

    shown = visible(chr(code))
    if shown == chr(code):
        shown = f"U+{code:04X}"
    return (
        f"invalid YAML: control character {shown} is not allowed in a YAML file",
        "remove it, or write it as an escape inside double quotes",
    )


def _event_source(parser):
    """A function giving the parser's next event, or None after the last.

    libyaml's parser says None itself; the pure-Python one must be asked first.
    """
    if _PARSER is not yaml.SafeLoader:
        return parser.get_event

    def next_event():
        return parser.get_event() if parser.check_event() else None

    return next_event


def implicit_tag(node: Node) -> str:
    """The tag YAML 1.1 gives a plain scalar (`no` → bool, `0755` → int, `2025` → int)."""
    if node.tag:
        return node.tag
    if not node.plain:
        return _STR_TAG
    return plain_tag(node.value)


def plain_tag(value: str) -> str:
    """The tag YAML 1.1 gives the plain scalar `value`."""
    if value and value[0] not in _IMPLICIT_FIRST:
        return _STR_TAG
    if value[:1].isalpha() and not value.isalpha():
        # What YAML 1.1 reads from a first letter is a word of letters (`no`, `null`):
        # an id of 100,000 such as `nathan-nunez-p3772` is text, known without the
        # resolver's patterns, once each (`tests/load/test_block_style.py` checks it).
        return _STR_TAG
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if tag == _STR_TAG and _YAML12_NUMBER.match(value):
            # YAML 1.2 tools (and JSON) read `1e3` and `0o17` as numbers where PyYAML does not.
            tag = _STANDARD_TAG + ("int" if value.startswith("0o") else "float")
        if len(value) <= 40 and len(_PLAIN_TAGS) < 50_000:
            # Plain dates, years and ids starting with a digit or y/n/t/f/o come back by the
            # thousand; the resolver tries up to five patterns on each.
            _PLAIN_TAGS[value] = tag
    return tag


_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = _STANDARD_TAG + "str"
_PLAIN_TAGS: dict[str, str] = {}  # plain value -> its implicit tag, for the short ones
# The first characters of a plain scalar YAML 1.1 may read as something other than text.
IMPLICIT_FIRST = frozenset(ch for ch in yaml.resolver.Resolver.yaml_implicit_resolvers if ch is not None)
_IMPLICIT_FIRST = IMPLICIT_FIRST
_YAML12_NUMBER = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+)$")
