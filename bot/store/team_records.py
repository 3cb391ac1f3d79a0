"""What the team-glossary queries hand back: plain frozen dataclasses (no SQLAlchemy rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

PENDING, APPROVED, REJECTED, REMOVED = "pending", "approved", "rejected", "removed"
TERM, NOTE = "term", "note"


@dataclass(frozen=True)
class TeamKey:
    """One workspace (and its Enterprise Grid organisation, where there is one)."""

    team_id: str
    enterprise_id: str | None = None


@dataclass(frozen=True)
class TermDraft:
    """What someone typed for a team term (kind "term") or a note on a shipped term (kind "note")."""

    term: str
    definition: str
    category: str = "concept"
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    kind: str = TERM


@dataclass(frozen=True)
class TermVersion:
    id: int
    key: TeamKey
    version: int
    state: str
    draft: TermDraft
    submitted_by: str
    submitted_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    reason: str | None

    @property
    def term(self) -> str:
        return self.draft.term


@dataclass(frozen=True)
class LearnedPhrasing:
    query_key: str
    term: str
    people: int
