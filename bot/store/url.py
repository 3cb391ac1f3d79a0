"""Turn a configured database URL into what SQLAlchemy's async engine needs (SQLite or Postgres)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///csterm.db"
SQLITE_BUSY_TIMEOUT_SECONDS = 30.0


class DatabaseURLError(ValueError):
    """The database URL names no database csterm can use."""


@dataclass(frozen=True)
class EngineTarget:
    url: URL
    connect_args: dict[str, Any] = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"


def normalise_database_url(raw: str) -> str:
    """Heroku's `postgres://` and `postgresql://` become asyncpg URLs; `sqlite://` gets aiosqlite."""
    text = raw.strip()
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            return "postgresql+asyncpg://" + text[len(prefix):]
    if text.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + text[len("sqlite://"):]
    return text


def engine_target(raw: str) -> EngineTarget:
    """Parse the URL; move options the drivers would reject into connect arguments.

    Postgres: `?search_path=NAME` puts csterm's tables in that schema (the schema must exist), and
    `?sslmode=require` (Heroku's spelling) becomes asyncpg's `ssl`.
    SQLite: waits for locks instead of failing.
    """
    try:
        url = make_url(normalise_database_url(raw))
    except Exception as error:  # SQLAlchemy raises ArgumentError; callers want one type
        raise DatabaseURLError(f"DATABASE_URL is not a database URL: {raw!r}") from error
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if (backend, driver) == ("sqlite", "aiosqlite"):
        return EngineTarget(url, {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
    if (backend, driver) == ("postgresql", "asyncpg"):
        query = dict(url.query)
        connect_args: dict[str, Any] = {}
        search_path = query.pop("search_path", None)
        if search_path:
            connect_args["server_settings"] = {"search_path": str(search_path)}
        sslmode = query.pop("sslmode", None)
        if sslmode and "ssl" not in query:
            query["ssl"] = sslmode
        return EngineTarget(url.set(query=query), connect_args)
    raise DatabaseURLError(
        f"unsupported database {backend}+{driver}: use sqlite+aiosqlite:///FILE or postgresql://USER@HOST/DB"
    )


def sqlite_file(raw: str) -> Path | None:
    """The file a SQLite URL names, made absolute (None for Postgres or an in-memory database)."""
    url = engine_target(raw).url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).resolve()


def require_existing_database(raw: str) -> None:
    """For commands that only read or change what is there: refuse a SQLite file that does not exist (opening it
    would create and migrate an empty database, and the command would answer from it, saying nothing)."""
    path = sqlite_file(raw)
    if path is not None and not path.exists():
        raise DatabaseURLError(f"there is no csterm database at {path} (nothing was created): set DATABASE_URL "
                               "or CSTERM_DB_PATH to the database `csterm serve` uses, or run from its folder")


def shown_database(raw: str) -> str:
    """Which database this is, for people: the SQLite file's absolute path, or the URL without its password."""
    path = sqlite_file(raw)
    if path is not None:
        return f"SQLite file {path}"
    return engine_target(raw).url.render_as_string(hide_password=True)
