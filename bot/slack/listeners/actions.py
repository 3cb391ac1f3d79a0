"""Buttons: Share in channel, show a term, and list pages. Every handler acks first."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.render.blocks import SHARE_ACTION, SHOW_TERM_PATTERN
from bot.render.views import LIST_PAGE_ACTION, View, category_page, entry_view, notice
from bot.slack.answers import Lookup, answer_calc, answer_versus
from bot.slack.deps import Deps
from bot.slack.incoming import team_of
from bot.slack.lookups import record_lookups

LIST_PAGE_PATTERN = re.compile(rf"^{LIST_PAGE_ACTION}(-\w+)?$")
GONE = "That entry is no longer in the glossary."


def _action_value(body: dict[str, Any]) -> str:
    return str((body.get("actions") or [{}])[0].get("value") or "")


def _is_ephemeral(body: dict[str, Any]) -> bool:
    return bool((body.get("container") or {}).get("is_ephemeral"))


def shared_view(deps: Deps, value: str, user_id: str) -> View | None:
    """The public version of what the Share button carries: a term, `vs:A|B` or `calc:ARGS`."""
    if value.startswith("vs:"):
        first, _, second = value[3:].partition("|")
        return answer_versus(deps.matcher, first, second, shared_by=user_id).view
    if value.startswith("calc:"):
        return answer_calc(deps.matcher, value[5:], shared_by=user_id).view
    glossary = deps.matcher.glossary
    entry = glossary.get(value)
    if entry is None:
        return None
    return entry_view(entry, glossary, shared_by=user_id)


async def handle_share(body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond, deps: Deps) -> None:
    await ack()
    if not _is_ephemeral(body):
        await respond(text="This answer is already visible to everyone here.", response_type="ephemeral",
                      replace_original=False)
        return
    view = shared_view(deps, _action_value(body), str(body["user"]["id"]))
    if view is None:
        await respond(text=GONE, response_type="ephemeral", replace_original=False)
        return
    await respond(text=view.text, blocks=view.blocks, response_type="in_channel", replace_original=False)
    await respond(delete_original=True)


async def handle_show_term(body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond, deps: Deps) -> None:
    await ack()
    term = _action_value(body)
    glossary = deps.matcher.glossary
    entry = glossary.get(term)
    if entry is None:
        await respond(text=GONE, response_type="ephemeral", replace_original=False)
        return
    team_id, enterprise_id = team_of(body)
    await record_lookups(deps, [Lookup(term, "match", entry.term)], team_id=team_id, enterprise_id=enterprise_id)
    view = entry_view(entry, glossary)
    await respond(text=view.text, blocks=view.blocks, response_type="ephemeral",
                  replace_original=_is_ephemeral(body))


async def handle_list_page(body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond, deps: Deps) -> None:
    await ack()
    page, _, category = _action_value(body).partition("|")
    view = category_page(deps.matcher.glossary, category or None, int(page)) if page.isdigit() else notice(
        "That page is no longer available; try `/csterm list` again."
    )
    await respond(text=view.text, blocks=view.blocks, response_type="ephemeral",
                  replace_original=_is_ephemeral(body))


def register(app: AsyncApp, deps: Deps) -> None:
    async def on_share(body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond) -> None:
        await handle_share(body, ack, respond, deps)

    async def on_show_term(body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond) -> None:
        await handle_show_term(body, ack, respond, deps)

    async def on_list_page(body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond) -> None:
        await handle_list_page(body, ack, respond, deps)

    app.action(SHARE_ACTION)(on_share)
    app.action(SHOW_TERM_PATTERN)(on_show_term)
    app.action(LIST_PAGE_PATTERN)(on_list_page)
