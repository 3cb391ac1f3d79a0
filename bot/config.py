"""Settings read from an environment mapping: one frozen object, validated once at start-up."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.glossary.load import default_glossary_path
from bot.ids import USER_ID

DEFAULT_PORT = 3000
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///csterm.db"

_HINTS: dict[str, str] = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) under OAuth & Permissions",
    "SLACK_SIGNING_SECRET": "Basic Information > App Credentials > Signing Secret",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with connections:write, under Basic Information",
    "SLACK_CLIENT_ID": "Basic Information > App Credentials > Client ID (OAuth installs)",
    "SLACK_CLIENT_SECRET": "Basic Information > App Credentials > Client Secret (OAuth installs)",
}
_FIELDS: dict[str, str] = {
    "SLACK_BOT_TOKEN": "slack_bot_token",
    "SLACK_SIGNING_SECRET": "slack_signing_secret",
    "SLACK_APP_TOKEN": "slack_app_token",
    "SLACK_CLIENT_ID": "slack_client_id",
    "SLACK_CLIENT_SECRET": "slack_client_secret",
}
_TOKEN_PREFIXES: dict[str, str] = {"SLACK_BOT_TOKEN": "xoxb-", "SLACK_APP_TOKEN": "xapp-"}
_CLIENT_ID = re.compile(r"^[0-9]+\.[0-9]+$")  # e.g. 1234567890.0987654321


class ConfigError(Exception):
    """A missing or malformed setting; the message names it and fits on one line."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str | None
    slack_signing_secret: str | None
    slack_app_token: str | None
    port: int
    glossary_path: Path
    slack_api_url: str | None
    database_url: str
    admins: frozenset[str] = frozenset()  # CSTERM_ADMINS: user ids who see the misses in stats, besides admins
    slack_client_id: str | None = None  # with the secret: OAuth installs into many workspaces
    slack_client_secret: str | None = None

    @property
    def oauth(self) -> bool:
        """OAuth mode (any number of workspaces, tokens in the database) rather than one SLACK_BOT_TOKEN."""
        return self.slack_client_id is not None

    def client_credentials(self) -> tuple[str, str]:
        """(SLACK_CLIENT_ID, SLACK_CLIENT_SECRET); ConfigError naming the first that is not set."""
        self.require("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
        assert self.slack_client_id is not None
        assert self.slack_client_secret is not None
        return self.slack_client_id, self.slack_client_secret
    learn_after: int = 3  # CSTERM_LEARN_AFTER: people who must choose the same entry for a phrasing to be learned
    answer_memory: int = 1024  # CSTERM_ANSWER_MEMORY: answers to repeated questions kept (0: none)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        return cls(
            slack_bot_token=_token(environ, "SLACK_BOT_TOKEN"),
            slack_signing_secret=_optional(environ, "SLACK_SIGNING_SECRET"),
            slack_app_token=_token(environ, "SLACK_APP_TOKEN"),
            port=_port(environ.get("PORT")),
            glossary_path=default_glossary_path(environ),
            slack_api_url=_api_url(environ.get("SLACK_API_URL")),
            database_url=_database_url(environ),
            admins=_admins(environ.get("CSTERM_ADMINS")),
            **_oauth_credentials(environ),
            learn_after=_learn_after(environ.get("CSTERM_LEARN_AFTER")),
            answer_memory=_answer_memory(environ.get("CSTERM_ANSWER_MEMORY")),
        )

    def require(self, *names: str) -> None:
        """Raise ConfigError naming the first of these settings (environment names) that is not set."""
        for name in names:
            if getattr(self, _FIELDS[name]) is None:
                raise ConfigError(f"{name} is not set: set it to {_HINTS[name]}")


