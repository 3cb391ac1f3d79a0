"""The real `csterm serve` on Postgres: one bad lookup cannot poison the lookup log (issue 10, item 3)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy import select

from bot.store.store import Store
from bot.store.tables import lookups
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.serve_process import ServeProcess, free_port
from tests.slack.support import BOT_TOKEN, MINI_GLOSSARY, SIGNING_SECRET, signed_headers
from tests.store.databases import postgres_schema


async def recorded(store: Store) -> list[tuple[str, str]]:
    async with store.engine.connect() as conn:
        rows = (await conn.execute(select(lookups.c.team_id, lookups.c.query).order_by(lookups.c.id))).all()
    return [(row.team_id, row.query) for row in rows]


@pytest.mark.postgres
async def test_a_nul_byte_and_a_refused_row_do_not_block_the_lookup_log(tmp_path: Path) -> None:
    port = free_port()
    async with postgres_schema() as database_url, FakeSlackAPI() as slack:
        env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": str(port),
               "SLACK_API_URL": slack.base_url, "DATABASE_URL": database_url, "CSTERM_GLOSSARY": str(MINI_GLOSSARY)}
        async with ServeProcess(["--http"], env, tmp_path / "serve.log") as serve:
            await serve.wait_healthy(port)
            async with aiohttp.ClientSession() as http:
                for text, team in (("NRR\x00", "T1"), ("GRR", "T" * 40), ("churn\x07 rate", "T1")):
                    # a team id longer than its column is a row Postgres refuses, whatever the cleaning
                    body = urlencode({"command": "/csterm", "text": text, "team_id": team, "channel_id": "C1",
                                      "user_id": "U1", "response_url": slack.response_url()})
                    async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body,
                                         headers=signed_headers(body)) as response:
                        assert response.status == 200
            store = await Store.open(database_url)
            try:
                async with asyncio.timeout(15):
                    while len(await recorded(store)) < 2:  # noqa: ASYNC110 - another process writes them
                        await asyncio.sleep(0.1)
                code = await serve.stop()
                rows = await recorded(store)
            finally:
                await store.close()
        stderr = serve.stderr
    assert rows == [("T1", "NRR"), ("T1", "churn  rate")]
    assert code == 0 and "Traceback" not in stderr, stderr
    set_aside = [line for line in stderr.splitlines() if "set aside" in line]
    assert len(set_aside) == 1 and "TTTT" in set_aside[0], stderr
