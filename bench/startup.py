"""Start-up time with glossaries of 232 (shipped), 20,000 and 100,000 entries, with and without the compiled cache.

    python -m bench.startup               # ~3 minutes: 3 runs of each size x {cold, warm} x {serve, define}
    python -m bench.startup --sizes 20000 --runs 5

- serve: `csterm serve --http` spawned to its first 200 answer to a signed /csterm request (the database opens
  after that, in the background);
- define: `csterm define TERM` run to exit (the process, from spawn to exit).
- cold: the compiled-glossary cache (bot/search/compiled.py) is empty, as after any edit of the glossary or an
  upgrade of csterm: parse YAML, validate, build the matcher, write the cache;
- warm: the cache holds this glossary (the normal case for every later start).
Medians of the runs, with min-max; the load average beside each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.servers import ROOT, first_answer, start_csterm
from bench.stats import median, save
from bench.synth import entries_yaml, synth_glossary
from bot.glossary.load import SHIPPED_GLOSSARY, load_glossary
from tests.fakes.slack_api import FakeSlackAPI

SIZES = (0, 20_000, 100_000)  # 0: the shipped glossary
STARTUP_TIMEOUT_S = 180.0  # a cold start with 100,000 entries takes ~25 s on this machine


def _define(glossary: Path, term: str, cache_home: Path) -> float:
    env = dict(os.environ) | {"XDG_CACHE_HOME": str(cache_home)}
    env.pop("CSTERM_CACHE_DIR", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "define", "--glossary", str(glossary), term], cwd=ROOT, env=env,
                   capture_output=True, check=True, timeout=300)
    return time.perf_counter() - started


async def _serve(slack: FakeSlackAPI, glossary: Path, term: str, cache_home: Path, db: Path) -> float:
    server = start_csterm(slack.base_url, glossary, db, extra_env={"XDG_CACHE_HOME": str(cache_home)})
    try:
        return await first_answer(server, term, slack.response_url(), within_s=STARTUP_TIMEOUT_S)
    finally:
        server.stop()


def _spread(values: list[float]) -> dict[str, Any]:
    return {"median": median(values), "min": min(values), "max": max(values), "runs": values}


async def run(sizes: tuple[int, ...], runs: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        work = Path(tmp)
        async with FakeSlackAPI() as slack:
            for size in sizes:
                if size:
                    glossary = work / f"glossary-{size}.yaml"
                    glossary.write_text(entries_yaml(synth_glossary(size)), encoding="utf-8")
                else:
                    glossary = SHIPPED_GLOSSARY
                term = load_glossary(glossary).entries[-1].term
                label = str(size or f"shipped ({len(load_glossary(glossary))})")
                row: dict[str, Any] = {}
                for way in ("serve", "define"):
                    for cache in ("cold", "warm"):
                        times, loads = [], []
                        cache_home = work / f"cache-{size}-{way}"
                        for i in range(runs):
                            if cache == "cold":
                                shutil.rmtree(cache_home, ignore_errors=True)
                            loads.append(os.getloadavg()[0])
                            if way == "serve":
                                times.append(await _serve(slack, glossary, term, cache_home, work / f"s{size}{i}.db"))
                            else:
                                times.append(await asyncio.to_thread(_define, glossary, term, cache_home))
                        row[f"{way}_{cache}"] = _spread(times) | {"loadavg_1min": loads}
                        print(f"  {label:>14} {way:<6} {cache}: median {median(times):.2f} s "
                              f"({min(times):.2f}-{max(times):.2f}), load {median(loads):.2f}", flush=True)
                results[label] = row
    return {"runs": runs, "sizes": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="0 = the shipped glossary")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    result = asyncio.run(run(tuple(args.sizes), args.runs))
    print(f"results: {save('startup', result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
