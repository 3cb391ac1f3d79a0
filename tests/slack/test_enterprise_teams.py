"""Enterprise Grid and Slack Connect: mentions, DMs and the Home tab answer with the installing workspace's team
glossary (its team id and enterprise id from the outer request), not the event's sender workspace."""

from __future__ import annotations

from datetime import time
from typing import Any
from unittest.mock import AsyncMock

from bot.glossary.model import Entry, Glossary
from bot.render.home import HomeState
from bot.search.matcher import Matcher
from bot.slack.app import build_registry
from bot.slack.deps import Deps
from bot.slack.home import home_data
from bot.slack.listeners.mentions import handle_mention
from bot.slack.listeners.messages import handle_direct_message
from bot.store.handle import StoreHandle
from bot.store.records import ChannelKey
from bot.store.store import Store
from bot.web_client import OneWorkspace, make_web_client
from tests.slack.support import MemoryStore, all_text, make_settings, mini_matcher, unopened_store
from tests.store.clock import FakeClock

TEAM, ENTERPRISE, SENDER = "T0000001", "E0000001", "T0OTHER9"
DEFINITION = "A six-week programme that gets a new customer to its first value, run by our onboarding team."


class TeamLayers:
    """Stands in for TeamMatchers: the team term answers only for (TEAM, ENTERPRISE)."""

    def __init__(self) -> None:
        self.shipped = mini_matcher()
        entries = (*self.shipped.glossary.entries, Entry(term="Boost Program", category="practice",
                                                          definition=DEFINITION))
        self.team = Matcher.build(Glossary(entries))

    def for_team(self, team_id: str, enterprise_id: str | None = None) -> Matcher:
        return self.team if (team_id, enterprise_id) == (TEAM, ENTERPRISE) else self.shipped


def make_deps() -> Deps:
    settings = make_settings()
    deps = Deps(settings=settings, matcher=mini_matcher(), lookups=MemoryStore(), store=unopened_store(),
                clients=OneWorkspace(make_web_client(settings)))
    deps.team_matchers = TeamLayers()  # type: ignore[assignment]
    return deps


def outer(event: dict[str, Any]) -> dict[str, Any]:
    return {"team_id": TEAM, "enterprise_id": ENTERPRISE, "type": "event_callback", "event": event,
            "authorizations": [{"enterprise_id": ENTERPRISE, "team_id": TEAM, "user_id": "UBOT", "is_bot": True}]}


async def test_a_mention_from_a_slack_connect_sender_answers_with_the_installing_workspaces_term() -> None:
    event = {"type": "app_mention", "user": "U1", "text": "<@UBOT> boost program", "ts": "1.1", "channel": "C1",
             "team": SENDER}
    say = AsyncMock()
    await handle_mention(event, say, AsyncMock(), make_deps(), build_registry(), outer(event))
    assert "six-week programme" in all_text(say.await_args.kwargs["blocks"])


async def test_a_dm_in_an_enterprise_workspace_answers_with_that_workspaces_term() -> None:
    message = {"type": "message", "channel_type": "im", "user": "U1", "text": "boost program", "channel": "D1",
               "ts": "1.1", "team": TEAM}
    say = AsyncMock()
    await handle_direct_message(message, say, make_deps(), build_registry(), outer(message))
    assert "six-week programme" in all_text(say.await_args.kwargs["blocks"])


async def test_the_home_tab_of_an_enterprise_workspace_searches_its_team_terms() -> None:
    data = await home_data(make_deps(), TEAM, HomeState("boost program"), enterprise_id=ENTERPRISE)
    assert data.glossary.get("Boost Program") is not None


async def test_the_home_tab_counts_and_lists_only_its_own_enterprise_workspace(store: Store,
                                                                                clock: FakeClock) -> None:
    """Rows are keyed by (enterprise_id, team_id): the same team id under another organisation (or none) is
    another workspace, whose lookups and channels the tab never shows."""
    for enterprise, term, times in ((ENTERPRISE, "Net Revenue Retention", 2), ("E0000002", "Churn Rate", 3),
                                    (None, "Gross Revenue Retention", 4)):
        for _ in range(times):
            await store.record_lookup(team_id=TEAM, enterprise_id=enterprise, query=term, status="match", term=term)
    for enterprise, channel in ((ENTERPRISE, "C0000001"), ("E0000002", "C0000002"), (None, "C0000003")):
        await store.subscribe(ChannelKey(TEAM, channel, enterprise), local_time=time(9), timezone="UTC",
                              every_day=False)
    deps = make_deps()
    deps.store = StoreHandle.of(store)
    deps.clock = clock
    data = await home_data(deps, TEAM, HomeState(""), enterprise_id=ENTERPRISE)
    assert data.top_terms == (("Net Revenue Retention", 2),)
    assert data.subscriptions is not None and [line.split(">")[0] for line in data.subscriptions] == ["<#C0000001"]
    outside = await home_data(deps, TEAM, HomeState(""))
    assert outside.top_terms == (("Gross Revenue Retention", 4),)
    assert outside.subscriptions is not None and [line.split(">")[0] for line in outside.subscriptions] == [
        "<#C0000003"]
