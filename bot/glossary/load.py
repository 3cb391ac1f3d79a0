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

__all__ = ["GlossaryError", "GlossaryInvalid", "default_glossary_path", "load_glossary", "parse_glossary"]

SHIPPED_GLOSSARY = Path(__file__).resolve().parents[2] / "glossary.yaml"


def default_glossary_path(environ: Mapping[str, str]) -> Path:
    """`CSTERM_GLOSSARY` when set, else the glossary.yaml shipped beside the package."""
    configured = environ.get("CSTERM_GLOSSARY", "").strip()
    return Path(configured) if configured else SHIPPED_GLOSSARY


def parse_glossary(text: str, file: str) -> Glossary:
    """Parse and validate glossary text; `file` names it in messages."""
    return parse_layers([(text, file)])


def parse_layers(layers: list[tuple[str, str]]) -> Glossary:
    """Parse several glossary texts (text, file) as one glossary, later layers adding entries; every problem
    names its own file, line and term, and the cross-entry rules run over all layers together."""
    problems: list[GlossaryError] = []
    entries: list[Entry] = []
    file_of: dict[int, str] = {}
    for text, file in layers:
        for entry in _parse_layer(text, file, problems):
            entries.append(entry)
            file_of[id(entry)] = file

    def report(entry: Entry, line: int, message: str) -> None:
        problems.append(GlossaryError(file_of[id(entry)], line, entry.term, message))

    check_entries(entries, report)
    if not entries and not problems:
        problems.append(GlossaryError(layers[0][1], 1, None, "the glossary has no entries"))
    if problems:
        raise GlossaryInvalid(problems)
    return Glossary(tuple(entries), Path(layers[0][1]))


def _parse_layer(text: str, file: str, problems: list[GlossaryError]) -> list[Entry]:
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

    return [e for i, item in enumerate(raw) if (e := parse_entry(item, i, report_for)) is not None]


LAYER_SEPARATOR = ":"


def load_glossary(path: str | Path) -> Glossary:
    """Load and validate a glossary file, or several separated by ':' (shipped.yaml:ours.yaml), checked together."""
    layers = [part for part in str(path).split(LAYER_SEPARATOR) if part]
    if len(layers) > 1:
        texts = [(_read(Path(layer)), layer) for layer in layers]
        return parse_layers(texts)
    return parse_glossary(_read(Path(path)), str(path))


def _read(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GlossaryInvalid([GlossaryError(str(path), 0, None, "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryInvalid([GlossaryError(str(path), 0, None, f"cannot be read: {error}")]) from None
    return text
