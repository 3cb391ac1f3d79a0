"""asked_as phrases: parsed with the entry, matched whole, and `csterm check` fails when another entry takes one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.glossary.errors import GlossaryInvalid
from bot.glossary.load import parse_glossary
from bot.search.matcher import Matcher, phrase_words, stem_key
from bot.search.phrases import check_asked_as
from tests.glossary.samples import VALID

PHRASES = VALID.replace(
    "  definition: Revenue kept from existing customers, without expansion.\n",
    "  definition: Revenue kept from existing customers, without expansion.\n"
    "  asked_as: [how much revenue stays before upsells, the keep rate ignoring growth]\n", 1)


def test_asked_as_is_parsed_and_a_whole_phrase_answers_with_its_entry() -> None:
    glossary = parse_glossary(PHRASES, "g.yaml")
    entry = glossary.get("Gross Revenue Retention")
    assert entry is not None and entry.asked_as == ("how much revenue stays before upsells",
                                                    "the keep rate ignoring growth")
    matcher = Matcher.build(glossary)
    found = matcher.match("what's the keep rate ignoring growth?")
    assert (found.status, found.entry) == ("match", entry)
    assert check_asked_as(glossary, matcher) == []


def test_a_phrase_taken_by_another_entry_is_reported_with_its_line() -> None:
    stolen = PHRASES.replace("the keep rate ignoring growth", "NRR")
    glossary = parse_glossary(stolen, "g.yaml")
    problems = check_asked_as(glossary, Matcher.build(glossary))
    line = next(i for i, text in enumerate(stolen.splitlines(), 1) if "asked_as" in text)
    assert [str(p) for p in problems] == [
        f"g.yaml:{line}: Gross Revenue Retention: asked_as 'NRR' is answered with Net Revenue Retention, "
        "not with this entry"]


def test_csterm_check_fails_on_a_stolen_phrase(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(PHRASES.replace("how much revenue stays before upsells", "net dollar retention"))
    done = subprocess.run([sys.executable, "-m", "bot", "check", str(path)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 1
    assert "asked_as 'net dollar retention' is answered with Net Revenue Retention" in done.stderr
    path.write_text(PHRASES)
    done = subprocess.run([sys.executable, "-m", "bot", "check", str(path)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "2 asked_as phrases answered with their own entry" in done.stdout


def test_asked_as_must_be_a_list_of_texts() -> None:
    with pytest.raises(GlossaryInvalid, match="asked_as must be a list of non-empty strings"):
        parse_glossary(PHRASES.replace("[how much revenue stays before upsells, the keep rate ignoring growth]",
                                       "just one string"), "g.yaml")


def test_shipped_glossary_has_asked_as_phrases_answered_with_their_own_entry(shipped_matcher: Matcher) -> None:
    glossary = shipped_matcher.glossary
    assert sum(1 for e in glossary if e.asked_as) >= 30
    assert check_asked_as(glossary, shipped_matcher) == []


def test_a_phrase_of_one_content_word_does_not_answer_that_word_alone() -> None:
    glossary = parse_glossary(VALID.replace(
        "  definition: Revenue kept from existing customers, without expansion.\n",
        "  definition: Revenue kept from existing customers, without expansion.\n"
        "  asked_as: [who is who at the customer]\n", 1), "g.yaml")
    found = Matcher.build(glossary).match("customer")
    assert not (found.status == "match" and found.entry is glossary.get("Gross Revenue Retention"))
    assert check_asked_as(glossary, Matcher.build(glossary))  # `csterm check` asks for a fuller phrase


def test_a_negated_word_keeps_an_asked_as_phrase_apart_from_the_plain_one() -> None:
    glossary = parse_glossary("""
- term: Adoption Playbook
  category: document
  definition: Steps to take when an account does not use the product.
  asked_as: ["what to do when an account isn't using the product"]
- term: Power User
  category: role
  definition: The person at a customer who uses the product the most.
  asked_as: ["someone at the account who uses the product more than anyone"]
""", "test.yaml")
    matcher = Matcher.build(glossary)
    assert stem_key(phrase_words("account isnt using product".split())) == "account!use!product"
    found = matcher.match("someone at the account who uses the product more than anyone")
    assert found.status == "match" and found.entry is not None and found.entry.term == "Power User"
    found = matcher.match("what to do when an account isn't using the product")
    assert found.status == "match" and found.entry is not None and found.entry.term == "Adoption Playbook"
