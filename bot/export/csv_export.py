"""The glossary as CSV (term, aliases, category, definition), for moving to or from other tools.

Aliases are joined with "; " in one column. A team's export (`--team`) adds two columns: the team that defined
an entry, and the team's notes on a shipped entry (joined by " | "). A cell that a spreadsheet would run as a
formula (starting with =, +, - or @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from bot.export.document import ExportDocument

HEADER = ("term", "aliases", "category", "definition")
TEAM_HEADER = ("defined_by", "team_notes")
ALIAS_SEPARATOR = "; "
NOTE_SEPARATOR = " | "


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_csv(document: ExportDocument) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    entries = document.alphabetical()
    with_team = any(e.content.team or e.content.team_notes for e in entries)
    writer.writerow(HEADER + TEAM_HEADER if with_team else HEADER)
    for entry in entries:
        content = entry.content
        row = [_cell(content.term), _cell(ALIAS_SEPARATOR.join(content.aliases)), _cell(content.category),
               _cell(content.definition)]
        if with_team:
            row += [_cell(content.team or ""), _cell(NOTE_SEPARATOR.join(content.team_notes))]
        writer.writerow(row)
    return out.getvalue()
