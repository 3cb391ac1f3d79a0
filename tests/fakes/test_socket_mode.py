from __future__ import annotations

from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.socket_mode import FakeSocketModeServer


async def test_client_connects_gets_envelopes_and_acks() -> None:
    received: list[SocketModeRequest] = []

    async def acknowledge(client: SocketModeClient, request: SocketModeRequest) -> None:
        received.append(request)
        await client.send_socket_mode_response(
            SocketModeResponse(envelope_id=request.envelope_id, payload={"text": f"got {request.type}"})
        )

    async with FakeSlackAPI() as slack, FakeSocketModeServer(slack) as socket:
        client = SocketModeClient(app_token="xapp-test", web_client=AsyncWebClient(base_url=slack.base_url))
        client.socket_mode_request_listeners.append(acknowledge)  # type: ignore[arg-type]
        try:
            await client.connect()
            await socket.wait_connected()
            slash_id = await socket.slash_command({"command": "/csterm", "text": "NRR"})
            event_id = await socket.events_api({"type": "event_callback", "event_id": "Ev1"})
            slash_ack = await socket.wait_for_ack(slash_id)
            event_ack = await socket.wait_for_ack(event_id)
        finally:
            await client.close()

    assert slack.calls_to("apps.connections.open")[0].headers["Authorization"] == "Bearer xapp-test"
    assert slash_ack == {"envelope_id": slash_id, "payload": {"text": "got slash_commands"}}
    assert event_ack["envelope_id"] == event_id
    assert [r.type for r in received] == ["slash_commands", "events_api"]
    assert received[0].payload["text"] == "NRR"
    assert socket.connections == 1
