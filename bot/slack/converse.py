"""One entry point for anything someone writes to csterm: small talk, a sub-command, `A vs B`, or a glossary query.

The same words are answered in a slash command (private, with Share) and in a mention or DM (`in_conversation`:
visible to everyone there, so no Share button, and sub-commands answer with their `conversation` handler).
"""

from __future__ import annotations

from typing import Any

from bot.slack.answers import answer_query
from bot.slack.chatter import small_talk_reply
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
    """The reply to `text` as Slack sent it; `payload` is the slash command body (or the event, for mentions).
    `conversational_only`: a mention or DM rather than /csterm."""
    reply = await _reply(decode_entities(text).strip(), payload, deps, registry, conversational_only)
    return reply.in_conversation() if conversational_only else reply


async def _reply(text: str, payload: dict[str, Any], deps: Deps, registry: SubcommandRegistry,
                 in_conversation: bool) -> Reply:
    if not text:
        return registry.help_reply(in_conversation=in_conversation)
    matcher = deps.matcher_for(payload)
    remembered = deps.answers.get(matcher, text)  # only glossary questions are remembered
    if remembered is not None:
        return await recorded_reply(deps, payload, remembered)
    subcommand, args = registry.split(text)
    chatter = small_talk_reply(text)
    if (subcommand is not None or chatter is not None) and matcher.is_name(text):
        subcommand, chatter = None, None  # a term: "Daily Active Users", "Help Center"
    if chatter is not None:
        return Reply.of(chatter)  # not a question: not recorded, so it never shows up as a miss in stats
    handler = None if subcommand is None else subcommand.conversation if in_conversation else subcommand.handler
    if handler is not None:
        return await handler(SubcommandContext(args, payload, deps, in_conversation))
    answer = deps.answers.remember(matcher, text, answer_query(matcher, text))
    return await recorded_reply(deps, payload, answer)
