"""vocabulary.yaml: parsing, rewriting, chatter, and every problem reported through GlossaryError with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.glossary.errors import GlossaryInvalid
from bot.glossary.load import load_glossary
from bot.search.matcher import Matcher
from bot.text.vocabulary import Rewritten, parse_vocabulary
from tests.glossary.samples import VALID

VOCABULARY = """\
short_forms:
  rev: revenue
  nrr calc: net revenue retention
synonyms:
  dollar retention: revenue retention
spellings:
  expantion: expansion
chatter:
  leading: [tldr, quick question]
  trailing: [this quarter, please]
"""


def test_rewrites_longest_phrase_first_in_one_pass() -> None:
    vocabulary = parse_vocabulary(VOCABULARY, "v.yaml")
    assert vocabulary.rewrite("net dollar retention rev".split()) == "net revenue retention revenue".split()
    assert vocabulary.rewrite(["nrr", "calc"]) == ["net", "revenue", "retention"]
    assert vocabulary.rewrite(["nrr"]) == ["nrr"]


def test_chatter_is_peeled_from_both_ends_but_never_everything() -> None:
    vocabulary = parse_vocabulary(VOCABULARY, "v.yaml")
    assert vocabulary.strip_chatter("tldr quick question nrr this quarter please".split()) == ["nrr"]
    assert vocabulary.strip_chatter(["please"]) == ["please"]
    assert vocabulary.strip_chatter(["tldr", "please"]) == ["please"]


def write(tmp_path: Path, vocabulary: str, glossary: str = VALID) -> Path:
    (tmp_path / "vocabulary.yaml").write_text(vocabulary)
    path = tmp_path / "glossary.yaml"
    path.write_text(glossary)
    return path


def problems(tmp_path: Path, vocabulary: str) -> list[str]:
    with pytest.raises(GlossaryInvalid) as raised:
        load_glossary(write(tmp_path, vocabulary))
    return [str(p) for p in raised.value.problems]


def test_the_vocabulary_beside_the_glossary_is_loaded_and_used(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, VOCABULARY))
    matcher = Matcher.build(glossary)
    assert matcher.match("tldr net dollar retention please").entry is glossary.get("Net Revenue Retention")
    assert matcher.match("gross rev retention this quarter").status == "match"
    assert matcher.match("revenue kept without expantion").entry is glossary.get("Gross Revenue Retention")


def test_a_target_word_the_glossary_never_uses_is_reported_with_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, "short_forms:\n  rev: revenue\n  wfh: working from home\n")
    assert found == [f"{tmp_path / 'vocabulary.yaml'}:3: wfh: short_forms: 'working' is not a word of any glossary "
                     "name or definition",
                     f"{tmp_path / 'vocabulary.yaml'}:3: wfh: short_forms: 'home' is not a word of any glossary "
                     "name or definition"]


def test_cycles_are_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, "synonyms:\n  retention: revenue\n  revenue: retention\n")
    assert any(":3: revenue: rewrites form a cycle: retention -> revenue -> retention" in p for p in found), found
    found = problems(tmp_path, "synonyms:\n  expansion: revenue expansion\n")
    assert any("cycle: expansion -> expansion" in p for p in found), found


@pytest.mark.parametrize(("text", "line", "message"), [
    ("shortforms:\n  rev: revenue\n", 1, "unknown section 'shortforms'"),
    ("short_forms:\n  rev: revenue\n  Rev: revenue\n", 3, "'Rev' is already listed on line 2"),
    ("short_forms:\n  rev: [revenue, 2]\n", 2, "needs the words it stands for"),
    ("short_forms: [rev]\n", 1, "short_forms must map"),
    ("chatter:\n  leading: tldr\n", 2, "chatter leading must be a list"),
    ("chatter:\n  middle: [x]\n", 2, "unknown chatter key 'middle'"),
    ("short_forms:\n  rev: revenue\n   bad: indent\n", 3, "YAML syntax error"),
    ("- a list\n", 1, "the vocabulary must be a mapping"),
    ("other_fields: [employee]\n", 1, "other_fields must map a field's name to a list"),
    ("other_fields:\n  hr: employee\n", 2, "other_fields 'hr' must be a list"),
    ("other_fields:\n  hr: [employee, payroll]\n  it: [laptop, Employees]\n", 3,
     "'Employees' is already listed on line 2"),
    ("other_fields:\n  it: [c++]\n", 2, "an other_fields phrase must be 1-4 words of 2 or more"),
    ("other_fields:\n  it: [a b c d e]\n", 2, "an other_fields phrase must be 1-4 words"),
])
def test_structural_problems_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    found = problems(tmp_path, text)
    assert any(p.startswith(f"{tmp_path / 'vocabulary.yaml'}:{line}:") and message in p for p in found), found


def test_vocabulary_and_glossary_problems_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "vocabulary.yaml").write_text("nonsense: {}\n")
    path = tmp_path / "glossary.yaml"
    path.write_text(VALID.replace("category: metric", "category: metrics", 1))
    with pytest.raises(GlossaryInvalid) as raised:
        load_glossary(path)
    assert {p.file for p in raised.value.problems} == {str(path), str(tmp_path / "vocabulary.yaml")}


def test_shipped_vocabulary_is_valid_and_used(shipped_matcher: Matcher) -> None:
    assert len(shipped_matcher.glossary.vocabulary.rewrites) >= 50
    assert shipped_matcher.glossary.vocabulary.leading and shipped_matcher.glossary.vocabulary.trailing


def test_rewrite_marks_the_words_one_word_synonyms_put_there() -> None:
    vocabulary = parse_vocabulary("short_forms:\n  rev: revenue\nsynonyms:\n  client: customer\n"
                                  "  dollar retention: revenue retention\n", "v.yaml")
    read = vocabulary.rewrite_marked("client rev dollar retention client".split())
    words, synonyms, condensed = read.words, read.synonyms, read.condensed
    assert words == "customer revenue revenue retention customer".split()
    assert synonyms == {0, 4}  # not the short form, nor the words of a two-word synonym
    assert condensed == set()  # a phrase for a phrase: its words are written
    assert vocabulary.rewrite(["client", "rev"]) == ["customer", "revenue"]


def test_rewrite_marks_the_word_that_stands_for_a_phrase() -> None:
    vocabulary = parse_vocabulary("synonyms:\n  stop paying: churn\n  client: customer\n", "v.yaml")
    read = vocabulary.rewrite_marked("when a client stop paying".split())
    assert read.words == "when a customer churn".split()
    assert (read.synonyms, read.condensed) == ({2}, {3})
    assert read.within(2, 4) == Rewritten(["customer", "churn"], {0}, {1}, set())  # chatter peeled: counted from 2


def test_chatter_bounds_are_where_strip_chatter_cuts() -> None:
    vocabulary = parse_vocabulary(VOCABULARY, "v.yaml")
    words = "tldr quick question nrr this quarter please".split()
    start, end = vocabulary.chatter_bounds(words)
    assert (start, end) == (3, 4)
    assert words[start:end] == vocabulary.strip_chatter(words)


def test_same_words_keeps_short_forms_and_spellings_and_leaves_out_synonyms() -> None:
    vocabulary = parse_vocabulary(VOCABULARY, "v.yaml").same_words()
    assert vocabulary.rewrite("net dollar retention rev expantion".split()) == \
        "net dollar retention revenue expansion".split()


def test_a_name_holding_a_short_form_is_found_when_the_query_writes_it_inside_a_longer_question(
        shipped_matcher: Matcher) -> None:
    # the query's `cs` is read as `customer success`; the name `Sales-to-CS Handoff` is indexed that way too,
    # so the longer name wins over `Customer Success` inside it
    for question in ("who owns the sales to cs handoff now??", "pooled csm model for the long tail in latam"):
        found = shipped_matcher.match(question)
        assert found.status == "match", question
        assert found.entry is not None and found.entry.term in {"Sales-to-CS Handoff", "Pooled CSM"}
    assert shipped_matcher.match("customer success").entry.term == "Customer Success"  # type: ignore[union-attr]


def test_a_spelt_out_name_never_takes_the_place_of_a_name_written_that_way(tmp_path: Path) -> None:
    glossary = VALID + """
