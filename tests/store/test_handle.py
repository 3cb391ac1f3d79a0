"""StoreHandle: the store opened in the background, waited for by what needs it, failing with a clear reason."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from bot.store.handle import StoreHandle, StoreUnavailable, _redacted
from bot.store.records import ChannelKey


async def test_get_waits_for_start_then_returns_the_open_store(db_url: str) -> None:
    handle = StoreHandle(db_url)
    waiting = asyncio.create_task(handle.get())
    await asyncio.sleep(0.05)
    assert not waiting.done()  # still opening
    await handle.start()
    store = await asyncio.wait_for(waiting, 5)
    assert await store.get_subscription(ChannelKey("T1", "C1")) is None  # the tables exist
    await handle.stop()
    with pytest.raises(StoreUnavailable, match="closed"):
        await handle.get()


async def test_get_gives_up_after_its_wait_with_a_message() -> None:
    handle = StoreHandle("sqlite+aiosqlite:///never-opened.db")
    with pytest.raises(StoreUnavailable, match="still opening; try again"):
        await handle.get(wait=0.05)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens once the socket is closed


async def test_a_database_that_cannot_be_opened_is_named_without_its_password() -> None:
    handle = StoreHandle(f"postgresql+asyncpg://csterm:hunter2@127.0.0.1:{closed_port()}/csterm")
    with pytest.raises(StoreUnavailable) as raised:
        await handle.start()
    message = str(raised.value)
    assert message.startswith("cannot open the database postgresql+asyncpg://csterm:***@127.0.0.1:")
    assert "hunter2" not in message
    with pytest.raises(StoreUnavailable) as again:  # and whatever waits for it hears the same reason at once
        await handle.get(wait=0)
    assert str(again.value) == message


async def test_a_sqlite_file_in_a_missing_folder_fails_to_open(tmp_path: Path) -> None:
    handle = StoreHandle(f"sqlite+aiosqlite:///{tmp_path / 'no-such-folder' / 'csterm.db'}")
    with pytest.raises(StoreUnavailable, match="cannot open the database sqlite"):
        await handle.start()


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+asyncpg://u:secret@db.example.com:5432/x", "postgresql+asyncpg://u:***@db.example.com:5432/x"),
    ("postgresql+asyncpg://u@db/x", "postgresql+asyncpg://u@db/x"),
    ("sqlite+aiosqlite:///csterm.db", "sqlite+aiosqlite:///csterm.db"),
    ("postgresql://u:p@ss:w@rd@host/db", "postgresql://u:***@host/db"),
])
def test_redacted(url: str, shown: str) -> None:
    assert _redacted(url) == shown
