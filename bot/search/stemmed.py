"""Names keyed by word stems, so `upselling`, `kpis` and `exec sponsors` meet the names
`Upsell`, `KPI` and `Executive Sponsor`; and which entries' names hold each stem (for partial names).

Built once from the exact-name index; every lookup here is a dictionary lookup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from bot.search.names import NameIndex
from bot.text.stem import stems


def stem_key(words: Sequence[str]) -> str:
    return "".join(stems(words))


class StemmedNames:
    def __init__(self, names: NameIndex) -> None:
        exact: dict[str, list[int]] = defaultdict(list)
        for key, ids in names.exact.items():  # primary entries of shared acronyms stay first
            words = names.names_by_key[key][0].spaced.split()
            for i in ids:
                if i not in exact[stem_key(words)]:
                    exact[stem_key(words)].append(i)
        self.exact: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in exact.items()}
        self.name_words: dict[str, set[int]] = defaultdict(set)
        for name in names.names:
            for word in stems(name.spaced.split()):
                self.name_words[word].add(name.entry)
        self.max_words = names.max_words

    def lookup(self, words: Sequence[str]) -> tuple[int, ...]:
        return self.exact.get(stem_key(words), ())

    def entries_naming_all(self, word_stems: Sequence[str]) -> set[int]:
        """Entries whose names (together) hold every stem given (set intersection, smallest set first)."""
        groups = sorted((self.name_words.get(s, set()) for s in dict.fromkeys(word_stems)), key=len)
        if not groups or not groups[0]:
            return set()
        return set(groups[0]).intersection(*groups[1:])
