"""Single-workspace mode (SLACK_BOT_TOKEN only) is unchanged: no install pages, every call with the one token."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.daily.post import DailyPoster
from bot.glossary.load import load_glossary
from bot.slack.app import create_app
from bot.slack.serve import build_web_app
from bot.store.handle import StoreHandle
from bot.store.records import ChannelKey
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.support import (
    BOT_TOKEN,
    MINI_GLOSSARY,
    MemoryStore,
    event_body,
    make_settings,
    mention_event,
    mini_matcher,
    signed_headers,
)


async def test_single_workspace_mode_uses_the_bot_token_everywhere_and_has_no_install_pages(tmp_path: Path) -> None:
    async with FakeSlackAPI() as slack:
        handle = StoreHandle(f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}")
        await handle.start()
        app = create_app(make_settings(slack.base_url), mini_matcher(), MemoryStore(), handle)
        assert app.installations is None and app.bolt.oauth_flow is None
        runner = web.AppRunner(build_web_app(app))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        try:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"{url}/slack/install") as response:
                    assert response.status == 404
                body = json.dumps(event_body(mention_event("<@UBOT0001> NRR"), "Ev1"))
                async with http.post(f"{url}/slack/events", data=body,
                                     headers=signed_headers(body, content_type="application/json")) as response:
                    assert response.status == 200
            store = await handle.get()
            await store.subscribe(ChannelKey("T0000001", "C2"), local_time=time(9), timezone="UTC", every_day=True)
            glossary = load_glossary(MINI_GLOSSARY)
            outcomes = await DailyPoster(store, app.deps.clients, lambda: glossary).post_due(
                datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1))
            assert [o.result for o in outcomes] == ["posted"]
        finally:
            await runner.cleanup()
            await handle.stop()
        assert {c.token for c in slack.calls} == {BOT_TOKEN}
        assert {c.method for c in slack.calls} == {"auth.test", "chat.postMessage"}
