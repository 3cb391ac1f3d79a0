"""Meaning (bot/search/meaning.py): the word vectors, and the matcher answering a plain-words question its words
alone left open, when the question's meaning confirms the first candidate clearly."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from bot.glossary.load import parse_glossary
from bot.search import meaning
from bot.search.matcher import Matcher
from bot.search.meaning import EntryMeanings, WordVectors, word_vectors


def _vectors() -> WordVectors:
    vectors = word_vectors()
    assert vectors is not None
    return vectors


def _cosine(a: str, b: str) -> float:
    vectors = _vectors()
    first, second = vectors.meaning(a.split()), vectors.meaning(b.split())
    assert first is not None and second is not None
    return float(first @ second)


def test_the_shipped_vectors_cover_english_and_the_glossary() -> None:
    vectors = _vectors()
    assert len(vectors) > 20_000
    assert vectors.dimensions == 128
    assert vectors.meaning(["nrr", "qbr", "onboarding", "refund"], min_words=4) is not None
    assert vectors.meaning(["zzqxv", "churn"], min_words=2) is None  # one word with a vector is too few


def test_texts_of_the_same_meaning_are_closer_than_texts_of_another() -> None:
    leaving = "customers who cancel and leave"
    assert _cosine(leaving, "clients that quit the subscription") > _cosine(leaving, "welcome call for a new user")
    assert _cosine("money paid every month", "monthly subscription revenue") > _cosine(
        "money paid every month", "training webinar schedule")


def test_a_text_is_the_unit_sum_of_its_words_vectors() -> None:
    vectors = _vectors()
    both = vectors.meaning(["refund", "invoice"])
    assert both is not None
    assert float(np.linalg.norm(both)) == pytest.approx(1.0, abs=1e-5)
    alone = [vectors.meaning([w]) for w in ("refund", "invoice")]
    assert all(a is not None and float(a @ both) > 0.3 for a in alone)


GLOSSARY = """
- term: Customer Churn
  category: metric
  definition: Customers who cancel their subscription and leave.
- term: Kickoff Call
  category: practice
  definition: The first meeting with a new customer after the contract is signed.
- term: Training Webinar
  category: program
  definition: An online class that teaches users the product.
"""


def _meanings() -> EntryMeanings:
    glossary = parse_glossary(GLOSSARY, "test.yaml")
    return EntryMeanings(glossary.entries)


def test_the_meaning_confirms_only_a_first_candidate_it_is_close_to_and_clear_of_the_others() -> None:
    meanings = _meanings()
    quitting = "customer cancel subscription and leave".split()
    assert meanings.confirms(quitting, [0, 1, 2])
    assert not meanings.confirms(quitting, [1, 0, 2])  # never for a first candidate the meaning does not prefer
    assert not meanings.confirms("clients quit their plan and go away".split(), [0, 1])  # not close enough


def test_a_close_second_candidate_keeps_the_question_open(monkeypatch: pytest.MonkeyPatch) -> None:
    meanings = _meanings()
    quitting = "customer cancel subscription and leave".split()
    assert meanings.confirms(quitting, [0, 1])
    monkeypatch.setattr(meaning, "CLEAR", 1.0)
    assert not meanings.confirms(quitting, [0, 1])


def test_entry_vectors_are_kept_within_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(meaning, "MAX_REMEMBERED", 2)
    meanings = _meanings()
    question = _vectors().meaning("online class".split())
    assert question is not None
    closeness = [meanings.closeness(question, i) for i in (0, 1, 2)]
    assert len(meanings._texts) == 2
    assert max(closeness) == closeness[2]


def test_the_matcher_answers_when_the_meaning_confirms_and_asks_without_it(
        shipped_matcher: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    question = "the price a client pays each year on average"
    found = shipped_matcher.match(question)
    assert (found.status, found.entry and found.entry.term) == ("match", "Average Revenue per Account")
    monkeypatch.setattr(meaning, "CLOSE", 1.01)
    shipped_matcher.forget_query_caches()
    unsure = shipped_matcher.match(question)
    assert unsure.status == "ambiguous"
    assert unsure.entry is not None and unsure.entry.term == "Average Revenue per Account"


def test_a_compiled_matcher_carries_no_entry_vectors(shipped_matcher: Matcher) -> None:
    shipped_matcher.match("the price a client pays each year on average")
    restored = pickle.loads(pickle.dumps(shipped_matcher))
    assert restored._meanings._texts == {}
    assert restored.match("the price a client pays each year on average").status == "match"


def test_vectors_are_read_from_the_file_they_are_given(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "v.npz"  # type: ignore[operator]
    np.savez_compressed(path, words=np.frombuffer(b"alpha\nbeta", dtype=np.uint8),
                        vectors=np.array([[127, 0], [0, 127]], dtype=np.int8), scale=np.array([0.5, 0.5], np.float32))
    vectors = WordVectors(path)
    assert len(vectors) == 2 and vectors.dimensions == 2
    alpha = vectors.meaning(["alpha"])
    assert alpha is not None and list(np.round(alpha, 3)) == [1.0, 0.0]


@pytest.mark.parametrize("content", [b"not a zip file", b"PK\x03\x04 truncated", b""])
def test_without_readable_vectors_the_matcher_answers_as_before(
        content: bytes, shipped_matcher: Matcher, monkeypatch: pytest.MonkeyPatch, tmp_path: pytest.TempPathFactory,
        caplog: pytest.LogCaptureFixture) -> None:
    broken = tmp_path / "broken.npz"  # type: ignore[operator]
    broken.write_bytes(content)
    monkeypatch.setattr(meaning, "VECTORS", broken)
    word_vectors.cache_clear()
    try:
        shipped_matcher.forget_query_caches()
        found = shipped_matcher.match("the price a client pays each year on average")
        assert found.status == "ambiguous"
        assert "meaning check off" in caplog.text
    finally:
        word_vectors.cache_clear()
        shipped_matcher.forget_query_caches()


def test_closeness_to_each_candidate_is_zero_without_a_meaning() -> None:
    meanings = _meanings()
    quitting = "customer cancel subscription and leave".split()
    near = meanings.closeness_all(quitting, [1, 0, 2])
    assert max(range(3), key=near.__getitem__) == 1  # Customer Churn, offered second
    assert meanings.closeness_all(["zzqxv"], [1, 0]) == [0.0, 0.0]
