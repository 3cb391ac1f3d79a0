"""Answer a query with the glossary: exact names first, then typos, then plain-word questions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.glossary.model import Entry, Glossary
from bot.search.bounds import bounded_query, bounded_text
from bot.search.fulltext import FullTextIndex, content_words
from bot.search.names import NameIndex
from bot.search.normalize import compact, normalize, normalize_name, normalize_words, strip_slack_markup

Status = Literal["match", "ambiguous", "none"]

CONFIDENT = 88.0  # a fuzzy score at or above this, clearly ahead of the next entry, is a match
PLAUSIBLE = 75.0  # below this a fuzzy candidate is only a suggestion
CLEAR_LEAD = 5.0
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class Match:
    query: str
    status: Status
    entry: Entry | None
    score: float
    candidates: tuple[Entry, ...] = ()
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    entry: Entry
    score: float


class Matcher:
    """Built once from a glossary (`Matcher.build`); every name is pre-processed at build time."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._entries = glossary.entries
        primary_of = {
            compact(normalize_name(m.acronym)): i
            for i, e in enumerate(self._entries) for m in e.other_meanings
        }
        self._names = NameIndex(self._entries, primary_of)
        self._fulltext = FullTextIndex(self._entries)

    @classmethod
    def build(cls, glossary: Glossary) -> Matcher:
        return cls(glossary)

    def match(self, query: str) -> Match:
        query = bounded_query(query)
        spaced = normalize(query)
        if not spaced:
            return Match(query, "none", None, 0.0)
        exact = self._names.exact.get(compact(spaced))
        if exact:
            return self._exact(query, exact)
        words = spaced.split()
        contained = self._contained(words)
        fuzzy = self._fuzzy(words, spaced)
        if contained and (not fuzzy or fuzzy[0][1] < CONFIDENT):
            return self._from_contained(query, words, contained, fuzzy)
        if fuzzy and fuzzy[0][1] >= PLAUSIBLE:
            return self._from_fuzzy(query, fuzzy)
        return self._from_fulltext(query, words, fuzzy)

    def is_name(self, text: str) -> bool:
        """Whether `text` is exactly some entry's name or alias (ignoring case, spacing and punctuation)."""
        spaced = normalize(bounded_query(text))
        return bool(spaced) and compact(spaced) in self._names.exact

    def _exact(self, query: str, ids: tuple[int, ...]) -> Match:
        primary = self._entries[ids[0]]
        others = tuple(self._entries[i].term for i in ids[1:])
        return Match(query, "match", primary, 100.0, (primary,), others)

    def _contained(self, words: list[str]) -> list[tuple[int, int]]:
        """Entries whose exact name appears inside the query, as (entry index, words covered), longest first."""
        found: dict[int, int] = {}
        for size in range(min(len(words) - 1, self._names.max_words), 0, -1):
            for start in range(len(words) - size + 1):
                for i in self._names.exact.get("".join(words[start:start + size]), ())[:1]:
                    found.setdefault(i, size)
        return sorted(found.items(), key=lambda pair: -pair[1])

    def _from_contained(self, query: str, words: list[str], contained: list[tuple[int, int]],
                        fuzzy: list[tuple[int, float]]) -> Match:
        """A name found inside a longer query: a match when it is most of the query, else one candidate among
        the fuzzy ones (`retention rate` holds `retention`, but `customer retention rate` is the closer name)."""
        covered = contained[0][1]
        share = min(1.0, covered / max(1, len(content_words(words))))
        if share > 0.5 and len(contained) == 1:
            entry = self._entries[contained[0][0]]
            return Match(query, "match", entry, round(80 + 20 * share, 1), (entry,))
        scores = {i: 60 + 20 * min(1.0, size / max(1, len(content_words(words)))) for i, size in contained}
        for i, score in fuzzy:
            if score >= PLAUSIBLE:
                scores[i] = max(scores.get(i, 0.0), score)
        if share < 0.5:  # a long question that merely mentions a name: what its words describe competes
            for hit in self._fulltext.search(words, limit=MAX_CANDIDATES, min_coverage=0.6):
                if hit.coverage >= 0.6:
                    scores[hit.index] = max(scores.get(hit.index, 0.0), 40 + 40 * hit.coverage)
        ranked = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))[:MAX_CANDIDATES]
        entries = tuple(self._entries[i] for i, _ in ranked)
        return Match(query, "ambiguous", entries[0], round(ranked[0][1], 1), entries, tuple(e.term for e in entries))

    def _fuzzy(self, words: list[str], spaced: str) -> list[tuple[int, float]]:
        if len(compact(spaced)) < 4:
            return []
        best: dict[int, float] = {}
        for name, score in self._names.score(spaced, self._names.candidates(words)):
            if score > best.get(name.entry, -1.0):
                best[name.entry] = score
        return sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))

    def _from_fuzzy(self, query: str, ranked: list[tuple[int, float]]) -> Match:
        top_score = ranked[0][1]
        close = [(i, s) for i, s in ranked if s >= max(PLAUSIBLE, top_score - 10)][:MAX_CANDIDATES]
        entries = tuple(self._entries[i] for i, _ in close)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if top_score >= CONFIDENT and top_score - runner_up >= CLEAR_LEAD:
            return Match(query, "match", entries[0], round(top_score, 1), entries)
        return Match(query, "ambiguous", entries[0], round(top_score, 1), entries, tuple(e.term for e in entries))

    def _from_fulltext(self, query: str, words: list[str], fuzzy: list[tuple[int, float]]) -> Match:
        hits = self._fulltext.search(words, limit=MAX_CANDIDATES, min_coverage=0.5)  # less is never used
        strong = [h for h in hits if h.coverage >= 0.6]
        if (strong and len(content_words(words)) >= 2) or (strong and strong[0].coverage >= 0.99):
            entries = tuple(self._entries[h.index] for h in strong)
            return Match(query, "ambiguous", entries[0], round(min(70.0, 40 + 30 * strong[0].coverage), 1),
                         entries, tuple(e.term for e in entries))
        suggestions = [self._entries[i].term for i, s in fuzzy if s >= 60][:3]
        suggestions += [self._entries[h.index].term for h in hits if h.coverage >= 0.5]
        return Match(query, "none", None, 0.0, (), tuple(dict.fromkeys(suggestions))[:3])

    def search(self, words: str, limit: int = 10) -> list[SearchHit]:
        """Full-text search over names, aliases and definitions, best first; exact names lead."""
        spaced = normalize(bounded_query(words))
        exact = self._names.exact.get(compact(spaced), ())
        hits = [SearchHit(self._entries[i], 100.0) for i in exact]
        seen = set(exact)
        for hit in self._fulltext.search(spaced.split(), limit=limit + len(exact)):
            if hit.index not in seen:
                hits.append(SearchHit(self._entries[hit.index], round(hit.score, 2)))
                seen.add(hit.index)
        return hits[:limit]

    def find_terms(self, text: str) -> list[Entry]:
        """Every glossary term or acronym mentioned in free text, in order of first mention.

        An acronym counts only when written in capitals, so the verb "map" is not the Mutual Action Plan.
        """
        words: list[str] = []
        capitals: list[bool] = []
        for token in strip_slack_markup(bounded_text(text)).split():
            letters = [c for c in token if c.isalpha()]
            upper = bool(letters) and all(c.isupper() for c in letters[:-1]) and letters[0].isupper()
            for word in normalize_words(token):
                words.append(word)
                capitals.append(upper and len(letters) > 1)
        found: dict[int, None] = {}
        start = 0
        while start < len(words):
            for size in range(min(self._names.max_words, len(words) - start), 0, -1):
                key = "".join(words[start:start + size])
                ids = self._names.exact.get(key)
                if ids and (size > 1 or capitals[start] or not self._names.is_acronym_only(key)):
                    found.setdefault(ids[0])
                    start += size
                    break
            else:
                start += 1
        return [self._entries[i] for i in found]
