"""How strangers ask, seventh round (issue 11): each rule added after the fresh sets M-U were read, on the shipped
glossary and vocabulary. The queries are our own examples of each kind, not lines of the evaluation sets.
"""

from __future__ import annotations

import pytest

from bot.glossary.load import parse_glossary
from bot.search.clauses import clauses, leading_clause
from bot.search.comparison import find_comparison, names_either_or
from bot.search.matcher import Matcher
from bot.search.normalize import normalize
from tests.search.test_understanding import answer


@pytest.mark.parametrize(("text", "words"), [
    ("expansion playbook <https://wiki.internal/cs/expansion>", "expansion playbook"),
    ("*account growth* see https://confluence.example/cs/glossary", "account growth see"),
    ("*Customer Portal* (https://portal.example.com/login)", "customer portal"),
    ("what is <https://wiki.example.com/a/net-promoter|NPS>", "nps"),
    ("www.example.com/nrr nrr", "nrr"),
])
def test_an_address_is_dropped_and_a_link_keeps_its_label(text: str, words: str) -> None:
    assert normalize(text) == words


def test_an_address_in_a_long_run_of_letters_costs_one_pass() -> None:
    assert normalize("a" * 40_000 + " https://x.example/cs nrr").endswith("nrr")


@pytest.mark.parametrize(("query", "term"), [
    ("expansion playbook <https://wiki.internal/cs/expansion>", "Expansion Playbook"),  # not Customer Success
    ("succes criteria for onboarding?", "Success Criteria"),  # `succes` read as a plural was `succe`
    ("revenu churn rate - heard it in the forecast call", "Revenue Churn Rate"),  # a stem in a longer name
    ("reference program or referral program", "Reference Program"),  # two names joined by `or`: the first
    ("quick sanity check - gross margin = ?", "Gross Margin"),  # the chat is in its own clause
    ("bookings - what is it, finance keeps throwing it at me", "Bookings"),
    ("customer segmentation - how do we prioritise which accounts get a named csm", "Customer Segmentation"),
    ("*implementation plan* (link in thread)", "Implementation Plan"),  # the name is the question's topic
    ("the person at the customer who uses the product the most", "Power User"),  # `use`, `most` are words
    ("CS keeps saying 'book of business' in forecast calls, context?", "Book of Business"),  # `cs`: the team
    ("so CS wants the logo count by region, what do they count as a logo?", "Logo"),
    ("anyone? net new mrr", "Net New MRR"),  # a one-word asking sentence is not the question
    ("uplift?! on my renewal?", "Uplift"),  # `?!` asks too: two asking sentences, the whole text is read
    ("contraction mmr", "Contraction MRR"),  # vocabulary.yaml: `mmr` is a slip of MRR
])
def test_answered(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


@pytest.mark.parametrize(("query", "first"), [
    ("escalaton process", "Escalation"),  # a name written out (a slip fixed) ahead of a tie that only resembles it
    ("what is whitespace in account planning", "Whitespace"),
])
def test_a_name_written_out_goes_first_among_equals(shipped_matcher: Matcher, query: str, first: str) -> None:
    found = shipped_matcher.match(query)
    assert found.entry is not None and found.entry.term == first


@pytest.mark.parametrize(("query", "not_answered"), [
    ("when a customer stops paying and leaves", "Customer Churn Rate"),  # `stop paying` is churn, not `customer churn`
    ("record created when a customer reports an issue to support", "Customer Support"),  # a word of a description
])
def test_a_name_only_pieced_together_does_not_answer(shipped_matcher: Matcher, query: str, not_answered: str
                                                     ) -> None:
    found = shipped_matcher.match(query)
    assert not (found.status == "match" and found.entry is not None and found.entry.term == not_answered)


@pytest.mark.parametrize("query", [
    "renewal of the tls certificate - it expires friday",  # the field is in the name's clause
    "health check - kubernetes pod keeps restarting",  # ... or listed in vocabulary.yaml, in another clause
    "onboarding - laptop, vpn and payroll setup for the new engineer",
    "anybody know a good dentist near the office",
    "how do i write a sql join",  # a listed phrase holding the name (`sql join`) is another field's
    "css position sticky not working inside flex container",  # `css` is not the plural of `cs`
    "rate of perceived effort vs heart rate zones",  # the other side of the comparison holds a listed phrase
    "canary deployment rollout percentage",  # words added to vocabulary.yaml's other_fields this round
    "where can i download the company logo as an svg",
    "whats a retention bonus, hr mentioned it",  # `hr` is listed: in another clause it counts twice
    "how many story points is this ticket?",
    "onboarding buddy for the new hire starting monday",  # a one-word name: its setting counts too
    "onboarding docs for the new backend engineer",
])
def test_other_fields_still_ask_when_split_into_clauses(shipped_matcher: Matcher, query: str) -> None:
    assert shipped_matcher.match(query).status != "match"


def test_a_short_form_of_the_writers_team_does_not_outvote_what_they_ask_about(shipped_matcher: Matcher) -> None:
    found = shipped_matcher.match("one csm talking to lots of customers at once through webinars and emails")
    assert not (found.status == "match" and found.entry is not None
                and found.entry.term == "Customer Success Manager")
    assert answer(shipped_matcher, "what does a csm do") == ("match", "Customer Success Manager")  # still its name


def test_a_description_phrased_as_a_difference_is_matched_whole(shipped_matcher: Matcher) -> None:
    assert answer(shipped_matcher, "difference between what the customer pays for and what it actually uses") == (
        "match", "Consumption Gap")
    assert answer(shipped_matcher, "difference between nrr and grr") == ("match", "Net Revenue Retention")


def test_or_compares_only_two_names(shipped_matcher: Matcher) -> None:
    is_name = shipped_matcher.is_name
    assert names_either_or("csat or nps?", is_name) == ("csat", "nps")
    assert names_either_or("customer churn rate or revenue churn rate for the board?", is_name) == (
        "customer churn rate", "revenue churn rate")
    assert names_either_or("one-time fees like setup or training", is_name) is None
    assert names_either_or("pizza or tacos", is_name) is None
    assert find_comparison("nrr vs grr", is_name) == ("nrr", "grr")


def test_clauses_split_at_punctuation_not_inside_names() -> None:
    assert [c.strip() for c in clauses("quick sanity check - gross margin = ?")] == [
        "quick sanity check", "gross margin"]
    assert [c.strip() for c in clauses("ltv:cac ratio, sales-to-cs handoff")] == ["ltv:cac ratio", "sales-to-cs handoff"]
    assert leading_clause("bookings - what is it") == "bookings"
    assert leading_clause("bookings?") is None and leading_clause("net revenue retention") is None
    assert len(clauses(", ".join(["x"] * 10_000))) <= 9  # capped


def test_a_weak_tie_keeps_the_stages_order_without_a_written_name() -> None:
    glossary = parse_glossary("""
- term: Price Escalator
  category: concept
  definition: A yearly price rise written into a contract.
- term: Escalation
  category: practice
  definition: Moving a customer problem to more senior people.
""", "t.yaml")
    matcher = Matcher.build(glossary)
    found = matcher.match("escalaton process")
    assert found.entry is not None and found.entry.term == "Escalation"


def test_an_acronym_used_as_a_unit_in_a_description_does_not_hold_the_answer() -> None:
    glossary = parse_glossary("""
- term: Monthly Recurring Revenue
  aliases: [MRR]
  category: metric
  definition: Subscription revenue billed each month.
- term: Average Revenue per Account
  aliases: [ARPA]
  category: metric
  definition: Total MRR divided by the number of paying accounts; the typical account's monthly spend.
- term: Churn
  category: concept
  definition: A customer leaving.
""", "t.yaml")
    matcher = Matcher.build(glossary)
    found = matcher.match("total mrr divided by how many paying accounts we have, averaged out")
    assert (found.status, found.entry and found.entry.term) == ("match", "Average Revenue per Account")
    assert answer(matcher, "what is mrr") == ("match", "Monthly Recurring Revenue")
