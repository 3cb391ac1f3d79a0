"""The real `csterm serve` under the longest messages Slack sends (issue 10, item 2).

Ten direct messages of one 40,000-letter word each, and a /csterm command of 900 KB, arrive together; another
user's /csterm NRR is still answered, every message gets its reply, /healthz answers, and the lookups recorded
are bounded. (Before the cap, each such message took ~3.5 s and 1.5 GB; the 900 KB command alone got the
process killed.) How fast is measured by bench/long_query.py, not here.
"""

from __future__ import annotations

import asyncio
import json
import random
import string
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from bot.search.bounds import MAX_QUERY_CHARS
from bot.store.store import Store
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.serve_process import ServeProcess, free_port
from tests.slack.support import BOT_TOKEN, MINI_GLOSSARY, SIGNING_SECRET, event_body, signed_headers

WITHIN_SECONDS = 60  # a generous limit on the whole exchange: the old code never finished it


def letters(count: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(count))


def direct_message(text: str, number: int) -> str:
    event = {"type": "message", "channel_type": "im", "user": "U0000002", "text": text, "channel": "D0000002",
             "ts": f"1700000{number:03d}.000100", "event_ts": f"1700000{number:03d}.000100", "team": "T0000001"}
    return json.dumps(event_body(event, f"EvLong{number}"))


async def test_long_messages_neither_stall_nor_spill(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/slack/events"
    async with FakeSlackAPI() as slack:
        env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": str(port),
               "SLACK_API_URL": slack.base_url, "CSTERM_DB_PATH": str(tmp_path / "csterm.db"),
               "CSTERM_GLOSSARY": str(MINI_GLOSSARY)}
        async with ServeProcess(["--http"], env, tmp_path / "serve.log") as serve:
            await serve.wait_healthy(port)
            async with aiohttp.ClientSession() as http, asyncio.timeout(WITHIN_SECONDS):

                async def post(body: str, content_type: str) -> tuple[int, str]:
                    headers = signed_headers(body, content_type=content_type)
                    async with http.post(url, data=body.encode(), headers=headers) as response:
                        return response.status, await response.text()

                def slash(text: str, user: str) -> str:
                    return urlencode({"command": "/csterm", "text": text, "team_id": "T0000001",
                                      "channel_id": "C1", "user_id": user, "response_url": slack.response_url()})

                floods = [post(direct_message(letters(40_000, n), n), "application/json") for n in range(10)]
                floods.append(post(slash(letters(900_000, 99), "U0000003"), "application/x-www-form-urlencoded"))
                flooding = [asyncio.create_task(f) for f in floods]
                nrr_status, nrr = await post(slash("NRR", "U0000004"), "application/x-www-form-urlencoded")
                flood_statuses = [status for status, _ in await asyncio.gather(*flooding)]
                replies = await slack.wait_for("chat.postMessage", count=10, within=WITHIN_SECONDS)
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    health = await response.json()
            code = await serve.stop()
        stderr = serve.stderr
    assert nrr_status == 200 and json.loads(nrr)["blocks"][0]["text"]["text"] == "Net Revenue Retention"
    assert flood_statuses == [200] * 11
    assert {r.params["channel"] for r in replies} == {"D0000002"}
    assert health == {"ok": True, "database": "open"}
    assert code == 0 and "Traceback" not in stderr, stderr
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}")
    try:
        misses = await store.top_misses(team_id="T0000001", limit=20)
    finally:
        await store.close()
    assert sum(m.count for m in misses) == 11
    assert all(len(m.label) <= MAX_QUERY_CHARS for m in misses)
