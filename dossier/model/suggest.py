"""Did-you-mean: the nearest of many names to a word that matched none of them."""

from __future__ import annotations

import difflib
import heapq

# difflib compares a word with each candidate in Python: the 166,000 ids of a large
# dossier take seconds. Past this many candidates, only those sharing the most
# three-letter pieces with the word are compared (a close match shares many).
CLOSEST_COMPARED = 2000


def closest(word: str, candidates, cutoff: float = 0.6) -> str:
    match = nearest(word, candidates, 1, cutoff)
    return match[0] if match else ""


def nearest(word: str, candidates, n: int, cutoff: float = 0.6) -> list[str]:
    """The `n` candidates most like `word` (at least `cutoff` alike), best first."""
    candidates = list(candidates)
    if len(candidates) > CLOSEST_COMPARED:
        candidates = _likeliest(word, candidates, cutoff)
    return difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)


def _likeliest(word: str, candidates: list[str], cutoff: float) -> list[str]:
    """The CLOSEST_COMPARED candidates most like `word` by shared trigrams, among those
    whose length leaves a ratio of `cutoff` possible (2·shorter / both ≥ cutoff)."""
    size = len(word)
    pieces = {word[i : i + 3] for i in range(max(size - 2, 1))}
    scored = []
    for candidate in candidates:
        other = len(candidate)
        if 2 * min(size, other) < cutoff * (size + other):
            continue
        shared = sum(piece in candidate for piece in pieces)
        if shared:
            scored.append((shared, candidate))
    return [candidate for _, candidate in heapq.nlargest(CLOSEST_COMPARED, scored)]
