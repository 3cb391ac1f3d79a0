"""FakeSlackAPI: a local aiohttp stand-in for Slack's Web API and for `response_url`s.

It listens on 127.0.0.1 (a random port by default), records every call in `.calls` and answers like Slack
for the methods csterm uses. Errors can be injected per method: `.fail()` (ok:false), `.rate_limit()`
(HTTP 429 with Retry-After) and `.http_error()` (any HTTP status). Use it as an async context manager:

    async with FakeSlackAPI() as slack:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.base_url)
        await client.chat_postMessage(channel="C1", text="hi")
        assert slack.calls_to("chat.postMessage")[0].params["text"] == "hi"

or standalone: `python -m tests.fakes.slack_api --port 8765` (prints its base URL, stops on SIGTERM/SIGINT).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import signal
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web

RESPONSE_URL_METHOD = "response_url"
_JSON_FIELDS = ("blocks", "attachments", "metadata", "view")


@dataclass(frozen=True)
class RecordedCall:
    """One request the fake received: the Web API method (or "response_url"), its parameters and headers."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    path: str
    at: float = field(default_factory=time.monotonic)  # when it arrived (for rate checks)

    @property
    def token(self) -> str | None:
        """The bearer token the call was made with (the `token` parameter, else the Authorization header)."""
        bearer = self.headers.get("Authorization", "")
        return self.params.get("token") or (bearer[len("Bearer "):] if bearer.startswith("Bearer ") else None)


@dataclass
class _Injected:
    kind: str  # "fail" | "rate_limit" | "http_error"
    value: Any
    times: int


@dataclass
class FakeSlackAPI:
    host: str = "127.0.0.1"
    port: int = 0
    team_id: str = "T0000001"
    bot_user_id: str = "UBOT0001"
    bot_id: str = "BBOT0001"
    socket_mode_url: str | None = None
    calls: list[RecordedCall] = field(default_factory=list)
    threads: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    oauth: FakeOAuth = field(default_factory=lambda: FakeOAuth())
    members: dict[str, list[str]] = field(default_factory=dict)  # conversations.members, by channel
    members_page: int = 1000  # conversations.members page size (tests set it small to see pagination)
    _injected: dict[str, deque[_Injected]] = field(default_factory=lambda: defaultdict(deque))
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _changed: asyncio.Condition | None = None

    # ---- life cycle -------------------------------------------------------------------------------
    async def start(self) -> FakeSlackAPI:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{rest:.*}", self._handle_response_url)
        self._changed = asyncio.Condition()
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlackAPI:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # ---- addresses --------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What to give AsyncWebClient(base_url=...) or SLACK_API_URL."""
        return f"{self.url}/api/"

    def response_url(self, name: str = "T0000001/1/abc") -> str:
        return f"{self.url}/response/{name}"

    # ---- error injection --------------------------------------------------------------------------
    def fail(self, method: str, error: str = "not_in_channel", times: int = 1) -> None:
        self._injected[method].append(_Injected("fail", error, times))

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        self._injected[method].append(_Injected("rate_limit", retry_after, times))

    def http_error(self, method: str, status: int = 500, times: int = 1) -> None:
        self._injected[method].append(_Injected("http_error", status, times))

    # ---- inspection -------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[RecordedCall]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, within: float = 10.0) -> list[RecordedCall]:
        """Wait until `method` was called at least `count` times; raises TimeoutError otherwise."""
        assert self._changed is not None, "start the fake first"
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)
        return self.calls_to(method)

    # ---- handlers ---------------------------------------------------------------------------------
    async def _record(self, method: str, request: web.Request) -> RecordedCall:
        params: dict[str, Any]
        if request.content_type == "application/json":
            params = dict(await request.json())
        elif request.method == "POST":
            params = dict((await request.post()).items())
        else:
            params = {}
        params.update({k: v for k, v in request.query.items() if k not in params})
        for key in _JSON_FIELDS:
            if isinstance(params.get(key), str):
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(params[key])
        call = RecordedCall(method, params, dict(request.headers), request.path)
        self.calls.append(call)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        return call

    def _take_injected(self, method: str) -> _Injected | None:
        queue = self._injected.get(method)
        if not queue:
            return None
        injected = queue[0]
        injected.times -= 1
        if injected.times <= 0:
            queue.popleft()
        return injected

    def _injected_response(self, method: str) -> web.Response | None:
        injected = self._take_injected(method)
        if injected is None:
            return None
        if injected.kind == "rate_limit":
            headers = {"Retry-After": str(injected.value)}
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers=headers)
        if injected.kind == "http_error":
            return web.Response(status=int(injected.value), text="injected error")
        return web.json_response({"ok": False, "error": injected.value})

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        await self._record(RESPONSE_URL_METHOD, request)
        return self._injected_response(RESPONSE_URL_METHOD) or web.json_response({"ok": True})

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = await self._record(method, request)
        injected = self._injected_response(method)
        if injected is not None:
            return injected
        return web.json_response(self._answer(method, call.params, call.token))

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _answer(self, method: str, params: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        if method == "oauth.v2.access":
            return self.oauth.access(params)
        if method == "auth.test" and token in self.oauth.identities:
            return {"ok": True, "url": "https://fake.slack.test/", **self.oauth.identities[token]}
        if method == "auth.test":
            return {
                "ok": True, "url": "https://fake.slack.test/", "team": "Fake Team", "user": "csterm",
                "team_id": self.team_id, "user_id": self.bot_user_id, "bot_id": self.bot_id,
                "is_enterprise_install": False,
            }
        if method in ("chat.postMessage", "chat.update"):
            ts = str(params.get("ts") or self._next_ts())
            message = {k: params[k] for k in ("text", "blocks", "thread_ts") if k in params}
            return {"ok": True, "channel": channel, "ts": ts, "message": {**message, "ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.delete":
            return {"ok": True, "channel": channel, "ts": params.get("ts")}
        if method == "conversations.replies":
            messages = self.threads.get((channel, str(params.get("ts", ""))))
            if messages is None:
                return {"ok": False, "error": "thread_not_found"}
            return {"ok": True, "messages": messages, "has_more": False}
        if method == "conversations.history":
            return {"ok": True, "messages": self.history.get(channel, []), "has_more": False}
        if method == "conversations.open":  # a DM with one user: its channel id, "D" + the user id
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "")).lstrip("UW")}}
        if method == "users.info":
            user_id = str(params.get("user", ""))
            user = self.users.get(user_id, {"id": user_id, "name": user_id.lower(), "tz": "UTC"})
            return {"ok": True, "user": user}
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            view = params["view"] if isinstance(params.get("view"), dict) else {}
            view_id = str(params.get("view_id") or f"V{next(self._ts):08d}")
            return {"ok": True, "view": {**view, "id": view_id, "hash": f"h{view_id}"}}
        if method == "conversations.members":  # the team glossary's review channel (issue 13)
            start = int(str(params.get("cursor") or "0"))  # pages of `members_page` (the real page is 1000)
            members = self.members.get(channel, [])
            end = start + self.members_page
            return {"ok": True, "members": members[start:end],
                    "response_metadata": {"next_cursor": str(end) if end < len(members) else ""}}
        if method == "apps.connections.open":
            if self.socket_mode_url is None:
                return {"ok": False, "error": "socket_mode_not_configured"}
            return {"ok": True, "url": self.socket_mode_url}
        return {"ok": False, "error": "unknown_method"}


