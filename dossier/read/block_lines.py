"""The part of YAML that `dossier.read.block_style` reads: which lines, and their nodes.

One regular expression a line: indentation, an optional "- ", then a key with an
optional value, or a value; the values being one-line plain or quoted scalars,
one-line flow lists of them and one-line flow mappings of `key: scalar` pairs; and
`key: >-` (or `|`, `>`, `|-`) with the plainest block scalar below it. Each is
stricter than YAML, never looser: a line none of them matches sends its file the long
way. The nodes are those libyaml's events give (text, style, line and column), which
tests/load/test_block_style.py checks.
"""

from __future__ import annotations

import re

from dossier.read.yamlnodes import MAPPING, SCALAR, SEQUENCE, Node

# A plain scalar in block context: not starting with an indicator; holding no ": "
# (nor a ":" at its end), no " #"; spaces only between other characters. Stricter than
# YAML, never looser: anything else is not matched and the file goes the long way.
_PLAIN = r"""[^\s\-?:,\[\]{}#&*!|>'"%@`](?:[^\s:#]++|:(?=\S)|#| +(?=[^ #]))*+"""
# One-line quoted scalars: double-quoted with a few escapes, single-quoted with ''.
_DOUBLE = r'"[^"\\]*+(?:\\[\\"/nt][^"\\]*+)*+"'
_SINGLE = r"'[^']*+(?:''[^']*+)*+'"
# A flow list of one line, of plain (flow-safe) or quoted scalars.
# Spaces inside an item only before more of it: those after it are the list's, and no
# run of spaces can be split two ways (which made a long one quadratic to reject).
_FLOW_PLAIN = r"""[^\s\-?:,\[\]{}#&*!|>'"%@`](?:[^\s,\[\]{}#:'"]++| ++(?=[^\s,\[\]{}#:'"]))*+"""
_FLOW_ITEM = rf"(?>{_DOUBLE}|{_SINGLE}|{_FLOW_PLAIN})"
_FLOW = rf"\[ *+(?:{_FLOW_ITEM} *+(?:, *+{_FLOW_ITEM} *+)*+)?\]"
_KEY = r"[A-Za-z_][A-Za-z0-9_-]{0,80}"
_END = r"(?: +#.*)? *"
# A flow mapping of one line, of `key: item` pairs (a model's `parameters`, say).
_FLOW_PAIR = rf"{_KEY}: ++{_FLOW_ITEM}"
_FLOW_MAP = rf"\{{ *+(?:{_FLOW_PAIR} *+(?:, *+{_FLOW_PAIR} *+)*+)?\}}"

# One line: indentation, an optional "- ", then a key with an optional value, or a value.
_SCALAR_OR_FLOW = rf"{_DOUBLE}|{_SINGLE}|{_FLOW}|{_FLOW_MAP}|{_PLAIN}"
LINE = re.compile(
    rf"(?P<indent> *)(?P<dash>- +)?"
    rf"(?:(?P<key>{_KEY}):(?: +(?P<kvalue>{_SCALAR_OR_FLOW}))?|(?P<value>{_SCALAR_OR_FLOW})){_END}"
)
BLANK = re.compile(r" *(?:#.*)?")
# `key: >-`, its value a block scalar on the lines below (folded `>` or literal `|`,
# stripped `-` or clipped).
BLOCK_HEADER = re.compile(rf"( *)({_KEY}): +([>|])(-?){_END}")
_FLOW_ITEMS = re.compile(rf" *({_FLOW_ITEM}) *,?")
_FLOW_PAIRS = re.compile(rf" *({_KEY}): +({_FLOW_ITEM}) *,?")
_ESCAPES = {"\\\\": "\\", '\\"': '"', "\\/": "/", "\\n": "\n", "\\t": "\t"}
_ESCAPE = re.compile(r"\\[\\\"/nt]")


def scalar_or_flow(raw: str, line: int, start: int) -> Node:
    """The node of a value `LINE` matched at character `start` (0-based) of its line."""
    first = raw[0]
    if first == "[":
        if "'" in raw or '"' in raw:
            items = [_item(m.group(1), line, start + m.start(1)) for m in _FLOW_ITEMS.finditer(raw, 1, len(raw) - 1)]
        else:  # plain items only, which `LINE` has checked: cut at the commas
            items = []
            column = start + 2  # 1-based, after the "["
            inner = raw[1:-1]
            if inner.strip(" "):
                for item in inner.split(","):
                    value = item.strip(" ")
                    items.append(Node(SCALAR, value, None, True, line, column + item.index(value[0])))
                    column += len(item) + 1
        return Node(SEQUENCE, items, None, False, line, start + 1)
    if first == "{":
        pairs = [
            (
                Node(SCALAR, m.group(1), None, True, line, start + m.start(1) + 1),
                _item(m.group(2), line, start + m.start(2)),
            )
            for m in _FLOW_PAIRS.finditer(raw, 1, len(raw) - 1)
        ]
        return Node(MAPPING, pairs, None, False, line, start + 1)
    if first == '"':
        value = raw[1:-1]
        if "\\" in value:
            value = _ESCAPE.sub(_unescaped, value)
        return Node(SCALAR, value, None, False, line, start + 1)
    if first == "'":
        return Node(SCALAR, raw[1:-1].replace("''", "'"), None, False, line, start + 1)
    return Node(SCALAR, raw, None, True, line, start + 1)


def block_scalar(header: re.Match, lines: list[str], number: int, indent: int) -> tuple[Node | None, int]:
    """The node of the block scalar whose `key: >-` (or `|`, `>`, `|-`) is line `number`
    (1-based) of `lines`, at `indent`, and the number of its last line; (None, 0) for
    any block scalar but the plainest: its lines all at one indentation deeper than its
    key, no blank line among them, nothing after them but lines less indented."""
    style, strip = header.group(3, 4)
    parts: list[str] = []
    depth = 0  # the lines' indentation
    last = number
    count = len(lines)
    while last < count:
        line = lines[last]  # the line after `last`, 0-based
        content = line.lstrip(" ")
        if not content:
            # Blank: the block's end if no line of the block follows (trailing blank
            # lines are chomped), else a line break kept in it: not this simple form;
            # nor are spaces past the block's indentation, which are text.
            if not depth or len(line) > depth:
                return None, 0
            following = next((row for row in lines[last + 1 :] if row.strip(" ")), None)
            if following is not None and len(following) - len(following.lstrip(" ")) >= max(depth, indent + 1):
                return None, 0
            break
        spaces = len(line) - len(content)
        if not depth:
            if spaces <= indent:
                return None, 0  # an empty block scalar
            depth = spaces
        elif spaces < depth:
            break
        elif spaces > depth:
            return None, 0  # a more indented line, which folding keeps apart
        parts.append(line[depth:])
        last += 1
    if not parts:
        return None, 0
    value = (" " if style == ">" else "\n").join(parts)
    if not strip and last < count:  # clipped: its last line break kept, if it has one
        value += "\n"
    return Node(SCALAR, value, None, False, number, header.start(3) + 1), last


def _item(raw: str, line: int, start: int) -> Node:
    """A flow list's item (no list in it): its plain text may end in spaces."""
    if raw[0] in "\"'":
        return scalar_or_flow(raw, line, start)
    return Node(SCALAR, raw.rstrip(" "), None, True, line, start + 1)


def _unescaped(escape: re.Match) -> str:
    return _ESCAPES[escape.group(0)]
