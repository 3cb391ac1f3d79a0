"""Slash-command bodies signed the way Slack signs them (v0 HMAC-SHA256 over `v0:timestamp:body`)."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from urllib.parse import urlencode

BodyMaker = Callable[[str, int, str], bytes]


def slash_body(text: str, sequence: int, response_url: str) -> bytes:
    """A /csterm slash-command payload, form-encoded, as Slack posts it."""
    return urlencode({
        "token": "legacy-verification-token", "team_id": "T0000001", "team_domain": "bench",
        "channel_id": "C0000001", "channel_name": "general", "user_id": f"U{sequence % 50:07d}",
        "user_name": "bench", "command": "/csterm", "text": text, "api_app_id": "A0000001",
        "is_enterprise_install": "false", "response_url": response_url, "trigger_id": f"{sequence}.1.bench",
    }).encode()


def signed_headers(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json" if body.startswith(b"{") else "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
    }
