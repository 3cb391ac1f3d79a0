"""Block Kit blocks as plain dicts, for the replies built on every request (did you mean, not found, A vs B).

slack-sdk's models validate every field on every `to_dict()`, which cost a fifth of an uncached answer's CPU.
These builders produce the very dicts the models would (tests/render/test_plain_blocks.py parses them back into
slack-sdk's models and checks they come out unchanged, largest inputs included) and keep to Slack's limits by
clipping with the limits in limits.py. Cards and pages built once (entry cards, Home, modals) still use the models.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.render.limits import (
    MAX_BLOCK_ID,
    MAX_BUTTON,
    MAX_BUTTON_VALUE,
    MAX_BUTTONS,
    MAX_FIELD,
    MAX_HEADER,
    MAX_SECTION,
    clip,
)

Block = dict[str, Any]


def mrkdwn(text: str, limit: int = MAX_SECTION) -> dict[str, str]:
    return {"type": "mrkdwn", "text": clip(text, limit)}


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def section_block(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def fields_block(fields: Iterable[str]) -> Block:
    """A section of side-by-side fields (Slack: at most 10, each at most 2,000 characters)."""
    return {"type": "section", "fields": [mrkdwn(f, MAX_FIELD) for f in list(fields)[:10]]}


def context_block(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def header_block(text: str) -> Block:
    return {"type": "header", "text": plain(text, MAX_HEADER)}


def button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {"type": "button", "text": plain(label, MAX_BUTTON), "action_id": action_id,
                      "value": value[:MAX_BUTTON_VALUE]}
    if style is not None:
        element["style"] = style
    return element


def actions_block(elements: list[Block], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": elements[:MAX_BUTTONS]}
    if block_id is not None:
        block["block_id"] = block_id[:MAX_BLOCK_ID]
    return block
