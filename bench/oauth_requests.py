"""OAuth mode with 1,000 installed workspaces against single-workspace mode, in the same run.

Both servers are the real `csterm serve --http` on SQLite: one with SLACK_BOT_TOKEN, one with the client
credentials and 1,000 installations in its database. Two workloads, each spread over the 1,000 workspaces:
@csterm mentions (Events API: bolt's authorize looks up the workspace's installation, cached in-process for
30 s, and the reply goes to the fake Slack before the ack) and /csterm slash commands (answered in the ack, on
the fast path). Each server first sees one request from every workspace (caches warm), then a fixed rate
(ack p50/p99) and closed-loop saturation (req/s). Servers alternate order between repeats; medians of repeats.

    python -m bench.oauth_requests                 # ~4 minutes
    python -m bench.oauth_requests --repeats 1 --seconds 3
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from slack_sdk.oauth.installation_store.models.installation import Installation

from bench.loadgen import Run, Target, fixed_rate, saturate
from bench.servers import (
    CLIENT_ID,
    SECRET,
    Server,
    database_open,
    first_answer,
    start_csterm,
    start_csterm_oauth,
)
from bench.signing import BodyMaker, slash_body
from bench.stats import median, save, summary_ms
from bot.glossary.load import SHIPPED_GLOSSARY
from bot.slack.install import DatabaseInstallationStore
from bot.store.handle import StoreHandle
from bot.store.store import Store
from tests.fakes.slack_api import FakeSlackAPI

WORKSPACES = 1000
CONCURRENCY = 16
RATES = {"mention": 100.0, "slash": 200.0}  # the fixed rate at which ack latency is measured
QUERIES = ("NRR", "what is a QBR?", "churn", "health score", "GRR vs NRR", "time to value")
MODES = ("single", "oauth")


def team(n: int) -> str:
    return f"T{n % WORKSPACES:07d}"


def mention_bodies() -> BodyMaker:
    """app_mention envelopes from workspace n % 1,000, each with a new event id (no de-duplication shortcut)."""
    counter = itertools.count()

    def body(query: str, _sequence: int, _response_url: str) -> bytes:
        n = next(counter)
        ts = f"{1700000000 + n // 1_000_000}.{n % 1_000_000:06d}"
        return json.dumps({
            "token": "legacy", "team_id": team(n), "api_app_id": "A0000001", "type": "event_callback",
            "event_id": f"Ev{time.time_ns()}{n}", "event_time": int(time.time()),
            "event": {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {query}", "ts": ts, "channel": "C1",
                      "team": team(n), "event_ts": ts},
            "authorizations": [{"team_id": team(n), "user_id": "UBOT", "is_bot": True,
                                "is_enterprise_install": False}],
        }).encode()

    return body


def slash_bodies() -> BodyMaker:
    def body(query: str, sequence: int, response_url: str) -> bytes:
        return slash_body(query, sequence, response_url).replace(b"team_id=T0000001", f"team_id={team(sequence)}"
                                                                 .encode())

    return body


async def seed_installations(db_path: Path, slack: FakeSlackAPI) -> None:
    """1,000 installations in a fresh database (slack-sdk's tables), and the fake's auth.test identity for each."""
    store = await Store.open(f"sqlite+aiosqlite:///{db_path}")
    try:
        installations = DatabaseInstallationStore(StoreHandle.of(store), CLIENT_ID)
        for n in range(WORKSPACES):
            token = f"xoxb-bench-{team(n)}"
            await installations.async_save(Installation(
                app_id="A0000001", team_id=team(n), team_name=f"Bench {n}", bot_token=token, bot_id=f"B{n}",
                bot_user_id="UBOT", bot_scopes="commands,chat:write", user_id="UINSTALLER"))
            slack.oauth.identities[token] = {"team_id": team(n), "user_id": "UBOT", "bot_id": f"B{n}",
                                             "team": f"Bench {n}", "user": "csterm"}
    finally:
        await store.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc): the server's own work, whatever else runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stats(run: Run, cpu_s: float | None = None) -> dict[str, Any]:
    cpu = {"cpu_ms_per_request": 1000 * cpu_s / len(run.latencies_ns)} if cpu_s and run.latencies_ns else {}
    return {"rps": run.rate, "ok": len(run.latencies_ns), "errors": run.errors, **cpu,
            **(summary_ms(run.latencies_ns) if run.latencies_ns else {})}


async def _measure(server: Server, slack: FakeSlackAPI, seconds: float) -> dict[str, Any]:
    results: dict[str, Any] = {}
    try:
        await first_answer(server, QUERIES[0], slack.response_url())
        await database_open(server)
        for workload, bodies in (("mention", mention_bodies()), ("slash", slash_bodies())):
            target = Target(server.url, SECRET, slack.response_url(), QUERIES, bodies)
            warm = await saturate(target, CONCURRENCY, 30.0, max_requests=WORKSPACES)  # every workspace once
            fixed = await fixed_rate(target, RATES[workload], seconds)
            cpu_before = cpu_seconds(server.process.pid)
            saturated = await saturate(target, CONCURRENCY, seconds / 2)
            cpu = cpu_seconds(server.process.pid) - cpu_before
            results[workload] = {"warm_errors": warm.errors, "fixed": _stats(fixed),
                                 "saturation": _stats(saturated, cpu)}
    finally:
        server.stop()
    return results


async def run(repeats: int, seconds: float) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
    async with FakeSlackAPI() as slack:
        with tempfile.TemporaryDirectory(prefix="bench-oauth-") as tmp:
            template = Path(tmp) / "installed.db"
            started = time.perf_counter()
            await seed_installations(template, slack)
            print(f"seeded {WORKSPACES} installations in {time.perf_counter() - started:.1f} s", flush=True)
            for repeat in range(repeats):
                for mode in MODES if repeat % 2 == 0 else MODES[::-1]:
                    db_path = Path(tmp) / f"{mode}-{repeat}.db"
                    if mode == "oauth":
                        shutil.copy(template, db_path)
                        server = start_csterm_oauth(slack.base_url, SHIPPED_GLOSSARY, db_path)
                    else:
                        server = start_csterm(slack.base_url, SHIPPED_GLOSSARY, db_path)
                    result = await _measure(server, slack, seconds)
                    runs[mode].append(result)
                    print(f"  repeat {repeat} {mode:<6} " + "; ".join(
                        f"{w}: {r['saturation']['rps']:.0f} req/s, {r['saturation'].get('cpu_ms_per_request', 0):.2f} "
                        f"CPU ms/req, ack p99 {r['fixed'].get('p99_ms', 0):.1f} ms "
                        f"(errors {r['fixed']['errors'] + r['saturation']['errors'] + r['warm_errors']})"
                        for w, r in result.items()), flush=True)
    summary: dict[str, Any] = {}
    for workload in RATES:
        per_mode = {mode: {"saturation_rps": median([r[workload]["saturation"]["rps"] for r in rs]),
                           "cpu_ms_per_request": median([r[workload]["saturation"].get("cpu_ms_per_request", 0.0)
                                                         for r in rs]),
                           "fixed_p50_ms": median([r[workload]["fixed"].get("p50_ms", 0.0) for r in rs]),
                           "fixed_p99_ms": median([r[workload]["fixed"].get("p99_ms", 0.0) for r in rs])}
                    for mode, rs in runs.items()}
        ratio = per_mode["oauth"]["saturation_rps"] / per_mode["single"]["saturation_rps"]
        cpu_ratio = per_mode["single"]["cpu_ms_per_request"] / per_mode["oauth"]["cpu_ms_per_request"]
        summary[workload] = {**per_mode, "oauth/single_rps": ratio, "oauth/single_rps_by_cpu": cpu_ratio}
    return {"workspaces": WORKSPACES, "repeats": repeats, "seconds": seconds, "concurrency": CONCURRENCY,
            "rates": RATES, "summary": summary, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0, help="fixed-rate phase; saturation is half")
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.repeats, args.seconds))
    print(json.dumps(result["summary"], indent=2))
    print(f"results: {save('oauth_requests', result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
