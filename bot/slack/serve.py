"""Run the Slack app over HTTP (aiohttp) or Socket Mode until SIGTERM/SIGINT, with background services."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import signal
from collections.abc import Sequence
from typing import Protocol

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response

from bot.slack.app import SlackApp
from bot.slack.glossary_page import GLOSSARY_PATH, GlossaryPage
from bot.slack.http_gate import MAX_BODY_BYTES, Refused
from bot.slack.install_pages import oauth_routes

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
SHUTDOWN_SECONDS = 3.0


class CannotListen(RuntimeError):
    """The HTTP port cannot be bound (already in use, or not allowed); the message is one line naming it."""


class BackgroundService(Protocol):
    """Something that runs beside the app (the daily scheduler): started after the app, stopped before it."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def build_web_app(app: SlackApp, path: str = EVENTS_PATH) -> web.Application:
    """The aiohttp application: Slack's requests at `path` (POST) and GET /healthz.

    Every request passes the gate first (bounded, signed, parseable: http_gate.py). A /csterm slash command is then
    answered by the fast endpoint; everything else goes to bolt, as the request the gate parsed.
    """

    async def from_slack(request: web.Request) -> web.Response:
        body = await request.read()  # beyond MAX_BODY_BYTES, aiohttp answers 413 without reading it all
        try:
            text = app.gate.text_of(request, body)
            command = app.slash_commands.command_in(request, text)
            if command is not None:
                return await app.slash_commands.answer(command)
            bolt_request = app.gate.bolt_request(request, text)
        except Refused as refused:
            return refused.response
        return await to_aiohttp_response(await app.bolt.async_dispatch(bolt_request))

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "database": app.deps.store.state})

    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app.router.add_post(path, from_slack)
    web_app.router.add_get(HEALTH_PATH, healthz)
    web_app.router.add_get(GLOSSARY_PATH, GlossaryPage(app.deps.matcher.glossary, clock=app.deps.clock).handle)
    if app.bolt.oauth_flow is not None:  # OAuth mode: the "Add to Slack" page and the install's redirect
        web_app.router.add_routes(oauth_routes(app.bolt.oauth_flow))
    return web_app


def stop_on_signals(stop: asyncio.Event) -> None:
    """Set `stop` on SIGTERM (Heroku's restart signal) and SIGINT."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)


async def _start_background(background: Sequence[BackgroundService], started: list[BackgroundService]) -> None:
    """Start each service in order; `started` lists those that did, so a failure stops just those."""
    for service in background:
        await service.start()
        started.append(service)


async def _stop_background(started: Sequence[BackgroundService]) -> None:
    for service in reversed(started):
        try:
            async with asyncio.timeout(SHUTDOWN_SECONDS):
                await service.stop()
        except Exception:
            logger.exception("background service %r did not stop cleanly", service)


async def serve_http(
    app: SlackApp,
    *,
    port: int,
    stop: asyncio.Event,
    host: str = "0.0.0.0",
    background: Sequence[BackgroundService] = (),
) -> None:
    """Serve until `stop` is set; in-flight requests get SHUTDOWN_SECONDS to finish."""
    runner = web.AppRunner(build_web_app(app), shutdown_timeout=SHUTDOWN_SECONDS, access_log=None)
    await runner.setup()
    started: list[BackgroundService] = []
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            reason = "the address is already in use" if error.errno == errno.EADDRINUSE else error.strerror
            raise CannotListen(f"cannot listen on port {port}: {reason}") from None
        logger.info("csterm is listening on http://%s:%d%s", host, port, EVENTS_PATH)
        await _start_background(background, started)
        await stop.wait()
        logger.info("stopping")
    finally:
        await _stop_background(started)
        await runner.cleanup()


async def serve_socket(
    app: SlackApp,
    *,
    app_token: str,
    stop: asyncio.Event,
    background: Sequence[BackgroundService] = (),
) -> None:
    """Connect to Slack over Socket Mode and serve until `stop` is set."""
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler  # HTTP serving never needs it

    handler = AsyncSocketModeHandler(app.bolt, app_token=app_token)
    started: list[BackgroundService] = []
    try:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        logger.info("csterm is connected over Socket Mode")
        await _start_background(background, started)
        await stop.wait()
        logger.info("stopping")
    finally:
        await _stop_background(started)
        with contextlib.suppress(Exception):
            async with asyncio.timeout(SHUTDOWN_SECONDS):
                await handler.close_async()  # type: ignore[no-untyped-call]
