"""Team layers: lookup latency with a workspace's own terms on top of a large shipped glossary, and the memory
each workspace's layer costs.

    python -m bench.team_layers                 # 20,000 shipped entries, 500 team terms, 10 workspaces
    python -m bench.team_layers --shipped 2000  # smaller, quicker

Latency: every query of a mixed set (shipped exact names, aliases, typos, questions, and the team's own names
and typos) through the workspace's LayeredMatcher, against the shipped Matcher alone on the shipped queries in
the same run (the baseline). Memory: tracemalloc over building `--workspaces` layers of 500 terms each (the
team entries included), divided by their number; RSS growth as a cross-check. Writes
bench/results/team_layers.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import psutil

from bench.synth import synth_glossary, synth_queries
from bot.glossary.model import Entry
from bot.search.layers import GlossaryMatcher, LayeredMatcher
from bot.search.matcher import Matcher
from bot.terms.layer import TeamLayer

RESULTS = Path(__file__).resolve().parent / "results" / "team_layers.json"
MB = 1024 * 1024


def team_entries(count: int, seed: int, tag: str) -> tuple[Entry, ...]:
    """`count` team terms named apart from the shipped ones (as the rules require)."""
    source = synth_glossary(count, seed)
    return tuple(replace(e, term=f"{tag} {e.term}", aliases=tuple(f"{tag}{a}" for a in e.aliases), related=(),
                         team=tag) for e in source.entries)


def _paired(first: GlossaryMatcher, second: GlossaryMatcher, queries: list[str],
            passes: int) -> tuple[dict[str, float], dict[str, float]]:
    """Both matchers timed on each query back to back (alternating which goes first), so the machine's noise
    falls on both alike; p50/p99 per pass, medians over passes."""
    results: tuple[dict[str, list[float]], dict[str, list[float]]] = ({"p50": [], "p99": []}, {"p50": [], "p99": []})
    for run in range(passes):
        timings: tuple[list[int], list[int]] = ([], [])
        for n, query in enumerate(queries):
            order = ((0, first), (1, second)) if (n + run) % 2 == 0 else ((1, second), (0, first))
            for slot, matcher in order:
                start = time.perf_counter_ns()
                matcher.match(query)
                timings[slot].append(time.perf_counter_ns() - start)
        for slot in (0, 1):
            ordered = sorted(timings[slot])
            results[slot]["p50"].append(ordered[len(ordered) // 2] / 1e6)
            results[slot]["p99"].append(ordered[int(len(ordered) * 0.99)] / 1e6)
    first_result, second_result = ({f"{k}_ms": statistics.median(v) for k, v in r.items()} for r in results)
    return first_result, second_result


def _percentiles(matcher: GlossaryMatcher, queries: list[str], passes: int) -> dict[str, float]:
    p99s, p50s = [], []
    for _ in range(passes):
        timings = []
        for query in queries:
            start = time.perf_counter_ns()
            matcher.match(query)
            timings.append(time.perf_counter_ns() - start)
        timings.sort()
        p50s.append(timings[len(timings) // 2] / 1e6)
        p99s.append(timings[int(len(timings) * 0.99)] / 1e6)
    return {"p50_ms": statistics.median(p50s), "p99_ms": statistics.median(p99s)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shipped", type=int, default=20_000)
    parser.add_argument("--team-terms", type=int, default=500)
    parser.add_argument("--workspaces", type=int, default=10)
    parser.add_argument("--queries", type=int, default=4_000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)

    shipped_glossary = synth_glossary(args.shipped, args.seed)
    shipped = Matcher.build(shipped_glossary)
    own = team_entries(args.team_terms, args.seed + 1, "Acme")
    layered = LayeredMatcher(shipped, TeamLayer("Acme", own))
    shipped_queries = [q.text for q in synth_queries(shipped_glossary, args.queries, args.seed)]
    team_queries = [q.text for q in synth_queries(layered._team.glossary, args.queries // 4, args.seed)]  # type: ignore[union-attr]
    mixed = shipped_queries + team_queries
    for query in mixed[:500]:  # warm caches the same way for both
        layered.match(query)
        shipped.match(query)
    baseline, layered_shipped_only = _paired(shipped, layered, shipped_queries, args.passes)
    with_team = _percentiles(layered, mixed, args.passes)
    found = sum(1 for q in team_queries if (m := layered.match(q)).entry is not None and m.entry.team == "Acme")

    layers_entries = [team_entries(args.team_terms, args.seed + 10 + n, f"T{n}") for n in range(args.workspaces)]
    gc.collect()
    rss_before = psutil.Process().memory_info().rss  # without tracemalloc, whose own records would count
    built = [LayeredMatcher(shipped, TeamLayer(f"T{n}", entries)) for n, entries in enumerate(layers_entries)]
    gc.collect()
    rss_growth = (psutil.Process().memory_info().rss - rss_before) / MB
    del built
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    built = [LayeredMatcher(shipped, TeamLayer(f"T{n}", entries)) for n, entries in enumerate(layers_entries)]
    gc.collect()
    after = tracemalloc.take_snapshot()
    layer_bytes = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    first = tracemalloc.take_snapshot()
    extra = team_entries(args.team_terms, args.seed + 999, "X")  # what one workspace's 500 entries cost
    second = tracemalloc.take_snapshot()
    tracemalloc.stop()
    entries_bytes = sum(stat.size_diff for stat in second.compare_to(first, "filename"))
    result = {
        "shipped_entries": args.shipped, "team_terms": args.team_terms, "queries": len(mixed),
        "baseline_shipped_only": baseline, "layered": with_team, "layered_on_shipped_queries": layered_shipped_only,
        "p99_ratio_same_queries": layered_shipped_only["p99_ms"] / baseline["p99_ms"],
        "team_queries_answered_with_team_terms": f"{found}/{len(team_queries)}",
        "workspaces": len(built), "mb_per_workspace_layer": layer_bytes / len(built) / MB,
        "mb_per_workspace_team_entries": entries_bytes / MB,
        "mb_per_workspace_total": (layer_bytes / len(built) + entries_bytes) / MB,
        "rss_growth_per_workspace_mb_layer_only": rss_growth / len(built), "extra_entries": len(extra),
        "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
