"""How strangers ask, eighth round (issue 11): each rule added after the fresh sets AA1-AA4 were measured and read,
on the shipped glossary and vocabulary. The queries are our own examples of each kind; each one was answered
otherwise before its rule.
"""

from __future__ import annotations

import pytest

from bot.search.asking import asked_about, asks_for_a_name, topic_clauses
from bot.search.matcher import Matcher
from tests.search.test_understanding import answer


@pytest.mark.parametrize(("text", "asks"), [
    ("what do we call a customer that looks about to leave", True),
    ("months to earn back CAC - what's the name for that number", True),
    ("% of revenue kept incl upsells, what's that metric called?", True),
    ("total spend over new customers won - term?", True),
    ("is there a word for lining contracts up", True),
    ("what is nrr", False),
    ("who owns the renewal call", False),
    ("the name field in salesforce is empty", False),
])
def test_a_question_that_asks_for_a_name(text: str, asks: bool) -> None:
    assert asks_for_a_name(text) is asks


def test_later_clauses_that_ask_what_something_is_may_be_the_topic() -> None:
    assert topic_clauses("the AE shared a MAP with us, what is a MAP?") == [
        "the AE shared a MAP with us", " what is a MAP"]
    assert topic_clauses("qbr prep, due friday") == ["qbr prep"]  # no later clause asks
    assert topic_clauses("what is a qbr") == []


@pytest.mark.parametrize(("text", "topic"), [
    ("what does LTV mean when CS talks about it?", "LTV"),
    ("what does LTV stand for when finance says it", "LTV"),
    ("what do we mean by whitespace in an acct review call", "whitespace"),
    ("what does 'at-risk account' mean in the forecast tab", "'at-risk account'"),
    ("someone said \u201cscaled customer success\u201d in standup", "scaled customer success"),
])
def test_what_a_question_asks_the_meaning_of_may_be_the_topic(text: str, topic: str) -> None:
    assert topic in asked_about(text)


def test_the_shapes_of_a_long_message_cost_one_pass() -> None:
    text = "what is, " * 5_000 + "x" * 40_000
    assert len(topic_clauses(text)) < 20  # clauses() stops splitting: MAX_CLAUSES
    assert asks_for_a_name(text + " is there a name for that") is True
    assert asked_about("'" + "x" * 40_000 + "' what does " + "y " * 20_000 + "mean") == []


