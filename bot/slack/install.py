"""OAuth installs into many workspaces: bolt's AsyncOAuthSettings over slack-sdk's SQLAlchemy stores.

The installation and OAuth-state stores are slack-sdk's AsyncSQLAlchemyInstallationStore and
AsyncSQLAlchemyOAuthStateStore on csterm's own database engine (SQLite file or Postgres, tables created by the
schema migration). The database opens after the server answers (bot/store/handle.py), so both are built on first
use, and this module never imports SQLAlchemy itself.

Installation lookups (bolt's authorize on every event, the daily poster) are cached in-process; installs,
re-installs and uninstalls by any process are seen within seconds (bot/slack/installation_cache.py). Bolt's own
authorize result cache (keyed by token, it saves an auth.test per event) is bounded here too.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Hashable
from logging import Logger, getLogger
from typing import Any

from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.authorization.authorize_result import AuthorizeResult
from slack_bolt.error import BoltError
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.slack.installation_cache import CAPACITY, Found, InstallationCache, Key
from bot.slack.manifest import bot_scopes
from bot.store.handle import StoreHandle
from bot.web_client import TOKEN_ROTATION_MINUTES, make_web_client

logger = getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # an "Add to Slack" click must come back within ten minutes


class DatabaseInstallationStore(AsyncInstallationStore):
    """slack-sdk's AsyncSQLAlchemyInstallationStore on csterm's engine, its lookups cached (installation_cache.py)."""

    def __init__(self, handle: StoreHandle, client_id: str, *, cache: InstallationCache | None = None) -> None:
        self.handle = handle
        self.client_id = client_id
        self.cache = cache or InstallationCache()
        self._store: Any = None  # AsyncSQLAlchemyInstallationStore, built once the database is open

    @property
    def logger(self) -> Logger:
        return logger

    async def sdk_store(self) -> Any:
        if self._store is None:
            engine = (await self.handle.get()).engine
            module = importlib.import_module("slack_sdk.oauth.installation_store.sqlalchemy")
            self._store = module.AsyncSQLAlchemyInstallationStore(client_id=self.client_id, engine=engine)
        return self._store

    # writes: the install callback, token refreshes, uninstalls
    async def async_save(self, installation: Installation) -> None:
        try:
            await (await self.sdk_store()).async_save(installation)
        except Exception as error:  # bolt shows its "storage_error" page for a BoltError; the log has the rest
            logger.exception("could not save the installation of %s",
                             installation.team_id or installation.enterprise_id)
            raise BoltError("the installation could not be saved") from error
        finally:
            self.forget_cached(installation.enterprise_id, installation.team_id)

    async def async_save_bot(self, bot: Bot) -> None:
        await (await self.sdk_store()).async_save_bot(bot)
        self.forget_cached(bot.enterprise_id, bot.team_id)

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        await (await self.sdk_store()).async_delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        self.forget_cached(enterprise_id, team_id)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await (await self.sdk_store()).async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.forget_cached(enterprise_id, team_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        await self.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id)

    def forget_cached(self, enterprise_id: str | None, team_id: str | None) -> None:
        self.cache.forget(enterprise_id, team_id)

    # reads: cached
    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False) -> Installation | None:
        store = await self.sdk_store()
        if user_id is not None:  # csterm asks for no user scopes and bolt runs bot-only: never cached
            by_user: Installation | None = await store.async_find_installation(
                enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                is_enterprise_install=is_enterprise_install)
            return by_user
        found = await self._lookup(("installation", enterprise_id, None if is_enterprise_install else team_id),
                                   lambda: store.async_find_installation(
                                       enterprise_id=enterprise_id, team_id=team_id,
                                       is_enterprise_install=is_enterprise_install))
        return found if isinstance(found, Installation) else None

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        store = await self.sdk_store()
        found = await self._lookup(("bot", enterprise_id, None if is_enterprise_install else team_id),
                                   lambda: store.async_find_bot(enterprise_id=enterprise_id, team_id=team_id,
                                                                is_enterprise_install=is_enterprise_install))
        return found if isinstance(found, Bot) else None

    async def _lookup(self, key: Key, query: Callable[[], Awaitable[Found | None]]) -> Found | None:
        """The cached answer, else the query's (kept when found)."""
        await self.cache.revalidate(self._marker)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        generation = self.cache.generation
        found = await query()
        if found is not None:
            self.cache.put(key, found, generation)
        return found

    async def _marker(self) -> Hashable:
        workspaces = importlib.import_module("bot.store.workspaces")  # loaded with the store
        marker: Hashable = await workspaces.installation_marker((await self.handle.get()).engine)
        return marker


