"""Matching quality on tests/data/queries.jsonl: csterm (`csterm lookup --jsonl`) against two baselines.

    python -m bench.quality                    # the shipped glossary.yaml
    python -m bench.quality --glossary PATH

Scoring per query kind. A query is right when the answer's entry is one of `accept` (csterm: status match, or
ambiguous with that entry first, since the user then gets it as the first "did you mean" button); `confident`
counts only status match. Off-topic queries (accept = []) are right when nothing is answered confidently.
Baselines: exact case-insensitive lookup of names and aliases; difflib.get_close_matches(n=1) over them.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.requests import glossary_file
from bench.stats import save
from bot.glossary.load import load_glossary
from bot.glossary.model import Glossary

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "queries.jsonl"
KINDS = ("acronym", "long_form", "typo", "plural", "question", "slack_markup", "off_topic")


@dataclass(frozen=True)
class Case:
    query: str
    kind: str
    accept: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    term: str | None
    confident: bool


def load_cases(path: Path) -> list[Case]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Case(r["query"], r["kind"], tuple(r["accept"])) for r in rows]


def csterm_answers(cases: list[Case], glossary: Path) -> dict[str, Answer]:
    """One `csterm lookup --jsonl` process over every query (what an evaluation script would run)."""
    stdin = "".join(c.query.replace("\n", " ") + "\n" for c in cases)
    out = subprocess.run([sys.executable, "-m", "bot", "lookup", "--jsonl", "--glossary", str(glossary)],
                         input=stdin, capture_output=True, text=True, check=True, cwd=ROOT, timeout=120)
    records = [json.loads(line) for line in out.stdout.splitlines()]
    return {r["query"]: Answer(r["term"], r["status"] == "match") for r in records}


def _name_table(glossary: Glossary) -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in glossary:
        for name in entry.names:
            table.setdefault(name.casefold(), entry.term)
    return table


def exact_baseline(glossary: Glossary) -> Callable[[str], Answer]:
    table = _name_table(glossary)

    def answer(query: str) -> Answer:
        term = table.get(query.strip().casefold())
        return Answer(term, term is not None)

    return answer


def difflib_baseline(glossary: Glossary) -> Callable[[str], Answer]:
    table = _name_table(glossary)
    names = list(table)

    def answer(query: str) -> Answer:
        best = difflib.get_close_matches(query.strip().casefold(), names, n=1)
        return Answer(table[best[0]], True) if best else Answer(None, False)

    return answer


def score(cases: list[Case], answers: dict[str, Answer]) -> dict[str, dict[str, float]]:
    right: dict[str, list[bool]] = defaultdict(list)
    confident: dict[str, list[bool]] = defaultdict(list)
    for case in cases:
        answer = answers[case.query]
        if case.accept:
            right[case.kind].append(answer.term in case.accept)
            confident[case.kind].append(answer.confident and answer.term in case.accept)
        else:
            right[case.kind].append(not answer.confident)
            confident[case.kind].append(answer.term is None)
    table = {}
    for kind in [*KINDS, *sorted(set(right) - set(KINDS)), "all"]:
        r = [x for k, xs in right.items() if kind in (k, "all") for x in xs]
        c = [x for k, xs in confident.items() if kind in (k, "all") for x in xs]
        if r:
            table[kind] = {"right": sum(r) / len(r), "confident": sum(c) / len(c), "n": len(r)}
    return table


def misses(cases: list[Case], answers: dict[str, Answer]) -> list[dict[str, Any]]:
    return [{"query": c.query, "kind": c.kind, "accept": list(c.accept), "got": answers[c.query].term,
             "confident": answers[c.query].confident}
            for c in cases if (answers[c.query].term not in c.accept if c.accept else answers[c.query].confident)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--glossary", type=Path, default=None)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    args = parser.parse_args(argv)
    path = glossary_file(args.glossary)
    glossary = load_glossary(path)
    cases = load_cases(args.queries)
    methods = {
        "csterm": csterm_answers(cases, path),
        "exact": {c.query: exact_baseline(glossary)(c.query) for c in cases},
        "difflib": {c.query: difflib_baseline(glossary)(c.query) for c in cases},
    }
    tables = {name: score(cases, answers) for name, answers in methods.items()}
    print(f"{'kind':<14}{'n':>4}" + "".join(f"{name:>10}" for name in tables))
    for kind, row in tables["csterm"].items():
        print(f"{kind:<14}{row['n']:>4}" + "".join(f"{t[kind]['right']:>10.1%}" for t in tables.values()))
    result = {"glossary": str(path), "entries": len(glossary), "queries": str(args.queries), "cases": len(cases),
              "tables": tables, "csterm_misses": misses(cases, methods["csterm"])}
    print(f"results: {save('quality', result)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
