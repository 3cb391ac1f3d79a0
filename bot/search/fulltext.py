"""Word-overlap search over names, definitions and `asked_as` phrases (BM25 on Snowball stems), for questions
asked in plain words."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.glossary.model import Entry
from bot.search.normalize import normalize_words, words_read_once
from bot.text.irregular import BASE_FORMS
from bot.text.stem import stem, stems

STOPWORDS = frozenset(
    """
    a about above after again all also am an and any are as at be because been before being between both but by
    can could did do does doing done down during each either every few for from had has have having he her here
    how i if in into is it its itself just kind like me mean meaning means much my need no nor
    not of off on once one only or other our out over please same should so some such tell than that the
    their them then there these they thing this those through to too under until up us very want
    was way we were what whats when where which while who whom why will with would you your stand stands call
    called many something someone somebody anything anyone anybody everything everyone everybody nothing nobody
    actually really basically literally exactly honestly simply
    dont doesnt didnt isnt arent wont cant havent hasnt hadnt wasnt werent couldnt shouldnt wouldnt
    """.split()
)  # `many` is `much` for counts; the indefinite pronouns stand for whoever or whatever the question is about
NAME_WEIGHT = 3  # a word in a name counts as this many words of definition
GIST_WEIGHT = 2  # a word of the definition's first sentence, which says what the entry is; the rest counts once
ASKED_AS_WEIGHT = 2  # a word of an `asked_as` phrase: how people describe the entry, so more than its definition
K1, B = 1.2, 0.75
MAX_GISTS = 2048  # entries whose gist counts are kept (about 1 KB each)


@dataclass(frozen=True)
class ScoredEntry:
    index: int
    score: float
    coverage: float  # share of the query's content-word weight (IDF) found in the entry


NEGATIONS = frozenset(
    "not no without excluding exclude excludes except ignoring ignore ignores instead rather never nor dont doesnt "
    "didnt isnt arent wont cant havent hasnt hadnt wasnt werent couldnt shouldnt wouldnt".split())
NEGATION_ENDS = frozenset("but yet though while so then".split())
NEGATED_WORDS = 3  # content words a negation reaches (`not counting any upgrades or add ons`)
NEGATED = "!"  # marks the term of a negated word: `not counting upsells` holds !upsell, not upsell


def negation_marked(words: Sequence[str]) -> list[str]:
    """The words with the content words that a negation reaches marked NEGATED (`customers lost because a payment
    failed, not because they chose to leave`: chose and leave are what the question is not about). An entry's text
    is marked the same way: a question's `ignoring upsells` meets an entry's `without upsells`, but not `upsells
    are ignored` (only a negation written before the word counts)."""
    marked: list[str] = []
    reach = 0
    for word in words:
        if word in NEGATIONS:
            reach = NEGATED_WORDS
        elif word in NEGATION_ENDS:
            reach = 0
        elif reach and word not in STOPWORDS and len(word) > 1:
            marked.append(NEGATED + word)
            reach -= 1
            continue
        marked.append(word)
    return marked


def indexed_terms(words: Sequence[str]) -> list[str]:
    """The terms an entry's text is indexed under: every word's, and a negated word's marked term besides (a
    question's plain word still finds the entry that negates it; only a question's negated word needs the mark)."""
    marked = negation_marked(words)
    return terms(words) + [term(w) for w in marked if w.startswith(NEGATED)]


def content_words(words: Sequence[str]) -> list[str]:
    return [w for w in dict.fromkeys(words) if w not in STOPWORDS and len(w) > 1]


def content_stems(words: Sequence[str]) -> list[str]:
    """The stems of the content words (stop words are dropped before stemming, as written)."""
    return list(dict.fromkeys(stems(content_words(words))))


def term(word: str) -> str:
    """What the full text indexes a word as: the stem of its base form (`spent` and `spend` are one term); a
    negated word keeps its mark (negation_marked)."""
    if word.startswith(NEGATED):
        return NEGATED + term(word[1:])
    return stem(BASE_FORMS.get(word, word))


def terms(words: Sequence[str]) -> list[str]:
    return [term(w) for w in words]


def content_terms(words: Sequence[str]) -> list[str]:
    """The terms of the content words (stop words are dropped first, as written)."""
    return list(dict.fromkeys(terms(content_words(negation_marked(words)))))


class FullTextIndex:
    """An inverted index of entry words; built once, queried many times.

    Postings hold word counts (small ints, which Python shares, so the index stays small); each entry's BM25
    length normalisation is computed once, at build time.
    """

    def __init__(self, entries: Sequence[Entry], rewrite: Callable[[Sequence[str]], list[str]] = list) -> None:
        """`rewrite` is applied to every text's words, as the matcher applies it to queries (the vocabulary)."""
        self._entries = entries
        self._rewrite = rewrite
        self._gists: dict[int, tuple[Counter[str], float]] = {}  # see _gist()
        self._postings: dict[str, dict[int, int]] = defaultdict(dict)
        lengths, gist_lengths = [], []
        for index, entry in enumerate(entries):
            counts = self._gist_counts(entry)
            gist_lengths.append(sum(counts.values()))
            counts.update(indexed_terms(rewrite(words_read_once(entry.definition.partition(". ")[2]))))
            for word, count in counts.items():
                self._postings[word][index] = count
            lengths.append(sum(counts.values()))
        self._gist_average = sum(gist_lengths) / max(1, len(gist_lengths))
        average = sum(lengths) / max(1, len(lengths))
        self._norms = [K1 * (1 - B + B * length / average) for length in lengths]
        total = max(1, len(entries))
        self._idf = {w: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for w, p in self._postings.items()}
        self._unseen = math.log(1 + (total - 1 + 0.5) / (1 + 0.5))  # an unknown word weighs like a rare one

    def _gist_counts(self, entry: Entry) -> Counter[str]:
        """What an entry is: the stems of its names, `asked_as` phrases and its definition's first sentence,
        weighted."""
        counts: Counter[str] = Counter()
        for name in entry.names:
            for word in terms(self._rewrite(normalize_words(name))):
                counts[word] += NAME_WEIGHT
        for phrase in entry.asked_as:
            for word in indexed_terms(self._rewrite(normalize_words(phrase))):
                counts[word] += ASKED_AS_WEIGHT
        for word in indexed_terms(self._rewrite(words_read_once(entry.definition.partition(". ")[0]))):
            counts[word] += GIST_WEIGHT
        return counts

    def gist_scores(self, words: Sequence[str], indices: Sequence[int]) -> list[float]:
        """BM25 of the given entries over what they are (`_gist_counts`) only, not the rest of the definition.

        Read from the entries' text when asked, for a few entries (a second index would cost as much memory as
        this one); the IDF is the whole index's."""
        query = content_terms(words)
        scores = []
        for index in indices:
            counts, norm = self._gist(index)
            scores.append(sum(self.idf(w) * counts[w] * (K1 + 1) / (counts[w] + norm) for w in query if counts[w]))
        return scores

    def _gist(self, index: int) -> tuple[Counter[str], float]:
        """An entry's gist counts and their BM25 length normalisation, remembered for the last MAX_GISTS entries
        asked about (re-reading them from the text was half of an off-topic query's CPU; all of them would cost
        as much memory as the index)."""
        found = self._gists.get(index)
        if found is None:
            if len(self._gists) >= MAX_GISTS:
                del self._gists[next(iter(self._gists))]
            counts = self._gist_counts(self._entries[index])
            found = self._gists[index] = (counts, K1 * (1 - B + B * sum(counts.values()) / self._gist_average))
        return found

    def forget_gists(self) -> None:
        """Drop the remembered gists (benchmarks time first-time lookups)."""
        self._gists.clear()

    def idf(self, word: str) -> float:
        return self._idf.get(word, 0.0)

    def weight(self, word: str) -> float:
        """How much of the query a word is: unknown words weigh most, so one common known word can't cover
        `vacation policy`."""
        return max(self._idf.get(word, self._unseen), 1.0)

    def contribution(self, word: str, index: int) -> float:
        """What one (stemmed) query word adds to an entry's BM25."""
        count = self._postings.get(word, {}).get(index, 0)
        return self.idf(word) * count * (K1 + 1) / (count + self._norms[index]) if count else 0.0

    def knows(self, word: str) -> bool:
        return word in self._postings

    def uses(self, word: str, index: int) -> bool:
        """Whether one entry's text holds the (stemmed) word."""
        return index in self._postings.get(word, {})

    def search(self, words: Sequence[str], limit: int = 10, *, min_coverage: float = 0.0) -> list[ScoredEntry]:
        return self.search_with_runner_up(words, limit, min_coverage=min_coverage)[0]

    def search_with_runner_up(self, words: Sequence[str], limit: int = 10, *, min_coverage: float = 0.0
                              ) -> tuple[list[ScoredEntry], float]:
        """Entries ranked by BM25 over the content words' stems; each with the IDF-weighted coverage of the query.

        With `min_coverage`, only entries covering at least that share of the query: words are taken rarest
        first, and once the words left cannot lift a new entry to that share, the postings of common words
        are only looked up for the entries already found (a common word's list can hold most of the glossary).
        Also the best BM25 of an entry left out for its coverage: a hit is only clearly ahead if it beats that too.
        """
        query = content_terms(words)
        if not query:
            return [], 0.0
        weights = {word: self.weight(word) for word in query}
        total_weight = sum(weights.values())
        scores: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        needed = min_coverage * total_weight - 1e-9  # the callers compare covered / total with the same share
        left = total_weight
        for word in sorted(query, key=lambda w: -weights[w]):
            postings = self._postings.get(word, {})
            weight = weights[word]
            new_entries_can_qualify = left >= needed
            found = list(postings.items()) if new_entries_can_qualify else [
                (i, postings[i]) for i in scores if i in postings]
            idf, norms = self.idf(word), self._norms
            for index, count in found:
                scores[index] += idf * count * (K1 + 1) / (count + norms[index])
                covered[index] += weight
            left -= weight
        eligible = [i for i in scores if covered[i] >= needed]
        left_out = max((scores[i] for i in scores if covered[i] < needed), default=0.0)
        ranked = heapq.nsmallest(limit, eligible, key=lambda i: (-scores[i], i))
        return [ScoredEntry(i, scores[i], covered[i] / total_weight) for i in ranked], left_out
