"""TeamMatchers: the matcher for each workspace, kept current in every process by polling one counter per team.

Each approval, removal or newly learned phrasing adds one to the team's counter (team_state.version) in the
same transaction as the change. Every process reads all counters in one query every `interval` seconds (1 s by
default) and rebuilds the layer of the teams whose counter moved, and only theirs; the process that made the
change rebuilds at once. Lookups never wait for the database: they read the last built matcher.

SQLAlchemy is imported only once the store is open (this module is on `csterm serve`'s path to its first answer).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.glossary.model import Glossary
from bot.search.layers import GlossaryMatcher, LayeredMatcher
from bot.search.matcher import Matcher
from bot.store.handle import StoreHandle
from bot.store.team_records import TeamKey
from bot.terms.layer import build_layer

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
OPEN_WAIT = 60.0


class TeamMatchers:
    """A BackgroundService for `csterm serve` (start/stop), and the per-team matchers the answers use."""

    def __init__(self, shipped: Matcher, store: StoreHandle, *, learn_after: int = 3,
                 interval: float = POLL_SECONDS) -> None:
        self.shipped = shipped
        self._store = store
        self._learn_after = learn_after
        self._interval = interval
        self._layers: dict[TeamKey, LayeredMatcher] = {}
        self._seen: dict[TeamKey, int] = {}
        self._task: asyncio.Task[None] | None = None

    def for_team(self, team_id: str, enterprise_id: str | None = None) -> GlossaryMatcher:
        found = self._layers.get(TeamKey(team_id, enterprise_id or None))
        return found if found is not None else self.shipped

    def glossary_for(self, shipped: Glossary, team_id: str, enterprise_id: str | None = None) -> Glossary:
        """The glossary a workspace sees, for the daily rotation: `shipped` when the team has no terms of its own."""
        found = self._layers.get(TeamKey(team_id, enterprise_id or None))
        return found.glossary if found is not None else shipped

    async def refresh(self, key: TeamKey) -> None:
        """Rebuild one team's layer from the store (after a change here, or a counter that moved)."""
        from bot.store import team_terms as db

        store = await self._store.get(wait=OPEN_WAIT)
        live = await db.live(store.engine, key)
        learned = await db.learned(store.engine, key, threshold=self._learn_after)
        _, team_name = await db.team_settings(store.engine, key)
        layer = build_layer(self.shipped.glossary, live, learned, team_name)
        if layer.empty:
            self._layers.pop(key, None)
        else:
            self._layers[key] = LayeredMatcher(self.shipped, layer)

    async def poll_once(self) -> None:
        from bot.store import team_terms as db

        store = await self._store.get(wait=OPEN_WAIT)
        versions = await db.versions(store.engine)
        for gone in (self._layers.keys() | self._seen.keys()) - versions.keys():  # uninstalled: rows forgotten
            self._layers.pop(gone, None)
            self._seen.pop(gone, None)
        for key, version in versions.items():
            if self._seen.get(key) != version:
                await self.refresh(key)
                self._seen[key] = version

    async def _run(self) -> None:
        while True:
            try:
                await self.poll_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("could not refresh the team glossaries; will retry")
            await asyncio.sleep(self._interval)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="csterm-team-glossaries")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
