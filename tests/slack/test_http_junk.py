"""Junk posted to /slack/events over a real socket: refused with 401/400/413 and at most one short log line."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.slack.app import create_app
from bot.slack.serve import build_web_app
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.serve_process import ServeProcess, free_port
from tests.slack.support import (
    BOT_TOKEN,
    MINI_GLOSSARY,
    SIGNING_SECRET,
    MemoryStore,
    make_settings,
    mini_matcher,
    signed_headers,
    unopened_store,
)

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
JUNK: list[tuple[bytes, str]] = [
    (b"{", JSON), (b"null", JSON), (b"[1]", JSON), (b'"text"', JSON), (b"{", FORM),
    (b"payload={not json", FORM), (b"payload=[1]", FORM), (b"payload=null", FORM),
    (b"\xff\xfe\x00junk", FORM), (b"\xff\xfe", JSON), (b"", JSON),
]


@pytest.fixture
async def events_url(tmp_path: Path) -> AsyncIterator[str]:
    async with FakeSlackAPI() as slack:
        app = create_app(make_settings(slack.base_url), mini_matcher(), MemoryStore(), unopened_store())
        runner = web.AppRunner(build_web_app(app), access_log=None)  # as serve_http runs it
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        try:
            yield f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
        finally:
            await runner.cleanup()


def signed_bytes(body: bytes, content_type: str) -> dict[str, str]:
    """Headers signing the bytes themselves (as Slack does), even when they are not UTF-8."""
    stamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}", "Content-Type": content_type}


async def post_all(url: str, requests: list[tuple[bytes, dict[str, str]]]) -> list[int]:
    statuses = []
    async with aiohttp.ClientSession() as http:
        for body, headers in requests:
            async with http.post(url, data=body, headers=headers) as response:
                statuses.append(response.status)
    return statuses


def assert_quiet(caplog: pytest.LogCaptureFixture, requests: int) -> None:
    """At most one log line per request, each short, none with a traceback."""
    records = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(records) <= requests, [r.getMessage() for r in records]
    assert all(r.exc_info is None and len(r.getMessage()) < 200 and "\n" not in r.getMessage() for r in records)


async def test_unsigned_junk_is_refused_with_401(events_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    requests = [(body, {"Content-Type": kind}) for body, kind in JUNK] * 3
    statuses = await post_all(events_url, requests)
    assert statuses == [401] * len(requests)
    assert_quiet(caplog, len(requests))


async def test_signed_but_unreadable_bodies_are_refused_with_400(events_url: str,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    requests = [(body, signed_bytes(body, kind)) for body, kind in JUNK]
    statuses = await post_all(events_url, requests)
    # bytes that are not UTF-8 cannot be checked by slack-sdk's verifier: refused as unsigned
    assert statuses == [400 if body.isascii() else 401 for body, _ in JUNK]
    assert_quiet(caplog, len(requests))


async def test_a_body_over_the_limit_is_refused_before_it_is_read(events_url: str,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    body = b"payload=" + b"x" * (2 * 1024 * 1024)
    statuses = await post_all(events_url, [(body, signed_headers(body.decode(), content_type=FORM))])
    assert statuses == [413]
    assert_quiet(caplog, 1)


async def test_the_real_serve_process_logs_one_short_line_per_junk_request(tmp_path: Path) -> None:
    port = free_port()
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "PORT": str(port),
           "SLACK_API_URL": "http://127.0.0.1:9/", "CSTERM_DB_PATH": str(tmp_path / "csterm.db"),
           "CSTERM_GLOSSARY": str(MINI_GLOSSARY)}
    async with ServeProcess(["--http"], env, tmp_path / "serve.log") as serve:
        await serve.wait_healthy(port)
        before = len(serve.stderr.splitlines())
        unsigned = [(body, {"Content-Type": kind}) for body, kind in JUNK] * 5
        signed = [(body, signed_bytes(body, kind)) for body, kind in JUNK if body.isascii()] * 5
        statuses = await post_all(f"http://127.0.0.1:{port}/slack/events", unsigned + signed)
        assert await serve.stop() == 0
    said = serve.stderr.splitlines()[before:]
    assert statuses == [401] * len(unsigned) + [400] * len(signed)
    junk_lines = [line for line in said if "refused" in line]
    assert len(junk_lines) == len(statuses) and all(len(line) < 200 for line in junk_lines)
    assert len(said) <= len(statuses) + 3  # plus the shutdown lines
    assert "Traceback" not in serve.stderr
