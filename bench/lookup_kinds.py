"""Lookup latency per query kind on the realistic mix, at 200 / 2,000 / 20,000 / 100,000 entries.

    python -m bench.lookup_kinds                    # ~4 minutes
    python -m bench.lookup_kinds --sizes 20000 --passes 5

The eight kinds of bench/mix.py (exact, alias, lowercase, typo, question, off-topic, vocabulary word, comparison),
125 of each, interleaved (one of each kind in turn), so a slow kind cannot hide in a quiet stretch of the run.
Each lookup is what answering a /csterm text costs the matcher: a comparison is split and both sides looked up.
Every lookup starts with csterm's query caches cleared (normalisation, typo corrections, gists): a repeated query is
cheaper; this is the first time.
Per pass: p50/p99 of wall-clock time (perf_counter) and of the thread's CPU time (thread_time: what the lookup
itself costs, without the time other processes on this shared machine took the core); reported: the median of
the passes' figures, with min-max. `all` = the whole interleaved mix (equal parts of each kind).
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from typing import Any

from bench.memory import measure_in_subprocess
from bench.methods import clear_caches
from bench.mix import KINDS, MixQuery, realistic_mix
from bench.stats import median, percentile, save
from bench.synth import SIZES, synth_glossary
from bot.search.bounds import bounded_query
from bot.search.comparison import find_comparison
from bot.search.compiled import gc_paused
from bot.search.matcher import Matcher

PER_KIND = 125


def lookup(matcher: Matcher, text: str) -> str | None:
    """What the matcher does for one /csterm text; the first answer's term (None when nothing matched)."""
    pair = find_comparison(bounded_query(text), matcher.is_name)  # as answer_query (bot/slack/answers.py) reads it
    if pair is not None:
        matches = [matcher.match(side) for side in pair]
        if any(m.status == "match" for m in matches):  # else a description, answered whole
            return next((m.entry.term for m in matches if m.entry is not None), None)
    match = matcher.match(text)
    return match.entry.term if match.entry is not None else None


def _pass(matcher: Matcher, queries: list[MixQuery]) -> tuple[list[int], list[int], list[str | None]]:
    walls, cpus, answers = [], [], []
    gc.collect()
    for query in queries:
        clear_caches()
        matcher.forget_query_caches()
        wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
        answers.append(lookup(matcher, query.text))
        cpus.append(time.thread_time_ns() - cpu)
        walls.append(time.perf_counter_ns() - wall)
    return walls, cpus, answers


def _percentiles(samples: list[int]) -> dict[str, float]:
    ms = [s / 1e6 for s in samples]
    return {"p50_ms": percentile(ms, 50), "p99_ms": percentile(ms, 99), "max_ms": max(ms)}


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": median(values), "min": min(values), "max": max(values)}


def run_size(size: int, passes: int, seed: int, memory: bool) -> dict[str, Any]:
    glossary = synth_glossary(size, seed)
    queries = realistic_mix(glossary, PER_KIND, seed)
    with gc_paused():
        started = time.perf_counter()
        matcher = Matcher.build(glossary)
        build_s = time.perf_counter() - started
    gc.freeze()  # as csterm serve does: the matcher is out of the collector's sight
    runs = [_pass(matcher, queries) for _ in range(passes)]
    result: dict[str, Any] = {"size": size, "queries": len(queries), "build_s": build_s, "kinds": {}}
    for kind in (*KINDS, "all"):
        chosen = [i for i, q in enumerate(queries) if kind in ("all", q.kind)]
        stats = {"wall": [_percentiles([walls[i] for i in chosen]) for walls, _, _ in runs],
                 "cpu": [_percentiles([cpus[i] for i in chosen]) for _, cpus, _ in runs]}
        entry: dict[str, Any] = {"n": len(chosen)}
        for clock, per_pass in stats.items():
            for key in ("p50_ms", "p99_ms", "max_ms"):
                entry[f"{clock}_{key}"] = _spread([p[key] for p in per_pass])
        answered = [(queries[i], runs[0][2][i]) for i in chosen if queries[i].expected is not None]
        if answered:
            entry["top1"] = sum(q.expected == a for q, a in answered) / len(answered)
        result["kinds"][kind] = entry
        print(f"  {size:>7} {kind:<10} p50 {entry['wall_p50_ms']['median']:.3f} p99 "
              f"{entry['wall_p99_ms']['median']:.3f} ms (cpu p99 {entry['cpu_p99_ms']['median']:.3f})"
              + (f" top1 {entry['top1']:.1%}" if "top1" in entry else ""), flush=True)
    result["loadavg_1min"] = os.getloadavg()[0]
    gc.unfreeze()
    del matcher
    if memory:
        result["memory"] = measure_in_subprocess(size, seed)
        print(f"  {size:>7} matcher {result['memory']['matcher_mb']:.1f} MB, glossary+matcher "
              f"{result['memory']['total_mb']:.1f} MB", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--no-memory", action="store_true", help="skip the RSS measurement (a process per size)")
    parser.add_argument("--name", default="lookup_kinds", help="results file name (bench/results/NAME.json)")
    args = parser.parse_args(argv)
    sizes = [run_size(size, args.passes, args.seed, not args.no_memory) for size in args.sizes]
    print(f"results: {save(args.name, {'passes': args.passes, 'per_kind': PER_KIND, 'sizes': sizes})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
