from __future__ import annotations

from pathlib import Path

import pytest

from bot.glossary.load import SHIPPED_GLOSSARY, load_glossary
from bot.glossary.model import Glossary
from bot.search.matcher import Matcher

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
