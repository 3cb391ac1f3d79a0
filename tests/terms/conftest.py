from __future__ import annotations

import pytest

from bot.glossary.load import load_glossary
from bot.store.store import Store
from bot.terms.service import TeamTerms
from tests.slack.support import MINI_GLOSSARY
from tests.store.clock import FakeClock


@pytest.fixture
def terms(store: Store, clock: FakeClock) -> TeamTerms:
    return TeamTerms(store, load_glossary(MINI_GLOSSARY), clock=clock)
