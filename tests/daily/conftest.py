from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.daily.post import DailyPoster
from bot.glossary.load import load_glossary
from bot.glossary.model import Glossary
from bot.store.store import Store
from bot.web_client import OneWorkspace, make_web_client
from tests.fakes.slack_api import FakeSlackAPI
from tests.store.clock import FakeClock

GLOSSARY_PATH = Path(__file__).parents[1] / "data" / "daily-glossary.yaml"


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    return load_glossary(GLOSSARY_PATH)


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as fake:
        yield fake


@pytest.fixture
def settings(slack: FakeSlackAPI) -> Settings:
    return Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.base_url,
                              "CSTERM_GLOSSARY": str(GLOSSARY_PATH)})


@pytest.fixture
def client(settings: Settings) -> AsyncWebClient:
    return make_web_client(settings)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'daily.db'}", clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
def poster(store: Store, client: AsyncWebClient, glossary: Glossary) -> DailyPoster:
    return DailyPoster(store, OneWorkspace(client), lambda: glossary)
