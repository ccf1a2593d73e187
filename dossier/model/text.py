"""Text hygiene shared by every output: NFC, visible control characters, search folding.

Data strings come from other people's files. Before any of them reaches a terminal,
an export or a widget, control characters (C0, C1, DEL) and bidirectional overrides
are replaced by visible escapes, so a dossier can neither clear the screen, write the
clipboard through OSC 52, nor reorder what the reader sees.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# C0 except tab and newline, DEL, C1, and the bidi embedding/override/isolate controls.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_UNSAFE_WITH_NEWLINES = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """Return `text` with every control character shown as a `\\xNN` / `\\uNNNN` escape.

    Tabs and (unless `keep_newlines` is false) newlines are kept, as they are layout,
    not commands. This is idempotent on its own output.
    """
    if text.isascii() and text.isprintable():
        return text  # no control character at all (tab and newline are not printable)
    pattern = _UNSAFE if keep_newlines else _UNSAFE_WITH_NEWLINES
    return pattern.sub(_escape, text)


_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


def safe_json(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) fit to print on a terminal.

    `json.dumps` escapes C0 controls but prints DEL, C1 and bidi controls raw; these
    become `\\uNNNN` escapes, which decode to the same string.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_PARTIAL_ESCAPE = re.compile(r"\\(?:x[0-9a-f]?|u[0-9a-f]{0,3})?$")


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis, never half-way through a `\\x1b` escape."""
    if len(text) <= limit:
        return text
    return _PARTIAL_ESCAPE.sub("", text[: limit - 1]) + "…"


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def one_line(text: str) -> str:
    """A single display line: whitespace runs (newlines, tabs) collapsed to one space."""
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # already one line: its only whitespace is single spaces between words
    return " ".join(visible(text).split())


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def printable_text(raw: str) -> str | None:
    """`raw` in its normal form (NFC) if both are printable, else None: text with no
    control character to escape and nothing to warn of, which a field of text takes
    as it is, stripped of its surrounding spaces. (The converter's short path,
    `Converter.text_value`, is this rule written inline.)"""
    if not raw.isprintable():
        return None
    text = raw if raw.isascii() else nfc(raw)  # ASCII is its own NFC
    return text if text is raw or text.isprintable() else None


def fold(text: str) -> str:
    """Fold case and accents for matching: 'Timothée' and 'TIMOTHEE' both give 'timothee'.

    Ligatures and other compatibility forms are decomposed too (NFKD), so 'œ' matches
    'oe' and the typographic apostrophe matches the ASCII one.
    """
    if text.isascii():
        return text.lower()  # all the steps below make of ASCII: casefold is lower there
    folded = _latin_folded(text)
    return _folded_step_by_step(text) if folded is None else folded


