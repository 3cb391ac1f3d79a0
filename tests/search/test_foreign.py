"""Words of other fields (bot/search/foreign.py): a common English word the glossary never uses, modifying a name,
makes the matcher ask instead of answer; context words after `for the`, rare words and typos do not."""

from __future__ import annotations

import pytest

from bot.search.foreign import (
    FUNCTION_WORDS,
    TOO_COMMON,
    ForeignWords,
    english_words,
    name_spans,
    phrase_around,
)
from bot.search.matcher import Matcher
from bot.search.normalize import singular

GLOSSARY_WORDS = frozenset({"churn", "map", "customer", "account", "health", "check", "kickoff", "call", "renewal", "rate"})
ENGLISH = frozenset({"cream", "yeast", "trend", "agenda", "timeout", "endpoint", "mortgage", "bakery", "churn",
                     "health", "check", "map", "airline"})


def foreign_words() -> ForeignWords:
    return ForeignWords(GLOSSARY_WORDS.__contains__, {"map"}.__contains__, ENGLISH)


def test_the_word_list_is_wordfreqs_small_english_list_without_its_most_frequent_words() -> None:
    from wordfreq import get_frequency_dict

    too_common = 10 ** (-(TOO_COMMON + 0.5) / 100)  # between the last bucket left out and the first kept
    frequencies = get_frequency_dict("en", wordlist="small")
    left_out = {singular(w) for w, f in frequencies.items() if f >= too_common}
    expected = {singular(w) for w, f in frequencies.items() if w.isalpha() and f < too_common} - left_out
    words = english_words()
    assert words == expected
    assert {"cream", "yeast", "mortgage", "football", "pod"} <= words
    assert not {"the", "said", "time"} & words  # too common to name a field (`times` is made `time`)


def test_foreign_words_are_common_words_the_glossary_does_not_use() -> None:
    words = "customer churn cream mortgage xqzt the somewhere bakery2 map".split()
    assert foreign_words().positions(words, {}) == [2, 3]


def test_a_word_fixed_as_a_typo_of_a_name_word_is_not_foreign() -> None:
    assert foreign_words().positions(["mortgage", "rate"], {0: "renewal"}) == []
    assert foreign_words().positions(["mortgage", "rate"], {0: ""}) == [0]  # "maybe a typo": still a word


def test_function_and_chat_words_are_never_foreign() -> None:
    checker = ForeignWords(lambda w: False, lambda w: False, FUNCTION_WORDS | {"cream"})
    assert checker.positions([*sorted(FUNCTION_WORDS), "cream"], {}) == [len(FUNCTION_WORDS)]


def test_the_phrase_around_a_name_stops_at_stop_words() -> None:
    words = "server probe health check timeout for the airline".split()
    assert phrase_around(words, 2, 2) == range(5)
    assert phrase_around("health check with the airline".split(), 0, 2) == range(2)


@pytest.mark.parametrize(("query", "span", "other_field"), [
    ("mortgage renewal rate", (1, 2), True),  # one foreign word before the name says which kind
    ("health check timeout", (0, 2), False),  # one after a name of two words: what is asked about it
    ("health check endpoint timeout", (0, 2), True),  # two after it
    ("churn cream", (0, 1), True),  # one after a name that is a single common word
    ("map trend", (0, 1), False),  # ... not when that word is the glossary's acronym
    ("kickoff call agenda", (0, 2), False),
    ("churn rate for the bakery", (0, 2), False),  # the setting, behind `for the`
    ("churn rate", (0, 2), False),
])
def test_foreign_words_modify_a_name_before_it_or_in_numbers_after_it(query: str, span: tuple[int, int],
                                                                      other_field: bool) -> None:
    checker = foreign_words()
    words = query.split()
    assert checker.modify(words, checker.positions(words, {}), [span]) is other_field


