"""Which term a channel gets: a shuffled walk through the whole glossary, no repeats until every term has come up.

The order of a cycle is the terms sorted by a keyed hash of (seed, channel, cycle, term): shuffled, the same in
every process, and stable when the glossary changes: a new term takes its place in the current cycle's order,
a removed one is simply no longer there, and the others keep their order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.store.records import PostedTerm


@dataclass(frozen=True)
class Pick:
    term: str
    cycle: int


def _rank(seed: int, channel: str, cycle: int, term: str) -> bytes:
    return hashlib.sha256(f"{seed}\x1f{channel}\x1f{cycle}\x1f{term.casefold()}".encode()).digest()


def cycle_order(terms: Iterable[str], *, seed: int, channel: str, cycle: int) -> list[str]:
    """Every term once, in the shuffled order of that cycle."""
    unique = {term.casefold(): term for term in terms}
    return sorted(unique.values(), key=lambda term: _rank(seed, channel, cycle, term))


def next_term(terms: Iterable[str], history: Sequence[PostedTerm], *, seed: int, channel: str) -> Pick | None:
    """The next term for the channel given what it already got (oldest first); None for an empty glossary."""
    current = list(terms)
    if not current:
        return None
    cycle = history[-1].cycle if history else 0
    seen = {posted.term.casefold() for posted in history if posted.cycle == cycle}
    remaining = [t for t in cycle_order(current, seed=seed, channel=channel, cycle=cycle) if t.casefold() not in seen]
    if remaining:
        return Pick(remaining[0], cycle)
    cycle += 1
    order = cycle_order(current, seed=seed, channel=channel, cycle=cycle)
    last = history[-1].term.casefold() if history else None
    if len(order) > 1 and order[0].casefold() == last:
        return Pick(order[1], cycle)  # never the same term two days running across a cycle boundary
    return Pick(order[0], cycle)


def term_for_day(terms: Iterable[str], day: date, *, seed: int, channel: str) -> str | None:
    """The term for `day` where nothing is posted (the App Home): the day's place in the same shuffled cycles,
    so every term comes up once before any repeats. None for an empty glossary."""
    unique = list({term.casefold(): term for term in terms}.values())
    if not unique:
        return None
    number = day.toordinal()
    order = cycle_order(unique, seed=seed, channel=channel, cycle=number // len(unique))
    return order[number % len(order)]
