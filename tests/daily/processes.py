"""Running `python -m bot daily run` as real OS processes against a database and the fake Slack Web API."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = REPO / "tests" / "data" / "daily-glossary.yaml"


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str
    started: float
    ended: float


def environment(database_url: str, api_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CSTERM_", "DATABASE_URL"))}
    env.update({
        "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": api_url,
        "CSTERM_GLOSSARY": str(GLOSSARY), "PYTHONPATH": str(REPO),
    })
    return env


async def start_run(database_url: str, api_url: str, now: str) -> tuple[asyncio.subprocess.Process, float]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "daily", "run", "--now", now,
        cwd=REPO, env=environment(database_url, api_url),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    return process, time.monotonic()


async def finish(process: asyncio.subprocess.Process, started: float, within: float = 60) -> Finished:
    async with asyncio.timeout(within):
        out, err = await process.communicate()
    assert process.returncode is not None
    return Finished(process.returncode, out.decode(), err.decode(), started, time.monotonic())


async def run_together(database_url: str, api_url: str, now: str, count: int = 3) -> list[Finished]:
    """Start `count` processes at once (all are started before any is awaited), then wait for all."""
    started = [await start_run(database_url, api_url, now) for _ in range(count)]
    return list(await asyncio.gather(*(finish(p, t) for p, t in started)))
