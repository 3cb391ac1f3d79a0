from __future__ import annotations

import pytest

from bot.glossary.load import parse_glossary
from bot.glossary.model import Glossary
from bot.search.matcher import Matcher
from tests.glossary.samples import VALID

EXTRA = """\
- term: Quarterly Business Review
  aliases: [QBR, Business Review]
  category: practice
  definition: A meeting each quarter where the customer's leaders and the CSM review results and agree next steps.
- term: Upsell
  aliases: [Up-sell]
  category: practice
  definition: Selling a bigger plan or more seats to a customer who already pays.
- term: Mutual Action Plan
  aliases: [MAP]
  category: document
  definition: A shared list of steps, owners and dates that buyer and seller agree to reach a decision.
- term: Customer Health Score
  aliases: [Health Score]
  category: metric
  definition: A weighted score built from usage, support tickets and sentiment that predicts whether a customer renews.
- term: Customer Retention Rate
  category: metric
  definition: The share of customers at the start of a period still paying at its end.
- term: Cohort Retention Rate
  category: metric
  definition: The share of one signup cohort still active after a number of months.
"""


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.build(parse_glossary(VALID + EXTRA, "g.yaml"))


@pytest.mark.parametrize(
    ("query", "term"),
    [("NRR", "Net Revenue Retention"), ("nrr", "Net Revenue Retention"), ("*QBRs*", "Quarterly Business Review"),
     ("what is a business review?", "Quarterly Business Review"), ("up sell", "Upsell"), ("UPSELL", "Upsell"),
     ("health scores", "Customer Health Score"), ("net dollar retention", "Net Revenue Retention")],
)
def test_exact_names_and_aliases_match(matcher: Matcher, query: str, term: str) -> None:
    result = matcher.match(query)
    assert (result.status, result.entry and result.entry.term, result.score) == ("match", term, 100.0)


def test_declared_acronym_answers_with_primary_and_mentions_the_other(matcher: Matcher) -> None:
    result = matcher.match("NRR")
    assert result.entry is not None and result.entry.term == "Net Revenue Retention"
    assert result.suggestions == ("Non-Recurring Revenue",)


@pytest.mark.parametrize(
    ("query", "term"),
    [("quartely busines review", "Quarterly Business Review"), ("custmer helth score", "Customer Health Score"),
     ("upsel", "Upsell"), ("uspell", "Upsell"), ("mutual acton plan", "Mutual Action Plan"), ("gross revnue retention", "Gross Revenue Retention")],
)
def test_typos_match_confidently(matcher: Matcher, query: str, term: str) -> None:
    result = matcher.match(query)
    assert result.status == "match", result
    assert result.entry is not None and result.entry.term == term
    assert 80 <= result.score < 100


def test_close_candidates_are_ambiguous_best_first(matcher: Matcher) -> None:
    result = matcher.match("retention rate")
    assert result.status == "ambiguous"
    terms = [e.term for e in result.candidates]
    assert set(terms[:2]) == {"Customer Retention Rate", "Cohort Retention Rate"}
    assert result.entry is result.candidates[0]


def test_plain_word_question_falls_back_to_definitions(matcher: Matcher) -> None:
    result = matcher.match("which score predicts whether a customer renews")
    assert result.status in ("match", "ambiguous")
    assert result.entry is not None and result.entry.term == "Customer Health Score"


@pytest.mark.parametrize("query", ["pizza", "kubernetes", "tax return", "what's the wifi password", "", "   ", "?!"])
def test_off_topic_is_none(matcher: Matcher, query: str) -> None:
    result = matcher.match(query)
    assert result.status == "none"
    assert result.entry is None


def test_none_offers_suggestions_when_something_is_close(matcher: Matcher) -> None:
    result = matcher.match("mutual plans for actions in sales")
    assert result.entry is None or result.entry.term == "Mutual Action Plan"
    assert "Mutual Action Plan" in [e.term for e in result.candidates] + list(result.suggestions)


