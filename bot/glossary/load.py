"""Read glossary.yaml into a Glossary, or raise GlossaryInvalid with every problem found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import yaml

from bot.glossary.check import check_entries
from bot.glossary.errors import GlossaryError, GlossaryInvalid
from bot.glossary.model import Entry, Glossary
from bot.glossary.parse import Report, parse_entry
from bot.glossary.yaml_lines import LineDict, load_with_lines
from bot.search.normalize import words_read_once
from bot.text.other_fields import check_other_fields
from bot.text.stem import stem
from bot.text.vocabulary import EMPTY, Vocabulary, check_targets, load_vocabulary, vocabulary_path

__all__ = ["GlossaryError", "GlossaryInvalid", "default_glossary_path", "load_glossary", "parse_glossary"]

NOTE_KEYS = {"note_on", "note"}
SHIPPED_GLOSSARY = Path(__file__).resolve().parents[2] / "glossary.yaml"


def default_glossary_path(environ: Mapping[str, str]) -> Path:
    """`CSTERM_GLOSSARY` when set, else the glossary.yaml shipped beside the package."""
    configured = environ.get("CSTERM_GLOSSARY", "").strip()
    return Path(configured) if configured else SHIPPED_GLOSSARY


def parse_glossary(text: str, file: str, vocabulary: Vocabulary = EMPTY) -> Glossary:
    """Parse and validate glossary text; `file` names it in messages. The vocabulary's rewrites must lead to
    words of the glossary's names and definitions."""
    return parse_layers([(text, file)], vocabulary)


def parse_layers(layers: list[tuple[str, str]], vocabulary: Vocabulary = EMPTY) -> Glossary:
    """Parse several glossary texts (text, file) as one glossary, later layers adding entries; every problem
    names its own file, line and term, and the cross-entry rules run over all layers together."""
    problems: list[GlossaryError] = []
    entries: list[Entry] = []
    file_of: dict[int, str] = {}
    for index, (text, file) in enumerate(layers):
        notes: list[LineDict] = []
        for entry in _parse_layer(text, file, problems, notes if index else None):
            entries.append(entry)
            file_of[id(entry)] = file
        _apply_notes(entries, file_of, notes, file, problems)

    def report(entry: Entry, line: int, message: str) -> None:
        problems.append(GlossaryError(file_of[id(entry)], line, entry.term, message))

    check_entries(entries, report)
    if not entries and not problems:
        problems.append(GlossaryError(layers[0][1], 1, None, "the glossary has no entries"))
    known = {stem(w) for e in entries for text in (*e.names, e.definition) for w in words_read_once(text)}
    problems += check_targets(vocabulary, known)
    problems += check_other_fields(vocabulary.other_fields, (n for e in entries for n in e.names), vocabulary.path)
    if problems:
        raise GlossaryInvalid(problems)
    return Glossary(tuple(entries), Path(layers[0][1]), vocabulary)


def _apply_notes(entries: list[Entry], file_of: dict[int, str], notes: list[LineDict], file: str,
                 problems: list[GlossaryError]) -> None:
    """`- note_on: TERM` / `note: TEXT` items of a later layer: the note is shown above that entry's definition."""
    for item in notes:
        target, note = item.get("note_on"), item.get("note")
        name = target.strip() if isinstance(target, str) else None
        unknown = sorted(set(item) - NOTE_KEYS)
        if unknown:
            problems.append(GlossaryError(file, item.line, name, f"unknown key {unknown[0]!r} in a note "
                                                                   "(a note has note_on and note)"))
        if not isinstance(note, str) or not note.strip():
            problems.append(GlossaryError(file, item.line_of("note"), name, "note is missing or empty"))
            continue
        found = next((i for i, e in enumerate(entries) if name and e.term.casefold() == name.casefold()), None)
        if found is None:
            problems.append(GlossaryError(file, item.line_of("note_on"), name,
                                          f"note_on names {name!r}, which is not a term of an earlier layer"))
            continue
        old = entries[found]
        entries[found] = replace(old, team_notes=(*old.team_notes, " ".join(note.split())))
        file_of[id(entries[found])] = file_of.pop(id(old))


def _parse_layer(text: str, file: str, problems: list[GlossaryError],
                 notes: list[LineDict] | None = None) -> list[Entry]:
    try:
        raw = load_with_lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        reason = getattr(error, "problem", None) or str(error)
        raise GlossaryInvalid([GlossaryError(file, line, None, f"YAML syntax error: {reason}")]) from None
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise GlossaryInvalid([GlossaryError(file, 1, None, "the glossary must be a YAML list of entries")])

    def report_for(term: str | None) -> Report:
        return lambda line, message: problems.append(GlossaryError(file, line, term, message))

    if notes is not None:  # a later layer may add notes to earlier entries
        notes += [item for item in raw if isinstance(item, LineDict) and "note_on" in item]
        raw = [item for item in raw if not (isinstance(item, LineDict) and "note_on" in item)]
    return [e for i, item in enumerate(raw) if (e := parse_entry(item, i, report_for)) is not None]


LAYER_SEPARATOR = ":"


def load_glossary(path: str | Path) -> Glossary:
    """Load and validate a glossary file, or several separated by ':' (shipped.yaml:ours.yaml), checked together,
    with the vocabulary.yaml beside the first (if there is one)."""
    layers = [part for part in str(path).split(LAYER_SEPARATOR) if part] or [str(path)]
    vocabulary_problems: list[GlossaryError] = []
    try:
        vocabulary = load_vocabulary(vocabulary_path(Path(layers[0])))
    except GlossaryInvalid as invalid:  # reported with the glossary's own problems, all at once
        vocabulary, vocabulary_problems = EMPTY, list(invalid.problems)
    texts = [(_read(Path(layer)), layer) for layer in layers]
    try:
        glossary = parse_layers(texts, vocabulary)
    except GlossaryInvalid as invalid:
        raise GlossaryInvalid([*vocabulary_problems, *invalid.problems]) from None
    if vocabulary_problems:
        raise GlossaryInvalid(vocabulary_problems)
    return glossary


def _read(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GlossaryInvalid([GlossaryError(str(path), 0, None, "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryInvalid([GlossaryError(str(path), 0, None, f"cannot be read: {error}")]) from None
    return text
