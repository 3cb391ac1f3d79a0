"""DailyScheduler: inside `csterm serve`, post each due subscription, checking once a minute; stops promptly."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import utc_now
from bot.config import Settings
from bot.daily.post import DailyPoster, PostOutcome
from bot.glossary.load import GlossaryInvalid, load_glossary
from bot.glossary.model import Glossary
from bot.web_client import WorkspaceClients

if TYPE_CHECKING:  # SQLAlchemy loads only once the server is answering (bot/store/handle.py)
    from bot.store.store import Store

logger = logging.getLogger(__name__)

TICK_SECONDS = 60.0
STOP_GRACE_SECONDS = 2.0


class GlossaryFile:
    """The glossary as the file now says, reloaded when it changes (an invalid edit keeps the last good one),
    so terms added to glossary.yaml join the rotation without a restart."""

    def __init__(self, path: Path, glossary: Glossary) -> None:
        self.path = path
        self._glossary = glossary
        self._mtime = self._stat()

    def _stat(self) -> float | None:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return None

    def __call__(self) -> Glossary:
        mtime = self._stat()
        if mtime is not None and mtime != self._mtime:
            self._mtime = mtime
            try:
                self._glossary = load_glossary(self.path)
            except (GlossaryInvalid, OSError) as error:
                logger.error("glossary %s changed but cannot be used; keeping the previous one:\n%s", self.path, error)
        return self._glossary


class DailyScheduler:
    """A BackgroundService for `csterm serve`: start() returns at once, stop() returns within seconds."""

    def __init__(self, poster: DailyPoster, *, clock: Callable[[], datetime] = utc_now,
                 tick_seconds: float = TICK_SECONDS) -> None:
        self.poster = poster
        self.clock = clock
        self.tick_seconds = tick_seconds
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_settings(cls, settings: Settings, store: Store, glossary: Glossary,
                      clients: WorkspaceClients,
                      for_team: Callable[[Glossary, str, str | None], Glossary] | None = None) -> DailyScheduler:
        source = GlossaryFile(glossary.path or settings.glossary_path, glossary)
        return cls(DailyPoster(store, clients, source, for_team=for_team))

    async def tick(self) -> list[PostOutcome]:
        """One round: post everything due now."""
        return await self.poster.post_due(self.clock())

    async def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name="csterm-daily-scheduler")

    async def stop(self) -> None:
        self._stopping.set()
        task, self._task = self._task, None
        if task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_GRACE_SECONDS)
        except TimeoutError:  # a post is stuck: cancel it; its claim goes stale and is taken over safely later
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _seconds_to_next_tick(self) -> float:
        now = self.clock()
        if self.tick_seconds != TICK_SECONDS:
            return self.tick_seconds
        return TICK_SECONDS - (now.second + now.microsecond / 1e6) + 0.5  # just after the minute turns

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                outcomes = await self.tick()
                for outcome in outcomes:
                    if outcome.result != "skipped":
                        logger.info("daily %s: %s on %s %s", outcome.result, outcome.subscription.key,
                                    outcome.local_date, outcome.term or outcome.error or "")
            except Exception:
                logger.exception("daily scheduler tick failed; trying again next minute")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self._seconds_to_next_tick())
