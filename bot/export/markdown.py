"""The glossary as one GitHub-flavoured Markdown file, with the HTML page's anchors (`#net-revenue-retention`).

Each entry's heading is preceded by an explicit `<a id>`, so the anchor holds even where GitHub would slug the
heading differently. Glossary text is escaped so it can never become markup, a link or raw HTML.
"""

from __future__ import annotations

import re
from html import escape

from bot.export.document import ExportDocument, ExportEntry, category_anchor

_INLINE_MARKUP = re.compile(r"([\\`*_\[\]|~])")  # emphasis, code, links, table cells, strike-through
_BLOCK_START = re.compile(r"^(\d*)([#>+\-=.)])")  # what would start a heading, quote, list or rule


def md(text: str) -> str:
    """Plain text that Markdown shows as written inside a line: HTML's &, < and > escaped, markup backslashed."""
    return _INLINE_MARKUP.sub(r"\\\1", escape(" ".join(text.split()), quote=False))


def paragraph(text: str) -> str:
    """Plain text starting a line: also what would make it a heading, quote, list or rule is escaped."""
    return _BLOCK_START.sub(r"\1\\\2", md(text))


def code(text: str) -> str:
    """Inline code that no backtick in `text` can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"{fence}{text}{fence}"


def _link(document: ExportDocument, term: str) -> str:
    anchor = document.anchor_of(term)
    return f"[{md(term)}](#{anchor})" if anchor else md(term)


def _entry(document: ExportDocument, entry: ExportEntry) -> list[str]:
    content = entry.content
    also = f" · also {md(', '.join(content.aliases))}" if content.aliases else ""
    team = f" · defined by {md(content.team)}" if content.team else ""
    lines = [f'<a id="{entry.anchor}"></a>', "", f"### {md(content.term)}", "",
             f"_{md(content.category)}_{also}{team}"]
    lines += [line for note in content.team_notes for line in ("", f"> {md(note)}")]
    lines += ["", paragraph(content.definition)]
    if content.formula:
        lines += ["", f"**Formula** ({md(str(content.formula_unit))}): {code(content.formula)}", ""]
        lines += [f"- {code(v.name)}: {md(v.description)} ({md(v.unit)})" for v in content.variables]
    if content.example:
        example = content.example
        inputs = ", ".join(f"{code(name)} = {md(value)}" for name, value in example.inputs)
        lines += ["", f"**Worked example**: {inputs}; {code(example.filled_in)} = **{md(example.result)}**"]
        if example.note:
            lines += ["", paragraph(example.note)]
    if content.benchmark:
        lines += ["", f"**Benchmark**: {md(content.benchmark[0])} _({md(content.benchmark[1])})_"]
    if content.not_to_confuse_with:
        lines += ["", "**Not to confuse with**", ""]
        lines += [f"- {_link(document, term)}: {md(difference)}" for term, difference in content.not_to_confuse_with]
    for meaning in content.other_meanings:
        note = f": {md(meaning.note)}" if meaning.note else ""
        lines += ["", f"**{md(meaning.acronym)}** can also mean _{md(meaning.meaning)}_{note}"]
    if content.related:
        lines += ["", "**Related**: " + ", ".join(_link(document, term) for term in content.related)]
    if content.sources:
        lines += ["", f"Sources: {md(', '.join(content.sources))}"]
    return [*lines, ""]


def render_markdown(document: ExportDocument) -> str:
    total = len(document.entries)
    lines = [f"# {md(document.title)}", "",
             f"{total} terms · version `{document.version}` · exported {document.built_on.isoformat()}", "",
             "## Categories", ""]
    lines += [f"- [{md(name.capitalize())}](#{category_anchor(name)}) ({len(entries)})"
              for name, entries in document.categories]
    lines += ["- [A–Z index](#a-z)", ""]
    for name, entries in document.categories:
        lines += [f'<a id="{category_anchor(name)}"></a>', "", f"## {md(name.capitalize())} ({len(entries)})", ""]
        for entry in entries:
            lines += _entry(document, entry)
    lines += ['<a id="a-z"></a>', "", "## A–Z index", ""]
    lines += [f"- [{md(e.content.term)}](#{e.anchor})" for e in document.alphabetical()]
    return "\n".join(lines) + "\n"
