"""@csterm in a channel or thread: answer in the thread; alone in a thread (or "@csterm what does this mean?"),
explain the thread's terms."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.say.async_say import AsyncSay
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.render.views import View, notice, thread_terms_view
from bot.slack.chatter import asks_to_explain
from bot.slack.converse import reply_to_text
from bot.slack.deps import Deps
from bot.slack.errors import handle_error
from bot.slack.incoming import decode_entities, installing_team, strip_user_mentions
from bot.slack.subcommands import SubcommandRegistry

logger = logging.getLogger(__name__)


async def explain_thread(client: AsyncWebClient, deps: Deps, channel: str, thread_ts: str,
                         payload: dict[str, Any] | None = None) -> View:
    """Every glossary term in the thread's first message, one line each (needs conversations.replies)."""
    try:
        replies = await client.conversations_replies(channel=channel, ts=thread_ts, limit=1, inclusive=True)
    except SlackApiError as error:
        logger.warning("conversations.replies failed in %s: %s", channel, error.response.get("error"))
        return notice("I can't read this thread's first message (I may need to be invited to the channel).")
    messages = replies.get("messages") or []
    first = decode_entities(str(messages[0].get("text") or "")) if messages else ""
    return thread_terms_view(deps.matcher_for(payload or {}).find_terms(first))


async def handle_mention(
    event: dict[str, Any], say: AsyncSay, client: AsyncWebClient, deps: Deps, registry: SubcommandRegistry,
    body: dict[str, Any] | None = None,
) -> None:
    """`body`: the outer request, whose ids name the installing workspace (see incoming.installing_team)."""
    channel, ts, in_thread = event.get("channel"), event.get("ts"), event.get("thread_ts")
    if not isinstance(channel, str) or not channel or not isinstance(ts or in_thread, str):
        logger.warning("app_mention without a channel or ts ignored")  # forged or malformed: nowhere to answer
        return
    text = strip_user_mentions(str(event.get("text") or ""))
    thread_ts = str(in_thread or ts)
    team_id, enterprise_id = installing_team(body or {}, event)
    payload = {**event, "channel_id": event.get("channel"), "user_id": event.get("user"),
               "team_id": team_id, "enterprise_id": enterprise_id, "team": team_id}
    if in_thread and (not text or asks_to_explain(text)):  # "@csterm", "@csterm what does this mean?"
        view = await explain_thread(client, deps, channel, thread_ts, payload)
        await say(text=view.text, blocks=view.blocks, thread_ts=thread_ts)
        return
    reply = await reply_to_text(text, payload, deps, registry, conversational_only=True)
    await say(text=reply.text, blocks=reply.blocks, thread_ts=thread_ts)


def register(app: AsyncApp, deps: Deps, registry: SubcommandRegistry) -> None:
    async def on_mention(event: dict[str, Any], say: AsyncSay, client: AsyncWebClient, body: dict[str, Any],
                         logger: logging.Logger) -> None:
        """Acknowledged as soon as this returns; the reply is posted afterwards (bot/slack/afterwards.py)."""
        deps.afterwards.run_later(handle_mention(event, say, client, deps, registry, body),
                                  on_error=lambda error: handle_error(error, body, logger, None, say))

    app.event("app_mention")(on_mention)
