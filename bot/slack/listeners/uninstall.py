"""app_uninstalled and tokens_revoked (OAuth mode): forget the workspace, its installation and all its data.

The deletion is one transaction (Store.forget_workspace); `csterm workspaces forget` does the same from the shell.
For an Enterprise Grid org-wide install, the whole organisation is forgotten.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack.deps import Deps
from bot.slack.install import DatabaseInstallationStore

logger = logging.getLogger(__name__)


async def forget_workspace(context: AsyncBoltContext, deps: Deps, installations: DatabaseInstallationStore,
                           why: str) -> None:
    team_id = None if context.is_enterprise_install else context.team_id
    enterprise_id = context.enterprise_id
    if team_id is None and enterprise_id is None:
        logger.warning("%s without a team or enterprise id; nothing to forget", why)
        return
    store = await deps.store.get()
    forgotten = await store.forget_workspace(team_id=team_id, enterprise_id=enterprise_id)
    installations.forget_cached(enterprise_id, team_id)
    logger.info("%s: forgot %s %s (%s)", why, "workspace" if team_id else "organisation", team_id or enterprise_id,
                forgotten.summary())


def register(app: AsyncApp, deps: Deps, installations: DatabaseInstallationStore) -> None:
    async def on_app_uninstalled(context: AsyncBoltContext) -> None:
        await forget_workspace(context, deps, installations, "app_uninstalled")

    async def on_tokens_revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
        if not (event.get("tokens") or {}).get("bot"):  # csterm keeps no user tokens: nothing to forget
            logger.info("tokens_revoked for user tokens only in %s; nothing stored", context.team_id)
            return
        await forget_workspace(context, deps, installations, "tokens_revoked")

    app.event("app_uninstalled")(on_app_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)
