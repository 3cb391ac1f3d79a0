"""Read glossary.yaml into a Glossary, or raise GlossaryInvalid with every problem found."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from bot.glossary.check import check_entries
from bot.glossary.errors import GlossaryError, GlossaryInvalid
from bot.glossary.model import Entry, Glossary
from bot.glossary.parse import Report, parse_entry
from bot.glossary.yaml_lines import load_with_lines
from bot.search.normalize import words_read_once
from bot.text.stem import stem
from bot.text.vocabulary import EMPTY, Vocabulary, check_targets, load_vocabulary, vocabulary_path

__all__ = ["GlossaryError", "GlossaryInvalid", "default_glossary_path", "load_glossary", "parse_glossary"]

SHIPPED_GLOSSARY = Path(__file__).resolve().parents[2] / "glossary.yaml"


def default_glossary_path(environ: Mapping[str, str]) -> Path:
    """`CSTERM_GLOSSARY` when set, else the glossary.yaml shipped beside the package."""
    configured = environ.get("CSTERM_GLOSSARY", "").strip()
    return Path(configured) if configured else SHIPPED_GLOSSARY


def parse_glossary(text: str, file: str, vocabulary: Vocabulary = EMPTY) -> Glossary:
    """Parse and validate glossary text; `file` names it in messages. The vocabulary's rewrites must lead to
    words of the glossary's names and definitions."""
    problems: list[GlossaryError] = []
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

    entries = [e for i, item in enumerate(raw) if (e := parse_entry(item, i, report_for)) is not None]

    def report(entry: Entry, line: int, message: str) -> None:
        problems.append(GlossaryError(file, line, entry.term, message))

    check_entries(entries, report)
    if not entries and not problems:
        problems.append(GlossaryError(file, 1, None, "the glossary has no entries"))
    known = {stem(w) for e in entries for text in (*e.names, e.definition) for w in words_read_once(text)}
    problems += check_targets(vocabulary, known)
    if problems:
        raise GlossaryInvalid(problems)
    return Glossary(tuple(entries), Path(file), vocabulary)


def load_glossary(path: str | Path) -> Glossary:
    """Load and validate a glossary file, with the vocabulary.yaml beside it (if there is one)."""
    path = Path(path)
    vocabulary_problems: list[GlossaryError] = []
    try:
        vocabulary = load_vocabulary(vocabulary_path(path))
    except GlossaryInvalid as invalid:  # reported with the glossary's own problems, all at once
        vocabulary, vocabulary_problems = EMPTY, list(invalid.problems)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GlossaryInvalid([GlossaryError(str(path), 0, None, "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryInvalid([GlossaryError(str(path), 0, None, f"cannot be read: {error}")]) from None
    try:
        glossary = parse_glossary(text, str(path), vocabulary)
    except GlossaryInvalid as invalid:
        raise GlossaryInvalid([*vocabulary_problems, *invalid.problems]) from None
    if vocabulary_problems:
        raise GlossaryInvalid(vocabulary_problems)
    return glossary
