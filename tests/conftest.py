from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.glossary.load import SHIPPED_GLOSSARY, load_glossary
from bot.glossary.model import Glossary
from bot.search.matcher import Matcher
from bot.store.store import Store
from tests.store.clock import FakeClock
from tests.store.databases import BACKENDS, database_url

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def shipped_glossary() -> Glossary:
    return load_glossary(SHIPPED_GLOSSARY)


@pytest.fixture(scope="session")
def shipped_matcher(shipped_glossary: Glossary) -> Matcher:
    return Matcher.build(shipped_glossary)


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled glossaries (bot/search/compiled.py) go to a directory of this test session, never the user's
    ~/.cache; child processes inherit it."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    os.environ.pop("CSTERM_CACHE_DIR", None)


# A database per test, on every backend (SQLite, and Postgres at 127.0.0.1:5432), with a clock the test moves.
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
