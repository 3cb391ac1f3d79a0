"""Matching quality on the evaluation set (tests/data/queries.jsonl): top-1 accuracy and off-topic restraint."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bot.glossary.model import Glossary
from bot.search.matcher import Matcher

QUERIES = Path(__file__).parents[1] / "data" / "queries.jsonl"
MIN_ACCURACY = 0.95
MAX_CONFIDENT_OFF_TOPIC = 1


def load_queries() -> list[dict[str, object]]:
    return [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_evaluation_set_is_big_and_valid(shipped_glossary: Glossary) -> None:
    rows = load_queries()
    kinds = Counter(str(r["kind"]) for r in rows)
    assert sum(n for k, n in kinds.items() if k != "off_topic") >= 150
    assert kinds["off_topic"] >= 25
    for row in rows:
        accept = row["accept"]
        assert isinstance(accept, list)
        assert (row["kind"] == "off_topic") == (accept == []), row
        assert all(shipped_glossary.get(str(name)) is not None for name in accept), row


def test_top1_accuracy_and_off_topic_restraint(shipped_matcher: Matcher) -> None:
    rows = load_queries()
    on_topic = [r for r in rows if r["kind"] != "off_topic"]
    misses, confident_off_topic = [], []
    for row in on_topic:
        result = shipped_matcher.match(str(row["query"]))
        answered = result.entry.term if result.entry else None
        if answered not in row["accept"]:  # type: ignore[operator]
            misses.append(f"{row['kind']:>12}  {row['query']!r} -> {answered} ({result.status}); want {row['accept']}")
    for row in rows:
        if row["kind"] == "off_topic":
            result = shipped_matcher.match(str(row["query"]))
            if result.status == "match":
                confident_off_topic.append(f"{row['query']!r} -> {result.entry and result.entry.term}")
    accuracy = 1 - len(misses) / len(on_topic)
    print(f"\ntop-1 accuracy {accuracy:.1%} on {len(on_topic)} queries; misses:\n" + "\n".join(misses))
    print(f"confident answers to off-topic queries: {confident_off_topic}")
    assert accuracy >= MIN_ACCURACY, "\n".join(misses)
    assert len(confident_off_topic) <= MAX_CONFIDENT_OFF_TOPIC, confident_off_topic
