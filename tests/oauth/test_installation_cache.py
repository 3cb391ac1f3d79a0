"""The in-process installation cache: a lookup reaches the database once; a save here is seen at once; an
install, re-install or uninstall by another process within CHECK_SECONDS; an in-place change within MAX_AGE_SECONDS;
misses are never cached."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import func, select

from bot.slack.install import DatabaseInstallationStore, DatabaseStateStore
from bot.slack.installation_cache import CHECK_SECONDS, MAX_AGE_SECONDS, InstallationCache
from bot.store.handle import StoreHandle
from bot.store.store import Store
from bot.store.workspaces import oauth_states
from tests.oauth.support import CLIENT_ID


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def installation(team_id: str, token: str, installed_at: float) -> Installation:
    return Installation(app_id="A1", team_id=team_id, bot_token=token, bot_id="B1", bot_user_id="UB", user_id="U1",
                        installed_at=installed_at)


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    opened = await Store.open(db_url)
    yield opened
    await opened.close()


async def token(installations: DatabaseInstallationStore, team_id: str = "T1") -> str | None:
    found = await installations.async_find_bot(enterprise_id=None, team_id=team_id)
    return None if found is None else found.bot_token


async def test_changes_by_another_process_are_seen_within_seconds_and_here_at_once(store: Store) -> None:
    clock = Clock()
    here = DatabaseInstallationStore(StoreHandle.of(store), CLIENT_ID, cache=InstallationCache(clock=clock))
    elsewhere = DatabaseInstallationStore(StoreHandle.of(store), CLIENT_ID)  # another process on the database
    assert await token(here) is None  # not installed yet: a miss is not cached...
    await elsewhere.async_save(installation("T1", "xoxb-first", 1.0))
    assert await token(here) == "xoxb-first"  # ...so the new install is seen at once
    await elsewhere.async_save(installation("T1", "xoxb-second", 2.0))  # a re-install in the other process
    clock.now += CHECK_SECONDS / 2
    assert await token(here) == "xoxb-first"  # cached
    clock.now += CHECK_SECONDS
    assert await token(here) == "xoxb-second"  # the installation table changed: dropped and read again
    await store.forget_workspace(team_id="T1", enterprise_id=None)  # `csterm workspaces forget T1` elsewhere
    clock.now += CHECK_SECONDS
    assert await token(here) is None
    await here.async_save(installation("T1", "xoxb-third", 3.0))  # a re-install through this process
    assert await token(here) == "xoxb-third"  # at once


async def test_an_in_place_change_elsewhere_is_seen_within_the_maximum_age(store: Store) -> None:
    clock = Clock()
    here = DatabaseInstallationStore(StoreHandle.of(store), CLIENT_ID, cache=InstallationCache(clock=clock))
    elsewhere = DatabaseInstallationStore(StoreHandle.of(store), CLIENT_ID)
    await elsewhere.async_save(installation("T1", "xoxb-first", 1.0))
    assert await token(here) == "xoxb-first"
    bot = await elsewhere.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None
    bot.bot_token = "xoxb-refreshed"  # a token refresh updates the row in place (same installed_at)
    await elsewhere.async_save_bot(bot)
    clock.now += CHECK_SECONDS * 3
    assert await token(here) == "xoxb-first"  # the old token is still valid for hours
    clock.now += MAX_AGE_SECONDS
    assert await token(here) == "xoxb-refreshed"


async def test_cached_lookups_do_not_reach_the_database(store: Store) -> None:
    installations = DatabaseInstallationStore(StoreHandle.of(store), CLIENT_ID)
    await installations.async_save(installation("T1", "xoxb-1", 1.0))
    assert await token(installations) == "xoxb-1"
    calls: list[str] = []
    sdk_store = await installations.sdk_store()  # count the SDK store's queries
    real = sdk_store.async_find_bot

    async def counting(**kwargs: object) -> object:
        calls.append(str(kwargs.get("team_id")))
        return await real(**kwargs)

    sdk_store.async_find_bot = counting
    for _ in range(100):
        assert await token(installations) == "xoxb-1"
    assert calls == []


async def test_expired_oauth_states_are_purged_so_the_install_page_cannot_fill_the_table(store: Store) -> None:
    expired = DatabaseStateStore(StoreHandle.of(store), expiration_seconds=-1)  # every state is born expired
    live = DatabaseStateStore(StoreHandle.of(store))
    kept = await live.async_issue()
    for _ in range(DatabaseStateStore.PURGE_EVERY * 2 + 5):
        await expired.async_issue()
    async with store.engine.connect() as conn:
        left = (await conn.execute(select(func.count()).select_from(oauth_states))).scalar()
    assert left == 1 + 5  # the live one and the expired ones issued since the last purge
    assert await live.async_consume(kept) and not await live.async_consume(kept)  # once only
