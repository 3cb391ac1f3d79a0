"""Databases for tests: a fresh SQLite file, or a fresh schema in the Postgres at 127.0.0.1:5432 (dropped after).

Postgres tests skip, saying why, only when the server cannot be reached; with CSTERM_REQUIRE_POSTGRES=1 (CI)
an unreachable server fails them instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

POSTGRES_URL = os.environ.get("CSTERM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@asynccontextmanager
async def postgres_schema() -> AsyncIterator[str]:
    """A DATABASE_URL whose tables live in a new schema of its own; the schema is dropped afterwards."""
    try:
        conn = await asyncpg.connect(POSTGRES_URL, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        reason = f"PostgreSQL not reachable at {POSTGRES_URL} ({error})"
        if os.environ.get("CSTERM_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}; CSTERM_REQUIRE_POSTGRES=1, so Postgres tests must run")
        pytest.skip(f"{reason}; Postgres tests skipped")
    schema = f"csterm_test_{uuid.uuid4().hex[:12]}"
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
        yield f"{POSTGRES_URL}?search_path={schema}"
    finally:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await conn.close()


@asynccontextmanager
async def database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}"
        return
    async with postgres_schema() as url:
        yield url
