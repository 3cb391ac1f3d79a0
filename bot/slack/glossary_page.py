"""GET /glossary: the exported HTML page of the glossary the server answers from, built on first use and cached.

Only the shipped glossary (the file csterm serve loaded) is shown, never a team's own terms, which are private
to its workspace. The page carries an ETag; a matching If-None-Match gets 304 without a body. It is also kept
gzipped (about a fifth of its size), sent to clients that accept it, with its own ETag.

The first build takes seconds at 100,000 entries, so it runs in a thread (the event loop keeps answering Slack
and /healthz), once: requests that arrive while it runs wait for the same build.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from dataclasses import dataclass

from aiohttp import web

from bot.clock import Clock, utc_now
from bot.export.formats import export_glossary
from bot.glossary.model import Glossary

GLOSSARY_PATH = "/glossary"
MAX_IF_NONE_MATCH = 64  # ETags in one If-None-Match that are looked at; the rest are ignored


@dataclass(frozen=True)
class _Built:
    body: bytes
    etag: str
    gzipped: bytes


class GlossaryPage:
    def __init__(self, glossary: Glossary, *, clock: Clock = utc_now) -> None:
        self._glossary = glossary
        self._clock = clock
        self._built: _Built | None = None
        self._building: asyncio.Task[_Built] | None = None

    def _build(self) -> _Built:
        body = export_glossary(self._glossary, "html", today=self._clock().date()).encode()
        return _Built(body, hashlib.sha256(body).hexdigest()[:20], gzip.compress(body, mtime=0))

    async def _page(self) -> _Built:
        if self._built is None:
            if self._building is None:
                self._building = asyncio.ensure_future(asyncio.to_thread(self._build))
            try:
                # shielded: a client that hangs up does not cancel the build the others wait for
                self._built = await asyncio.shield(self._building)
            finally:
                if self._building.done() and self._built is None:
                    self._building = None  # it failed: the next request tries again
        return self._built

    async def handle(self, request: web.Request) -> web.Response:
        page = await self._page()
        zipped = "gzip" in request.headers.get("Accept-Encoding", "").casefold()
        etag = f'"{page.etag}-gzip"' if zipped else f'"{page.etag}"'
        headers = {"ETag": etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
        if _matches(request.headers.get("If-None-Match", ""), etag):
            return web.Response(status=304, headers=headers)
        if zipped:
            headers["Content-Encoding"] = "gzip"
        return web.Response(body=page.gzipped if zipped else page.body, content_type="text/html", charset="utf-8",
                            headers=headers)


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET) or is `*`."""
    for candidate in if_none_match.split(",", MAX_IF_NONE_MATCH)[:MAX_IF_NONE_MATCH]:
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False
