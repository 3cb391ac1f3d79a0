"""The realistic query mix both load benchmarks use: eight kinds of what people really type, not just names.

bench.lookup_speed's original mix was 75 % exact hits and bench.requests' was names, aliases and "what is X?": all
cheap, all cached after warm-up. Real traffic also holds typos one and two letters off, off-topic questions and
single common words ("account", "revenue"), whose cost grows with the glossary. Each kind is built from the
glossary (deterministic under a seed), so the same mix runs at 200 or 100,000 entries:

- exact: a term as written;  alias: an alias (acronym) as written;  lowercase: a term or alias in lower case;
- typo: one or two edits of a term (half each), still nearer to it than to any other name;
- question: "what is X?" and the like;  offtopic: questions the glossary cannot answer;
- vocabulary: one common word of the glossary's names (the word on the most names first);
- comparison: "A vs B" / "difference between A and B" (two lookups).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from bench.synth import _key, _typo
from bench.vocab import QUESTION_TEMPLATES
from bot.glossary.model import Entry, Glossary

KINDS: tuple[str, ...] = ("exact", "alias", "lowercase", "typo", "question", "offtopic", "vocabulary", "comparison")

OFF_TOPIC: tuple[str, ...] = (
    "vacation policy", "where is the coffee machine?", "how do I reset my laptop password", "kubernetes helm chart",
    "lunch menu today", "what time is the all hands", "expense report deadline", "who won the game last night",
    "parking permit", "how do i book a meeting room", "printer on floor three is broken", "wifi password",
    "travel reimbursement form", "birthday cake in the kitchen", "quarterly tax filing for contractors",
    "what is the capital of australia", "merge conflict in git", "python asyncio tutorial",
    "spreadsheet pivot table", "holiday calendar 2027",
)
COMPARISON_TEMPLATES: tuple[str, ...] = ("{} vs {}", "{} versus {}", "difference between {} and {}")


@dataclass(frozen=True)
class MixQuery:
    text: str
    kind: str
    expected: str | None  # the entry that answers it (None: off-topic, vocabulary, comparison)


def _typo_of(entry: Entry, keys: dict[str, int], rng: random.Random, edits: int) -> str | None:
    """An `edits`-edit typo of the term that is no other name exactly (cheap: the nearest-name check is left to
    the matcher; what matters here is the cost of answering it)."""
    text = _typo(entry.term, rng, edits)
    key = _key(text)
    return text if key and key not in keys else None


def common_words(glossary: Glossary, count: int = 40) -> list[str]:
    """The words on the most names: the lookups whose candidate lists grow with the glossary."""
    counts: Counter[str] = Counter()
    for entry in glossary.entries:
        for word in {w.lower().strip(".,()") for w in entry.term.replace("-", " ").split()}:
            if len(word) > 3:
                counts[word] += 1
    return [w for w, _ in counts.most_common(count)]


def realistic_mix(glossary: Glossary, per_kind: int, seed: int = 6) -> list[MixQuery]:
    """`per_kind` queries of each kind, interleaved (exact, alias, …, comparison, exact, …)."""
    rng = random.Random(seed * 104729 + len(glossary))
    entries = list(glossary.entries)
    with_alias = [e for e in entries if e.aliases] or entries
    keys = {_key(n): i for i, e in enumerate(entries) for n in e.names}
    words = common_words(glossary)
    by_kind: dict[str, list[MixQuery]] = {kind: [] for kind in KINDS}
    attempts = 0
    while any(len(v) < per_kind for v in by_kind.values()) and attempts < per_kind * 200:
        attempts += 1
        for kind in KINDS:
            if len(by_kind[kind]) >= per_kind:
                continue
            made = _make(kind, entries, with_alias, keys, words, rng, len(by_kind[kind]))
            if made is not None:
                by_kind[kind].append(made)
    return [by_kind[kind][i] for i in range(per_kind) for kind in KINDS if i < len(by_kind[kind])]


def _make(kind: str, entries: list[Entry], with_alias: list[Entry], keys: dict[str, int], words: list[str],
          rng: random.Random, n: int) -> MixQuery | None:
    entry = rng.choice(with_alias if kind == "alias" else entries)
    if kind == "exact":
        return MixQuery(entry.term, kind, entry.term)
    if kind == "alias":
        alias = entry.aliases[0] if entry.aliases else entry.term
        return MixQuery(alias, kind, entry.term)
    if kind == "lowercase":
        return MixQuery(rng.choice(entry.names).lower(), kind, entry.term)
    if kind == "typo":
        text = _typo_of(entry, keys, rng, 1 + n % 2)
        return None if text is None else MixQuery(text, kind, entry.term)
    if kind == "question":
        name = rng.choice(entry.names)
        return MixQuery(rng.choice(QUESTION_TEMPLATES).format(name if name.isupper() else name.lower()), kind,
                        entry.term)
    if kind == "offtopic":
        return MixQuery(OFF_TOPIC[n % len(OFF_TOPIC)], kind, None)
    if kind == "vocabulary":
        return MixQuery(words[n % len(words)] if words else "account", kind, None)
    other = rng.choice(entries)
    first, second = rng.choice(entry.names), rng.choice(other.names)
    return MixQuery(rng.choice(COMPARISON_TEMPLATES).format(first, second), kind, None)
