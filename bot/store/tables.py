"""The tables: subscriptions, posts and lookups, keyed by (enterprise, team, channel), plus schema_version."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Dialect,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

NO_ENTERPRISE = ""  # stored instead of NULL so the unique keys hold for workspaces outside Enterprise Grid


class AnyEnterprise(Enum):
    """A filter by team id whatever the organisation (the shell's and the daily report's stats name a team only)."""

    ANY = "any"


ANY_ENTERPRISE = AnyEnterprise.ANY


def of_team(table: Table, team_id: str | None, enterprise_id: str | AnyEnterprise | None) -> list[ColumnElement[bool]]:
    """The conditions for a workspace's rows: (enterprise_id, team_id), its key; team_id None: every team."""
    if team_id is None:
        return []
    if enterprise_id is ANY_ENTERPRISE:
        return [table.c.team_id == team_id]
    return [table.c.enterprise_id == (enterprise_id or NO_ENTERPRISE), table.c.team_id == team_id]


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC so SQLite and Postgres agree."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"expected an aware datetime, got {value!r}")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


_CONTROL = re.compile(r"[\x01-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Text fit to store: line ends as \\n, NUL dropped (Postgres refuses it), other control characters (tab and
    newline apart) turned into spaces, lone surrogates (which UTF-8 cannot encode) into U+FFFD. Printable text (no
    control character, line end or surrogate: most of what is stored) is returned as it is, at once."""
    if value.isprintable():
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", value))


class CleanText(TypeDecorator[str]):
    """Text columns holding what people or Slack wrote: every value is cleaned (clean_text) on its way in."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else clean_text(str(value))


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", String(32), nullable=False, default=NO_ENTERPRISE),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("local_time", String(5), nullable=False),  # "HH:MM"
    Column("timezone", String(64), nullable=False),
    Column("every_day", Boolean, nullable=False, default=False),
    Column("paused_reason", CleanText, nullable=True),  # NULL: active
    Column("rotation_seed", Integer, nullable=False),
    Column("created_by", String(64), nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("enterprise_id", "team_id", "channel_id", name="uq_subscriptions_channel"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", String(32), nullable=False, default=NO_ENTERPRISE),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("state", String(16), nullable=False),  # claimed | posted | released | failed
    Column("claim_token", String(32), nullable=False),
    Column("claimed_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Column("retry_at", UTCDateTime, nullable=True),
    Column("term", CleanText, nullable=True),
    Column("cycle", Integer, nullable=True),
    Column("slack_ts", String(32), nullable=True),
    Column("posted_at", UTCDateTime, nullable=True),
    Column("last_error", CleanText, nullable=True),
    UniqueConstraint("enterprise_id", "team_id", "channel_id", "local_date", name="uq_posts_channel_day"),
)

lookups = Table(
    "lookups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("enterprise_id", String(32), nullable=False, default=NO_ENTERPRISE),
    Column("team_id", String(32), nullable=False),
    Column("query", CleanText, nullable=False),
    Column("status", String(16), nullable=False),  # match | ambiguous | none
    Column("term", CleanText, nullable=True),
    Index("ix_lookups_team_at", "team_id", "at"),
)

seen_events = Table(
    "seen_events",
    metadata,
    Column("event_id", String(64), primary_key=True),  # Slack's event_id: the unique key every process checks
    Column("seen_at", UTCDateTime, nullable=False),
    Index("ix_seen_events_seen_at", "seen_at"),
)
# --- the team's own glossary (issue 13): every table keyed by (enterprise_id, team_id) -------------------------

team_terms = Table(  # every version of every team term or team note; the live one is derived (bot/store/team_terms)
    "team_terms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", String(32), nullable=False, default=NO_ENTERPRISE),
    Column("team_id", String(32), nullable=False),
    Column("term_key", String(200), nullable=False),  # casefolded name: versions of one term share it
    Column("version", Integer, nullable=False),
    Column("kind", String(8), nullable=False),  # term | note (a note on a shipped term)
    Column("state", String(12), nullable=False),  # pending | approved | rejected | removed
    Column("term", CleanText, nullable=False),
    Column("aliases", CleanText, nullable=False, default=""),  # one per line
    Column("category", String(32), nullable=False),
    Column("definition", CleanText, nullable=False),
    Column("related", CleanText, nullable=False, default=""),  # one per line
    Column("submitted_by", String(64), nullable=False),
    Column("submitted_at", UTCDateTime, nullable=False),
    Column("reviewed_by", String(64), nullable=True),
    Column("reviewed_at", UTCDateTime, nullable=True),
    Column("reason", CleanText, nullable=True),
    UniqueConstraint("enterprise_id", "team_id", "term_key", "version", name="uq_team_terms_version"),
    Index("ix_team_terms_submitter", "team_id", "submitted_by", "submitted_at"),
)

team_state = Table(  # per workspace: the version counter every process polls, the review channel, its name
    "team_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", String(32), nullable=False, default=NO_ENTERPRISE),
    Column("team_id", String(32), nullable=False),
    Column("version", Integer, nullable=False, default=0),
    Column("review_channel", String(32), nullable=True),
    Column("team_name", CleanText, nullable=True),
    UniqueConstraint("enterprise_id", "team_id", name="uq_team_state_team"),
)

phrasing_labels = Table(  # a "did you mean" press: this person meant this entry by these words (latest choice)
    "phrasing_labels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", String(32), nullable=False, default=NO_ENTERPRISE),
    Column("team_id", String(32), nullable=False),
    Column("query_key", String(200), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("term", CleanText, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    UniqueConstraint("enterprise_id", "team_id", "query_key", "user_id", name="uq_phrasing_labels_vote"),
)

removed_phrasings = Table(  # phrasings a reviewer removed: never learned again
    "removed_phrasings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", String(32), nullable=False, default=NO_ENTERPRISE),
    Column("team_id", String(32), nullable=False),
    Column("query_key", String(200), nullable=False),
    Column("term", CleanText, nullable=False),
    Column("removed_by", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    UniqueConstraint("enterprise_id", "team_id", "query_key", "term", name="uq_removed_phrasings"),
)

review_posts = Table(  # where a version's review message went (channel, ts): a decision made anywhere updates it
    "review_posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enterprise_id", String(32), nullable=False, default=NO_ENTERPRISE),
    Column("team_id", String(32), nullable=False),
    Column("version_id", Integer, nullable=False),  # team_terms.id
    Column("channel_id", String(32), nullable=False),
    Column("ts", String(32), nullable=False),
    UniqueConstraint("version_id", "channel_id", name="uq_review_posts_channel"),
)

# Every table holding a workspace's rows by (enterprise_id, team_id): uninstalling a workspace deletes from these.
TEAM_TABLES: tuple[Table, ...] = (team_terms, team_state, phrasing_labels, removed_phrasings)
