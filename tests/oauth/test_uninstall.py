"""app_uninstalled and tokens_revoked delete exactly that workspace's installation and data, on SQLite and Postgres."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from bot.store import team_terms
from bot.store.records import ChannelKey
from bot.store.store import Store
from bot.store.team_records import TeamKey, TermDraft
from bot.store.workspaces import bots, installations, team_keyed_tables
from tests.oauth.support import Served, mention, team_event

NOW = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
TEAMS = (("T1", None), ("T2", None), ("T31", "E3"), ("T32", "E3"))


async def rows_per_team(store: Store) -> dict[str, dict[str, int]]:
    """table -> team id -> rows (installations keyed by team, or by enterprise for an org-wide install)."""
    counts: dict[str, dict[str, int]] = {}
    async with store.engine.connect() as conn:
        for table in (installations, bots, *team_keyed_tables()):
            key = func.coalesce(table.c.team_id, table.c.enterprise_id)
            query = select(key, func.count()).group_by(key)
            counts[table.name] = {str(team): int(n) for team, n in (await conn.execute(query)).all()}
    return counts


async def seed(served: Served) -> None:
    """Installs (T1, T2, and an org-wide install of E3) and data for every workspace."""
    await served.install(team_id="T1", token="xoxb-team-1")
    await served.install(team_id="T2", token="xoxb-team-2")
    await served.install(team_id=None, enterprise_id="E3", token="xoxb-org-3")
    store = served.store
    for team, enterprise in TEAMS:
        key = ChannelKey(team, f"C{team}", enterprise)
        await store.subscribe(key, local_time=time(9), timezone="UTC", every_day=True)
        claim = await store.claim_post(key, date(2024, 3, 4), now=NOW, stale_after=timedelta(minutes=10))
        assert claim is not None
        await store.mark_posted(claim, slack_ts="1.2", term="NRR", cycle=0, now=NOW)
        for query in ("NRR", "pizza"):
            await store.record_lookup(team_id=team, enterprise_id=enterprise, query=query, status="match", term="NRR")
        team_key = TeamKey(team, enterprise)  # the team's own glossary: a suggested term and a learned phrasing
        await team_terms.submit(store.engine, team_key, TermDraft(f"Widget {team}", "Our product. " * 10), by="U1",
                                now=NOW)
        await team_terms.record_label(store.engine, team_key, query_key="widget", user_id="U1", term=f"Widget {team}",
                                      now=NOW)


def without(counts: dict[str, dict[str, int]], *gone: str) -> dict[str, dict[str, int]]:
    return {table: {team: n for team, n in per_team.items() if team not in gone} for table, per_team in counts.items()}


async def test_app_uninstalled_deletes_exactly_that_workspaces_rows(served_on: Served,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    await seed(served_on)
    before = await rows_per_team(served_on.store)
    assert before["subscriptions"] == {"T1": 1, "T2": 1, "T31": 1, "T32": 1} and before["lookups"]["T1"] == 2
    assert before["slack_installations"] == {"T1": 1, "T2": 1, "E3": 1}
    assert before["team_terms"] == {"T1": 1, "T2": 1, "T31": 1, "T32": 1} and before["phrasing_labels"]["T1"] == 1
    caplog.set_level(logging.INFO, logger="bot.slack.listeners.uninstall")
    uninstalled = team_event({"type": "app_uninstalled"}, team_id="T1", event_id="EvGone")
    assert await served_on.event(uninstalled) == 200
    assert await rows_per_team(served_on.store) == without(before, "T1")
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.slack.listeners.uninstall"]
    assert line.startswith("app_uninstalled: forgot workspace T1 (") and "1 subscriptions" in line
    # and the installation is gone from this process's cache too: T1 is not answered any more
    await served_on.event(team_event(mention("<@UBOT> NRR", team_id="T1", channel="CT1"), team_id="T1"))
    await served_on.event(team_event(mention("<@UBOT> NRR", team_id="T2", channel="CT2"), team_id="T2",
                                     event_id="Ev2"))
    await served_on.slack.wait_for("chat.postMessage")
    assert [c.params["channel"] for c in served_on.slack.calls_to("chat.postMessage")] == ["CT2"]


async def test_tokens_revoked_for_the_bot_forgets_the_workspace_and_user_tokens_alone_do_not(
        served_on: Served) -> None:
    await seed(served_on)
    before = await rows_per_team(served_on.store)
    users_only = team_event({"type": "tokens_revoked", "tokens": {"oauth": ["U1"]}}, team_id="T2", event_id="Ev1")
    assert await served_on.event(users_only) == 200
    assert await rows_per_team(served_on.store) == before
    bot_revoked = team_event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}}, team_id="T2", event_id="Ev2")
    assert await served_on.event(bot_revoked) == 200
    assert await rows_per_team(served_on.store) == without(before, "T2")


async def test_uninstalling_an_org_wide_install_forgets_the_whole_organisation(served_on: Served) -> None:
    await seed(served_on)
    before = await rows_per_team(served_on.store)
    envelope = team_event({"type": "app_uninstalled"}, team_id="T31", enterprise_id="E3", org_install=True)
    assert await served_on.event(envelope) == 200
    assert await rows_per_team(served_on.store) == without(before, "E3", "T31", "T32")
