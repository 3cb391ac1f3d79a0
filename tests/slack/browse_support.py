"""Payloads for the App Home and the message shortcut, and Slack's limits for a view (Home tab or modal)."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.slack.support import TEAM_ID

USER = "U0000001"


def home_opened_event(user: str = USER, view: dict[str, Any] | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": "app_home_opened", "user": user, "channel": "D0000001", "tab": "home",
                             "event_ts": f"{time.time():.6f}"}
    if view is not None:
        event["view"] = view
    return event


def view_action(action_id: str, value: str, view: dict[str, Any], *, user: str = USER,
                kind: str = "button") -> str:
    """A signed-ready body: a click (or an input's Enter) inside a published view."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": "b1", "type": kind, "action_ts": "1700000000.1"}
    action["value"] = value
    payload = {
        "type": "block_actions", "user": {"id": user, "username": "ann", "team_id": TEAM_ID},
        "api_app_id": "A0000001", "token": "legacy", "trigger_id": f"trigger-{action_id}",
        "container": {"type": "view", "view_id": view.get("id", "V1")}, "team": {"id": TEAM_ID, "domain": "fake"},
        "view": view, "actions": [action],
    }
    return urlencode({"payload": json.dumps(payload)})


def explain_shortcut(text: str, response_url: str, *, thread_ts: str | None = None) -> str:
    message: dict[str, Any] = {"type": "message", "user": "U0000002", "ts": "1700000300.000100", "text": text}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "message_action", "callback_id": "csterm_explain", "trigger_id": "1.2.3",
        "team": {"id": TEAM_ID, "domain": "fake"}, "user": {"id": USER, "username": "ann", "team_id": TEAM_ID},
        "channel": {"id": "C0000001", "name": "general"}, "message_ts": message["ts"], "message": message,
        "response_url": response_url, "api_app_id": "A0000001", "token": "legacy", "action_ts": "1700000300.2",
    }
    return urlencode({"payload": json.dumps(payload)})


def _texts(block: dict[str, Any]) -> list[tuple[str, int]]:
    """(text, its limit) for every text in a block that Slack limits."""
    found: list[tuple[str, int]] = []
    if isinstance(block.get("text"), dict):
        found.append((block["text"]["text"], 150 if block["type"] == "header" else 3000))
    found += [(f["text"], 2000) for f in block.get("fields", [])]
    found += [(e["text"], 3000) for e in block.get("elements", []) if e.get("type") in ("mrkdwn", "plain_text")]
    if block["type"] == "input":
        found.append((block["label"]["text"], 2000))
        placeholder = block["element"].get("placeholder")
        if placeholder:
            found.append((placeholder["text"], 150))
    return found


def assert_valid_view(view: dict[str, Any], kind: str) -> None:
    """Slack's rules for a view: its type, at most 100 blocks, text, title, button and metadata limits, unique
    action ids, and it survives a JSON round trip."""
    assert json.loads(json.dumps(view)) == view
    assert view["type"] == kind
    assert 0 < len(view["blocks"]) <= 100, len(view["blocks"])
    if kind == "modal":
        assert 0 < len(view["title"]["text"]) <= 24
    assert len(view.get("private_metadata", "")) <= 3000
    action_ids: list[str] = []
    for block in view["blocks"]:
        for text, limit in _texts(block):
            assert 0 < len(text) <= limit, (block["type"], len(text))
        elements = [*block.get("elements", []), *([block["accessory"]] if "accessory" in block else [])]
        if block["type"] == "actions":
            assert 0 < len(block["elements"]) <= 25
        if block["type"] == "input":
            elements.append(block["element"])
        for element in elements:
            if element.get("type") == "button":
                assert 0 < len(element["text"]["text"]) <= 75
                assert len(element.get("value", "")) <= 2000
            if "action_id" in element:
                action_ids.append(element["action_id"])
    assert len(action_ids) == len(set(action_ids)), f"duplicate action ids: {action_ids}"
