"""Buttons: Share in channel, show a term, and list pages. Every handler acks first.

A click's fields are read once, at the edge (`read_click`): a forged or truncated payload (no user, no
response_url, a page that is not a number) is logged in one line and dropped, never a crash or a 500.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.render.blocks import PICK_BLOCK, SHARE_ACTION, SHOW_TERM_PATTERN
from bot.render.views import LIST_PAGE_ACTION, View, category_page, entry_view, notice
from bot.slack.answers import Lookup, answer_calc, answer_versus
from bot.slack.deps import Deps
from bot.slack.incoming import team_of
from bot.slack.lookups import record_lookups

logger = logging.getLogger(__name__)

LIST_PAGE_PATTERN = re.compile(rf"^{LIST_PAGE_ACTION}(-\w+)?$")
PAGE = re.compile(r"^[0-9]{1,4}$")
GONE = "That entry is no longer in the glossary."
NOT_SHAREABLE = "That answer can't be shared as it was any more (the glossary changed): run the command again."
SEND_FAILURES = (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError)


@dataclass(frozen=True)
class Click:
    value: str
    user_id: str
    ephemeral: bool


def read_click(body: dict[str, Any]) -> Click | None:
    """The button's value, who clicked and whether the message was private; None (logged) for a payload that
    lacks what a reply needs."""
    actions = body.get("actions")
    action = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else None
    value = action.get("value", "")
    if not isinstance(body.get("response_url"), str) or not isinstance(user_id, str) or not isinstance(value, str):
        logger.warning("button click without response_url, user or value ignored")
        return None
    container = body.get("container")
    return Click(value, user_id, isinstance(container, dict) and bool(container.get("is_ephemeral")))


async def send(respond: AsyncRespond, **message: Any) -> bool:
    """Post through the response_url; False (logged) when Slack did not take it."""
    try:
        response = await respond(**message)
    except SEND_FAILURES as error:
        logger.warning("response_url failed: %s", error)
        return False
    status = getattr(response, "status_code", 200)
    if status != 200:
        logger.warning("response_url answered HTTP %s: %s", status, str(getattr(response, "body", ""))[:200])
        return False
    return True


def shared_view(deps: Deps, value: str, user_id: str, body: dict[str, Any] | None = None) -> View | None:
    """The public version of what the Share button carries (a term, `vs:A|B` or `calc:ARGS`): the same answer
    the person saw, or None when it cannot be made again (never an error message, which would go public)."""
    matcher = deps.matcher_for(body or {})
    if value.startswith("vs:"):
        first, _, second = value[3:].partition("|")
        versus = answer_versus(matcher, first, second, shared_by=user_id)
        return versus.view if versus.result else None
    if value.startswith("calc:"):
        calc = answer_calc(matcher, value[5:], shared_by=user_id)
        return calc.view if calc.result else None
    glossary = matcher.glossary
    entry = glossary.get(value)
    if entry is None:
        return None
    return entry_view(entry, glossary, shared_by=user_id)


async def handle_share(body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond, deps: Deps) -> None:
    await ack()
    click = read_click(body)
    if click is None:
        return
    if not click.ephemeral:
        await send(respond, text="This answer is already visible to everyone here.", response_type="ephemeral",
                   replace_original=False)
        return
    view = shared_view(deps, click.value, click.user_id, body)
    if view is None:
        await send(respond, text=NOT_SHAREABLE, response_type="ephemeral", replace_original=False)
        return
    if await send(respond, text=view.text, blocks=view.blocks, response_type="in_channel", replace_original=False):
        await send(respond, delete_original=True)  # only once the public copy is there: else keep the private one


async def handle_show_term(body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond, deps: Deps) -> None:
    await ack()
    click = read_click(body)
    if click is None:
        return
    glossary = deps.matcher_for(body).glossary
    entry = glossary.get(click.value)
    if entry is None:
        await send(respond, text=GONE, response_type="ephemeral", replace_original=False)
        return
    team_id, enterprise_id = team_of(body)
    await record_lookups(deps, [Lookup(click.value, "match", entry.term)], team_id=team_id,
                         enterprise_id=enterprise_id)
    await record_choice(deps, body, click.user_id, entry.term)
    view = entry_view(entry, glossary)
    await send(respond, text=view.text, blocks=view.blocks, response_type="ephemeral",
               replace_original=click.ephemeral)


async def handle_list_page(body: dict[str, Any], ack: AsyncAck, respond: AsyncRespond, deps: Deps) -> None:
    await ack()
    click = read_click(body)
    if click is None:
        return
    page, _, category = click.value.partition("|")
    view = category_page(deps.matcher_for(body).glossary, category or None, int(page)) if PAGE.match(page) else notice(
        "That page is no longer available; try `/csterm list` again."
    )
    await send(respond, text=view.text, blocks=view.blocks, response_type="ephemeral",
               replace_original=click.ephemeral)


async def record_choice(deps: Deps, body: dict[str, Any], user_id: str, term: str) -> None:
    """A "did you mean" press is a label (user, normalised query, chosen entry): it may teach the team a phrasing."""
    actions = body.get("actions")
    block_id = actions[0].get("block_id") if isinstance(actions, list) and actions and isinstance(actions[0],
                                                                                                   dict) else None
    if not isinstance(block_id, str) or not block_id.startswith(PICK_BLOCK):
        return
    from bot.slack.listeners.terms import key_of, team_terms

    try:
        terms = await team_terms(deps)
        key = key_of(body)
        if await terms.record_choice(key, query_key=block_id[len(PICK_BLOCK):], user_id=user_id,
                                     term=term) and deps.team_matchers is not None:
            await deps.team_matchers.refresh(key)
    except Exception:
        logger.exception("could not record a 'did you mean' choice")


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
