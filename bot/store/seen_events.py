"""Seen events: Slack's event ids, kept an hour, so any process, before or after a restart, answers an event once.

Slack re-delivers an event it thinks was missed (X-Slack-Retry-Num), possibly to another process behind the
load balancer, or to this one after a restart. The first process to insert the id wins; everyone else sees it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.tables import clean_text, seen_events

REMEMBER = timedelta(hours=1)  # Slack retries within minutes; an id older than this may be answered again
MAX_EVENT_ID = 64


async def first_delivery(engine: AsyncEngine, event_id: str, now: datetime) -> bool:
    """True for the first delivery of `event_id` within REMEMBER (recording it), False for every repeat."""
    key = clean_text(event_id)[:MAX_EVENT_ID]
    async with engine.begin() as conn:
        await conn.execute(delete(seen_events).where(seen_events.c.seen_at < now - REMEMBER))
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        insert = dialect.insert(seen_events).values(event_id=key, seen_at=now)
        result = await conn.execute(insert.on_conflict_do_nothing(index_elements=[seen_events.c.event_id]))
    return result.rowcount == 1
