"""Answers to repeated questions: remembered per matcher, never across a changed glossary, bounded, still recorded."""

from __future__ import annotations

import gc
from typing import Any
from unittest.mock import AsyncMock

import pytest

from bot.search.matcher import Match, Matcher
from bot.slack.answers import Answer, answer_query
from bot.slack.app import build_registry
from bot.slack.deps import Deps
from bot.slack.listeners.commands import handle_csterm
from bot.slack.remembered import MAX_TEXT, RememberedAnswers
from bot.slack.slash_http import EncodedReplies
from bot.slack.subcommands import Reply
from bot.web_client import OneWorkspace, make_web_client
from tests.slack.support import MemoryStore, make_settings, mini_matcher, slash_command, unopened_store


class CountingMatcher:
    """The mini glossary's matcher, counting the questions that reach it."""

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        self.asked: list[str] = []
        self.glossary = matcher.glossary
        self.is_name = matcher.is_name
        self.search = matcher.search
        self.find_terms = matcher.find_terms

    def match(self, query: str) -> Match:
        self.asked.append(query)
        return self._matcher.match(query)


def make_deps(matcher: Any, answers: RememberedAnswers | None = None) -> Deps:
    settings = make_settings()
    return Deps(settings=settings, matcher=matcher, lookups=MemoryStore(), store=unopened_store(),
                clients=OneWorkspace(make_web_client(settings)), answers=RememberedAnswers() if answers is None else answers)


async def ask(text: str, deps: Deps) -> dict[str, Any]:
    ack = AsyncMock()
    await handle_csterm(slash_command(text), ack, deps, build_registry())
    answer: dict[str, Any] = ack.await_args.kwargs
    return answer


@pytest.mark.parametrize("text", ["what is a QBR?", "qbr vs ebr", "flibbertigibbet", "renewal"])
async def test_a_repeated_question_gets_the_same_answer_without_the_matcher(text: str) -> None:
    matcher = CountingMatcher(mini_matcher())
    deps = make_deps(matcher)
    first = await ask(text, deps)
    asked = len(matcher.asked)
    assert asked >= 1
    second = await ask(text, deps)
    assert second == first
    assert len(matcher.asked) == asked  # answered from memory
    recorded = deps.lookups.lookups  # type: ignore[attr-defined]
    half = len(recorded) // 2
    assert half >= 1 and recorded[:half] == recorded[half:]  # the repeat is recorded just the same


async def test_sub_commands_and_small_talk_are_not_remembered() -> None:
    matcher = CountingMatcher(mini_matcher())
    deps = make_deps(matcher)
    for text in ("help", "thanks!", "list", "help", "thanks!"):
        await ask(text, deps)
    assert len(deps.answers) == 0


async def test_memory_off_asks_the_matcher_every_time() -> None:
    matcher = CountingMatcher(mini_matcher())
    deps = make_deps(matcher, RememberedAnswers(0))
    await ask("what is a QBR?", deps)
    await ask("what is a QBR?", deps)
    assert matcher.asked == ["what is a QBR?", "what is a QBR?"]
    assert len(deps.answers) == 0


def test_another_matcher_is_never_answered_from_memory() -> None:
    answers = RememberedAnswers()
    old, new = mini_matcher(), mini_matcher()
    answers.remember(old, "qbr", answer_query(old, "qbr"))
    assert answers.get(old, "qbr") is not None
    assert answers.get(new, "qbr") is None


def test_a_collected_matcher_whose_id_is_reused_is_not_answered_from_memory() -> None:
    answers = RememberedAnswers()
    old = mini_matcher()
    answers.remember(old, "qbr", answer_query(old, "qbr"))
    key = next(iter(answers._answers))  # the id the old matcher had
    del old
    gc.collect()

    class Impostor:  # any object that now has that id
        pass

    impostor = Impostor()
    answers._answers[(id(impostor), "qbr")] = answers._answers.pop(key)
    assert answers.get(impostor, "qbr") is None  # type: ignore[arg-type]


def test_bounded_oldest_first_and_long_texts_not_kept() -> None:
    matcher = mini_matcher()
    answers = RememberedAnswers(limit=3)
    for text in ("qbr", "ebr", "renewal", "churn"):
        answers.remember(matcher, text, answer_query(matcher, text))
    assert len(answers) == 3
    assert answers.get(matcher, "qbr") is None
    assert answers.get(matcher, "churn") is not None
    long_text = "qbr " * (MAX_TEXT // 4 + 1)
    answers.remember(matcher, long_text, answer_query(matcher, long_text))
    assert answers.get(matcher, long_text) is None


def test_remembered_views_get_a_key_of_their_own_so_their_bytes_are_kept() -> None:
    matcher = mini_matcher()
    answers = RememberedAnswers()
    first = answers.remember(matcher, "flibbertigibbet", answer_query(matcher, "flibbertigibbet"))
    second = answers.remember(matcher, "zzyzx", answer_query(matcher, "zzyzx"))
    assert first.view.key is not None and second.view.key is not None
    assert first.view.key != second.view.key  # two "not found" views with different text
    encoded = EncodedReplies()
    assert encoded.encode(Reply.of(first.view)) != encoded.encode(Reply.of(second.view))
    assert len(encoded) == 2
    card = answer_query(matcher, "qbr")
    assert answers.remember(matcher, "qbr", card).view.key == card.view.key  # a card keeps its shared key


def test_an_answer_is_not_changed_by_being_remembered() -> None:
    matcher = mini_matcher()
    plain: Answer = answer_query(matcher, "qbr vs ebr")
    kept = RememberedAnswers().remember(matcher, "qbr vs ebr", plain)
    assert (kept.view.blocks, kept.view.text, kept.lookups, kept.result) == (
        plain.view.blocks, plain.view.text, plain.lookups, plain.result)
