"""The vocabulary table: how people write what the glossary names (short forms, synonyms, spellings) and the
chatter around a question. Data, read from vocabulary.yaml beside glossary.yaml, so teams extend it without code.

A rewrite maps a phrase of one to four words to the words the glossary uses (`acct` -> `account`, `attrition`
-> `churn`, `organisation` -> `organization`); rewrites apply to queries only, once, longest phrase first, in
one pass over the words (linear in the query). Chatter phrases are peeled off the start and the end of a query
(`tldr`, `this quarter`), never down to nothing. Everything is compared in normalised words (the same
`normalize_words` as names), so `KPIs`, `kpi` and `K.P.I.` are one key.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bot.glossary.errors import GlossaryError, GlossaryInvalid
from bot.glossary.yaml_lines import LineDict, load_with_lines
from bot.search.normalize import normalize_words
from bot.text.other_fields import parse_other_fields
from bot.text.stem import stem

REWRITE_SECTIONS = ("short_forms", "synonyms", "spellings")
SECTIONS = (*REWRITE_SECTIONS, "chatter", "other_fields")
CHATTER_KEYS = ("leading", "trailing")
MAX_PHRASE_WORDS = 4
FILE_NAME = "vocabulary.yaml"

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Rewrite:
    source: Phrase
    target: Phrase
    section: str
    line: int


@dataclass(frozen=True)
class Rewritten:
    """A query's words after the rewrites, with the positions (in `words`) of what some rewrites put there."""

    words: list[str]
    synonyms: set[int]  # words a one-word synonym put there: the same idea, another word (`upgrade` -> `upsell`)
    condensed: set[int]  # single words standing for a phrase the writer wrote (`stop paying` -> `churn`)
    expanded: set[int]  # words a short form of one word spelt out (`cs` -> `customer success`)
    kept: set[int] = field(default_factory=set)  # words kept as typed: a name the rewrites would have changed

    def within(self, start: int, end: int) -> Rewritten:
        """The same, for the words from `start` to `end` (chatter peeled off), positions counted from `start`."""
        def cut(positions: set[int]) -> set[int]:
            return {p - start for p in positions if start <= p < end}
        return Rewritten(self.words[start:end], cut(self.synonyms), cut(self.condensed), cut(self.expanded),
                         cut(self.kept))


