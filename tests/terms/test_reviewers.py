"""Who reviews: the review channel's members (every page of them, bounded) and the admins, always."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace

import pytest

from bot.slack.reviewers import MEMBER_PAGES, is_reviewer
from bot.terms.service import TeamTerms
from bot.web_client import make_web_client
from tests.fakes.slack_api import FakeSlackAPI
from tests.slack.support import make_settings
from tests.terms.samples import ACME

CHANNEL = "C0REVIEW1"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as fake:
        yield fake


async def reviewer(slack: FakeSlackAPI, terms: TeamTerms, user: str, admins: str = "") -> bool:
    settings = make_settings(slack.base_url, **({"CSTERM_ADMINS": admins} if admins else {}))
    deps = SimpleNamespace(settings=settings)
    return await is_reviewer(deps, make_web_client(settings), terms, ACME, user)  # type: ignore[arg-type]


async def test_admins_stay_reviewers_once_a_review_channel_is_set(slack: FakeSlackAPI, terms: TeamTerms) -> None:
    await terms.set_review_channel(ACME, CHANNEL)
    slack.members[CHANNEL] = ["UMEMBER1"]
    slack.users["UOWNER1"] = {"id": "UOWNER1", "is_owner": True}
    assert await reviewer(slack, terms, "UMEMBER1")
    assert await reviewer(slack, terms, "UOWNER1")  # a workspace owner, not in the channel
    assert await reviewer(slack, terms, "UCONFIG1", admins="UCONFIG1")  # CSTERM_ADMINS, not in the channel
    assert not await reviewer(slack, terms, "USOMEONE")


async def test_channel_members_are_read_page_after_page_up_to_a_bound(slack: FakeSlackAPI, terms: TeamTerms) -> None:
    await terms.set_review_channel(ACME, CHANNEL)
    slack.members_page = 3
    slack.members[CHANNEL] = [f"U{n:07d}" for n in range(3 * MEMBER_PAGES + 3)]
    assert await reviewer(slack, terms, "U0000007")  # on the third page
    assert len(slack.calls_to("conversations.members")) == 3
    before = len(slack.calls_to("conversations.members"))
    assert not await reviewer(slack, terms, f"U{3 * MEMBER_PAGES + 1:07d}")  # past the last page read
    assert len(slack.calls_to("conversations.members")) - before == MEMBER_PAGES
