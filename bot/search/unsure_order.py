"""The order of an unsure answer ("did you mean …?"): which candidate to offer first.

The stages rank the candidates by how the words are spelt. When they are unsure, three views of each candidate
are weighed together, with weights fitted on the development query sets (`python -m bench.unsure_order_fit`):
- its place in the stages' order (a full-text hit the stages did not offer counts as the last place);
- its full-text score: the BM25 of the question's terms in the entry, as a share of the best candidate's;
- its meaning: how close the question's meaning is to the entry's closest text (meaning.py), against the closest
  candidate's.
The candidates are the ones offered plus the first full-text hits (`how much cash we lose for each dollar of new
ARR` offers ARR by its name; Burn Multiple, the entry it describes, is a full-text hit). The best-weighed goes
first; the others keep the stages' order. The answer stays unsure: the person picks.

A question of one content word, or one that writes a name out in few words (`escelation process`, `saas pricing
model`), is about that name: there the stages' order stands, as it does between names written out.
docs/matching.md ("The order of an unsure answer").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.search.fulltext import FullTextIndex, content_terms, content_words
from bot.search.meaning import EntryMeanings

RANK_WEIGHT = -1.82  # the last place against the first
TEXT_WEIGHT = 3.53  # the best full-text score against none
MEANING_WEIGHT = 1.63  # per 0.1 of cosine similarity below the closest candidate
MAX_RANK = 5  # places counted: a hit the stages did not offer counts as the last
EXTRA_HITS = 2  # full-text hits added to the candidates
EXTRA_COVERAGE = 0.3  # ... among those covering this share of the question (the pruned search, as for long ones)
MIN_CONTENT_WORDS = 2  # a one-word question is a name or a typo: the stages' order stands
NAMED_MIN_WORDS = 8  # a question that writes a name out is reordered only with this many words


@dataclass(frozen=True)
class Weighed:
    index: int
    rank: int  # place in the stages' order (MAX_RANK: not offered)
    text: float  # BM25
    meaning: float  # cosine similarity; 0 when the question has no meaning

    def weight(self, best_text: float, best_meaning: float) -> float:
        return (RANK_WEIGHT * min(self.rank, MAX_RANK) / MAX_RANK
                + TEXT_WEIGHT * (self.text / best_text if best_text else 0.0)
                + MEANING_WEIGHT * 10 * (self.meaning - best_meaning))


class UnsureOrder:
    def __init__(self, fulltext: FullTextIndex, meanings: EntryMeanings) -> None:
        self._fulltext = fulltext
        self._meanings = meanings

    def weighed(self, words: Sequence[str], offered: Sequence[int]) -> list[Weighed]:
        """The candidates (offered, then the first full-text hits not offered) with their three views. Linear in
        the question's terms: the offered entries' BM25 is read from the postings, term by term."""
        hits = self._fulltext.search(words, EXTRA_HITS, min_coverage=EXTRA_COVERAGE)
        pool = list(dict.fromkeys([*offered, *(hit.index for hit in hits)]))
        terms = content_terms(words)
        texts = [sum(self._fulltext.contribution(term, index) for term in terms) for index in pool]
        near = self._meanings.closeness_all(words, pool)
        return [Weighed(index, offered.index(index) if index in offered else MAX_RANK, text, meaning)
                for index, text, meaning in zip(pool, texts, near, strict=True)]

    @staticmethod
    def weighs(words: Sequence[str], offered: Sequence[int], named: Collection[int]) -> bool:
        """Whether the views are weighed at all (else the stages' order stands). `named`: the entries whose names
        the question writes out."""
        return bool(offered) and len(content_words(words)) >= MIN_CONTENT_WORDS and not (
            named and len(words) < NAMED_MIN_WORDS)

    def order(self, words: Sequence[str], offered: Sequence[int], named: Collection[int],
              tied: Collection[int] = ()) -> list[int]:
        """The candidates in the order to offer them: the best-weighed first, the others in the stages' order.
        Between names the question writes out, the stages have judged (`how often should a csm run a health
        check`: the health check, not the CSM): the views never put another written name first. `tied`: the
        candidates the stages scored as good as the first (within a point); where the views are not weighed, a
        name written out among them goes first."""
        if not self.weighs(words, offered, named):
            return _written_first(offered, [index for index in named if index in tied])
        weighed = self.weighed(words, offered)
        best_text = max(w.text for w in weighed)
        best_meaning = max(w.meaning for w in weighed)
        first = max(weighed, key=lambda w: (w.weight(best_text, best_meaning), -w.rank)).index
        if first in named:
            return list(offered)
        return [first, *(index for index in offered if index != first)]


def _written_first(offered: Sequence[int], named: Collection[int]) -> list[int]:
    """The stages' order, with the first of `named` ahead of the rest (`escalaton process`: Escalation, 81.0 as a
    name written out with a typo fixed, not Uplift, 81.2 because its alias Price Escalator resembles the query)."""
    first = next((index for index in offered if index in named), None)
    if first is None:
        return list(offered)
    return [first, *(index for index in offered if index != first)]
