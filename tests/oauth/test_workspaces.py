"""Many workspaces: every outgoing call carries the right workspace's token (mentions, thread reads, the daily
poster, users.info), Enterprise Grid org-wide installs, token rotation."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.daily.post import DailyPoster
from bot.glossary.load import load_glossary
from bot.slack.install import DatabaseInstallationStore
from bot.store.records import ChannelKey
from tests.oauth.support import CLIENT_ID, Served, mention, team_event
from tests.slack.support import MINI_GLOSSARY, signed_headers, slash_command_body

# A new subscription's first post is the first 09:00 after it was made (the store's clock is the real one).
NEXT_9 = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)


def tokens_of(served: Served, method: str) -> dict[str, str | None]:
    """channel -> the token its `method` call used."""
    return {str(call.params["channel"]): call.token for call in served.slack.calls_to(method)}


async def test_a_mention_from_each_workspace_is_answered_with_its_own_token(served: Served) -> None:
    await served.install(team_id="T1", token="xoxb-team-1")
    await served.install(team_id="T2", token="xoxb-team-2")
    assert await served.event(team_event(mention("<@UBOT> NRR", team_id="T1", channel="C1"), team_id="T1",
                                         event_id="Ev1")) == 200
    assert await served.event(team_event(mention("<@UBOT> QBR", team_id="T2", channel="C2"), team_id="T2",
                                         event_id="Ev2")) == 200
    await served.slack.wait_for("chat.postMessage", 2)
    assert tokens_of(served, "chat.postMessage") == {"C1": "xoxb-team-1", "C2": "xoxb-team-2"}


async def test_a_thread_read_uses_the_workspaces_token(served: Served) -> None:
    await served.install(team_id="T1", token="xoxb-team-1")
    await served.install(team_id="T2", token="xoxb-team-2")
    served.slack.threads[("C2", "1700000000.000100")] = [{"text": "our NRR and QBR", "ts": "1700000000.000100"}]
    event = mention("<@UBOT>", team_id="T2", channel="C2", thread_ts="1700000000.000100")
    assert await served.event(team_event(event, team_id="T2", event_id="Ev3")) == 200
    await served.slack.wait_for("chat.postMessage")
    assert tokens_of(served, "conversations.replies") == {"C2": "xoxb-team-2"}
    assert tokens_of(served, "chat.postMessage") == {"C2": "xoxb-team-2"}


async def test_an_event_from_a_workspace_that_never_installed_is_not_answered(served: Served) -> None:
    await served.install(team_id="T1", token="xoxb-team-1")
    await served.event(team_event(mention("<@UBOT> NRR", team_id="T9", channel="C9"), team_id="T9"))
    assert served.slack.calls_to("chat.postMessage") == []


async def test_an_org_wide_install_answers_every_workspace_of_the_organisation(served: Served) -> None:
    await served.install(team_id=None, enterprise_id="E1", token="xoxb-org-1")
    [workspace] = await served.store.list_workspaces()
    assert (workspace.enterprise_id, workspace.team_id, workspace.is_enterprise_install) == ("E1", None, True)
    for team, channel, event_id in (("T31", "C31", "Ev31"), ("T32", "C32", "Ev32")):
        envelope = team_event(mention("<@UBOT> NRR", team_id=team, channel=channel), team_id=team,
                              enterprise_id="E1", org_install=True, event_id=event_id)
        assert await served.event(envelope) == 200
    await served.slack.wait_for("chat.postMessage", 2)
    assert tokens_of(served, "chat.postMessage") == {"C31": "xoxb-org-1", "C32": "xoxb-org-1"}


async def test_the_daily_poster_posts_with_each_teams_token(served: Served) -> None:
    await served.install(team_id="T1", token="xoxb-team-1")
    await served.install(team_id="T2", enterprise_id="E2", token="xoxb-team-2")  # a workspace-level install in a Grid
    await served.install(team_id=None, enterprise_id="E3", token="xoxb-org-3")
    keys = [ChannelKey("T1", "C1"), ChannelKey("T2", "C2", "E2"), ChannelKey("T31", "C31", "E3"),
            ChannelKey("T9", "C9")]  # T9 never installed csterm
    for key in keys:
        await served.store.subscribe(key, local_time=time(9), timezone="UTC", every_day=True)
    glossary = load_glossary(MINI_GLOSSARY)
    poster = DailyPoster(served.store, served.app.deps.clients, lambda: glossary)
    outcomes = {o.subscription.key.channel_id: o.result for o in await poster.post_due(NEXT_9)}
    assert outcomes == {"C1": "posted", "C2": "posted", "C31": "posted", "C9": "paused"}
    assert tokens_of(served, "chat.postMessage") == {"C1": "xoxb-team-1", "C2": "xoxb-team-2", "C31": "xoxb-org-3"}
    paused = await served.store.get_subscription(ChannelKey("T9", "C9"))
    assert paused is not None and "not installed in workspace T9" in (paused.paused_reason or "")


async def test_daily_on_asks_users_info_with_the_workspaces_token(served: Served) -> None:
    await served.install(team_id="T1", token="xoxb-team-1")
    await served.install(team_id="T2", token="xoxb-team-2")
    served.slack.users["U1"] = {"id": "U1", "tz": "Asia/Tokyo"}
    body = slash_command_body("daily on", served.slack.response_url(), team_id="T2", channel_id="C2", user_id="U1")
    async with served.http.post(f"{served.url}/slack/events", data=body, headers=signed_headers(body)) as response:
        answer = await response.json()
    assert "09:00 Asia/Tokyo" in answer["text"]
    assert [c.token for c in served.slack.calls_to("users.info")] == ["xoxb-team-2"]


async def test_an_expiring_rotating_token_is_refreshed_before_a_daily_post_and_saved(served: Served) -> None:
    await served.install(team_id="T1", token="xoxb-old", refresh_token="xoxe-1", expires_in=600)  # < 2 hours left
    served.slack.oauth.grant("xoxe-1", team_id="T1", token="xoxb-new", refresh_token="xoxe-2", expires_in=43200)
    client = await served.app.deps.clients.for_workspace("T1", None)
    assert client.token == "xoxb-new"
    [refresh] = [c for c in served.slack.calls_to("oauth.v2.access") if c.params.get("grant_type")]
    assert (refresh.params["grant_type"], refresh.params["refresh_token"]) == ("refresh_token", "xoxe-1")
    assert served.app.installations is not None
    other_process = DatabaseInstallationStore(served.app.installations.handle, CLIENT_ID)  # its own, empty cache
    saved = await other_process.async_find_bot(enterprise_id=None, team_id="T1")
    assert saved is not None and (saved.bot_token, saved.bot_refresh_token) == ("xoxb-new", "xoxe-2")
    assert (await served.app.deps.clients.for_workspace("T1", None)).token == "xoxb-new"  # no second refresh
    assert len(served.slack.calls_to("oauth.v2.access")) == 2  # the install and one refresh


async def test_bolt_refreshes_an_expiring_token_through_slack_api_url_before_answering(served: Served) -> None:
    await served.install(team_id="T1", token="xoxb-old", refresh_token="xoxe-1", expires_in=600)
    served.slack.oauth.grant("xoxe-1", team_id="T1", token="xoxb-new", refresh_token="xoxe-2", expires_in=43200)
    assert await served.event(team_event(mention("<@UBOT> NRR", team_id="T1", channel="C1"), team_id="T1")) == 200
    await served.slack.wait_for("chat.postMessage")
    assert tokens_of(served, "chat.postMessage") == {"C1": "xoxb-new"}
