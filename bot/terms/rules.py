"""The rules one suggestion must meet: `csterm check`'s, for one entry, plus what a team layer adds.

Structure and the cross-entry rules come from bot/glossary (parse_entry, check_entries), run on the suggestion
together with the team's live terms; what only a team layer has is decided here: a name that is already a shipped
name makes the suggestion a note on that entry; an acronym that a shipped entry also uses is declared as another
meaning of it; team definitions are 25-120 words. Every refusal is keyed by the modal's field and says what to
change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from bot.glossary.check import check_entries
from bot.glossary.model import Entry, Glossary
from bot.glossary.parse import parse_entry
from bot.glossary.yaml_lines import LineDict
from bot.search.normalize import compact, normalize_name
from bot.store.team_records import NOTE, TERM, TermDraft

FIELDS = ("term", "aliases", "category", "definition", "related")
MIN_WORDS, MAX_WORDS = 25, 120
MIN_NOTE_WORDS = 3
MAX_NAME = 80
MAX_ALIASES = 10
MAX_RELATED = 10
MAX_TYPED = 5_000  # anything longer is refused before any other check (forged payloads)


@dataclass(frozen=True)
class Verdict:
    """What a suggestion becomes: refused (errors by field), a team term, or a note on a shipped entry."""

    draft: TermDraft
    errors: dict[str, str] = field(default_factory=dict)
    shipped_acronyms: tuple[tuple[str, str], ...] = ()  # (acronym, shipped term) declared as other meanings

    @property
    def ok(self) -> bool:
        return not self.errors


def name_key(name: str) -> str:
    return compact(normalize_name(name))


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(name.strip()) <= 6 and bool(letters) and all(c.isupper() for c in letters)


def _field_of(message: str) -> str:
    for name in ("related", "alias", "category", "definition"):
        if message.startswith(name) or f" {name}" in message[:30]:
            return "aliases" if name == "alias" else name
    return "term"


def _add(errors: dict[str, str], where: str, message: str) -> None:
    errors.setdefault(where, message)


def _structure(draft: TermDraft, errors: dict[str, str]) -> Entry | None:
    """The suggestion through the glossary file's own parser (categories, lengths, required fields)."""
    raw = LineDict({"term": draft.term, "category": draft.category, "definition": draft.definition,
                    **({"aliases": list(draft.aliases)} if draft.aliases else {}),
                    **({"related": list(draft.related)} if draft.related else {})})
    raw.line, raw.key_lines = 1, {}

    def report_for(_term: str | None) -> object:
        return lambda _line, message: _add(errors, _field_of(message), message[0].upper() + message[1:] + ".")

    return parse_entry(raw, 0, report_for)  # type: ignore[arg-type]


