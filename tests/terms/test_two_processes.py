"""Two real `csterm serve --http` processes on one Postgres: an approval made through one is answered by the
other within 5 s (each polls the team's counter every second)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.glossary.load import load_glossary
from bot.store.store import Store
from bot.terms.service import TeamTerms
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.support import BOT_TOKEN, MINI_GLOSSARY, SIGNING_SECRET, block_action, signed_headers
from tests.slack.test_serve_command import free_port, wait_healthy
from tests.store.databases import postgres_schema
from tests.terms.samples import ACME, boost

REVIEWER = "U0000009"


async def ask(http: aiohttp.ClientSession, port: int, text: str, response_url: str) -> str:
    body = urlencode({"command": "/csterm", "text": text, "team_id": ACME.team_id, "channel_id": "C1",
                      "user_id": "U1", "response_url": response_url})
    async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=signed_headers(body)) as reply:
        assert reply.status == 200
        return await reply.text()


@pytest.mark.postgres
async def test_an_approval_in_one_process_answers_in_the_other_within_5_seconds() -> None:
    async with postgres_schema() as url, FakeSlackAPI() as slack:
        store = await Store.open(url)
        try:
            pending = await TeamTerms(store, load_glossary(MINI_GLOSSARY)).suggest(ACME, boost(), by="U1")
        finally:
            await store.close()
        ports = [free_port(), free_port()]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CSTERM_", "DATABASE_URL"))}
        env.update({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "DATABASE_URL": url,
                    "SLACK_API_URL": slack.base_url, "CSTERM_GLOSSARY": str(MINI_GLOSSARY),
                    "CSTERM_ADMINS": REVIEWER})
        processes = [await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--http", env={**env, "PORT": str(port)},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE) for port in ports]
        try:
            for port, process in zip(ports, processes, strict=True):
                health = await wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
                assert health["ok"] is True
            async with aiohttp.ClientSession() as http:
                await asyncio.sleep(1.5)  # both have read the counters once (the database opens after answering)
                for port in ports:
                    assert "Nothing in the glossary matches" in await ask(http, port, "boost program",
                                                                          slack.response_url())
                click = block_action("csterm_review_approve", str(pending.id), slack.response_url())
                click["user"]["id"] = REVIEWER
                body = urlencode({"payload": json.dumps(click)})
                async with http.post(f"http://127.0.0.1:{ports[0]}/slack/events", data=body,
                                     headers=signed_headers(body)) as reply:
                    assert reply.status == 200
                approved_at = time.monotonic()
                seen = ""
                while time.monotonic() - approved_at < 5.0:
                    seen = await ask(http, ports[1], "boost program", slack.response_url())
                    if "six weeks" in seen:
                        break
                    await asyncio.sleep(0.1)
                assert "six weeks" in seen, "the other process did not answer the approved term within 5 s"
                assert "six weeks" in await ask(http, ports[0], "boost program", slack.response_url())
        finally:
            for process in processes:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
            codes = [await asyncio.wait_for(p.wait(), 20) for p in processes]
        stderr = [(await p.stderr.read()).decode() for p in processes if p.stderr is not None]
        assert codes == [0, 0], stderr
        assert not any("Traceback" in text for text in stderr), stderr
