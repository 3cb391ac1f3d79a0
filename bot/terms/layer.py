"""A team's live versions -> what its matcher layer holds: its own entries (marked as the team's), the shipped
entries it annotated (team notes, other meanings of a shared acronym) and the phrasings it taught by choosing.

Built only from the store's records and the shipped glossary: no Slack, no database here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from bot.glossary.model import Entry, Glossary
from bot.render.content import one_line
from bot.store.team_records import NOTE, LearnedPhrasing, TermVersion
from bot.terms.rules import is_acronym, name_key, shipped_names

DEFAULT_TEAM_NAME = "your team"


@dataclass(frozen=True)
class TeamLayer:
    team_name: str
    entries: tuple[Entry, ...] = ()  # the team's own terms
    annotated: dict[str, Entry] = field(default_factory=dict)  # shipped term (casefolded) -> the annotated copy
    learned: dict[str, str] = field(default_factory=dict)  # normalised query -> entry name

    @property
    def empty(self) -> bool:
        return not (self.entries or self.annotated or self.learned)


def team_entry(version: TermVersion, team_name: str) -> Entry:
    draft = version.draft
    return Entry(term=draft.term, category=draft.category, definition=" ".join(draft.definition.split()),
                 aliases=draft.aliases, related=draft.related, team=team_name)


def build_layer(shipped: Glossary, live: Sequence[TermVersion], learned: Sequence[LearnedPhrasing],
                team_name: str | None) -> TeamLayer:
    name = team_name or DEFAULT_TEAM_NAME
    entries = tuple(team_entry(v, name) for v in live if v.draft.kind != NOTE)
    notes: dict[str, list[str]] = defaultdict(list)
    for version in live:
        if version.draft.kind == NOTE and shipped.get(version.term) is not None:
            notes[version.term.casefold()].append(f"At {name}: {' '.join(version.draft.definition.split())}")
    shipped_keys = shipped_names(shipped)
    for entry in entries:
        for acronym in (n for n in entry.names if is_acronym(n)):
            clashing = shipped_keys.get(name_key(acronym))
            if clashing is not None:
                notes[clashing.term.casefold()].append(
                    f"At {name}, {acronym} also means {entry.term}: {one_line(entry)}")
    annotated = {}
    for key, lines in notes.items():
        original = shipped.get(key)
        if original is not None:
            annotated[key] = replace(original, team_notes=tuple(lines))
    own = {e.term.casefold() for e in entries}
    phrasings = {p.query_key: p.term for p in learned if p.term.casefold() in own or shipped.get(p.term)}
    return TeamLayer(name, entries, annotated, phrasings)
