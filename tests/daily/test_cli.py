"""`csterm daily subscribe|unsubscribe|list|run` and `csterm stats`, run in-process through main()."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.cli import main
from bot.daily.post import DailyPoster
from bot.glossary.load import load_glossary
from bot.store.records import ChannelKey
from bot.store.store import Store
from bot.web_client import OneWorkspace
from tests.daily.conftest import GLOSSARY_PATH
from tests.fakes.slack_api import FakeSlackAPI


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    for name in ("SLACK_BOT_TOKEN", "SLACK_API_URL", "CSTERM_TEAM_ID", "CSTERM_DB_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    asyncio.run(_create(url))  # as `csterm serve` would have
    return url


async def _create(url: str) -> None:
    await (await Store.open(url)).close()


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_subscribe_list_unsubscribe(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "daily", "subscribe", "C0001", "--team", "T1", "--time", "8:30", "--tz",
                       "europe/paris", "--every-day")
    assert code == 0 and "C0001 (T1): 08:30 Europe/Paris, every day" in out
    cli(capsys, "daily", "subscribe", "C0002", "--team", "T1")

    async def pause() -> None:
        store = await Store.open(db)
        await store.pause_subscription(ChannelKey("T1", "C0002"), "not_in_channel: invite csterm")
        await store.close()

    asyncio.run(pause())
    code, out, _ = cli(capsys, "daily", "list")
    assert code == 0
    assert "C0001 (T1): 08:30 Europe/Paris, every day; next post" in out
    assert "C0002 (T1): 09:00 UTC, weekdays (paused: not_in_channel: invite csterm)" in out
    assert cli(capsys, "daily", "unsubscribe", "C0001", "--team", "T1")[0] == 0
    code, _, err = cli(capsys, "daily", "unsubscribe", "C0001", "--team", "T1")
    assert code == 1 and "not subscribed" in err
    assert "C0001" not in cli(capsys, "daily", "list")[1]


@pytest.mark.parametrize(("argv", "message"), [
    (["daily", "subscribe", "general", "--team", "T1"], "'general' is not a channel ID"),
    (["daily", "subscribe", "D0123ABCD", "--team", "T1"], "'D0123ABCD' is a direct message: the term of the day is for channels"),
    (["daily", "subscribe", "C0001"], "set SLACK_BOT_TOKEN (csterm asks Slack), or pass --team T0123ABCD"),
    (["daily", "subscribe", "C0001", "--team", "T1", "--time", "25:00"], "“25:00” is not a time of day"),
    (["daily", "subscribe", "C0001", "--team", "T1", "--tz", "Mars/Base"], "“Mars/Base” is not a time zone"),
    (["daily", "run"], "SLACK_BOT_TOKEN is not set"),
    (["daily", "run", "--now", "yesterday"], "'yesterday' is not an ISO-8601 instant"),
])
def test_bad_input_is_one_clear_line(db: str, capsys: pytest.CaptureFixture[str], argv: list[str],
                                     message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if "--now" in argv:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    code, _out, err = cli(capsys, *argv)
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bad_database_url(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://u@h/db")
    code, _, err = cli(capsys, "daily", "list")
    assert code == 2 and "unsupported database" in err


def test_stats(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    async def fill() -> None:
        store = await Store.open(db)
        now = datetime.now(UTC)
        for query, status, term in [("NRR", "match", "Net Revenue Retention")] * 2 + [("zebra", "none", None)]:
            await store.record_lookup(team_id="T1", enterprise_id=None, query=query, status=status, term=term)
        await store.record_lookup(team_id="T1", enterprise_id=None, query="old", status="none", term=None,
                                  at=now - timedelta(days=40))
        await store.close()

    asyncio.run(fill())
    code, out, _ = cli(capsys, "stats")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Most looked-up terms, last 30 days:" and lines[1].split() == ["2", "Net", "Revenue", "Retention"]
    assert "zebra" in out and "old" not in out


def test_subscribe_starts_at_the_next_slot_as_it_prints(db: str, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    made_at = datetime(2024, 3, 4, 17, 36, tzinfo=UTC)  # Monday, long after today's 09:00
    monkeypatch.setattr("bot.cli.daily_actions.utc_now", lambda: made_at, raising=False)
    code, out, _ = cli(capsys, "daily", "subscribe", "C0001", "--team", "T1", "--time", "09:00", "--every-day")
    assert code == 0 and "next post Tue 5 Mar 09:00 UTC" in out

    async def posts_at(*moments: datetime) -> list[list[str]]:
        store = await Store.open(db)
        try:
            async with FakeSlackAPI() as slack:
                client = AsyncWebClient(token="xoxb-test", base_url=slack.base_url)
                poster = DailyPoster(store, OneWorkspace(client), lambda: load_glossary(GLOSSARY_PATH))
                return [[o.result for o in await poster.post_due(moment)] for moment in moments]
        finally:
            await store.close()

    assert asyncio.run(posts_at(made_at + timedelta(minutes=1), datetime(2024, 3, 5, 9, tzinfo=UTC))) == [
        [], ["posted"]]


def test_subscribe_again_without_options_keeps_the_saved_schedule(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "daily", "subscribe", "C0001", "--team", "T1", "--time", "8:30", "--tz", "Europe/Paris", "--every-day")
    code, out, _ = cli(capsys, "daily", "subscribe", "C0001", "--team", "T1")
    assert code == 0 and "C0001 (T1): 08:30 Europe/Paris, every day" in out
    code, out, _ = cli(capsys, "daily", "subscribe", "C0001", "--team", "T1", "--weekdays")
    assert code == 0 and "C0001 (T1): 08:30 Europe/Paris, weekdays" in out


@pytest.mark.parametrize("argv", [["stats"], ["daily", "list"], ["daily", "unsubscribe", "C0001", "--team", "T1"],
                                  ["daily", "run", "--now", "2024-03-04T09:00:00+00:00"]])
def test_outside_the_project_folder_nothing_is_created_and_the_database_is_named(
        argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("DATABASE_URL", "CSTERM_DB_PATH", "CSTERM_TEAM_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, *argv)
    assert code != 0 and out == ""
    assert f"there is no csterm database at {tmp_path / 'csterm.db'} (nothing was created)" in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "csterm.db").exists()


def test_each_command_says_which_database_it_used(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "stats")
    assert code == 0 and out.startswith("Most looked-up terms")
    assert err.strip() == f"csterm stats: used the database SQLite file {tmp_path / 'cli.db'}"
    assert cli(capsys, "daily", "list")[2].strip() == f"csterm daily list: used the database SQLite file {tmp_path / 'cli.db'}"


@pytest.fixture
def fake_slack_process() -> Iterator[str]:
    """The fake Web API in its own process (the CLI runs its own event loop in this one)."""
    process = subprocess.Popen([sys.executable, "-m", "tests.fakes.slack_api"], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(10)


def test_subscribe_takes_the_team_from_auth_test_when_the_bot_token_is_set(
        db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fake_slack_process: str) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", fake_slack_process)
    code, out, err = cli(capsys, "daily", "subscribe", "C0001")
    assert code == 0, err
    assert "C0001 (T0000001): 09:00 UTC, weekdays" in out  # the fake's auth.test team
    assert "C0001 (T9)" in cli(capsys, "daily", "subscribe", "C0001", "--team", "T9")[1]  # --team still wins


def test_subscribe_says_when_slack_cannot_tell_the_team(db: str, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # nothing listens there
    code, _, err = cli(capsys, "daily", "subscribe", "C0001")
    assert code == 2 and "cannot ask Slack which workspace" in err and "pass --team" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("days", ["0", "-3", "3651", "100000000000", "²"])
def test_stats_days_out_of_range_is_an_argparse_error(db: str, days: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["stats", "--days", days])
    _out, err = capsys.readouterr()
    assert exit_.value.code == 2 and "Traceback" not in err
    assert f"argument --days: {days!r} is not a whole number from 1 to 3650" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["daily", "subscribe", "C" + "A" * 32, "--team", "T1"], "is not a channel ID"),
    (["daily", "subscribe", "C0001", "--team", "T" + "1" * 32], "argument --team: 'T1111"),
    (["daily", "subscribe", "C0001", "--team", "T1", "--enterprise", "E" + "1" * 32], "argument --enterprise:"),
    (["stats", "--team", "T" + "1" * 32], "argument --team:"),
    (["terms", "list", "--team", "T" + "1" * 32], "argument --team:"),
    (["define", "--team", "T" + "1" * 32, "churn"], "argument --team:"),
    (["export", "--format", "csv", "--team", "T" + "1" * 32], "argument --team:"),
])
def test_ids_longer_than_their_columns_are_refused(db: str, capsys: pytest.CaptureFixture[str], argv: list[str],
                                                    message: str) -> None:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    _out, err = capsys.readouterr()
    assert code == 2 and message in err and "at most 32" in err and "Traceback" not in err


def test_a_channel_id_of_32_characters_is_still_accepted(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = cli(capsys, "daily", "subscribe", "C" + "A" * 31, "--team", "T" + "1" * 31)
    assert code == 0, err
