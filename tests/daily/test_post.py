"""Posting through the fake Slack Web API: the card, once per day, pause on permanent errors, retry with back-off,
and a takeover after a crash that checks the channel's history before posting."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from slack_sdk.errors import SlackApiError, SlackTokenRotationError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse as SlackResponse

from bot.daily.card import MARKER_EVENT, marker_block_id
from bot.daily.post import STALE_AFTER, DailyPoster
from bot.glossary.model import Glossary
from bot.render.blocks import SHARE_ACTION
from bot.store.records import ChannelKey
from bot.store.store import Store
from tests.fakes.slack_api import FakeSlackAPI

KEY = ChannelKey("T1", "C0001")
MONDAY_9 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
MONDAY = date(2024, 3, 4)


async def subscribe(store: Store, key: ChannelKey = KEY) -> None:
    await store.subscribe(key, local_time=time(9), timezone="UTC", every_day=False, rotation_seed=3)


async def test_posts_the_card_once_a_day(store: Store, poster: DailyPoster, slack: FakeSlackAPI,
                                         glossary: Glossary) -> None:
    await subscribe(store)
    assert await poster.post_due(MONDAY_9 - timedelta(minutes=1)) == []  # not yet
    [outcome] = await poster.post_due(MONDAY_9)
    assert outcome.result == "posted" and glossary.get(outcome.term or "") is not None
    [call] = slack.calls_to("chat.postMessage")
    params = call.params
    assert params["channel"] == "C0001" and params["text"].startswith(f"Term of the day: {outcome.term}:")
    blocks = params["blocks"]
    assert blocks[0]["block_id"] == marker_block_id(MONDAY) and "Term of the day" in blocks[0]["elements"][0]["text"]
    assert any(b["type"] == "header" and b["text"]["text"] == outcome.term for b in blocks)  # the core's card
    assert params["metadata"]["event_type"] == MARKER_EVENT
    assert SHARE_ACTION not in json.dumps(blocks)  # the post is public already: no Share button
    assert params["metadata"]["event_payload"]["local_date"] == "2024-03-04"
    assert [o.result for o in await poster.post_due(MONDAY_9 + timedelta(hours=5))] == ["skipped"]
    assert len(slack.calls_to("chat.postMessage")) == 1
    record = await store.get_post(KEY, MONDAY)
    assert record is not None and record.state == "posted" and record.slack_ts == outcome.ts
    [tuesday] = await poster.post_due(MONDAY_9 + timedelta(days=1))
    assert tuesday.result == "posted" and tuesday.term != outcome.term


async def test_a_week_of_posts_walks_the_rotation(store: Store, poster: DailyPoster, glossary: Glossary) -> None:
    await subscribe(store)
    await store.subscribe(KEY, local_time=time(9), timezone="UTC", every_day=True)
    terms = []
    for day in range(len(glossary)):
        [outcome] = await poster.post_due(MONDAY_9 + timedelta(days=day))
        terms.append(outcome.term)
    assert sorted(terms) == sorted(e.term for e in glossary)


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived", "account_inactive"])
async def test_permanent_errors_pause_with_the_reason(store: Store, poster: DailyPoster, slack: FakeSlackAPI,
                                                      error: str) -> None:
    await subscribe(store)
    slack.fail("chat.postMessage", error=error)
    [outcome] = await poster.post_due(MONDAY_9)
    assert (outcome.result, outcome.error) == ("paused", error)
    subscription = await store.get_subscription(KEY)
    assert subscription is not None and not subscription.active
    assert subscription.paused_reason is not None and subscription.paused_reason.startswith(error)
    assert await poster.post_due(MONDAY_9 + timedelta(hours=1)) == []  # paused: nothing more today
    assert len(slack.calls_to("chat.postMessage")) == 1
    await subscribe(store)  # `daily on` again resumes, the same day
    assert [o.result for o in await poster.post_due(MONDAY_9 + timedelta(hours=2))] == ["posted"]


async def test_temporary_errors_retry_with_back_off(store: Store, poster: DailyPoster, slack: FakeSlackAPI) -> None:
    await subscribe(store)
    slack.fail("chat.postMessage", error="internal_error")
    slack.http_error("chat.postMessage", status=503)
    [first] = await poster.post_due(MONDAY_9)
    assert (first.result, first.error) == ("retry", "internal_error")
    record = await store.get_post(KEY, MONDAY)
    assert record is not None and record.state == "released" and record.retry_at == MONDAY_9 + timedelta(minutes=1)
    assert [o.result for o in await poster.post_due(MONDAY_9 + timedelta(seconds=59))] == ["skipped"]
    assert len(slack.calls_to("chat.postMessage")) == 1  # no call while backing off
    [second] = await poster.post_due(MONDAY_9 + timedelta(minutes=1))
    assert (second.result, second.error) == ("retry", "http_503")
    record = await store.get_post(KEY, MONDAY)
    assert record is not None and record.retry_at == MONDAY_9 + timedelta(minutes=3)  # 1 then 2 minutes
    [third] = await poster.post_due(MONDAY_9 + timedelta(minutes=3))
    assert third.result == "posted"
    assert len(slack.calls_to("chat.postMessage")) == 3
    assert len(slack.calls_to("conversations.history")) == 2  # each retry first checked for an earlier post
    subscription = await store.get_subscription(KEY)
    assert subscription is not None and subscription.active


async def test_rate_limit_is_retried_by_the_client(store: Store, poster: DailyPoster, slack: FakeSlackAPI) -> None:
    await subscribe(store)
    slack.rate_limit("chat.postMessage", retry_after=1)
    [outcome] = await poster.post_due(MONDAY_9)
    assert outcome.result == "posted"
    assert len(slack.calls_to("chat.postMessage")) == 2


async def test_takeover_after_a_crash_posts_when_nothing_was_posted(
    store: Store, poster: DailyPoster, slack: FakeSlackAPI
) -> None:
    await subscribe(store)
    crashed = await store.claim_post(KEY, MONDAY, now=MONDAY_9, stale_after=STALE_AFTER)  # then the process died
    assert crashed is not None
    assert [o.result for o in await poster.post_due(MONDAY_9 + STALE_AFTER / 2)] == ["skipped"]  # still fresh
    [outcome] = await poster.post_due(MONDAY_9 + STALE_AFTER)
    assert outcome.result == "posted"
    assert len(slack.calls_to("conversations.history")) == 1
    assert len(slack.calls_to("chat.postMessage")) == 1


async def test_takeover_after_a_crash_finds_the_post_and_does_not_repost(
    store: Store, poster: DailyPoster, slack: FakeSlackAPI
) -> None:
    await subscribe(store)
    crashed = await store.claim_post(KEY, MONDAY, now=MONDAY_9, stale_after=STALE_AFTER)
    assert crashed is not None
    # the dead process had posted (marked message in the channel) but not recorded the ts
    slack.history["C0001"] = [
        {"type": "message", "ts": "1700000000.000100", "text": "chatter"},
        {"type": "message", "ts": "1700000000.000042", "bot_id": slack.bot_id, "text": "Term of the day: ...",
         "metadata": {"event_type": MARKER_EVENT,
                      "event_payload": {"local_date": "2024-03-04", "term": "Churn Rate", "cycle": 0}}},
        {"type": "message", "ts": "1699999999.000001", "bot_id": slack.bot_id, "text": "yesterday's",
         "blocks": [{"type": "context", "block_id": marker_block_id(MONDAY - timedelta(days=3)), "elements": []}]},
    ]
    [outcome] = await poster.post_due(MONDAY_9 + STALE_AFTER + timedelta(minutes=1))
    assert (outcome.result, outcome.ts, outcome.term) == ("found", "1700000000.000042", "Churn Rate")
    assert slack.calls_to("chat.postMessage") == []
    record = await store.get_post(KEY, MONDAY)
    assert record is not None and (record.state, record.slack_ts) == ("posted", "1700000000.000042")
    history_call = slack.calls_to("conversations.history")[0]
    assert history_call.params["channel"] == "C0001"


async def test_one_channel_failing_does_not_stop_the_others(
    store: Store, poster: DailyPoster, slack: FakeSlackAPI
) -> None:
    await subscribe(store)
    await subscribe(store, ChannelKey("T1", "C0002"))
    slack.fail("chat.postMessage", error="channel_not_found")
    outcomes = await poster.post_due(MONDAY_9)
    assert sorted(o.result for o in outcomes) == ["paused", "posted"]


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "token_revoked"])
async def test_a_pause_is_told_once_to_whoever_subscribed(store: Store, poster: DailyPoster, slack: FakeSlackAPI,
                                                          error: str) -> None:
    await store.subscribe(KEY, local_time=time(10), timezone="Europe/Paris", every_day=True, created_by="U1")
    slack.fail("chat.postMessage", error=error)
    [outcome] = await poster.post_due(MONDAY_9)
    assert outcome.result == "paused"
    [opened] = slack.calls_to("conversations.open")
    assert opened.params["users"] == "U1"
    dm = slack.calls_to("chat.postMessage")[-1]
    assert dm.params["channel"] == "D1"
    assert error in dm.params["text"] and "/csterm daily on" in dm.params["text"]
    assert "10:00 Europe/Paris, every day" in dm.params["text"] and "<#C0001>" in dm.params["text"]
    assert not await store.pause_subscription(KEY, "again")  # already paused: nobody is told twice
    assert await poster.post_due(MONDAY_9 + timedelta(days=1)) == []
    assert len(slack.calls_to("conversations.open")) == 1


async def test_a_failed_pause_message_is_logged_not_raised(store: Store, poster: DailyPoster, slack: FakeSlackAPI,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    await store.subscribe(KEY, local_time=time(9), timezone="UTC", every_day=False, created_by="U1")
    slack.fail("chat.postMessage", error="not_in_channel")
    slack.fail("conversations.open", error="user_not_found")
    [outcome] = await poster.post_due(MONDAY_9)
    assert outcome.result == "paused"
    assert "could not tell U1" in caplog.text and "user_not_found" in caplog.text


class RotationFailsOnce:
    """A workspace whose token rotation is refused (invalid_refresh_token) the first time a client is asked for."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client, self.failed = client, False

    async def for_workspace(self, team_id: str, enterprise_id: str | None) -> AsyncWebClient:
        if not self.failed:
            self.failed = True
            response = SlackResponse(client=self.client, http_verb="POST", api_url="oauth.v2.access", req_args={},
                                     data={"ok": False, "error": "invalid_refresh_token"}, headers={},
                                     status_code=200)
            raise SlackTokenRotationError(SlackApiError("The request to the Slack API failed.", response))
        return self.client


