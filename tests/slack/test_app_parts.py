"""Smaller parts of the Slack app: the sub-command registry, the retry guard, the client, serve's hooks."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

from bot.slack.app import build_registry, create_app
from bot.slack.dedupe import SeenEvents
from bot.slack.incoming import decode_entities, strip_user_mentions, team_of
from bot.slack.serve import serve_http
from bot.slack.subcommands import Reply, Subcommand, SubcommandContext
from bot.store.handle import StoreHandle
from bot.store.store import Store
from tests.slack.support import MemoryStore, make_settings, mini_matcher, unopened_store

JSON = {"content-type": "application/json"}


async def _noop(ctx: SubcommandContext) -> Reply:
    return Reply("x", [])


def test_registry_splits_text_and_refuses_duplicates() -> None:
    registry = build_registry()
    found, args = registry.split("CALC nrr a=1")
    assert found is not None
    assert found.name == "calc"
    assert args == "nrr a=1"
    assert registry.split("churn rate") == (None, "churn rate")
    with pytest.raises(ValueError, match="twice"):
        registry.add(Subcommand("search", "search", "", (), _noop))


def test_the_daily_module_adds_its_subcommands_by_default() -> None:
    registry = build_registry()
    assert registry.get("daily") is not None
    assert registry.get("stats") is not None


def test_extra_subcommand_modules_are_registered_and_shown_in_help() -> None:
    class DailyModule:
        @staticmethod
        def register_subcommands(registry: object) -> None:
            registry.add(Subcommand("daily", "daily subscribe HH:MM", "Post a term every day.",  # type: ignore[attr-defined]
                                    ("daily subscribe 09:00",), _noop))

    registry = build_registry([DailyModule()])
    assert registry.get("daily") is not None
    assert "/csterm daily subscribe HH:MM" in registry.help_text()


def test_seen_events_is_bounded() -> None:
    seen = SeenEvents(unopened_store(), capacity=2)
    assert seen.first_time("a")
    assert not seen.first_time("a")
    assert seen.first_time("b")
    assert seen.first_time("c")  # evicts "a"
    assert seen.first_time("a")


async def test_dedupe_middleware_skips_repeats_only(tmp_path: Path) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}")
    seen, ok = SeenEvents(StoreHandle.of(store)), BoltResponse(status=200, body="")
    next_ = AsyncMock(return_value=ok)

    async def process(body: dict[str, Any]) -> BoltResponse:
        return await seen.async_process(req=AsyncBoltRequest(body=json.dumps(body), headers=JSON), resp=ok,
                                        next=next_)

    event = {"type": "event_callback", "event_id": "Ev1"}
    assert await process(event) is ok
    repeat = await process(event)
    assert repeat.status == 200 and repeat is not ok
    assert next_.await_count == 1
    await process({"type": "block_actions"})
    await process({"type": "block_actions"})
    assert next_.await_count == 3
    restarted = SeenEvents(StoreHandle.of(store))  # another process, or this one after a restart
    assert await restarted.first_delivery("Ev1") is False
    assert await restarted.first_delivery("Ev2") is True
    await store.close()


def test_incoming_text_helpers() -> None:
    assert decode_entities("a &amp;lt; b &lt;!here&gt;") == "a &lt; b <!here>"
    assert strip_user_mentions("<@UBOT|csterm>  what is  NRR") == "what is NRR"
    assert team_of({"team": {"id": "T1"}, "enterprise": {"id": "E1"}}) == ("T1", "E1")
    assert team_of({"team_id": "T2"}) == ("T2", None)
    assert team_of({"team": "T3", "text": "an event"}) == ("T3", None)
    assert team_of({}) == ("", None)


def test_app_client_uses_the_api_url_and_retries_429_once() -> None:
    client = create_app(make_settings("http://127.0.0.1:9/api/"), mini_matcher(), MemoryStore(), unopened_store()).bolt.client
    assert client.base_url == "http://127.0.0.1:9/api/"
    [rate_limit] = [h for h in client.retry_handlers if isinstance(h, AsyncRateLimitErrorRetryHandler)]
    assert rate_limit.max_retry_count == 1


async def test_serve_http_starts_and_stops_background_services() -> None:
    events: list[str] = []
    started = asyncio.Event()

    class Service:
        async def start(self) -> None:
            events.append("start")
            started.set()

        async def stop(self) -> None:
            events.append("stop")

    app = create_app(make_settings("http://127.0.0.1:9/api/"), mini_matcher(), MemoryStore(), unopened_store())
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_http(app, port=0, host="127.0.0.1", stop=stop, background=[Service()]))
    await asyncio.wait_for(started.wait(), 30)
    stop.set()
    await asyncio.wait_for(serving, 30)
    assert events == ["start", "stop"]
