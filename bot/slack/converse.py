"""One entry point for anything someone writes to csterm: a sub-command, `A vs B`, or a glossary query."""

from __future__ import annotations

from typing import Any

from bot.slack.answers import answer_query
from bot.slack.builtin_subcommands import CONVERSATIONAL
from bot.slack.deps import Deps
from bot.slack.incoming import decode_entities
from bot.slack.lookups import recorded_reply
from bot.slack.subcommands import Reply, SubcommandContext, SubcommandRegistry


async def reply_to_text(
    text: str,
    payload: dict[str, Any],
    deps: Deps,
    registry: SubcommandRegistry,
    *,
    conversational_only: bool = False,
) -> Reply:
    """The reply to `text` as Slack sent it; `payload` is the slash command body (or the event, for mentions)."""
    text = decode_entities(text).strip()
    if not text:
        return registry.help_reply()
    subcommand, args = registry.split(text)
    if subcommand is not None and deps.matcher.is_name(text):
        subcommand = None  # a term that starts with a sub-command's word: "Daily Active Users", "Help Center"
    if subcommand is not None and (not conversational_only or subcommand.name in CONVERSATIONAL):
        return await subcommand.handler(SubcommandContext(args, payload, deps))
    return await recorded_reply(deps, payload, answer_query(deps.matcher, text))