@dataclass(frozen=True)
class Vocabulary:
    rewrites: dict[Phrase, Rewrite] = field(default_factory=dict)
    leading: frozenset[Phrase] = frozenset()
    trailing: frozenset[Phrase] = frozenset()
    path: str = ""
    other_fields: dict[Phrase, int] = field(default_factory=dict)  # another field's words and phrases: their line

    def same_words(self) -> Vocabulary:
        """The rewrites that write the same word another way (short forms, spellings), without the synonyms."""
        return replace(self, rewrites={k: r for k, r in self.rewrites.items() if r.section != "synonyms"})

    def rewrite(self, words: Sequence[str]) -> list[str]:
        """The words with every known phrase replaced, longest phrase first, in one left-to-right pass."""
        return self.rewrite_marked(words).words if self.rewrites else list(words)

    def rewrite_marked(self, words: Sequence[str], kept: Callable[[Sequence[str], int], int] | None = None,
                       named: Callable[[str], bool] | None = None) -> Rewritten:
        """`rewrite`, with the positions of the words a one-word synonym put there (words for the same idea that
        the writer did not use, unlike short forms and spellings, which are the same word written another way),
        of the single words that stand for a phrase the writer wrote (that word is the phrase's, not a word to
        join with its neighbours), and of the words a one-word short form spelt out (`cs`: the writer typed one
        word). `kept(words, i)`: how many words from i to keep as typed, a name the rewrites would change
        (`client onboarding portal`); `named(word)`: whether a word is itself a name, so that its one-word synonym
        is not marked (`downgrade` is an alias of Downsell: the writer wrote that name)."""
        out: list[str] = []
        synonyms: set[int] = set()
        condensed: set[int] = set()
        expanded: set[int] = set()
        kept_at: set[int] = set()
        start = 0
        while start < len(words):
            keep = kept(words, start) if kept is not None else 0
            if keep:
                kept_at.update(range(len(out), len(out) + keep))
                out.extend(words[start:start + keep])
                start += keep
                continue
            for size in range(min(MAX_PHRASE_WORDS, len(words) - start), 0, -1):
                found = self.rewrites.get(tuple(words[start:start + size]))
                if found is not None:
                    if found.section == "synonyms" and size == 1 and not (named is not None and named(words[start])):
                        synonyms.update(range(len(out), len(out) + len(found.target)))
                    elif found.section == "synonyms" and len(found.target) == 1:
                        condensed.add(len(out))
                    elif found.section == "short_forms" and size == 1 and len(found.target) > 1:
                        expanded.update(range(len(out), len(out) + len(found.target)))
                    out.extend(found.target)
                    start += size
                    break
            else:
                out.append(words[start])
                start += 1
        return Rewritten(out, synonyms, condensed, expanded, kept_at)

    def strip_chatter(self, words: Sequence[str]) -> list[str]:
        """The words without leading and trailing chatter phrases; the last words are never stripped."""
        start, end = self.chatter_bounds(words)
        return list(words[start:end])

    def chatter_bounds(self, words: Sequence[str], kept: Collection[int] = ()) -> tuple[int, int]:
        """Where the words left after peeling chatter phrases off both ends start and end (`strip_chatter`); the
        words at `kept` (a name: `help desk ticket`) are never peeled."""
        start, end = 0, len(words)
        changed = True
        while changed:
            changed = False
            for size in range(MAX_PHRASE_WORDS, 0, -1):
                if (end - start > size and tuple(words[start:start + size]) in self.leading
                        and start + size - 1 not in kept):
                    start, changed = start + size, True
                    break
                if (end - start > size and tuple(words[end - size:end]) in self.trailing
                        and end - size not in kept):
                    end, changed = end - size, True
                    break
        return start, end

    def without(self, drop: Callable[[Phrase], bool]) -> Vocabulary:
        """The same vocabulary without the rewrites whose source phrase `drop` accepts."""
        return replace(self, rewrites={k: r for k, r in self.rewrites.items() if not drop(k)})

    def target_words(self) -> list[tuple[Rewrite, str]]:
        return [(r, w) for r in self.rewrites.values() for w in r.target]


EMPTY = Vocabulary()


def vocabulary_path(glossary_path: Path) -> Path:
    """vocabulary.yaml in the glossary's folder."""
    return glossary_path.with_name(FILE_NAME)


def _phrase(text: Any) -> Phrase:
    return normalize_words(text) if isinstance(text, str) else ()


def parse_vocabulary(text: str, file: str) -> Vocabulary:
    """Parse vocabulary YAML; raise GlossaryInvalid with every structural problem, by line."""
    problems: list[GlossaryError] = []
    try:
        raw = load_with_lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        raise GlossaryInvalid([GlossaryError(file, mark.line + 1 if mark else 0, None,
                                             f"YAML syntax error: {reason}")]) from None
    if raw is None:
        return Vocabulary(path=file)
    if not isinstance(raw, LineDict):
        raise GlossaryInvalid([GlossaryError(file, 1, None, f"the vocabulary must be a mapping with keys "
                                                            f"{', '.join(SECTIONS)}")])

    def report(line: int, term: str | None, message: str) -> None:
        problems.append(GlossaryError(file, line, term, message))

    rewrites: dict[Phrase, Rewrite] = {}
    for section, body in raw.items():
        line = raw.line_of(section)
        if section not in SECTIONS:
            report(line, None, f"unknown section {section!r} (expected one of {', '.join(SECTIONS)})")
        elif section in REWRITE_SECTIONS:
            _parse_rewrites(section, body, line, rewrites, report)
    leading, trailing = _parse_chatter(raw.get("chatter"), raw.line_of("chatter"), report)
    other_fields = parse_other_fields(raw.get("other_fields"), raw.line_of("other_fields"), report)
    vocabulary = Vocabulary(rewrites, frozenset(leading), frozenset(trailing), file, other_fields)
    _check_cycles(vocabulary, report)
    if problems:
        raise GlossaryInvalid(problems)
    return vocabulary


