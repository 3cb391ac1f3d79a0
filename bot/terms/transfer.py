"""A team's terms as files: glossary YAML in our own format (what `csterm check` reads), and YAML or CSV in.

Export writes the team's live terms as glossary entries and its notes on shipped terms as `note_on` items (the
layered-file form of a note); an acronym the team shares with a shipped entry is
declared under other_meanings, so `csterm check shipped.yaml:ours.yaml` accepts the file as it is. Import reads
our YAML, or CSV with term,definition,aliases columns (category and related optional) as other glossary bots
export, and hands each row to the same rules as a suggestion.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from bot.glossary.model import Glossary
from bot.glossary.yaml_lines import LineDict, load_with_lines
from bot.store.team_records import NOTE, TermDraft, TermVersion
from bot.terms.rules import is_acronym, name_key

MAX_IMPORT_BYTES = 5_000_000
MAX_IMPORT_ROWS = 5_000


class ImportFileError(ValueError):
    """A file that cannot be imported at all; the message says which line and why."""


@dataclass(frozen=True)
class ImportRow:
    line: int
    draft: TermDraft


def export_yaml(live: Sequence[TermVersion], shipped: Glossary) -> str:
    """The team's live terms as glossary entries, and its notes on shipped terms as `note_on` items."""
    acronyms = {name_key(n): e for e in shipped.entries for n in e.names if is_acronym(n)}
    items: list[dict[str, object]] = []
    for version in live:
        draft = version.draft
        if draft.kind == NOTE:
            items.append({"note_on": draft.term, "note": draft.definition})
            continue
        item: dict[str, object] = {"term": draft.term}
        if draft.aliases:
            item["aliases"] = list(draft.aliases)
        item["category"] = draft.category
        item["definition"] = draft.definition
        if draft.related:
            item["related"] = list(draft.related)
        shared: dict[str, list[dict[str, str]]] = {}
        for name in (n for n in (draft.term, *draft.aliases) if is_acronym(n)):
            entry = acronyms.get(name_key(name))
            if entry is not None and name in draft.aliases:
                shared[name] = [{"meaning": entry.term, "term": entry.term}]
        if shared:
            item["other_meanings"] = shared
        items.append(item)
    header = "# A team's own glossary terms, exported by `csterm terms export`.\n"
    return header + yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=110)


def _split(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    if isinstance(value, str):
        separator = ";" if ";" in value else ","
        return tuple(part.strip() for part in value.split(separator) if part.strip())
    return ()


def read_yaml(text: str, file: str) -> list[ImportRow]:
    try:
        raw = load_with_lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ImportFileError(f"{file}:{mark.line + 1 if mark else 0}: YAML syntax error") from None
    if not isinstance(raw, list):
        raise ImportFileError(f"{file}: a glossary file is a YAML list of entries")
    rows = []
    for index, item in enumerate(raw):
        if not isinstance(item, LineDict):
            raise ImportFileError(f"{file}: item {index + 1} is not an entry (term, category, definition)")
        if "note_on" in item:
            rows.append(ImportRow(item.line, TermDraft(str(item.get("note_on") or ""), str(item.get("note") or ""),
                                                       kind=NOTE)))
            continue
        rows.append(ImportRow(item.line, TermDraft(
            term=str(item.get("term") or ""), definition=str(item.get("definition") or ""),
            category=str(item.get("category") or "concept"), aliases=_split(item.get("aliases")),
            related=_split(item.get("related")))))
    return rows


def read_csv(text: str, file: str) -> list[ImportRow]:
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().casefold() for c in reader.fieldnames or []}
    if not {"term", "definition"} <= columns:
        raise ImportFileError(f"{file}: a CSV needs a header with term,definition (and aliases, category, related "
                              f"if you have them); found {', '.join(sorted(columns)) or 'no header'}")
    rows = []
    for row in reader:
        cells = {str(k).strip().casefold(): (v or "").strip() for k, v in row.items() if k is not None}
        rows.append(ImportRow(reader.line_num, TermDraft(
            term=cells.get("term", ""), definition=cells.get("definition", ""),
            category=cells.get("category") or "concept", aliases=_split(cells.get("aliases", "")),
            related=_split(cells.get("related", "")))))
    return rows


def read_import(text: str, file: str) -> list[ImportRow]:
    """Rows of a YAML or CSV file (by its extension: .csv is CSV, anything else our YAML)."""
    if len(text) > MAX_IMPORT_BYTES:
        raise ImportFileError(f"{file}: {len(text)} characters is more than an import takes ({MAX_IMPORT_BYTES})")
    rows = read_csv(text, file) if file.lower().endswith(".csv") else read_yaml(text, file)
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportFileError(f"{file}: {len(rows)} terms; import at most {MAX_IMPORT_ROWS} at a time")
    return rows
