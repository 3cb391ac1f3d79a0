"""Review buttons on a suggestion (Approve / Edit / Reject), the reject-reason modal, and the outcome DM.

Only reviewers (the review channel's members, or the admins when none is set) may decide. An approval rebuilds
this process's matcher for the team at once; other processes see the team's counter move within a second.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.daily.failures import SLACK_FAILURES
from bot.render.limits import escape_mrkdwn
from bot.render.term_views import (
    APPROVE_ACTION,
    EDIT_ACTION,
    REJECT_ACTION,
    REJECT_CALLBACK,
    decided_post,
    outcome_message,
    reject_modal,
    term_modal,
)
from bot.slack.deps import Deps
from bot.slack.listeners.terms import is_reviewer, key_of, open_modal, send_dm, team_terms, user_of
from bot.store.team_records import NOTE
from bot.web_client import make_web_client

logger = logging.getLogger(__name__)


def _clicked(body: dict[str, Any]) -> tuple[int, str, str] | None:
    """(version id, channel, message ts) of a review button; None for a payload without them."""
    actions = body.get("actions")
    value = actions[0].get("value") if isinstance(actions, list) and actions and isinstance(actions[0], dict) else ""
    raw = body.get("container")
    container: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if not isinstance(value, str) or not value.isdigit() or len(value) > 18:
        logger.warning("review click without a version ignored")
        return None
    return int(value), str(container.get("channel_id") or ""), str(container.get("message_ts") or "")


async def _tell_reviewer(deps: Deps, body: dict[str, Any], text: str) -> None:
    channel = str((body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id") or "")
    try:
        await make_web_client(deps.settings).chat_postEphemeral(channel=channel, user=user_of(body), text=text)
    except SLACK_FAILURES as error:
        logger.warning("could not answer the reviewer: %s", error)


async def decide(deps: Deps, body: dict[str, Any], version_id: int, channel: str, ts: str, *, approve: bool,
                 reason: str | None = None) -> None:
    from bot.terms.service import TermRefused

    terms = await team_terms(deps)
    key, user = key_of(body), user_of(body)
    version = await terms.get(version_id)
    if version is None or version.key != key:
        await _tell_reviewer(deps, body, "That suggestion no longer exists.")
        return
    if not await is_reviewer(deps, terms, key, user):
        await _tell_reviewer(deps, body, "Only reviewers (the review channel's members, or admins) decide.")
        return
    try:
        decided = await terms.decide(version, approve=approve, by=user, reason=reason)
    except TermRefused as refusal:
        await _tell_reviewer(deps, body, f"Not done: {escape_mrkdwn(str(refusal))}")
        return
    if approve and deps.team_matchers is not None:
        await deps.team_matchers.refresh(key)
    outcome = "approved" if approve else "rejected"
    if channel and ts:
        text, blocks = decided_post(decided.term, outcome, user, reason)
        try:
            await make_web_client(deps.settings).chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        except SLACK_FAILURES as error:
            logger.warning("could not update the review post: %s", error)
    await send_dm(deps, decided.submitted_by, outcome_message(decided.term, approve, reason))


async def handle_approve(body: dict[str, Any], ack: AsyncAck, deps: Deps) -> None:
    await ack()
    clicked = _clicked(body)
    if clicked is not None:
        await decide(deps, body, *clicked, approve=True)


async def handle_reject(body: dict[str, Any], ack: AsyncAck, deps: Deps) -> None:
    await ack()
    clicked = _clicked(body)
    if clicked is None:
        return
    version = await (await team_terms(deps)).get(clicked[0])
    if version is not None:
        modal = reject_modal(version.id, version.term)
        modal["private_metadata"] = f"{clicked[0]}|{clicked[1]}|{clicked[2]}"
        await open_modal(deps, body.get("trigger_id"), modal)


async def handle_reject_reason(body: dict[str, Any], ack: AsyncAck, deps: Deps) -> None:
    view = body.get("view") if isinstance(body.get("view"), dict) else None
    meta = str((view or {}).get("private_metadata") or "").split("|")
    values = ((view or {}).get("state") or {}).get("values") or {}
    reason = str(((values.get("reason") or {}).get("value") or {}).get("value") or "").strip()
    if not reason:
        await ack(response_action="errors", errors={"reason": "Say why, so the person can improve it."})
        return
    await ack()
    if len(meta) == 3 and meta[0].isdigit():
        await decide(deps, body, int(meta[0]), meta[1], meta[2], approve=False, reason=reason)


async def handle_edit(body: dict[str, Any], ack: AsyncAck, deps: Deps) -> None:
    await ack()
    clicked = _clicked(body)
    if clicked is None:
        return
    version = await (await team_terms(deps)).get(clicked[0])
    if version is None:
        return
    draft = version.draft
    if draft.kind == NOTE:
        entry = deps.matcher.glossary.get(draft.term)
        view = term_modal(note_on=draft.term, definition=draft.definition,
                          shipped_definition=entry.definition if entry else "")
    else:
        view = term_modal(term=draft.term, aliases=", ".join(draft.aliases), category=draft.category,
                          definition=draft.definition, related=draft.related, editing=draft.term)
    await open_modal(deps, body.get("trigger_id"), view)


def register(app: AsyncApp, deps: Deps) -> None:
    async def on_approve(body: dict[str, Any], ack: AsyncAck) -> None:
        await handle_approve(body, ack, deps)

    async def on_reject(body: dict[str, Any], ack: AsyncAck) -> None:
        await handle_reject(body, ack, deps)

    async def on_reason(body: dict[str, Any], ack: AsyncAck) -> None:
        await handle_reject_reason(body, ack, deps)

    async def on_edit(body: dict[str, Any], ack: AsyncAck) -> None:
        await handle_edit(body, ack, deps)

    app.action(APPROVE_ACTION)(on_approve)
    app.action(REJECT_ACTION)(on_reject)
    app.action(EDIT_ACTION)(on_edit)
    app.view(REJECT_CALLBACK)(on_reason)
