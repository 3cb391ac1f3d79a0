"""The real `csterm serve`: an event is answered once across restarts and processes, and acknowledged before its
reply is posted (issue 10, item 5)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.serve_process import ServeProcess, free_port
from tests.slack.support import (
    BOT_TOKEN,
    MINI_GLOSSARY,
    SIGNING_SECRET,
    event_body,
    mention_event,
    signed_headers,
)
from tests.store.databases import postgres_schema


@asynccontextmanager
async def serving(slack: FakeSlackAPI, database: dict[str, str], log: Path) -> AsyncIterator[tuple[ServeProcess, int]]:
    port = free_port()
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": str(port),
           "SLACK_API_URL": slack.base_url, "CSTERM_GLOSSARY": str(MINI_GLOSSARY), **database}
    async with ServeProcess(["--http"], env, log) as serve:
        await serve.wait_healthy(port)
        yield serve, port
        assert await serve.stop() == 0, serve.stderr
        assert "Traceback" not in serve.stderr, serve.stderr


async def send(port: int, event: dict[str, Any], event_id: str, retry: int | None = None) -> int:
    body = json.dumps(event_body(event, event_id))
    headers = signed_headers(body, content_type="application/json")
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    async with aiohttp.ClientSession() as http, http.post(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=headers
    ) as response:
        return response.status


def mention(text: str, thread: str) -> dict[str, Any]:
    return mention_event(f"<@UBOT0001> {text}", ts=f"{thread}1", thread_ts=thread)


async def test_a_retry_after_a_restart_is_not_answered_again(tmp_path: Path) -> None:
    database = {"CSTERM_DB_PATH": str(tmp_path / "csterm.db")}
    async with FakeSlackAPI() as slack:
        async with serving(slack, database, tmp_path / "first.log") as (_, port):
            assert await send(port, mention("NRR", "1700000001.000100"), "EvRestart") == 200
            await slack.wait_for("chat.postMessage")
        async with serving(slack, database, tmp_path / "second.log") as (_, port):
            assert await send(port, mention("NRR", "1700000001.000100"), "EvRestart", retry=1) == 200
            # a later, different event is answered; a duplicate reply would have been posted before it
            assert await send(port, mention("GRR", "1700000002.000100"), "EvAfter") == 200
            posts = await slack.wait_for("chat.postMessage", count=2)
    assert [p.params["thread_ts"] for p in posts] == ["1700000001.000100", "1700000002.000100"]


@pytest.mark.postgres
async def test_two_processes_on_postgres_answer_an_event_once(tmp_path: Path) -> None:
    async with postgres_schema() as url, FakeSlackAPI() as slack:
        database = {"DATABASE_URL": url}
        async with serving(slack, database, tmp_path / "a.log") as (_, port_a), \
                serving(slack, database, tmp_path / "b.log") as (_, port_b):
            assert await send(port_a, mention("NRR", "1700000001.000100"), "EvTwo") == 200
            await slack.wait_for("chat.postMessage")
            assert await send(port_b, mention("NRR", "1700000001.000100"), "EvTwo", retry=1) == 200
            assert await send(port_b, mention("GRR", "1700000002.000100"), "EvNext") == 200
            posts = await slack.wait_for("chat.postMessage", count=2)
    assert [p.params["thread_ts"] for p in posts] == ["1700000001.000100", "1700000002.000100"]


async def test_an_event_is_acknowledged_before_a_rate_limited_reply_is_posted(tmp_path: Path) -> None:
    async with FakeSlackAPI() as slack:
        slack.rate_limit("chat.postMessage", retry_after=2)  # the client waits 2 s, then posts again
        async with serving(slack, {"CSTERM_DB_PATH": str(tmp_path / "csterm.db")}, tmp_path / "s.log") as (_, port):
            assert await send(port, mention("NRR", "1700000001.000100"), "EvSlow") == 200
            posts_when_acknowledged = len(slack.calls_to("chat.postMessage"))
            _, second = await slack.wait_for("chat.postMessage", count=2)
    assert posts_when_acknowledged <= 1  # the 429 at most: the reply itself came after the acknowledgement
    assert second.params["blocks"][0]["text"]["text"] == "Net Revenue Retention"
