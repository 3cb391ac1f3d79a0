"""Every settings combination README offers starts the real `csterm serve` and answers /csterm NRR.

Each run gets only the settings README names for its mode (plus SLACK_API_URL pointing at the stand-ins, the
database path and the glossary), so a setting one mode does not need (the signing secret in Socket Mode) can
never be required by accident again.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.socket_mode import FakeSocketModeServer
from tests.slack.serve_process import ServeProcess, free_port
from tests.slack.support import APP_TOKEN, BOT_TOKEN, MINI_GLOSSARY, SIGNING_SECRET, signed_headers, slash_command

BOT = {"SLACK_BOT_TOKEN": BOT_TOKEN}
APP = {"SLACK_APP_TOKEN": APP_TOKEN}
SECRET = {"SLACK_SIGNING_SECRET": SIGNING_SECRET}

SOCKET_COMBINATIONS = [
    pytest.param(["--socket"], BOT | APP, id="socket-flag-tokens-only"),
    pytest.param([], BOT | APP, id="app-token-picks-socket"),
    pytest.param(["--socket"], BOT | APP | SECRET, id="socket-with-a-signing-secret-too"),
]
HTTP_COMBINATIONS = [
    pytest.param(["--http"], BOT | SECRET, id="http-flag"),
    pytest.param([], BOT | SECRET, id="no-app-token-picks-http"),
    pytest.param(["--http"], BOT | SECRET | APP, id="http-flag-with-an-app-token-too"),
]


def assert_clean_start(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "will be unused" not in stderr, stderr  # bolt's warning when the token is passed twice


@pytest.mark.parametrize(("flags", "settings"), SOCKET_COMBINATIONS)
async def test_socket_mode_serves_with_the_settings_readme_names(
    flags: list[str], settings: dict[str, str], tmp_path: Path
) -> None:
    async with FakeSlackAPI() as slack, FakeSocketModeServer(slack) as socket_server:
        env = {**settings, "SLACK_API_URL": slack.base_url, "CSTERM_DB_PATH": str(tmp_path / "csterm.db"),
               "CSTERM_GLOSSARY": str(MINI_GLOSSARY)}
        async with ServeProcess(flags, env, tmp_path / "serve.log") as serve:
            try:
                await socket_server.wait_connected(within=30)
            except TimeoutError:
                raise AssertionError(f"never connected over Socket Mode:\n{serve.stderr}") from None
            envelope = await socket_server.slash_command(slash_command("NRR", slack.response_url()))
            ack = await socket_server.wait_for_ack(envelope)
            code = await serve.stop()
        stderr = serve.stderr
    assert ack["payload"]["blocks"][0]["text"]["text"] == "Net Revenue Retention"
    assert slack.calls_to("apps.connections.open")[0].headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert code == 0, stderr
    assert_clean_start(stderr)


@pytest.mark.parametrize(("flags", "settings"), HTTP_COMBINATIONS)
async def test_http_serves_with_the_settings_readme_names(
    flags: list[str], settings: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    async with FakeSlackAPI() as slack:
        env = {**settings, "PORT": str(port), "SLACK_API_URL": slack.base_url,
               "CSTERM_DB_PATH": str(tmp_path / "csterm.db"), "CSTERM_GLOSSARY": str(MINI_GLOSSARY)}
        async with ServeProcess(flags, env, tmp_path / "serve.log") as serve:
            await serve.wait_healthy(port)
            body = urlencode({"command": "/csterm", "text": "NRR", "team_id": "T1", "channel_id": "C1",
                              "user_id": "U1", "response_url": slack.response_url()})
            async with aiohttp.ClientSession() as http, http.post(
                f"http://127.0.0.1:{port}/slack/events", data=body, headers=signed_headers(body)
            ) as response:
                status, answer = response.status, await response.json()
            code = await serve.stop()
        stderr = serve.stderr
    assert status == 200
    assert answer["blocks"][0]["text"]["text"] == "Net Revenue Retention"
    assert code == 0, stderr
    assert_clean_start(stderr)
