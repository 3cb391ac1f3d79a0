"""Socket Mode end to end: serve_socket against a local WebSocket server and the fake Web API."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.slack.app import create_app
from bot.slack.serve import serve_socket
from bot.store.handle import StoreHandle
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.socket_mode import FakeSocketModeServer
from tests.slack.support import (
    APP_TOKEN,
    MemoryStore,
    event_body,
    make_settings,
    mention_event,
    mini_matcher,
    slash_command,
)


class RecordingService:
    def __init__(self) -> None:
        self.events: list[str] = []

    async def start(self) -> None:
        self.events.append("start")

    async def stop(self) -> None:
        self.events.append("stop")


async def test_socket_mode_acks_envelopes_and_replies(tmp_path: Path) -> None:
    store = MemoryStore()
    service = RecordingService()
    database = StoreHandle(f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}")  # remembers the events seen
    await database.start()
    async with FakeSlackAPI() as slack, FakeSocketModeServer(slack) as socket:
        app = create_app(make_settings(slack.base_url, SLACK_APP_TOKEN=APP_TOKEN), mini_matcher(), store, database)
        stop = asyncio.Event()
        serving = asyncio.create_task(
            serve_socket(app, app_token=APP_TOKEN, stop=stop, background=[service])
        )
        try:
            await socket.wait_connected()
            slash_id = await socket.slash_command(slash_command("GRR", slack.response_url()))
            slash_ack = await socket.wait_for_ack(slash_id)

            event = mention_event("<@UBOT0001> churn", thread_ts="1700000000.000100")
            event_id = await socket.events_api(event_body(event, "EvSocket1"))
            event_ack = await socket.wait_for_ack(event_id)
            [post] = await slack.wait_for("chat.postMessage")
            retry_id = await socket.events_api(event_body(event, "EvSocket1"), retry_attempt=1)
            retry_ack = await socket.wait_for_ack(retry_id)
            other = mention_event("<@UBOT0001> QBR", thread_ts="1700000000.000999")
            await socket.events_api(event_body(other, "EvSocket2"))
            posts = await slack.wait_for("chat.postMessage", count=2)
        finally:
            stop.set()
            await asyncio.wait_for(serving, 30)
            await database.stop()

    assert slack.calls_to("apps.connections.open")[0].headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert slash_ack["payload"]["response_type"] == "ephemeral"
    assert slash_ack["payload"]["blocks"][0]["text"]["text"] == "Gross Revenue Retention"
    assert event_ack == {"envelope_id": event_id}
    assert retry_ack["envelope_id"] == retry_id
    assert post.params["thread_ts"] == "1700000000.000100"
    assert post.params["blocks"][0]["text"]["text"] == "Churn Rate"
    assert [p.params["thread_ts"] for p in posts] == ["1700000000.000100", "1700000000.000999"]
    assert [lookup["term"] for lookup in store.lookups] == [
        "Gross Revenue Retention", "Churn Rate", "Quarterly Business Review"
    ]
    assert service.events == ["start", "stop"]
