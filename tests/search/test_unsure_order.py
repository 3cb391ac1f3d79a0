"""The order of an unsure answer (bot/search/unsure_order.py): the stages' order, the full-text score and the meaning weighed
together; a name written out in few words keeps the stages' order."""

from __future__ import annotations

import pytest

from bot.glossary.load import parse_glossary
from bot.search import unsure_order
from bot.search.fulltext import FullTextIndex
from bot.search.matcher import Matcher
from bot.search.meaning import EntryMeanings
from bot.search.unsure_order import UnsureOrder

GLOSSARY = """
- term: Kickoff Call
  category: practice
  definition: The first meeting with a new customer after the contract is signed.
- term: Customer Churn
  category: metric
  definition: Customers who cancel their subscription and leave.
- term: Training Webinar
  category: program
  definition: An online class that teaches users the product.
"""


def _order() -> UnsureOrder:
    entries = parse_glossary(GLOSSARY, "test.yaml").entries
    return UnsureOrder(FullTextIndex(entries), EntryMeanings(entries))


def test_the_candidate_the_question_describes_goes_first_and_the_others_keep_their_order() -> None:
    order = _order()
    quitting = "customers cancel their subscription and leave".split()
    assert order.order(quitting, [0, 2, 1], named=()) == [1, 0, 2]
    assert order.order(quitting, [1, 0, 2], named=()) == [1, 0, 2]


def test_a_full_text_hit_the_stages_did_not_offer_can_go_first() -> None:
    order = _order()
    weighed = order.weighed("customers cancel their subscription and leave".split(), [0])
    assert [w.index for w in weighed] == [0, 1]  # Customer Churn joins as the last place in the stages' order
    assert weighed[1].rank == unsure_order.MAX_RANK and weighed[1].text > weighed[0].text
    assert order.order("customers cancel their subscription and leave".split(), [0], named=()) == [1, 0]


def test_a_name_written_in_few_words_keeps_the_stages_order(monkeypatch: pytest.MonkeyPatch) -> None:
    order = _order()
    quitting = "customers cancel their subscription and leave".split()
    assert order.order(quitting, [0, 1], named={0}) == [0, 1]
    monkeypatch.setattr(unsure_order, "NAMED_MIN_WORDS", 3)
    assert order.order(quitting, [0, 1], named={0}) == [1, 0]
    assert order.order(quitting, [0, 1], named={0, 1}) == [0, 1]  # between written names the stages judged


def test_without_weight_on_the_views_the_stages_order_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unsure_order, "TEXT_WEIGHT", 0.0)
    monkeypatch.setattr(unsure_order, "MEANING_WEIGHT", 0.0)
    assert _order().order("customers cancel their subscription and leave".split(), [0, 2, 1], named=()) == [0, 2, 1]


@pytest.mark.parametrize(("question", "first"), [
    ("how much cash we lose for each dollar of new ARR we add", "Burn Multiple"),
    ("customers lost because their payment failed, not because they chose to leave", "Involuntary Churn"),
])
def test_the_shipped_matcher_offers_the_described_entry_first(shipped_matcher: Matcher, question: str,
                                                               first: str) -> None:
    found = shipped_matcher.match(question)
    assert found.entry is not None and found.entry.term == first
