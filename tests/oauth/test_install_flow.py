"""The "Add to Slack" install over real sockets: the state is issued with a browser cookie, checked and used once."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from bot.slack.manifest import bot_scopes
from tests.fakes.slack_api import FakeSlackAPI
from tests.oauth.support import CLIENT_ID, CLIENT_SECRET, Served, served_oauth


async def test_install_page_links_to_slack_with_state_cookie_and_the_manifest_scopes(served: Served) -> None:
    started = await served.start_install()
    assert started.status == 200
    assert "Add to Slack" in started.html
    query = parse_qs(urlparse(started.authorize_url).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"][0].split(",") == bot_scopes() and "chat:write" in bot_scopes()
    assert started.state and started.cookie == started.state
    assert CLIENT_SECRET not in started.html


async def test_redirect_with_the_state_and_its_cookie_installs_the_workspace(served: Served) -> None:
    served.slack.oauth.grant("good-code", team_id="T1", token="xoxb-team-1")
    started = await served.start_install()
    status, page = await served.redirect("good-code", started.state, started.cookie)
    assert status == 200 and "Thank you!" in page
    [access] = served.slack.calls_to("oauth.v2.access")
    assert access.params["code"] == "good-code"
    assert access.headers["Authorization"] == "Basic " + base64.b64encode(
        f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()  # oauth.v2.access went to SLACK_API_URL
    [workspace] = await served.store.list_workspaces()
    assert (workspace.team_id, workspace.name, workspace.is_enterprise_install) == ("T1", "Team T1", False)
    assert CLIENT_SECRET not in page and "xoxb-" not in page


async def test_a_reused_state_is_refused(served: Served) -> None:
    await served.install(team_id="T1", token="xoxb-team-1")
    started = await served.start_install()
    served.slack.oauth.grant("first", team_id="T2", token="xoxb-team-2")
    assert (await served.redirect("first", started.state, started.cookie))[0] == 200
    served.slack.oauth.grant("again", team_id="T3", token="xoxb-team-3")
    status, page = await served.redirect("again", started.state, started.cookie)
    assert status == 401 and "invalid_state" in page
    assert {w.team_id for w in await served.store.list_workspaces()} == {"T1", "T2"}
    assert len(served.slack.calls_to("oauth.v2.access")) == 2  # the refused redirect never spent its code


async def test_a_wrong_state_or_a_missing_cookie_is_refused_with_a_plain_page(served: Served) -> None:
    served.slack.oauth.grant("code", team_id="T1", token="xoxb-team-1")
    started = await served.start_install()
    forged = "0" * len(started.state)
    status, page = await served.redirect("code", forged, forged)  # a state this server never issued
    assert status == 401 and "invalid_state" in page
    status, page = await served.redirect("code", started.state, None)  # not the browser that started it
    assert status == 400 and "invalid_browser" in page
    status, page = await served.redirect("code", started.state, "other-state")
    assert status == 400 and "invalid_browser" in page
    for text in (page, started.html):
        assert "Traceback" not in text and CLIENT_SECRET not in text
    assert served.slack.calls_to("oauth.v2.access") == []
    assert await served.store.list_workspaces() == []


async def test_a_code_slack_refuses_shows_the_failure_page(served: Served) -> None:
    started = await served.start_install()
    status, page = await served.redirect("never-granted", started.state, started.cookie)
    assert status == 401 and "Something Went Wrong" in page and "invalid_code" in page
    assert "Traceback" not in page and CLIENT_SECRET not in page
    assert await served.store.list_workspaces() == []


async def test_junk_on_the_redirect_is_refused_not_a_500(served_on: Served) -> None:
    long_junk = "x" * 4_000 + "<script>"  # reaches the state store's query (the cookie matches)
    for state, cookie in ((long_junk, long_junk), ("\x00<b>", "other"), ("", "")):
        status, page = await served_on.redirect("code", state, cookie)
        assert status in (400, 401) and "Something Went Wrong" in page
        assert "<script>" not in page and "<b>" not in page and "Traceback" not in page
    status, _ = await served_on.redirect("code", "y" * 40_000, "y")  # longer than a request line may be
    assert status in (400, 414)
    assert served_on.slack.calls_to("oauth.v2.access") == []


async def test_a_database_failure_while_saving_shows_the_failure_page(served: Served) -> None:
    served.slack.oauth.grant("code", team_id="T1", token="xoxb-team-1")
    started = await served.start_install()
    assert served.app.installations is not None
    sdk_store = await served.app.installations.sdk_store()

    async def broken(installation: object) -> None:
        raise OSError("disk full")

    sdk_store.async_save = broken
    status, page = await served.redirect("code", started.state, started.cookie)
    assert status == 500 and "storage_error" in page
    assert "disk full" not in page and "Traceback" not in page and "xoxb-team-1" not in page


async def test_the_install_page_says_try_again_while_the_database_cannot_be_used(tmp_path: Path) -> None:
    async with FakeSlackAPI() as slack, served_oauth(slack, f"sqlite+aiosqlite:///{tmp_path / 'x.db'}") as served:
        await served.app.deps.store.stop()  # the database is gone (closed) under the running server
        started = await served.start_install()
        assert started.status == 503 and "try again" in started.html
