"""Create or upgrade the tables at start-up and record the schema version, safe with concurrent processes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.tables import TEAM_TABLES, lookups, posts, review_posts, schema_version, seen_events, subscriptions

SCHEMA_VERSION = 5
_PG_LOCK_KEY = 0x637374_65726D  # "csterm": serialises start-up migrations across processes on Postgres


class SchemaTooNew(RuntimeError):
    """The database was upgraded by a newer csterm; this one must not write to it."""


def _create_v1(conn: Connection) -> None:
    for table in (subscriptions, posts, lookups):
        table.create(conn, checkfirst=True)


def _add_seen_events(conn: Connection) -> None:
    seen_events.create(conn, checkfirst=True)


def _create_oauth_tables(conn: Connection) -> None:
    """slack-sdk's installation, bot and OAuth-state tables (OAuth installs into many workspaces)."""
    from bot.store.workspaces import oauth_metadata

    oauth_metadata.create_all(conn, checkfirst=True)


def _create_team_glossary(conn: Connection) -> None:
    """The team's own glossary (terms and their versions, review state, learned phrasings)."""
    for table in TEAM_TABLES:
        table.create(conn, checkfirst=True)


def _add_review_posts(conn: Connection) -> None:
    """Where each suggestion's review message is, so a decision made from the Home tab updates it too."""
    review_posts.create(conn, checkfirst=True)


# version -> the step that brings a database from version-1 to version. Add steps; never edit old ones.
STEPS: dict[int, Callable[[Connection], None]] = {
    1: _create_v1, 2: _add_seen_events, 3: _create_oauth_tables, 4: _create_team_glossary, 5: _add_review_posts,
}


def _upgrade(conn: Connection) -> int:
    schema_version.create(conn, checkfirst=True)
    current = conn.execute(select(func.max(schema_version.c.version))).scalar() or 0
    if current > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"the database is at schema version {current}, newer than this csterm ({SCHEMA_VERSION}): "
            "upgrade csterm"
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        STEPS[version](conn)
        conn.execute(insert(schema_version).values(version=version, applied_at=datetime.now(UTC)))
    return SCHEMA_VERSION


async def upgrade(engine: AsyncEngine) -> int:
    """Bring the database to SCHEMA_VERSION in one transaction; returns the version."""
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        return await conn.run_sync(_upgrade)
