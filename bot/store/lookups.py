"""Lookups: what people asked for, to show the most looked-up terms and the most frequent misses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import Count
from bot.store.tables import NO_ENTERPRISE, lookups

MAX_QUERY_LENGTH = 500


@dataclass(frozen=True)
class LookupRow:
    at: datetime
    team_id: str
    enterprise_id: str | None
    query: str
    status: str
    term: str | None


async def record(engine: AsyncEngine, rows: Sequence[LookupRow]) -> None:
    """Insert lookups in one transaction (one round trip for a whole batch)."""
    if not rows:
        return
    values = [
        {"at": r.at, "team_id": r.team_id, "enterprise_id": r.enterprise_id or NO_ENTERPRISE,
         "query": r.query.strip()[:MAX_QUERY_LENGTH], "status": r.status, "term": r.term}
        for r in rows
    ]
    async with engine.begin() as conn:
        await conn.execute(insert(lookups), values)


async def top_terms(engine: AsyncEngine, *, since: datetime, team_id: str | None, limit: int) -> list[Count]:
    """Terms answered most often since `since` (matches, and ambiguous lookups that named a best entry)."""
    count = func.count().label("n")
    query = (
        select(lookups.c.term, count)
        .where(lookups.c.at >= since, lookups.c.term.is_not(None), lookups.c.status != "none")
        .group_by(lookups.c.term)
        .order_by(count.desc(), lookups.c.term)
        .limit(limit)
    )
    if team_id is not None:
        query = query.where(lookups.c.team_id == team_id)
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [Count(row.term, row.n) for row in rows]


async def top_misses(engine: AsyncEngine, *, since: datetime, team_id: str | None, limit: int) -> list[Count]:
    """Queries that found nothing, most frequent first, compared ignoring case."""
    asked = func.lower(lookups.c.query).label("asked")
    count = func.count().label("n")
    query = (
        select(asked, count)
        .where(lookups.c.at >= since, lookups.c.status == "none")
        .group_by(asked)
        .order_by(count.desc(), asked)
        .limit(limit)
    )
    if team_id is not None:
        query = query.where(lookups.c.team_id == team_id)
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [Count(row.asked, row.n) for row in rows]
