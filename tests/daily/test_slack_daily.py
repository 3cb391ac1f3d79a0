"""/csterm daily and /csterm stats as sub-command handlers, with a real store and the fake Slack for users.info."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.daily.post import DailyPoster
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
from tests.slack.support import assert_valid_message
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


async def test_stats_is_private_and_escaped(registry: SubcommandRegistry, deps: Deps, store: Store,
                                           slack: FakeSlackAPI) -> None:
    slack.users["U1"] = {"id": "U1", "name": "ana", "is_admin": True}
    for query, status, term in [("NRR", "match", "Net Revenue Retention"), ("<b>x", "none", None)] * 2:
        await store.record_lookup(team_id="T1", enterprise_id=None, query=query, status=status, term=term)
    await store.record_lookup(team_id="T2", enterprise_id=None, query="other team", status="none", term=None)
    reply = await say(registry, deps, "stats")
    assert reply.response_type == "ephemeral"
    assert "2  Net Revenue Retention" in reply.text and "&lt;b&gt;x" in reply.text and "<b>" not in reply.text
    assert "other team" not in reply.text


async def test_stats_without_a_team_id_never_shows_every_workspace(registry: SubcommandRegistry, deps: Deps,
                                                                   store: Store, slack: FakeSlackAPI) -> None:
    slack.users["U1"] = {"id": "U1", "name": "ana", "is_admin": True}
    await store.record_lookup(team_id="T2", enterprise_id=None, query="other team", status="none", term=None)
    await store.record_lookup(team_id="T2", enterprise_id=None, query="NRR", status="match",
                              term="Net Revenue Retention")
    reply = await say(registry, deps, "stats", team_id="")
    assert "unavailable" in reply.text and reply.response_type == "ephemeral"
    assert "other team" not in reply.text and "Net Revenue Retention" not in reply.text


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


async def test_a_new_subscription_starts_at_the_next_slot_as_the_reply_says(
        registry: SubcommandRegistry, deps: Deps, store: Store, clock: FakeClock, poster: DailyPoster) -> None:
    clock.now = datetime(2024, 3, 4, 17, 36, tzinfo=UTC)  # Monday, long after today's 09:00
    reply = await say(registry, deps, "daily on 09:00 UTC every day")
    assert "next post Tue 5 Mar 09:00 UTC" in reply.text
    clock.advance(timedelta(minutes=1))
    assert await poster.post_due(clock()) == []  # no catch-up for a slot before the subscription existed
    assert await poster.post_due(datetime(2024, 3, 5, 8, 59, tzinfo=UTC)) == []
    [first] = await poster.post_due(datetime(2024, 3, 5, 9, 0, tzinfo=UTC))
    assert (first.result, first.local_date) == ("posted", date(2024, 3, 5))


async def test_catch_up_after_downtime_still_posts_later_that_day(
        registry: SubcommandRegistry, deps: Deps, clock: FakeClock, poster: DailyPoster) -> None:
    clock.now = datetime(2024, 3, 4, 17, 36, tzinfo=UTC)
    await say(registry, deps, "daily on 09:00 UTC every day")
    [late] = await poster.post_due(datetime(2024, 3, 5, 15, 0, tzinfo=UTC))  # the bot was down at 09:00
    assert (late.result, late.local_date) == ("posted", date(2024, 3, 5))


async def test_bare_daily_on_resumes_a_paused_schedule_unchanged(
        registry: SubcommandRegistry, deps: Deps, store: Store, slack: FakeSlackAPI) -> None:
    slack.users["U1"] = {"id": "U1", "name": "ana", "tz": "America/New_York"}
    await say(registry, deps, "daily on 08:30 Europe/Paris every day")
    key = ChannelKey("T1", "C0001")
    await store.pause_subscription(key, "not_in_channel: csterm is not in the channel")
    reply = await say(registry, deps, "daily on")
    assert "08:30 Europe/Paris, every day" in reply.text
    subscription = await store.get_subscription(key)
    assert subscription is not None and subscription.active
    assert (subscription.local_time, subscription.timezone, subscription.every_day) == (
        time(8, 30), "Europe/Paris", True)
    changed = await say(registry, deps, "daily on 10:00")  # only what is said again changes
    assert "10:00 Europe/Paris, every day" in changed.text
    assert slack.calls_to("users.info") == []


@pytest.mark.parametrize("text", ["daily " + "x" * 5000, "daily on 09:00 " + "y" * 4000,
                                  "daily on " + "<&>" * 1500, "daily on 09:00 Europe/Paris " + "9" * 4000])
async def test_long_input_gets_a_reply_within_slacks_limits(registry: SubcommandRegistry, deps: Deps,
                                                            text: str) -> None:
    reply = await say(registry, deps, text)
    assert_valid_message(reply.blocks, reply.text)
    assert "<&>" not in reply.text and len(reply.text) < 500


async def test_stats_with_long_misses_stays_within_slacks_limits(registry: SubcommandRegistry, deps: Deps,
                                                                 store: Store, slack: FakeSlackAPI) -> None:
    slack.users["U1"] = {"id": "U1", "name": "ana", "is_owner": True}
    for n in range(10):
        await store.record_lookup(team_id="T1", enterprise_id=None, query=f"{n}" + "z" * 2000, status="none",
                                  term=None)
    reply = await say(registry, deps, "stats")
    assert_valid_message(reply.blocks, reply.text)
    assert reply.blocks[0]["text"]["text"].endswith("```")


async def record_some(store: Store) -> None:
    for query, status, term in [("NRR", "match", "Net Revenue Retention"), ("<b>secret plans", "none", None)] * 2:
        await store.record_lookup(team_id="T1", enterprise_id=None, query=query, status=status, term=term)


async def test_stats_shows_misses_only_to_admins(registry: SubcommandRegistry, deps: Deps, store: Store,
                                                 slack: FakeSlackAPI) -> None:
    await record_some(store)
    slack.users["U1"] = {"id": "U1", "name": "ana", "is_admin": False, "is_owner": False}
    member = await say(registry, deps, "stats")
    assert "2  Net Revenue Retention" in member.text  # counts for everyone
    assert "secret plans" not in member.text and "Misses (asked for, not in the glossary): 2" in member.text
    assert slack.calls_to("users.info")[-1].params["user"] == "U1"
    for flag in ("is_admin", "is_owner", "is_primary_owner"):
        slack.users["U2"] = {"id": "U2", "name": "bo", flag: True}
        assert "&lt;b&gt;secret plans" in (await say(registry, deps, "stats", user_id="U2")).text
    slack.fail("users.info", error="user_not_found")
    assert "secret plans" not in (await say(registry, deps, "stats", user_id="U2")).text  # unknown: counts only


async def test_csterm_admins_see_misses_without_asking_slack(registry: SubcommandRegistry, deps: Deps,
                                                              store: Store, slack: FakeSlackAPI) -> None:
    await record_some(store)
    deps.settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.base_url,
                                       "CSTERM_ADMINS": "U7, U1"})
    assert "secret plans" in (await say(registry, deps, "stats")).text
    assert slack.calls_to("users.info") == []


async def test_a_schedule_changed_after_todays_post_says_tomorrow(
        registry: SubcommandRegistry, deps: Deps, clock: FakeClock, poster: DailyPoster) -> None:
    clock.now = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)
    await say(registry, deps, "daily on 09:00 UTC every day")
    assert [o.result for o in await poster.post_due(datetime(2024, 3, 4, 9, 0, tzinfo=UTC))] == ["posted"]
    clock.now = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    reply = await say(registry, deps, "daily on 10:00")
    assert "next post Tue 5 Mar 10:00 UTC" in reply.text  # today's post is out: not "Mon 4 Mar 10:00"
    assert [o.result for o in await poster.post_due(datetime(2024, 3, 4, 10, 0, tzinfo=UTC))] == ["skipped"]
    assert "next post Tue 5 Mar 10:00 UTC" in (await say(registry, deps, "daily")).text
