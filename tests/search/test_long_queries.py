"""Any text, however long, costs the matcher a bounded amount of work (issue 10, item 2)."""

from __future__ import annotations

import random
import string
from collections.abc import Callable

import pytest

from bot.glossary.load import default_glossary_path, load_glossary
from bot.search import matcher as matcher_module
from bot.search import names
from bot.search.bounds import MAX_QUERY_CHARS, MAX_SCAN_CHARS, MAX_WORD_CHARS, bounded_query
from bot.search.matcher import Matcher
from bot.search.names import leave_one_out


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.build(load_glossary(default_glossary_path({})))


def letters(count: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(count))


def assert_bounded(text: str) -> None:
    assert len(text) <= MAX_QUERY_CHARS
    assert all(len(word) <= MAX_WORD_CHARS for word in text.split())


def test_bounded_query_keeps_what_a_person_could_mean() -> None:
    assert bounded_query("  what is   NRR?\n") == "what is NRR?"
    question = "how do we calculate net revenue retention when a customer upgrades mid-quarter " * 3
    assert bounded_query(question) == " ".join(question.split())  # a long question is kept whole
    assert_bounded(bounded_query(letters(40_000)))
    assert_bounded(bounded_query(" ".join(letters(30, seed) for seed in range(2_000))))
    assert bounded_query("NRR " + letters(40_000)).startswith("NRR ")


@pytest.mark.parametrize("make", [
    lambda: letters(40_000),
    lambda: " ".join(letters(7, seed) for seed in range(5_000)),
    lambda: "the " * 10_000 + "NRR",
    lambda: "<" + letters(40_000) + ">",
], ids=["one-40000-letter-word", "5000-words", "repeated-wrapper", "one-slack-link"])
def test_the_matcher_passes_on_only_bounded_text(matcher: Matcher, make: Callable[[], str]) -> None:
    text = make()
    match = matcher.match(text)
    assert_bounded(match.query)  # what is recorded as the lookup and echoed in the reply
    assert matcher.is_name(text) is False
    assert isinstance(matcher.search(text), list)


@pytest.mark.parametrize("query", [
    "what is <https://wiki.example.com/customer-success/glossary/metrics/net-promoter|NPS>?",
    "<https://docs.example.com/a/very/long/path/to/the/page/about/it|net promoter score> pls",
])
def test_a_long_link_address_does_not_cut_off_its_label(matcher: Matcher, query: str) -> None:
    """Words are cut to MAX_WORD_CHARS after Slack links become their labels, not before (the label would go with
    the address)."""
    match = matcher.match(query)
    assert (match.status, match.entry.term if match.entry else None) == ("match", "Net Promoter Score")


def test_a_name_is_still_found_at_the_start_of_a_long_message(matcher: Matcher) -> None:
    match = matcher.match("Net Revenue Retention " + "x" * 40_000)
    assert match.entry is not None and match.entry.term == "Net Revenue Retention"


def test_find_terms_scans_a_bounded_prefix(matcher: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    scanned: list[int] = []
    original = matcher_module.strip_slack_markup

    def recording(text: str) -> str:
        scanned.append(len(text))
        return original(text)

    monkeypatch.setattr(matcher_module, "strip_slack_markup", recording)
    text = "What drives our NRR? " + " ".join(letters(8, seed) for seed in range(5_000)) + " and GRR"
    assert [e.term for e in matcher.find_terms(text)] == ["Net Revenue Retention"]  # GRR is past the bound
    assert scanned and max(scanned) <= MAX_SCAN_CHARS
    assert [e.term for e in matcher.find_terms("<https://wiki.example.com/metrics/nrr|NRR> vs GRR")] == [
        "Net Revenue Retention", "Gross Revenue Retention"]  # words are kept whole: a link's label counts


def test_words_too_long_for_one_deletion_generate_no_deletions(matcher: Matcher,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    original = names._deletions

    def counting(word: str) -> set[str]:
        made.append(len(word))
        return original(word)

    monkeypatch.setattr(names, "_deletions", counting)
    index = matcher._names
    index.corrections(letters(MAX_WORD_CHARS))
    index.corrections(letters(names.MAX_DELETION_WORD + 2))
    assert made == []  # no vocabulary word is one deletion away from a word this long
    index.corrections("retenton")  # a short typo still uses them
    assert made


def quadratic_leave_one_out(groups: list[set[int]]) -> set[int]:
    """The earlier loop, kept as the reference: intersect all groups but one, for each one."""
    chosen: set[int] = set()
    for left_out in range(len(groups)):
        rest = set.intersection(*(g for i, g in enumerate(groups) if i != left_out))
        if rest and (not chosen or len(rest) < len(chosen)):
            chosen = rest
    return chosen


def test_leave_one_out_agrees_with_the_quadratic_loop() -> None:
    rng = random.Random(7)
    for _ in range(500):
        groups = [set(rng.sample(range(30), rng.randint(1, 20))) for _ in range(rng.randint(3, 8))]
        groups.sort(key=len)
        assert leave_one_out(groups) == quadratic_leave_one_out(groups)


def test_leave_one_out_does_linear_work() -> None:
    """Each group is touched a constant number of times: count the intersections it takes part in."""
    touched = 0

    class Counted(set[int]):
        def __and__(self, other: object) -> Counted:
            nonlocal touched
            touched += 1
            assert isinstance(other, set)
            return Counted(set.__and__(self, other))

    for size in (10, 100, 1000):
        touched = 0
        leave_one_out([Counted({i, i + 1, 10**6}) for i in range(size)])
        assert touched <= 3 * size