async def test_a_refused_token_rotation_pauses_and_tells_the_owner(store: Store, slack: FakeSlackAPI,
                                                                   client: AsyncWebClient,
                                                                   glossary: Glossary) -> None:
    await store.subscribe(KEY, local_time=time(9), timezone="UTC", every_day=False, created_by="U1")
    poster = DailyPoster(store, RotationFailsOnce(client), lambda: glossary)
    [outcome] = await poster.post_due(MONDAY_9)
    assert (outcome.result, outcome.error) == ("paused", "invalid_refresh_token")
    subscription = await store.get_subscription(KEY)
    assert subscription is not None and not subscription.active
    assert subscription.paused_reason is not None and subscription.paused_reason.startswith("invalid_refresh_token")
    [dm] = slack.calls_to("chat.postMessage")
    assert "invalid_refresh_token" in dm.params["text"] and "/csterm daily on" in dm.params["text"]
    assert await poster.post_due(MONDAY_9 + timedelta(minutes=1)) == []  # paused, not a traceback every tick


async def test_a_bad_time_zone_row_does_not_stop_the_other_channels(store: Store, poster: DailyPoster,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    await store.subscribe(ChannelKey("T1", "C0009"), local_time=time(9), timezone="Mars/Base", every_day=False)
    await subscribe(store)
    outcomes = await poster.post_due(MONDAY_9)
    assert [(o.subscription.key.channel_id, o.result) for o in outcomes] == [("C0001", "posted")]
    assert "C0009" in caplog.text
