"""LookupWriter: lookups recorded off the answer's path, in batches, and never silently lost."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import pytest

from bot.store.handle import StoreHandle
from bot.store.lookup_writer import LookupWriter
from bot.store.records import LookupRow, RowsRejected
from bot.store.store import Store


class CountingStore:
    """Wraps a real Store: counts batch writes and can fail the next ones."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.batches: list[int] = []
        self.failures_left = 0

    async def record_lookups(self, rows: Sequence[LookupRow]) -> None:
        if self.failures_left:
            self.failures_left -= 1
            raise OSError("database is locked")
        self.batches.append(len(rows))
        await self.store.record_lookups(rows)


async def started_writer(counting: CountingStore, *, interval: float) -> LookupWriter:
    writer = LookupWriter(StoreHandle.of(counting), interval=interval)  # type: ignore[arg-type]
    await writer.start()
    return writer


async def record(writer: LookupWriter, query: str, status: str = "match", term: str | None = "Churn") -> None:
    await writer.record_lookup(team_id="T1", enterprise_id=None, query=query, status=status, term=term)


async def wait_until(condition: Callable[[], bool], within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 - polling a plain attribute of the object under test
            await asyncio.sleep(0.01)


async def test_lookups_queued_then_written_in_one_batch(store: Store) -> None:
    counting = CountingStore(store)
    writer = await started_writer(counting, interval=0.05)
    for n in range(25):
        await record(writer, f"churn {n}")
    assert writer.queued == 25  # nothing written on the answer's path
    await wait_until(lambda: counting.batches == [25])
    await writer.stop()
    assert [c.label for c in await store.top_terms(team_id="T1")] == ["Churn"]
    assert (await store.top_terms(team_id="T1"))[0].count == 25


async def test_failed_write_is_retried_not_lost(store: Store) -> None:
    counting = CountingStore(store)
    counting.failures_left = 2
    writer = await started_writer(counting, interval=0.02)
    await record(writer, "pizza", "none", None)
    await wait_until(lambda: counting.batches == [1])
    await writer.stop()
    assert [(m.label, m.count) for m in await store.top_misses(team_id="T1")] == [("pizza", 1)]


async def test_stop_flushes_and_later_lookups_are_written_directly(store: Store) -> None:
    counting = CountingStore(store)
    writer = await started_writer(counting, interval=60)
    await record(writer, "nrr")
    await record(writer, "grr")
    await writer.stop()
    assert counting.batches == [2]
    await record(writer, "late", "none", None)  # a request still in flight during shutdown
    assert counting.batches == [2, 1]


async def test_stop_during_a_write_loses_nothing(store: Store) -> None:
    counting = CountingStore(store)
    writer = await started_writer(counting, interval=0.01)
    for n in range(200):
        await record(writer, f"q{n}")
        if n % 50 == 0:
            await asyncio.sleep(0.015)  # let the writer start a batch now and then
    await writer.stop()
    assert sum(counting.batches) == 200
    assert (await store.top_terms(team_id="T1"))[0].count == 200


async def test_flush_failure_keeps_rows_in_order(store: Store) -> None:
    counting = CountingStore(store)
    writer = await started_writer(counting, interval=60)
    await record(writer, "first")
    counting.failures_left = 1
    with pytest.raises(OSError, match="locked"):
        await writer.flush()
    await record(writer, "second")
    assert writer.queued == 2
    await writer.stop()
    assert counting.batches == [2]


async def test_lookups_before_start_wait_for_the_store(db_url: str) -> None:
    """`csterm serve` answers before its database is open: those lookups queue, then are written."""
    handle = StoreHandle(db_url)
    writer = LookupWriter(handle, interval=0.02)
    await record(writer, "before the database opened")  # returns at once: the store is not open yet
    assert writer.queued == 1
    await handle.start()
    await writer.start()
    await wait_until(lambda: writer.queued == 0)
    await writer.stop()
    store = await handle.get()
    assert (await store.top_terms(team_id="T1"))[0].count == 1
    await handle.stop()


class PoisonedStore(CountingStore):
    """A real Store that refuses, as a database would, every write holding a row whose query is "poison"."""

    async def record_lookups(self, rows: Sequence[LookupRow]) -> None:
        if any(row.query == "poison" for row in rows):
            raise RowsRejected("value refused")
        await super().record_lookups(rows)


async def test_a_refused_batch_is_written_row_by_row_and_the_bad_row_set_aside(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    poisoned = PoisonedStore(store)
    writer = await started_writer(poisoned, interval=0.05)
    for query in ("churn 1", "poison", "churn 2"):
        await record(writer, query, status="none", term=None)
    await wait_until(lambda: writer.queued == 0)
    await record(writer, "churn 3", status="none", term=None)  # later lookups are not blocked
    await wait_until(lambda: writer.queued == 0)
    await writer.stop()
    misses = {c.label: c.count for c in await store.top_misses(team_id="T1")}
    assert misses == {"churn 1": 1, "churn 2": 1, "churn 3": 1}
    set_aside = [r for r in caplog.records if "set aside" in r.getMessage()]
    assert len(set_aside) == 1 and "poison" in set_aside[0].getMessage() and set_aside[0].exc_info is None


async def test_text_is_cleaned_where_it_enters_the_store(store: Store) -> None:
    await store.record_lookup(team_id="T1", enterprise_id=None, query="NRR\x00\x07 \ud800x", status="none", term=None)
    await store.record_lookup(team_id="T1", enterprise_id=None, query="tab\there", status="match",
                              term="Churn\x00 Rate")
    assert [c.label for c in await store.top_misses(team_id="T1")] == ["nrr  \ufffdx"]
    assert [c.label for c in await store.top_terms(team_id="T1")] == ["Churn Rate"]
