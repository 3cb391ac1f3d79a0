"""vocabulary.yaml's `other_fields:` section: words and phrases that say a question is another field's.

`employee NPS survey`, `k8s health check`, `code churn per file`: each writes out a glossary name, in a question
about HR, engineering or the code base. Such words are data, listed by field, so a team adds its own neighbours'
jargon without code (docs/glossary-format.md). The matcher asks instead of answering when the subject of a
question holds one (bot/search/foreign.py, `marked_other_field`).

A phrase is 1-4 words, compared after normalisation like every vocabulary key. `csterm check` reports, by line:
a field that is not a list of phrases, a phrase listed twice, and a phrase that is a glossary name or alias (the
glossary answers it: it cannot also be another field's).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from bot.glossary.errors import GlossaryError
from bot.glossary.yaml_lines import LineDict
from bot.search.normalize import normalize_words

Phrase = tuple[str, ...]
MAX_WORDS = 4
MIN_CHARACTERS = 2  # `c++` reads as `c`, which would mark every question holding the letter


def parse_other_fields(body: Any, line: int, report: Callable[[int, str | None, str], None]) -> dict[Phrase, int]:
    """The phrases of `other_fields:` (a mapping of field name to list of phrases), each with its line."""
    found: dict[Phrase, int] = {}
    if body is None:
        return found
    if not isinstance(body, LineDict):
        report(line, None, "other_fields must map a field's name to a list of its words and phrases")
        return found
    for field_name, phrases in body.items():
        at = body.line_of(field_name)
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            report(at, str(field_name), f"other_fields {field_name!r} must be a list of words and phrases")
            continue
        for text in phrases:
            phrase = normalize_words(text)
            if not phrase or len(phrase) > MAX_WORDS or len("".join(phrase)) < MIN_CHARACTERS:
                report(at, text, f"an other_fields phrase must be 1-{MAX_WORDS} words of {MIN_CHARACTERS} or more "
                                 "letters and digits in all")
            elif phrase in found:
                report(at, text, f"{text!r} is already listed on line {found[phrase]}")
            else:
                found[phrase] = at
    return found


def check_other_fields(phrases: dict[Phrase, int], names: Iterable[str], file: str) -> list[GlossaryError]:
    """A phrase of another field that is also a glossary name or alias (compared normalised) is a mistake."""
    named = {normalize_words(name) for name in names}
    return [GlossaryError(file, line, " ".join(phrase), f"other_fields: {' '.join(phrase)!r} is a glossary name "
                          "or alias; the glossary answers it, so it cannot mark another field")
            for phrase, line in phrases.items() if phrase in named]


def phrases_in(words: list[str], phrases: Collection[Phrase], end: int) -> list[tuple[int, int]]:
    """Where the listed phrases start in words[:end], as (start, size), longest first, without overlap: at most
    MAX_WORDS set lookups per word."""
    found = []
    start = 0
    while start < end:
        for size in range(min(MAX_WORDS, end - start), 0, -1):
            if tuple(words[start:start + size]) in phrases:
                found.append((start, size))
                start += size
                break
        else:
            start += 1
    return found