@pytest.mark.parametrize(("query", "term"), [
    # a later clause asking what a name is makes that name the topic, not the names around it
    ("the AE mentioned a QBR in the call, what is a QBR?", "Quarterly Business Review"),
    ("the AE shared a MAP with the customer, what is a MAP in this case?", "Mutual Action Plan"),
    # what a question asks the meaning of, or quotes, is its topic
    ("what do we mean by whitespace in an acct review call", "Whitespace"),
    ("what does 'at-risk account' mean in the forecast tab", "At-Risk Account"),
    ("new to cs, someone said 'scaled customer success' in standup, context?", "Scaled Customer Success"),
    ("what does payback mean when finance brings it up in the board meeting", "CAC Payback Period"),  # a part of
    ("what's 'wrapped' on the marketing calendar", "End of Year Wrapped"),  # only one entry's name
    # a narrow full-text lead, the question's words covered and its meaning close to the entry's
    ("the total amount a customer brings in over the whole time they stay with us", "Customer Lifetime Value"),
    ("customer moves to a cheaper plan with fewer seats when they renew", "Downsell"),  # `customer`: a weak name
])
def test_answered(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


@pytest.mark.parametrize(("query", "first", "not_answered"), [
    # asking for a name: `logo` is a word of the description, not the answer
    ("months to earn back the money spent on winning a new logo - what's the name for that number",
     "CAC Payback Period", "Logo"),
    # a name written alone among many words that the definitions read as another entry competes with it
    ("lining up add-on contract end dates with the main contract so everything renews on one day",
     "Co-Terming", "Renewal Date"),
])
def test_a_name_inside_a_description_is_not_the_answer(shipped_matcher: Matcher, query: str, first: str,
                                                       not_answered: str) -> None:
    found = shipped_matcher.match(query)
    assert found.entry is not None and found.entry.term == first
    assert not (found.status == "match" and found.entry.term == not_answered)


@pytest.mark.parametrize("query", ["staging", "is staging down again"])
def test_one_word_met_only_by_its_stem_is_a_suggestion(shipped_matcher: Matcher, query: str) -> None:
    found = shipped_matcher.match(query)
    assert found.status == "ambiguous"  # `staging` holds the stem of the lifecycle's `stages`: offered, not said
    assert found.entry is not None and found.entry.term == "Customer Lifecycle"


def test_kind_words_end_several_names_and_start_none(shipped_matcher: Matcher) -> None:
    kinds = shipped_matcher._names.kind_words
    assert {"program", "process", "score", "rate"} <= kinds
    assert "customer" not in kinds and "churn" not in kinds  # they start names: not a kind of thing


@pytest.mark.parametrize(("query", "term"), [
    ("customer academy program", "Customer Academy"),  # a kind word after a name written out is part of it
    ("true-up process at renewal", "True-Up"),
    ("escelation process", "Escalation"),
    ("advocacy program", "Customer Advocacy Program"),  # unless a name holds the pair
    ("adoption platform", "Digital Adoption Platform"),
])
def test_a_kind_word_after_a_name(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


def test_two_swapped_letters_in_a_three_letter_word(shipped_matcher: Matcher) -> None:
    assert answer(shipped_matcher, "net nwe mrr calc") == ("match", "Net New MRR")
    assert shipped_matcher._stages._swapped("nwe") == "new"
    assert shipped_matcher._stages._swapped("the") is None  # a word, not a slip
    assert shipped_matcher._stages._swapped("qrb") is None  # not an acronym: `qrb` is no guess at QBR


@pytest.mark.parametrize(("query", "term"), [
    ("sorry if this is obvious but what is a qbr supposed to cover", "Quarterly Business Review"),
    ("need a one-liner on churn reason codes for my deck", "Churn Reason Codes"),  # `my deck`: a kind of document
    ("TIL land and expand is a thing, whats the official def", "Land and Expand"),
])
def test_words_of_the_chat_are_not_another_field(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


@pytest.mark.parametrize(("query", "term"), [
    ("how do account plans work", "Account Plan"),  # `how do X work`: a question wrapper
    ("who owns the client onboarding portal", "Client Onboarding Portal"),  # a name kept as typed: `client` is
    ("help desk ticket def?", "Support Ticket"),  # not rewritten to `customer`, `help` not peeled as chatter
    ("what's our seat utilization target", "Product Usage Rate"),  # alias Seat Utilization (`utilization`: usage)
    ("why does downgrade matter", "Downsell"),  # alias Downgrade, a synonym's source: the name is written
    ("nrr for enterprise accounts", "Net Revenue Retention"),  # the name, then its setting
    ("upsell for enterprise accounts", "Upsell"),  # a one-word name before a short setting
    ("what's a good churn rate", "Customer Churn Rate"),  # `good`: leading chatter
])
def test_names_written_in_common_frames(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


def test_a_long_setting_after_a_one_word_name_is_still_read(shipped_matcher: Matcher) -> None:
    """`billing at year end for …` describes the True-Up: a one-word name before a setting of more than
    SHORT_SETTING content words is not the question's subject alone."""
    query = "billing at year end for all the extra seats they added beyond the contract"
    assert answer(shipped_matcher, query) == ("match", "True-Up")


def test_the_vocabulary_keeps_what_it_is_told_to(shipped_matcher: Matcher) -> None:
    vocabulary = shipped_matcher.glossary.vocabulary
    words = "who owns the client onboarding portal".split()
    assert vocabulary.rewrite_marked(words).words[3] == "customer"
    kept = vocabulary.rewrite_marked(words, kept=shipped_matcher._names.kept_name)
    assert kept.words == words and kept.kept == {3, 4, 5}
    assert vocabulary.rewrite_marked(["downgrade"]).synonyms == {0}
    assert vocabulary.rewrite_marked(["downgrade"], named={"downgrade"}.__contains__).synonyms == set()
    assert vocabulary.chatter_bounds(["help", "desk", "ticket"], kept={0, 1, 2}) == (0, 3)
    assert vocabulary.chatter_bounds(["help", "desk", "ticket"]) == (1, 3)


@pytest.mark.parametrize(("query", "term"), [
    ("heath check", "Health Check"),  # `heath` is an English word: never fixed, but no word of another field
    ("what is gross marin", "Gross Margin"),
    ("pont of contact", "Point of Contact"),
])
def test_a_real_word_one_slip_from_the_answer_is_a_slip(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


def test_an_abbreviation_s_dot_ends_no_sentence(shipped_matcher: Matcher) -> None:
    from bot.search.asking import question_line

    assert question_line("customer acquisition cost incl. CS salaries?") == (
        "customer acquisition cost incl. CS salaries?")
    assert question_line("renewal cycle here. what is a renewal playbook?") == "what is a renewal playbook?"
    assert answer(shipped_matcher, "customer acquisition cost incl. CS salaries?") == (
        "match", "Customer Acquisition Cost")


@pytest.mark.parametrize("query", [
    "what's the name for the set of accounts one CSM looks after",
    "is there a name for all the accounts a CSM is responsible for",
])
def test_a_question_asking_for_a_name_is_not_answered_with_a_name_it_writes(shipped_matcher: Matcher,
                                                                             query: str) -> None:
    found = shipped_matcher.match(query)
    assert not (found.status == "match" and found.entry is not None
                and found.entry.term == "Customer Success Manager")


def test_a_short_word_with_two_letters_swapped_is_a_name(shipped_matcher: Matcher) -> None:
    from bot.search.name_stages import _swapped_pair

    assert answer(shipped_matcher, "uplfit on a renewal") == ("match", "Uplift")  # not the Renewal it is about
    assert _swapped_pair("uplfit", "uplift") and not _swapped_pair("lunch", "launch")
    assert not _swapped_pair("uplift", "uplift") and not _swapped_pair("ab", "abc")
