"""The app's one error handler: log the traceback, tell the person something short and kind."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.say.async_say import AsyncSay
from slack_bolt.response import BoltResponse

APOLOGY = "Sorry, something went wrong on my side while answering that. It has been logged; please try again."


async def handle_error(
    error: Exception,
    body: dict[str, Any],
    logger: logging.Logger,
    respond: AsyncRespond | None,
    say: AsyncSay | None,
    response: BoltResponse | None = None,
) -> None:
    """Once the person has the apology, the request is answered with 200 instead of bolt's 500: a 500 would
    make Slack retry an event (a second apology) or show its own error on top of ours."""
    logger.exception("a csterm handler failed", exc_info=error)
    try:
        if respond is not None and body.get("response_url"):  # commands and button clicks; events have none
            await respond(text=APOLOGY, response_type="ephemeral", replace_original=False)
        else:
            event = body.get("event") or {}
            if say is None or not event.get("channel"):
                return
            await say(text=APOLOGY, thread_ts=event.get("thread_ts") or event.get("ts"))
    except Exception:
        logger.exception("could not send the apology")
        return
    if response is not None:
        response.status = 200
