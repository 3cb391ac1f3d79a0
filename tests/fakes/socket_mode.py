"""FakeSocketModeServer: a local WebSocket server standing in for Slack's Socket Mode endpoint.

It registers its ws:// URL with a FakeSlackAPI, so `apps.connections.open` answers with it. When a client
connects it sends `hello`; tests then push envelopes (`slash_command`, `events_api`, `interactive`) and wait
for the client's acks, which are recorded by envelope id.

    async with FakeSlackAPI() as slack, FakeSocketModeServer(slack) as socket:
        ...start an AsyncSocketModeHandler whose web client points at slack.base_url...
        await socket.wait_connected()
        envelope_id = await socket.slash_command({"command": "/csterm", "text": "NRR", ...})
        ack = await socket.wait_for_ack(envelope_id)
"""

from __future__ import annotations

import asyncio
import itertools
import json
from types import TracebackType
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.slack_api import FakeSlackAPI


class FakeSocketModeServer:
    def __init__(self, slack: FakeSlackAPI, host: str = "127.0.0.1") -> None:
        self.slack = slack
        self.host = host
        self.port = 0
        self.acks: dict[str, dict[str, Any]] = {}
        self.connections = 0
        self._sockets: list[web.WebSocketResponse] = []
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Condition()

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.port}/link/?ticket=fake-ticket"

    async def start(self) -> FakeSocketModeServer:
        app = web.Application()
        app.router.add_get("/link/", self._handle_socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, 0).start()
        self.port = self._runner.addresses[0][1]
        self.slack.socket_mode_url = self.url
        return self

    async def stop(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSocketModeServer:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _handle_socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._sockets.append(socket)
        self.connections += 1
        hello = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0000001"}}
        await socket.send_json(hello)
        await self._notify()
        try:
            async for message in socket:
                if message.type is WSMsgType.TEXT:
                    ack = json.loads(message.data)
                    self.acks[str(ack.get("envelope_id"))] = ack
                    await self._notify()
        finally:
            self._sockets.remove(socket)
        return socket

    async def wait_connected(self, within: float = 10.0) -> None:
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: bool(self._sockets))

    async def wait_for_ack(self, envelope_id: str, within: float = 10.0) -> dict[str, Any]:
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: envelope_id in self.acks)
        return self.acks[envelope_id]

    async def send_envelope(
        self, kind: str, payload: dict[str, Any], *, accepts_response_payload: bool, retry_attempt: int = 0
    ) -> str:
        """Send one envelope to the (latest) connected client; returns its envelope id."""
        if not self._sockets:
            raise RuntimeError("no Socket Mode client is connected")
        envelope_id = f"envelope-{next(self._ids)}"
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope |= {"retry_attempt": retry_attempt, "retry_reason": "timeout" if retry_attempt else ""}
        await self._sockets[-1].send_json(envelope)
        return envelope_id

    async def slash_command(self, payload: dict[str, Any]) -> str:
        return await self.send_envelope("slash_commands", payload, accepts_response_payload=True)

    async def events_api(self, payload: dict[str, Any], retry_attempt: int = 0) -> str:
        return await self.send_envelope(
            "events_api", payload, accepts_response_payload=False, retry_attempt=retry_attempt
        )

    async def interactive(self, payload: dict[str, Any]) -> str:
        return await self.send_envelope("interactive", payload, accepts_response_payload=False)
