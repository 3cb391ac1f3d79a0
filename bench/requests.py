"""Signed /csterm requests against `csterm serve --http` and against a bare aiohttp ceiling, same generator.

Two diagnostic servers run in the same repeats: csterm with a lookup recorder that does nothing
(bench/app_nostore.py), and a bare slack_bolt app acking a constant (bench/bolt_floor.py), which shows what
bolt's own pipeline costs; csterm answers /csterm over HTTP without it (bot/slack/slash_http.py).

    python -m bench.requests              # ~3 minutes: start-up x5, then 3 repeats of the three servers
    python -m bench.requests --repeats 1 --seconds 3

Reports req/s and ack latency p50/p99 at a fixed 200 req/s and at saturation (closed loop), medians of repeats.
The Web API is the fake Slack (tests/fakes/slack_api.py) started in this process; the answer travels in the ack.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.loadgen import Run, Target, fixed_rate, saturate
from bench.servers import (
    SECRET,
    Server,
    database_open,
    first_answer,
    start_bolt_floor,
    start_ceiling,
    start_csterm,
)
from bench.stats import median, save, summary_ms
from bot.glossary.load import SHIPPED_GLOSSARY, load_glossary
from tests.fakes.slack_api import FakeSlackAPI

STARTUPS = 5
CONCURRENCY = 16
# csterm_nostore: the same Slack app with a lookup recorder that does nothing (bench/app_nostore.py);
# bolt_floor: a bare slack_bolt app acking a constant (bench/bolt_floor.py).
SERVERS = ("ceiling", "csterm", "csterm_nostore", "bolt_floor")


def glossary_file(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    return SHIPPED_GLOSSARY


def query_mix(path: Path) -> list[tuple[str, str]]:
    """(query, expected term): each name and alias as typed, and every term as a question."""
    mix = []
    for entry in load_glossary(path):
        mix += [(name, entry.term) for name in entry.names]
        mix.append((f"what is {entry.term.lower()}?", entry.term))
    return mix


def _answered(run: Run, expected: dict[str, str]) -> tuple[int, int]:
    """How many sampled acks name the expected term, of those sampled."""
    right = 0
    for query, body in run.bodies:
        text = json.loads(body).get("text", "") + json.dumps(json.loads(body).get("blocks", []))
        right += expected[query] in text
    return right, len(run.bodies)


def _stats(run: Run) -> dict[str, Any]:
    latency = summary_ms(run.latencies_ns) if run.latencies_ns else {}
    return {"rps": run.rate, "ok": len(run.latencies_ns), "errors": run.errors, "elapsed_s": run.elapsed_s,
            **latency}


async def _bench_server(server: Server, target: Target, seconds: float, expected: dict[str, str] | None
                        ) -> dict[str, Any]:
    try:
        await first_answer(server, target.queries[0], target.response_url)
        if expected is not None:  # csterm: measure once its database is open too
            await database_open(server)
        await saturate(target, CONCURRENCY, 1.0)  # warm-up
        fixed = await fixed_rate(target, 200, seconds)
        saturated = await saturate(target, CONCURRENCY, seconds / 2)
    finally:
        server.stop()
    result = {"fixed_200": _stats(fixed), "saturation": _stats(saturated)}
    if expected is not None:
        right, sampled = _answered(fixed, expected)
        result["answers_checked"] = {"right": right, "sampled": sampled}
    return result


async def _startups(slack: FakeSlackAPI, glossary: Path, workdir: Path, query: str
                    ) -> tuple[list[float], list[float]]:
    """Seconds from spawn to the first answer, and to the database being open (it opens after the first)."""
    answers, databases = [], []
    for i in range(STARTUPS):
        server = start_csterm(slack.base_url, glossary, workdir / f"startup-{i}.db")
        try:
            answers.append(await first_answer(server, query, slack.response_url()))
            await database_open(server)
            databases.append(time.perf_counter() - server.spawned_at)
        finally:
            server.stop()
    return answers, databases


def _start(name: str, api_url: str, glossary: Path, db_path: Path) -> Server:
    if name == "ceiling":
        return start_ceiling()
    if name == "bolt_floor":
        return start_bolt_floor(api_url)
    return start_csterm(api_url, glossary, db_path, store=name == "csterm")


def _median_of(runs: list[dict[str, Any]], mode: str, key: str) -> float:
    return median([r[mode][key] for r in runs])


async def run(glossary: Path, repeats: int, seconds: float) -> dict[str, Any]:
    mix = query_mix(glossary)
    expected = dict(mix)
    queries = [q for q, _ in mix]
    async with FakeSlackAPI() as slack:
        with tempfile.TemporaryDirectory(prefix="bench-requests-") as tmp:
            startups, database_opens = await _startups(slack, glossary, Path(tmp), queries[0])
            print(f"start-up to first answer: median {median(startups):.3f} s of {startups}; database open "
                  f"after {median(database_opens):.3f} s", flush=True)
            runs: dict[str, list[dict[str, Any]]] = {name: [] for name in SERVERS}
            for repeat in range(repeats):
                for name in SERVERS if repeat % 2 == 0 else SERVERS[::-1]:
                    server = _start(name, slack.base_url, glossary, Path(tmp) / f"load-{repeat}.db")
                    target = Target(server.url, SECRET, slack.response_url(), queries)
                    checked = expected if name.startswith("csterm") else None
                    result = await _bench_server(server, target, seconds, checked)
                    runs[name].append(result)
                    print(f"  repeat {repeat} {name:<15} 200/s: p50 {result['fixed_200'].get('p50_ms', 0):.2f} ms "
                          f"p99 {result['fixed_200'].get('p99_ms', 0):.2f} ms; saturation "
                          f"{result['saturation']['rps']:.0f} req/s", flush=True)
            slack_calls = len(slack.calls)
    summary = {name: {f"{mode}_{key}": _median_of(rs, mode, key)
                      for mode in ("fixed_200", "saturation") for key in ("rps", "p50_ms", "p99_ms")}
               for name, rs in runs.items()}
    summary["ratio_saturation_rps"] = {f"{name}/ceiling": summary[name]["saturation_rps"]
                                       / summary["ceiling"]["saturation_rps"] for name in SERVERS[1:]}
    return {"glossary": str(glossary), "repeats": repeats, "seconds": seconds, "concurrency": CONCURRENCY,
            "startup_s": startups, "startup_median_s": median(startups),
            "database_open_s": database_opens, "database_open_median_s": median(database_opens),
            "summary": summary, "runs": runs, "fake_slack_calls": slack_calls}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--glossary", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0, help="fixed-rate phase; saturation is half")
    args = parser.parse_args(argv)
    result = asyncio.run(run(glossary_file(args.glossary), args.repeats, args.seconds))
    print(json.dumps(result["summary"], indent=2))
    print(f"results: {save('requests', result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
