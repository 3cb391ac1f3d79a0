"""/csterm: the answer travels inside the acknowledgement (private by default), no extra API call."""

from __future__ import annotations

from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.slack.converse import reply_to_text
from bot.slack.deps import Deps
from bot.slack.subcommands import SubcommandRegistry

COMMAND = "/csterm"


async def handle_csterm(command: dict[str, Any], ack: AsyncAck, deps: Deps, registry: SubcommandRegistry) -> None:
    reply = await reply_to_text(command.get("text") or "", command, deps, registry)
    await ack(**reply.as_message())


def register(app: AsyncApp, deps: Deps, registry: SubcommandRegistry) -> None:
    async def on_csterm(command: dict[str, Any], ack: AsyncAck) -> None:
        await handle_csterm(command, ack, deps, registry)

    app.command(COMMAND)(on_csterm)
