"""Lookups: what people asked for, to show the most looked-up terms and the most frequent misses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import Count, LookupRow, RowsRejected
from bot.store.tables import ANY_ENTERPRISE, NO_ENTERPRISE, AnyEnterprise, lookups, of_team

MAX_QUERY_LENGTH = 500
CHUNK = 100


async def record(engine: AsyncEngine, rows: Sequence[LookupRow]) -> None:
    """Insert lookups in one transaction, CHUNK rows per statement: binding a row's values runs on the event loop
    (~8 µs), so a busy second's batch is bound a chunk at a time, with requests served in between, rather than
    stalling every request for one long batch."""
    if not rows:
        return
    values = [
        {"at": r.at, "team_id": r.team_id, "enterprise_id": r.enterprise_id or NO_ENTERPRISE,
         "query": r.query.strip()[:MAX_QUERY_LENGTH], "status": r.status, "term": r.term}
        for r in rows
    ]
    try:
        async with engine.begin() as conn:
            for start in range(0, len(values), CHUNK):
                await conn.execute(insert(lookups), values[start:start + CHUNK])
    except StatementError as error:
        if _refused(error):
            raise RowsRejected(str(error.orig or error).strip().splitlines()[0]) from error
        raise


def _refused(error: StatementError) -> bool:
    """Whether the database refused the values (SQLSTATE class 22 data exception or 23 integrity violation, or a
    value that could not be bound), rather than being unreachable or failing for a reason a retry can cure."""
    if not isinstance(error, DBAPIError):
        return True  # raised while binding a value, before the database saw it
    if isinstance(error, (DataError, IntegrityError)):
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate[:2] in ("22", "23")


async def _most_frequent(
    engine: AsyncEngine, label: ColumnElement[Any], *conditions: ColumnElement[bool], team_id: str | None, limit: int,
    enterprise_id: str | AnyEnterprise | None = ANY_ENTERPRISE,
) -> list[Count]:
    """The most frequent values of `label` among lookups meeting `conditions` (and of the workspace, if given)."""
    count = func.count().label("n")
    query = select(label, count).where(*conditions, *of_team(lookups, team_id, enterprise_id))
    query = query.group_by(label).order_by(count.desc(), label).limit(limit)
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [Count(row[0], row.n) for row in rows]


async def top_terms(engine: AsyncEngine, *, since: datetime, team_id: str | None, limit: int,
                    enterprise_id: str | AnyEnterprise | None = ANY_ENTERPRISE) -> list[Count]:
    """Terms answered most often since `since` (matches, and ambiguous lookups that named a best entry)."""
    return await _most_frequent(
        engine, lookups.c.term, lookups.c.at >= since, lookups.c.term.is_not(None), lookups.c.status != "none",
        team_id=team_id, enterprise_id=enterprise_id, limit=limit,
    )


async def top_misses(engine: AsyncEngine, *, since: datetime, team_id: str | None, limit: int) -> list[Count]:
    """Queries that found nothing, most frequent first, compared ignoring case."""
    asked = func.lower(lookups.c.query).label("asked")
    return await _most_frequent(
        engine, asked, lookups.c.at >= since, lookups.c.status == "none", team_id=team_id, limit=limit
    )


async def count_misses(engine: AsyncEngine, *, since: datetime, team_id: str | None) -> int:
    """How many lookups found nothing since `since` (for people who may see the number, not the queries)."""
    query = select(func.count()).where(lookups.c.at >= since, lookups.c.status == "none")
    if team_id is not None:
        query = query.where(lookups.c.team_id == team_id)
    async with engine.connect() as conn:
        return int((await conn.execute(query)).scalar() or 0)
