"""How strangers ask (issue 11): each kind of miss the matcher used to make, on the shipped glossary and vocabulary.

Queries here are our own examples of each kind, not taken from the independent evaluation set.
"""

from __future__ import annotations

import pytest

from bot.search.comparison import split_comparison, with_shared_head
from bot.search.matcher import Matcher


def answer(matcher: Matcher, query: str) -> tuple[str, str | None]:
    found = matcher.match(query)
    return found.status, found.entry.term if found.entry else None


@pytest.mark.parametrize(("query", "term"), [
    ("tldr GRR", "Gross Revenue Retention"),
    ("eli5 time to value", "Time to Value"),
    ("/csterm burn multiple", "Burn Multiple"),
    ("@csterm mutual action plan", "Mutual Action Plan"),
    ("what's our grr goal for fy26", "Gross Revenue Retention"),
    ("churn rate this quarter", "Customer Churn Rate"),
    ("CSAT?!", "Customer Satisfaction Score"),
    ("NPS score", "Net Promoter Score"),
    ("QBR agenda", "Quarterly Business Review"),
])
def test_chatter_around_a_term_is_ignored(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


@pytest.mark.parametrize(("query", "term"), [
    ("acct plan", "Account Plan"),
    ("cs ops", "Customer Success Operations"),
    ("rev ops", "Revenue Operations"),
    ("implementation mgr", "Implementation Manager"),
    ("exec business review", "Executive Business Review"),
    ("attrition", "Churn"),
    ("gross churn", "Revenue Churn Rate"),
    ("customer organisation segmentation", "Customer Segmentation"),
    ("programme for referrals", "Referral Program"),
])
def test_short_forms_synonyms_and_british_spellings_come_from_the_vocabulary(
        shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


@pytest.mark.parametrize(("query", "term"), [
    ("ＣＳＡＴ", "Customer Satisfaction Score"),  # full-width letters
    ("ｑｂｒ", "Quarterly Business Review"),
    ("kpis", "Key Performance Indicator"),  # plural of an -is-looking short word
    ("ams", "Account Manager"),
    ("slas", "Service Level Agreement"),
    ("churning", "Churn"),  # -ing forms
    ("downselling", "Downsell"),
    ("renewing", "Renewal"),
])
def test_width_plurals_and_ing_forms(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


@pytest.mark.parametrize(("query", "term"), [
    ("satisfaction index", "Customer Satisfaction Index"),
    ("effort score", "Customer Effort Score"),
    ("response time", "First Response Time"),
    ("addressable market", "Total Addressable Market"),
    ("qualified lead from cs", "Customer Success Qualified Lead"),
])
def test_a_partial_name_only_one_entry_has_is_the_answer(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


@pytest.mark.parametrize(("query", "term"), [
    ("SOW draft", "Statement of Work"),
    ("TTV benchmark", "Time to Value"),
    ("how do we present ROI to a cfo", "Return on Investment"),
    ("what does hypercare look like after go live", "Hypercare"),
    ("nrr for enterprise saas", "Net Revenue Retention"),
])
def test_one_clear_candidate_is_a_match_not_a_question(shipped_matcher: Matcher, query: str, term: str) -> None:
    assert answer(shipped_matcher, query) == ("match", term)


@pytest.mark.parametrize(("query", "term"), [
    ("months to win back the cost of acquiring a customer", "CAC Payback Period"),
    ("the person at a customer who argues for our product internally", "Champion"),
    ("income billed once like implementation fees", "Non-Recurring Revenue"),
])
def test_plain_words_reach_the_entry_through_definitions_and_asked_as(
        shipped_matcher: Matcher, query: str, term: str) -> None:
    status, found = answer(shipped_matcher, query)
    assert found == term, (status, found)


def test_stems_let_full_text_meet_other_forms_of_a_word(shipped_matcher: Matcher) -> None:
    assert [h.entry.term for h in shipped_matcher.search("renewing subscriptions")][:3].count("Renewal") == 1


@pytest.mark.parametrize("query", [
    "renewable energy credits", "churros", "lunch?", "test", "expense report", "quarterly tax filing",
    "reset my laptop password", "asdfghjkl", "who won the game last night",
])
def test_looser_matching_still_leaves_off_topic_unanswered(shipped_matcher: Matcher, query: str) -> None:
    assert shipped_matcher.match(query).status != "match"


def test_struck_out_words_are_taken_back(shipped_matcher: Matcher) -> None:
    assert answer(shipped_matcher, "~NRR~ GRR") == ("match", "Gross Revenue Retention")


def test_the_asking_line_of_a_multi_line_message(shipped_matcher: Matcher) -> None:
    assert answer(shipped_matcher, "notes from the call\n• renewal\n• qbr\nwhat is a qbr?") == (
        "match", "Quarterly Business Review")


@pytest.mark.parametrize(("text", "pair"), [
    ("NRR vs GRR", ("NRR", "GRR")),
    ("what's the difference between MQL and SQL?", ("MQL", "SQL")),
    ("difference between churn and contraction", ("churn", "contraction")),
    ("compare ACV with TCV", ("ACV", "TCV")),
    ("how is a CSM different from an account manager?", ("a CSM", "an account manager")),
    ("pql or mql, which one matters more", ("pql", "mql")),
    ("upsell vs cross-sell whats the difference", ("upsell", "cross-sell")),
    ("land and expand", None),
    ("customer success or support", None),
    ("cost of goods sold", None),
])
def test_comparisons_are_recognised_however_phrased(text: str, pair: tuple[str, str] | None) -> None:
    assert split_comparison(text) == pair


def test_lookup_answers_a_comparison_with_the_first_term(shipped_matcher: Matcher) -> None:
    found = shipped_matcher.match("what's the difference between MQL and SQL?")
    assert (found.status, found.entry and found.entry.term) == ("match", "Marketing Qualified Lead")
    assert found.query == "what's the difference between MQL and SQL?"


@pytest.mark.parametrize(("text", "term"), [
    ("leading vs lagging indicator", "Leading Indicator"),  # `leading` alone is only part of two names
    ("voluntary vs involuntary churn", "Voluntary Churn"),
    ("expansion vs contraction mrr", "Expansion MRR"),  # `expansion` alone is Account Expansion
    ("customer vs revenue churn rate", "Customer Churn Rate"),
    ("churn vs revenue churn", "Churn"),  # a name alone stays itself
    ("NRR vs net revenue retention", "Net Revenue Retention"),
])
def test_a_comparisons_first_term_may_share_the_seconds_head(shipped_matcher: Matcher, text: str, term: str) -> None:
    found = shipped_matcher.match(text)
    assert (found.status, found.entry and found.entry.term) == ("match", term)


def test_the_shared_head_is_proposed_only_for_one_word_against_a_few() -> None:
    assert with_shared_head("leading", "lagging indicator") == "leading indicator"
    assert with_shared_head("gross", "net revenue retention") == "gross revenue retention"
    assert with_shared_head("nrr", "grr") is None
    assert with_shared_head("net revenue", "gross revenue retention") is None
    assert with_shared_head("a", "b " * 10) is None


def test_comparison_recognition_is_linear_on_long_input() -> None:
    assert split_comparison("a and " * 5000 + "b") is None
    assert split_comparison("difference between " + "x " * 10000) is None


def test_full_text_candidates_with_equal_coverage_keep_the_bm25_order() -> None:
    from bot.glossary.load import parse_glossary

    glossary = parse_glossary("""\
- term: Alpha Thing
  category: concept
  definition: Widgets and gadgets appear here among many other unrelated words in a rather long sentence about
    nothing much at all, which goes on and on for quite a while before it finally stops somewhere.
- term: Beta Thing
  category: concept
  definition: Widgets and gadgets, widgets for gadgets, gadgets with widgets.
- term: Gamma Thing
  category: concept
  definition: Gadgets.
""", "g.yaml")
    found = Matcher.build(glossary).match("widgets gadgets")
    assert found.entry is not None and found.entry.term == "Beta Thing"


@pytest.mark.parametrize("text", [
    "can someone point me to the renewal playbook? first renewal cycle here",
    "first renewal cycle here. can someone point me to the renewal playbook?",
    "first renewal cycle here\ncan someone point me to the renewal playbook?\nthanks",
])
def test_the_one_sentence_that_asks_is_the_question(shipped_matcher: Matcher, text: str) -> None:
    found = shipped_matcher.match(text)
    assert (found.status, found.entry and found.entry.term) == ("match", "Renewal Playbook")


def test_finding_the_asking_sentence_is_linear_on_long_input() -> None:
    from bot.search.asking import question_line as _question_line

    text = "a. " * 20_000 + "what is nrr?"
    assert _question_line(text) == "what is nrr?"
    assert _question_line("? " * 20_000) == "? " * 20_000  # many questions: the whole text, bounded later
