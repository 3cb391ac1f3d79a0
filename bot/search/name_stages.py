"""The name stages of the matcher: names found inside a longer query, partial names, and the typo fixes both use.

Each returns candidate entries with a score on the matcher's 0-100 scale (docs/matching.md explains the scale).
Everything is one pass over the query's words with dictionary lookups and posting intersections: linear in the
query's length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from bot.glossary.model import Entry
from bot.search.fulltext import content_stems, content_words
from bot.search.names import NameIndex
from bot.search.normalize import normalize_words, singular
from bot.search.stemmed import StemmedNames
from bot.text.stem import stems
from bot.text.vocabulary import Rewritten

CONTAINED_ALONE = 95.0  # a name in the query, the other words naming nothing else in the glossary
CONTAINED_SHARED = 80.0  # ... plus up to 10 by the share of the query it covers, when other words name things
CONTAINED_LOOSE = 60.0  # ... the same, for a name met only through stems
WEAK_SHARE = 0.5  # a shared name covering less of the query, one word that is no abbreviation, is weak
DESCRIPTION_WORDS, DESCRIPTION_SHARE = 6, 0.25  # a one-word name in a question of this many content words, under
# this share of them, is a word of a description, not its subject: `record created when a customer reports an
# issue to support` describes a Support Ticket; Customer Support (alias Support) only competes
UNKNOWN_LONG_WORD = 6
MAX_FIX_WORD = 20  # longer unknown words are not typos of a name word: never looked up (no deletions generated)
MAX_NAMED = 8  # entries named in one query that are scored: keeps the work linear in the query's length
WRITTEN, FIXED, STEMMED = 0, 1, 2  # how a name was found in the query: as written, after a typo fix, by stems
SHORT_SETTING = 3  # content words of a setting short enough after a one-word name (`upsell for enterprise accounts`)
CONTEXT_WORDS = frozenset({"for", "in", "at", "after", "before", "during", "within", "across", "on", "from"})
PARTIAL_UNIQUE = 90.0  # every word is in the names of exactly one entry
PARTIAL_FEW = 78.0  # ... of two or three entries
PARTIAL_MANY, PARTIAL_MANY_OFFERED = 60.0, 3  # ... of more: the 3 with the shortest names, 60-70 by share
PARTIAL_ALONE = 70.0  # one short word that only one entry's names hold: a suggestion (`test` is not `acid test`)
CORRECTED = 4.0  # taken off a stage's score when a query word had to be corrected to reach the name


def adjacent_swaps(word: str) -> list[str]:
    """A three-letter word with two adjacent letters swapped, each way it can be, other than itself (`nwe`: `wne`,
    `new`)."""
    return [v for v in dict.fromkeys((word[1] + word[0] + word[2], word[0] + word[2] + word[1])) if v != word]


def _swapped_pair(typed: str, fixed: str) -> bool:
    """Whether `typed` is `fixed` with two adjacent letters swapped (`uplfit`: uplift)."""
    if len(typed) != len(fixed) or typed == fixed:
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, fixed, strict=True)) if a != b]
    return (len(diff) == 2 and diff[1] == diff[0] + 1
            and typed[diff[0]] == fixed[diff[1]] and typed[diff[1]] == fixed[diff[0]])


@dataclass(frozen=True)
class NameInQuery:
    entry: int
    score: float
    position: int  # where in the query the name starts
    leftover: int = 0  # content words (by stem) outside the name and its setting
    weak: bool = False  # one generic word (no abbreviation) among other names' words, under WEAK_SHARE of the query


class NameStages:
    def __init__(self, entries: Sequence[Entry], names: NameIndex, stemmed: StemmedNames,
                 knows: Callable[[str], bool], real_word: Callable[[str], bool] = lambda word: False) -> None:
        """`real_word`: whether a word is common English (bot/search/foreign.py): such a word is never marked as
        a possible typo."""
        self._entries = entries
        self._names = names
        self._stemmed = stemmed
        self._knows = knows
        self._real_word = real_word

    def typo_fixes(self, words: list[str]) -> dict[int, str]:
        """Position -> a name word, for words the glossary does not know that are near a name word: the closest
        one when it is one slip away (a transposition is one slip; two for words of eight letters or more), else
        an empty string, meaning "maybe a typo of some name word" (such a word is not chatter; so is a word of 6+
        letters that no name or definition uses). Words of four letters are only marked, never fixed; words of three
        only when two adjacent letters are swapped (`net nwe mrr`). A common
        English word the glossary does not use (`airline`, `plugin`) is not marked: it is a word, not a slip, and
        counting it as one would take the lead from a name written next to it."""
        fixes = {}
        for position, word in enumerate(words):
            if len(word) == 3:  # `net nwe mrr`: two letters swapped, the one slip fixed in a word this short
                swapped = self._swapped(word)
                if swapped:
                    fixes[position] = swapped
                continue
            if 4 <= len(word) <= MAX_FIX_WORD and word.isalpha() and not self._knows(word):
                if self._real_word(word):
                    continue
                allowed = 0 if len(word) < 5 else 1 if len(word) < 8 else 2
                close = [(OSA.distance(word, w), w) for w in self._names.corrections(word)]
                best = min(close, default=None)
                if (best is None or best[0] > allowed) and word.endswith("e") and singular(word + "s") == word:
                    plural = word + "s"  # `succes`, made `succe` as a plural: the slip is in the word as typed
                    close = [(OSA.distance(plural, w), w) for w in self._names.corrections(plural)]
                    best = min(close + ([best] if best else []), default=None)
                if best is not None and best[0] <= allowed:
                    fixes[position] = best[1]
                elif best is not None or len(word) >= UNKNOWN_LONG_WORD:  # near a name word, or long and
                    fixes[position] = ""  # unknown to the whole glossary: likely mistyped
        return fixes

    def _swapped(self, word: str) -> str | None:
        """The name word (not an acronym) a three-letter word the glossary does not know is, two adjacent letters
        swapped back."""
        for swapped in adjacent_swaps(word):
            if self._names.has_word(swapped) and not self._names.is_acronym_only(swapped):  # `qrb` is no QBR
                # the name word first: most short words swapped are none, and that costs two lookups
                known = not word.isalpha() or self._knows(word) or self._real_word(word)
                return None if known else swapped
        return None

    def contained(self, words: list[str], fixes: dict[int, str], read: Rewritten | None = None,
                  naming: bool = False) -> list[NameInQuery]:
        """Names found inside the query, longest first without overlap.

        A name written word for word whose leftover words name nothing else in the glossary is the answer
        (`whats our nrr target`); when the leftover words are words of other names, or the name was only met
        through stems or typo fixes, it competes (`retention rate` holds `retention`, but `customer retention rate`
        is closer; `renewable energy` is not `renewal`). A name met only through a one-word synonym (`upgrade` ->
        `upsell`) counts as met through stems: the writer chose another word for another idea; so does a longer
        name joining the word that stands for a phrase to its neighbours (`customer stops paying`: the customer
        churns, which is not the Customer Churn rate). A name of one word that is no abbreviation, or that the
        writer typed as a one-word short form (`cs`, `csm`: their team, often the setting), covering under half the
        query among other names' words, is weak (`opening a ticket`): the matcher lets the definitions outrank it;
        in a long description (DESCRIPTION_WORDS) it is never alone."""
        read = read or Rewritten(words, set(), set(), set())
        synonyms, condensed, expanded = read.synonyms, read.condensed, read.expanded
        fixed = [fixes.get(i) or w for i, w in enumerate(words)]
        word_stems = stems(fixed)
        by_stem, stemmed = self._stemmed.to_name_words(fixed)
        spans: list[tuple[int, int, int, int]] = []  # (entry, start, size, how: WRITTEN, FIXED or STEMMED)
        start = 0
        while start < len(fixed):
            for size in range(min(self._names.max_words, len(fixed) - start), 0, -1):
                span = range(start, start + size)
                if all(fixes.get(i) for i in span) and any(
                        len(words[i]) < 7 and not _swapped_pair(words[i], fixes[i]) for i in span):
                    continue  # a short typo fix alone is not a name (`lunch` is not `launch`; `uplfit` is `uplift`)
                literal = self._names.exact.get("".join(fixed[start:start + size]))
                ids = literal or (self._names.exact.get("".join(by_stem[start:start + size]), ())
                                  if any(i in stemmed for i in span) else ())
                if ids:
                    as_typed = sum(1 for i in span if i not in stemmed and not fixes.get(i))
                    if any(i in synonyms for i in span) or (size > 1 and any(i in condensed for i in span)) or (
                            not literal and (size < 2 or 2 * as_typed < size)):
                        how = STEMMED
                    else:  # a word of a longer name met by its stem, the others as typed: a slip (`revenu churn`)
                        how = FIXED if not literal or any(fixes.get(i) for i in span) else WRITTEN
                    spans.append((ids[0], start, size, how))
                    start += size
                    break
            else:
                start += 1
        if not spans:
            return []
        content = set(content_stems(fixed))
        entries = list(dict.fromkeys(span[0] for span in spans))[:MAX_NAMED]  # the rest is a list, not a question
        context, context_from = self._context_entries(fixed, spans)
        subject = [e for e in entries if e not in context]
        found = []
        for entry in entries:
            mine = [(start, size, how) for e, start, size, how in spans if e == entry]
            covered = {i for start, size, _ in mine for i in range(start, start + size)}
            if len(subject) == 1 and entry == subject[0] and context:  # `X for Y`, `X after Y`: from `for` on,
                covered |= set(range(context_from, len(fixed)))  # the words are the setting, not the subject
            elif entry == spans[0][0] and self._only_the_name_before(fixed, mine, covered, context_from, content):
                covered |= set(range(context_from, len(fixed)))  # `nrr for enterprise accounts`
            if len(content) < DESCRIPTION_WORDS:  # `escalation process`, `customer academy programme`
                covered |= self._kind_words_after(fixed, mine)
            own = {s for name in self._entries[entry].names for s in stems(normalize_words(name))}
            leftover = {word_stems[i] for i in range(len(fixed)) if i not in covered} & content
            foreign = sum(1 for s in leftover if self._stemmed.is_name_stem(s) and s not in own)
            foreign += sum(1 for i in range(len(words)) if fixes.get(i) == "" and i not in covered)
            share = min(1.0, len({word_stems[i] for i in covered} & content) / max(1, len(content)))
            how = max(h for *_, h in mine)
            penalty = CORRECTED if how == FIXED else 0.0
            weak = False
            written_at = [i for start, size, _ in mine for i in range(start, start + size)]
            short_form = all(i in expanded for i in written_at)  # `cs`, `csm`: the writer's team or role, often
            if short_form:  # the setting of the question (`what's the handoff cs keeps complaining about`)
                share = min(share, 1 / max(1, len(content) - len(written_at) + 1))
            lone_word = short_form or not any(
                size > 1 or self._names.is_abbreviation("".join(fixed[start:start + size])) for start, size, _ in mine)
            one_word = lone_word or all(size == 1 for _, size, _ in mine)  # an acronym too: `% of starting ARR`
            described = naming or (one_word and len(content) >= DESCRIPTION_WORDS and share < DESCRIPTION_SHARE)
            if len(subject) == 1 and entry == subject[0] and not foreign and how != STEMMED and not described:
                score = CONTAINED_ALONE - penalty
            elif len(entries) == 1 and not leftover:
                score = CONTAINED_ALONE - CORRECTED
            elif how != STEMMED:
                score = CONTAINED_SHARED + 10 * share - penalty
                weak = share < WEAK_SHARE and (lone_word or described)
            else:  # met only through stems, with other words around: a suggestion (`renewable` is not `renewal`)
                score = CONTAINED_LOOSE + 10 * share
            found.append(NameInQuery(entry, score, min(start for start, _, _ in mine), len(leftover), weak))
        return found

    def _only_the_name_before(self, words: list[str], mine: list[tuple[int, int, int]], covered: set[int],
                              setting: int, content: set[str]) -> bool:
        """Whether the question is the name, then its setting (`nrr for enterprise accounts`, `upsell for enterprise
        accounts`): no other content word comes before the setting word (`for`, `in` …), and the name is several
        words or an abbreviation, or the setting is short (SHORT_SETTING content words): `billing them at year end for
        the extra seats they used beyond what they bought` describes the True-Up."""
        if setting >= len(words):
            return False
        before = set(stems([words[i] for i in range(setting) if i not in covered]))
        if before & content:
            return False
        strong = any(size > 1 or self._names.is_abbreviation("".join(words[start:start + size]))
                     for start, size, _ in mine)
        return strong or len(set(stems(words[setting:])) & content) <= SHORT_SETTING

    def _kind_words_after(self, words: list[str], mine: list[tuple[int, int, int]]) -> set[int]:
        """The positions of kind words (NameIndex.kind_words) written right after the name: part of it, unless a
        name holds the pair (`advocacy program` is the Customer Advocacy Program, not Customer Advocacy's)."""
        return {start + size for start, size, _ in mine if start + size < len(words)
                and words[start + size] in self._names.kind_words
                and (words[start + size - 1], words[start + size]) not in self._names.kind_pairs}

    @staticmethod
    def _context_entries(words: list[str], spans: list[tuple[int, int, int, int]]) -> tuple[set[int], int]:
        """Entries named after the first one behind a word such as `for`, `in` or `after`: the setting of the
        question, not its subject (`what does hypercare mean after go live`, `a good nps for saas`); and the
        position of that word."""
        first_entry, first_start, first_size, _ = spans[0]
        end = first_start + first_size
        after = next((i for i in range(end, len(words)) if words[i] in CONTEXT_WORDS), len(words))
        context = {entry for entry, start, _, _ in spans[1:] if start > after and entry != first_entry}
        return context, after

    def partial(self, words: list[str], fixes: dict[int, str]) -> list[tuple[int, float]]:
        """A part of a name (`customer effort`, `advisory board`): every content word is in the names of one
        entry (an answer; one short word alone is only a suggestion) or of two or three (candidates)."""
        content = content_stems([fixes.get(i) or w for i, w in enumerate(words)])
        if not content or not all(self._stemmed.is_name_stem(s) for s in content):
            return []
        penalty = CORRECTED if any(fixes.values()) else 0.0
        holders, closest = self._stemmed.closest_naming_all(content, PARTIAL_MANY_OFFERED)
        if len(holders) == 1:
            word = content_words(words)[0]  # one word alone, short or met only by its stem, is a suggestion:
            lone_short_word = len(content) == 1 and (len(word) < 7 or not self._names.has_word(word))  # `staging`
            return [(next(iter(holders)), (PARTIAL_ALONE if lone_short_word else PARTIAL_UNIQUE) - penalty)]
        if 1 < len(holders) <= 3:
            return [(i, PARTIAL_FEW - penalty) for i in sorted(holders)]
        # Many entries hold these words (`renew`: Renewal Date, Auto-Renewal, Available to Renew ...): rank them
        # by how much of the name the query is, and offer the closest few as candidates, never an answer.
        return [(i, PARTIAL_MANY + 10 * min(1.0, len(content) / size) - penalty - 0.1 * rank)
                for rank, (i, size) in enumerate(closest)]

