"""Folding and the words of a text, as search indexes them: the fast paths give what the
definition step by step gives (case folded, NFKD, combining marks dropped), for every
character there is."""

from __future__ import annotations

import itertools
import random
import re
import sys
import unicodedata

from dossier.model.text import fold, words

EVERY_CHARACTER = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000]
# What the byte tables of `fold` and `words` read (Latin-1, French punctuation and
# ligatures past it), and characters beside them that they do not (Ş, a combining mark).
LATIN_AND_FRENCH = [chr(code) for code in range(256)] + list(
    "\u2019œŒ\u2026\u202f\u2014\u2013\u2018\u201c\u201dŞ\u0301"
)


def folded_step_by_step(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.replace("\u2019", "'").replace("œ", "oe").replace("æ", "ae")


_WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+")


def words_step_by_step(text: str, folded=folded_step_by_step) -> list[str]:
    found = []
    for word in _WORD.findall(folded(text)):
        if "." in word or "," in word:
            found.append(re.sub(r"(?<=\d)[.,](?=\d)", ".", word))
            found += re.split(r"[.,]", word)
        else:
            found.append(word)
    return found


def test_every_character_folds_as_the_definition_says():
    for char in EVERY_CHARACTER:
        text = "É" + char + "B\u0301"
        assert fold(text) == folded_step_by_step(text), ascii(text)


def test_every_character_between_french_words_gives_the_words_of_the_definition():
    """A French text folds to ASCII but for its « » and dashes, and its words are then
    found by a table; any other character beside them still gives the definition's.
    (Eight characters at a time, folded by `fold`, which the test above holds to the
    definition character by character.)"""
    for start in range(0, len(EVERY_CHARACTER), 8):
        chars = "".join(EVERY_CHARACTER[start : start + 8])
        for text in (f"L’œuvre «{chars}» — Élan", f"{chars[:4]}é 14,3{chars[4:]}2 ça", f"à {' '.join(chars)}"):
            assert words(text) == words_step_by_step(text, fold), ascii(text)


def test_every_two_latin_characters_fold_as_the_definition_says():
    """Latin-1 text, and text whose only characters past it are French punctuation and
    ligatures, is folded by a byte table: every pair of such characters folds as the
    definition does, beside letters and past the characters it cannot fold."""
    for first, second in itertools.product(LATIN_AND_FRENCH, repeat=2):
        for text in (f"É{first}{second}", f"{first}ça{second}"):
            assert fold(text) == folded_step_by_step(text), ascii(text)


def test_every_two_latin_characters_give_the_words_of_the_definition():
    """Latin-1 text, and text whose only characters past it are French punctuation and
    ligatures, is read by a byte table: every pair of such characters, between words,
    beside a number, gives the definition's words."""
    for first, second in itertools.product(LATIN_AND_FRENCH, repeat=2):
        for text in (f"Élan{first}{second}ça", f"1{first}2{second}3 à"):
            assert words(text) == words_step_by_step(text), ascii(text)


def test_mixed_texts_give_the_same_words_whole_or_token_by_token():
    pool = EVERY_CHARACTER[:3000] + list("0123456789.,  ,.-'’_") * 40 + ["١", "٫", "é", "\u0301", "\U0001d165"]
    rng = random.Random(19)
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 24)))
        expected = words_step_by_step(text)
        assert words(text) == expected, ascii(text)
        assert [word for token in text.split() for word in words(token)] == expected, ascii(text)


def test_numbers_and_accents_as_a_reader_types_them():
    assert words("Le rachat: 14,3 milliards, soit 1.000.000 d'actions") == [
        "le", "rachat", "14.3", "14", "3", "milliards", "soit", "1.000.000", "1", "000", "000", "d", "actions",
    ]  # fmt: skip
    assert words("TIMOTHÉE Lacroix — Œuvre") == ["timothee", "lacroix", "oeuvre"]
    assert fold("Zuckerbérg’s") == "zuckerberg's"


def test_what_is_shown_of_a_text_is_what_the_escapes_say():
    from dossier.model.text import _UNSAFE, _UNSAFE_WITH_NEWLINES, _escape, one_line, visible

    samples = [chr(code) for code in range(0x3000)] + ["a  b", " a", "a ", "a\tb", "a\nb", "plain text", ""]
    for char in samples:
        for text in (char, "x" + char + "y", char + " z  "):
            assert visible(text) == _UNSAFE.sub(_escape, text), ascii(text)
            assert visible(text, keep_newlines=False) == _UNSAFE_WITH_NEWLINES.sub(_escape, text), ascii(text)
            assert one_line(text) == " ".join(_UNSAFE.sub(_escape, text).split()), ascii(text)
