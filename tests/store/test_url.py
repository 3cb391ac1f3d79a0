from __future__ import annotations

import pytest

from bot.store.url import DatabaseURLError, engine_target, normalise_database_url


@pytest.mark.parametrize(("raw", "expected"), [
    ("postgres://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
    ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
    ("sqlite:///csterm.db", "sqlite+aiosqlite:///csterm.db"),
    ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
])
def test_normalise(raw: str, expected: str) -> None:
    assert normalise_database_url(raw) == expected


def test_postgres_options_become_connect_arguments() -> None:
    target = engine_target("postgres://u@h/db?sslmode=require&search_path=csterm")
    assert target.connect_args == {"server_settings": {"search_path": "csterm"}}
    assert dict(target.url.query) == {"ssl": "require"}
    assert not target.is_sqlite


def test_sqlite_waits_for_locks() -> None:
    target = engine_target("sqlite:///x.db")
    assert target.is_sqlite and target.connect_args["timeout"] >= 5


@pytest.mark.parametrize("raw", ["mysql://u@h/db", "not a url"])
def test_unsupported(raw: str) -> None:
    with pytest.raises(DatabaseURLError):
        engine_target(raw)
