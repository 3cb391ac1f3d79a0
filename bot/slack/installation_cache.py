"""InstallationCache: installation lookups kept in-process, and dropped as soon as another process changes them.

bolt's authorize looks up the workspace's installation on every event; with many workspaces and several
processes on one database that is a query per event. The cache keeps what was found (never a miss, so a new
install works at once everywhere) and checks, at most every CHECK_SECONDS, one small marker of the installation
table (row count and highest id): an install, re-install or uninstall by any process changes it, and the whole
cache is dropped. Changes made in place (a token refreshed by another process) are caught by MAX_AGE_SECONDS;
the refreshed-away token stays valid far longer than that. Changes made by this process drop their entries at once.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation

CHECK_SECONDS = 2.0
MAX_AGE_SECONDS = 300.0
CAPACITY = 10_000

Key = tuple[str, str | None, str | None]  # (kind, enterprise id, team id or None for an org-wide install)
Found = Installation | Bot


class InstallationCache:
    def __init__(self, *, check_seconds: float = CHECK_SECONDS, max_age_seconds: float = MAX_AGE_SECONDS,
                 capacity: int = CAPACITY, clock: Callable[[], float] = time.monotonic) -> None:
        self.check_seconds = check_seconds
        self.max_age_seconds = max_age_seconds
        self.capacity = capacity
        self.clock = clock
        self.generation = 0  # bumped whenever entries are dropped: a lookup begun before must not be stored
        self._entries: OrderedDict[Key, tuple[float, Found]] = OrderedDict()
        self._marker: Hashable = None
        self._checked_at = float("-inf")

    async def revalidate(self, read_marker: Callable[[], Awaitable[Hashable]]) -> None:
        """Drop everything if the installation table changed since the last look (at most every check_seconds)."""
        now = self.clock()
        if now - self._checked_at < self.check_seconds:
            return
        self._checked_at = now  # before the await: concurrent lookups do not all ask
        marker = await read_marker()
        if marker != self._marker:
            self._marker = marker
            self.clear()

    def get(self, key: Key) -> Found | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self.clock() - entry[0] > self.max_age_seconds:
            del self._entries[key]
            return None
        return entry[1]

    def put(self, key: Key, found: Found, generation: int) -> None:
        """Keep `found`, unless entries were dropped since its lookup began (`generation` then is stale)."""
        if generation != self.generation:
            return
        self._entries[key] = (self.clock(), found)
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def forget(self, enterprise_id: str | None, team_id: str | None) -> None:
        """Drop this workspace's entries (team_id), or a whole organisation's (team_id None)."""
        self.generation += 1
        for key in [k for k in self._entries if (k[2] == team_id if team_id is not None else k[1] == enterprise_id)]:
            del self._entries[key]

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()
