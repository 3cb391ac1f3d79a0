"""Recognise a comparison of two terms, however it is phrased: `NRR vs GRR`, `what's the difference between NRR
and GRR`, `compare NRR with GRR`, `how is NRR different from GRR`, `pql or mql, which one`.

One recogniser for everyone: Slack shows the two side by side, `lookup` answers with the first term named.
Each step is one regular-expression search or split without nested repetition, so the cost is linear in the
length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol, TypeVar

from bot.search.normalize import strip_slack_markup

_FLAGS = re.IGNORECASE
_DIFFERENCE_BETWEEN = re.compile(r"\bdiff(?:erence)?s? (?:between|of) ", _FLAGS)
_AND = re.compile(r"\s+(?:and|&|vs\.?|versus|or)\s+", _FLAGS)
_DIFFERENT_FROM = re.compile(r"\s+(?:is |are )?(?:different|differs?) (?:from|to|than)\s+", _FLAGS)
_HOW = re.compile(r"^(?:how|in what way|why)\s+(?:is|are|does|do)\s+", _FLAGS)
_COMPARE = re.compile(r"^compare\s+", _FLAGS)
_COMPARE_WITH = re.compile(r"\s+(?:and|with|to|vs\.?|versus)\s+", _FLAGS)
_VERSUS = re.compile(r"\s+(?:vs\.?|versus|v\.|compared (?:to|with))\s+", _FLAGS)
_OR = re.compile(r"\s+or\s+", _FLAGS)
# What may follow the second term: `..., what's the difference?`, `... which one is better`
_TAIL = re.compile(r"[,;:?]?\s+(?:what(?:'|’)?s\s+|what is\s+)?(?:the\s+)?(?:real\s+|main\s+|key\s+)?"
                   r"(?:difference|diff|which)\b", _FLAGS)
_PUNCTUATION = " ,;:?!.-"


def _pair(first: str, second: str) -> tuple[str, str] | None:
    first, second = first.strip(_PUNCTUATION), second.strip(_PUNCTUATION)
    return (first, second) if first and second else None


def _split_once(pattern: re.Pattern[str], text: str) -> tuple[str, str] | None:
    parts = pattern.split(text, maxsplit=1)
    return _pair(parts[0], parts[1]) if len(parts) == 2 else None


def _without_tail(text: str) -> tuple[str, bool]:
    tail = _TAIL.search(text)
    return (text[:tail.start()], True) if tail else (text, False)


@lru_cache(maxsize=4096)
def split_comparison(text: str) -> tuple[str, str] | None:
    """The two things compared, in the order named, or None when `text` is not a comparison. Remembered: a
    /csterm text is split by the answer and again by the matcher, and people repeat their questions."""
    plain = " ".join(strip_slack_markup(text).split())
    between = _DIFFERENCE_BETWEEN.search(plain)
    if between:
        return _split_once(_AND, plain[between.end():])
    different = _DIFFERENT_FROM.search(plain)
    if different:
        return _pair(_HOW.sub("", plain[:different.start()]), plain[different.end():])
    if _COMPARE.match(plain):
        return _split_once(_COMPARE_WITH, _COMPARE.sub("", plain))
    body, had_tail = _without_tail(plain)
    pair = _split_once(_VERSUS, body)
    if pair is None and had_tail:
        pair = _split_once(_OR, body)
    return pair


_SETTING = re.compile(r"\s+(?:for|in|at|on|during|with)\s+", _FLAGS)  # `… for the board?`: the setting


def names_either_or(text: str, is_name: Callable[[str], bool]) -> tuple[str, str] | None:
    """`reference program or referral program`, `csat or nps?`: two names joined by `or`, the second maybe
    followed by its setting (`… for the board?`), are a comparison too. Without a word such as `which` or `vs`,
    `or` is more often part of a description (`one-time fees like setup or training`), hence both names."""
    if not _OR.search(text):  # most questions: one search, nothing more
        return None
    plain = " ".join(strip_slack_markup(text).split()).rstrip(_PUNCTUATION)
    pair = _split_once(_OR, plain)
    if pair is None or not is_name(pair[0]):
        return None
    second = _SETTING.split(pair[1], maxsplit=1)[0]
    return (pair[0], second) if is_name(second) else None


def find_comparison(text: str, is_name: Callable[[str], bool]) -> tuple[str, str] | None:
    """The two things compared (`split_comparison`, else `names_either_or`): what the matcher and Slack read."""
    return split_comparison(text) or names_either_or(text, is_name)


MAX_SHARED_HEAD = 3  # words after the second term's first that the first term may share (`lagging indicator`)


def with_shared_head(first: str, second: str) -> str | None:
    """The first term completed by the words it shares with the second, when it is one word and the second is
    several: `leading vs lagging indicator` compares the leading indicator, `gross vs net revenue retention` gross
    revenue retention. Whether the completed term is meant is the matcher's call (it may be a name alone: `churn
    vs revenue churn`), so this only proposes it."""
    head = second.split()
    if len(first.split()) != 1 or not 2 <= len(head) <= MAX_SHARED_HEAD + 1:
        return None
    return f"{first} {' '.join(head[1:])}"


class _Answer(Protocol):
    @property
    def status(self) -> str: ...


AnswerT = TypeVar("AnswerT", bound=_Answer)


def prefer_shared_head(first: str, second: str, found: AnswerT, match: Callable[[str], AnswerT],
                       is_name: Callable[[str], bool]) -> AnswerT:
    """The answer for a comparison's first term: `found` (the term alone), or the term completed by the second's
    head (`with_shared_head`) when that is a match and either is a name written out (`expansion vs contraction
    mrr`: Expansion MRR, though `expansion` alone answers) or the term alone was no match. One rule for `lookup`
    and for Slack's side-by-side."""
    completed = with_shared_head(first, second)
    if completed is None or (found.status == "match" and not is_name(completed)):
        return found
    better = match(completed)
    return better if better.status == "match" else found