def test_without_the_name_written_out_foreign_words_must_be_half_the_content_words() -> None:
    assert ForeignWords.outnumber([0, 1], 4)
    assert not ForeignWords.outnumber([0], 4)
    assert not ForeignWords.outnumber([], 0)


def test_name_spans_finds_every_place_an_entry_is_named() -> None:
    names = {"healthcheck": (3,), "health": (7,), "nrr": (1,)}
    assert name_spans("nrr health check and health check".split(), names, 2, 3) == [(1, 2), (4, 2)]
    assert name_spans("nrr health".split(), names, 2, 3) == []


@pytest.mark.parametrize(("query", "term"), [
    ("sourdough starter activation temperature", "Activation"),
    ("football coach defensive playbook", "Playbook"),
    ("ice cream maker churn", "Churn"),
    ("mortgage renewal rate", "Renewal Rate"),
    ("webinar microphone echo", "Customer Webinar"),
    # the rest of the question is another field's (`about_another_field`)
    ("nginx health check endpoint returns 404", "Health Check"),  # tools and a common word around two name words
    ("terraform playbook for the aws vpc", "Playbook"),
    ("best champion for the ranked arena in dota", "Champion"),
    ("escalation clause in my apartment lease", "Escalation"),
    ("renewal of my passport at the embassy", "Renewal"),
    ("retention policy for old backups in s3", "Customer Retention"),
    ("stickiness of the risotto, too much starch", "Customer Stickiness"),
    ("MAP sensor readings in the garage", "Mutual Action Plan"),  # the acronym's own phrase: `MAP sensor`
    ("SQL syntax for a window function", "Sales Qualified Lead"),
])
def test_a_name_used_in_another_field_is_offered_not_answered(shipped_matcher: Matcher, query: str,
                                                              term: str) -> None:
    found = shipped_matcher.match(query)
    assert found.status == "ambiguous"
    assert found.entry is not None and found.entry.term == term  # still offered: "did you mean"


@pytest.mark.parametrize(("query", "term"), [
    ("activation rate for the ios app", "Activation"),
    ("churn rate for the bakery customers", "Customer Churn Rate"),
    ("renewal rate at the bank customers", "Renewal Rate"),
    ("MAU trend", "Monthly Active Users"),
    ("kickoff call agenda", "Kickoff Call"),
    ("sourdough", None),  # no name at all: nothing to ask about
])
def test_a_name_with_its_setting_or_what_is_asked_about_it_is_still_answered(shipped_matcher: Matcher, query: str,
                                                                             term: str | None) -> None:
    found = shipped_matcher.match(query)
    if term is None:
        assert found.status == "none"
    else:
        assert found.status == "match" and found.entry is not None and found.entry.term == term


def test_a_comparison_with_another_fields_thing_is_not_answered(shipped_matcher: Matcher) -> None:
    assert shipped_matcher.match("nps vs employee morale").status == "ambiguous"
    assert shipped_matcher.match("nps vs csat").status == "match"


def test_a_pickled_matcher_reads_the_word_list_again_instead_of_carrying_it(shipped_matcher: Matcher) -> None:
    import pickle

    state = shipped_matcher._foreign.__getstate__()
    assert "_english" not in state
    loaded = pickle.loads(pickle.dumps(shipped_matcher))
    assert loaded._foreign._english is english_words()
    assert loaded.match("mortgage renewal rate").status == "ambiguous"
    custom = ForeignWords(GLOSSARY_WORDS.__contains__, {"map"}.__contains__, ENGLISH)
    assert pickle.loads(pickle.dumps(custom))._english == ENGLISH


def test_a_teams_own_term_is_not_doubted_for_words_the_shipped_glossary_uses(shipped_matcher: Matcher) -> None:
    from bot.glossary.model import Entry
    from bot.search.layers import LayeredMatcher
    from bot.terms.layer import TeamLayer

    phoenix = Entry(term="Phoenix Plan", category="practice", team="Acme",
                    definition="Our internal rescue plan for accounts at risk of leaving.")
    layered = LayeredMatcher(shipped_matcher, TeamLayer("Acme", entries=(phoenix,)))
    found = layered.match("customer phoenix plan")  # `customer` is foreign to the team's one term, not to csterm
    assert found.status == "match" and found.entry is not None and found.entry.term == "Phoenix Plan"
    assert layered.match("sourdough starter phoenix plan").status != "match"


