"""Posts: one row per (channel, local date). Claiming the row is what lets exactly one process post.

States: claimed (a process is posting) -> posted | released (temporary failure, retry after retry_at)
| failed (permanent failure; the subscription is paused). A claim is a compare-and-swap on claim_token, so two
processes can never both hold it, on SQLite or Postgres.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import ChannelKey, Claim, PostedTerm, PostRecord
from bot.store.subscriptions import key_filter, key_values
from bot.store.tables import posts

CLAIMED, POSTED, RELEASED, FAILED = "claimed", "posted", "released", "failed"


def _day_filter(key: ChannelKey, local_date: date) -> Any:
    return key_filter(posts, key) & (posts.c.local_date == local_date)


def _reclaimable(row: Any, now: datetime, stale_after: timedelta) -> bool:
    if row.state == POSTED:
        return False
    if row.state == CLAIMED:
        return bool(row.claimed_at <= now - stale_after)
    return row.retry_at is None or row.retry_at <= now


async def claim(
    engine: AsyncEngine, key: ChannelKey, local_date: date, *, now: datetime, stale_after: timedelta
) -> Claim | None:
    """Claim the day's post for the channel, or None when posted, held by a live claim, or backing off."""
    token = uuid.uuid4().hex
    fresh = {"state": CLAIMED, "claim_token": token, "claimed_at": now, "retry_at": None}
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(posts).values({**key_values(key), "local_date": local_date, "attempts": 1, **fresh})
            )
        return Claim(key, local_date, token, attempts=1, takeover=False)
    except IntegrityError:
        pass  # the row exists: see whether it may be taken
    async with engine.connect() as conn:
        row = (await conn.execute(select(posts).where(_day_filter(key, local_date)))).one_or_none()
    if row is None or not _reclaimable(row, now, stale_after):
        return None
    async with engine.begin() as conn:
        swapped = await conn.execute(
            update(posts)
            .where(posts.c.id == row.id, posts.c.claim_token == row.claim_token, posts.c.state == row.state)
            .values(attempts=row.attempts + 1, **fresh)
        )
    if swapped.rowcount != 1:
        return None  # another process swapped first
    return Claim(
        key, local_date, token, attempts=row.attempts + 1, takeover=row.state == CLAIMED,
        previous_claimed_at=row.claimed_at,
    )


async def _finish(engine: AsyncEngine, held: Claim, **values: Any) -> bool:
    async with engine.begin() as conn:
        result = await conn.execute(
            update(posts)
            .where(_day_filter(held.key, held.local_date), posts.c.claim_token == held.token)
            .values(**values)
        )
    return bool(result.rowcount)


async def mark_posted(
    engine: AsyncEngine, held: Claim, *, slack_ts: str, term: str, cycle: int, now: datetime
) -> bool:
    """Record the post; False when the claim was lost (taken over) meanwhile."""
    return await _finish(
        engine, held, state=POSTED, slack_ts=slack_ts, term=term, cycle=cycle, posted_at=now, last_error=None
    )


async def release(engine: AsyncEngine, held: Claim, *, error: str, retry_at: datetime) -> bool:
    """Give the claim back after a temporary failure; any process may claim again from retry_at."""
    return await _finish(engine, held, state=RELEASED, last_error=error, retry_at=retry_at)


async def fail(engine: AsyncEngine, held: Claim, *, error: str) -> bool:
    """A permanent failure: the day stays unposted (the caller pauses the subscription)."""
    return await _finish(engine, held, state=FAILED, last_error=error, retry_at=None)


async def get(engine: AsyncEngine, key: ChannelKey, local_date: date) -> PostRecord | None:
    async with engine.connect() as conn:
        row = (await conn.execute(select(posts).where(_day_filter(key, local_date)))).one_or_none()
    if row is None:
        return None
    return PostRecord(
        key=key, local_date=row.local_date, state=row.state, attempts=row.attempts, term=row.term,
        cycle=row.cycle, slack_ts=row.slack_ts, retry_at=row.retry_at, last_error=row.last_error,
    )


async def posted_terms(engine: AsyncEngine, key: ChannelKey) -> list[PostedTerm]:
    """Every term posted in the channel, oldest first."""
    query = (
        select(posts.c.local_date, posts.c.term, posts.c.cycle)
        .where(key_filter(posts, key), posts.c.state == POSTED, posts.c.term.is_not(None))
        .order_by(posts.c.local_date)
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [PostedTerm(row.local_date, row.term, row.cycle or 0) for row in rows]
