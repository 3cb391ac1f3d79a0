"""Synthetic CS glossaries and query mixes, deterministic under a seed.

    python -m bench.synth --size 2000 --out /tmp/glossary-2000.yaml   # write one as glossary YAML
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.vocab import (
    CATEGORY_BY_ARTIFACT,
    DEFINITION_OPENERS,
    DEFINITION_SCOPES,
    QUESTION_TEMPLATES,
    SLOTS,
)
from bot.glossary.load import SHIPPED_GLOSSARY
from bot.glossary.model import Entry, Glossary
from bot.search.normalize import compact, normalize_name, words_read_once
from bot.text.stem import stem
from bot.text.vocabulary import Vocabulary, check_targets, load_vocabulary, vocabulary_path

SIZES: tuple[int, ...] = (200, 2_000, 20_000, 100_000)
KINDS: tuple[str, ...] = ("exact", "alias", "typo", "question")
# Which vocabulary slots (segment, motion, measure, artifact) a name uses; weights favour 3-4 words.
PATTERNS: tuple[tuple[tuple[int, ...], int], ...] = (
    ((0, 1, 2, 3), 6), ((1, 2, 3), 3), ((0, 1, 2), 2), ((0, 2, 3), 2), ((1, 2), 1), ((2, 3), 1),
)


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    expected: str  # canonical term of the entry that answers it


def _key(text: str) -> str:
    return compact(normalize_name(text))


def _acronym(term: str) -> str:
    return "".join(part[0] for part in term.replace("-", " ").split()).upper()


def _entry(term: str, aliases: tuple[str, ...], rng: random.Random) -> Entry:
    artifact = term.split()[-1]
    definition = f"{rng.choice(DEFINITION_OPENERS)} {term.lower()} {rng.choice(DEFINITION_SCOPES)}."
    return Entry(term=term, category=CATEGORY_BY_ARTIFACT.get(artifact, "metric"), definition=definition,
                 aliases=aliases)


def synth_glossary(size: int, seed: int = 6) -> Glossary:
    """`size` entries with unique names; about half carry a unique acronym alias."""
    rng = random.Random(seed)
    patterns = [p for p, _ in PATTERNS]
    weights = [w for _, w in PATTERNS]
    used: set[str] = set()
    entries: list[Entry] = []
    while len(entries) < size:
        slots = rng.choices(patterns, weights)[0]
        term = " ".join(rng.choice(SLOTS[s]) for s in slots)
        key = _key(term)
        if key in used:
            continue
        used.add(key)
        acronym = _acronym(term)
        aliases: tuple[str, ...] = ()
        if len(acronym) >= 3 and _key(acronym) not in used:
            used.add(_key(acronym))
            aliases = (acronym,)
        entries.append(_entry(term, aliases, rng))
    return Glossary(tuple(entries), vocabulary=shipped_vocabulary(entries))


def shipped_vocabulary(entries: list[Entry]) -> Vocabulary:
    """The shipped vocabulary as a team would keep it for these entries: the chatter, and the rewrites whose
    target words the names and definitions use (what `csterm check` requires) and whose source is not already
    their own words (the synthetic names say `Utilization`: no team would rewrite it to `usage`)."""
    vocabulary = load_vocabulary(vocabulary_path(SHIPPED_GLOSSARY))
    known = {stem(w) for e in entries for text in (*e.names, e.definition) for w in words_read_once(text)}
    rejected = {p.term for p in check_targets(vocabulary, known)}
    name_words = {w for e in entries for name in e.names for w in words_read_once(name)}
    return vocabulary.without(lambda phrase: " ".join(phrase) in rejected or all(w in name_words for w in phrase))


def _typo(text: str, rng: random.Random, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        letters = [i for i, c in enumerate(chars) if c.isalpha()]
        i = rng.choice(letters[1:] or letters)  # keep the first letter, as most typists do
        kind = rng.choice(("substitute", "delete", "insert", "transpose"))
        if kind == "substitute":
            chars[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
        elif kind == "delete":
            del chars[i]
        elif kind == "insert":
            chars.insert(i, rng.choice("abcdefghijklmnopqrstuvwxyz"))
        elif i + 1 < len(chars) and chars[i + 1].isalpha():
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def _typo_query(entry: Entry, keys: list[str], rng: random.Random) -> str | None:
    """A 1-2 edit typo of the name that is still nearer to it than to any other name (else None)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    text = _typo(entry.term, rng, rng.choice((1, 1, 2)))
    key = _key(text)
    nearest = process.extract(key, keys, scorer=Levenshtein.distance, processor=None, limit=2)
    if not nearest or nearest[0][1] == 0 or nearest[0][0] != _key(entry.term):
        return None
    if len(nearest) > 1 and nearest[1][1] <= nearest[0][1]:
        return None
    return text


def _case(text: str, rng: random.Random) -> str:
    return rng.choice((text, text.lower(), text.lower(), text.upper() if len(text) < 8 else text))


def synth_queries(glossary: Glossary, count: int, seed: int = 6) -> list[Query]:
    """`count` queries cycling through exact names, aliases (acronyms), typos (1-2 edits) and questions."""
    rng = random.Random(seed * 7919 + len(glossary))
    entries = list(glossary.entries)
    with_alias = [e for e in entries if e.aliases]
    keys = [_key(n) for e in entries for n in e.names]
    queries: list[Query] = []
    while len(queries) < count:
        kind = KINDS[len(queries) % len(KINDS)]
        entry = rng.choice(with_alias if kind == "alias" else entries)
        if kind == "exact":
            text: str | None = _case(entry.term, rng)
        elif kind == "alias":
            text = rng.choice((entry.aliases[0], entry.aliases[0].lower()))
        elif kind == "typo":
            text = _typo_query(entry, keys, rng)
        else:
            name = rng.choice(entry.names)
            text = rng.choice(QUESTION_TEMPLATES).format(name if name.isupper() else name.lower())
        if text is not None:
            queries.append(Query(text, kind, entry.term))
    return queries


def entries_yaml(entries: Iterable[Entry]) -> str:
    """The entries in the glossary file format (what `csterm check` validates)."""
    data = []
    for e in entries:
        item: dict[str, object] = {"term": e.term}
        if e.aliases:
            item["aliases"] = list(e.aliases)
        item |= {"category": e.category, "definition": e.definition}
        data.append(item)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.write_text(entries_yaml(synth_glossary(args.size, args.seed)), encoding="utf-8")
    print(f"wrote {args.size} entries to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
