"""RSS and build time of the matcher for one glossary size, measured in a fresh process.

    python -m bench.memory 20000      # prints one JSON object
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]


def _rss() -> float:
    gc.collect()
    rss: int = psutil.Process().memory_info().rss
    return rss / MB


def _meaning_in_full(matcher: Any, glossary: Any) -> float:
    """RSS once the meaning check's word vectors are read and its memory of entry vectors is full (the most it
    keeps: bot/search/meaning.py MAX_REMEMBERED)."""
    from bot.search.meaning import MAX_REMEMBERED, word_vectors

    vectors = word_vectors()
    question = vectors.meaning(["customer", "revenue"]) if vectors is not None else None
    if question is not None:
        for index in range(min(len(glossary), MAX_REMEMBERED)):
            matcher._meanings.closeness(question, index)
    return _rss()


def measure(size: int, seed: int) -> dict[str, float]:
    from bench.methods import clear_caches
    from bench.synth import synth_glossary, synth_queries
    from bot.search.matcher import Matcher

    before_numpy = _rss()
    import numpy  # noqa: F401  (a library, like rapidfuzz: in the baseline; its own cost is reported apart)

    baseline = _rss()  # interpreter + csterm, rapidfuzz, numpy and the bench code imported
    glossary = synth_glossary(size, seed)
    queries = synth_queries(glossary, 200, seed)
    clear_caches()
    with_glossary = _rss()
    start = time.perf_counter()
    matcher = Matcher.build(glossary)
    build_s = time.perf_counter() - start
    with_matcher = _rss()
    for query in queries:
        matcher.match(query.text)
    after_queries = _rss()
    meaning_mb = _meaning_in_full(matcher, glossary) - after_queries
    return {
        "size": size,
        "baseline_rss_mb": baseline,
        "glossary_mb": with_glossary - baseline,
        "matcher_mb": with_matcher - with_glossary,
        "total_mb": with_matcher - baseline,
        "after_200_queries_mb": after_queries - baseline,
        "meaning_mb": meaning_mb,  # the word vectors, and every entry vector the meaning check may keep
        "with_meaning_mb": after_queries - baseline + meaning_mb,
        "numpy_import_mb": baseline - before_numpy,
        "process_rss_mb": after_queries,
        "build_s": build_s,
    }


def measure_in_subprocess(size: int, seed: int) -> dict[str, float]:
    """Run `measure` in a new interpreter, so sizes do not share heaps."""
    out = subprocess.run([sys.executable, "-m", "bench.memory", str(size), "--seed", str(seed)],
                         cwd=ROOT, capture_output=True, text=True, check=True, timeout=300)
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="RSS of csterm's matcher for one synthetic glossary size")
    parser.add_argument("size", type=int)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.size, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
