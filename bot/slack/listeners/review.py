"""Review buttons on a suggestion (Approve / Edit / Reject), the reject-reason modal, and the outcome DM.

Only reviewers (the review channel's members, or the admins when none is set) may decide. An approval rebuilds
this process's matcher for the team at once; other processes see the team's counter move within a second.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.daily.failures import SLACK_FAILURES
from bot.render.home import HOME_REVIEW_ACTION
from bot.render.limits import escape_mrkdwn
from bot.render.term_views import (
    APPROVE_ACTION,
    EDIT_ACTION,
    REJECT_ACTION,
    REJECT_CALLBACK,
    decided_post,
    outcome_message,
    reject_modal,
    review_modal,
    review_post,
    term_modal,
)
from bot.render.views import notice
from bot.slack.afterwards import log_failure
from bot.slack.deps import Deps
from bot.slack.incoming import first_action, object_at, small_number
from bot.slack.listeners.terms import key_of, team_terms, user_of
from bot.slack.reviewers import is_reviewer, open_modal, send_dm
from bot.store.team_records import NOTE, PENDING, TermVersion

logger = logging.getLogger(__name__)


def _clicked(body: dict[str, Any]) -> tuple[int, str, str] | None:
    """(version id, channel, message ts) of a review button; None for a payload without them."""
    version_id = small_number(first_action(body).get("value"))
    container = object_at(body, "container")
    if version_id is None or not user_of(body):
        logger.warning("review click without a version or a user ignored")
        return None
    return version_id, str(container.get("channel_id") or ""), str(container.get("message_ts") or "")


def _modal_id(body: dict[str, Any]) -> str | None:
    """The id of the modal a click came from (a review opened from the Home tab), else None."""
    container = object_at(body, "container")
    return str(container["view_id"]) if container.get("type") == "view" and container.get("view_id") else None


async def _tell_reviewer(client: AsyncWebClient, body: dict[str, Any], text: str) -> None:
    """In the modal the click came from, else privately in the channel of the review post."""
    modal = _modal_id(body)
    channel = str(object_at(body, "container").get("channel_id") or object_at(body, "channel").get("id") or "")
    if modal is None and not channel:
        logger.warning("review click from nowhere (no modal, no channel): the reviewer was not told: %s", text)
        return
    try:
        if modal is not None:
            await client.views_update(view_id=modal, view=review_modal(notice(text).blocks))
        else:
            await client.chat_postEphemeral(channel=channel, user=user_of(body), text=text)
    except SLACK_FAILURES as error:
        logger.warning("could not answer the reviewer: %s", error)


async def decide(deps: Deps, client: AsyncWebClient, body: dict[str, Any], version_id: int, channel: str, ts: str,
                 *, approve: bool, reason: str | None = None) -> None:
    from bot.terms.service import TermRefused

    terms = await team_terms(deps)
    key, user = key_of(body), user_of(body)
    version = await terms.get(version_id)
    if version is None or version.key != key:
        await _tell_reviewer(client, body, "That suggestion no longer exists.")
        return
    if not await is_reviewer(deps, client, terms, key, user):
        await _tell_reviewer(client, body, "Only reviewers (the review channel's members, or admins) decide.")
        return
    if approve and user == version.submitted_by:  # a review is a second pair of eyes
        await _tell_reviewer(client, body, f"You suggested {escape_mrkdwn(version.term)}, so someone else must "
                                           "review it (a reviewer other than you approves it).")
        return
    try:
        decided = await terms.decide(version, approve=approve, by=user, reason=reason)
    except TermRefused as refusal:
        await _tell_reviewer(client, body, f"Not done: {escape_mrkdwn(str(refusal))}")
        return
    if approve and deps.team_matchers is not None:
        await deps.team_matchers.refresh(key)
    outcome = "approved" if approve else "rejected"
    text, blocks = decided_post(decided.term, outcome, user, reason)
    modal = _modal_id(body)
    messages = [(channel, ts)] if channel and ts else []  # the clicked review message, and every other one
    messages += [m for m in await terms.review_messages(decided.id) if m not in messages]
    for message_channel, message_ts in messages:  # wherever it was decided (a Home modal too): no stale buttons
        try:
            await client.chat_update(channel=message_channel, ts=message_ts, text=text, blocks=blocks)
        except SLACK_FAILURES as error:
            logger.warning("could not show the decision in %s: %s", message_channel, error)
    if modal is not None and not (channel and ts):  # decided in the modal opened from the Home tab: it shows it
        try:
            await client.views_update(view_id=modal, view=review_modal(blocks))
        except SLACK_FAILURES as error:
            logger.warning("could not show the decision: %s", error)
    await send_dm(client, decided.submitted_by, outcome_message(decided.term, approve, reason))


async def _own_version(deps: Deps, body: dict[str, Any], clicked: tuple[int, str, str] | None) -> TermVersion | None:
    """The clicked suggestion, if it belongs to the workspace the click came from (never another's)."""
    if clicked is None:
        return None
    version = await (await team_terms(deps)).get(clicked[0])
    return version if version is not None and version.key == key_of(body) else None


async def handle_approve(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    await ack()
    clicked = _clicked(body)
    if clicked is not None:  # the decision (members lookup, rebuild, chat.update, DM) runs after the ack
        deps.afterwards.run_later(decide(deps, client, body, *clicked, approve=True),
                                  on_error=log_failure("an approval"))


async def handle_reject(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    await ack()
    clicked = _clicked(body)
    version = await _own_version(deps, body, clicked)
    if clicked is not None and version is not None:
        modal = reject_modal(version.id, version.term)
        modal["private_metadata"] = f"{clicked[0]}|{clicked[1]}|{clicked[2]}"
        await open_modal(client, body.get("trigger_id"), modal, on_top=_modal_id(body) is not None)


async def handle_reject_reason(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    meta = str(object_at(body, "view").get("private_metadata") or "").split("|")
    reason = str(object_at(body, "view", "state", "values", "reason", "value").get("value") or "").strip()
    if not reason:
        await ack(response_action="errors", errors={"reason": "Say why, so the person can improve it."})
        return
    await ack()
    version_id = small_number(meta[0]) if len(meta) == 3 else None
    if version_id is None or not user_of(body):
        logger.warning("reject reason without a version or a user ignored")
        return
    deps.afterwards.run_later(decide(deps, client, body, version_id, meta[1], meta[2], approve=False, reason=reason),
                              on_error=log_failure("a rejection"))


async def handle_edit(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    await ack()
    version = await _own_version(deps, body, _clicked(body))
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
    await open_modal(client, body.get("trigger_id"), view, on_top=_modal_id(body) is not None)


async def handle_open_review(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient, deps: Deps) -> None:
    """A Review button in the Home tab: the review post's Approve / Edit / Reject, in a modal (reviewers only)."""
    await ack()
    clicked = _clicked(body)
    if clicked is None:
        return
    terms = await team_terms(deps)
    key, user = key_of(body), user_of(body)
    version = await terms.get(clicked[0])
    if version is None or version.key != key or version.state != PENDING:
        view = review_modal(notice("That suggestion was already decided, or no longer exists.").blocks)
    elif not await is_reviewer(deps, client, terms, key, user):
        view = review_modal(notice("Only reviewers (the review channel's members, or admins) decide.").blocks)
    else:
        draft = version.draft
        _, blocks = review_post(version.id, term=version.term, kind=draft.kind, definition=draft.definition,
                                aliases=draft.aliases, category=draft.category, submitted_by=version.submitted_by,
                                version=version.version)
        view = review_modal(blocks)
    await open_modal(client, body.get("trigger_id"), view)


def register(app: AsyncApp, deps: Deps) -> None:
    async def on_approve(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_approve(body, ack, client, deps)

    async def on_reject(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_reject(body, ack, client, deps)

    async def on_reason(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_reject_reason(body, ack, client, deps)

    async def on_edit(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_edit(body, ack, client, deps)

    async def on_open_review(body: dict[str, Any], ack: AsyncAck, client: AsyncWebClient) -> None:
        await handle_open_review(body, ack, client, deps)

    app.action(re.compile(rf"^{HOME_REVIEW_ACTION}-\d+$"))(on_open_review)
    app.action(APPROVE_ACTION)(on_approve)
    app.action(REJECT_ACTION)(on_reject)
    app.action(EDIT_ACTION)(on_edit)
    app.view(REJECT_CALLBACK)(on_reason)
