"""The rotation: a shuffled walk through the whole glossary per channel, no repeats in a cycle, stable edits."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from bot.daily.rotation import cycle_order, next_term
from bot.store.records import PostedTerm

TERMS = [f"Term {n:02d}" for n in range(20)]


def run(terms: list[str], days: int, *, seed: int = 1, channel: str = "T1/C1",
        history: list[PostedTerm] | None = None) -> list[PostedTerm]:
    posted = list(history or [])
    for _ in range(days):
        pick = next_term(terms, posted, seed=seed, channel=channel)
        assert pick is not None
        day = posted[-1].local_date + timedelta(days=1) if posted else date(2024, 1, 1)
        posted.append(PostedTerm(day, pick.term, pick.cycle))
    return posted


def test_each_cycle_is_every_term_once_in_shuffled_order() -> None:
    posted = run(TERMS, 3 * len(TERMS))
    cycles = [[p.term for p in posted if p.cycle == c] for c in range(3)]
    for cycle in cycles:
        assert sorted(cycle) == sorted(TERMS)  # no repeats until every term has been posted
    assert cycles[0] != sorted(TERMS)  # shuffled, not alphabetical
    assert cycles[0] != cycles[1]  # a new order each cycle
    terms = [p.term for p in posted]
    assert all(a != b for a, b in itertools.pairwise(terms))  # never twice in a row, even across cycles


def test_deterministic_under_a_seed_and_different_per_channel() -> None:
    assert run(TERMS, 25, seed=42) == run(TERMS, 25, seed=42)
    assert run(TERMS, 25, seed=42) != run(TERMS, 25, seed=43)
    assert run(TERMS, 25, channel="T1/C1") != run(TERMS, 25, channel="T1/C2")
    assert cycle_order(TERMS, seed=5, channel="x", cycle=0) == cycle_order(list(reversed(TERMS)), seed=5,
                                                                          channel="x", cycle=0)


def test_added_terms_join_and_removed_terms_are_skipped() -> None:
    first_half = run(TERMS, 10)
    seen = {p.term for p in first_half}
    removed = next(t for t in TERMS if t not in seen)
    edited = [t for t in TERMS if t != removed] + ["Brand New Term"]
    rest = run(edited, len(TERMS) - 10, history=first_half)
    cycle0 = [p.term for p in rest if p.cycle == 0]
    assert "Brand New Term" in cycle0[10:]  # joined the current cycle
    assert removed not in cycle0
    assert sorted(cycle0) == sorted(edited)  # still each term exactly once
    assert rest[-1].cycle == 0 and run(edited, 1, history=rest)[-1].cycle == 1


def test_case_insensitive_history_and_tiny_glossaries() -> None:
    history = [PostedTerm(date(2024, 1, 1), "term 00", 0)]
    pick = next_term(["Term 00", "Term 01"], history, seed=1, channel="c")
    assert pick is not None and pick.term == "Term 01"
    only = run(["Solo"], 3)
    assert [p.term for p in only] == ["Solo"] * 3 and [p.cycle for p in only] == [0, 1, 2]
    assert next_term([], [], seed=1, channel="c") is None
