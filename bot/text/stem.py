"""Word stems from the Snowball English stemmer (PyStemmer), so `upselling`, `upsells` and `upsell` meet.

Used on both sides of every comparison that works on stems (glossary names, definitions and `asked_as` phrases
at build time; the query's words at lookup time), so whatever the stemmer does to a word it does to both.
"""

from __future__ import annotations

from collections.abc import Iterable

import Stemmer

_ENGLISH = Stemmer.Stemmer("english", 4096)  # PyStemmer keeps its own cache of recent words (C strings)
MAX_STEMMED = 40  # longer "words" are junk or pasted identifiers: kept as they are, never fed to the stemmer


def stem(word: str) -> str:
    """The stem of one lower-cased word; digits and very long words are kept as they are."""
    if len(word) > MAX_STEMMED or not word.isalpha():
        return word
    return str(_ENGLISH.stemWord(word))


def stems(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(stem(w) for w in words)
