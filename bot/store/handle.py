"""StoreHandle: the database as a running server sees it, opened after the server has started answering.

Importing SQLAlchemy and opening the database take longer than everything else `csterm serve` does before its
first answer, and answering a glossary question needs neither. So the server starts listening first and the
handle opens the store as its first background service, importing SQLAlchemy in a worker thread so the event
loop keeps answering meanwhile. What needs the database waits for it: `await handle.get()`.

This module must not import SQLAlchemy (see tests/test_start_up_imports.py).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store.store import Store

logger = logging.getLogger(__name__)

WAIT_SECONDS = 2.0  # a slash command must be acknowledged within 3 s


class StoreUnavailable(RuntimeError):
    """The database is not open (still opening, or it failed); the message is fit to show a user."""


class StoreHandle:
    """A BackgroundService for `csterm serve`: start() opens the store, stop() closes it."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._store: Store | None = None
        self._failure: str | None = None
        self._settled = asyncio.Event()

    @classmethod
    def of(cls, store: Store) -> StoreHandle:
        """A handle on a store that is already open (tests, and commands that open the store themselves)."""
        handle = cls("")
        handle._store = store
        handle._settled.set()
        return handle

    @property
    def state(self) -> str:
        """"opening", "open", "failed" or "closed", for /healthz."""
        if self._store is not None:
            return "open"
        if not self._settled.is_set():
            return "opening"
        return "failed" if self._failure else "closed"

    async def start(self) -> None:
        """Import the store's code off the event loop, then open it. Raises StoreUnavailable naming the reason."""
        try:
            module = await asyncio.to_thread(importlib.import_module, "bot.store.store")
            self._store = await module.Store.open(self.database_url)
        except Exception as error:
            self._failure = f"cannot open the database {_redacted(self.database_url)}: {_first_line(error)}"
            raise StoreUnavailable(self._failure) from error
        finally:
            self._settled.set()
        logger.info("database open: %s", _redacted(self.database_url))

    async def stop(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            await store.close()

    async def get(self, *, wait: float = WAIT_SECONDS) -> Store:
        """The open store; waits up to `wait` seconds while it is still opening."""
        if not self._settled.is_set():
            try:
                async with asyncio.timeout(wait):
                    await self._settled.wait()
            except TimeoutError:
                raise StoreUnavailable("the database is still opening; try again in a few seconds") from None
        if self._store is None:
            raise StoreUnavailable(self._failure or "the database has been closed")
        return self._store


def _first_line(error: BaseException) -> str:
    """The error's message without SQLAlchemy's "(Background on this error at: …)" line, fit for one line."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _redacted(database_url: str) -> str:
    """The URL without its password, for logs and messages."""
    scheme, separator, rest = database_url.partition("://")
    credentials, at, location = rest.rpartition("@")
    if not separator or not at or ":" not in credentials:
        return database_url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{location}"
