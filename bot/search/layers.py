"""A workspace's matcher: the shipped Matcher composed with the team's own small Matcher (never a copy of both).

The shipped matcher is built once per process and shared by every workspace; a team adds a Matcher over its own
approved terms (a few hundred entries at most), the shipped entries it annotated (team notes, other meanings of a
shared acronym) and the phrasings it taught. Only the public Matcher API is used (build, match, is_name, search,
find_terms), so the matcher's internals can change underneath.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.glossary.model import Entry, Glossary
from bot.search.bounds import bounded_query
from bot.search.matcher import Match, Matcher, SearchHit
from bot.search.normalize import compact, normalize
from bot.terms.layer import TeamLayer

MAX_CANDIDATES = 5
_RANK = {"match": 2, "ambiguous": 1, "none": 0}


class GlossaryMatcher(Protocol):
    """What answers need from a matcher: the shipped Matcher and a LayeredMatcher both are one."""

    @property
    def glossary(self) -> Glossary: ...

    def match(self, query: str) -> Match: ...

    def is_name(self, text: str) -> bool: ...

    def search(self, words: str, limit: int = 10) -> list[SearchHit]: ...

    def find_terms(self, text: str) -> list[Entry]: ...


def learned_key(query: str) -> str:
    """The key a phrasing is counted and learned under: the query as the matcher normalises it, unspaced."""
    return compact(normalize(bounded_query(query)))[:200]


@dataclass(frozen=True, eq=False)
class LayeredGlossary(Glossary):
    """The shipped glossary with a team's layer on top: the team's entries, and its annotated shipped entries in
    place of the originals. `get` asks the layer first, then the shipped glossary (no copied index)."""

    shipped: Glossary | None = None
    layer: TeamLayer | None = None

    def __post_init__(self) -> None:
        own: dict[str, Entry] = {}
        if self.layer is not None:
            own.update(self.layer.annotated)
            own.update({e.term.casefold(): e for e in self.layer.entries})
        object.__setattr__(self, "_by_term", own)

    def get(self, term: str) -> Entry | None:
        found = self._by_term.get(term.casefold())
        if found is None and self.shipped is not None:
            return self.shipped.get(term)
        return found


@dataclass(eq=False)
class LayeredMatcher:
    shipped: Matcher
    layer: TeamLayer
    _team: Matcher | None = field(init=False, default=None)
    _glossary: LayeredGlossary = field(init=False)

    def __post_init__(self) -> None:
        base = self.shipped.glossary
        if self.layer.entries:
            self._team = Matcher.build(Glossary(self.layer.entries), also_known=self.shipped.uses_word)
        annotated = self.layer.annotated
        entries = tuple(annotated.get(e.term.casefold(), e) for e in base.entries) if annotated else base.entries
        self._glossary = LayeredGlossary(entries + self.layer.entries, base.path, shipped=base, layer=self.layer)

    @property
    def glossary(self) -> Glossary:
        return self._glossary

    def own(self, entry: Entry) -> Entry:
        """The entry as this team sees it (with its notes), for shipped entries the team annotated."""
        return self.layer.annotated.get(entry.term.casefold(), entry) if entry.team is None else entry

    def match(self, query: str) -> Match:
        learned = self.layer.learned.get(learned_key(query)) if self.layer.learned else None
        if learned is not None:
            entry = self._glossary.get(learned)
            if entry is not None:
                return Match(query, "match", entry, 100.0, (entry,))
        if self._team is None:
            return self._owned(self.shipped.match(query))
        shipped_name, team_name = self.shipped.is_name(query), self._team.is_name(query)
        if shipped_name and not team_name:  # exact shipped names and aliases: the team's matcher has no say
            return self._owned(self.shipped.match(query))
        if team_name and not shipped_name:
            return self._team.match(query)
        team = self._team.match(query)
        if team.status == "match" and not shipped_name:
            return team  # the team's own term, confidently (a typo, a question around it): it knows its jargon
        shipped = self.shipped.match(query)
        if shipped.status == "match" and shipped.score >= 100 and team.status == "match" and team.score >= 100:
            return self._merged(shipped, team)  # an acronym both use: the shipped entry, the team's as an option
        if (_RANK[team.status], team.score) > (_RANK[shipped.status], shipped.score):
            return self._merged(team, shipped)
        return self._merged(shipped, team)

    def _owned(self, match: Match) -> Match:
        if not self.layer.annotated:
            return match
        entry = self.own(match.entry) if match.entry is not None else None
        return Match(match.query, match.status, entry, match.score, tuple(self.own(e) for e in match.candidates),
                     match.suggestions)

    def _merged(self, first: Match, second: Match) -> Match:
        first = self._owned(first)
        candidates = tuple({e.term.casefold(): e for e in (*first.candidates, *(
            self.own(e) for e in second.candidates))}.values())[:MAX_CANDIDATES]
        if first.status == "match":
            also = first.suggestions
            if second.status == "match" and second.entry is not None and second.score >= 100:
                also = (*also, second.entry.term)
            return Match(first.query, "match", first.entry, first.score, candidates, also)
        suggestions = tuple(dict.fromkeys((*first.suggestions, *second.suggestions)))[:3]
        if first.status == "ambiguous":
            suggestions = tuple(e.term for e in candidates)
        return Match(first.query, first.status, first.entry, first.score, candidates, suggestions)

    def is_name(self, text: str) -> bool:
        return self.shipped.is_name(text) or (self._team is not None and self._team.is_name(text))

    def search(self, words: str, limit: int = 10) -> list[SearchHit]:
        hits = [SearchHit(self.own(h.entry), h.score) for h in self.shipped.search(words, limit)]
        if self._team is not None:
            hits += self._team.search(words, limit)
            hits.sort(key=lambda hit: -hit.score)
        return hits[:limit]

    def find_terms(self, text: str) -> list[Entry]:
        found = [self.own(e) for e in self.shipped.find_terms(text)]
        if self._team is not None:
            found += self._team.find_terms(text)
        return list({e.term.casefold(): e for e in found}.values())
