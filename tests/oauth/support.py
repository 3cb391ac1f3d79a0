"""OAuth mode served on a real local port against FakeSlackAPI: installs through /slack/install and the redirect,
events signed for any workspace."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.slack.app import SlackApp, create_app
from bot.slack.serve import build_web_app
from bot.store.handle import StoreHandle
from bot.store.store import Store
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.support import MINI_GLOSSARY, SIGNING_SECRET, MemoryStore, mini_matcher, signed_headers

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "client-secret-0123456789abcdef"
STATE_COOKIE = "slack-app-oauth-state"


def oauth_environ(api_url: str, database_url: str) -> dict[str, str]:
    """Exactly the settings README names for OAuth mode (plus the fake's URL and the test database)."""
    return {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": api_url, "DATABASE_URL": database_url, "CSTERM_GLOSSARY": str(MINI_GLOSSARY)}


def oauth_settings(slack: FakeSlackAPI, database_url: str) -> Settings:
    return Settings.from_env(oauth_environ(slack.base_url, database_url))


@dataclass
class Started:
    """The Add-to-Slack page's answer: the state Slack will echo back and the browser's cookie for it."""

    status: int
    html: str
    authorize_url: str
    state: str
    cookie: str


def team_event(event: dict[str, Any], *, team_id: str | None, enterprise_id: str | None = None,
               org_install: bool = False, event_id: str = "Ev1") -> dict[str, Any]:
    """An Events API envelope from one workspace (or, org_install, from a workspace of an org-wide install)."""
    return {
        "token": "legacy", "team_id": team_id, "enterprise_id": enterprise_id, "api_app_id": "A0000001",
        "type": "event_callback", "event_id": event_id, "event_time": int(time.time()), "event": event,
        "is_enterprise_install": org_install,
        "authorizations": [{"enterprise_id": enterprise_id, "team_id": None if org_install else team_id,
                            "user_id": "UBOT", "is_bot": True, "is_enterprise_install": org_install}],
    }


def mention(text: str, *, team_id: str, channel: str, ts: str = "1700000100.000200",
            thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "user": "U1", "text": text, "ts": ts, "channel": channel, "team": team_id,
             "event_ts": ts}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})


@dataclass
class Served:
    url: str
    slack: FakeSlackAPI
    http: aiohttp.ClientSession
    app: SlackApp
    store: Store

    async def start_install(self) -> Started:
        async with self.http.get(f"{self.url}/slack/install") as response:
            html = await response.text()
            cookie = response.cookies[STATE_COOKIE].value if STATE_COOKIE in response.cookies else ""
            status = response.status
        match = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', html)
        url = match.group(1).replace("&amp;", "&") if match else ""
        state = parse_qs(urlparse(url).query).get("state", [""])[0]
        return Started(status, html, url, state, cookie)

    async def redirect(self, code: str, state: str, cookie: str | None) -> tuple[int, str]:
        headers = {"Cookie": f"{STATE_COOKIE}={cookie}"} if cookie is not None else {}
        async with self.http.get(f"{self.url}/slack/oauth_redirect", params={"code": code, "state": state},
                                 headers=headers) as response:
            return response.status, await response.text()

    async def install(self, *, team_id: str | None, token: str, enterprise_id: str | None = None,
                      **grant: Any) -> None:
        """The whole "Add to Slack" round trip for one workspace (or organisation, team_id None)."""
        code = f"code-{team_id or enterprise_id}-{token}"
        self.slack.oauth.grant(code, team_id=team_id, token=token, enterprise_id=enterprise_id, **grant)
        started = await self.start_install()
        status, page = await self.redirect(code, started.state, started.cookie)
        assert status == 200, page

    async def event(self, envelope: dict[str, Any], *, retry: int | None = None) -> int:
        body = json.dumps(envelope)
        headers = signed_headers(body, content_type="application/json")
        if retry is not None:  # Slack's redelivery of an event it thinks was missed
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        async with self.http.post(f"{self.url}/slack/events", data=body.encode(), headers=headers) as response:
            await response.read()
            return response.status


@asynccontextmanager
async def served_oauth(slack: FakeSlackAPI, database_url: str) -> AsyncIterator[Served]:
    handle = StoreHandle(database_url)
    await handle.start()
    app = create_app(oauth_settings(slack, database_url), mini_matcher(), MemoryStore(), handle)
    runner = web.AppRunner(build_web_app(app))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:  # cookies by hand
            yield Served(f"http://127.0.0.1:{runner.addresses[0][1]}", slack, http, app, await handle.get())
    finally:
        await runner.cleanup()
        await handle.stop()
