"""/csterm over HTTP, answered without bolt's dispatch: the request csterm serves most, on its shortest path.

bolt's general pipeline (a request object and context, a Web API client per request, keyword injection for each
matcher and listener, the middleware chain) costs more CPU than csterm's answer itself; BENCHMARKS.md has the
numbers. A signed `/csterm` slash command needs none of it: this endpoint checks the signature with slack-sdk's
SignatureVerifier (what bolt's own middleware calls), parses the form as bolt does, and answers with the same
`reply_to_text` the bolt listener uses, inside the HTTP response. Everything else posted to the same path
(events, interactions, other commands, Slack's ssl_check) goes to bolt, and Socket Mode always uses bolt.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qsl

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from bot.render.views import notice
from bot.slack.converse import reply_to_text
from bot.slack.deps import Deps
from bot.slack.errors import APOLOGY
from bot.slack.subcommands import Reply, SubcommandRegistry

logger = logging.getLogger(__name__)

FORM = "application/x-www-form-urlencoded"


class SlashCommandEndpoint:
    def __init__(self, deps: Deps, registry: SubcommandRegistry, signing_secret: str) -> None:
        self._deps = deps
        self._registry = registry
        # Socket Mode has no signing secret and never serves HTTP: without one, every HTTP request is unsigned.
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def command_in(self, request: web.Request, body: bytes) -> dict[str, str] | None:
        """The slash command's fields when `body` is a /csterm command (signed or not), else None."""
        if request.content_type != FORM or b"command=" not in body:
            return None
        fields: dict[str, str] = {}
        for name, value in parse_qsl(body.decode("utf-8", "replace")):  # as bolt parses it: first value wins
            fields.setdefault(name, value)
        if fields.get("command") != self._registry.command or fields.get("ssl_check"):
            return None
        return fields

    async def answer(self, request: web.Request, body: bytes, command: dict[str, str]) -> web.Response:
        if not self._signed(request, body):
            return web.json_response({"error": "invalid request"}, status=401)  # what bolt answers
        try:
            reply = await reply_to_text(command.get("text", ""), command, self._deps, self._registry)
        except Exception:
            logger.exception("a csterm handler failed")
            reply = Reply.of(notice(APOLOGY))
        return web.Response(body=json.dumps(reply.as_message()).encode(), content_type="application/json")

    def _signed(self, request: web.Request, body: bytes) -> bool:
        """Signed with our secret within the last five minutes; a missing or malformed header is unsigned."""
        if self._verifier is None:
            return False
        try:
            return self._verifier.is_valid(body, request.headers.get("X-Slack-Request-Timestamp"),
                                           request.headers.get("X-Slack-Signature"))
        except ValueError:  # a timestamp that is not a number, a body that is not UTF-8
            return False
