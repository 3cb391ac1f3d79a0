"""Replies built per request (did you mean, not found, A vs B, notices) are plain dicts, not slack-sdk models.

slack-sdk's models validate every field on every `to_dict()`: a fifth of an uncached answer's CPU. So these
replies are built as dicts, and slack-sdk checks them here instead: each must parse back into its models and come
out of their (validating) `to_dict()` unchanged, also for the largest inputs, and building them must not touch the
models at all.
"""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import Block

from bot.glossary.model import Entry, Glossary
from bot.render.blocks import match_blocks
from bot.render.views import notice, versus_view
from bot.search.bounds import MAX_QUERY_CHARS
from bot.search.matcher import Match, Matcher


def assert_valid_block_kit(blocks: list[dict[str, Any]]) -> None:
    """What Slack accepts, as slack-sdk's models (which enforce Slack's documented limits) see it."""
    assert 0 < len(blocks) <= 50
    for block in blocks:
        model = Block.parse(block)
        assert model is not None, block
        assert model.to_dict() == block  # to_dict() validates lengths, counts and required fields


def huge_entry(n: int) -> Entry:
    return Entry(term=f"{'Very Long Term Name ' * 12}{n}"[:200], category="metric", definition="x" * 5000,
                 aliases=(f"VLT{n}",))


def replies(matcher: Matcher) -> list[list[dict[str, Any]]]:
    glossary = matcher.glossary
    many = tuple(huge_entry(n) for n in range(30))
    long_query = ("<!channel> & " + "w" * 40 + " ") * 40
    built = [match_blocks(matcher.match(q), glossary=glossary)
             for q in ("net revenue", "pizza", "retension", "vacation policy", "account", long_query[:MAX_QUERY_CHARS])]
    built.append(match_blocks(Match(long_query, "ambiguous", many[0], 80.0, many, tuple(e.term for e in many)),
                              glossary=glossary))
    built.append(match_blocks(Match(long_query, "none", None, 0.0, (), tuple(e.term for e in many[:3]))))
    built.append(match_blocks(Match("x", "ambiguous", many[0], 80.0, (many[0],), (many[0].term,))))
    first, second = glossary.entries[0], glossary.entries[1]
    built += [versus_view(first, second).blocks, versus_view(first, second, shared_by="U1<&>").blocks,
              versus_view(many[0], many[1]).blocks, notice("x" * 4000).blocks]
    return built


def test_uncached_replies_are_valid_block_kit(shipped_matcher: Matcher) -> None:
    for blocks in replies(shipped_matcher):
        assert_valid_block_kit(blocks)


def test_uncached_replies_never_build_slack_sdk_models(shipped_matcher: Matcher,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: JsonObject) -> None:
        raise AssertionError(f"a {type(self).__name__} model was validated on the request path")

    monkeypatch.setattr(JsonObject, "validate_json", refuse)
    assert len(replies(shipped_matcher)) == 13


def test_did_you_mean_buttons_have_distinct_ids_and_the_canonical_names(shipped_glossary: Glossary) -> None:
    entries = tuple(shipped_glossary.entries[:3])
    blocks = match_blocks(Match("q", "ambiguous", entries[0], 80.0, entries, ()), glossary=shipped_glossary)
    buttons = blocks[1]["elements"]
    assert [b["value"] for b in buttons] == [e.term for e in entries]
    assert len({b["action_id"] for b in buttons}) == 3
