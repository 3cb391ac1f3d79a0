"""Matching quality on the evaluation sets: our own (tests/data/queries.jsonl, written next to the matcher), the
independent one (tests/data/queries-independent.jsonl, written by someone who saw only the term names), and the
near misses (tests/data/queries-near-miss.jsonl, written with the rule for words of other fields).

The floors are what the matcher measured when they were set (bench/quality.py gives the full report); they
guard against regressions, they are not targets met (see BENCHMARKS.md for the issue's targets).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.glossary.model import Glossary
from bot.search.matcher import Matcher

DATA = Path(__file__).parents[1] / "data"


@dataclass(frozen=True)
class Floor:
    file: str
    min_on_topic: int
    min_off_topic: int
    confident: float  # confident and right, share of on-topic queries
    right_first: float  # the answer or the first "did you mean" is right
    max_off_topic_answered: int


FLOORS = [
    Floor("queries.jsonl", 150, 25, confident=0.985, right_first=0.99, max_off_topic_answered=0),
    Floor("queries-independent.jsonl", 200, 30, confident=0.96, right_first=0.98, max_off_topic_answered=0),
    # near misses: other fields' phrases holding a glossary name, and our terms with unknown context words
    # (bot/search/foreign.py); 44 of its first 50 off-topic queries were answered before that rule. Then 75 more
    # off-topic probes (other departments' jargon and acronyms, plain everyday questions) and 13 on-topic controls.
    # Floors as measured with the integration fixes (docs/matching.md): 52/55 on-topic confident, 55/55 right
    # first, 13/125 off-topic answered (the merged matcher: 48/55, 52/55, 18/120); with the second content pass
    # merged too, 16/125 (its new phrases answer three HR/finance "retention" and "deferred" questions); with the
    # rest of the question weighed as evidence (words of other fields across the whole query), 4/125: full-text
    # answers whose name is not written out (`deferred tax liability`, `return on ad spend`); 3/125 with a name in
    # the writer's private life asking too (round five); 51/55 confident since vocabulary.yaml's other_fields
    # (`nrr of the devops tooling accounts` asks: the list stopped 15 off-topic answers on the dev sets for 2
    # on-topic answers turned into a first "did you mean")
    Floor("queries-near-miss.jsonl", 50, 100, confident=0.925, right_first=1.0, max_off_topic_answered=3),
]


def load_queries(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("floor", FLOORS, ids=lambda f: f.file)
def test_evaluation_set_is_big_and_valid(floor: Floor, shipped_glossary: Glossary) -> None:
    rows = load_queries(floor.file)
    kinds = Counter(str(r["kind"]) for r in rows)
    assert sum(n for k, n in kinds.items() if k != "off_topic") >= floor.min_on_topic
    assert kinds["off_topic"] >= floor.min_off_topic
    for row in rows:
        accept = row["accept"]
        assert isinstance(accept, list)
        assert (row["kind"] == "off_topic") == (accept == []), row
        assert all(shipped_glossary.get(str(name)) is not None for name in accept), row


@pytest.mark.parametrize("floor", FLOORS, ids=lambda f: f.file)
def test_confidence_accuracy_and_off_topic_restraint(floor: Floor, shipped_matcher: Matcher) -> None:
    rows = load_queries(floor.file)
    on_topic = [r for r in rows if r["accept"]]
    confident = right_first = 0
    misses, answered_off_topic = [], []
    for row in rows:
        result = shipped_matcher.match(str(row["query"]))
        term = result.entry.term if result.entry else None
        if not row["accept"]:
            if result.status == "match":
                answered_off_topic.append(f"{row['query']!r} -> {term}")
            continue
        right = term in row["accept"]  # type: ignore[operator]
        confident += right and result.status == "match"
        right_first += right and result.status != "none"
        if not (right and result.status == "match"):
            misses.append(f"{row['kind']:>12}  {row['query']!r} -> {term} ({result.status}); want {row['accept']}")
    report = "\n".join(misses)
    print(f"\n{floor.file}: confident and right {confident / len(on_topic):.1%}, right first "
          f"{right_first / len(on_topic):.1%}, off-topic answered {answered_off_topic}\n{report}")
    assert confident / len(on_topic) >= floor.confident, report
    assert right_first / len(on_topic) >= floor.right_first, report
    assert len(answered_off_topic) <= floor.max_off_topic_answered, answered_off_topic
