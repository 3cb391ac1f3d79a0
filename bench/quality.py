"""Matching quality on every query set: csterm (`csterm lookup --jsonl`) against naive rapidfuzz and difflib.

    python -m bench.quality                         # tests/data/queries*.jsonl, the shipped glossary.yaml
    python -m bench.quality --queries A.jsonl ...   # other sets
    python -m bench.quality --code DIR              # run csterm from another checkout (a "before" baseline)

Per set and method, over the on-topic queries (accept lists the entries that are right):
- confident-and-right: the method answers with an accepted entry and is sure (csterm: status `match`);
- right first as suggestion: csterm answers `ambiguous` with an accepted entry as its first "did you mean";
- right in top 3: an accepted entry among the first three entries offered;
- confident and wrong: how many on-topic queries got a confident answer with another entry;
and over the off-topic queries (accept = []): off-topic answered = how many got a confident answer.
Baselines, over every name and alias, lower-cased, and the lower-cased query: naive rapidfuzz =
`process.extractOne(query, names, scorer=WRatio, score_cutoff=80)`, an answer is confident (top 3: `extract`
without the cutoff); difflib = `get_close_matches(query, names, n=3)`, its first is confident.
Results go to bench/results/quality.json; `python -m bench.plot_quality` draws them by query kind.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bench.requests import glossary_file
from bench.stats import save
from bot.glossary.load import load_glossary
from bot.glossary.model import Glossary

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SETS = ("queries.jsonl", "queries-independent.jsonl")
METHODS = ("csterm", "rapidfuzz_naive", "difflib")
NAIVE_CUTOFF = 80


@dataclass(frozen=True)
class Case:
    query: str
    kind: str
    accept: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    first: str | None  # the entry shown first: the answer, or the first "did you mean"
    confident: bool
    top3: tuple[str, ...] = ()  # the first three entries offered


def load_cases(path: Path) -> list[Case]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Case(r["query"], r["kind"], tuple(r["accept"])) for r in rows]


def csterm_answers(queries: list[str], glossary: Path, code: Path = ROOT) -> dict[str, Answer]:
    """One `csterm lookup --jsonl` process over every query (what an evaluation script would run)."""
    stdin = "".join(q.replace("\n", " ") + "\n" for q in queries)
    out = subprocess.run([sys.executable, "-m", "bot", "lookup", "--jsonl", "--glossary", str(glossary)],
                         input=stdin, capture_output=True, text=True, check=True, cwd=code, timeout=300)
    answers = {}
    for query, line in zip(queries, out.stdout.splitlines(), strict=True):
        record = json.loads(line)
        if record["status"] == "none":  # "nothing found" may list loose suggestions: not an answer
            answers[query] = Answer(None, False)
            continue
        offered = tuple(dict.fromkeys(t for t in (record["term"], *record["suggestions"]) if t))
        answers[query] = Answer(offered[0], record["status"] == "match", offered[:3])
    return answers


def _name_table(glossary: Glossary) -> dict[str, str]:
    """Every name and alias, lower-cased, to its entry (the first entry to claim it)."""
    table: dict[str, str] = {}
    for entry in glossary:
        for name in entry.names:
            table.setdefault(name.casefold(), entry.term)
    return table


def naive_rapidfuzz(glossary: Glossary) -> Callable[[str], Answer]:
    table = _name_table(glossary)
    names = list(table)

    def answer(query: str) -> Answer:
        best = process.extractOne(query.casefold(), names, scorer=fuzz.WRatio, score_cutoff=NAIVE_CUTOFF)
        top = process.extract(query.casefold(), names, scorer=fuzz.WRatio, limit=3)
        first = table[best[0]] if best else None
        return Answer(first, first is not None, tuple(dict.fromkeys(table[t[0]] for t in top)))

    return answer


def naive_difflib(glossary: Glossary) -> Callable[[str], Answer]:
    table = _name_table(glossary)
    names = list(table)

    def answer(query: str) -> Answer:
        best = difflib.get_close_matches(query.casefold(), names, n=3)
        offered = tuple(dict.fromkeys(table[b] for b in best))
        return Answer(offered[0] if offered else None, bool(offered), offered)

    return answer


def _rates(cases: list[Case], answers: dict[str, Answer]) -> dict[str, float]:
    on = [c for c in cases if c.accept]
    off = [c for c in cases if not c.accept]
    confident = sum(answers[c.query].confident and answers[c.query].first in c.accept for c in on)
    suggested = sum(not answers[c.query].confident and answers[c.query].first in c.accept for c in on)
    top3 = sum(any(t in c.accept for t in answers[c.query].top3) for c in on)
    wrong = sum(answers[c.query].confident and answers[c.query].first not in c.accept for c in on)
    n = max(1, len(on))
    return {"n": len(on), "confident": confident / n, "first_as_suggestion": suggested / n, "confident_wrong": wrong,
            "right_first": (confident + suggested) / n, "top3": top3 / n, "off_topic_n": len(off),
            "off_topic_answered": sum(answers[c.query].confident for c in off)}


def score(cases: list[Case], answers: dict[str, Answer]) -> dict[str, dict[str, float]]:
    """The rates for all queries and for each kind (off-topic kinds report only their answered count)."""
    kinds = sorted({c.kind for c in cases})
    table = {"all": _rates(cases, answers)}
    for kind in kinds:
        table[kind] = _rates([c for c in cases if c.kind == kind], answers)
    return table


def misses(cases: list[Case], answers: dict[str, Answer]) -> list[dict[str, Any]]:
    """Every on-topic query not answered confidently and rightly, and every off-topic query answered."""
    found = []
    for c in cases:
        a = answers[c.query]
        wrong = not (a.confident and a.first in c.accept) if c.accept else a.confident
        if wrong:
            found.append({"query": c.query, "kind": c.kind, "accept": list(c.accept), "first": a.first,
                          "top3": list(a.top3), "confident": a.confident})
    return found


def measure(paths: list[Path], glossary_path: Path, code: Path = ROOT) -> dict[str, Any]:
    glossary = load_glossary(glossary_path)
    baselines = {"rapidfuzz_naive": naive_rapidfuzz(glossary), "difflib": naive_difflib(glossary)}
    sets = {}
    for path in paths:
        cases = load_cases(path)
        queries = list(dict.fromkeys(c.query for c in cases))
        methods = {"csterm": csterm_answers(queries, glossary_path, code)}
        for name, lookup in baselines.items():
            methods[name] = {q: lookup(q) for q in queries}
        sets[path.name] = {"cases": len(cases), "tables": {m: score(cases, a) for m, a in methods.items()},
                           "csterm_misses": misses(cases, methods["csterm"])}
    return {"glossary": str(glossary_path), "entries": len(glossary), "code": str(code), "sets": sets}


def print_summary(result: dict[str, Any]) -> None:
    for name, data in result["sets"].items():
        print(f"\n{name} ({data['cases']} queries)")
        print(f"{'method':<17}{'confident':>10}{'+suggest':>10}{'first':>8}{'top 3':>8}{'sure+wrong':>11}"
              f"{'off-topic answered':>20}")
        for method, table in data["tables"].items():
            row = table["all"]
            print(f"{method:<17}{row['confident']:>10.1%}{row['first_as_suggestion']:>10.1%}{row['right_first']:>8.1%}"
                  f"{row['top3']:>8.1%}{row['confident_wrong']:>11}{row['off_topic_answered']:>14} / "
                  f"{row['off_topic_n']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--glossary", type=Path, default=None)
    parser.add_argument("--queries", type=Path, nargs="+", default=None)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose `python -m bot` answers")
    parser.add_argument("--save-as", default="quality", help="results file name under bench/results/")
    args = parser.parse_args(argv)
    paths = args.queries or [DATA / name for name in SETS if (DATA / name).exists()]
    result = measure(paths, glossary_file(args.glossary), args.code.resolve())
    print_summary(result)
    print(f"results: {save(args.save_as, result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
