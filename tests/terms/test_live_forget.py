"""An uninstalled workspace's team terms stop answering in every process once its rows are forgotten."""

from __future__ import annotations

from bot.search.matcher import Matcher
from bot.store.handle import StoreHandle
from bot.store.store import Store
from bot.terms.live import TeamMatchers
from bot.terms.service import TeamTerms
from tests.terms.samples import ACME, GLOBEX, boost


async def test_a_forgotten_workspaces_terms_no_longer_answer_after_a_poll(terms: TeamTerms, store: Store) -> None:
    await terms.suggest(ACME, boost(), by="U1", approve=True)
    await terms.suggest(GLOBEX, boost(), by="U1", approve=True)
    matchers = TeamMatchers(Matcher.build(terms.shipped), StoreHandle.of(store))
    await matchers.poll_once()
    assert matchers.for_team(ACME.team_id, ACME.enterprise_id).match("boost program").status == "match"
    await store.forget_workspace(team_id=ACME.team_id, enterprise_id=ACME.enterprise_id)
    await matchers.poll_once()
    assert matchers.for_team(ACME.team_id, ACME.enterprise_id).match("boost program").status == "none"
    assert matchers.for_team(GLOBEX.team_id, GLOBEX.enterprise_id).match("boost program").status == "match"
