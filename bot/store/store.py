"""Store: the bot's memory behind one object, on SQLite (aiosqlite) or Postgres (asyncpg) one code path."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.clock import Clock, utc_now
from bot.store import lookups, migrate, posts, seen_events, subscriptions, workspaces
from bot.store.records import ChannelKey, Claim, Count, LookupRow, PostedTerm, PostRecord, Subscription
from bot.store.tables import ANY_ENTERPRISE, AnyEnterprise
from bot.store.url import engine_target


def _sqlite_transactions(engine: AsyncEngine) -> None:
    """SQLite: every transaction takes the write lock up front (BEGIN IMMEDIATE), so concurrent processes
    queue on the busy timeout instead of failing with "database is locked" halfway through."""

    @event.listens_for(engine.sync_engine, "connect")
    def _no_driver_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class Store:
    def __init__(self, engine: AsyncEngine, *, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.clock = clock

    @classmethod
    async def open(cls, database_url: str, *, clock: Clock = utc_now) -> Store:
        """Connect, then create or upgrade the tables (recording the schema version)."""
        target = engine_target(database_url)
        engine = create_async_engine(target.url, connect_args=target.connect_args, pool_pre_ping=True)
        if target.is_sqlite:
            _sqlite_transactions(engine)
        try:
            await migrate.upgrade(engine)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine, clock=clock)

    async def close(self) -> None:
        await self.engine.dispose()

    # subscriptions
    async def subscribe(
        self, key: ChannelKey, *, local_time: time, timezone: str, every_day: bool,
        created_by: str | None = None, rotation_seed: int | None = None,
    ) -> Subscription:
        return await subscriptions.subscribe(
            self.engine, key, local_time=local_time, timezone=timezone, every_day=every_day,
            now=self.clock(), created_by=created_by, rotation_seed=rotation_seed,
        )

    async def unsubscribe(self, key: ChannelKey) -> bool:
        return await subscriptions.unsubscribe(self.engine, key)

    async def pause_subscription(self, key: ChannelKey, reason: str) -> bool:
        return await subscriptions.pause(self.engine, key, reason, self.clock())

    async def get_subscription(self, key: ChannelKey) -> Subscription | None:
        return await subscriptions.get(self.engine, key)

    async def list_subscriptions(
        self, *, team_id: str | None = None, active_only: bool = False,
        enterprise_id: str | AnyEnterprise | None = ANY_ENTERPRISE,
    ) -> list[Subscription]:
        """Every subscription, or a team's: of that workspace (enterprise_id, team_id) when `enterprise_id` is given
        (None: outside Enterprise Grid), else of every workspace with that team id."""
        return await subscriptions.list_all(self.engine, team_id=team_id, active_only=active_only,
                                            enterprise_id=enterprise_id)

    # posts
    async def claim_post(
        self, key: ChannelKey, local_date: date, *, now: datetime, stale_after: timedelta
    ) -> Claim | None:
        return await posts.claim(self.engine, key, local_date, now=now, stale_after=stale_after)

    async def mark_posted(self, held: Claim, *, slack_ts: str, term: str, cycle: int, now: datetime) -> bool:
        return await posts.mark_posted(self.engine, held, slack_ts=slack_ts, term=term, cycle=cycle, now=now)

    async def release_post(self, held: Claim, *, error: str, retry_at: datetime) -> bool:
        return await posts.release(self.engine, held, error=error, retry_at=retry_at)

    async def fail_post(self, held: Claim, *, error: str) -> bool:
        return await posts.fail(self.engine, held, error=error)

    async def get_post(self, key: ChannelKey, local_date: date) -> PostRecord | None:
        return await posts.get(self.engine, key, local_date)

    async def posted_terms(self, key: ChannelKey) -> list[PostedTerm]:
        return await posts.posted_terms(self.engine, key)

    # lookups and statistics
    async def record_lookup(
        self, *, team_id: str, enterprise_id: str | None, query: str, status: str, term: str | None,
        at: datetime | None = None,
    ) -> None:
        row = LookupRow(at or self.clock(), team_id, enterprise_id, query, status, term)
        await lookups.record(self.engine, [row])

    async def record_lookups(self, rows: Sequence[LookupRow]) -> None:
        """Several lookups in one transaction (the LookupWriter's batches)."""
        await lookups.record(self.engine, rows)

    async def top_terms(
        self, *, days: int = 30, since: datetime | None = None, team_id: str | None = None, limit: int = 10,
        enterprise_id: str | AnyEnterprise | None = ANY_ENTERPRISE,
    ) -> list[Count]:
        """The most looked-up terms since `since` (the App Home: this month), else in the last `days` days; of a
        team as list_subscriptions's."""
        start = since if since is not None else self.clock() - timedelta(days=days)
        return await lookups.top_terms(self.engine, since=start, team_id=team_id, limit=limit,
                                       enterprise_id=enterprise_id)

    async def top_misses(self, *, days: int = 30, team_id: str | None = None, limit: int = 10) -> list[Count]:
        since = self.clock() - timedelta(days=days)
        return await lookups.top_misses(self.engine, since=since, team_id=team_id, limit=limit)

    async def count_misses(self, *, days: int = 30, team_id: str | None = None) -> int:
        return await lookups.count_misses(self.engine, since=self.clock() - timedelta(days=days), team_id=team_id)

    # events
    async def first_delivery(self, event_id: str) -> bool:
        """True the first time any process offers this Slack event id within the hour; False for a repeat."""
        return await seen_events.first_delivery(self.engine, event_id, self.clock())
    # installed workspaces (OAuth)
    async def list_workspaces(self) -> list[workspaces.Workspace]:
        return await workspaces.list_workspaces(self.engine)

    async def forget_workspace(self, *, team_id: str | None, enterprise_id: str | None) -> workspaces.Forgotten:
        """Delete a workspace's (or, team_id None, an organisation's) installation and data in one transaction."""
        return await workspaces.forget(self.engine, team_id=team_id, enterprise_id=enterprise_id)
