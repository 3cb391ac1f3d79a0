"""Answer a query with the glossary: one confidence model over a few cheap stages (docs/matching.md).

Stages, each scoring candidate entries on one 0-100 scale: exact name (100), `asked_as` phrase (100), the same
words by stem (98), a name inside a longer query (95 when the other words are chatter, less when they name other
things), a partial name only one entry has (90), typo-tolerant names (rapidfuzz), and the words of the
definitions and `asked_as` phrases (BM25 coverage). The best score per entry counts; the ranking decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Literal

from rapidfuzz.distance import OSA

from bot.glossary.model import Entry, Glossary
from bot.search.asking import asked_about, asks_for_a_name, question_line, topic_clauses
from bot.search.bounds import MAX_WORD_CHARS, bounded_query, bounded_text
from bot.search.clauses import clauses
from bot.search.comparison import find_comparison, prefer_shared_head
from bot.search.foreign import (
    FIRST_PERSON_OWNER,
    ForeignWords,
    is_english_word,
    known_to_either,
    marked_other_field,
    name_spans,
)
from bot.search.fulltext import (
    NEGATED,
    FullTextIndex,
    ScoredEntry,
    content_stems,
    content_terms,
    content_words,
    negation_marked,
    term,
)
from bot.search.meaning import EntryMeanings
from bot.search.name_stages import CONTAINED_ALONE, NameStages, adjacent_swaps
from bot.search.names import NameIndex
from bot.search.normalize import (
    compact,
    normalize,
    normalize_name,
    normalize_words,
    slack_link_labels,
    strip_slack_markup,
    words_read_once,
)
from bot.search.stemmed import StemmedNames
from bot.search.unsure_order import UnsureOrder
from bot.text.other_fields import phrases_in
from bot.text.stem import stems
from bot.text.vocabulary import Rewritten, Vocabulary

Status = Literal["match", "ambiguous", "none"]

CONFIDENT = 88.0  # a score at or above this, clearly ahead of the next entry, is a match
CLEAR_LEAD = 5.0
PLAUSIBLE = 75.0  # a single candidate this good, with nothing within SINGLE_LEAD of it, is also a match
SINGLE_LEAD = 15.0
MIN_SINGLE_FUZZY = 8  # ... but a fuzzy score answers alone only for queries of this many letters (`churros`)
TOPIC = 95.0  # a name written as a clause of its own before the rest of the question: the name inside, alone
CHAT_CLAUSE_FOREIGN = 2  # words of other fields in a question's other clauses that make them more than chat
TIED = 1.0  # candidates this close to the best score are as good: a name written out among them is offered first
SUGGEST = 50.0  # below this a candidate is not offered as "did you mean"
MAX_CANDIDATES = 5
MIN_PHRASE_WORDS = 2  # an `asked_as` phrase answers word for word only with this many content words: `who is who at
# the customer` is not the answer to `customer`
GIST_POOL, GIST_POOL_COVERAGE = 10, 0.3  # the full-text hits whose gists are compared (docs/matching.md)

MAX_REMEMBERED_OWN = 4096  # entries whose name words _slips_of_own_name keeps (a few words each)
SWAPPED_ACRONYM = 70.0  # an acronym with two letters swapped, alone: a suggestion (the partial stage's short word)
MIN_SLIP = 4  # letters of a word that may be a slip of the answer's own name word (`heath check`)
NAMED = 76.0  # a name stage's score this high: the query writes that entry's name out (a typo fixed at most)
SAME_STEMS = 98.0  # every word maps to a name word with the same stem
FULLTEXT_SURE = 90.0  # the best full-text hit, clearly ahead, with enough evidence (see _fulltext_scores)
FULLTEXT_LEAD = 1.3  # ... clearly ahead: its BM25 at least this many times the second's
FULLTEXT_EVIDENCE = 10.0  # ... enough evidence: BM25 at least this (no off-topic query in our sets reaches 9)
FULLTEXT_FLOOR, FULLTEXT_SPAN = 40.0, 50.0  # otherwise: floor + span * coverage, below CONFIDENT
MIN_FULLTEXT_COVERAGE = 0.5  # hits covering less of the query's weight are not offered
LONG_QUESTION, LONG_QUESTION_COVERAGE = 5, 0.3  # ... unless nothing covers that much of a question this long
WIDE_SURE_WORDS = 6  # such a hit answers only in a question of this many content words, and no other name written
NARROW_LEAD, MEANING_COVERAGE, MEANING_MIN_WORDS = 1.05, 0.7, 4  # a narrower lead is sure when the hit covers this
# much of a question of this many content words and the question's meaning is close to the entry (_meaning_agrees)
DESCRIBED_ALONE_WORDS = 5  # other content words around a name alone that make the question a description


@dataclass(frozen=True)
class Match:
    query: str
    status: Status
    entry: Entry | None
    score: float
    candidates: tuple[Entry, ...] = ()
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    entry: Entry
    score: float


_FIRST_PERSON_OWNER = re.compile(rf"\b{FIRST_PERSON_OWNER}\b", re.IGNORECASE)  # a `my` somewhere in the text


def _spelt_out(vocabulary: Vocabulary, starts: frozenset[str], words: list[str]) -> list[str] | None:
    """A name's words with its short forms and spellings written as a query's are read (`sales to cs handoff` ->
    `sales to customer success handoff`), or None when that changes nothing. Synonyms are left out: another word
    for the idea is not the name. `starts`: the first words of the vocabulary's phrases (most names hold none:
    no rewrite to try)."""
    if starts.isdisjoint(words):
        return None
    rewritten = vocabulary.rewrite(words)
    return rewritten if rewritten != words else None


def stem_key(words: list[str]) -> str:
    """An `asked_as` phrase's or a question's content words by stem, in order; a negated word keeps its mark
    (`an account isn't using the product` is not `the account who uses the product`)."""
    plain = stems([w.removeprefix(NEGATED) for w in words])
    return "".join(NEGATED + s if w.startswith(NEGATED) else s for w, s in zip(words, plain, strict=True))


def phrase_words(words: list[str]) -> list[str]:
    """The words an `asked_as` phrase is matched by: its content words, negated ones marked."""
    return content_words(negation_marked(words))


class Matcher:
    """Built once from a glossary (`Matcher.build`); every name is pre-processed at build time."""

    def __init__(self, glossary: Glossary, also_known: Callable[[str], bool] | None = None) -> None:
        """`also_known`: whether another glossary uses a word (the shipped one, under a team's own terms): such
        words are not words of another field (bot/search/foreign.py)."""
        self.glossary = glossary
        self._entries = glossary.entries
        self._vocabulary = glossary.vocabulary
        primary_of = {
            compact(normalize_name(m.acronym)): i
            for i, e in enumerate(self._entries) for m in e.other_meanings
        }
        same_words = self._vocabulary.same_words()
        starts = frozenset(phrase[0] for phrase in same_words.rewrites)
        self._names = NameIndex(self._entries, primary_of, partial(_spelt_out, same_words, starts), is_english_word)
        self._stemmed = StemmedNames(self._names)
        self._vocabulary_words = frozenset(w for phrase in self._vocabulary.rewrites for w in phrase)
        self._names.keep_when_rewritten(self._vocabulary.rewrites)
        self._fulltext = FullTextIndex(self._entries, self._vocabulary.rewrite)
        self._stages = NameStages(self._entries, self._names, self._stemmed, self._knows, is_english_word)
        self._foreign = ForeignWords(self._knows if also_known is None else known_to_either(self._knows, also_known),
                                     self._names.is_acronym_only)
        self._meanings = EntryMeanings(self._entries)
        self._unsure_order = UnsureOrder(self._fulltext, self._meanings)
        self._own_words: dict[int, frozenset[str]] = {}  # an entry's name words of MIN_SLIP+ letters, as asked for
        self._phrases: dict[str, int] = {}  # an `asked_as` phrase's content words, in order: its entry
        for index, entry in enumerate(self._entries):
            for phrase in entry.asked_as:
                words = phrase_words(self._words(normalize(phrase)))
                if len(words) >= MIN_PHRASE_WORDS:
                    self._phrases.setdefault(stem_key(words), index)

    @classmethod
    def build(cls, glossary: Glossary, also_known: Callable[[str], bool] | None = None) -> Matcher:
        return cls(glossary, also_known)

    def match(self, query: str) -> Match:
        """The answer to one query. A comparison (`A vs B`, `difference between A and B`) answers with A.

        The text is bounded first (bounds.py): the asking line is picked from the first MAX_SCAN_CHARS
        characters, Slack links become their labels, then it is cut to what a person could mean."""
        query_text = bounded_query(slack_link_labels(question_line(bounded_text(query))))
        pair = find_comparison(query_text, self.is_name)
        found = self._match(query_text if pair is None else pair[0])
        if pair is not None:  # `leading vs lagging indicator`: the leading indicator
            found = prefer_shared_head(*pair, found, self._match, self.is_name)
        if pair is not None and found.status != "match" and self._match(pair[1]).status != "match":
            pair, found = None, self._match(query_text)  # `difference between what they pay for and what they use`
        if pair is not None and found.status == "match" and self._other_field_side(pair[1]):
            found = replace(found, status="ambiguous", suggestions=tuple(e.term for e in found.candidates))
        return replace(found, query=bounded_query(query))

    def _other_field_side(self, text: str) -> bool:
        """Whether one side of a comparison holds a word of another field and no word of any glossary name
        (`nps vs employee morale`), or a word vocabulary.yaml lists as another field's (`rate of perceived
        effort vs heart rate zones`): then the comparison is not between our terms."""
        words = self._words(normalize(text))
        if phrases_in(words, self._vocabulary.other_fields, len(words)):  # `… vs heart rate zones`
            return True
        fixes = self._stages.typo_fixes(words)
        return bool(self._foreign.positions(words, fixes)) and not any(
            self._stemmed.is_name_stem(s) for s in content_stems([fixes.get(i) or w for i, w in enumerate(words)]))

    def forget_query_caches(self) -> None:
        """Drop what lookups remember (typo corrections, entries' gists): benchmarks time first-time lookups."""
        self._names.forget_corrections()
        self._fulltext.forget_gists()
        self._meanings.forget()
        self._own_words.clear()

    def is_name(self, text: str) -> bool:
        """Whether `text` is exactly some entry's name or alias (ignoring case, spacing and punctuation)."""
        spaced = normalize(bounded_query(text))
        return bool(spaced) and compact(spaced) in self._names.exact

    def _match(self, query: str) -> Match:
        spaced = normalize(query)
        if not spaced:
            return Match(query, "none", None, 0.0)
        exact = self._names.exact.get(compact(spaced))
        if exact:
            return self._exact(query, exact, 100.0)
        read = self._read(spaced)
        words = read.words
        exact = self._names.exact.get("".join(words)) or self._with_acronyms_spelt_out(words)
        if exact:
            return self._exact(query, exact, 100.0)
        asked = self._phrases.get(stem_key(phrase_words(words)))
        if asked is not None:
            return self._exact(query, (asked,), 100.0)
        by_stem, changed = self._stemmed.to_name_words(words)
        same = self._names.exact.get("".join(by_stem)) or self._stemmed.entries_with_stems(stems(words))
        if same and not any(self._misspelt(words[i], by_stem[i]) for i in changed):
            return self._exact(query, same, SAME_STEMS)
        scores: dict[int, float] = {}
        order: dict[int, int] = {}  # where in the query an entry was named: earlier wins ties
        single: set[int] = set()  # entries a stage that may answer alone scored PLAUSIBLE or more (see _decide)

        def offer(index: int, score: float, position: int = 1_000, alone: bool = True) -> None:
            if score > scores.get(index, -1.0):
                scores[index] = score
            if alone and score >= PLAUSIBLE:  # stays, whatever another stage adds (`escalation process`)
                single.add(index)
            order[index] = min(order.get(index, position), position)

        fixes = self._stages.typo_fixes(words)
        foreign = self._foreign.positions(words, fixes)  # words of other fields (bot/search/foreign.py)
        named = set()  # entries whose name the query writes out (a typo fixed at most)
        weak = set()  # ... as one generic word among other names' words (NameInQuery.weak)
        strong: dict[int, float] = {}  # ... the others, with their scores
        naming = asks_for_a_name(query)  # `what do we call …`: the names written are words of a description
        alone_in_description = None  # a name alone among DESCRIBED_ALONE_WORDS other content words
        for found in self._stages.contained(words, fixes, read, naming):
            if found.score == CONTAINED_ALONE and found.leftover >= DESCRIBED_ALONE_WORDS:
                alone_in_description = found.entry
            offer(found.entry, found.score, found.position)
            if found.score >= NAMED:
                named.add(found.entry)
            if found.weak:
                weak.add(found.entry)
            elif found.score >= NAMED:
                strong[found.entry] = found.score
        for index, score in self._stages.partial(words, fixes):
            offer(index, score)
        topic = None if naming else self._topic(query)
        if topic is not None:  # `customer segmentation - how do we prioritise which accounts get a named csm`
            offer(topic, TOPIC, 0)
            strong.setdefault(topic, TOPIC)
        if len(words) == 1 and len(words[0]) == 3 and not scores:  # `NNR`, `QRB`: an acronym with two letters
            for entry in self._swapped_acronyms(words[0]):  # swapped is offered, never answered
                offer(entry, SWAPPED_ACRONYM, alone=False)
        fuzzy = self._fuzzy(words, " ".join(words))
        long_enough = len("".join(words)) >= MIN_SINGLE_FUZZY
        resemblance = self._below_the_written_name(strong) if not any(fixes.values()) else 100.0
        for index, score in fuzzy:
            if score >= SUGGEST:  # no typo to fix: another name's fuzzy score is a resemblance (`ltv calc`)
                offer(index, score if score >= CONFIDENT or index in strong else min(score, resemblance),
                      alone=long_enough)
        best = max(scores.values(), default=0.0)
        described = alone_in_description is not None and best == CONTAINED_ALONE and self._described_otherwise(
            words, alone_in_description)
        if described and alone_in_description is not None:  # `lining up add-on contract end dates with the main
            scores[alone_in_description] = FULLTEXT_SURE - 1  # contract so everything renews same day`
        if best < CONFIDENT or described:  # a name stage already has an answer: the definitions cannot beat it
            hits = self._fulltext_scores(words, self._acronyms_in(words), named, set(strong), naming)
            ceiling = self._below_the_name(words, strong, hits)
            for hit, score in hits:
                offer(hit.index, score if score >= FULLTEXT_SURE or hit.index in strong else min(score, ceiling),
                      alone=False)
            if hits:
                self._outrank_weak_names(words, hits[0], weak, scores, single)
        return self._decide(query, scores, order, single, fuzzy,
                            lambda entry: (self._other_field(words, fixes, foreign, entry)
                                           and self._other_field_in_its_clause(query, entry))
                            or self._private(query, entry),
                            lambda candidates: not (naming and candidates[0] in named)  # `what do we call …`
                            and self._meanings.confirms(words, candidates),
                            lambda candidates: self._unsure_order.order(
                                words, candidates, named, self._tied(scores, candidates)))

    def _swapped_acronyms(self, word: str) -> list[int]:
        """The entries of the acronyms a three-letter word is, two adjacent letters swapped back (`nnr`: NRR)."""
        return [self._names.exact[v][0] for v in adjacent_swaps(word) if self._names.is_acronym_only(v)]

    def _with_acronyms_spelt_out(self, words: list[str]) -> tuple[int, ...] | None:
        """The entries named by the words with each acronym written as its entry's name (`cx mgmt platform`:
        CX is Customer Experience, so Customer Experience Management Platform). Only for a question of a few
        words, one that holds an acronym: one lookup per acronym."""
        if not 1 < len(words) <= self._names.max_words:
            return None
        for i, word in enumerate(words):
            if self._names.is_acronym_only(word):
                spelt = normalize_name(self._entries[self._names.exact[word][0]].term).split()
                found = self._names.exact.get("".join([*words[:i], *spelt, *words[i + 1:]]))
                if found:
                    return found
        return None

    def _other_field(self, words: list[str], fixes: dict[int, str], foreign: list[int], entry: int) -> bool:
        """Whether words of another field modify the answer's name, or make up the rest of the question
        (bot/search/foreign.py): then ask, not answer."""
        slips = self._slips_of_own_name(words, fixes, entry) if foreign else {}
        if slips:  # `heath check`: a slip of the answer's own name is no word of another field
            fixes = {**fixes, **slips}
            foreign = [i for i in foreign if i not in slips]
        fixed = [fixes.get(i) or w for i, w in enumerate(words)]
        spans = name_spans(fixed, self._names.exact, self._names.max_words, entry)
        if marked_other_field(words, self._vocabulary.other_fields, spans, partial(self._entry_uses, entry),
                              self._foreign.is_one_word_name(fixed, spans)):
            return True
        if spans:
            return (self._foreign.modify(fixed, foreign, spans) or self._foreign.in_the_setting(fixed, foreign, spans)
                    or self._foreign.about_another_field(fixed, spans, partial(self._entry_uses, entry)))
        return self._foreign.outnumber(foreign, len(content_words(words)))

    def _slips_of_own_name(self, words: list[str], fixes: dict[int, str], entry: int) -> dict[int, str]:
        """Position -> the answer's own name word, for each word not already fixed that is one slip from a name word
        of that entry (MIN_SLIP+ letters): a common English word the typo stages never fix (`heath check`, `gross
        marin`, `annal recurring revenue`), which only the fuzzy names could have found. Linear: the entry's few name
        words per query word."""
        own = self._own_words.get(entry)
        if own is None:
            if len(self._own_words) >= MAX_REMEMBERED_OWN:
                self._own_words.clear()
            own = self._own_words[entry] = frozenset(
                w for name in self._entries[entry].names for w in normalize_name(name).split() if len(w) >= MIN_SLIP)
        found = {}
        for i, word in enumerate(words):
            if fixes.get(i) or len(word) < MIN_SLIP or word in own or not word.isalpha():
                continue
            close = next((w for w in own if abs(len(w) - len(word)) <= 1 and OSA.distance(word, w) <= 1), None)
            if close:
                found[i] = close
        return found

    def _topic(self, query: str) -> int | None:
        """The entry a question names in a clause of its own before the rest (`bookings - what is it`,
        `*implementation plan* (link in thread)`, `customer segmentation: how do we prioritise …`) or asks the
        meaning of (`what does LTV mean when CS talks about it`, `what's 'wrapped' in the CS calendar`, part of only
        one entry's name): that name is what the question is about, whatever the rest holds."""
        for topic in topic_clauses(query):
            ids = self._exactly_named(topic)
            if ids:
                return ids[0]
        for topic in asked_about(query):
            ids = self._exactly_named(topic)
            if ids:
                return ids[0]
            part = self._stages.partial(self._words(normalize(topic)), {})
            if len(part) == 1 and part[0][1] >= PLAUSIBLE:  # `what does payback mean when they talk about it`
                return part[0][0]
        return None

    def _exactly_named(self, text: str) -> tuple[int, ...]:
        spaced = normalize(text)
        if not spaced:
            return ()
        return self._names.exact.get(compact(spaced)) or self._names.exact.get("".join(self._words(spaced))) or ()

    def _other_field_in_its_clause(self, query: str, entry: int) -> bool:
        """`_other_field`, read again in the clause of the question that writes the answer's name, when the
        question has several (`quick sanity check - gross margin = ?`, `bookings - what is it, finance keeps
        throwing it at me`): the chat around a name is set apart by punctuation, the words of another field
        are in the name's own clause (`retention policy for slack messages - how long are they kept`) or, several
        or listed in vocabulary.yaml, in the others (`health check - kubernetes pod keeps restarting`)."""
        parts = clauses(query)
        if len(parts) < 2:
            return True
        named, elsewhere = None, 0
        for clause in parts:
            words = self._words(normalize(clause))
            fixes = self._stages.typo_fixes(words)
            foreign = self._foreign.positions(words, fixes)
            fixed = [fixes.get(i) or w for i, w in enumerate(words)]
            if named is None and name_spans(fixed, self._names.exact, self._names.max_words, entry):
                named = "" in fixes.values() or self._other_field(words, fixes, foreign, entry)  # `certbot`
            else:  # chat, unless it holds words of another field: common ones, or ones vocabulary.yaml lists
                elsewhere += len(foreign) + CHAT_CLAUSE_FOREIGN * len(
                    phrases_in(words, self._vocabulary.other_fields, len(words)))
        return named is None or named or elsewhere >= CHAT_CLAUSE_FOREIGN

    def _private(self, query: str, entry: int) -> bool:
        """Whether the answer's name, as written, belongs to its writer's private life: a `my` holds it or follows
        it (`my phone plan overage`, `true-up on my 401k match`), owning something that is in no glossary name
        and that the answer's entry never mentions (`overage on my accounts` is ours). docs/matching.md, "The
        rest of the question"."""
        if not _FIRST_PERSON_OWNER.search(query):  # most questions: no `my`, no words to read again
            return False
        words = self._vocabulary.rewrite(normalize_words(query))
        spans = name_spans(words, self._names.exact, self._names.max_words, entry)
        return any(not any(self._stemmed.is_name_stem(s) for s in stems([word])) and not self._entry_uses(entry, word)
                   for word in self._foreign.owned_things(words, spans))

    def _entry_uses(self, entry: int, word: str) -> bool:
        """Whether one entry's names, `asked_as` phrases or definition use the word (by stem)."""
        return self._fulltext.uses(term(word), entry)

    @staticmethod
    def _below_the_written_name(strong: dict[int, float]) -> float:
        """The most another candidate that is not sure may score next to one name written out that is not weak
        (several words, an abbreviation, or half the query): SINGLE_LEAD below that name, so that generic words
        around it do not make a clear question ambiguous. No limit (100) when no such name, or several, are
        written."""
        return next(iter(strong.values())) - SINGLE_LEAD - 0.1 if len(strong) == 1 else 100.0

    def _below_the_name(self, words: list[str], strong: dict[int, float],
                        hits: list[tuple[ScoredEntry, float]]) -> float:
        """The most a full-text hit that is not sure may score next to one name written out that is not weak
        (`_below_the_written_name`: `how do escalations work here`, `the renewal manager role`). Only while the
        definitions do not clearly prefer another entry: the best hit is that entry, or its BM25 is under
        FULLTEXT_LEAD times the named entry's (the mirror of _outrank_weak_names)."""
        if len(strong) != 1 or not hits:
            return 100.0
        entry = next(iter(strong))
        best = hits[0][0]
        own = sum(self._fulltext.contribution(w, entry) for w in content_terms(words))
        if best.index != entry and best.score >= FULLTEXT_LEAD * own:
            return 100.0
        return self._below_the_written_name(strong)

    def _outrank_weak_names(self, words: list[str], best: tuple[ScoredEntry, float], weak: set[int],
                            scores: dict[int, float], single: set[int]) -> None:
        """A weak name (one generic word such as `ticket` or `webinar`, among other names' words, under half the
        query) is evidence the full text already counts, with name words weighing 3x. When the definitions clearly
        prefer another entry (the best hit's BM25 at least FULLTEXT_LEAD times the named entry's), the name gives no
        win: it is ranked just below that hit and may not answer alone (`opening a ticket ... initial reply`)."""
        hit, hit_score = best
        terms = content_terms(words)
        for index in weak - {hit.index}:
            own = sum(self._fulltext.contribution(w, index) for w in terms)
            if hit.score >= FULLTEXT_LEAD * own:
                scores[index] = min(scores[index], hit_score - 0.1)
                single.discard(index)

    def _exact(self, query: str, ids: tuple[int, ...], score: float) -> Match:
        primary = self._entries[ids[0]]
        others = tuple(self._entries[i].term for i in ids[1:])
        return Match(query, "match", primary, score, (primary,), others)

    def _words(self, spaced: str) -> list[str]:
        """A normalised query's words as the stages see them: short forms, synonyms and spellings rewritten,
        chatter peeled off the ends, unknown plurals of known words made singular."""
        return self._read(spaced).words

    def _read(self, spaced: str) -> Rewritten:
        """`_words`, with the positions of what the vocabulary put there (Vocabulary.rewrite_marked)."""
        rewritten = self._vocabulary.rewrite_marked(spaced.split(), kept=self._names.kept_name,
                                                    named=self._names.exact.__contains__)
        read = rewritten.within(*self._vocabulary.chatter_bounds(rewritten.words, rewritten.kept))
        return Rewritten(self._known_singulars(read.words), read.synonyms, read.condensed, read.expanded, read.kept)

    def _misspelt(self, word: str, stem_mate: str) -> bool:
        """Whether `word`, met through its stem as the name word `stem_mate`, is rather one slip from another name
        word (`referal`: its stem is `reference`'s, but it is `referral` mistyped): then the same-stems stage does not
        answer, and the typo-tolerant stages decide."""
        if len(word) < 5:
            return False
        return any(w != stem_mate and OSA.distance(word, w) <= 1 for w in self._names.corrections(word))

    def uses_word(self, word: str) -> bool:
        """Whether a name, alias, `asked_as` phrase or definition of this glossary uses the word (by stem)."""
        return self._knows(word)

    def _knows(self, word: str) -> bool:
        return word in self._names.exact or self._fulltext.knows(term(word)) or word in self._vocabulary_words

    def _known_singulars(self, words: list[str]) -> list[str]:
        """`kpis`, `rois`, `ams`: a word ending in s that the glossary does not know, whose singular it does (the
        stemmer keeps -is endings, and normalisation leaves words of three letters alone)."""
        return [w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 2 and not self._knows(w)
                and self._knows(w[:-1]) else w for w in words]  # `css` is not the plural of `cs`

    def _fuzzy(self, words: list[str], spaced: str) -> list[tuple[int, float]]:
        if len(compact(spaced)) < 4:
            return []
        best: dict[int, float] = {}
        for name, score in self._names.score(spaced, self._names.candidates(words)):
            if score > best.get(name.entry, -1.0):
                best[name.entry] = score
        return sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))

    def _acronyms_in(self, words: list[str]) -> dict[str, int]:
        """Acronyms written as words of the query, with the entry each one names (`grr goal`)."""
        return {w: self._names.exact[w][0] for w in words if self._names.is_acronym_only(w)}

    def _without_borrowed(self, hit: ScoredEntry, acronyms: dict[str, int], total_weight: float) -> ScoredEntry:
        """`hit` with the evidence of another entry's acronym taken out: an acronym the query writes out is
        evidence for its own entry, not for the entries whose definitions mention it (`grr goal` is GRR's goal,
        even if Customer Success Goals mentions GRR). An acronym in the hit's own names stays (`LTV:CAC ratio`)."""
        own = {word for name in self._entries[hit.index].names for word in normalize_name(name).split()}
        borrowed = [term(w) for w, entry in acronyms.items() if entry != hit.index and w not in own]
        if not borrowed:
            return hit
        lent = [w for w in borrowed if self._fulltext.contribution(w, hit.index)]
        return ScoredEntry(hit.index, hit.score - sum(self._fulltext.contribution(w, hit.index) for w in lent),
                           hit.coverage - sum(self._fulltext.weight(w) for w in lent) / total_weight)

    def _gist_agrees(self, hit: ScoredEntry, words: list[str], named: set[int]) -> bool:
        """Whether what the entries are (names, `asked_as`, first sentences) picks the same entry, clearly ahead
        (the same lead and evidence bars as the whole text): two views agreeing make a narrow lead sure. Not
        when the query writes out another entry's name (`saas pricing model`): that name is a candidate too."""
        if named - {hit.index}:
            return False
        pool = [other.index for other in self._fulltext.search(words, GIST_POOL, min_coverage=GIST_POOL_COVERAGE)]
        if hit.index not in pool:
            return False
        gists = self._fulltext.gist_scores(words, pool)
        best = gists[pool.index(hit.index)]
        second = max((score for other, score in zip(pool, gists, strict=True) if other != hit.index), default=0.0)
        return best >= FULLTEXT_LEAD * second and best >= FULLTEXT_EVIDENCE

    def _fulltext_scores(self, words: list[str], acronyms: dict[str, int],
                         named: set[int], written: set[int] | None = None,
                         naming: bool = False) -> list[tuple[ScoredEntry, float]]:
        """Full-text hits with their score (`named`: the entries whose names the query writes out; `written`: those
        of them that are not weak, when known; `naming`: the question asks for a name, so the narrow lead by meaning
        never confirms one it writes). The best hit is an answer (FULLTEXT_SURE) when it is clearly ahead of
        the second on BM25, covers at least half the query's weight, and has enough evidence (BM25 sum) that a
        couple of shared common words cannot get there; otherwise coverage sets a score below CONFIDENT."""
        if len(content_words(words)) < 2:
            return []
        hits, left_out = self._fulltext.search_with_runner_up(words, MAX_CANDIDATES, min_coverage=MIN_FULLTEXT_COVERAGE)
        wide = False
        if not hits and len(content_words(words)) >= LONG_QUESTION:
            wide = True  # many words no entry uses: look wider
            hits, left_out = self._fulltext.search_with_runner_up(words, MAX_CANDIDATES,
                                                                  min_coverage=LONG_QUESTION_COVERAGE)
        if acronyms:
            total_weight = sum(self._fulltext.weight(w) for w in content_terms(words))
            hits = sorted((self._without_borrowed(hit, acronyms, total_weight) for hit in hits),
                          key=lambda hit: -hit.score)
        second = max(hits[1].score if len(hits) > 1 else 0.0, left_out)
        scored = []
        ceiling = CONFIDENT - 1  # the other hits stay below a confident score; below the sure one by a clear lead
        for rank, hit in enumerate(hits):
            ahead = hit.score >= FULLTEXT_LEAD * second
            sure = (ahead and hit.score >= FULLTEXT_EVIDENCE) or (
                hit.coverage >= MIN_FULLTEXT_COVERAGE and self._gist_agrees(hit, words, named))
            if rank == 0 and not sure and not (naming and hit.index in named):  # a narrower lead, when the words
                sure = self._meaning_agrees(hit, second, words, named if written is None else written)  # agree
            if wide and (len(content_words(words)) < WIDE_SURE_WORDS or named - {hit.index}):
                sure = False  # under half the query: weak evidence (see WIDE_SURE_WORDS)
            if rank == 0 and sure:
                scored.append((hit, FULLTEXT_SURE))
                ceiling = FULLTEXT_SURE - CLEAR_LEAD
            else:
                capped = min(FULLTEXT_FLOOR + FULLTEXT_SPAN * hit.coverage, ceiling)
                scored.append((hit, capped - 0.1 * rank))  # equal coverage: the BM25 order decides
                ceiling = scored[-1][1] - 0.1
        return scored

    def _meaning_agrees(self, hit: ScoredEntry, second: float, words: list[str], written: set[int]) -> bool:
        """Whether the best full-text hit of a plain-words question is sure on a narrower lead: at least
        NARROW_LEAD times the second's BM25, with enough evidence, covering MEANING_COVERAGE of a question of
        MEANING_MIN_WORDS content words that writes out no other entry's name standing on its own (`written`: a
        weak one, `mgr` in `how many accts each success mgr carries`, does not count), and the question's meaning
        close to the entry's (meaning.py: CLOSE). `how many accts each success person carries, like 1:40`."""
        if (written - {hit.index} or hit.coverage < MEANING_COVERAGE or hit.score < FULLTEXT_EVIDENCE
                or hit.score < NARROW_LEAD * second or len(content_words(words)) < MEANING_MIN_WORDS):
            return False
        return self._meanings.is_close(words, hit.index)

    def _described_otherwise(self, words: list[str], entry: int) -> bool:
        """Whether the definitions describe the question as another entry than `entry`, the one it names alone:
        the best full-text hit is sure, is another, and its BM25 is FULLTEXT_LEAD times the named entry's own. Then
        a name written out alone in a long description is a word of that description (`lining up add-on contract
        end dates with the main contract so everything renews same day` describes Co-Terming; `contract end date`
        names Renewal Date)."""
        hits = self._fulltext_scores(words, self._acronyms_in(words), set())
        if not hits or hits[0][1] < FULLTEXT_SURE or hits[0][0].index == entry:
            return False
        own = sum(self._fulltext.contribution(w, entry) for w in content_terms(words))
        return hits[0][0].score >= FULLTEXT_LEAD * own

    @staticmethod
    def _tied(scores: dict[int, float], candidates: list[int]) -> list[int]:
        """The candidates scored as well as the best, within TIED."""
        best = max(scores[i] for i in candidates)
        return [i for i in candidates if scores[i] >= best - TIED]

    def _decide(self, query: str, scores: dict[int, float], order: dict[int, int], single: set[int],
                fuzzy: list[tuple[int, float]], other_field: Callable[[int], bool],
                understood: Callable[[list[int]], bool], unsure_order: Callable[[list[int]], list[int]]) -> Match:
        ranked = sorted(scores.items(), key=lambda pair: (-pair[1], order.get(pair[0], 1_000), pair[0]))
        offered = [(i, s) for i, s in ranked if s >= SUGGEST][:MAX_CANDIDATES]
        if not offered:
            suggestions = [self._entries[i].term for i, s in fuzzy if s >= 60][:3]
            return Match(query, "none", None, 0.0, (), tuple(suggestions))
        top = offered[0][1]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        entries = tuple(self._entries[i] for i, _ in offered)
        confident = (top >= CONFIDENT and top - runner_up >= CLEAR_LEAD) or (
            top >= PLAUSIBLE and top - runner_up >= SINGLE_LEAD and offered[0][0] in single)
        if not confident:  # the meaning of the words may settle what their spelling could not (meaning.py)
            confident = understood([i for i, _ in offered])
        if confident and not other_field(offered[0][0]):
            return Match(query, "match", entries[0], round(top, 1), entries[:1])
        ordered = unsure_order([i for i, s in offered if s >= top - 20])[:MAX_CANDIDATES]
        close = tuple(self._entries[i] for i in ordered)
        return Match(query, "ambiguous", close[0], round(top, 1), close, tuple(e.term for e in close))

    def search(self, words: str, limit: int = 10) -> list[SearchHit]:
        """Full-text search over names, aliases and definitions, best first; exact names lead."""
        spaced = normalize(bounded_query(words))
        exact = self._names.exact.get(compact(spaced), ())
        hits = [SearchHit(self._entries[i], 100.0) for i in exact]
        seen = set(exact)
        for hit in self._fulltext.search(self._vocabulary.rewrite(spaced.split()), limit=limit + len(exact)):
            if hit.index not in seen:
                hits.append(SearchHit(self._entries[hit.index], round(hit.score, 2)))
                seen.add(hit.index)
        return hits[:limit]

    def find_terms(self, text: str) -> list[Entry]:
        """Every glossary term or acronym mentioned in free text, in order of first mention.

        An acronym counts only when written in capitals, so the verb "map" is not the Mutual Action Plan.
        """
        words: list[str] = []
        capitals: list[bool] = []
        for token in strip_slack_markup(bounded_text(text)).split():
            letters = [c for c in token if c.isalpha()]
            upper = bool(letters) and all(c.isupper() for c in letters[:-1]) and letters[0].isupper()
            # a token longer than any word of a name is read without the query cache (it would only fill it)
            for word in (normalize_words(token) if len(token) <= MAX_WORD_CHARS else words_read_once(token)):
                words.append(word)
                capitals.append(upper and len(letters) > 1)
        found: dict[int, None] = {}
        start = 0
        while start < len(words):
            for size in range(min(self._names.max_words, len(words) - start), 0, -1):
                key = "".join(words[start:start + size])
                ids = self._names.exact.get(key)
                if ids and (size > 1 or capitals[start] or not self._names.is_acronym_only(key)):
                    found.setdefault(ids[0])
                    start += size
                    break
            else:
                start += 1
        return [self._entries[i] for i in found]
