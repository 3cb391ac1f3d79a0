"""/csterm under load from `wrk`, beside two references measured in the same run, on the realistic mix.

    bench/setup.sh                       # once: installs wrk (Debian package) and the bench extras
    python -m bench.wrk_load             # ~2 minutes: 3 repeats x 3 servers, 10 s each
    python -m bench.wrk_load --repeats 5 --seconds 15 --glossary /tmp/g20k.yaml

No Python load generator is in the measured path: wrk (C, one thread, CONNECTIONS keep-alive connections) runs
pinned to CPU 0 and each server, one at a time, pinned to CPU 1 (taskset), so the server has a core to itself and
the client cannot be the limit. wrk's Lua script sends precomputed, really signed Slack slash-command bodies,
rotating over the realistic mix (bench/mix.py: exact, alias, lowercase, typo, question, off-topic, vocabulary
word, comparison; 400 bodies). The signatures are made when each run starts, with that second's timestamp, so the
server's normal five-minute window accepts them; every non-2xx answer is counted and reported.

Servers, interleaved in each repeat (the order reverses every other repeat):
- bare: a bare aiohttp handler answering a constant (bench/ceiling.py): aiohttp's own cost;
- signed: a bare handler that checks the signature and parses the form with csterm's own functions, then answers a
  constant (bench/signed_bare.py): the work no /csterm answer can avoid;
- csterm: `csterm serve --http` with its SQLite store, recording every lookup. The 400 bodies repeat, so after the
  first rotation every question is one csterm has answered before (bot/slack/remembered.py): the traffic of a team
  asking the same terms again and again;
- csterm_fresh: the same with CSTERM_ANSWER_MEMORY=0, so every question goes through the matcher and the rendering
  as if it had never been asked: what a first-time question costs.

Reported per server: req/s, latency p50/p99 (wrk's), the server's CPU use (~100 % of its core on a quiet machine)
and wrk's, and the server's CPU time per request; medians of the repeats with min-max; csterm's req/s as a share
of each reference's, per repeat (same run), and the same share computed from CPU time per request (what it would
be with the core to itself: the machine is shared, and other jobs take part of the server's core).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil

from bench.mix import KINDS, MixQuery, realistic_mix
from bench.servers import SECRET, Server, database_open, start_ceiling, start_csterm, start_signed_bare
from bench.signing import signed_headers, slash_body
from bench.stats import median, save
from bot.glossary.load import SHIPPED_GLOSSARY, load_glossary
from tests.fakes.slack_api import FakeSlackAPI

SERVERS = ("bare", "signed", "csterm", "csterm_fresh")
CSTERMS = ("csterm", "csterm_fresh")  # compared with each reference
DIAGNOSTIC = ("csterm_nostore",)  # the same app with a lookup recorder that does nothing (bench/app_nostore.py)
CLIENT_CPU, SERVER_CPU = 0, 1
CONNECTIONS = 32
PER_KIND = 50
WARM_UP_S = 2
READY_S = 30.0
INSTALL = "wrk is not installed: run bench/setup.sh (apt-get update && apt-get install -y wrk)"

LUA_TEMPLATE = """
local requests = {}
local n = 0
init = function(args)
%s
end
request = function()
  n = n %% #requests + 1
  return requests[n]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%%d,"duration_us":%%d,"connect":%%d,"read":%%d,"write":%%d,"status":%%d,' ..
    '"timeout":%%d,"p50_us":%%d,"p90_us":%%d,"p99_us":%%d,"max_us":%%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def lua_script(queries: list[MixQuery], response_url: str, timestamp: int) -> str:
    """wrk's script: every body signed for `timestamp`, formatted once in init(), sent in rotation."""
    lines = []
    for sequence, query in enumerate(queries):
        body = slash_body(query.text, sequence, response_url)
        headers = signed_headers(SECRET, body, timestamp)
        table = ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())
        text = body.decode()
        assert "]]" not in text  # form encoding leaves no brackets
        lines.append(f'  requests[{sequence + 1}] = wrk.format("POST", "/slack/events", {{{table}}}, [[{text}]])')
    return LUA_TEMPLATE % "\n".join(lines)


def _start(name: str, api_url: str, glossary: Path, db_path: Path) -> Server:
    if name == "bare":
        return start_ceiling(SERVER_CPU)
    if name == "signed":
        return start_signed_bare(SERVER_CPU)
    fresh = {"CSTERM_ANSWER_MEMORY": "0"} if name == "csterm_fresh" else {}
    return start_csterm(api_url, glossary, db_path, cpu=SERVER_CPU, store=name != "csterm_nostore", extra_env=fresh)


def _post(url: str, query: str, response_url: str) -> tuple[int, bytes]:
    body = slash_body(query, 0, response_url)
    request = urllib.request.Request(url, data=body, headers=signed_headers(SECRET, body), method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:  # loopback only
        status: int = response.status
        return status, response.read()


async def _ready(server: Server, response_url: str) -> None:
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}; see {server.log}")
        try:
            status, _ = await asyncio.to_thread(_post, server.url, "NRR", response_url)
            if status == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError(f"server not ready within {READY_S} s; see {server.log}")


async def check_answers(server: Server, queries: list[MixQuery], response_url: str) -> dict[str, Any]:
    """Each body of the mix once, before any load: all 200, and the expected term in the answers that have one."""
    right = expected = failures = 0
    for query in queries:
        status, body = await asyncio.to_thread(_post, server.url, query.text, response_url)
        failures += status != 200
        if query.expected is not None and query.kind in ("exact", "alias", "lowercase"):
            expected += 1
            right += query.expected in body.decode()
    return {"non_200": failures, "expected_term_found": right, "expected_term_checked": expected}