- term: Rev Share
  category: concept
  definition: The part of revenue one side pays to the other.
- term: Revenue Share Agreement
  aliases: [Revenue Share]
  category: document
  definition: The contract that sets how revenue is shared with a partner.
"""
    matcher = Matcher.build(load_glossary(write(tmp_path, VOCABULARY, glossary)))
    found = matcher.match("revenue share")  # `Rev Share` spelt out is `revenue share`: the written alias wins
    assert found.entry is not None and found.entry.term == "Revenue Share Agreement"
    written = matcher.match("rev share")  # and `Rev Share`, written as it is, is still its own entry
    assert written.entry is not None and written.entry.term == "Rev Share"


OTHER_FIELDS = VOCABULARY + """\
other_fields:
  hr: [employee, new hire]
  engineering: [k8s, kubernetes]
"""


def test_a_glossary_name_listed_as_another_fields_word_is_reported_with_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, OTHER_FIELDS + "  finance: [gross revenue retention]\n")
    assert any(":14:" in p and "'gross revenue retention' is a glossary name or alias" in p for p in found), found


def test_another_fields_word_in_the_subject_makes_the_matcher_ask(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, OTHER_FIELDS))
    matcher = Matcher.build(glossary)
    nrr = glossary.get("Net Revenue Retention")
    asked = ("k8s net revenue retention dashboard", "new hires and net revenue retention",
             "net revenue retention of employees", "kubernetes net revenue retention")
    for question in asked:
        found = matcher.match(question)
        assert (found.status, found.entry) == ("ambiguous", nrr), question  # still offered first
    for question in ("net revenue retention for our kubernetes product line", "net revenue retention",
                     "net revenue retention with the k8s accounts"):
        found = matcher.match(question)
        assert (found.status, found.entry) == ("match", nrr), question  # the setting, not the subject
    without = Matcher.build(load_glossary(write(tmp_path, VOCABULARY)))  # the list is what makes it ask
    assert all(without.match(question).status == "match" for question in asked)


def test_a_word_the_answers_own_entry_uses_is_not_another_fields(tmp_path: Path) -> None:
    text = VALID.replace("definition: ", "definition: Not about employee pay. ", 1)
    glossary = load_glossary(write(tmp_path, OTHER_FIELDS, text))
    first = glossary.entries[0]
    assert "employee" in first.definition
    found = Matcher.build(glossary).match(f"{first.term} of employees")
    assert (found.status, found.entry) == ("match", first)


def test_a_plain_words_answer_asks_when_another_fields_word_is_anywhere(shipped_matcher: Matcher) -> None:
    question = "money clients paid upfront that we haven't earned yet"
    plain = shipped_matcher.match(question)
    assert plain.status == "match" and plain.entry is not None
    elsewhere = shipped_matcher.match(question + " on the payroll system")  # no name written: no setting to spare
    assert (elsewhere.status, elsewhere.entry) == ("ambiguous", plain.entry)


def test_a_listed_phrase_counts_even_when_the_entry_uses_each_of_its_words(shipped_matcher: Matcher) -> None:
    found = shipped_matcher.match("code churn per file in the monorepo")  # Churn Reason Codes uses code and churn
    assert found.status == "ambiguous"
    assert shipped_matcher.match("churn reason codes per account").status == "match"


def test_after_a_one_word_name_the_setting_counts_too(shipped_matcher: Matcher) -> None:
    assert shipped_matcher.match("what time is kickoff for the super bowl").status == "ambiguous"
    assert shipped_matcher.match("what time is kickoff for the acme account").status == "match"
    assert shipped_matcher.match("nrr for our payroll customers").status == "match"  # an acronym: the setting
