"""The store on SQLite and on Postgres: schema version, subscriptions, claims, lookups and statistics."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, insert, select

from bot.store.migrate import SCHEMA_VERSION, SchemaTooNew
from bot.store.records import ChannelKey
from bot.store.store import Store
from bot.store.tables import schema_version
from tests.store.clock import FakeClock

KEY = ChannelKey("T1", "C1")
DAY = date(2024, 3, 4)
STALE = timedelta(minutes=10)


async def test_open_records_schema_version_once(db_url: str) -> None:
    for _ in range(2):  # a second start-up finds the tables and changes nothing
        store = await Store.open(db_url)
        async with store.engine.connect() as conn:
            versions = (await conn.execute(select(schema_version.c.version))).scalars().all()
        await store.close()
        assert versions == list(range(1, SCHEMA_VERSION + 1))


async def test_open_concurrently_creates_tables_once(db_url: str) -> None:
    stores = await asyncio.gather(*(Store.open(db_url) for _ in range(3)))
    async with stores[0].engine.connect() as conn:
        count = (await conn.execute(select(func.count()).select_from(schema_version))).scalar()
    for store in stores:
        await store.close()
    assert count == SCHEMA_VERSION  # each step recorded once, whoever opened first


async def test_refuses_a_database_from_a_newer_csterm(store: Store, db_url: str) -> None:
    async with store.engine.begin() as conn:
        await conn.execute(insert(schema_version).values(version=SCHEMA_VERSION + 1, applied_at=datetime.now(UTC)))
    with pytest.raises(SchemaTooNew, match=f"schema version {SCHEMA_VERSION + 1}"):
        await Store.open(db_url)


async def test_subscribe_update_pause_and_unsubscribe(store: Store) -> None:
    first = await store.subscribe(KEY, local_time=time(9), timezone="UTC", every_day=False, rotation_seed=7)
    assert (first.local_time, first.timezone, first.every_day, first.active) == (time(9), "UTC", False, True)
    assert await store.pause_subscription(KEY, "not_in_channel: invite csterm")
    paused = await store.get_subscription(KEY)
    assert paused is not None and not paused.active and paused.paused_reason == "not_in_channel: invite csterm"
    assert "paused: not_in_channel" in paused.describe()
    again = await store.subscribe(KEY, local_time=time(17, 30), timezone="Europe/Paris", every_day=True)
    assert (again.local_time, again.timezone, again.every_day, again.active) == (
        time(17, 30), "Europe/Paris", True, True)
    assert again.rotation_seed == 7  # the rotation carries on where it was
    assert [s.key for s in await store.list_subscriptions(active_only=True)] == [KEY]
    assert await store.unsubscribe(KEY)
    assert await store.get_subscription(KEY) is None
    assert not await store.unsubscribe(KEY)


async def test_keys_separate_teams_and_enterprises(store: Store) -> None:
    keys = [ChannelKey("T1", "C1"), ChannelKey("T2", "C1"), ChannelKey("T1", "C1", "E1")]
    for n, key in enumerate(keys):
        await store.subscribe(key, local_time=time(8 + n), timezone="UTC", every_day=False)
    assert {s.key: s.local_time.hour for s in await store.list_subscriptions()} == {
        keys[0]: 8, keys[1]: 9, keys[2]: 10}
    assert [s.key for s in await store.list_subscriptions(team_id="T2")] == [keys[1]]
    now = datetime(2024, 3, 4, 12, tzinfo=UTC)
    claims = [await store.claim_post(key, DAY, now=now, stale_after=STALE) for key in keys]
    assert all(claim is not None for claim in claims)  # one claim per channel of each workspace


async def test_only_one_claim_per_channel_and_day(store: Store) -> None:
    now = datetime(2024, 3, 4, 9, tzinfo=UTC)
    held = await store.claim_post(KEY, DAY, now=now, stale_after=STALE)
    assert held is not None and held.attempts == 1 and not held.takeover
    assert await store.claim_post(KEY, DAY, now=now + timedelta(minutes=9), stale_after=STALE) is None
    assert await store.claim_post(KEY, DAY + timedelta(days=1), now=now, stale_after=STALE) is not None
    assert await store.mark_posted(held, slack_ts="1.1", term="Churn Rate", cycle=0, now=now)
    assert await store.claim_post(KEY, DAY, now=now + timedelta(days=1), stale_after=STALE) is None
    record = await store.get_post(KEY, DAY)
    assert record is not None and (record.state, record.slack_ts, record.term) == ("posted", "1.1", "Churn Rate")


async def test_concurrent_claims_have_one_winner(store: Store, db_url: str) -> None:
    others = [await Store.open(db_url) for _ in range(3)]
    now = datetime(2024, 3, 4, 9, tzinfo=UTC)
    results = await asyncio.gather(*(s.claim_post(KEY, DAY, now=now, stale_after=STALE) for s in [store, *others]))
    for other in others:
        await other.close()
    assert sum(result is not None for result in results) == 1


async def test_stale_claim_is_taken_over_once(store: Store) -> None:
    start = datetime(2024, 3, 4, 9, tzinfo=UTC)
    dead = await store.claim_post(KEY, DAY, now=start, stale_after=STALE)
    assert dead is not None
    assert await store.claim_post(KEY, DAY, now=start + STALE - timedelta(seconds=1), stale_after=STALE) is None
    takeover = await store.claim_post(KEY, DAY, now=start + STALE, stale_after=STALE)
    assert takeover is not None and takeover.takeover and takeover.attempts == 2
    assert takeover.previous_claimed_at == start
    assert await store.claim_post(KEY, DAY, now=start + STALE, stale_after=STALE) is None
    assert not await store.mark_posted(dead, slack_ts="9.9", term="x", cycle=0, now=start)  # the dead one lost it
    assert await store.mark_posted(takeover, slack_ts="1.2", term="y", cycle=0, now=start + STALE)


async def test_released_claim_waits_for_its_retry_time(store: Store) -> None:
    start = datetime(2024, 3, 4, 9, tzinfo=UTC)
    held = await store.claim_post(KEY, DAY, now=start, stale_after=STALE)
    assert held is not None
    assert await store.release_post(held, error="internal_error", retry_at=start + timedelta(minutes=2))
    assert await store.claim_post(KEY, DAY, now=start + timedelta(minutes=1), stale_after=STALE) is None
    retry = await store.claim_post(KEY, DAY, now=start + timedelta(minutes=2), stale_after=STALE)
    assert retry is not None and retry.attempts == 2 and not retry.takeover
    assert await store.fail_post(retry, error="is_archived")
    record = await store.get_post(KEY, DAY)
    assert record is not None and (record.state, record.last_error) == ("failed", "is_archived")
    assert await store.claim_post(KEY, DAY, now=start + timedelta(minutes=3), stale_after=STALE) is not None


async def test_statistics_cover_the_last_30_days(store: Store, clock: FakeClock) -> None:
    async def lookup(query: str, status: str, term: str | None, days_ago: float = 1, team: str = "T1") -> None:
        await store.record_lookup(team_id=team, enterprise_id=None, query=query, status=status, term=term,
                                  at=clock.now - timedelta(days=days_ago))

    for _ in range(3):
        await lookup("NRR", "match", "Net Revenue Retention")
    await lookup("churn", "match", "Churn Rate")
    await lookup("churn", "match", "Churn Rate", days_ago=31)  # too old
    await lookup("churn", "match", "Churn Rate", team="T2")  # another workspace
    await lookup("Zebra Score", "none", None)
    await lookup("zebra score", "none", None)
    await lookup("Quux", "none", None)
    await store.record_lookup(team_id="T1", enterprise_id="E1", query="QBR", status="ambiguous", term="QBR")
    terms = await store.top_terms(team_id="T1")
    assert [(c.label, c.count) for c in terms] == [("Net Revenue Retention", 3), ("Churn Rate", 1), ("QBR", 1)]
    misses = await store.top_misses(team_id="T1")
    assert [(c.label, c.count) for c in misses] == [("zebra score", 2), ("quux", 1)]
    assert [(c.label, c.count) for c in await store.top_terms(team_id=None, limit=1)] == [
        ("Net Revenue Retention", 3)]
    assert [c.count for c in await store.top_terms(team_id=None) if c.label == "Churn Rate"] == [2]
