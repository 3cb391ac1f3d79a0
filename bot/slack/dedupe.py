"""Slack re-delivers events it thinks were missed; the same event_id must never produce a second reply.

This process remembers the ids it has seen (cheap, and enough for a quick retry); the database remembers them
for every process and across restarts (bot/store/seen_events.py). Without a database, memory alone decides.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.store.handle import StoreHandle

logger = logging.getLogger(__name__)


class SeenEvents(AsyncMiddleware):
    """Bolt global middleware over a bounded, insertion-ordered set of the event ids seen by this process.

    A middleware class rather than a function: bolt calls it directly, where a function middleware costs every
    request (slash commands included) a keyword-argument injection.
    """

    def __init__(self, store: StoreHandle, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._store = store
        self._seen: OrderedDict[str, None] = OrderedDict()

    async def first_delivery(self, event_id: str) -> bool:
        """False when this process or, by the database, any process has seen the id (within the hour)."""
        if not self.first_time(event_id):
            return False
        try:
            store = await self._store.get()
            return await store.first_delivery(event_id)
        except Exception as error:  # better a rare second answer than none
            logger.warning("could not check event %s in the database (%s); answering it", event_id,
                           str(error).splitlines()[0] if str(error) else type(error).__name__)
            return True

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is offered, False for every repeat (while it is remembered)."""
        if event_id in self._seen:
            self._seen.move_to_end(event_id)
            return False
        self._seen[event_id] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        """Answer a repeated event with an immediate 200 and run nothing."""
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await self.first_delivery(str(event_id)):
            logger.info("ignoring a repeated delivery of event %s", event_id)
            return BoltResponse(status=200, body="")
        return await next()
