"""The app's one error handler: log the traceback, tell the person something short and kind."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.say.async_say import AsyncSay

APOLOGY = "Sorry, something went wrong on my side while answering that. It has been logged; please try again."


async def handle_error(
    error: Exception,
    body: dict[str, Any],
    logger: logging.Logger,
    respond: AsyncRespond | None,
    say: AsyncSay | None,
) -> None:
    logger.exception("a csterm handler failed", exc_info=error)
    try:
        if respond is not None:
            await respond(text=APOLOGY, response_type="ephemeral", replace_original=False)
            return
        event = body.get("event") or {}
        if say is not None and event.get("channel"):
            await say(text=APOLOGY, thread_ts=event.get("thread_ts") or event.get("ts"))
    except Exception:
        logger.exception("could not send the apology")
