"""Lookup latency, accuracy, build time and RSS of csterm's matcher against difflib and naive rapidfuzz.

    python -m bench.lookup_speed            # all sizes, ~4 minutes on 2 cores
    python -m bench.lookup_speed --quick    # 200 and 2,000 entries only

Baselines (and the extractOne stage) are slow at large sizes: each gets a time budget per repeat and runs on
the first N queries of the mix (N reported as `n`), at least MIN_SAMPLE, in one pass if that overruns.
"""

from __future__ import annotations

import argparse
import gc
import time
from typing import Any

from bench.memory import measure_in_subprocess
from bench.methods import METHODS, Lookup, Method, clear_caches
from bench.stats import median, save, summary_ms
from bench.synth import SIZES, Query, synth_glossary, synth_queries
from bot.glossary.model import Glossary
from bot.search.matcher import Matcher

QUERIES = 1_000
REPEATS = 3
BUDGET_S = 4.0  # per baseline method, size and repeat
MIN_SAMPLE = 24


def _plan(lookup: Lookup, queries: list[Query], method: Method, repeats: int) -> tuple[int, int]:
    """(queries, repeats) for a method: baselines get the first N queries that fit the time budget, and a
    single pass when even MIN_SAMPLE queries overrun it."""
    if not method.baseline:
        return len(queries), repeats
    start = time.perf_counter()
    for query in queries[:8]:
        lookup(query.text)
    per_query = (time.perf_counter() - start) / 8
    n = max(MIN_SAMPLE, int(BUDGET_S / per_query))
    n = min(len(queries), n - n % 4)  # keep the four kinds balanced
    return n, repeats if n * per_query <= 1.5 * BUDGET_S else 1


def _timed_pass(lookup: Lookup, queries: list[Query]) -> tuple[list[int], list[tuple[str | None, bool]]]:
    samples, answers = [], []
    gc.collect()
    for query in queries:
        clear_caches()
        start = time.perf_counter_ns()
        answer = lookup(query.text)
        samples.append(time.perf_counter_ns() - start)
        answers.append(answer)
    return samples, answers


def _accuracy(queries: list[Query], answers: list[tuple[str | None, bool]]) -> dict[str, dict[str, float]]:
    """Per kind: share answered with the right entry first (top1) and share confidently right (match)."""
    kinds = [*sorted({q.kind for q in queries}), "all"]
    result = {}
    for kind in kinds:
        pairs = [(q, a) for q, a in zip(queries, answers, strict=True) if kind in ("all", q.kind)]
        result[kind] = {
            "top1": sum(a[0] == q.expected for q, a in pairs) / len(pairs),
            "confident": sum(a[0] == q.expected and a[1] for q, a in pairs) / len(pairs),
            "n": len(pairs),
        }
    return result


def run_method(method: Method, glossary: Glossary, queries: list[Query], repeats: int) -> dict[str, Any]:
    lookup = method.build(glossary)
    count, repeats = _plan(lookup, queries, method, repeats)
    sample = queries[:count]
    passes = [_timed_pass(lookup, sample) for _ in range(repeats)]
    stats = [summary_ms(samples) for samples, _ in passes]
    return {
        "label": method.label,
        "n": len(sample),
        "passes": len(passes),
        "sampled": len(sample) < len(queries),
        "p50_ms": median([s["p50_ms"] for s in stats]),
        "p99_ms": median([s["p99_ms"] for s in stats]),
        "repeats": stats,
        "accuracy": _accuracy(sample, passes[0][1]),
    }


def build_times(glossary: Glossary, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        clear_caches()
        gc.collect()
        start = time.perf_counter()
        Matcher.build(glossary)
        times.append(time.perf_counter() - start)
    return times


def run_size(size: int, seed: int, repeats: int) -> dict[str, Any]:
    glossary = synth_glossary(size, seed)
    queries = synth_queries(glossary, QUERIES, seed)
    builds = build_times(glossary, repeats if size <= 20_000 else 1)
    methods = {}
    for method in METHODS:
        methods[method.name] = run_method(method, glossary, queries, repeats)
        m = methods[method.name]
        print(f"  {size:>7} {method.name:<20} n={m['n']:<5} p50={m['p50_ms']:8.3f} ms p99={m['p99_ms']:8.3f} ms "
              f"top1={m['accuracy']['all']['top1']:.3f}", flush=True)
    memory = measure_in_subprocess(size, seed)
    print(f"  {size:>7} build {median(builds):.3f} s, matcher+glossary RSS {memory['total_mb']:.1f} MB", flush=True)
    return {"size": size, "queries": len(queries), "build_s": median(builds), "build_runs_s": builds,
            "memory": memory, "methods": methods}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the two smallest sizes")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args(argv)
    sizes = SIZES[:2] if args.quick else SIZES
    started = time.perf_counter()
    results = [run_size(size, args.seed, args.repeats) for size in sizes]
    path = save("lookup_speed", {"seed": args.seed, "repeats": args.repeats, "budget_s": BUDGET_S,
                                 "elapsed_s": time.perf_counter() - started, "sizes": results})
    from bench.plot import plot_latency

    print(f"results: {path}\nplot: {plot_latency(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