def _optional(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


def _token(environ: Mapping[str, str], name: str) -> str | None:
    value = _optional(environ, name)
    prefix = _TOKEN_PREFIXES[name]
    if value is not None and not value.startswith(prefix):
        raise ConfigError(f"{name} is malformed: it should start with {prefix!r} ({_HINTS[name]})")
    return value


def _oauth_credentials(environ: Mapping[str, str]) -> dict[str, str | None]:
    """SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: both or neither, and not beside a single SLACK_BOT_TOKEN."""
    client_id, secret = _optional(environ, "SLACK_CLIENT_ID"), _optional(environ, "SLACK_CLIENT_SECRET")
    if client_id is None and secret is None:
        return {}
    for name, value in (("SLACK_CLIENT_ID", client_id), ("SLACK_CLIENT_SECRET", secret)):
        if value is None:
            raise ConfigError(f"{name} is not set: OAuth installs need both client credentials ({_HINTS[name]})")
    assert client_id is not None
    if not _CLIENT_ID.match(client_id):
        raise ConfigError(f"SLACK_CLIENT_ID is malformed: it should look like 1234567890.1234567890 "
                          f"({_HINTS['SLACK_CLIENT_ID']})")
    if _optional(environ, "SLACK_BOT_TOKEN") is not None:
        raise ConfigError("SLACK_BOT_TOKEN is set beside SLACK_CLIENT_ID: unset SLACK_BOT_TOKEN to install into "
                          "many workspaces over OAuth, or unset the client credentials to serve one workspace")
    return {"slack_client_id": client_id, "slack_client_secret": secret}


def _port(raw: str | None) -> int:
    if raw is None or not raw.strip():
        return DEFAULT_PORT
    try:
        port = int(raw.strip())
    except ValueError:
        raise ConfigError(f"PORT is malformed: {raw!r} is not a number (expected 1-65535)") from None
    if not 0 < port < 65536:
        raise ConfigError(f"PORT is malformed: {port} is out of range (expected 1-65535)")
    return port


def _api_url(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    url = raw.strip()
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"SLACK_API_URL is malformed: {url!r} should start with http:// or https://")
    return url if url.endswith("/") else url + "/"


def _database_url(environ: Mapping[str, str]) -> str:
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+asyncpg://" + url[len(prefix) :]
        if "://" not in url:
            raise ConfigError(f"DATABASE_URL is malformed: {url!r} is not a database URL")
        return url
    path = environ.get("CSTERM_DB_PATH", "").strip()
    return f"sqlite+aiosqlite:///{path}" if path else DEFAULT_DATABASE_URL


def _admins(raw: str | None) -> frozenset[str]:
    """CSTERM_ADMINS: Slack user ids, comma-separated ("U0123ABCD,U0456EFGH")."""
    ids = [part.strip() for part in (raw or "").split(",") if part.strip()]
    for user_id in ids:
        if not USER_ID.match(user_id):
            raise ConfigError(f"CSTERM_ADMINS is malformed: {user_id[:40]!r} is not a Slack user id "
                              "(comma-separated ids like U0123ABCD: profile > ⋮ > Copy member ID)")
    return frozenset(ids)


def _learn_after(raw: str | None) -> int:
    """CSTERM_LEARN_AFTER: how many different people must choose one entry for a phrasing (default 3)."""
    if raw is None or not raw.strip():
        return 3
    digits = raw.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 4) or not 1 <= int(digits) <= 1000:  # not "²"
        raise ConfigError(f"CSTERM_LEARN_AFTER is malformed: {raw[:40]!r} is not a number of people (1-1000)")
    return int(digits)


def _answer_memory(raw: str | None) -> int:
    """CSTERM_ANSWER_MEMORY: how many answers to repeated questions to keep (default 1024; 0 keeps none)."""
    if raw is None or not raw.strip():
        return 1024
    digits = raw.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 6) or int(digits) > 100_000:
        raise ConfigError(f"CSTERM_ANSWER_MEMORY is malformed: {raw[:40]!r} is not a number of answers (0-100000)")
    return int(digits)
