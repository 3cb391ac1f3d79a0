"""The in-process scheduler: posts when a tick finds something due, and stops promptly."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, time
from pathlib import Path

from bot.daily.post import DailyPoster
from bot.daily.scheduler import DailyScheduler, GlossaryFile
from bot.glossary.model import Glossary
from bot.store.records import ChannelKey
from bot.store.store import Store
from tests.daily.conftest import GLOSSARY_PATH
from tests.fakes.slack_api import FakeSlackAPI
from tests.store.clock import FakeClock


async def test_ticks_post_and_stop_returns(store: Store, poster: DailyPoster, slack: FakeSlackAPI,
                                           clock: FakeClock) -> None:
    await store.subscribe(ChannelKey("T1", "C0001"), local_time=time(9), timezone="UTC", every_day=False)
    clock.now = datetime(2024, 3, 4, 9, 0, 30, tzinfo=UTC)
    scheduler = DailyScheduler(poster, clock=clock, tick_seconds=0.01)
    await scheduler.start()
    await slack.wait_for("chat.postMessage", 1, within=10)
    await asyncio.sleep(0.05)  # more ticks: the day is posted, so nothing more goes out
    await scheduler.stop()
    assert len(slack.calls_to("chat.postMessage")) == 1


async def test_stop_while_idle_between_minutes(poster: DailyPoster, clock: FakeClock) -> None:
    scheduler = DailyScheduler(poster, clock=clock)  # would next wake at the turn of the minute
    await scheduler.start()
    await asyncio.sleep(0.05)
    task = scheduler._task
    assert task is not None
    await scheduler.stop()
    assert task.done() and not task.cancelled()  # the loop left on the stop signal; nothing had to be cancelled
    await scheduler.stop()  # stopping twice is harmless


def test_glossary_file_picks_up_edits_and_keeps_the_last_good(tmp_path: Path, glossary: Glossary) -> None:
    path = tmp_path / "glossary.yaml"
    text = GLOSSARY_PATH.read_text()
    path.write_text(text)
    source = GlossaryFile(path, glossary)
    assert len(source()) == len(glossary)
    extra = "\n- term: Renewal\n  category: concept\n  definition: >-\n    When a customer signs on for another term.\n"
    path.write_text(text + extra)
    os.utime(path, (1, 1))
    assert source().get("Renewal") is not None
    path.write_text("- term: [broken")
    os.utime(path, (2, 2))
    assert source().get("Renewal") is not None  # an invalid edit keeps the last good glossary
