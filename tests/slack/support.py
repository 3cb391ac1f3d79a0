"""Shared pieces for the Slack tests: settings, a memory store, signed requests and Slack payloads."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.config import Settings
from bot.glossary.load import load_glossary
from bot.search.matcher import Matcher
from bot.store.handle import StoreHandle

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
MINI_GLOSSARY = Path(__file__).resolve().parents[1] / "data" / "mini-glossary.yaml"
TEAM_ID = "T0000001"


def unopened_store() -> StoreHandle:
    """The store for tests that never reach the database: it is never opened."""
    return StoreHandle("sqlite+aiosqlite:///never-opened.db")


@dataclass
class MemoryStore:
    """A stand-in for the lookup recorder (the LookupWriter)."""

    lookups: list[dict[str, Any]] = field(default_factory=list)

    async def record_lookup(
        self, *, team_id: str, enterprise_id: str | None, query: str, status: str, term: str | None
    ) -> None:
        self.lookups.append(
            {"team_id": team_id, "enterprise_id": enterprise_id, "query": query, "status": status, "term": term}
        )


def mini_matcher() -> Matcher:
    return Matcher.build(load_glossary(MINI_GLOSSARY))


def make_settings(api_url: str | None = None, **extra: str) -> Settings:
    environ = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "CSTERM_GLOSSARY": str(MINI_GLOSSARY),
        **({"SLACK_API_URL": api_url} if api_url else {}),
        **extra,
    }
    return Settings.from_env(environ)


def signed_headers(body: str, *, timestamp: int | None = None, secret: str = SIGNING_SECRET,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature, "Content-Type": content_type}


def slash_command_body(text: str, response_url: str, **overrides: str) -> str:
    fields = {
        "token": "legacy", "team_id": TEAM_ID, "team_domain": "fake", "channel_id": "C0000001",
        "channel_name": "general", "user_id": "U0000001", "user_name": "ann", "command": "/csterm",
        "text": text, "api_app_id": "A0000001", "response_url": response_url, "trigger_id": "1.2.3",
        **overrides,
    }
    return urlencode(fields)


def slash_command(text: str, response_url: str = "http://127.0.0.1:9/response/x") -> dict[str, Any]:
    """The parsed form of a slash command, as handlers receive it."""
    return {
        "team_id": TEAM_ID, "channel_id": "C0000001", "user_id": "U0000001", "user_name": "ann",
        "command": "/csterm", "text": text, "response_url": response_url,
    }


def event_body(event: dict[str, Any], event_id: str = "Ev0000001") -> dict[str, Any]:
    return {
        "token": "legacy", "team_id": TEAM_ID, "api_app_id": "A0000001", "type": "event_callback",
        "event_id": event_id, "event_time": int(time.time()), "event": event,
        "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOT0001", "is_bot": True}],
    }


def mention_event(text: str, *, ts: str = "1700000100.000200", thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "user": "U0000001", "text": text, "ts": ts, "channel": "C0000001",
             "team": TEAM_ID, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def block_action(action_id: str, value: str, response_url: str, *, ephemeral: bool = True) -> dict[str, Any]:
    return {
        "type": "block_actions", "user": {"id": "U0000001", "username": "ann", "team_id": TEAM_ID},
        "api_app_id": "A0000001", "token": "legacy", "trigger_id": "1.2.3",
        "container": {"type": "message", "message_ts": "1700000000.000001", "channel_id": "C0000001",
                      "is_ephemeral": ephemeral},
        "team": {"id": TEAM_ID, "domain": "fake"}, "channel": {"id": "C0000001", "name": "general"},
        "response_url": response_url,
        "actions": [{"action_id": action_id, "block_id": "b1", "value": value, "type": "button",
                     "action_ts": "1700000000.1"}],
    }


def block_action_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def all_text(blocks: list[dict[str, Any]]) -> str:
    """Every string inside some blocks, for assertions on what a person would read."""
    return json.dumps(blocks, ensure_ascii=False)


def _texts(block: dict[str, Any]) -> list[str]:
    found = []
    if isinstance(block.get("text"), dict):
        found.append(block["text"]["text"])
    found += [f["text"] for f in block.get("fields", [])]
    found += [e["text"] for e in block.get("elements", []) if e.get("type") in ("mrkdwn", "plain_text")]
    return found


def assert_valid_message(blocks: list[dict[str, Any]], text: str) -> None:
    """Slack's limits for a message: blocks, section/header/button lengths, unique action ids, a fallback."""
    assert text.strip(), "every message needs a plain-text fallback"
    assert 0 < len(blocks) <= 50
    action_ids: list[str] = []
    for block in blocks:
        for piece in _texts(block):
            assert 0 < len(piece) <= (150 if block["type"] == "header" else 3000)
        for field_text in block.get("fields", []):
            assert len(field_text["text"]) <= 2000
        elements = [*block.get("elements", []), *([block["accessory"]] if "accessory" in block else [])]
        buttons = [e for e in elements if e.get("type") == "button"]
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
        for button in buttons:
            assert 0 < len(button["text"]["text"]) <= 75
            assert len(button.get("value", "")) <= 2000
            action_ids.append(button["action_id"])
    assert len(action_ids) == len(set(action_ids)), f"duplicate action ids: {action_ids}"
