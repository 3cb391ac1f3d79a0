"""`csterm workspaces list` and `csterm workspaces forget TEAM` on a database with installations and data."""

from __future__ import annotations

import asyncio
from datetime import time
from pathlib import Path

import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.cli import main
from bot.slack.install import DatabaseInstallationStore
from bot.store.handle import StoreHandle
from bot.store.records import ChannelKey
from bot.store.store import Store

CLIENT_ID = "1111111111.2222222222"


async def seed(url: str) -> None:
    store = await Store.open(url)
    try:
        installations = DatabaseInstallationStore(StoreHandle.of(store), CLIENT_ID)
        for team, enterprise, org in (("T1", None, False), ("T2", "E9", False), (None, "E3", True)):
            await installations.async_save(Installation(
                app_id="A1", enterprise_id=enterprise, enterprise_name=f"Org {enterprise}", team_id=team,
                team_name=f"Team {team}", bot_token=f"xoxb-{team or enterprise}", bot_id="B1", bot_user_id="UB",
                user_id="U1", is_enterprise_install=org))
        for key in (ChannelKey("T1", "C1"), ChannelKey("T2", "C2", "E9"), ChannelKey("T31", "C3", "E3")):
            await store.subscribe(key, local_time=time(9), timezone="UTC", every_day=False)
    finally:
        await store.close()


async def teams_left(url: str) -> tuple[list[str], list[str]]:
    store = await Store.open(url)
    try:
        workspaces = [w.team_id or str(w.enterprise_id) for w in await store.list_workspaces()]
        return sorted(workspaces), sorted(s.key.team_id for s in await store.list_subscriptions())
    finally:
        await store.close()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CSTERM_DB_PATH", str(tmp_path / "csterm.db"))
    url = f"sqlite+aiosqlite:///{tmp_path / 'csterm.db'}"
    asyncio.run(seed(url))
    return url


def test_list_shows_each_workspace_and_organisation(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["workspaces", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["E3 (org-wide)", "Org E3"], ["T2 in E9", "Team T2"], ["T1", "Team T1"]]  # newest first


def test_forget_deletes_that_workspace_only(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["workspaces", "forget", "T1"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == "forgot T1: deleted 1 slack_installations, 1 slack_bots, 1 subscriptions"
    assert asyncio.run(teams_left(db)) == (["E3", "T2"], ["T2", "T31"])
    assert main(["workspaces", "forget", "E3"]) == 0  # an organisation: its install and its workspaces' data
    assert asyncio.run(teams_left(db)) == (["T2"], ["T2"])


def test_forget_refuses_a_bad_id_and_says_when_there_is_nothing(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["workspaces", "forget", "general"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'general' is not a workspace ID" in err
    assert main(["workspaces", "forget", "T404"]) == 1
    assert capsys.readouterr().err.strip() == "csterm workspaces forget: T404 has no installation and no data here"
    assert asyncio.run(teams_left(db)) == (["E3", "T1", "T2"], ["T1", "T2", "T31"])


def test_list_never_creates_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CSTERM_DB_PATH", str(tmp_path / "elsewhere.db"))
    code = main(["workspaces", "list"])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert f"there is no csterm database at {tmp_path / 'elsewhere.db'} (nothing was created)" in err
    assert not (tmp_path / "elsewhere.db").exists()


def test_forget_refuses_an_id_longer_than_its_column(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["workspaces", "forget", "T" + "1" * 32])
    _out, err = capsys.readouterr()
    assert code == 2 and "is not a workspace ID" in err and "at most 32" in err
