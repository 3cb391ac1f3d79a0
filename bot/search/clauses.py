"""The clauses of a question: the parts a dash, a comma, a colon, a bracket or `...` set apart.

People put a name in a clause of its own and the chat in another (`quick sanity check - gross margin = ?`,
`bookings - what is it, finance keeps throwing it at me`, `*implementation plan* (link in thread)`). The matcher
reads the clauses twice: the first clause, when it is exactly a name, is what the question is about
(`leading_clause`); and the words of another field count where the name is, not in the chat around it
(Matcher._other_field_in_its_clause). One regular-expression split, linear in the text.
"""

from __future__ import annotations

import re

# ` - `, `–`, `—` between spaces (not `sales-to-cs`), `,;!?()=`, a colon before a space (not `ltv:cac`), `...`, `…`
_CLAUSE_BREAK = re.compile(r"\s[-\u2013\u2014]+\s|[,;!?()=]+|:(?=\s|$)|\.{2,}|\u2026")
MAX_CLAUSES = 8  # clauses read apart at most (the rest stays one)


def clauses(text: str) -> list[str]:
    """The non-empty clauses of `text`, in order (at most MAX_CLAUSES + 1)."""
    return [part for part in _CLAUSE_BREAK.split(text, maxsplit=MAX_CLAUSES) if part.strip()]


def leading_clause(text: str) -> str | None:
    """The first clause of `text` when more text follows it (`bookings` in `bookings - what is it`), else None."""
    parts = _CLAUSE_BREAK.split(text, maxsplit=1)
    return parts[0] if len(parts) == 2 and parts[0].strip() and parts[1].strip() else None
