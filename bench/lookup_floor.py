"""Lookup cost with the machine's noise filtered out: each query's least CPU time over several repetitions.

    python -m bench.lookup_floor                          # this checkout, 20,000 entries
    python -m bench.lookup_floor --against DIR --rounds 2 # this checkout and another (a `git archive` of a base
                                                          # commit), alternated in one run; ratios reported

On a shared 2-core VM one pass of bench/lookup_kinds.py moves by 10-40 % between runs (other sessions take the
core, the clock changes), which hides a change of a few per cent. Here every query of the realistic mix (the eight
kinds of bench/mix.py, 125 each, caches cleared before each lookup, as lookup_kinds does) is timed REPEATS times
(thread CPU time) and keeps its least time: what the lookup itself costs when nothing else interferes. p50/p99 are
taken over those per-query floors. With `--against`, each round measures both checkouts in turn, each in its own
process started in that checkout, and the result holds each side's medians over the rounds and final/base ratios.
Two processes of the same code can still differ by up to 40 % (exact-name lookups included), so the ratios are
also given with each run's figures in units of that run's own exact-name p50 (a change to exact lookups would
void that reference).
Results: bench/results/lookup_floor.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.stats import median, percentile, save

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 7
SIZE = 20_000


def measure(size: int, repeats: int) -> dict[str, Any]:
    """Per kind and over the whole mix: p50/p99 of the per-query least CPU time, in ms (this checkout)."""
    from bench.lookup_kinds import lookup
    from bench.methods import clear_caches
    from bench.mix import realistic_mix
    from bench.synth import synth_glossary
    from bot.search.matcher import Matcher

    glossary = synth_glossary(size)
    matcher = Matcher.build(glossary)
    queries = realistic_mix(glossary, 125)
    for query in queries:  # warm the interpreter and the process-wide caches once
        lookup(matcher, query.text)
    floors = [float("inf")] * len(queries)
    for _ in range(repeats):
        for i, query in enumerate(queries):
            clear_caches()
            matcher.forget_query_caches()
            started = time.thread_time_ns()
            lookup(matcher, query.text)
            floors[i] = min(floors[i], (time.thread_time_ns() - started) / 1e6)
    kinds: dict[str, list[float]] = {"all": floors}
    for query, floor in zip(queries, floors, strict=True):
        kinds.setdefault(query.kind, []).append(floor)
    return {kind: {"p50_ms": percentile(v, 50), "p99_ms": percentile(v, 99)} for kind, v in kinds.items()}


_CHILD = """
import importlib.util, sys
sys.path.insert(0, sys.argv[1])  # that checkout's bot (and its bench helpers), this file's measure()
spec = importlib.util.spec_from_file_location("lookup_floor", sys.argv[2])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(module.json.dumps(module.measure(int(sys.argv[3]), int(sys.argv[4]))))
"""


def _in(code: Path, size: int, repeats: int) -> dict[str, Any]:
    """measure() in a fresh process whose `bot` is the checkout at `code`."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(code), __file__, str(size), str(repeats)], cwd=code,
                          capture_output=True, text=True, check=True, timeout=1800)
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--against", type=Path, help="another checkout, measured alternately (the base)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--name", default="lookup_floor", help="results file name (bench/results/NAME.json)")
    args = parser.parse_args(argv)
    sides = {"final": ROOT} | ({"base": args.against.resolve()} if args.against else {})
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    for round_ in range(args.rounds):
        for side, code in (sides.items() if round_ % 2 == 0 else reversed(sides.items())):
            runs[side].append(_in(code, args.size, args.repeats))
            print(f"round {round_ + 1} {side:<5} p50 {runs[side][-1]['all']['p50_ms']:.3f} p99 "
                  f"{runs[side][-1]['all']['p99_ms']:.3f} ms", flush=True)
    summary = {side: {kind: {key: median([r[kind][key] for r in found]) for key in ("p50_ms", "p99_ms")}
                      for kind in found[0]} for side, found in runs.items()}
    data: dict[str, Any] = {"size": args.size, "repeats": args.repeats, "rounds": args.rounds,
                            "sides": {side: str(code) for side, code in sides.items()},
                            "median": summary, "runs": runs}
    # Each process runs at its own speed (the same code's exact lookups differ by up to 40 % between two
    # processes on this VM): each run's figures in units of its own exact-name p50, code no matcher change touches.
    referenced = {side: {key: median([r["all"][key] / r["exact"]["p50_ms"] for r in found])
                         for key in ("p50_ms", "p99_ms")} for side, found in runs.items()}
    data["in_exact_p50s"] = referenced
    if "base" in summary:
        data["ratio"] = {kind: {key: summary["final"][kind][key] / summary["base"][kind][key]
                                for key in ("p50_ms", "p99_ms")} for kind in summary["final"]}
        data["referenced_ratio"] = {key: referenced["final"][key] / referenced["base"][key]
                                    for key in ("p50_ms", "p99_ms")}
        print(f"final / base: p50 {data['ratio']['all']['p50_ms']:.3f}, p99 {data['ratio']['all']['p99_ms']:.3f}; "
              f"in each run's exact-name p50: p50 {data['referenced_ratio']['p50_ms']:.3f}, "
              f"p99 {data['referenced_ratio']['p99_ms']:.3f}")
    print(save(args.name, data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
