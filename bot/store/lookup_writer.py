"""Record lookups off the answer's path: queue them, write them in batches from one background task.

A slash command's answer travels in the acknowledgement; writing a row (one transaction, an fsync on SQLite)
before it capped the server at ~200 requests a second. The writer takes the store's place in the Slack app:
`record_lookup` only appends to a queue, and a background task (from start() on) writes whatever is queued in
one transaction every `interval` seconds. Rows are never dropped silently: a failed write is retried on the
next tick, the queue is flushed on stop, and after stop each lookup is written directly. A row the database
refuses (RowsRejected) cannot poison the rest: its batch is written row by row and it alone is set aside, logged.
Lookups made before start(), while the database is still opening (see handle.py), wait in the queue.

This module must not import SQLAlchemy: it is on `csterm serve`'s path to its first answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from bot.clock import Clock, utc_now
from bot.store.handle import StoreHandle
from bot.store.records import LookupRow, RowsRejected

if TYPE_CHECKING:
    from bot.store.store import Store

logger = logging.getLogger(__name__)

MAX_QUEUED = 50_000  # beyond this (the database has been failing for a long time) the oldest rows are dropped


class LookupWriter:
    def __init__(self, store: StoreHandle, *, interval: float = 0.1, clock: Clock = utc_now) -> None:
        self._store = store
        self._clock = clock
        self._interval = interval
        self._queue: list[LookupRow] = []
        self._task: asyncio.Task[None] | None = None
        self._running = False
        self._stopped = False
        self._wake = asyncio.Event()
        self.set_aside = 0  # rows the database refused even alone, each logged once

    async def record_lookup(
        self, *, team_id: str, enterprise_id: str | None, query: str, status: str, term: str | None
    ) -> None:
        row = LookupRow(self._clock(), team_id, enterprise_id, query, status, term)
        if self._stopped:
            await (await self._store.get()).record_lookups([row])
            return
        self._queue.append(row)
        if len(self._queue) > MAX_QUEUED:
            dropped = len(self._queue) - MAX_QUEUED
            del self._queue[:dropped]
            logger.error("lookup queue full: dropped the %d oldest lookups", dropped)

    @property
    def queued(self) -> int:
        return len(self._queue)

    async def flush(self) -> None:
        """Write everything queued in one transaction. A batch the database refuses is written row by row, and the
        rows it still refuses are set aside (one log line each); on any other failure the rest stays queued."""
        store = await self._store.get()
        batch, self._queue = self._queue, []
        try:
            await store.record_lookups(batch)
        except RowsRejected:
            await self._row_by_row(store, batch)
        except Exception:
            self._queue[:0] = batch
            raise

    async def _row_by_row(self, store: Store, batch: list[LookupRow]) -> None:
        for position, row in enumerate(batch):
            try:
                await store.record_lookups([row])
            except RowsRejected as refused:
                self.set_aside += 1
                logger.error("set aside a lookup the database refused: team %s, query %r: %s",
                             row.team_id[:40], row.query[:80], refused)
            except Exception:
                self._queue[:0] = batch[position:]
                raise

    async def _run(self) -> None:
        while self._running:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._interval)
            if self._queue:
                try:
                    await self.flush()
                except Exception:
                    logger.exception("could not record %d lookups; will retry", len(self._queue))

    async def start(self) -> None:
        self._running = True
        self._task = asyncio.create_task(self._run(), name="csterm-lookup-writer")

    async def stop(self) -> None:
        """Let a write in progress finish (cancelling it could lose its batch), then flush what is left."""
        self._running = False
        self._stopped = True
        self._wake.set()
        if self._task is not None:
            await self._task
        if self._queue:
            try:
                await self.flush()
            except Exception:
                logger.exception("could not record %d lookups at shutdown", len(self._queue))
