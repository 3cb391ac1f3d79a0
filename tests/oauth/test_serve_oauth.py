"""The real `csterm serve --http` in OAuth mode, started with only the settings README names for it: an install
through the pages, a mention answered with that workspace's token, a clean stop; and the start-up checks."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.cli import main
from tests.fakes.slack_api import FakeSlackAPI
from tests.oauth.support import CLIENT_ID, CLIENT_SECRET, Served, mention, oauth_environ, team_event
from tests.slack.serve_process import ServeProcess
from tests.slack.support import MINI_GLOSSARY, SIGNING_SECRET
from tests.slack.test_serve_command import free_port, wait_healthy
from tests.store.databases import postgres_schema

OAUTH_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "PORT", "SLACK_API_URL",
                   "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "DATABASE_URL", "CSTERM_DB_PATH")


async def test_serve_http_in_oauth_mode_installs_answers_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    async with FakeSlackAPI() as slack:
        env = {**{k: v for k, v in os.environ.items() if k not in OAUTH_VARIABLES},
               **oauth_environ(slack.base_url, f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}"), "PORT": str(port)}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--http", env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        try:
            health = await wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
            async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
                served = Served(f"http://127.0.0.1:{port}", slack, http, None, None)  # type: ignore[arg-type]
                await served.install(team_id="T1", token="xoxb-team-1")
                await served.install(team_id="T2", token="xoxb-team-2")
                for team, event_id in (("T1", "Ev1"), ("T2", "Ev2")):
                    envelope = team_event(mention("<@UBOT> NRR", team_id=team, channel=f"C{team}"), team_id=team,
                                          event_id=event_id)
                    assert await served.event(envelope) == 200
                posts = await slack.wait_for("chat.postMessage", 2)
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 20)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert process.stderr is not None
        stderr = (await process.stderr.read()).decode()
    assert health["ok"] is True
    assert code == 0, stderr
    assert "Traceback" not in stderr and CLIENT_SECRET not in stderr and "xoxb-team" not in stderr
    assert {str(p.params["channel"]): p.token for p in posts} == {"CT1": "xoxb-team-1", "CT2": "xoxb-team-2"}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in OAUTH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(("environ", "argv", "message"), [
    ({"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}, ["--http"],
     "SLACK_SIGNING_SECRET is not set"),
    ({"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_SIGNING_SECRET": SIGNING_SECRET}, ["--http"],
     "SLACK_CLIENT_SECRET is not set"),
    ({"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET, "SLACK_SIGNING_SECRET": SIGNING_SECRET},
     ["--socket"], "OAuth installs need `csterm serve --http`"),
])
def test_oauth_start_up_checks_are_one_line(clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                            environ: dict[str, str], argv: list[str], message: str) -> None:
    for name, value in environ.items():
        clean_env.setenv(name, value)
    assert main(["serve", *argv, "--glossary", str(MINI_GLOSSARY)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and CLIENT_SECRET not in err


def test_a_manifest_without_scopes_stops_oauth_serve_with_one_line(
        clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name, value in {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
                        "SLACK_SIGNING_SECRET": SIGNING_SECRET}.items():
        clean_env.setenv(name, value)
    clean_env.setattr("bot.slack.manifest.SHIPPED_MANIFEST", tmp_path / "missing.yml")
    assert main(["serve", "--http", "--glossary", str(MINI_GLOSSARY)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read the bot scopes from" in err


@pytest.mark.postgres
async def test_two_oauth_processes_on_postgres_answer_a_retried_event_once(tmp_path: Path) -> None:
    """Behind a load balancer: installed through process A, an event answered by A and its retry sent to B is
    not answered again; B answers a new event with the token A saved."""
    async with postgres_schema() as url, FakeSlackAPI() as slack:
        settings = oauth_environ(slack.base_url, url)
        async with serve_process(settings, tmp_path / "a.log") as url_a, \
                serve_process(settings, tmp_path / "b.log") as url_b, \
                aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            a = Served(url_a, slack, http, None, None)  # type: ignore[arg-type]
            b = Served(url_b, slack, http, None, None)  # type: ignore[arg-type]
            await a.install(team_id="T1", token="xoxb-team-1")
            first = team_event(mention("<@UBOT> NRR", team_id="T1", channel="C1", ts="1700000001.000100"),
                               team_id="T1", event_id="EvOnce")
            assert await a.event(first) == 200
            await slack.wait_for("chat.postMessage")
            assert await b.event(first, retry=1) == 200
            second = team_event(mention("<@UBOT> GRR", team_id="T1", channel="C1", ts="1700000002.000100"),
                                team_id="T1", event_id="EvNext")
            assert await b.event(second) == 200
            posts = await slack.wait_for("chat.postMessage", 2)
    assert [p.params["thread_ts"] for p in posts] == ["1700000001.000100", "1700000002.000100"]
    assert {p.token for p in posts} == {"xoxb-team-1"}


@asynccontextmanager
async def serve_process(settings: dict[str, str], log: Path) -> AsyncIterator[str]:
    """A real `csterm serve --http` with only these settings, on a free port; its URL; SIGTERM, a clean exit after."""
    port = free_port()
    async with ServeProcess(["--http"], {**settings, "PORT": str(port)}, log) as serve:
        await serve.wait_healthy(port)
        yield f"http://127.0.0.1:{port}"
        assert await serve.stop() == 0, serve.stderr
        assert "Traceback" not in serve.stderr, serve.stderr
