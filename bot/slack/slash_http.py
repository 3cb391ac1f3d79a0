"""/csterm over HTTP, answered without bolt's dispatch: the request csterm serves most, on its shortest path.

bolt's general pipeline (a request object and context, a Web API client per request, keyword injection for each
matcher and listener, the middleware chain) costs more CPU than csterm's answer itself; BENCHMARKS.md has the
numbers. A signed `/csterm` slash command needs none of it: once the request gate (http_gate.py) has checked the
signature with slack-sdk's SignatureVerifier (what bolt's own middleware calls), this endpoint parses the form as
bolt does and answers with the same `reply_to_text` the bolt listener uses, inside the HTTP response. Everything
else posted to the same path (events, interactions, other commands, Slack's ssl_check) goes to bolt, and Socket
Mode always uses bolt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Hashable
from urllib.parse import unquote_plus

from aiohttp import web

from bot.render.views import notice
from bot.slack.converse import reply_to_text
from bot.slack.deps import Deps
from bot.slack.errors import APOLOGY
from bot.slack.subcommands import Reply, SubcommandRegistry

logger = logging.getLogger(__name__)

FORM = "application/x-www-form-urlencoded"
MAX_ENCODED = 2048  # cards kept encoded (~2-4 KB each): the whole shipped glossary, a large one's busiest terms


class EncodedReplies:
    """The JSON bytes of replies whose view has a cache key (an entry's card), encoded once: json.dumps of a ~2 KB
    card was the largest single cost of answering /csterm NRR. Bounded; the oldest key goes first."""

    def __init__(self, limit: int = MAX_ENCODED) -> None:
        self._limit = limit
        self._bytes: dict[Hashable, bytes] = {}

    def __len__(self) -> int:
        return len(self._bytes)

    def encode(self, reply: Reply) -> bytes:
        key = None if reply.key is None else (reply.key, reply.response_type)
        if key is not None and (cached := self._bytes.get(key)) is not None:
            return cached
        body = json.dumps(reply.as_message()).encode()
        if key is not None:
            if len(self._bytes) >= self._limit:
                del self._bytes[next(iter(self._bytes))]
            self._bytes[key] = body
        return body


def parse_form(body: str) -> dict[str, str]:
    """A form-encoded body's fields exactly as `parse_qsl` gives them (blank values dropped), the first value of a
    repeated name winning, as bolt parses it; unquoting only the parts that need it (parse_qsl's per-pair work
    was a tenth of answering /csterm)."""
    fields: dict[str, str] = {}
    for pair in body.split("&"):
        name, _, value = pair.partition("=")
        if not value:
            continue
        if "%" in name or "+" in name:
            name = unquote_plus(name)
        if name not in fields:
            fields[name] = unquote_plus(value) if "%" in value or "+" in value else value
    return fields


class SlashCommandEndpoint:
    def __init__(self, deps: Deps, registry: SubcommandRegistry) -> None:
        self._deps = deps
        self._registry = registry
        self.encoded = EncodedReplies()

    def command_in(self, request: web.Request, body: str) -> dict[str, str] | None:
        """The slash command's fields when the (signed) `body` is a /csterm command, else None."""
        if request.content_type != FORM or "command=" not in body:
            return None
        fields = parse_form(body)
        if fields.get("command") != self._registry.command or fields.get("ssl_check"):
            return None
        return fields

    async def answer(self, command: dict[str, str]) -> web.Response:
        """The reply to a /csterm command whose request the gate has let through (signed)."""
        try:
            reply = await reply_to_text(command.get("text", ""), command, self._deps, self._registry)
        except Exception:
            logger.exception("a csterm handler failed")
            reply = Reply.of(notice(APOLOGY))
        return web.Response(body=self.encoded.encode(reply), content_type="application/json")