class DatabaseStateStore(AsyncOAuthStateStore):
    """slack-sdk's AsyncSQLAlchemyOAuthStateStore on csterm's engine: each state is issued once and consumed once,
    so a redirect with an unknown, expired or already used state is refused (by any process on the database).

    The SDK deletes a state when it is used, never when it expires; anyone can open the install page, so every
    PURGE_EVERY issues the expired ones are deleted and the table stays bounded."""

    PURGE_EVERY = 100

    def __init__(self, handle: StoreHandle, *, expiration_seconds: int = STATE_SECONDS) -> None:
        self.handle = handle
        self.expiration_seconds = expiration_seconds
        self._store: Any = None
        self._issued = 0

    @property
    def logger(self) -> Logger:
        return logger

    async def _sdk_store(self) -> Any:
        if self._store is None:
            engine = (await self.handle.get()).engine
            module = importlib.import_module("slack_sdk.oauth.state_store.sqlalchemy")
            self._store = module.AsyncSQLAlchemyOAuthStateStore(
                expiration_seconds=self.expiration_seconds, engine=engine, logger=logger)
        return self._store

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        store = await self._sdk_store()
        state: str = await store.async_issue()
        self._issued += 1
        if self._issued % self.PURGE_EVERY == 0:
            await self.handle.get()  # the database is open: its code is loaded
            purge = importlib.import_module("bot.store.workspaces").purge_expired_states
            await purge(store.engine)
        return state

    async def async_consume(self, state: str) -> bool:
        consumed: bool = await (await self._sdk_store()).async_consume(state)
        return consumed


class BoundedAuthorize(AsyncInstallationStoreAuthorize):
    """bolt's installation-store authorize, with its auth.test result cache (one entry per token, and rotation
    makes new tokens) cleared when it grows past CAPACITY."""

    async def __call__(self, **kwargs: Any) -> AuthorizeResult | None:
        if len(self.authorize_result_cache) > CAPACITY:
            self.authorize_result_cache.clear()
        result: AuthorizeResult | None = await super().__call__(**kwargs)
        return result


def oauth_settings(settings: Settings, installations: DatabaseInstallationStore, client: AsyncWebClient,
                   *, rotation_minutes: int = TOKEN_ROTATION_MINUTES) -> AsyncOAuthSettings:
    """The install page, the redirect and authorize, all through `client` (SLACK_API_URL), scopes from manifest.yml."""
    client_id, client_secret = settings.client_credentials()
    oauth = AsyncOAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=bot_scopes(),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installations,
        installation_store_bot_only=True,  # csterm asks for no user scopes: the bot token is all it needs
        token_rotation_expiration_minutes=rotation_minutes,
        state_store=DatabaseStateStore(installations.handle),
        state_expiration_seconds=STATE_SECONDS,
        logger=logger,
    )
    # bolt's default authorize would refresh tokens through slack.com whatever SLACK_API_URL says, and call
    # auth.test on every event: the same authorize, given csterm's client and its result cache on. Bot-only: one
    # cached find_bot per event, where the default also looks up the installation of the user who sent it.
    oauth.authorize = BoundedAuthorize(
        logger=logger, installation_store=installations, client_id=client_id,
        client_secret=client_secret, token_rotation_expiration_minutes=rotation_minutes,
        cache_enabled=True, client=client, bot_only=True,
    )
    return oauth


def bolt_auth_options(settings: Settings, installations: DatabaseInstallationStore | None,
                      client: AsyncWebClient | None) -> dict[str, Any]:
    """AsyncApp's keyword arguments for how it authorizes: the one bot token, or OAuth.

    With one bot token and no client given, bolt builds its client from the token (create_app then points it at
    SLACK_API_URL): passing a client too makes bolt warn that the token, which it reads from SLACK_BOT_TOKEN
    itself, "will be unused".
    """
    if installations is None:
        if client is not None:
            return {"client": client}
        settings.require("SLACK_BOT_TOKEN")
        return {"token": settings.slack_bot_token}
    client = client or make_web_client(settings, rate_limit_retries=1)
    return {"client": client, "oauth_settings": oauth_settings(settings, installations, client)}
