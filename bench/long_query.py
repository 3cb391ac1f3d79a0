"""What the longest messages Slack sends cost csterm (issue 10, item 2), in CPU and memory, not wall time.

    python -m bench.long_query        # ~1 min; writes bench/results/long_query.json

1. In process, per kind of text: `reply_to_text`, the path a DM, a mention and /csterm share (normalise, match,
   render, record), or for a bare mention in a thread, find_terms and its view, on distinct texts.
   CPU = time.process_time() around one call (a pass without tracemalloc); peak extra memory = tracemalloc's
   peak during one call (a second pass). Baseline in the same run: /csterm NRR.
2. The real `csterm serve --http` against the fake Slack Web API: the server process's own CPU (user + system,
   psutil) per 40,000-letter DM, each awaited until its reply is posted, and per 900 KB /csterm command, against
   the same for /csterm NRR; its peak RSS (VmHWM) over the run minus its RSS before; and the latency of /csterm
   NRR from another user sent while ten such DMs arrive at once, against NRR with nothing else arriving (the one
   wall-clock measure: the target is a latency).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import string
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import psutil

from bench.servers import SECRET, database_open, first_answer, start_csterm
from bench.signing import signed_headers, slash_body
from bench.stats import median, save
from bot.config import Settings
from bot.glossary.load import SHIPPED_GLOSSARY, load_glossary
from bot.render.views import thread_terms_view
from bot.search.matcher import Matcher
from bot.slack.app import build_registry
from bot.slack.converse import reply_to_text
from bot.slack.deps import Deps
from bot.store.handle import StoreHandle
from bot.web_client import workspace_clients
from tests.fakes.slack_api import FakeSlackAPI

MB = 1024 * 1024
LONG = 40_000
EXPLAIN = "@csterm in a thread whose first message is 40,000 characters of words"


class NullRecorder:
    async def record_lookup(self, **_fields: Any) -> None:
        return None


def letters(count: int, rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(count))


def kinds() -> dict[str, Callable[[random.Random], str]]:
    return {
        "/csterm NRR (baseline)": lambda _rng: "NRR",
        "one 40,000-letter word": lambda rng: letters(LONG, rng),
        "40,000 characters of words": lambda rng: " ".join(letters(rng.randint(3, 10), rng)
                                                           for _ in range(LONG // 5))[:LONG],
        "40,000 characters of 'the the …'": lambda rng: ("the " * (LONG // 4))[: LONG - 6] + letters(5, rng),
        "900 KB /csterm text (one word)": lambda rng: letters(900_000, rng),
        EXPLAIN: lambda rng: " ".join(letters(rng.randint(2, 9), rng) for _ in range(LONG // 5))[:LONG],
    }


def in_process(samples: int, seed: int) -> list[dict[str, Any]]:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-bench"})
    deps = Deps(settings=settings, matcher=Matcher.build(load_glossary(SHIPPED_GLOSSARY)), lookups=NullRecorder(),
                store=StoreHandle("sqlite+aiosqlite:///unused.db"), clients=workspace_clients(settings, None))
    registry = build_registry()
    payload = {"team_id": "T1", "channel_id": "D1", "user_id": "U1"}

    def answer(kind: str, text: str) -> None:
        if kind == EXPLAIN:  # what a bare mention in a thread does with the thread's first message
            thread_terms_view(deps.matcher.find_terms(text))
        else:
            asyncio.run(reply_to_text(text, payload, deps, registry))

    rows = []
    for name, make in kinds().items():
        rng = random.Random(seed)
        texts = [make(rng) for _ in range(samples)]
        cpu_ms, peak_mb = [], []
        for text in texts:  # CPU, without tracemalloc's overhead
            start = time.process_time()
            answer(name, text)
            cpu_ms.append((time.process_time() - start) * 1000)
        rng = random.Random(seed + 1)  # fresh texts: no cache hits from the CPU pass
        for text in (make(rng) for _ in range(samples)):
            tracemalloc.start()
            answer(name, text)
            peak_mb.append(tracemalloc.get_traced_memory()[1] / MB)
            tracemalloc.stop()
        rows.append({"kind": name, "chars": len(texts[0]), "samples": samples,
                     "cpu_ms_median": median(cpu_ms), "cpu_ms_max": max(cpu_ms),
                     "peak_mb_median": median(peak_mb), "peak_mb_max": max(peak_mb)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def dm_body(text: str, number: int) -> bytes:
    event = {"type": "message", "channel_type": "im", "user": "U0000002", "text": text, "channel": "D0000002",
             "ts": f"17{number:08d}.000100", "event_ts": f"17{number:08d}.000100", "team": "T0000001"}
    return json.dumps({"token": "legacy", "team_id": "T0000001", "api_app_id": "A0000001",
                       "type": "event_callback", "event_id": f"EvBench{number}", "event_time": int(time.time()),
                       "event": event}).encode()


def json_headers(body: bytes) -> dict[str, str]:
    return signed_headers(SECRET, body) | {"Content-Type": "application/json"}


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc (Linux only)")


async def served(samples: int, rounds: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    numbers = iter(range(1, 1_000_000))
    async with FakeSlackAPI() as slack:
        workdir = Path(tempfile.mkdtemp(prefix="bench-long-"))
        server = start_csterm(slack.base_url, SHIPPED_GLOSSARY, workdir / "csterm.db")
        try:
            await first_answer(server, "NRR", slack.response_url())
            await database_open(server)
            process = psutil.Process(server.process.pid)
            async with aiohttp.ClientSession() as http:

                async def slash_nrr(user: int) -> float:
                    body = slash_body("NRR", user, slack.response_url())
                    start = time.perf_counter()
                    async with http.post(server.url, data=body, headers=signed_headers(SECRET, body)) as response:
                        assert response.status == 200
                        await response.read()
                    return (time.perf_counter() - start) * 1000

                async def dm(text: str) -> None:
                    body = dm_body(text, next(numbers))
                    async with http.post(server.url, data=body, headers=json_headers(body)) as response:
                        assert response.status == 200

                posted = 0

                async def wait_posts(count: int) -> None:
                    nonlocal posted
                    posted += count
                    await slack.wait_for("chat.postMessage", count=posted, within=120)

                for _ in range(20):  # warm up both paths
                    await slash_nrr(1)
                await dm(letters(LONG, rng))
                await wait_posts(1)
                rss_before = process.memory_info().rss / MB

                start = cpu_seconds(process)
                for _ in range(samples):
                    await slash_nrr(1)
                nrr_cpu_ms = (cpu_seconds(process) - start) * 1000 / samples
                start = cpu_seconds(process)
                for _ in range(samples):
                    await dm(letters(LONG, rng))
                    await wait_posts(1)
                dm_cpu_ms = (cpu_seconds(process) - start) * 1000 / samples
                start = cpu_seconds(process)
                for n in range(samples):
                    body = slash_body(letters(900_000, rng), n, slack.response_url())
                    async with http.post(server.url, data=body, headers=signed_headers(SECRET, body)) as response:
                        assert response.status == 200
                        await response.read()
                big_slash_cpu_ms = (cpu_seconds(process) - start) * 1000 / samples

                alone, flooded = [], []
                for _ in range(rounds):
                    alone.append(await slash_nrr(2))
                    flood = [asyncio.create_task(dm(letters(LONG, rng))) for _ in range(10)]
                    await asyncio.sleep(0)  # the ten are on their way first
                    flooded.append(await slash_nrr(3))
                    await asyncio.gather(*flood)
                    await wait_posts(10)
                peak_extra_mb = peak_rss_mb(process.pid) - rss_before
        finally:
            server.stop()
    result = {"samples": samples, "rounds": rounds, "nrr_cpu_ms": nrr_cpu_ms, "dm_40000_cpu_ms": dm_cpu_ms,
              "slash_900kb_cpu_ms": big_slash_cpu_ms,
              "rss_before_mb": rss_before, "peak_extra_rss_mb": peak_extra_mb,
              "nrr_alone_ms_median": median(alone), "nrr_alone_ms_max": max(alone),
              "nrr_during_ten_ms_median": median(flooded), "nrr_during_ten_ms_max": max(flooded)}
    print(json.dumps(result), flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seed", type=int, default=10)
    options = parser.parse_args(argv)
    rows = in_process(options.samples, options.seed)
    server = asyncio.run(served(options.samples, options.rounds, options.seed))
    print(save("long_query", {"in_process": rows, "served": server}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
