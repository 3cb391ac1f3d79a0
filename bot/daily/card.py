"""The term-of-the-day message: a "Term of the day" line around the core's card, a text fallback, and a marker
(message metadata plus a block id) that lets a later process recognise the post in the channel's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.glossary.model import Entry, Glossary
from bot.render.blocks import entry_blocks, entry_text_fallback
from bot.render.limits import escape_mrkdwn
from bot.render.views import View, notice
from bot.store.records import Subscription

MARKER_EVENT = "csterm_term_of_the_day"
_MARKER_BLOCK = "csterm_daily"


@dataclass(frozen=True)
class DailyMessage:
    text: str
    blocks: list[dict[str, Any]]
    metadata: dict[str, Any]


def marker_block_id(local_date: date) -> str:
    return f"{_MARKER_BLOCK}:{local_date.isoformat()}"


def daily_message(entry: Entry, *, glossary: Glossary, local_date: date, cycle: int) -> DailyMessage:
    heading = {
        "type": "context",
        "block_id": marker_block_id(local_date),
        "elements": [{"type": "mrkdwn", "text": f":calendar: *Term of the day* · {local_date:%A %-d %B %Y}"}],
    }
    footer = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "Look up any term with `/csterm TERM`."}],
    }
    blocks = [heading, *entry_blocks(entry, glossary=glossary, shareable=False), footer]
    metadata = {
        "event_type": MARKER_EVENT,
        "event_payload": {"local_date": local_date.isoformat(), "term": entry.term, "cycle": cycle},
    }
    return DailyMessage(f"Term of the day: {entry_text_fallback(entry)}", blocks, metadata)


def find_marked_post(messages: list[dict[str, Any]], local_date: date) -> tuple[str, str | None, int | None] | None:
    """(ts, term, cycle) of a message in `messages` that is the term of the day for `local_date`, if any."""
    for message in messages:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if metadata.get("event_type") == MARKER_EVENT and payload.get("local_date") == local_date.isoformat():
            cycle = payload.get("cycle")
            return str(message.get("ts")), payload.get("term"), int(cycle) if cycle is not None else None
        block_ids = {block.get("block_id") for block in message.get("blocks") or []}
        if marker_block_id(local_date) in block_ids:
            return str(message.get("ts")), None, None
    return None


def paused_notice(subscription: Subscription, reason: str) -> View:
    """The direct message to whoever turned the term of the day on, when posting had to stop."""
    channel = escape_mrkdwn(subscription.key.channel_id)
    schedule = f"{subscription.local_time:%H:%M} {subscription.timezone}, {subscription.days}"
    return notice(
        f"I paused the term of the day in <#{channel}>: {escape_mrkdwn(reason)}.\n"
        f"To resume, fix that and run `/csterm daily on` in <#{channel}>: it keeps the schedule ({schedule})."
    )
