"""Replies sent after the acknowledgement: a mention or DM is acknowledged at once and answered afterwards.

Slack wants every event acknowledged within 3 s and retries otherwise. A reply that waits on a rate-limited
chat.postMessage (Retry-After) once kept the request open 5.6 s, so Slack sent the event again. Listeners now
hand their reply to `Afterwards.run_later` and return; the work runs as a tracked task, and on shutdown (a
BackgroundService) pending replies get a few seconds to finish before they are cancelled. The team glossary's
follow-ups (the review post and DM after a submission, a review decision, a Home tab publish) run the same way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

logger = logging.getLogger(__name__)

STOP_SECONDS = 2.5  # within serve's SHUTDOWN_SECONDS


def log_failure(what: str) -> Callable[[Exception], Awaitable[None]]:
    """An `on_error` for work with nobody to apologise to (a modal's or a button's follow-up): it is logged."""
    async def log(error: Exception) -> None:
        logger.error("%s failed after the acknowledgement", what, exc_info=error)

    return log


class Afterwards:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def run_later(
        self, work: Coroutine[Any, Any, None], *, on_error: Callable[[Exception], Awaitable[None]]
    ) -> None:
        """Run `work` after the caller returns; `on_error` hears of any exception it raises."""
        task = asyncio.create_task(self._guarded(work, on_error))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guarded(work: Coroutine[Any, Any, None], on_error: Callable[[Exception], Awaitable[None]]) -> None:
        try:
            await work
        except Exception as error:
            try:
                await on_error(error)
            except Exception:
                logger.exception("could not report a failed reply")

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def wait(self) -> None:
        """Until every reply started so far has finished (tests, and stop)."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def start(self) -> None:
        """Nothing to start: replies run as they come."""

    async def stop(self) -> None:
        """Let pending replies finish for up to STOP_SECONDS, then cancel what is left."""
        try:
            async with asyncio.timeout(STOP_SECONDS):
                await self.wait()
        except TimeoutError:
            left = list(self._tasks)
            logger.warning("cancelled %d replies still pending at shutdown", len(left))
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)
