"""Slack markup stripping and the layered matcher stay linear on adversarial text (review of 2026-11-28: a
10,000-character run of `*` took 14 s in find_terms; a workspace with a learned phrasing skipped the bounds)."""

from __future__ import annotations

import re

import pytest

from bot.search import normalize as normalize_module
from bot.search.bounds import MAX_QUERY_CHARS
from bot.search.layers import learned_key
from bot.search.normalize import normalize_words, strip_slack_markup


class CountingPattern:
    """Wraps the markup pattern and counts how often it is tried."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0

    def match(self, text: str) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text)


@pytest.mark.parametrize("text", ["*" * 4000, "_" * 4000, "*_" * 2000, "`" * 4000])
def test_unwrapping_markup_tries_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    counting = CountingPattern(normalize_module._WRAPPING_MARKUP)
    monkeypatch.setattr(normalize_module, "_WRAPPING_MARKUP", counting)
    strip_slack_markup(text)
    assert counting.calls <= 5


def test_the_markup_pattern_never_takes_more_than_three_marks() -> None:
    pattern = normalize_module._WRAPPING_MARKUP.pattern
    assert "+" not in pattern.split("(.+?)")[0], pattern  # an unbounded run of marks backtracks quadratically


@pytest.mark.parametrize(("text", "plain"), [
    ("*NRR*", "NRR"), ("_*GRR*_", "GRR"), ("~~NRR~~", "NRR"), ("***QBR***", "QBR"), ("`CSQL`", "CSQL"),
])
def test_markup_is_still_unwrapped(text: str, plain: str) -> None:
    assert strip_slack_markup(text) == plain


def test_a_learned_phrasing_key_is_taken_from_the_bounded_query(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.search import layers

    seen: list[int] = []

    def recording(text: str) -> str:
        seen.append(len(text))
        return normalize_module.normalize(text)

    monkeypatch.setattr(layers, "normalize", recording)
    learned_key("*" * 40_000)
    assert seen and max(seen) <= MAX_QUERY_CHARS  # normalised only after the bounds, like every other query
    assert learned_key("what is nrr") == learned_key("what is   nrr")


def test_long_tokens_found_in_free_text_do_not_fill_the_word_cache() -> None:
    from bot.glossary.model import Glossary
    from bot.search.matcher import Matcher

    normalize_words.cache_clear()
    Matcher.build(Glossary(())).find_terms(" ".join(f"{n}" + "x" * 5_000 for n in range(5)))
    assert normalize_words.cache_info().currsize == 0
