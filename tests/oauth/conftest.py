from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.slack_api import FakeSlackAPI
from tests.oauth.support import Served, served_oauth
from tests.store.databases import BACKENDS, database_url


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
async def served(slack: FakeSlackAPI, tmp_path: Path) -> AsyncIterator[Served]:
    async with served_oauth(slack, f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}") as served:
        yield served


@pytest.fixture(params=BACKENDS)
async def served_on(request: pytest.FixtureRequest, slack: FakeSlackAPI, tmp_path: Path) -> AsyncIterator[Served]:
    """The same, once on SQLite and once on Postgres."""
    async with database_url(request.param, tmp_path) as url, served_oauth(slack, url) as served:
        yield served


@pytest.fixture(params=BACKENDS)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database_url(request.param, tmp_path) as url:
        yield url
