"""`csterm check`'s rule for `asked_as`: each phrase must be answered with its own entry.

Content editors add phrases that describe an entry in plain words; a phrase that is also another entry's name,
or that another entry declares too, would be answered with that other entry. This finds those, with the line
of the `asked_as` key, before the glossary ships. Needs a built Matcher, so it runs in `csterm check`, not on
every load.
"""

from __future__ import annotations

from bot.glossary.errors import GlossaryError
from bot.glossary.model import Glossary
from bot.search.matcher import Matcher


def check_asked_as(glossary: Glossary, matcher: Matcher) -> list[GlossaryError]:
    problems = []
    file = str(glossary.path) if glossary.path else "glossary"
    for entry in glossary:
        for phrase in entry.asked_as:
            found = matcher.match(phrase)
            if found.status == "match" and found.entry is entry:
                continue
            if found.entry is None:
                got = "nothing"
            elif found.status == "match":
                got = found.entry.term
            else:
                got = f"a did-you-mean list led by {found.entry.term}"
            problems.append(GlossaryError(file, entry.asked_as_line or entry.line, entry.term,
                                          f"asked_as {phrase!r} is answered with {got}, not with this entry"))
    return problems
