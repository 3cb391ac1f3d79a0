"""What may reach csterm's handlers over HTTP: a signed body that parses as Slack's payloads do, checked first.

Anyone can POST to /slack/events. Before this gate, junk (`{`, `null`, `payload={not json`, bytes that are not
UTF-8) reached bolt's body parser, which raised: a 500 and a 30-line traceback per request. Here the signature is
checked on the raw bytes before anything parses them (401, one log line), and a signed body is parsed once, the way
bolt parses it, into the request bolt dispatches (400, one log line, when it is not a JSON object). The body size
is bounded by aiohttp (MAX_BODY_BYTES, 413) before any of this.
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

logger = logging.getLogger(__name__)

# Slack's largest payloads (a 40,000-character message with its blocks, every character escaped) stay well below.
MAX_BODY_BYTES = 1024 * 1024


class Refused(Exception):
    """A request the gate turns away; `response` is what to answer."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


class RequestGate:
    def __init__(self, signing_secret: str | None) -> None:
        # Socket Mode has no signing secret and serves no HTTP: without one, every HTTP request is unsigned.
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def signed(self, request: web.Request, body: bytes) -> bool:
        """Signed with our secret within the last five minutes; a missing or malformed header is unsigned."""
        if self._verifier is None:
            return False
        try:
            return self._verifier.is_valid(body, request.headers.get("X-Slack-Request-Timestamp"),
                                           request.headers.get("X-Slack-Signature"))
        except ValueError:  # a timestamp that is not a number
            return False

    def text_of(self, request: web.Request, body: bytes) -> str:
        """The signed body as text; raises Refused (401 unsigned, 400 not UTF-8)."""
        if not self.signed(request, body):
            logger.warning("refused an unsigned request to %s (%d bytes)", request.path, len(body))
            raise Refused(web.json_response({"error": "invalid request"}, status=401))  # what bolt answers
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise _unreadable(request, "is not UTF-8") from None

    def bolt_request(self, request: web.Request, text: str) -> AsyncBoltRequest:
        """The bolt request for a signed body, parsed once; raises Refused (400) when it is not a JSON object."""
        if not text.strip():
            raise _unreadable(request, "is empty")
        try:
            parsed = AsyncBoltRequest(body=text, query=request.query_string,
                                      headers=request.headers)  # type: ignore[arg-type]
        except Exception:  # JSON that does not parse, or fields of the wrong type for bolt's extractors
            raise _unreadable(request, "does not parse") from None
        body: Any = parsed.body
        if not isinstance(body, dict):
            raise _unreadable(request, f"is a JSON {type(body).__name__}, not an object")
        view = body.get("view")
        if body.get("type") in ("view_submission", "view_closed") and not (
                isinstance(view, dict) and isinstance(view.get("type"), str)):  # bolt reads view["type"] first
            raise _unreadable(request, "is a view payload without a view type")
        if isinstance(view, dict) and view.get("type") == "workflow_step" and "workflow_step" not in body:
            raise _unreadable(request, "is a workflow step view without its step")
        return parsed


def _unreadable(request: web.Request, why: str) -> Refused:
    logger.warning("refused a signed request to %s: its body %s", request.path, why)
    return Refused(web.json_response({"error": "unreadable request body"}, status=400))