def check_draft(draft: TermDraft, shipped: Glossary, team: Sequence[Entry], *, editing: str | None = None) -> Verdict:
    """Check one suggestion against the shipped glossary and the team's live terms (`editing`: the team term it
    is a new version of, whose names it may keep)."""
    errors: dict[str, str] = {}
    if len(draft.term) > MAX_TYPED or len(draft.definition) > MAX_TYPED or sum(map(len, draft.aliases)) > MAX_TYPED:
        where = "term" if len(draft.term) > MAX_TYPED else "definition" if len(draft.definition) > MAX_TYPED else (
            "aliases")
        return Verdict(draft, {where: f"Far too long: keep the {where} under {MAX_TYPED} characters."})
    draft = replace(draft, term=" ".join(draft.term.split()), aliases=tuple(" ".join(a.split()) for a in
                    draft.aliases if a.strip()), related=tuple(r.strip() for r in draft.related if r.strip()))
    if len(draft.term) > MAX_NAME:
        _add(errors, "term", f"The name is {len(draft.term)} characters: keep it to {MAX_NAME}.")
    if len(draft.aliases) > MAX_ALIASES:
        _add(errors, "aliases", f"{len(draft.aliases)} aliases: keep the {MAX_ALIASES} people really use.")
    if any(len(a) > MAX_NAME for a in draft.aliases):
        _add(errors, "aliases", f"Each alias must be at most {MAX_NAME} characters.")
    shipped_entry = shipped.get(draft.term) or _shipped_by_name(shipped, draft.term)
    kind = NOTE if (shipped_entry is not None and not is_acronym(draft.term)) or draft.kind == NOTE else TERM
    if kind == NOTE:
        target = shipped_entry or shipped.get(draft.term)
        if target is None:
            _add(errors, "term", f"“{draft.term}” is not a shipped term, so there is nothing to add a note to.")
            return Verdict(draft, errors)
        draft = replace(draft, term=target.term, kind=NOTE, category=target.category, aliases=(), related=())
        words = len(draft.definition.split())
        if not MIN_NOTE_WORDS <= words <= MAX_WORDS:
            _add(errors, "definition", f"The note has {words} words: write {MIN_NOTE_WORDS} to {MAX_WORDS}.")
        return Verdict(draft, errors)
    draft = replace(draft, kind=TERM)
    words = len(draft.definition.split())
    if words and not MIN_WORDS <= words <= MAX_WORDS:
        _add(errors, "definition", f"The definition has {words} words: write {MIN_WORDS} to {MAX_WORDS}, in plain "
                                   "words a new hire understands.")
    entry = _structure(draft, errors)
    acronyms = _shipped_clashes(draft, shipped, errors)
    others = [e for e in team if e.term.casefold() != (editing or draft.term).casefold()]
    _team_clashes(draft, others, errors)
    known = {e.term.casefold() for e in others} | {draft.term.casefold()}
    if len(draft.related) > MAX_RELATED:
        _add(errors, "related", f"{len(draft.related)} related terms: keep the {MAX_RELATED} closest.")
    for name in draft.related:
        if name.casefold() == draft.term.casefold():
            _add(errors, "related", "A term cannot be related to itself: remove it from related terms.")
        elif name.casefold() not in known and shipped.get(name) is None:
            _add(errors, "related", f"“{name}” is not a term in the glossary: pick related terms from the list.")
    if entry is not None and not errors:
        def report(_entry: Entry, _line: int, message: str) -> None:
            _add(errors, _field_of(message), message[0].upper() + message[1:] + ".")
        check_entries([*others, replace(entry, related=())], report)
    return Verdict(draft, errors, tuple(acronyms))


@lru_cache(maxsize=4)
def shipped_names(shipped: Glossary) -> dict[str, Entry]:
    """Every shipped name and alias by its key, built once per glossary (a suggestion checks a few names)."""
    index: dict[str, Entry] = {}
    for entry in shipped.entries:
        for name in entry.names:
            index.setdefault(name_key(name), entry)
    return index


def _shipped_by_name(shipped: Glossary, name: str) -> Entry | None:
    key = name_key(name)
    return shipped_names(shipped).get(key) if key else None


def _shipped_clashes(draft: TermDraft, shipped: Glossary, errors: dict[str, str]) -> list[tuple[str, str]]:
    """Aliases that are shipped names: an acronym is declared as another meaning; any other name is refused."""
    declared: list[tuple[str, str]] = []
    for name in (draft.term, *draft.aliases):
        entry = _shipped_by_name(shipped, name)
        if entry is None:
            continue
        if is_acronym(name):
            declared.append((name, entry.term))
        else:
            _add(errors, "aliases", f"“{name}” is already the shipped term {entry.term}: remove it here (to add "
                                    f"your team's note to {entry.term}, use `/csterm edit {entry.term}`).")
    return declared


def _team_clashes(draft: TermDraft, others: Sequence[Entry], errors: dict[str, str]) -> None:
    taken = {name_key(n): e.term for e in others for n in e.names}
    for where, names in (("term", (draft.term,)), ("aliases", draft.aliases)):
        for name in names:
            owner = taken.get(name_key(name))
            if owner is not None:
                _add(errors, where, f"“{name}” is already your team's term {owner}: choose another name, or "
                                    f"change {owner} with `/csterm edit {owner}`.")
