"""`csterm serve`: start-up checks in process; a real subprocess for health and SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.cli import main
from bot.store.records import ChannelKey
from bot.store.store import Store
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.support import BOT_TOKEN, MINI_GLOSSARY, SIGNING_SECRET, signed_headers

SLACK_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "PORT", "SLACK_API_URL")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_missing_signing_secret_is_one_clear_line(clean_env: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    code = main(["serve", "--http", "--glossary", str(MINI_GLOSSARY)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "SLACK_SIGNING_SECRET is not set" in err


def test_socket_mode_needs_the_app_token(clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    assert main(["serve", "--socket", "--glossary", str(MINI_GLOSSARY)]) == 2
    assert "SLACK_APP_TOKEN is not set" in capsys.readouterr().err


def test_malformed_port_is_named(clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    clean_env.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    clean_env.setenv("PORT", "eighty")
    assert main(["serve", "--http", "--glossary", str(MINI_GLOSSARY)]) == 2
    assert "PORT is malformed" in capsys.readouterr().err


def test_refuses_to_start_on_an_invalid_glossary(clean_env: pytest.MonkeyPatch, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    clean_env.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    bad = tmp_path / "bad.yaml"
    bad.write_text("- term: Orphan\n  category: nonsense\n  definition: A definition.\n", encoding="utf-8")
    code = main(["serve", "--http", "--glossary", str(bad)])
    err = capsys.readouterr().err
    assert code == 1
    assert "bad.yaml:2" in err
    assert "category" in err
    assert "refusing to start" in err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_healthy(url: str, process: asyncio.subprocess.Process) -> dict[str, object]:
    async with aiohttp.ClientSession() as http:
        for _ in range(300):  # generous: the process imports everything first
            if process.returncode is not None:
                raise AssertionError(f"csterm serve exited early with {process.returncode}")
            try:
                async with http.get(url) as response:
                    return dict(await response.json())
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    raise AssertionError("csterm serve never became healthy")


async def test_serve_http_answers_records_lookups_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    async with FakeSlackAPI() as slack:
        env = {
            **{k: v for k, v in os.environ.items() if k not in SLACK_VARIABLES},
            "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack.base_url,
            "CSTERM_DB_PATH": str(tmp_path / "csterm.db"), "DATABASE_URL": "",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--http", "--port", str(port), "--glossary", str(MINI_GLOSSARY),
            env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        try:
            health = await wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
            replies = {}
            async with aiohttp.ClientSession() as http:
                # the answers, and the sub-commands that need the database, as the real process wires them
                for text in ("pizza", "NRR", "daily on 08:30 Europe/Paris", "stats"):
                    body = urlencode({"command": "/csterm", "text": text, "team_id": "T1", "channel_id": "C1",
                                      "user_id": "U1", "response_url": slack.response_url()})
                    async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body,
                                         headers=signed_headers(body)) as response:
                        assert response.status == 200
                        replies[text] = str((await response.json()).get("text", ""))
            process.send_signal(signal.SIGTERM)  # at once: the lookups may still be queued
            code = await asyncio.wait_for(process.wait(), 20)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert process.stderr is not None
        stderr = (await process.stderr.read()).decode()
    assert health["ok"] is True
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert "turned on a term of the day here: C1 (T1): 08:30 Europe/Paris" in replies["daily on 08:30 Europe/Paris"]
    assert "Most looked-up terms" in replies["stats"], replies["stats"]
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}")
    try:
        subscription = await store.get_subscription(ChannelKey("T1", "C1"))
        assert subscription is not None and subscription.timezone == "Europe/Paris"
        assert [(m.label, m.count) for m in await store.top_misses(team_id="T1")] == [("pizza", 1)]
        assert [t.label for t in await store.top_terms(team_id="T1")] == ["Net Revenue Retention"]
    finally:
        await store.close()


async def test_a_database_that_cannot_be_opened_stops_serve_with_one_clear_line(tmp_path: Path) -> None:
    port, db_port = free_port(), free_port()  # nothing listens on db_port
    env = {
        **{k: v for k, v in os.environ.items() if k not in SLACK_VARIABLES},
        "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": "http://127.0.0.1:9/",
        "DATABASE_URL": f"postgres://csterm:hunter2@127.0.0.1:{db_port}/csterm",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", "--http", "--port", str(port), "--glossary", str(MINI_GLOSSARY),
        env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, stderr_bytes = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    stderr = stderr_bytes.decode()
    assert process.returncode == 1, stderr
    assert stderr.splitlines()[-1].startswith(
        f"csterm serve: cannot open the database postgresql+asyncpg://csterm:***@127.0.0.1:{db_port}/csterm: ")
    assert "Traceback" not in stderr
    assert "hunter2" not in stderr
