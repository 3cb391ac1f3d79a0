"""Every glossary name and alias, pre-processed once: an exact index and a typo-tolerant candidate filter.

Fuzzy matching in three stages, so a lookup stays cheap as the glossary grows:
1. each query word is corrected against the vocabulary of name words (exact, then one deletion apart,
   then a bounded Levenshtein search for long words);
2. the names containing the corrected words are the candidates (a posting-list intersection);
3. rapidfuzz scores only those candidates, on pre-processed strings (`processor=None`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from bot.glossary.model import Entry
from bot.search.normalize import compact, normalize_name
from bot.text.vocabulary import MAX_PHRASE_WORDS

MAX_CANDIDATES = 400
MAX_DELETION_WORD = 12  # longer vocabulary words (mostly whole names without spaces) are found by length bucket
MAX_REMEMBERED = 4096  # unknown words whose corrections are kept (a few hundred KB at most)
MIN_SCORE = 60  # no lower score is ever used: suggestions need 60, candidates 75, a match 88


@dataclass(frozen=True)
class Name:
    entry: int  # index of the entry in the glossary
    text: str  # the name as written in glossary.yaml
    spaced: str  # normalised, words separated by spaces
    key: str  # normalised, no spaces
    sorted_words: str  # the words in alphabetical order: fuzz.ratio on it is token_sort_ratio, sorted once

    @property
    def is_acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(self.key) <= 6 and bool(letters) and all(c.isupper() for c in letters)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def leave_one_out(groups: Sequence[set[int]]) -> set[int]:
    """The smallest non-empty intersection of all groups but one (the earliest on a tie), or an empty set.

    Linear in the number of groups: the intersection without group i is (groups before i) & (groups after i),
    from running prefix and suffix intersections, where intersecting the rest once per group was quadratic.
    The result may be one of `groups` itself: read it, never change it.
    """
    suffixes: list[set[int] | None] = [None] * (len(groups) + 1)  # suffixes[i]: groups[i:] intersected
    for i in range(len(groups) - 1, -1, -1):
        after = suffixes[i + 1]
        suffixes[i] = groups[i] if after is None else groups[i] & after
    chosen: set[int] = set()
    prefix: set[int] | None = None  # groups[:i] intersected
    for i, group in enumerate(groups):
        after = suffixes[i + 1]
        rest = (prefix if after is None else after if prefix is None else prefix & after) or set()
        if rest and (not chosen or len(rest) < len(chosen)):
            chosen = rest
        prefix = group if prefix is None else prefix & group
    return chosen


KIND_WORD_NAMES = 3  # a word ending this many names (and starting none) is a kind word: `process`, `program`


class NameIndex:
    def __init__(self, entries: Sequence[Entry], primary_of: dict[str, int],
                 spelt_out: Callable[[list[str]], list[str] | None] | None = None,
                 is_word: Callable[[str], bool] | None = None) -> None:
        """`spelt_out`: a name's words with its short forms written out (`sales to cs handoff` -> `sales to customer
        success handoff`), or None when it has none: the exact index holds that form too, since queries are
        read with their short forms written out (vocabulary.yaml). `is_word`: whether a word is a real English
        word, which is never searched for as two slips from a name word (see `_search_corrections`)."""
        self._is_word = is_word
        self._kept_starts: frozenset[str] = frozenset()
        self.names: list[Name] = []
        self.names_by_key: dict[str, list[Name]] = defaultdict(list)
        by_key: dict[str, list[int]] = defaultdict(list)
        for index, entry in enumerate(entries):
            for text in entry.names:
                spaced = normalize_name(text)
                name = Name(index, text, spaced, compact(spaced), " ".join(sorted(spaced.split())))
                if name.key and index not in by_key[name.key]:
                    self.names.append(name)
                    self.names_by_key[name.key].append(name)
                    by_key[name.key].append(index)
        # Declared ambiguous acronyms list their primary entry first.
        self.exact: dict[str, tuple[int, ...]] = {
            key: tuple(sorted(ids, key=lambda i: (i != primary_of.get(key), i))) for key, ids in by_key.items()
        }
        self.max_words = max((len(n.spaced.split()) for n in self.names), default=1)
        # Kind words end several names and start none (`program`, `process`, `score`, `rate`): `escalation process`
        # is the Escalation. The name words written before a kind word tell when a name holds the pair (`advocacy
        # program`: Customer Advocacy Program).
        name_words = [n.spaced.split() for n in self.names]
        ends = Counter(words[-1] for words in name_words if len(words) > 1)
        starts = {words[0] for words in name_words if len(words) > 1} | {n.key for n in self.names}
        self.kind_words = frozenset(w for w, count in ends.items() if count >= KIND_WORD_NAMES and w not in starts)
        self.kind_pairs = frozenset(pair for words in name_words for pair in pairwise(words)
                                    if pair[1] in self.kind_words)
        if spelt_out is not None:
            self._add_spelt_out(spelt_out)
        self._postings: dict[str, set[int]] = defaultdict(set)
        for position, name in enumerate(self.names):
            for word in {*name.spaced.split(), name.key}:
                self._postings[word].add(position)
        # The length buckets (the last-resort scan for a word two substitutions off) leave out the acronyms: no one
        # types a five-letter word meaning a three-letter acronym, and in a large glossary they are most of the
        # short keys (16,000 of 4 letters at 100,000 entries), so scanning them was most of an unknown word's cost.
        # One deletion still finds them.
        written = {word for n in self.names if not n.is_acronym for word in n.spaced.split()}
        acronyms = {n.key for n in self.names if n.is_acronym} - written
        # A common word's first MAX_CANDIDATES positions, sorted once: what candidates() keeps of its postings.
        self._first_positions = {w: tuple(sorted(p)[:MAX_CANDIDATES]) for w, p in self._postings.items()
                                 if len(p) > MAX_CANDIDATES}
        self._corrected: dict[str, frozenset[str]] = {}  # unknown word -> its corrections, see corrections()
        self._by_length: dict[int, list[str]] = defaultdict(list)
        self._one_deletion: dict[str, set[str]] = defaultdict(set)
        for word in self._postings:
            if word not in acronyms:
                self._by_length[len(word)].append(word)
            if 4 <= len(word) <= MAX_DELETION_WORD:
                for variant in _deletions(word) | {word}:
                    self._one_deletion[variant].add(word)

    def _add_spelt_out(self, spelt_out: Callable[[list[str]], list[str] | None]) -> None:
        """Index each name's spelt-out form too, unless a name is written that way (`Rev Share` spelt out is
        `revenue share`: an alias `Revenue Share` keeps that key). Exact lookups only: the fuzzy stages score
        names as written."""
        for name in self.names:
            words = spelt_out(name.spaced.split())
            if words is not None and "".join(words) not in self.exact:
                self.exact["".join(words)] = (name.entry,)
                self.max_words = max(self.max_words, len(words))

    def keep_when_rewritten(self, rewrites: Collection[tuple[str, ...]]) -> None:
        """Note the names of several words that the vocabulary's rewrites (`rewrites`: their source phrases) would
        change in a query: `Client Onboarding Portal` (`client` -> `customer`), `Help Desk Ticket`. A query that
        writes one is read with it kept as typed (`kept_name`)."""
        def rewritten(words: list[str]) -> bool:
            return any(tuple(words[i:i + size]) in rewrites
                       for i in range(len(words)) for size in range(1, min(MAX_PHRASE_WORDS, len(words) - i) + 1))
        self._kept_starts = frozenset(words[0] for words in (n.spaced.split() for n in self.names)
                                      if len(words) > 1 and rewritten(words))

    def kept_name(self, words: Sequence[str], start: int) -> int:
        """How many words from `start` are a name of several words to keep as typed (`keep_when_rewritten`): 0
        for none. At most max_words lookups, only where such a name may start."""
        if words[start] not in self._kept_starts:
            return 0
        return next((size for size in range(min(self.max_words, len(words) - start), 1, -1)
                     if "".join(words[start:start + size]) in self.exact), 0)

    def is_abbreviation(self, key: str) -> bool:
        """True when a name with this key is written as an abbreviation: an acronym, or a short name with two or
        more capitals (`SaaS`, `PoC`, `B2B`)."""
        return any(n.is_acronym or (len(n.key) <= 6 and sum(c.isupper() for c in n.text) >= 2)
                   for n in self.names_by_key.get(key, []))

    def is_acronym_only(self, key: str) -> bool:
        """True when every name with this key is written as an acronym (MAP, POC), not as a word."""
        names = self.names_by_key.get(key, [])
        return bool(names) and all(n.is_acronym for n in names)

    def corrections(self, word: str) -> frozenset[str]:
        """Vocabulary words within a typo or two of `word` (itself when known). Remembered for the last
        MAX_REMEMBERED unknown words: a query asks twice (typo fixes, then candidates), and typos repeat."""
        if word in self._postings:
            return frozenset((word,))
        if len(word) < 4:
            return frozenset()
        remembered = self._corrected.get(word)
        if remembered is None:
            if len(self._corrected) >= MAX_REMEMBERED:
                del self._corrected[next(iter(self._corrected))]
            remembered = self._corrected[word] = frozenset(self._search_corrections(word))
        return remembered

    def forget_corrections(self) -> None:
        """Drop the remembered corrections (benchmarks time first-time lookups)."""
        self._corrected.clear()

    def _search_corrections(self, word: str) -> set[str]:
        if len(word) > MAX_DELETION_WORD + 1:  # no vocabulary word is one deletion away: skip straight to lengths
            return self._by_length_search(word)
        found: set[str] = set()
        for variant in _deletions(word) | {word}:
            found |= self._one_deletion.get(variant, set())
        found = {w for w in found if Levenshtein.distance(w, word, score_cutoff=2) <= 2}
        if found or len(word) < 5:
            return found
        # Two edits apart: a deletion and a substitution, or an insertion and one more edit, leave the query
        # two letters short of a one-deletion key (`torurh` -> `touh` <- `touch`). Dictionary lookups only.
        if len(word) <= MAX_DELETION_WORD + 1:
            for variant in {shorter for longer in _deletions(word) for shorter in _deletions(longer)}:
                found |= self._one_deletion.get(variant, set())
            close = sorted((Levenshtein.distance(w, word, score_cutoff=2), w) for w in found)
            found = {w for distance, w in close[:5] if distance <= 2}
            if found:
                return found
        return self._by_length_search(word)

    def _by_length_search(self, word: str) -> set[str]:
        """Two substitutions, or a long word: search only the vocabulary words whose length allows it. Never for a
        real word (`quarterly`, `contractors`: words, not slips; this scan was most of an off-topic question's
        cost at 20,000 entries)."""
        if self._is_word is not None and self._is_word(word):
            return set()
        hits = []
        for length in range(len(word) - 2, len(word) + 3):
            hits += process.extract(word, self._by_length.get(length, []), scorer=Levenshtein.distance,
                                    processor=None, score_cutoff=2, limit=5)
        return {hit[0] for hit in sorted(hits, key=lambda hit: hit[1])[:5]}

    def candidates(self, words: Iterable[str]) -> list[int]:
        """Positions of names that share (corrected) words with the query, most promising first."""
        groups = []
        only_word = None  # the one vocabulary word behind the one group, if so
        for word in words:
            corrected = self.corrections(word)
            lists = [self._postings[c] for c in corrected]
            postings = lists[0] if len(lists) == 1 else set().union(*lists)  # read only: no copy for one word
            if postings:
                groups.append(postings)
                only_word = next(iter(corrected)) if len(lists) == 1 else None
        if not groups:
            return []
        if len(groups) == 1 and only_word in self._first_positions:  # a common word alone: nothing to sort
            return list(self._first_positions[only_word])
        groups.sort(key=len)
        chosen = groups[0] if len(groups) == 1 else set.intersection(*groups)
        if not chosen and len(groups) >= 3:  # one word is probably the odd one out (a typo, a stray word)
            chosen = leave_one_out(groups)
        if not chosen:
            chosen = set().union(*groups[:2])
        return sorted(chosen)[:MAX_CANDIDATES] if len(chosen) > MAX_CANDIDATES else list(chosen)

    def score(self, spaced: str, positions: Sequence[int]) -> list[tuple[Name, float]]:
        """rapidfuzz scores of the query against the candidate names scoring at least MIN_SCORE, best first."""
        if not positions:
            return []
        names = [self.names[p] for p in positions]
        keys = [n.key for n in names]  # made once: three passes read them
        best = [0.0] * len(names)
        key = compact(spaced)
        pairs = ((key, keys), (" ".join(sorted(spaced.split())), [n.sorted_words for n in names]))
        for query, choices in pairs:
            for _, value, i in process.extract(query, choices, scorer=fuzz.ratio, processor=None, limit=None,
                                               score_cutoff=MIN_SCORE):
                best[i] = max(best[i], float(value))
        # One slip (a transposition counts as one) in a word of five or more letters is a typo, not a new word.
        if len(key) >= 5:
            for _, slips, i in process.extract(key, keys, scorer=OSA.distance, processor=None,
                                               limit=None, score_cutoff=2):
                best[i] = max(best[i], 100.0 - 8.0 * slips)
        # Names under MIN_SCORE are no candidates (no caller uses a lower score): left out before sorting.
        return sorted(((n, b) for n, b in zip(names, best, strict=True) if b), key=lambda pair: -pair[1])

    def has_word(self, word: str) -> bool:
        """Whether some name or alias holds this (normalised) word."""
        return word in self._postings

    def positions_with(self, word: str) -> set[int]:
        """Positions in `names` of the names holding this word (read only)."""
        return self._postings.get(word, _NO_POSITIONS)


_NO_POSITIONS: set[int] = set()
