"""Subscriptions: which channels get a term of the day, when, and whether they are paused (and why)."""

from __future__ import annotations

import secrets
from datetime import datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import ChannelKey, Subscription
from bot.store.tables import ANY_ENTERPRISE, NO_ENTERPRISE, AnyEnterprise, of_team, subscriptions


def key_filter(table: Any, key: ChannelKey) -> ColumnElement[bool]:
    return and_(
        table.c.enterprise_id == (key.enterprise_id or NO_ENTERPRISE),
        table.c.team_id == key.team_id,
        table.c.channel_id == key.channel_id,
    )


def key_values(key: ChannelKey) -> dict[str, str]:
    return {
        "enterprise_id": key.enterprise_id or NO_ENTERPRISE,
        "team_id": key.team_id,
        "channel_id": key.channel_id,
    }


def _subscription(row: Any) -> Subscription:
    hours, minutes = (int(part) for part in row.local_time.split(":"))
    return Subscription(
        key=ChannelKey(row.team_id, row.channel_id, row.enterprise_id or None),
        local_time=time(hours, minutes),
        timezone=row.timezone,
        every_day=bool(row.every_day),
        paused_reason=row.paused_reason,
        rotation_seed=row.rotation_seed,
        created_by=row.created_by,
        updated_at=row.updated_at,
    )


async def subscribe(
    engine: AsyncEngine,
    key: ChannelKey,
    *,
    local_time: time,
    timezone: str,
    every_day: bool,
    now: datetime,
    created_by: str | None = None,
    rotation_seed: int | None = None,
) -> Subscription:
    """Create the subscription or change it; either way it ends up active. The rotation seed is kept."""
    values: dict[str, Any] = {
        "local_time": f"{local_time:%H:%M}",
        "timezone": timezone,
        "every_day": every_day,
        "paused_reason": None,
        "updated_at": now,
    }
    if rotation_seed is not None:
        values["rotation_seed"] = rotation_seed
    if created_by is not None:
        values["created_by"] = created_by  # whoever last turned it on is told if it is paused
    for _ in range(2):  # a concurrent insert of the same channel turns the second try into an update
        async with engine.begin() as conn:
            changed = await conn.execute(
                update(subscriptions).where(key_filter(subscriptions, key)).values(values)
            )
            if changed.rowcount:
                break
        try:
            async with engine.begin() as conn:
                seed = rotation_seed if rotation_seed is not None else secrets.randbelow(2**31)
                await conn.execute(
                    insert(subscriptions).values(
                        {**values, **key_values(key), "rotation_seed": seed, "created_by": created_by}
                    )
                )
            break
        except IntegrityError:
            continue
    found = await get(engine, key)
    assert found is not None
    return found


async def unsubscribe(engine: AsyncEngine, key: ChannelKey) -> bool:
    async with engine.begin() as conn:
        result = await conn.execute(delete(subscriptions).where(key_filter(subscriptions, key)))
    return bool(result.rowcount)


async def pause(engine: AsyncEngine, key: ChannelKey, reason: str, now: datetime) -> bool:
    """Pause an active subscription; True only for the call that paused it (so its owner is told once)."""
    async with engine.begin() as conn:
        result = await conn.execute(
            update(subscriptions)
            .where(key_filter(subscriptions, key), subscriptions.c.paused_reason.is_(None))
            .values(paused_reason=reason, updated_at=now)
        )
    return bool(result.rowcount)


async def get(engine: AsyncEngine, key: ChannelKey) -> Subscription | None:
    async with engine.connect() as conn:
        row = (await conn.execute(select(subscriptions).where(key_filter(subscriptions, key)))).one_or_none()
    return None if row is None else _subscription(row)


async def list_all(
    engine: AsyncEngine, *, team_id: str | None = None, active_only: bool = False,
    enterprise_id: str | AnyEnterprise | None = ANY_ENTERPRISE,
) -> list[Subscription]:
    query = select(subscriptions).where(*of_team(subscriptions, team_id, enterprise_id))
    query = query.order_by(subscriptions.c.team_id, subscriptions.c.channel_id)
    if active_only:
        query = query.where(subscriptions.c.paused_reason.is_(None))
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [_subscription(row) for row in rows]
