"""Answer content -> readable terminal text, for the CLI."""

from __future__ import annotations

import textwrap

from bot.glossary.model import Entry, Glossary
from bot.render.content import AnswerContent, answer_content
from bot.search.matcher import Match

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def content_text(content: AnswerContent) -> str:
    lines = [content.term, "=" * len(content.term)]
    label = content.category
    if content.aliases:
        label += " · also " + ", ".join(content.aliases)
    if content.team:
        label += f" · defined by {content.team}"
    lines.append(label)
    for note in content.team_notes:
        lines += ["", _wrap(note, "")]
    lines += ["", _wrap(content.definition, "")]
    if content.formula:
        lines += ["", f"Formula ({content.formula_unit}):", f"  {content.formula}"]
        lines += [_wrap(f"{v.name}: {v.description} ({v.unit})", "    ") for v in content.variables]
    if content.example:
        example = content.example
        lines += ["", "Worked example:"]
        lines += [f"  {name} = {value}" for name, value in example.inputs]
        lines.append(f"  {example.filled_in} = {example.result}")
        if example.note:
            lines.append(_wrap(example.note))
    if content.benchmark:
        lines += ["", "Benchmark:", _wrap(f"{content.benchmark[0]} ({content.benchmark[1]})")]
    if content.not_to_confuse_with:
        lines += ["", "Not to confuse with:"]
        lines += [_wrap(f"{term}: {difference}") for term, difference in content.not_to_confuse_with]
    for meaning in content.other_meanings:
        note = f": {meaning.note}" if meaning.note else ""
        lines += ["", _wrap(f"{meaning.acronym} can also mean {meaning.meaning}{note}", "")]
    if content.related:
        lines += ["", _wrap("Related: " + ", ".join(content.related), "")]
    if content.sources:
        lines.append(_wrap("Sources: " + ", ".join(content.sources), ""))
    return "\n".join(lines)


def entry_text(entry: Entry, glossary: Glossary | None = None) -> str:
    return content_text(answer_content(entry, glossary))


def match_text(match: Match, glossary: Glossary | None = None) -> str:
    """The whole answer to a query, as text."""
    if match.status == "match" and match.entry is not None:
        return entry_text(match.entry, glossary)
    query = match.query.strip()
    if match.status == "ambiguous":
        choices = [e.term for e in match.candidates] or list(match.suggestions)
        if len(choices) == 1:
            return f"Did you mean {choices[0]}?"
        return f"“{query}” could mean more than one thing. Did you mean:\n" + "\n".join(f"  - {c}" for c in choices)
    text = f"Nothing in the glossary matches “{query}”."
    if match.suggestions:
        text += "\nClosest entries:\n" + "\n".join(f"  - {s}" for s in match.suggestions)
    return text
