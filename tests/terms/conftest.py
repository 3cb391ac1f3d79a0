from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.glossary.load import load_glossary
from bot.store.store import Store
from bot.terms.service import TeamTerms
from tests.slack.support import MINI_GLOSSARY
from tests.store.clock import FakeClock
from tests.store.databases import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(db_url: str, clock: FakeClock) -> AsyncIterator[Store]:
    opened = await Store.open(db_url, clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
def terms(store: Store, clock: FakeClock) -> TeamTerms:
    return TeamTerms(store, load_glossary(MINI_GLOSSARY), clock=clock)
