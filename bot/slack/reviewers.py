"""Who reviews a workspace's team glossary, and the Slack calls the team glossary makes (users.info,
conversations.members, views.open, DMs), each with that workspace's own client.

The client is bolt's context client where a listener has one, else deps.clients.for_workspace (the slash fast
path and sub-commands): never the single SLACK_BOT_TOKEN client, which in OAuth mode carries no token.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.daily.failures import SLACK_FAILURES
from bot.slack.deps import Deps
from bot.slack.incoming import team_of
from bot.store.team_records import TeamKey

if TYPE_CHECKING:
    from bot.terms.service import TeamTerms

logger = logging.getLogger(__name__)

ADMIN_FLAGS = ("is_admin", "is_owner", "is_primary_owner")
MEMBER_PAGES, MEMBER_PAGE_SIZE = 10, 1000  # a review channel's members read: at most 10 pages
NOT_INSTALLED = ("csterm is not installed in this workspace any more (or its installation was removed): "
                 "reinstall it with Add to Slack, then try again.")


async def workspace_client(deps: Deps, payload: dict[str, Any]) -> AsyncWebClient:
    """The client of the workspace a payload comes from; raises WorkspaceNotInstalled."""
    return await deps.clients.for_workspace(*team_of(payload))


async def is_admin(deps: Deps, client: AsyncWebClient, user_id: str) -> bool:
    """Workspace admins and owners, and the users in CSTERM_ADMINS."""
    if user_id in deps.settings.admins:
        return True
    try:
        user = (await client.users_info(user=user_id)).get("user") or {}
    except SLACK_FAILURES as error:
        logger.info("cannot tell whether %s is an admin: %s", user_id, error)
        return False
    return any(bool(user.get(flag)) for flag in ADMIN_FLAGS)


async def is_reviewer(deps: Deps, client: AsyncWebClient, terms: TeamTerms, key: TeamKey, user_id: str) -> bool:
    """Members of the review channel, and the admins always (as the messages say)."""
    channel = await terms.review_channel(key)
    if channel is not None and await _in_channel(client, channel, user_id):
        return True
    return await is_admin(deps, client, user_id)


async def _in_channel(client: AsyncWebClient, channel: str, user_id: str) -> bool:
    """conversations.members, page after page (at most MEMBER_PAGES of MEMBER_PAGE_SIZE: bounded work)."""
    cursor: str | None = None
    for _ in range(MEMBER_PAGES):
        try:
            page = await client.conversations_members(channel=channel, limit=MEMBER_PAGE_SIZE, cursor=cursor)
        except SLACK_FAILURES as error:
            logger.warning("conversations.members failed for %s: %s", channel, error)
            return False
        if user_id in (page.get("members") or []):
            return True
        cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "") or None
        if cursor is None:
            return False
    logger.info("review channel %s has more than %d members; read the first pages only", channel,
                MEMBER_PAGES * MEMBER_PAGE_SIZE)
    return False


async def open_modal(client: AsyncWebClient, trigger_id: object, view: dict[str, Any], *,
                     on_top: bool = False) -> bool:
    """views.open (views.push when `on_top`: a click inside a modal); False when Slack refused."""
    if not isinstance(trigger_id, str) or not trigger_id:
        return False
    try:
        if on_top:
            await client.views_push(trigger_id=trigger_id, view=view)
        else:
            await client.views_open(trigger_id=trigger_id, view=view)
    except SLACK_FAILURES as error:
        logger.warning("views.%s failed: %s", "push" if on_top else "open", error)
        return False
    return True


async def send_dm(client: AsyncWebClient, user_id: str, text: str) -> None:
    try:
        opened = await client.conversations_open(users=user_id)
        await client.chat_postMessage(channel=str((opened.get("channel") or {}).get("id")), text=text)
    except SLACK_FAILURES as error:
        logger.warning("could not send a direct message to %s: %s", user_id, error)
