"""/csterm daily and /csterm stats as sub-command handlers, with a real store and the fake Slack for users.info."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.glossary.model import Glossary
from bot.search.matcher import Matcher
from bot.slack.deps import Deps
from bot.slack.listeners.daily import register_subcommands
from bot.slack.subcommands import Reply, SubcommandContext, SubcommandRegistry
from bot.store.handle import StoreHandle, StoreUnavailable
from bot.store.records import ChannelKey
from bot.store.store import Store
from bot.web_client import OneWorkspace, make_web_client
from tests.fakes.slack_api import FakeSlackAPI
from tests.store.clock import FakeClock

PAYLOAD = {"team_id": "T1", "channel_id": "C0001", "user_id": "U1", "command": "/csterm"}


@pytest.fixture
def registry() -> SubcommandRegistry:
    registry = SubcommandRegistry()
    register_subcommands(registry)
    return registry


@pytest.fixture
def deps(settings: Settings, glossary: Glossary, store: Store, clock: FakeClock) -> Deps:
    return Deps(settings=settings, matcher=Matcher.build(glossary), lookups=store, store=StoreHandle.of(store),
                clients=OneWorkspace(make_web_client(settings)),
                clock=clock)


async def say(registry: SubcommandRegistry, deps: Deps, text: str, **payload: str) -> Reply:
    subcommand, args = registry.split(text)
    assert subcommand is not None
    return await subcommand.handler(SubcommandContext(args, {**PAYLOAD, **payload}, deps))


async def test_on_with_defaults_uses_the_users_time_zone(registry: SubcommandRegistry, deps: Deps, store: Store,
                                                         slack: FakeSlackAPI) -> None:
    slack.users["U1"] = {"id": "U1", "name": "ana", "tz": "America/New_York"}
    reply = await say(registry, deps, "daily on")
    assert reply.response_type == "in_channel" and "09:00 America/New_York, weekdays" in reply.text
    subscription = await store.get_subscription(ChannelKey("T1", "C0001"))
    assert subscription is not None
    assert (subscription.local_time, subscription.timezone, subscription.every_day) == (
        time(9), "America/New_York", False)
    assert slack.calls_to("users.info")[0].params["user"] == "U1"


async def test_on_with_everything_given_and_show_and_off(registry: SubcommandRegistry, deps: Deps, store: Store,
                                                         slack: FakeSlackAPI) -> None:
    reply = await say(registry, deps, "daily on 17:45 Asia/Tokyo every day", enterprise_id="E1")
    assert "17:45 Asia/Tokyo, every day" in reply.text
    assert slack.calls_to("users.info") == []  # the zone was given
    key = ChannelKey("T1", "C0001", "E1")
    shown = await say(registry, deps, "daily", enterprise_id="E1")
    assert shown.response_type == "ephemeral" and "17:45 Asia/Tokyo, every day; next post" in shown.text
    await store.pause_subscription(key, "not_in_channel: csterm is not in the channel")
    shown = await say(registry, deps, "daily", enterprise_id="E1")
    assert "paused: not_in_channel" in shown.text and "To resume" in shown.text
    off = await say(registry, deps, "daily off", enterprise_id="E1")
    assert "turned off" in off.text and await store.get_subscription(key) is None
    assert "no term of the day" in (await say(registry, deps, "daily off", enterprise_id="E1")).text


async def test_no_users_tz_means_utc(registry: SubcommandRegistry, deps: Deps, slack: FakeSlackAPI) -> None:
    slack.fail("users.info", error="user_not_found")
    assert "09:00 UTC, weekdays" in (await say(registry, deps, "daily on")).text


@pytest.mark.parametrize(("text", "expected"), [
    ("daily on 25:99", "“25:99” is not a time of day: use 24-hour HH:MM, for example 09:00"),
    ("daily on 9:00 Mars/<!here>", "“Mars/&lt;!here&gt;” is not a time zone"),
    ("daily on weekdays every day", "either weekdays or every day"),
    ("daily sometimes", "I don't know `daily sometimes`"),
])
async def test_bad_input_gets_a_precise_escaped_message(registry: SubcommandRegistry, deps: Deps, store: Store,
                                                        text: str, expected: str) -> None:
    reply = await say(registry, deps, text)
    assert reply.response_type == "ephemeral" and expected in reply.text and "<!here>" not in reply.text
    assert "/csterm daily on 09:00 Europe/Paris weekdays" in reply.text
    assert await store.get_subscription(ChannelKey("T1", "C0001")) is None


async def test_daily_on_in_a_direct_message_is_refused(registry: SubcommandRegistry, deps: Deps) -> None:
    assert "for channels" in (await say(registry, deps, "daily on", channel_id="D0001")).text


async def test_stats_is_private_and_escaped(registry: SubcommandRegistry, deps: Deps, store: Store) -> None:
    for query, status, term in [("NRR", "match", "Net Revenue Retention"), ("<b>x", "none", None)] * 2:
        await store.record_lookup(team_id="T1", enterprise_id=None, query=query, status=status, term=term)
    await store.record_lookup(team_id="T2", enterprise_id=None, query="other team", status="none", term=None)
    reply = await say(registry, deps, "stats")
    assert reply.response_type == "ephemeral"
    assert "2  Net Revenue Retention" in reply.text and "&lt;b&gt;x" in reply.text and "<b>" not in reply.text
    assert "other team" not in reply.text


def test_help_lives_with_the_commands(registry: SubcommandRegistry) -> None:
    daily = registry.get("daily")
    assert daily is not None and "daily on" in daily.examples and "weekdays" in daily.usage
    assert registry.get("stats") is not None


@pytest.mark.parametrize("text", ["daily on", "daily off", "daily", "stats"])
async def test_without_a_database_nothing_changes_and_the_user_is_told(
        registry: SubcommandRegistry, deps: Deps, text: str, tmp_path: Path) -> None:
    broken = StoreHandle(f"sqlite+aiosqlite:///{tmp_path / 'missing-folder' / 'csterm.db'}")
    with pytest.raises(StoreUnavailable):
        await broken.start()
    deps.store = broken
    reply = await say(registry, deps, text)
    assert reply.response_type == "ephemeral"
    assert reply.text.startswith("I can't reach my database right now (cannot open the database sqlite")
    assert "Nothing was changed" in reply.text
