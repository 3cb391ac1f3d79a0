"""The export formats by name: one document, built once, presented as HTML, Markdown or CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.export.csv_export import render_csv
from bot.export.document import ExportDocument, build_document
from bot.export.html_page import render_html
from bot.export.markdown import render_markdown
from bot.glossary.model import Glossary

WRITERS: dict[str, Callable[[ExportDocument], str]] = {
    "html": render_html,
    "markdown": render_markdown,
    "csv": render_csv,
}


def export_glossary(glossary: Glossary, fmt: str, *, today: date) -> str:
    """The whole glossary in format `fmt` (a key of WRITERS). A team's approved terms, once they exist, come in
    as part of `glossary` (the shipped entries composed with the team's), so every format shows them alike."""
    return WRITERS[fmt](build_document(glossary, today=today))
