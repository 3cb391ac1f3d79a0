"""The "Explain terms" message shortcut: every glossary term in the message, privately, to whoever asked.

The same finder as `@csterm` alone in a thread (Matcher.find_terms: acronyms only in capitals). The answer is an
ephemeral message in the channel (in the thread, when the message is in one); where csterm may not post
(it is not in the channel), it goes through the shortcut's response_url instead.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.daily.failures import SLACK_FAILURES
from bot.render.explain import EXPLAIN_CALLBACK, OPEN_HOME_ACTION, explain_view, home_url
from bot.slack.deps import Deps
from bot.slack.incoming import decode_entities, object_at, team_of

logger = logging.getLogger(__name__)

MAX_MESSAGE = 40_000  # Slack's own limit for a message's text; anything longer is cut, never scanned


async def handle_explain(shortcut: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, respond: AsyncRespond,
                         deps: Deps) -> None:
    await ack()
    message = object_at(shortcut, "message")
    text = decode_entities(str(message.get("text") or "")[:MAX_MESSAGE])
    team_id, _ = team_of(shortcut)
    found = deps.matcher_for(shortcut).find_terms(text)
    view = explain_view(found, home=home_url(team_id, str(shortcut.get("api_app_id") or "")))
    channel = str(object_at(shortcut, "channel").get("id") or "")
    user = str(object_at(shortcut, "user").get("id") or "")
    if not channel or not user:
        logger.warning("Explain terms without a channel or user ignored")
        return
    try:
        await client.chat_postEphemeral(channel=channel, user=user, text=view.text, blocks=view.blocks,
                                        thread_ts=message.get("thread_ts"))
        return
    except SLACK_FAILURES as error:
        logger.info("Explain terms: chat.postEphemeral in %s failed (%s); answering by response_url", channel, error)
    try:
        await respond(text=view.text, blocks=view.blocks, response_type="ephemeral", replace_original=False)
    except SLACK_FAILURES as error:
        logger.warning("Explain terms: the response_url failed too in %s: %s", channel, error)


async def acknowledge(ack: AsyncAck) -> None:
    await ack()


def register(app: AsyncApp, deps: Deps) -> None:
    async def on_explain(shortcut: dict[str, Any], ack: AsyncAck, client: AsyncWebClient,
                         respond: AsyncRespond) -> None:
        await handle_explain(shortcut, ack, client, respond, deps)

    app.shortcut(EXPLAIN_CALLBACK)(on_explain)
    app.action(OPEN_HOME_ACTION)(acknowledge)
