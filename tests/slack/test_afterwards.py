"""Afterwards: replies run after the acknowledgement, report their failures, and end with the server."""

from __future__ import annotations

import asyncio

import pytest

from bot.slack import afterwards as module
from bot.slack.afterwards import Afterwards


async def test_work_runs_later_and_failures_are_reported() -> None:
    later = Afterwards()
    done: list[str] = []
    errors: list[Exception] = []

    async def reply(text: str) -> None:
        await asyncio.sleep(0)
        if text == "boom":
            raise RuntimeError("boom")
        done.append(text)

    async def report(error: Exception) -> None:
        errors.append(error)

    later.run_later(reply("hi"), on_error=report)
    later.run_later(reply("boom"), on_error=report)
    assert done == [] and later.pending == 2  # nothing ran on the caller's path
    await later.wait()
    assert done == ["hi"] and [str(e) for e in errors] == ["boom"] and later.pending == 0


async def test_stop_waits_for_replies_then_cancels_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "STOP_SECONDS", 0.2)
    later = Afterwards()
    finished: list[str] = []

    async def reply(delay: float, name: str) -> None:
        await asyncio.sleep(delay)
        finished.append(name)

    async def ignore(_error: Exception) -> None:
        return None

    later.run_later(reply(0.01, "quick"), on_error=ignore)
    later.run_later(reply(60, "stuck"), on_error=ignore)
    await asyncio.wait_for(later.stop(), 5)
    assert finished == ["quick"] and later.pending == 0
