"""GET /slack/install ("Add to Slack") and /slack/oauth_redirect (the install's success or failure page) over aiohttp.

bolt's OAuth flow renders both pages; this only routes them, and answers 503 with a short page while the
database is still opening (never a stack trace, never a secret).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.store.handle import StoreUnavailable

logger = logging.getLogger(__name__)

UNAVAILABLE_PAGE = ("<html><body style=\"font-family: sans-serif; text-align: center\"><h2>csterm is starting</h2>"
                    "<p>Please try again in a few seconds.</p></body></html>")


def oauth_routes(flow: AsyncOAuthFlow) -> list[web.RouteDef]:
    return [web.get(flow.install_path, _page(flow.handle_installation)),
            web.get(flow.redirect_uri_path, _page(flow.handle_callback))]


Handler = Callable[[web.Request], Awaitable[web.Response]]


def _page(handle: Callable[[AsyncBoltRequest], Awaitable[BoltResponse]]) -> Handler:
    async def page(request: web.Request) -> web.Response:
        try:
            return await to_aiohttp_response(await handle(await to_bolt_request(request)))
        except StoreUnavailable as error:
            logger.warning("%s answered 503: %s", request.path, error)
            return web.Response(status=503, text=UNAVAILABLE_PAGE, content_type="text/html")

    return page
