"""One entry point for anything someone writes to csterm: a sub-command, `A vs B`, or a glossary query."""

from __future__ import annotations

from typing import Any

from bot.slack.answers import answer_query
from bot.slack.builtin_subcommands import CONVERSATIONAL
from bot.slack.deps import Deps
from bot.slack.incoming import decode_entities, team_of
from bot.slack.lookups import record_lookups
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
    if subcommand is not None and (not conversational_only or subcommand.name in CONVERSATIONAL):
        return await subcommand.handler(SubcommandContext(args, payload, deps))
    answer = answer_query(deps.matcher, text)
    team_id, enterprise_id = team_of(payload)
    await record_lookups(deps, answer.lookups, team_id=team_id, enterprise_id=enterprise_id)
    return Reply(answer.view.text, answer.view.blocks)
