"""Per-lookup CPU time of csterm's matcher at one glossary size, for this checkout or another (a "before").

    python -m bench.cpu_speed --size 20000                      # this checkout
    python -m bench.cpu_speed --size 20000 --code /tmp/base     # another checkout, same queries

bench.lookup_speed times wall-clock latency, which on a shared machine also counts the time other processes
hold the CPU. This counts only the lookup's own CPU time (thread_time_ns), so two checkouts measured one after
the other compare fairly when the machine is busy. Same synthetic glossary and queries as bench.lookup_speed;
normalisation caches cleared before every lookup; median over the repeats of each repeat's p50 and p99.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, statistics, sys, time
from bench.methods import clear_caches, csterm
from bench.stats import percentile
from bench.synth import synth_glossary, synth_queries
size, repeats = int(sys.argv[1]), int(sys.argv[2])
glossary = synth_glossary(size, 6)
queries = synth_queries(glossary, 1000, 6)
lookup = csterm(glossary)
runs = []
for _ in range(repeats):
    samples = []
    for query in queries:
        clear_caches()
        start = time.thread_time_ns()
        lookup(query.text)
        samples.append((time.thread_time_ns() - start) / 1e6)
    runs.append((percentile(samples, 50), percentile(samples, 99)))
print(json.dumps({"p50_ms": statistics.median(r[0] for r in runs), "p99_ms": statistics.median(r[1] for r in runs)}))
"""


def measure(code: Path, size: int, repeats: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(size), str(repeats)], cwd=code, capture_output=True,
                         text=True, check=True, timeout=900, env={"PYTHONPATH": str(code), "PATH": ""})
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    result = measure(args.code.resolve(), args.size, args.repeats)
    print(f"{args.code}: {args.size} entries, CPU per lookup p50 {result['p50_ms']:.3f} ms, "
          f"p99 {result['p99_ms']:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
