"""The lookups compared by bench.lookup_speed: csterm, its stages, and what a user would otherwise write.

Each method is built once per glossary and answers a query with (canonical term or None, confident?).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from bot.glossary.model import Glossary
from bot.search.comparison import split_comparison
from bot.search.matcher import Matcher
from bot.search.names import NameIndex
from bot.search.normalize import compact, normalize, normalize_words

Answer = tuple[str | None, bool]
Lookup = Callable[[str], Answer]


@dataclass(frozen=True)
class Method:
    name: str
    label: str
    baseline: bool  # slow enough that large glossaries get a sample of the queries
    build: Callable[[Glossary], Lookup]


def clear_caches() -> None:
    """csterm memoises query normalisation; clear it so every timed lookup pays the full cost."""
    normalize.cache_clear()
    normalize_words.cache_clear()
    split_comparison.cache_clear()


def _names(glossary: Glossary) -> tuple[list[str], list[str]]:
    """Every name and alias, and the canonical term each belongs to."""
    pairs = [(name, e.term) for e in glossary for name in e.names]
    return [n for n, _ in pairs], [t for _, t in pairs]


def csterm(glossary: Glossary) -> Lookup:
    matcher = Matcher.build(glossary)

    def lookup(query: str) -> Answer:
        match = matcher.match(query)
        return (match.entry.term if match.entry else None), match.status == "match"

    return lookup


def exact_index(glossary: Glossary) -> Lookup:
    """Stage 1 alone: normalise, then one dict lookup of names and aliases."""
    index = NameIndex(glossary.entries, {})
    entries = glossary.entries

    def lookup(query: str) -> Answer:
        ids = index.exact.get(compact(normalize(query)))
        return (entries[ids[0]].term, True) if ids else (None, False)

    return lookup


def filtered_fuzzy(glossary: Glossary) -> Lookup:
    """Stages 1-3: exact index, then the word-correcting candidate filter and rapidfuzz on the candidates."""
    index = NameIndex(glossary.entries, {})
    entries = glossary.entries

    def lookup(query: str) -> Answer:
        spaced = normalize(query)
        ids = index.exact.get(compact(spaced))
        if ids:
            return entries[ids[0]].term, True
        scored = index.score(spaced, index.candidates(spaced.split()))
        return (entries[scored[0][0].entry].term, False) if scored else (None, False)

    return lookup


def prenormalized_extract_one(glossary: Glossary) -> Lookup:
    """No index: one extractOne over every pre-normalised name, processor=None (names processed once)."""
    names, terms = _names(glossary)
    spaced = [" ".join(normalize_words(n)) for n in names]

    def lookup(query: str) -> Answer:
        best = process.extractOne(normalize(query), spaced, scorer=fuzz.WRatio, processor=None)
        return (terms[best[2]], False) if best else (None, False)

    return lookup


def naive_rapidfuzz(glossary: Glossary) -> Lookup:
    """The usual snippet: extractOne, default scorer (WRatio), every choice re-processed on every call."""
    names, terms = _names(glossary)

    def lookup(query: str) -> Answer:
        best = process.extractOne(query, names, processor=utils.default_process)
        return (terms[best[2]], False) if best else (None, False)

    return lookup


def naive_difflib(glossary: Glossary) -> Lookup:
    """difflib.get_close_matches(n=1) over lower-cased names and aliases (default cutoff 0.6)."""
    names, terms = _names(glossary)
    term_of = {n.lower(): t for n, t in zip(names, terms, strict=True)}
    lowered = list(term_of)

    def lookup(query: str) -> Answer:
        best = difflib.get_close_matches(query.lower(), lowered, n=1)
        return (term_of[best[0]], False) if best else (None, False)

    return lookup


METHODS: tuple[Method, ...] = (
    Method("csterm", "csterm Matcher (full)", False, csterm),
    Method("exact_index", "stage: exact index only", False, exact_index),
    Method("filtered_fuzzy", "stage: exact + candidate filter + rapidfuzz", False, filtered_fuzzy),
    Method("extractone_prenorm", "stage: extractOne over all names, processor=None", True, prenormalized_extract_one),
    Method("rapidfuzz_naive", "baseline: rapidfuzz extractOne, default_process", True, naive_rapidfuzz),
    Method("difflib", "baseline: difflib.get_close_matches", True, naive_difflib),
)
