"""The glossary's data: frozen dataclasses, no I/O and no Slack."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.text.vocabulary import EMPTY, Vocabulary

CATEGORIES: tuple[str, ...] = ("metric", "practice", "program", "role", "document", "tool", "concept")
UNITS: tuple[str, ...] = ("%", "$", "ratio", "months", "days", "hours", "count", "score", "points")


@dataclass(frozen=True)
class Variable:
    name: str
    description: str
    unit: str


@dataclass(frozen=True)
class Formula:
    expression: str
    unit: str
    variables: tuple[Variable, ...]

    @property
    def variable_names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variables)

    def variable(self, name: str) -> Variable | None:
        return next((v for v in self.variables if v.name == name), None)


@dataclass(frozen=True)
class Example:
    inputs: Mapping[str, float]
    result: float
    note: str | None = None
    decimals: int = 0  # how many decimals the result was written with

    @property
    def tolerance(self) -> float:
        """How far the computed value may be from `result`: half a unit of the last written digit."""
        return 0.5 * 10.0**-self.decimals + 1e-9


@dataclass(frozen=True)
class Benchmark:
    range: str
    source: str


@dataclass(frozen=True)
class Confusable:
    term: str
    difference: str


@dataclass(frozen=True)
class OtherMeaning:
    acronym: str
    meaning: str
    note: str | None = None
    term: str | None = None


@dataclass(frozen=True, eq=False)
class Entry:
    """One glossary entry. Compared and hashed by identity: an entry is the one loaded from its file, which lets
    renderers cache what they build from it."""

    term: str
    category: str
    definition: str
    aliases: tuple[str, ...] = ()
    formula: Formula | None = None
    example: Example | None = None
    benchmark: Benchmark | None = None
    related: tuple[str, ...] = ()
    not_to_confuse_with: tuple[Confusable, ...] = ()
    other_meanings: tuple[OtherMeaning, ...] = ()
    sources: tuple[str, ...] = ()
    asked_as: tuple[str, ...] = ()  # how people describe the concept without naming it
    line: int = 0
    team: str | None = None  # the workspace's name when this is one of its own terms (bot/terms), else shipped
    team_notes: tuple[str, ...] = ()  # what a workspace added to a shipped entry, shown above its definition
    asked_as_line: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.term, *self.aliases)


@dataclass(frozen=True, eq=False)
class Glossary:
    entries: tuple[Entry, ...]
    path: Path | None = None
    vocabulary: Vocabulary = EMPTY  # short forms, synonyms, spellings and chatter (vocabulary.yaml beside it)
    _by_term: dict[str, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_term", {e.term.casefold(): e for e in self.entries})

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def get(self, term: str) -> Entry | None:
        """The entry whose canonical name is `term`, ignoring case."""
        return self._by_term.get(term.casefold())

    def by_category(self) -> dict[str, list[Entry]]:
        """Entries grouped by category, categories in their fixed order, entries by name."""
        groups: dict[str, list[Entry]] = {c: [] for c in CATEGORIES}
        for entry in sorted(self.entries, key=lambda e: e.term.casefold()):
            groups.setdefault(entry.category, []).append(entry)
        return {c: es for c, es in groups.items() if es}