async def _wrk(url: str, script: Path, seconds: float) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        "taskset", "-c", str(CLIENT_CPU), "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout", "5s",
        "-s", str(script), url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    started = time.monotonic()
    out, err = await process.communicate()
    found = re.search(rb"WRKJSON (\{.*\})", out)
    if found is None:
        raise RuntimeError(f"wrk failed: {err.decode()[-400:]} {out.decode()[-400:]}")
    result: dict[str, Any] = json.loads(found.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["wall_s"] = time.monotonic() - started
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


async def run_one(name: str, server: Server, script: Path, seconds: float) -> dict[str, Any]:
    await _wrk(server.url, script, WARM_UP_S)
    process = psutil.Process(server.process.pid)
    server_cpu = process.cpu_times()
    client_cpu = _children_cpu()
    load = os.getloadavg()
    result = await _wrk(server.url, script, seconds)
    after = process.cpu_times()
    result["server_cpu_s"] = after.user + after.system - server_cpu.user - server_cpu.system
    result["server_cpu_share"] = result["server_cpu_s"] / result["wall_s"]
    result["server_cpu_us_per_request"] = result["server_cpu_s"] / max(1, result["requests"]) * 1e6
    result["client_cpu_share"] = (_children_cpu() - client_cpu) / result["wall_s"]
    result["loadavg_before"] = load
    result["server"] = name
    return result


async def run(glossary: Path, repeats: int, seconds: float, servers: tuple[str, ...] = SERVERS) -> dict[str, Any]:
    if shutil.which("wrk") is None or shutil.which("taskset") is None:
        raise SystemExit(INSTALL)
    queries = realistic_mix(load_glossary(glossary), PER_KIND)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in servers}
    checks: dict[str, Any] = {}
    async with FakeSlackAPI() as slack:
        with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
            for repeat in range(repeats):
                for name in servers if repeat % 2 == 0 else servers[::-1]:
                    server = _start(name, slack.base_url, glossary, Path(tmp) / f"load-{repeat}.db")
                    try:
                        await _ready(server, slack.response_url())
                        if name.startswith("csterm"):
                            await database_open(server)
                            if not checks:
                                checks = await check_answers(server, queries, slack.response_url())
                        script = Path(tmp) / f"{name}-{repeat}.lua"
                        script.write_text(lua_script(queries, slack.response_url(), int(time.time())))
                        result = await run_one(name, server, script, seconds)
                    finally:
                        server.stop()
                    runs[name].append(result)
                    print(_line(repeat, name, result), flush=True)
    return {"glossary": str(glossary), "repeats": repeats, "seconds": seconds, "connections": CONNECTIONS,
            "mix": {"kinds": list(KINDS), "bodies": len(queries)}, "answers_checked": checks,
            "summary": summarise(runs), "runs": runs}


def _line(repeat: int, name: str, r: dict[str, Any]) -> str:
    return (f"  repeat {repeat} {name:<7} {r['rps']:8.0f} req/s  p50 {r['p50_us'] / 1e3:6.2f} ms  p99 "
            f"{r['p99_us'] / 1e3:6.2f} ms  errors {r['errors']}  server CPU {r['server_cpu_share']:.0%} "
            f"({r['server_cpu_us_per_request']:.0f} µs/req)  wrk CPU {r['client_cpu_share']:.0%}  load "
            f"{r['loadavg_before'][0]:.2f}")


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": median(values), "min": min(values), "max": max(values)}


def summarise(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for name, results in runs.items():
        summary[name] = {
            "rps": _spread([r["rps"] for r in results]),
            "p50_ms": _spread([r["p50_us"] / 1e3 for r in results]),
            "p99_ms": _spread([r["p99_us"] / 1e3 for r in results]),
            "server_cpu_share": _spread([r["server_cpu_share"] for r in results]),
            "server_cpu_us_per_request": _spread([r["server_cpu_us_per_request"] for r in results]),
            "client_cpu_share": _spread([r["client_cpu_share"] for r in results]),
            "errors": sum(r["errors"] for r in results),
            "loadavg_1min": _spread([r["loadavg_before"][0] for r in results]),
        }
    for csterm in CSTERMS:
        for reference in ("bare", "signed"):
            if reference not in runs or csterm not in runs:
                continue
            ratios = [c["rps"] / r["rps"] for c, r in zip(runs[csterm], runs[reference], strict=True)]
            summary[f"{csterm}/{reference}"] = _spread(ratios)
            cpu = [r["server_cpu_us_per_request"] / c["server_cpu_us_per_request"]
                   for c, r in zip(runs[csterm], runs[reference], strict=True)]
            summary[f"{csterm}/{reference} by CPU per request"] = _spread(cpu)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--glossary", type=Path, default=SHIPPED_GLOSSARY)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--diagnostic", action="store_true", help=f"also run {', '.join(DIAGNOSTIC)}")
    parser.add_argument("--name", default="wrk_load", help="results file name (bench/results/NAME.json)")
    args = parser.parse_args(argv)
    os.sched_setaffinity(0, {CLIENT_CPU})  # this orchestrator (and the fake Slack) stays off the server's core
    servers = SERVERS + (DIAGNOSTIC if args.diagnostic else ())
    result = asyncio.run(run(args.glossary, args.repeats, args.seconds, servers))
    print(json.dumps(result["summary"], indent=2))
    print(f"results: {save(args.name, result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
