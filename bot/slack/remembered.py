"""The answers to glossary questions asked before, so a repeated question skips the matcher and the rendering.

People ask the same few terms again and again (`/csterm NRR` is most of a CS team's traffic), and an answer is a
pure function of the workspace's matcher and the text: the shipped matcher never changes while csterm runs, and a
team's matcher is replaced by a new object whenever its terms or learned phrasings change (bot/terms/live.py). So
an answer is remembered under the matcher's identity and the text, and a changed glossary can never be answered
from memory: the old matcher is no longer the one asked, and a weak reference notices when it has been collected
(its id reused by another object). Bounded: `limit` answers across every workspace, the oldest forgotten first,
texts up to MAX_TEXT characters (long texts are rarely asked twice). Lookups are still recorded on every request.
"""

from __future__ import annotations

import weakref
from dataclasses import replace

from bot.search.layers import GlossaryMatcher
from bot.slack.answers import Answer

DEFAULT_LIMIT = 1024
MAX_TEXT = 200


class RememberedAnswers:
    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self._limit = limit
        self._answers: dict[tuple[int, str], tuple[weakref.ref[GlossaryMatcher], Answer]] = {}

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, matcher: GlossaryMatcher, text: str) -> Answer | None:
        found = self._answers.get((id(matcher), text))
        if found is None or found[0]() is not matcher:
            return None
        return found[1]

    def remember(self, matcher: GlossaryMatcher, text: str, answer: Answer) -> Answer:
        """Keep `answer` to `text` (when it fits) and return it, its view keyed so its encoded bytes can be kept too
        (slash_http.py): a view without a key gets one of its own, an object no other view holds."""
        if self._limit <= 0 or len(text) > MAX_TEXT:
            return answer
        if answer.view.key is None:
            answer = replace(answer, view=replace(answer.view, key=("remembered", object())))
        if len(self._answers) >= self._limit:
            del self._answers[next(iter(self._answers))]
        self._answers[(id(matcher), text)] = (weakref.ref(matcher), answer)
        return answer
