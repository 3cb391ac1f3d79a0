"""The glossary as CSV (term, aliases, category, definition), for moving to or from other tools.

Aliases are joined with "; " in one column. A cell that a spreadsheet would run as a formula (starting with
=, +, - or @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from bot.export.document import ExportDocument

HEADER = ("term", "aliases", "category", "definition")
ALIAS_SEPARATOR = "; "


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_csv(document: ExportDocument) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for entry in document.alphabetical():
        content = entry.content
        writer.writerow([_cell(content.term), _cell(ALIAS_SEPARATOR.join(content.aliases)),
                         _cell(content.category), _cell(content.definition)])
    return out.getvalue()
