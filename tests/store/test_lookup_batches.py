"""A batch of lookups is bound a chunk at a time but written in one transaction: all of it, or none of it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.store.lookups import CHUNK
from bot.store.records import LookupRow, RowsRejected
from bot.store.store import Store

AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def rows(n: int) -> list[LookupRow]:
    return [LookupRow(AT, "T1", None, f"churn {i}", "none", None) for i in range(n)]


async def test_a_batch_of_several_chunks_is_written_whole(store: Store) -> None:
    await store.record_lookups(rows(2 * CHUNK + 50))
    assert await store.count_misses(team_id="T1", days=100_000) == 2 * CHUNK + 50


async def test_a_row_refused_in_the_last_chunk_leaves_none_of_the_batch(store: Store) -> None:
    batch = rows(2 * CHUNK + 50)
    batch[-1] = LookupRow(datetime(2026, 11, 28, 12, 0), "T1", None, "no time zone", "none", None)
    with pytest.raises(RowsRejected):
        await store.record_lookups(batch)
    assert await store.count_misses(team_id="T1", days=100_000) == 0