def _parse_rewrites(section: str, body: Any, line: int, rewrites: dict[Phrase, Rewrite],
                    report: Callable[[int, str | None, str], None]) -> None:
    if body is None:
        return
    if not isinstance(body, LineDict):
        report(line, None, f"{section} must map a word or phrase to the words the glossary uses")
        return
    for source_text, target_text in body.items():
        at = body.line_of(source_text)
        source, target = _phrase(str(source_text)), _phrase(target_text)
        if not source or len(source) > MAX_PHRASE_WORDS:
            report(at, str(source_text), f"a {section} key must be 1-{MAX_PHRASE_WORDS} words")
        elif not target:
            report(at, str(source_text), f"{section}: {source_text!r} needs the words it stands for, as text")
        elif source in rewrites:
            report(at, str(source_text), f"{source_text!r} is already listed on line {rewrites[source].line}")
        else:
            rewrites[source] = Rewrite(source, target, section, at)


def _parse_chatter(body: Any, line: int, report: Callable[[int, str | None, str], None]
                   ) -> tuple[list[Phrase], list[Phrase]]:
    if body is None:
        return [], []
    if not isinstance(body, LineDict):
        report(line, None, "chatter must have `leading:` and `trailing:` lists of phrases")
        return [], []
    found: dict[str, list[Phrase]] = {"leading": [], "trailing": []}
    for key, phrases in body.items():
        at = body.line_of(key)
        if key not in CHATTER_KEYS:
            report(at, None, f"unknown chatter key {key!r} (expected leading or trailing)")
        elif not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            report(at, None, f"chatter {key} must be a list of phrases")
        else:
            for text in phrases:
                phrase = _phrase(text)
                if not phrase or len(phrase) > MAX_PHRASE_WORDS:
                    report(at, text, f"a chatter phrase must be 1-{MAX_PHRASE_WORDS} words")
                else:
                    found[key].append(phrase)
    return found["leading"], found["trailing"]


def _check_cycles(vocabulary: Vocabulary, report: Callable[[int, str | None, str], None]) -> None:
    """A rewrite whose target holds a phrase that is rewritten again, back to where it started, loops."""
    edges: dict[Phrase, list[Phrase]] = {}
    for source, rewrite in vocabulary.rewrites.items():
        target = rewrite.target
        edges[source] = [target[i:i + n] for n in range(1, MAX_PHRASE_WORDS + 1)
                         for i in range(len(target) - n + 1) if target[i:i + n] in vocabulary.rewrites]
    state: dict[Phrase, int] = {}  # 1 visiting, 2 done

    def visit(node: Phrase, path: list[Phrase]) -> None:
        state[node] = 1
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                loop = [*path[path.index(nxt):], nxt] if nxt in path else [node, nxt]
                rewrite = vocabulary.rewrites[node]
                report(rewrite.line, " ".join(node), "rewrites form a cycle: " + " -> ".join(" ".join(p) for p in loop))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for source in vocabulary.rewrites:
        if source not in state:
            visit(source, [source])


def check_targets(vocabulary: Vocabulary, known_stems: set[str]) -> list[GlossaryError]:
    """Every target word must be a word of some glossary name or definition, compared by stem as the matcher
    compares them (else the rewrite leads nowhere)."""
    problems = []
    for rewrite, word in vocabulary.target_words():
        if stem(word) not in known_stems:
            problems.append(GlossaryError(vocabulary.path, rewrite.line, " ".join(rewrite.source),
                                          f"{rewrite.section}: {word!r} is not a word of any glossary name or "
                                          "definition"))
    return problems


def load_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary at `path`; an empty one when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Vocabulary(path=str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryInvalid([GlossaryError(str(path), 0, None, f"cannot be read: {error}")]) from None
    return parse_vocabulary(text, str(path))
