"""Exactly once, for real: several OS processes running `csterm daily run` at the same instant against one
database (SQLite file, and Postgres at 127.0.0.1:5432), with the Web API pointed at the fake Slack; and a
process killed after its claim, then a takeover by another process."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.daily.post import STALE_AFTER
from bot.store.records import ChannelKey
from bot.store.store import Store
from tests.daily.processes import finish, run_together, start_run
from tests.fakes.slack_api import FakeSlackAPI
from tests.store.clock import FakeClock
from tests.store.databases import BACKENDS, database_url

NOW = "2024-03-04T09:00:00+00:00"  # a Monday
SUBSCRIBED_AT = FakeClock(datetime(2024, 3, 1, 12, 0, tzinfo=UTC))  # the Friday before: Monday's slots are due
DUE = {ChannelKey("T1", "C0001"), ChannelKey("T1", "C0002"), ChannelKey("T2", "C0003", "E1")}


@pytest.fixture(params=BACKENDS)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database_url(request.param, tmp_path) as url:
        yield url


async def subscribe_channels(url: str) -> None:
    store = await Store.open(url, clock=SUBSCRIBED_AT)
    try:
        sub = store.subscribe
        await sub(ChannelKey("T1", "C0001"), local_time=time(9), timezone="UTC", every_day=False)
        await sub(ChannelKey("T1", "C0002"), local_time=time(8, 30), timezone="Europe/Paris", every_day=False)
        await sub(ChannelKey("T2", "C0003", "E1"), local_time=time(0), timezone="Asia/Tokyo", every_day=True)
        await sub(ChannelKey("T1", "C0004"), local_time=time(18), timezone="UTC", every_day=False)  # not yet due
        await sub(ChannelKey("T1", "C0005"), local_time=time(9), timezone="UTC", every_day=False)
        await store.pause_subscription(ChannelKey("T1", "C0005"), "is_archived: the channel is archived")
    finally:
        await store.close()


async def test_three_processes_post_each_due_channel_exactly_once(db_url: str) -> None:
    await subscribe_channels(db_url)
    async with FakeSlackAPI() as slack:
        runs = await run_together(db_url, slack.base_url, NOW, count=3)
        posted = Counter(call.params["channel"] for call in slack.calls_to("chat.postMessage"))
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert posted == Counter({key.channel_id: 1 for key in DUE})  # exactly one post per due channel, none else
    results = Counter(" ".join(line.split()[:2]) for run in runs for line in run.stdout.splitlines())
    for key in DUE:  # every process competed for every due channel: one won, two found it claimed
        assert results[f"posted {key.channel_id}"] == 1
        assert results[f"skipped {key.channel_id}"] == 2
    store = await Store.open(db_url)
    try:
        for key in DUE:
            record = await store.get_post(key, date(2024, 3, 4))
            assert record is not None and record.state == "posted" and record.slack_ts
    finally:
        await store.close()
    spans = [(run.started, run.ended) for run in runs]
    overlap = min(end for _, end in spans) - max(start for start, _ in spans)
    print(f"\n3 processes, overlap of their lifetimes {overlap:.2f}s; posts per channel {dict(posted)}")


class HangingSlack(FakeSlackAPI):
    """Slack receives the post (it appears in the channel's history) but the answer never comes back:
    the poster is killed in between, as if it crashed after posting and before recording the ts."""

    release: asyncio.Event

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != "chat.postMessage" or not self.hang:
            return await super()._handle_api(request)
        call = await self._record("chat.postMessage", request)
        message: dict[str, Any] = {"type": "message", "ts": "1700000000.777777", "bot_id": self.bot_id,
                                   **{k: call.params[k] for k in ("text", "blocks", "metadata") if k in call.params}}
        self.history.setdefault(str(call.params["channel"]), []).insert(0, message)
        await self.release.wait()
        return web.json_response({"ok": False, "error": "fake_released"})

    hang = True


async def test_killed_after_claim_then_takeover_does_not_post_twice(db_url: str) -> None:
    store = await Store.open(db_url, clock=SUBSCRIBED_AT)
    key = ChannelKey("T1", "C0001")
    await store.subscribe(key, local_time=time(9), timezone="UTC", every_day=False)
    slack = HangingSlack()
    slack.release = asyncio.Event()
    await slack.start()
    try:
        process, started = await start_run(db_url, slack.base_url, NOW)
        await slack.wait_for("chat.postMessage", 1, within=60)
        process.kill()  # SIGKILL: no clean-up of any kind
        killed = await finish(process, started)
        assert killed.returncode < 0
        record = await store.get_post(key, date(2024, 3, 4))
        assert record is not None and record.state == "claimed"  # the claim is left behind
        slack.hang = False
        early = (datetime.fromisoformat(NOW) + STALE_AFTER / 2).isoformat()
        fresh = await finish(*await start_run(db_url, slack.base_url, early))
        assert fresh.returncode == 0 and "skipped C0001" in fresh.stdout  # a live-looking claim is left alone
        late = (datetime.fromisoformat(NOW) + STALE_AFTER + timedelta(minutes=1)).isoformat()
        takeover = await finish(*await start_run(db_url, slack.base_url, late))
        assert takeover.returncode == 0, takeover.stderr
        assert "found C0001" in takeover.stdout
        assert len(slack.calls_to("chat.postMessage")) == 1  # never a second post
        assert len(slack.calls_to("conversations.history")) == 1
        record = await store.get_post(key, date(2024, 3, 4))
        assert record is not None and (record.state, record.slack_ts) == ("posted", "1700000000.777777")
    finally:
        slack.release.set()
        await slack.stop()
        await store.close()


async def test_stale_claim_with_nothing_posted_is_taken_over_and_posted_once(db_url: str) -> None:
    store = await Store.open(db_url, clock=SUBSCRIBED_AT)
    key = ChannelKey("T1", "C0001")
    await store.subscribe(key, local_time=time(9), timezone="UTC", every_day=False)
    start = datetime(2024, 3, 4, 9, tzinfo=UTC)
    assert await store.claim_post(key, date(2024, 3, 4), now=start, stale_after=STALE_AFTER) is not None
    later = (start + STALE_AFTER).isoformat()
    try:
        async with FakeSlackAPI() as slack:
            runs = await run_together(db_url, slack.base_url, later, count=2)
            assert [r.returncode for r in runs] == [0, 0]
            assert len(slack.calls_to("chat.postMessage")) == 1
            assert len(slack.calls_to("conversations.history")) == 1  # the takeover looked first
    finally:
        await store.close()
