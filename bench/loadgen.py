"""An aiohttp load generator for signed slash commands: a fixed open-loop rate, or closed-loop saturation.

Loopback only, and every run is bounded both in requests and in seconds.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp

from bench.signing import BodyMaker, signed_headers, slash_body

MAX_SECONDS = 30.0


@dataclass
class Run:
    latencies_ns: list[int] = field(default_factory=list)
    errors: int = 0
    elapsed_s: float = 0.0
    bodies: list[tuple[str, bytes]] = field(default_factory=list)  # (query, response) samples for checks

    @property
    def rate(self) -> float:
        return len(self.latencies_ns) / self.elapsed_s if self.elapsed_s else 0.0


@dataclass(frozen=True)
class Target:
    url: str  # http://127.0.0.1:PORT/slack/events
    secret: str
    response_url: str
    queries: Sequence[str]
    body: BodyMaker = slash_body  # (query, sequence, response_url) -> a signed request's body, form or JSON

    def __post_init__(self) -> None:
        if urlsplit(self.url).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"the load generator only talks to loopback, not {self.url}")


async def _one(session: aiohttp.ClientSession, target: Target, sequence: int, run: Run, started_ns: int) -> None:
    query = target.queries[sequence % len(target.queries)]
    body = target.body(query, sequence, target.response_url)
    try:
        async with session.post(target.url, data=body, headers=signed_headers(target.secret, body)) as response:
            payload = await response.read()
            ok = response.status == 200
    except (TimeoutError, aiohttp.ClientError):
        ok, payload = False, b""
    if not ok:
        run.errors += 1
        return
    run.latencies_ns.append(time.perf_counter_ns() - started_ns)
    if sequence % 97 == 0:
        run.bodies.append((query, payload))


def _session(limit: int) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=limit, force_close=False)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=5))


async def fixed_rate(target: Target, rate: float, seconds: float) -> Run:
    """Open loop: request i is due at start + i/rate; its latency counts from when it was due."""
    run, tasks = Run(), []
    count = int(rate * min(seconds, MAX_SECONDS))
    async with _session(limit=200) as session:
        start = time.perf_counter_ns()
        for sequence in range(count):
            due = start + int(sequence * 1e9 / rate)
            delay = (due - time.perf_counter_ns()) / 1e9
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_one(session, target, sequence, run, due)))
        await asyncio.gather(*tasks)
        run.elapsed_s = (time.perf_counter_ns() - start) / 1e9
    return run


async def saturate(target: Target, concurrency: int, seconds: float, max_requests: int = 100_000) -> Run:
    """Closed loop: `concurrency` clients send back to back for `seconds` (or `max_requests`)."""
    run = Run()
    counter = itertools.count()
    deadline = time.perf_counter() + min(seconds, MAX_SECONDS)

    async def client(session: aiohttp.ClientSession) -> None:
        while time.perf_counter() < deadline:
            sequence = next(counter)
            if sequence >= max_requests:
                return
            await _one(session, target, sequence, run, time.perf_counter_ns())

    async with _session(limit=concurrency) as session:
        start = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
        run.elapsed_s = time.perf_counter() - start
    return run
