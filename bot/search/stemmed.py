"""Name words by stem, so `upselling`, `escalating` and `renewals` reach the name words `upsell`, `escalation`
and `renewal`; and which entries have a name holding every word of a partial name.

Kept small on purpose (about 2 MB at 20,000 entries): one map from a stem to the name words with that stem. A
query word is mapped to a name word, and the name index (exact names, word postings) does the rest.
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Sequence

from bot.search.names import NameIndex
from bot.text.stem import stem

SHORTEST_FROM = 256  # words on more names than this get their names ranked shortest first at build time
SHORTEST_KEPT = 64  # ... and keep that many (closest_naming_all asks for 4 x 3)


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
        by_stems: dict[str, list[int]] = {}  # a name's words' stems, joined: its entries (only where that differs)
        for name in names.names:
            key = "".join(stem(word) for word in name.spaced.split())
            if key != name.key and name.entry not in by_stems.setdefault(key, []):
                by_stems[key].append(name.entry)
        self._name_sizes = [len(name.spaced.split()) for name in names.names]
        self._entries_by_stems = {key: tuple(ids) for key, ids in by_stems.items()}
        # A common word's names, shortest first, ranked once here: ranking thousands of positions per query (one
        # common word: `account`) was most of such a lookup in a large glossary.
        self._shortest = {
            word: tuple(heapq.nsmallest(SHORTEST_KEPT, positions, key=lambda p: (self._name_sizes[p], p)))
            for word in {w for words in words_of.values() for w in words}
            if len(positions := names.positions_with(word)) > SHORTEST_FROM
        }

    def entries_with_stems(self, word_stems: Sequence[str]) -> tuple[int, ...]:
        """Entries with a whole name of exactly these stems, in order (`renewing` -> `Renewal`, even when other
        name words share the stem: `Available to Renew`)."""
        return self._entries_by_stems.get("".join(word_stems), ())

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

    def closest_naming_all(self, word_stems: Sequence[str], limit: int) -> tuple[set[int], list[tuple[int, int]]]:
        """Entries with a name holding a word of every stem: all of them when there are at most `limit`, else
        `limit` + 1 of them (callers only need to know there are more); and then the `limit` of them with the
        shortest such names, as (entry, words in that name)."""
        positions, only_word = self._positions_naming_all(word_stems)
        names = self._names.names
        holders: set[int] = set()
        for position in positions:
            holders.add(names[position].entry)
            if len(holders) > limit:
                break
        if len(holders) <= limit:
            return holders, []
        wanted = limit * 4
        shortest: Sequence[int] | None = self._shortest.get(only_word) if only_word is not None else None
        if shortest is None or len(shortest) < wanted:
            shortest = heapq.nsmallest(wanted, positions, key=lambda p: (self._name_sizes[p], p))
        found: dict[int, int] = {}
        for position in shortest[:wanted]:
            found.setdefault(names[position].entry, self._name_sizes[position])
        return holders, list(found.items())[:limit]

    def _positions_naming_all(self, word_stems: Sequence[str]) -> tuple[set[int], str | None]:
        """The positions of names holding a word of every stem, and the one name word they all come from (when
        there is one stem with one name word), else None."""
        groups = []
        stems_given = list(dict.fromkeys(word_stems))
        for word_stem in stems_given:
            words = self._words_of.get(word_stem, ())
            positions = self._names.positions_with(words[0]) if len(words) == 1 else set().union(
                *(self._names.positions_with(w) for w in words))
            if not positions:
                return set(), None
            groups.append(positions)
        if not groups:
            return set(), None
        if len(groups) == 1:
            words = self._words_of.get(stems_given[0], ())
            return groups[0], words[0] if len(words) == 1 else None
        groups.sort(key=len)
        return groups[0].intersection(*groups[1:]), None
