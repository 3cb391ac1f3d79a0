from __future__ import annotations

import json
from typing import Any

import pytest

from bot.glossary.load import parse_glossary
from bot.glossary.model import Entry, Glossary
from bot.render.blocks import (
    SHARE_ACTION,
    SHOW_TERM_PATTERN,
    entry_blocks,
    entry_text_fallback,
    match_blocks,
    match_text_fallback,
)
from bot.render.limits import MAX_BLOCKS, escape_mrkdwn
from bot.render.text import entry_text
from bot.search.matcher import Match, Matcher
from tests.glossary.samples import VALID


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every text string in the blocks, wherever it sits."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def assert_within_slack_limits(blocks: list[dict[str, Any]]) -> None:
    assert 0 < len(blocks) <= MAX_BLOCKS
    action_ids = []
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75
                action_ids.append(element["action_id"])
    assert len(action_ids) == len(set(action_ids)), "action ids must be unique within a message"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return parse_glossary(VALID, "g.yaml")


def test_card_has_every_part(glossary: Glossary) -> None:
    entry = glossary.get("Net Revenue Retention")
    assert entry is not None
    blocks = entry_blocks(entry, glossary=glossary)
    assert_within_slack_limits(blocks)
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Net Revenue Retention", "emoji": True}}
    joined = "\n".join(texts(blocks))
    for part in ("Revenue kept from existing customers", "*Formula*", "```(start_mrr + expansion_mrr - lost_mrr)",
                 "*Worked example*", "= *107 %*", "*Not to confuse with*", "can also mean", "Share in channel"):
        assert part in joined, part
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons[0]["action_id"] == SHARE_ACTION
    assert [b["value"] for b in buttons[1:]] == ["Gross Revenue Retention", "Non-Recurring Revenue"]
    assert all(SHOW_TERM_PATTERN.match(b["action_id"]) for b in buttons[1:])


def test_shared_card_names_the_sharer_and_drops_share_button(glossary: Glossary) -> None:
    entry = glossary.get("Gross Revenue Retention")
    assert entry is not None
    blocks = entry_blocks(entry, glossary=glossary, shared_by="U123")
    assert SHARE_ACTION not in json.dumps(blocks)
    assert "Shared by <@U123>" in "\n".join(texts(blocks))


def test_huge_entry_stays_within_limits() -> None:
    related = ", ".join(f"Term {i}" for i in range(40))
    text = f"- term: {'Long ' * 40}\n  category: concept\n  definition: {'word ' * 110}\n  related: [{related}]\n"
    text += "".join(f"- term: Term {i}\n  category: concept\n  definition: d\n" for i in range(40))
    glossary = parse_glossary(text, "g.yaml")
    blocks = entry_blocks(glossary.entries[0], glossary=glossary)
    assert_within_slack_limits(blocks)
    assert blocks[0]["text"]["text"].endswith("…")


def test_user_text_is_escaped_in_not_found_and_ambiguous(glossary: Glossary) -> None:
    for status, candidates in (("none", ()), ("ambiguous", tuple(glossary.entries[:2]))):
        match = Match("<!channel> & <@U1>", status, candidates[0] if candidates else None, 50.0, candidates)  # type: ignore[arg-type]
        joined = json.dumps(match_blocks(match, glossary=glossary))
        assert "<!channel>" not in joined and "<@U1>" not in joined
        assert "&lt;!channel&gt; &amp; &lt;@U1&gt;" in joined


def test_escape_mrkdwn() -> None:
    assert escape_mrkdwn("a < b & c > d") == "a &lt; b &amp; c &gt; d"


def test_every_shipped_entry_renders_within_limits(shipped_glossary: Glossary) -> None:
    for entry in shipped_glossary:
        assert_within_slack_limits(entry_blocks(entry, glossary=shipped_glossary))
        assert entry_text_fallback(entry).startswith(entry.term)
        assert entry.term in entry_text(entry, shipped_glossary)


def test_match_blocks_for_each_status(shipped_matcher: Matcher) -> None:
    for query, status in (("NRR", "match"), ("net revenue", "ambiguous"), ("pizza", "none")):
        match = shipped_matcher.match(query)
        assert match.status == status
        blocks = match_blocks(match, glossary=shipped_matcher.glossary)
        assert_within_slack_limits(blocks)
        assert match_text_fallback(match)


def entry_named(glossary: Glossary, term: str) -> Entry:
    entry = glossary.get(term)
    assert entry is not None
    return entry


def test_terminal_text_shows_formula_and_worked_example(glossary: Glossary) -> None:
    text = entry_text(entry_named(glossary, "Net Revenue Retention"), glossary)
    assert "Formula (%):" in text
    assert "(100000 + 15000 - 8000) / 100000 * 100 = 107 %" in text
    assert "NRR can also mean Non-recurring revenue" in text


def test_single_candidate_asks_did_you_mean_that(glossary: Glossary) -> None:
    entry = entry_named(glossary, "Gross Revenue Retention")
    match = Match("gros revenue", "ambiguous", entry, 80.0, (entry,), (entry.term,))
    blocks = match_blocks(match, glossary=glossary)
    assert blocks[0]["text"]["text"] == "Did you mean *Gross Revenue Retention*?"
    assert match_text_fallback(match) == "Did you mean Gross Revenue Retention?"


def test_answer_fallback_is_the_term_and_definition(shipped_matcher: Matcher) -> None:
    match = shipped_matcher.match("NRR")
    assert match.entry is not None
    assert match_text_fallback(match) == f"{match.entry.term}: {match.entry.definition}"


def test_cached_card_is_not_changed_by_what_a_caller_does_to_its_list(glossary: Glossary) -> None:
    entry = entry_named(glossary, "Net Revenue Retention")
    first = entry_blocks(entry, glossary=glossary)
    first.insert(0, {"type": "divider"})
    first.pop()
    second = entry_blocks(entry, glossary=glossary)
    assert second[0]["type"] == "header"
    assert second[-1]["type"] == "actions"
    shared = entry_blocks(entry, glossary=glossary, shared_by="U9")
    assert "Shared by <@U9>" in "\n".join(texts(shared))
    assert "Shared by" not in "\n".join(texts(entry_blocks(entry, glossary=glossary)))