# ---- OAuth installs, per-workspace tokens and token rotation (issue 14) ------------------------------------------
@dataclass
class FakeOAuth:
    """oauth.v2.access: `grant(code, ...)` lets one install (or a refresh) succeed; auth.test then answers with the
    identity of whichever workspace's token is used."""

    grants: dict[str, dict[str, Any]] = field(default_factory=dict)  # code or refresh token -> the answer
    identities: dict[str, dict[str, Any]] = field(default_factory=dict)  # bot token -> auth.test's answer

    def grant(self, code: str, *, team_id: str | None, token: str, enterprise_id: str | None = None,
              refresh_token: str | None = None, expires_in: int | None = None) -> None:
        """`code` (an install's code, or a refresh token) yields `token` for that workspace, once."""
        is_org = team_id is None
        self.grants[code] = {
            "ok": True, "app_id": "A0000001", "token_type": "bot", "access_token": token,
            "scope": "commands,chat:write", "bot_user_id": f"UBOT{team_id or enterprise_id}",
            "team": None if is_org else {"id": team_id, "name": f"Team {team_id}"},
            "enterprise": {"id": enterprise_id, "name": f"Org {enterprise_id}"} if enterprise_id else None,
            "is_enterprise_install": is_org, "authed_user": {"id": "UINSTALLER"},
            **({"refresh_token": refresh_token, "expires_in": expires_in} if refresh_token else {}),
        }
        self.identities[token] = {"team": f"Team {team_id}", "team_id": team_id, "user": "csterm",
                                  "user_id": f"UBOT{team_id or enterprise_id}", "bot_id": f"B{team_id or enterprise_id}",
                                  "enterprise_id": enterprise_id, "is_enterprise_install": is_org}

    def access(self, params: dict[str, Any]) -> dict[str, Any]:
        answer = self.grants.pop(str(params.get("code") or params.get("refresh_token") or ""), None)
        return answer or {"ok": False, "error": "invalid_code" if "code" in params else "invalid_refresh_token"}


async def _serve_forever(host: str, port: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with FakeSlackAPI(host=host, port=port) as slack:
        print(slack.base_url, flush=True)
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Run the fake Slack Web API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()
    asyncio.run(_serve_forever(options.host, options.port))
