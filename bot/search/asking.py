"""How a message asks: which line is the question, which clauses ask "what is …", and whether it asks for a name.

People wrap a term in chat (`the AE shared a MAP with the customer, what is a MAP in this context?`) or describe a
concept and ask what it is called (`months to earn back the S&M spend on a new logo - what's the name for that
number`). The matcher reads these shapes before it scores anything (docs/matching.md, "How a message asks").
Each function is one regular-expression pass: linear in the text.
"""

from __future__ import annotations

import re

from bot.search.clauses import clauses, leading_clause

MAX_SHAPE_CHARS = 2_000  # the part of a message searched for a quoted name or `what does X mean`
# a sentence ends after `?`, `!` or `.`, but not after an abbreviation's dot (`customer acquisition cost incl. CS
# salaries?` is one question)
_SENTENCE_END = re.compile(r"(?<=[?!.])(?<!\bincl\.)(?<!\bexcl\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\betc\.)"
                           r"(?<!\bapprox\.)(?<!\besp\.)(?<!\bw/o\.)\s+|\n", re.IGNORECASE)
_ASKS_WHAT = re.compile(r"\s*(?:so\s+)?(?:what|whats|what's|who|whos|who's)\b", re.IGNORECASE)
# `what does X mean (when …)`, `what do we mean by X (in …)`, and a name in quotes: `what does 'at-risk account' mean`
_MEANING_OF = re.compile(
    r"\bwhat\s+(?:does|do|did)\s+(?!we\b|you\b|they\b|people\b)([^,?.!]{1,60}?)\s+(?:mean|means|stand\s+for)\b"
    r"|\bwhat\s+(?:do|does)\s+(?:we|you|they|people|it)\s+mean\s+by\s+([^,?.!]{1,60}?)(?=\s+(?:in|at|on|for|when|here)\b|[,?.!]|$)"
    r"|(?<![\w'])['\u2018\u201c\"]([^'\u2019\u201d\"\n]{2,60})['\u2019\u201d\"](?![\w'])",
    re.IGNORECASE)
_NAMING_HINT = re.compile(r"call|name|term|word|phrase", re.IGNORECASE)  # in every text _ASKS_FOR_A_NAME finds
_MEANING_HINT = re.compile(r"mean|stand|['\u2018\u201c\"]", re.IGNORECASE)  # in every text _MEANING_OF finds
_MAY_BREAK = re.compile(r"[-\u2013\u2014,;!?()=:]|\.\.|\u2026")  # a character clauses() may split at
# `what do we call …`, `is there a name for …`, `…, what's that metric called`, `… - term?`, `does that have its own
# name`: the writer does not know the name, so the names they write are words of their description
_ASKS_FOR_A_NAME = re.compile(
    r"what\s+(?:do|would)\s+(?:we|you|they|people)\s+call"
    r"|\b(?:name|term|word|phrase)\s+for\s+(?:it|that|this|the)\b"
    r"|\b(?:what'?s|what\s+is|is)\s+(?:that|this|it)\s+called"
    r"|\bis\s+there\s+a\s+(?:name|term|word|phrase)"
    r"|\bcalled\W*$|\bterm\?"
    r"|\b(?:official|proper|special|its\s+own|a)\s+(?:name|term)\b"
    r"|\bwhat'?s\s+the\s+(?:name|term|word|phrase)\b",
    re.IGNORECASE)


def question_line(text: str) -> str:
    """In a message of several lines or sentences, the one that asks (ends with `?` or `?!`: `can someone point me
    to the renewal playbook? first renewal cycle here`), unless it is one word (`anyone? net new mrr`); else the
    whole text. Linear: one split."""
    if "?" not in text or not ("\n" in text or _SENTENCE_END.search(text.rstrip())):
        return text
    asking = [part for part in _SENTENCE_END.split(text) if part.strip().rstrip("!").endswith("?")]
    return asking[0] if len(asking) == 1 and len(asking[0].split()) > 1 else text


def asks_for_a_name(text: str) -> bool:
    """Whether the question describes something and asks what it is called (`what do we call a customer that looks
    like they're about to leave us`)."""
    if not _NAMING_HINT.search(text):  # most questions: one quick scan, not the whole pattern
        return False
    return _ASKS_FOR_A_NAME.search(text) is not None


def topic_clauses(text: str) -> list[str]:
    """The clauses that may be a question's whole topic: the first one, when more follows (`bookings - what is
    it`), and later ones that ask what something is (`someone said we need to loop in our TAM on this ticket, what
    is a TAM?`). The matcher takes the first that is exactly a name."""
    if not _MAY_BREAK.search(text):  # no punctuation: one clause, no topic of its own
        return []
    first = leading_clause(text)
    return [*([first] if first is not None else []),
            *(part for part in clauses(text)[1:] if _ASKS_WHAT.match(part))]


def asked_about(text: str) -> list[str]:
    """What a question asks the meaning of (`what does LTV mean when CS talks about it`, `what do we mean by
    whitespace in an acct review call`) or quotes (`someone said 'scaled customer success' in standup`): the
    matcher takes it as the topic when it is a name, or part of only one entry's name (`what does payback mean`)."""
    head = text[:MAX_SHAPE_CHARS]
    if not _MEANING_HINT.search(head):  # most questions: one quick scan, not the whole pattern
        return []
    return [next(group for group in found.groups() if group) for found in _MEANING_OF.finditer(head)]