def test_short_unknown_acronym_is_not_guessed(matcher: Matcher) -> None:
    found = matcher.match("QRB")  # QBR with two letters swapped: offered as a "did you mean", never answered
    assert found.status == "ambiguous" and found.suggestions == ("Quarterly Business Review",)
    assert matcher.match("XZQ").status == "none"  # no acronym is that word swapped


def test_search_ranks_exact_names_first_then_definitions(matcher: Matcher) -> None:
    hits = matcher.search("upsell")
    assert hits[0].entry.term == "Upsell" and hits[0].score == 100
    ranked = [h.entry.term for h in matcher.search("customer renews")]
    assert ranked[0] == "Customer Health Score"
    assert matcher.search("zebra") == []


def test_find_terms_in_free_text_needs_capitals_for_acronyms(matcher: Matcher) -> None:
    text = "Before the QBR, let's map out our NRR story and the health score trend; the MAP is in the doc."
    assert [e.term for e in matcher.find_terms(text)] == [
        "Quarterly Business Review", "Net Revenue Retention", "Customer Health Score", "Mutual Action Plan",
    ]
    assert matcher.find_terms("nothing to see here") == []


def test_matcher_is_built_once_and_reused(matcher: Matcher) -> None:
    assert isinstance(matcher.glossary, Glossary)
    assert matcher.match("QBR") == matcher.match("QBR")


RENEWALS = """\
- term: Renewal
  category: practice
  definition: Signing a customer up for another contract term when the current one ends.
- term: Renewal Date
  category: metric
  definition: The day a subscription ends unless the customer signs again.
- term: Auto-Renewal
  category: practice
  definition: A contract clause that extends the term by itself unless someone cancels.
- term: Renewal Manager
  category: role
  definition: The person who owns renewing contracts for a book of accounts.
- term: Available to Renew
  aliases: [ATR]
  category: metric
  definition: The recurring revenue whose contracts end in a period and can be renewed.
- term: Gross Revenue Retention
  aliases: [GRR]
  category: metric
  definition: The share of recurring revenue kept from existing customers, leaving expansion out.
- term: Customer Success Goals
  category: practice
  definition: >-
    The goals a customer success team sets each year. Each goal has an owner, a goal target such as a GRR goal
    or a GRR floor, and a goal review; goals roll up into the company goal.
"""


@pytest.fixture(scope="module")
def renewals() -> Matcher:
    return Matcher.build(parse_glossary(RENEWALS, "g.yaml"))


@pytest.mark.parametrize("query", ["renewing", "renewals", "renew"])
def test_a_word_whose_stem_is_one_entrys_whole_name_answers_it(renewals: Matcher, query: str) -> None:
    """Other names share the stem (`Available to Renew`, `Renewal Date`), but only one name is nothing else."""
    found = renewals.match(query)
    assert (found.status, found.entry.term if found.entry else None) == ("match", "Renewal")


def test_many_entries_holding_the_stem_are_ranked_not_dropped() -> None:
    """Without `Renewal` itself, four names hold the stem of `renewing`: the shortest are offered, best first;
    the query is not left with nothing."""
    without_renewal = "- term:" + RENEWALS.split("- term:", 2)[2]
    found = Matcher.build(parse_glossary(without_renewal, "g.yaml")).match("renewing")
    assert found.status == "ambiguous"
    assert [c.term for c in found.candidates] == ["Renewal Date", "Auto-Renewal", "Renewal Manager"]


@pytest.mark.parametrize("query", ["grr goal", "what's our grr goal for fy26"])
def test_an_acronym_written_out_beats_an_entry_that_only_mentions_it(renewals: Matcher, query: str) -> None:
    found = renewals.match(query)
    assert (found.status, found.entry.term if found.entry else None) == ("match", "Gross Revenue Retention")


def _filler(count: int) -> str:
    """Entries about nothing else, so that the words below are rare (as in a real glossary) and weigh."""
    letters = "bcdfghjklmnpqrstvwxz"
    words = [a + b + "o" + c for a in letters for b in "aeiu" for c in letters]
    return "".join(f"- term: Filler {words[i]}\n  category: concept\n  definition: A {words[i + 400]} "
                   f"of {words[i + 800]}.\n" for i in range(count))