def _folded_step_by_step(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if not decomposed.isascii():
        decomposed = _without_marks(decomposed)
    return decomposed.replace("\u2019", "'").replace("œ", "oe").replace("æ", "ae")


def _none_but(kept: list[int]) -> re.Pattern[str]:
    """The pattern of a character that none of the bytes `kept` stands for."""
    return re.compile("[^" + "".join(re.escape(chr(byte)) for byte in kept) + "]")


def _as_latin(text: str, not_a_byte: re.Pattern[str], stand_ins: tuple[tuple[str, str], ...]) -> str | None:
    """`text` with the characters of `stand_ins` replaced, if every character is then
    one that `not_a_byte` lets through (a byte of its table stands for it); else None."""
    if not_a_byte.search(text) is None:
        return text
    for char, stand_in in stand_ins:
        if char in text:
            text = text.replace(char, stand_in)
    return None if not_a_byte.search(text) is not None else text


def _latin_fold_tables() -> tuple[bytes, re.Pattern[str]]:
    """The byte table that folds a text of Latin-1 characters, and the pattern of a
    character it cannot fold: one past Latin-1, or one whose folded form is more than
    one character (ß, æ, ½) or one past Latin-1 (µ). Case folding and NFKD work
    character by character on the others (none is a combining mark, and each one's
    decomposition starts with a character that is not), so the table folds a text in
    one pass, in C."""
    table, kept = bytearray(range(256)), []
    for byte in range(256):
        folded = _folded_step_by_step(chr(byte))
        if len(folded) == 1 and ord(folded) < 256:
            table[byte] = ord(folded)
            kept.append(byte)
    return bytes(table), _none_but(kept)


_LATIN_FOLDED: bytes | None = None  # made at the first text that asks (see `_latin_folded`)
_NOT_FOLDED_BY_BYTE: re.Pattern[str] | None = None
# Characters past Latin-1 that French text is full of, each replaced by its folded form:
# a text holding no other such character is then folded by the table.
_FOLD_STAND_INS = (("\u2019", "'"), ("œ", "oe"), ("Œ", "oe"), ("\u2026", "..."), ("\u202f", " "))


def _latin_folded(text: str) -> str | None:
    """`fold` of a text of Latin-1 characters (and of those `_FOLD_STAND_INS` names), by
    one byte table, where its steps took seven times as long; None for any other."""
    global _LATIN_FOLDED, _NOT_FOLDED_BY_BYTE
    if _LATIN_FOLDED is None or _NOT_FOLDED_BY_BYTE is None:
        _LATIN_FOLDED, _NOT_FOLDED_BY_BYTE = _latin_fold_tables()
    latin = _as_latin(text, _NOT_FOLDED_BY_BYTE, _FOLD_STAND_INS)
    return None if latin is None else latin.encode("latin-1").translate(_LATIN_FOLDED).decode("latin-1")


# Every combining mark (`unicodedata.combining`) lies below U+20000 (the highest is
# U+1E94A in Unicode 14 to 15.1; a test checks every code point against the step by
# step definition). Dropping them with a pattern runs in C, where asking
# `unicodedata.combining` of each character of a text ran in Python and was most of the
# time of folding a large dossier's quotes. Those of the Basic Multilingual Plane are a
# pattern of their own, which the regular expression engine matches by a table; the
# few above it, a list of ranges it would try one by one at every character, are looked
# for only in a text that holds a character above it at all. Made at the first text.
_MARKS_BELOW = 0x20000
_ABOVE_BMP = re.compile("[\U00010000-\U0010ffff]")
_MARK_PATTERNS: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _marks_between(low: int, high: int) -> re.Pattern[str]:
    marks = [code for code in range(low, high) if unicodedata.combining(chr(code))]
    spans = []  # runs of consecutive marks, as ranges of the pattern
    for _, run in itertools.groupby(enumerate(marks), lambda pair: pair[1] - pair[0]):
        codes = [code for _, code in run]
        spans.append(re.escape(chr(codes[0])) + ("-" + re.escape(chr(codes[-1])) if len(codes) > 1 else ""))
    return re.compile("[" + "".join(spans) + "]")


def _without_marks(text: str) -> str:
    global _MARK_PATTERNS
    if _MARK_PATTERNS is None:
        _MARK_PATTERNS = (_marks_between(0, 0x10000), _marks_between(0x10000, _MARKS_BELOW))
    text = _MARK_PATTERNS[0].sub("", text)
    return _MARK_PATTERNS[1].sub("", text) if _ABOVE_BMP.search(text) else text


# A number with a decimal or group separator ("14,3", "14.3", "1,000") is one word, its
# separator written "." whichever the text used, so that a French "14,3" and an English
# "14.3" are found by either; otherwise a word is a run of letters, digits or "_".
_WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+", re.UNICODE)
_NUMBER_SEPARATOR = re.compile(r"(?<=\d)[.,](?=\d)")
# The same for a text all ASCII, where they match the same and run faster; and whether a
# text holds any number with a separator at all.
_ASCII_WORD = re.compile(_WORD.pattern, re.ASCII)
_SEPARATED = re.compile(r"\d[.,]\d")
# Byte tables for an ASCII text: its digits made "0" and its "," a "." (so that a number
# with a separator is a "0.0" in it), and its letters lower-cased, digits and "_" kept,
# all else a space.
_DIGITS_ZEROED = bytes(
    ord("0") if byte < 128 and chr(byte).isdigit() else ord(".") if byte == ord(",") else byte for byte in range(256)
)
_ASCII_WORDS = bytes(
    ord(chr(byte).lower()) if byte < 128 and (chr(byte).isalnum() or byte == ord("_")) else ord(" ")
    for byte in range(256)
)
# The same without lower-casing, for a folded text (whose letters NFKD may have made
# capitals, which the pattern's words keep); and a character past ASCII that is part of
# a word, as the pattern's `\w` matches it.
_ASCII_RUNS = bytes(
    byte if byte < 128 and (chr(byte).isalnum() or byte == ord("_")) else ord(" ") for byte in range(256)
)
_WIDE_WORD_CHAR = re.compile(r"[^\W\x00-\x7f]")


def _latin_tables() -> tuple[bytes, re.Pattern[str]]:
    """For a text of Latin-1 characters: the byte table that makes each one what its
    folded form is to the words (a letter its folded ASCII letter, anything between
    words a space), and the pattern of a character no byte stands for: one past
    Latin-1, or one whose folded form is a word character past ASCII (ð, ø), more than
    one character of a word (ß, æ, ¼) or a digit (²). Folding works character by
    character on the others (no combining mark is among them), so the table gives a
    text's folded words in one pass, in C."""
    table, kept = bytearray(_ASCII_WORDS), []
    for byte in range(256):
        folded = fold(chr(byte))
        if byte < 128:
            kept.append(byte)
        elif len(folded) == 1 and folded.isascii() and folded.isalpha():
            table[byte] = ord(folded)
            kept.append(byte)
        elif _WORD.search(folded) is None and not any(char in ".," for char in folded):
            table[byte] = ord(" ")
            kept.append(byte)
    return bytes(table), _none_but(kept)


_LATIN_WORDS: bytes | None = None  # made at the first text that asks (see `_latin_words`)
_NOT_A_BYTE: re.Pattern[str] | None = None
# Characters past Latin-1 that French text is full of, each replaced by what folding
# makes of it (`_FOLD_STAND_INS`), or by a space where that is between words (dashes,
# quotation marks folding keeps): a text holding no other such character is then read
# by the table.
_STAND_INS = (*_FOLD_STAND_INS, ("\u2014", " "), ("\u2013", " "), ("\u2018", " "), ("\u201c", " "), ("\u201d", " "))


def _latin_words(text: str) -> list[str] | None:
    """`words` of a text of Latin-1 characters (and of those `_STAND_INS` names) with no
    number with a separator, by one byte table; None for any other."""
    global _LATIN_WORDS, _NOT_A_BYTE
    if _LATIN_WORDS is None or _NOT_A_BYTE is None:
        _LATIN_WORDS, _NOT_A_BYTE = _latin_tables()
    latin = _as_latin(text, _NOT_A_BYTE, _STAND_INS)
    if latin is None:
        return None
    raw = latin.encode("latin-1")
    if b"0.0" in raw.translate(_DIGITS_ZEROED):
        return None
    return raw.translate(_LATIN_WORDS).decode("ascii").split()


def query_words(text: str) -> list[str]:
    """The folded words of a query: what each must match in the index (see `words`)."""
    return [_NUMBER_SEPARATOR.sub(".", word) for word in _WORD.findall(fold(text))]


def words(text: str) -> list[str]:
    """The folded words of `text`, as search indexes them: the words of a query, and the
    parts of each number too, so that "14" finds "14,3 milliards" as well."""
    if text.isascii():
        raw = text.encode("ascii")
        if b"0.0" not in raw.translate(_DIGITS_ZEROED):
            # No number with a separator: the words are the runs of letters, digits and
            # "_", lower-cased; mapping every other character to a space and splitting
            # finds them several times faster than the pattern does.
            return raw.translate(_ASCII_WORDS).decode("ascii").split()
    else:
        # Latin-1 and the French punctuation past it, as most text past ASCII is: its
        # letters folded by a table, where the steps of `fold` took three times as long.
        found_words = _latin_words(text)
        if found_words is not None:
            return found_words
    folded = fold(text)
    if _WIDE_WORD_CHAR.search(folded) is None:
        # Past ASCII it holds only characters between words (« », —, …), as most folded
        # text of a Latin script does: each becomes a "?", which the table makes a space
        # as it does every other such character. The pattern's search for words ran in
        # Python's slower Unicode mode, and was most of the time of a French text's words.
        raw = folded.encode("ascii", "replace")
        if b"0.0" not in raw.translate(_DIGITS_ZEROED):
            return raw.translate(_ASCII_RUNS).decode("ascii").split()
    found_words = (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)
    if _SEPARATED.search(folded) is None:
        return found_words  # no number with a separator: these are all its words
    found = []
    for word in found_words:
        if "." in word or "," in word:
            found.append(_NUMBER_SEPARATOR.sub(".", word))
            found += re.split(r"[.,]", word)
        else:
            found.append(word)
    return found


def count(number: int, singular: str, plural: str = "") -> str:
    """'1 error', '2 errors', '0 problems': a number and its noun, agreeing."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def is_utf8(text: str) -> bool:
    """False for a str holding lone surrogates (bytes of a path that are not UTF-8),
    which SQLite cannot store as text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_web_address(url: str) -> bool:
    """Only http(s) addresses are cited or linked, in every export (a `javascript:`,
    `data:` or `file:` url never is): the one rule for all of them."""
    return url.startswith(("https://", "http://")) and not any(c.isspace() or c in '<>"' for c in url)
