"""What every export shows, decided once: entries by category and A–Z, each with its anchor and answer content,
plus the date and the glossary's version. The HTML, Markdown and CSV writers only present it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from bot.glossary.model import Glossary
from bot.render.content import AnswerContent, answer_content

VERSION_CHARS = 12


def slug(term: str) -> str:
    """`Net Revenue Retention` -> `net-revenue-retention`: lower case, letters and digits, single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-") or "term"


def glossary_version(glossary: Glossary) -> str:
    """A short hash of the glossary file (or, for a glossary built in memory, of its terms and definitions)."""
    digest = hashlib.sha256()
    if glossary.path is not None and glossary.path.is_file():
        digest.update(glossary.path.read_bytes())
    else:
        for entry in glossary:
            digest.update(f"{entry.term}\x1f{entry.definition}\x1e".encode())
    for entry in glossary:  # a team's export: its own terms and notes make it another version
        if entry.team or entry.team_notes:
            digest.update(f"{entry.term}\x1f{entry.definition}\x1f{entry.team_notes}\x1e".encode())
    return digest.hexdigest()[:VERSION_CHARS]


@dataclass(frozen=True)
class ExportEntry:
    anchor: str
    content: AnswerContent


@dataclass(frozen=True)
class ExportDocument:
    title: str
    version: str
    built_on: date
    categories: tuple[tuple[str, tuple[ExportEntry, ...]], ...]  # category -> entries A–Z
    anchors: dict[str, str]  # casefolded term -> anchor, for links between entries

    @property
    def entries(self) -> list[ExportEntry]:
        return [entry for _, entries in self.categories for entry in entries]

    def alphabetical(self) -> list[ExportEntry]:
        return sorted(self.entries, key=lambda e: e.content.term.casefold())

    def anchor_of(self, term: str) -> str | None:
        """The anchor of the entry called `term`, or None when the glossary has no such entry."""
        return self.anchors.get(term.casefold())


def _unique_anchors(terms: list[str]) -> dict[str, str]:
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for term in sorted(terms, key=str.casefold):
        base = anchor = slug(term)
        n = 2
        while anchor in used or anchor.startswith("category-"):
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        anchors[term.casefold()] = anchor
    return anchors


def build_document(glossary: Glossary, *, today: date, title: str = "Customer-success glossary") -> ExportDocument:
    anchors = _unique_anchors([e.term for e in glossary])
    categories = tuple(
        (name, tuple(ExportEntry(anchors[e.term.casefold()], answer_content(e, glossary)) for e in entries))
        for name, entries in glossary.by_category().items()
    )
    return ExportDocument(title, glossary_version(glossary), today, categories, anchors)


def category_anchor(category: str) -> str:
    return f"category-{slug(category)}"