def test_a_common_english_word_the_glossary_does_not_use_is_not_marked_as_a_typo(shipped_matcher: Matcher) -> None:
    from bot.search.foreign import is_english_word

    words = "health check with the airline account next week".split()
    assert is_english_word("airline") and not shipped_matcher.uses_word("airline")
    assert 4 not in shipped_matcher._stages.typo_fixes(words)
    assert shipped_matcher._stages.typo_fixes(["hlthcheckz"]) == {0: ""}  # not a word: maybe a typo


@pytest.mark.parametrize(("query", "term"), [
    ("health check with the airline account next week", "Health Check"),
    ("ltv of customers who bought the plugin", "Customer Lifetime Value"),
])
def test_an_unknown_common_word_beside_a_written_name_keeps_its_lead(shipped_matcher: Matcher, query: str,
                                                                     term: str) -> None:
    found = shipped_matcher.match(query)  # the definitions' best hit must not outrank the name written out
    assert found.status == "match" and found.entry is not None and found.entry.term == term


@pytest.mark.parametrize(("query", "span", "expected"), [
    ("trademark registration for the logo", (4, 1), True),  # the subject is another field's; the name its setting
    ("cream yeast for the churn", (4, 1), True),
    ("churn rate for the bakery", (0, 2), False),  # the name is the subject
    ("yeast for the churn", (3, 1), False),  # one word before `for`: as often a greeting as a subject
    ("churn trend for the mortgage", (0, 1), False),
    ("cream churn for the health check", (4, 2), False),  # `churn` before `for` is ours
])
def test_a_name_that_is_only_the_setting_of_another_fields_subject(query: str, span: tuple[int, int],
                                                                   expected: bool) -> None:
    checker = ForeignWords(GLOSSARY_WORDS.__contains__, {"map"}.__contains__,
                           ENGLISH | {"trademark", "registration"})
    words = query.split()
    assert checker.in_the_setting(words, checker.positions(words, {}), [span]) is expected


def test_a_common_english_word_is_never_fixed_as_a_typo_of_a_name_word(shipped_matcher: Matcher) -> None:
    from bot.search.foreign import is_english_word

    assert is_english_word("catering") and not shipped_matcher.uses_word("catering")
    assert shipped_matcher._stages.typo_fixes(["catering"]) == {}  # two slips from `coterming`, but a word
    assert shipped_matcher._stages.typo_fixes(["coterminng"]) == {0: "coterming"}
    found = shipped_matcher.match("catering menu for the customer advisory board")
    assert found.status == "ambiguous" and found.entry is not None and found.entry.term == "Customer Advisory Board"


PASSING = frozenset({"data", "policy", "bonus", "deck"})  # words the glossary uses in passing, not the answer


def whole_query_checker() -> ForeignWords:
    return ForeignWords((GLOSSARY_WORDS | PASSING).__contains__, {"map"}.__contains__, ENGLISH,
                        too_common=frozenset({"good", "new"}))


