"""How much of a text matching looks at: what a person could mean by a glossary question, and no more.

Slack accepts messages of 40,000 characters, and every stage of matching (Slack markup, question wrappers, typo
correction, fuzzy scoring) costs more with longer text; a 40,000-letter word once took 3.5 s and 1.5 GB. Nobody
asks about a 40-letter word or in more than a few hundred characters, so text is bounded once, where it enters
the matcher: the first MAX_QUERY_CHARS characters, each word cut to MAX_WORD_CHARS (the longest glossary name,
written as one word, has 39). Free text scanned for every term it mentions (find_terms) keeps its words whole
(a link's label may name a term) and its first MAX_SCAN_CHARS characters.
"""

from __future__ import annotations

MAX_QUERY_CHARS = 500
MAX_WORD_CHARS = 40
MAX_SCAN_CHARS = 10_000  # free text searched for terms (a thread's first message): about four pages


def bounded_query(text: str) -> str:
    """`text` within the bounds: at most MAX_QUERY_CHARS characters, no word longer than MAX_WORD_CHARS.

    Whitespace runs become one space (matching ignores them anyway). Linear in the bounded prefix only.
    """
    head = text[: MAX_QUERY_CHARS * 2]  # room for the whitespace that split() removes; never the whole text
    words = [word[:MAX_WORD_CHARS] for word in head.split()]
    return " ".join(words)[:MAX_QUERY_CHARS].rstrip()


def bounded_text(text: str) -> str:
    """The first MAX_SCAN_CHARS characters of `text`, ending at a word boundary when it was cut."""
    if len(text) <= MAX_SCAN_CHARS:
        return text
    head = text[:MAX_SCAN_CHARS]
    cut = max(head.rfind(" "), head.rfind("\n"))
    return head[:cut] if cut > 0 else head
