"""Direct messages to csterm (`message.im`): answered like a mention; bots and edits are ignored."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.say.async_say import AsyncSay

from bot.slack.converse import reply_to_text
from bot.slack.deps import Deps
from bot.slack.errors import handle_error
from bot.slack.incoming import installing_team
from bot.slack.subcommands import SubcommandRegistry


def wants_answer(message: dict[str, Any]) -> bool:
    """A person's own new message in a DM: no subtype (edits, joins, bot posts), no bot_id, and somewhere to answer
    (a forged event without a channel is dropped here, at the edge)."""
    return (
        message.get("channel_type") == "im"
        and not message.get("subtype")
        and not message.get("bot_id")
        and bool(message.get("user"))
        and isinstance(message.get("channel"), str)
        and bool(message.get("channel"))
    )


async def handle_direct_message(
    message: dict[str, Any], say: AsyncSay, deps: Deps, registry: SubcommandRegistry,
    body: dict[str, Any] | None = None,
) -> None:
    """`body`: the outer request, whose ids name the installing workspace (see incoming.installing_team)."""
    if not wants_answer(message):
        return
    team_id, enterprise_id = installing_team(body or {}, message)
    payload = {**message, "channel_id": message.get("channel"), "user_id": message.get("user"),
               "team_id": team_id, "enterprise_id": enterprise_id, "team": team_id}
    reply = await reply_to_text(str(message.get("text") or ""), payload, deps, registry, conversational_only=True)
    await say(text=reply.text, blocks=reply.blocks, thread_ts=message.get("thread_ts"))


def register(app: AsyncApp, deps: Deps, registry: SubcommandRegistry) -> None:
    async def on_message(event: dict[str, Any], say: AsyncSay, body: dict[str, Any], logger: logging.Logger) -> None:
        """Acknowledged as soon as this returns; the reply is posted afterwards (bot/slack/afterwards.py)."""
        if wants_answer(event):
            deps.afterwards.run_later(handle_direct_message(event, say, deps, registry, body),
                                      on_error=lambda error: handle_error(error, body, logger, None, say))

    app.event("message")(on_message)
