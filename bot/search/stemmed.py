"""Name words by stem, so `upselling`, `escalating` and `renewals` reach the name words `upsell`, `escalation`
and `renewal`; and which entries have a name holding every word of a partial name.

Kept small on purpose (about 2 MB at 20,000 entries): one map from a stem to the name words with that stem. A
query word is mapped to a name word, and the name index (exact names, word postings) does the rest.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bot.search.names import NameIndex
from bot.text.stem import stem


class StemmedNames:
    def __init__(self, names: NameIndex) -> None:
        self._names = names
        words_of: dict[str, tuple[str, ...]] = {}
        for name in names.names:
            for word in map(sys.intern, name.spaced.split()):
                known = words_of.get(stem(word), ())
                if word not in known:  # the shortest name word first: it stands for the stem
                    words_of[stem(word)] = tuple(sorted((*known, word), key=lambda w: (len(w), w)))
        self._words_of = words_of

    def is_name_stem(self, word_stem: str) -> bool:
        return word_stem in self._words_of

    def to_name_words(self, words: Sequence[str]) -> tuple[list[str], set[int]]:
        """The words with each word that is in no name replaced by a name word with the same stem, and the
        positions replaced."""
        mapped, changed = [], set()
        for position, word in enumerate(words):
            if not self._names.has_word(word):
                others = self._words_of.get(stem(word))
                if others:
                    mapped.append(others[0])
                    changed.add(position)
                    continue
            mapped.append(word)
        return mapped, changed

    def entries_naming_all(self, word_stems: Sequence[str]) -> set[int]:
        """Entries with a name that holds a word of every stem given (posting intersection, smallest first)."""
        groups = []
        for word_stem in dict.fromkeys(word_stems):
            words = self._words_of.get(word_stem, ())
            positions = self._names.positions_with(words[0]) if len(words) == 1 else set().union(
                *(self._names.positions_with(w) for w in words))
            if not positions:
                return set()
            groups.append(positions)
        if not groups:
            return set()
        groups.sort(key=len)
        common = groups[0].intersection(*groups[1:])
        return {self._names.names[p].entry for p in common}