TWO_REVIEWS = """\
- term: Quarterly Business Review
  category: practice
  definition: >-
    A meeting every three months where leaders review results and next goals together. It is prepared by the CSM.
- term: Executive Business Review
  category: practice
  definition: >-
    A yearly session with executives about strategy. Unlike a meeting every three months to review results and
    next goals, it looks further ahead; a meeting every three months about results and goals comes next.
"""


def test_a_narrow_lead_is_sure_when_what_the_entries_are_agrees() -> None:
    """Both definitions use the query's words about as often, so BM25 over the whole text is nearly a tie; but
    only one entry *is* that (its first sentence), so the two views agree and the answer is sure."""
    matcher = Matcher.build(parse_glossary(TWO_REVIEWS + _filler(80), "g.yaml"))
    found = matcher.match("meeting every three months to review results and next goals")
    assert (found.status, found.entry.term if found.entry else None) == ("match", "Quarterly Business Review")


def test_gists_do_not_overrule_a_name_written_out() -> None:
    """The same question naming the other entry is not answered from the first sentences."""
    matcher = Matcher.build(parse_glossary(TWO_REVIEWS + _filler(80), "g.yaml"))
    found = matcher.match("executive business review meeting every three months to review results and next goals")
    assert found.entry is not None and found.entry.term == "Executive Business Review"


ESCALATION = """\
- term: Escalation
  category: practice
  definition: >-
    Raising a customer issue through a defined process to managers when normal support cannot fix it in time.
- term: Process Map
  category: document
  definition: A diagram of the steps of a piece of work, who does each and in what order.
"""


def test_a_name_stage_candidate_stays_an_answer_when_the_definitions_also_score_it() -> None:
    """`escalation process`: the name is written out next to a word of another name (a candidate, 85), and the
    definitions also find it (87, not sure): the better score must not take away that it may answer alone."""
    found = Matcher.build(parse_glossary(ESCALATION + _filler(80), "g.yaml")).match("escalation process")
    assert (found.status, found.entry.term if found.entry else None) == ("match", "Escalation")


PROGRAMS = """\
- term: Reference Program
  category: program
  definition: Customers who agree to speak with prospects about their results.
- term: Referral Program
  category: program
  definition: Rewards for customers who introduce other companies to us.
"""


@pytest.mark.parametrize(("query", "term"), [
    ("referal program", "Referral Program"),  # stem of `reference`, but one slip from `referral`
    ("referrals program", "Referral Program"),
    ("referencing program", "Reference Program"),  # a stem, and no name word one slip away
])
def test_a_typo_is_not_taken_for_another_words_stem(query: str, term: str) -> None:
    found = Matcher.build(parse_glossary(PROGRAMS, "g.yaml")).match(query)
    assert (found.status, found.entry.term if found.entry else None) == ("match", term)


def test_an_acronym_inside_a_longer_name_is_read_as_its_entry_name() -> None:
    glossary = parse_glossary("""
- term: Customer Experience
  aliases: [CX]
  category: concept
  definition: How customers feel about every dealing with the company.
- term: Customer Experience Management Platform
  category: tool
  definition: Software that collects feedback and tracks how customers feel.
- term: Quarterly Business Review
  aliases: [QBR]
  category: practice
  definition: A meeting each quarter with the customer's leaders.
""", "test.yaml")
    matcher = Matcher.build(glossary)
    found = matcher.match("cx management platform")
    assert found.status == "match" and found.entry is not None
    assert found.entry.term == "Customer Experience Management Platform"
    assert matcher.match("cx").entry == glossary.entries[0]  # the acronym alone is still its own entry
    assert matcher.match("qbr platform").entry != glossary.entries[1]  # no such longer name: nothing spelt out


def test_the_shipped_glossary_reads_an_acronym_with_a_short_form_inside_a_name(shipped_matcher: Matcher) -> None:
    found = shipped_matcher.match("cx mgmt platform")
    assert found.status == "match" and found.entry is not None
    assert found.entry.term == "Customer Experience Management Platform"
