"""The term of the day includes a workspace's own approved terms, in that workspace only."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.daily.post import DailyPoster
from bot.glossary.model import Glossary
from bot.search.matcher import Matcher
from bot.store.handle import StoreHandle
from bot.store.records import ChannelKey
from bot.store.store import Store
from bot.terms.live import TeamMatchers
from bot.terms.service import TeamTerms
from bot.web_client import OneWorkspace
from tests.terms.samples import ACME, boost

MONDAY_9 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


async def test_a_week_of_posts_includes_the_teams_own_term_only_in_its_workspace(
        store: Store, client: AsyncWebClient, glossary: Glossary) -> None:
    await TeamTerms(store, glossary).suggest(ACME, boost(related=()), by="U1", approve=True)
    matchers = TeamMatchers(Matcher.build(glossary), StoreHandle.of(store))
    await matchers.poll_once()
    poster = DailyPoster(store, OneWorkspace(client), lambda: glossary, for_team=matchers.glossary_for)
    ours, theirs = ChannelKey(ACME.team_id, "C0001"), ChannelKey("T0000002", "C0002")
    for key in (ours, theirs):
        await store.subscribe(key, local_time=time(9), timezone="UTC", every_day=True, rotation_seed=3)
    posted: dict[str, list[str]] = {ours.team_id: [], theirs.team_id: []}
    for day in range(len(glossary) + 1):
        for outcome in await poster.post_due(MONDAY_9 + timedelta(days=day)):
            posted[outcome.subscription.key.team_id].append(str(outcome.term))
    assert "Boost Program" in posted[ours.team_id]
    assert sorted(posted[ours.team_id]) == sorted([e.term for e in glossary] + ["Boost Program"])
    assert "Boost Program" not in posted[theirs.team_id]
