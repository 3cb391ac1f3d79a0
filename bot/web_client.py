"""The one way csterm builds its Web API clients (the app, the daily poster, the CLI): slack-sdk's AsyncWebClient,
pointed at SLACK_API_URL when set, retrying rate limits (honouring Retry-After) and dropped connections.

WorkspaceClients is the one place that turns a workspace (team id, enterprise id) into a client with that
workspace's bot token: the single SLACK_BOT_TOKEN (OneWorkspace), or the installation in the database, refreshed
first when token rotation is on and it expires soon (InstalledWorkspaces, OAuth mode).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings

SLACK_API_URL = "https://slack.com/api/"
TOKEN_ROTATION_MINUTES = 120  # refresh a rotating token when it has less than this left (bolt's default too)


def make_web_client(settings: Settings, *, rate_limit_retries: int = 2, token: str | None = None) -> AsyncWebClient:
    """A client for `token`, else the bot token (none in OAuth mode: the app's own client, e.g. for
    oauth.v2.access); a 429 is retried `rate_limit_retries` times after its Retry-After."""
    if token is None and not settings.oauth:
        settings.require("SLACK_BOT_TOKEN")
        token = settings.slack_bot_token
    return configure_web_client(AsyncWebClient(token=token), settings, rate_limit_retries=rate_limit_retries)


def configure_web_client(client: AsyncWebClient, settings: Settings, *, rate_limit_retries: int) -> AsyncWebClient:
    """Point a client (ours, or the one bolt builds from the token) at SLACK_API_URL, with csterm's retries."""
    base_url = settings.slack_api_url or SLACK_API_URL
    client.base_url = base_url if base_url.endswith("/") else base_url + "/"
    client.retry_handlers = [
        AsyncConnectionErrorRetryHandler(),
        AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
    ]
    return client


class WorkspaceNotInstalled(LookupError):
    """No installation with a bot token for this workspace (never installed, or uninstalled)."""


class WorkspaceClients(Protocol):
    async def for_workspace(self, team_id: str, enterprise_id: str | None) -> AsyncWebClient:
        """A client with this workspace's bot token; raises WorkspaceNotInstalled."""
        ...


@dataclass(frozen=True)
class OneWorkspace:
    """Single-workspace mode: every workspace id gets the one SLACK_BOT_TOKEN client."""

    client: AsyncWebClient

    async def for_workspace(self, team_id: str, enterprise_id: str | None) -> AsyncWebClient:
        return self.client


class InstalledWorkspaces:
    """OAuth mode: the workspace's installation, or its organisation's org-wide (Enterprise Grid) installation."""

    def __init__(self, settings: Settings, installations: AsyncInstallationStore,
                 *, rotation_minutes: int = TOKEN_ROTATION_MINUTES) -> None:
        client_id, client_secret = settings.client_credentials()
        self.settings = settings
        self.installations = installations
        self.rotation_minutes = rotation_minutes
        self._rotator = AsyncTokenRotator(client_id=client_id, client_secret=client_secret,
                                          client=make_web_client(settings))

    async def for_workspace(self, team_id: str, enterprise_id: str | None) -> AsyncWebClient:
        bot = await self.find(team_id, enterprise_id)
        if bot is None or not bot.bot_token:
            raise WorkspaceNotInstalled(f"csterm is not installed in workspace {team_id}")
        refreshed = await self._rotator.perform_bot_token_rotation(
            bot=bot, minutes_before_expiration=self.rotation_minutes)
        if refreshed is not None:  # as bolt's (bot-only) authorize does for incoming requests
            await self.installations.async_save_bot(refreshed)
            bot = refreshed
        return make_web_client(self.settings, token=bot.bot_token)

    async def find(self, team_id: str, enterprise_id: str | None) -> Bot | None:
        """The workspace's bot, else (Enterprise Grid) its organisation's org-wide one: the same lookup bolt's
        bot-only authorize makes."""
        found = await self.installations.async_find_bot(
            enterprise_id=enterprise_id or None, team_id=team_id, is_enterprise_install=False)
        if found is None and enterprise_id:
            found = await self.installations.async_find_bot(
                enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True)
        return found


def workspace_clients(settings: Settings, installations: AsyncInstallationStore | None) -> WorkspaceClients:
    """InstalledWorkspaces in OAuth mode (installations required), else OneWorkspace on SLACK_BOT_TOKEN."""
    if settings.oauth:
        assert installations is not None, "OAuth mode reads tokens from the installation store"
        return InstalledWorkspaces(settings, installations)
    return OneWorkspace(make_web_client(settings))
