"""Seen event ids in the database: one answer per event across processes and restarts, for an hour."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.store.store import Store
from tests.store.clock import FakeClock


async def test_an_event_is_a_first_delivery_once(store: Store) -> None:
    assert await store.first_delivery("Ev1") is True
    assert await store.first_delivery("Ev1") is False
    assert await store.first_delivery("Ev2") is True


async def test_another_store_on_the_same_database_sees_it(store: Store, db_url: str, clock: FakeClock) -> None:
    other = await Store.open(db_url, clock=clock)  # another process, or this one after a restart
    try:
        assert await store.first_delivery("Ev1") is True
        assert await other.first_delivery("Ev1") is False
        racing = await asyncio.gather(*(s.first_delivery("Ev2") for s in (store, other, store, other)))
        assert sorted(racing) == [False, False, False, True]
    finally:
        await other.close()


async def test_ids_expire_after_an_hour(store: Store, clock: FakeClock) -> None:
    assert await store.first_delivery("Ev1") is True
    clock.advance(timedelta(minutes=59))
    assert await store.first_delivery("Ev1") is False
    clock.advance(timedelta(minutes=2))
    assert await store.first_delivery("Ev1") is True