@pytest.mark.parametrize(("query", "span", "uses", "other_field"), [
    # a name that is one common English word: one foreign word anywhere in the question is enough ...
    ("churn of the cream", (0, 1), set(), True),
    ("churn for the bakery", (0, 1), set(), False),  # ... the setting (after `for`, `with` ...) counts half
    ("churn for the bakery and the cream", (0, 1), set(), True),
    ("churn of the cream customer", (0, 1), {"customer"}, False),  # a word the entry uses ties the question to it
    ("data churn policy", (1, 1), set(), True),  # words its phrase holds that the entry does not use count double
    ("churn policy", (0, 1), set(), False),
    ("churn spiked", (0, 1), set(), False),  # ... but not a past form after it: what happened to it (1/2, once)
    ("good new churn", (2, 1), set(), False),  # the most frequent words say nothing
    # ... that is also the glossary's acronym: only the words of its noun phrase
    ("map timeout", (0, 1), set(), True),
    ("map for the bakery cream", (0, 1), set(), False),
    # any other name: 1.5, with rare words (tools, customers, typos) at half a common word
    ("health check endpoint timeout", (0, 2), set(), True),
    ("health check timeout", (0, 2), set(), False),
    ("kubectl health check helmfile", (1, 2), set(), False),
    ("kubectl health check helmfile argocd", (1, 2), set(), True),
    ("health check tmrw friday pdf", (0, 2), set(), False),  # chat words (days, texting, documents) say nothing
    # ... and two thirds of a word per name word: a long name needs more
    ("customer health check agenda cream", (0, 3), set(), True),
    ("customer health check agenda xqzt", (0, 3), set(), False),
])
def test_the_rest_of_the_question_weighed_as_evidence_of_another_field(query: str, span: tuple[int, int],
                                                                        uses: set[str], other_field: bool) -> None:
    assert whole_query_checker().about_another_field(query.split(), [span], uses.__contains__) is other_field


@pytest.mark.parametrize(("query", "term"), [
    ("whats our nrr target for fy27", "Net Revenue Retention"),
    ("churn rate for acme corp this qtr", "Customer Churn Rate"),
    ("qbr deck for initech", "Quarterly Business Review"),
    ("health check with globex tomorrow", "Health Check"),
    ("champion at hooli changed jobs, who do we talk to now", "Champion"),
    ("retention for the apac team", "Customer Retention"),
    ("renewal forecast in salesforce", "Renewal Forecast"),
    ("escalation path for globex", "Escalation"),
    ("customer advisory board dinner in lisbon", "Customer Advisory Board"),
])
def test_chatter_customers_and_tools_around_a_written_name_still_answer(shipped_matcher: Matcher, query: str,
                                                                         term: str) -> None:
    found = shipped_matcher.match(query)
    assert found.status == "match" and found.entry is not None and found.entry.term == term


def test_what_my_owns_counts_where_the_name_belongs_to_it() -> None:
    checker = ForeignWords(GLOSSARY_WORDS.__contains__, {"map"}.__contains__, ENGLISH, frozenset({"new"}))
    words = "my new mortgage renewal rate on my 3pm check".split()
    assert checker.owned_things(words, [(3, 2)]) == ["mortgage", "check"]  # `3pm` is no word, `new` too common
    assert checker.owned_things("renewal rate and my mortgage".split(), [(0, 2)]) == []  # `and`: not the name's
    assert checker.owned_things("my bakery asked about the renewal rate".split(), [(5, 2)]) == []


@pytest.mark.parametrize("query", [
    "overage on my electricity bill again",
    "my mobile contract overage",
    "is there a notice period on my apartment tenancy",
    "true-up on my pension contribution",
])
def test_a_question_about_the_writers_own_life_is_not_answered(shipped_matcher: Matcher, query: str) -> None:
    assert shipped_matcher.match(query).status == "ambiguous"


@pytest.mark.parametrize(("query", "term"), [
    ("half my accounts have an overage this month", "Overage"),
    ("my manager asked about the notice period in our contracts", "Notice Period"),
    ("true-up for my customer seats", "True-Up"),
    ("my boss keeps asking what a quarterly business review is", "Quarterly Business Review"),
    ("in my last job we called it a kickoff call, who runs it here", "Kickoff Call"),
])
def test_our_things_called_mine_are_still_answered(shipped_matcher: Matcher, query: str, term: str) -> None:
    found = shipped_matcher.match(query)
    assert (found.status, found.entry and found.entry.term) == ("match", term)
