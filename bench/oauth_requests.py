"""OAuth mode with 1,000 installed workspaces against single-workspace mode, in the same run.

Both servers are the real `csterm serve --http` on SQLite: one with SLACK_BOT_TOKEN, one with the client
credentials and 1,000 installations in its database. Two workloads, each spread over the 1,000 workspaces:
@csterm mentions (Events API: bolt's authorize looks up the workspace's installation, cached in-process for
30 s, and the reply goes to the fake Slack before the ack) and /csterm slash commands (answered in the ack, on
the fast path). Both servers run at once and are loaded in turn: each first sees one request from every
workspace (caches warm), then a fixed rate (ack p50/p99), then closed-loop saturation (req/s) in short turns
alternating between the two, so the shared machine's swings fall on both. The OAuth ÷ single ratio is taken
within each repeat, then the median of repeats; also the server's CPU time per request.

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
SLICES = 8  # saturation turns per server per workload, alternating between the two servers


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


def _start(mode: str, slack: FakeSlackAPI, workdir: Path, template: Path, repeat: int) -> Server:
    db_path = workdir / f"{mode}-{repeat}.db"
    if mode == "single":
        return start_csterm(slack.base_url, SHIPPED_GLOSSARY, db_path)
    shutil.copy(template, db_path)
    return start_csterm_oauth(slack.base_url, SHIPPED_GLOSSARY, db_path)


async def _repeat(servers: dict[str, Server], slack: FakeSlackAPI, seconds: float, order: tuple[str, ...]
                  ) -> dict[str, dict[str, Any]]:
    """Both servers up at once, loaded one at a time: per workload, each sees every workspace once, then its
    fixed-rate phase, then saturation in SLICES short turns taken in alternation, so that the shared machine's
    slow swings in load fall on both alike."""
    results: dict[str, dict[str, Any]] = {mode: {} for mode in order}
    for server in servers.values():
        await first_answer(server, QUERIES[0], slack.response_url())
        await database_open(server)
    for workload, make_bodies in (("mention", mention_bodies), ("slash", slash_bodies)):
        targets = {mode: Target(server.url, SECRET, slack.response_url(), QUERIES, make_bodies())
                   for mode, server in servers.items()}
        for mode in order:
            warm = await saturate(targets[mode], CONCURRENCY, 30.0, max_requests=WORKSPACES)  # every workspace once
            fixed = await fixed_rate(targets[mode], RATES[workload], seconds)
            results[mode][workload] = {"warm_errors": warm.errors, "fixed": _stats(fixed), "slices": []}
        for turn in range(SLICES):
            for mode in order if turn % 2 == 0 else order[::-1]:
                cpu_before = cpu_seconds(servers[mode].process.pid)
                burst = await saturate(targets[mode], CONCURRENCY, seconds / SLICES)
                results[mode][workload]["slices"].append(_stats(burst, cpu_seconds(servers[mode].process.pid)
                                                                - cpu_before))
        for mode in order:
            slices = results[mode][workload]["slices"]
            results[mode][workload]["saturation"] = {
                "rps": median([b["rps"] for b in slices]),
                "cpu_ms_per_request": median([b.get("cpu_ms_per_request", 0.0) for b in slices]),
                "errors": sum(b["errors"] for b in slices)}
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
                order = MODES if repeat % 2 == 0 else MODES[::-1]
                servers = {mode: _start(mode, slack, Path(tmp), template, repeat) for mode in order}
                try:
                    result = await _repeat(servers, slack, seconds, order)
                finally:
                    for server in servers.values():
                        server.stop()
                for mode in MODES:
                    runs[mode].append(result[mode])
                    print(f"  repeat {repeat} {mode:<6} " + "; ".join(
                        f"{w}: {r['saturation']['rps']:.0f} req/s, {r['saturation']['cpu_ms_per_request']:.2f} "
                        f"CPU ms/req, ack p99 {r['fixed'].get('p99_ms', 0):.1f} ms "
                        f"(errors {r['fixed']['errors'] + r['saturation']['errors'] + r['warm_errors']})"
                        for w, r in result[mode].items()), flush=True)
    summary: dict[str, Any] = {}
    for workload in RATES:
        per_mode = {mode: {"saturation_rps": median([r[workload]["saturation"]["rps"] for r in rs]),
                           "cpu_ms_per_request": median([r[workload]["saturation"]["cpu_ms_per_request"]
                                                         for r in rs]),
                           "fixed_p50_ms": median([r[workload]["fixed"].get("p50_ms", 0.0) for r in rs]),
                           "fixed_p99_ms": median([r[workload]["fixed"].get("p99_ms", 0.0) for r in rs])}
                    for mode, rs in runs.items()}
        paired = [o[workload]["saturation"]["rps"] / s[workload]["saturation"]["rps"]
                  for s, o in zip(runs["single"], runs["oauth"], strict=True)]
        cpu_ratio = per_mode["single"]["cpu_ms_per_request"] / per_mode["oauth"]["cpu_ms_per_request"]
        summary[workload] = {**per_mode, "oauth/single_rps": median(paired), "oauth/single_rps_per_repeat": paired,
                             "oauth/single_rps_by_cpu": cpu_ratio}
    return {"workspaces": WORKSPACES, "repeats": repeats, "seconds": seconds, "concurrency": CONCURRENCY,
            "slices": SLICES, "rates": RATES, "summary": summary, "runs": runs}


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
