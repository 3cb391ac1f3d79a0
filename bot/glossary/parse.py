"""One raw YAML entry -> an Entry, noting every structural problem instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.glossary.model import (
    CATEGORIES,
    UNITS,
    Benchmark,
    Confusable,
    Entry,
    Example,
    Formula,
    OtherMeaning,
    Variable,
)
from bot.glossary.yaml_lines import LineDict

ENTRY_KEYS = {
    "term", "aliases", "category", "definition", "formula", "example", "benchmark",
    "related", "not_to_confuse_with", "other_meanings", "sources", "asked_as",
}
REQUIRED = ("term", "category", "definition")
MAX_DEFINITION = 600

Report = Callable[[int, str], None]


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _mapping(raw: Any, where: str, keys: set[str], line: int, report: Report) -> LineDict | None:
    if not isinstance(raw, LineDict):
        report(line, f"{where} must be a mapping with keys {', '.join(sorted(keys))}")
        return None
    for key in raw:
        if key not in keys:
            report(raw.line_of(key), f"unknown key {key!r} in {where} (expected one of {', '.join(sorted(keys))})")
    return raw


def _texts(raw: LineDict, key: str, report: Report) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(_text(v) for v in value):
        report(raw.line_of(key), f"{key} must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in value)


def _formula(raw: LineDict, report: Report) -> Formula | None:
    line = raw.line_of("formula")
    data = _mapping(raw["formula"], "formula", {"expression", "unit", "variables"}, line, report)
    if data is None:
        return None
    expression, unit = _text(data.get("expression")), _text(data.get("unit"))
    if not expression:
        report(line, "formula.expression is missing or empty")
    if unit not in UNITS:
        report(data.line_of("unit"), f"formula.unit must be one of {' '.join(UNITS)}, not {unit!r}")
    variables = []
    described = data.get("variables")
    if not isinstance(described, LineDict) or not described:
        report(data.line_of("variables"), "formula.variables must map each variable name to {description, unit}")
        described = LineDict()
    for name, spec in described.items():
        at = described.line_of(name)
        var = _mapping(spec, f"variable {name!r}", {"description", "unit"}, at, report)
        if var is None:
            continue
        if not _text(var.get("description")):
            report(at, f"variable {name!r} has no description")
        if var.get("unit") not in UNITS:
            report(at, f"variable {name!r} needs a unit from {' '.join(UNITS)}, not {var.get('unit')!r}")
        variables.append(Variable(str(name), _text(var.get("description")) or "", str(var.get("unit"))))
    if not expression or unit not in UNITS:
        return None
    return Formula(expression, str(unit), tuple(variables))


def _example(raw: LineDict, report: Report) -> Example | None:
    line = raw.line_of("example")
    data = _mapping(raw["example"], "example", {"inputs", "result", "note"}, line, report)
    if data is None:
        return None
    inputs, result = data.get("inputs"), _number(data.get("result"))
    if not isinstance(inputs, dict) or not all(_number(v) is not None for v in inputs.values()):
        report(data.line_of("inputs"), "example.inputs must map each formula variable to a number")
        return None
    if result is None:
        report(data.line_of("result"), "example.result must be a number")
        return None
    written = repr(data["result"])
    decimals = len(written.split(".")[1]) if "." in written and "e" not in written else 0
    return Example({str(k): float(v) for k, v in inputs.items()}, result, _text(data.get("note")), decimals)


def _confusables(raw: LineDict, report: Report) -> tuple[Confusable, ...]:
    items, found = raw.get("not_to_confuse_with"), []
    if not isinstance(items, list):
        report(raw.line_of("not_to_confuse_with"), "not_to_confuse_with must be a list of {term, difference}")
        return ()
    for item in items:
        data = _mapping(item, "not_to_confuse_with item", {"term", "difference"}, raw.line_of("not_to_confuse_with"),
                        report)
        if data is not None and _text(data.get("term")) and _text(data.get("difference")):
            found.append(Confusable(str(_text(data["term"])), str(_text(data["difference"]))))
        elif data is not None:
            report(data.line, "each not_to_confuse_with item needs a term and a difference")
    return tuple(found)


def _other_meanings(raw: LineDict, report: Report) -> tuple[OtherMeaning, ...]:
    line, found = raw.line_of("other_meanings"), []
    data = raw.get("other_meanings")
    if not isinstance(data, LineDict):
        report(line, "other_meanings must map an acronym to a list of {meaning, note, term}")
        return ()
    for acronym, items in data.items():
        for item in items if isinstance(items, list) else [items]:
            meaning = _mapping(item, f"other_meanings of {acronym}", {"meaning", "note", "term"}, line, report)
            if meaning is None or not _text(meaning.get("meaning")):
                report(data.line_of(acronym), f"other meaning of {acronym!r} needs a `meaning`")
                continue
            found.append(OtherMeaning(str(acronym), str(_text(meaning["meaning"])),
                                      _text(meaning.get("note")), _text(meaning.get("term"))))
    return tuple(found)


def parse_entry(raw: Any, index: int, report_for: Callable[[str | None], Report]) -> Entry | None:
    """Build one Entry; `report_for(term)` gives the callback that records problems for that term."""
    if not isinstance(raw, LineDict):
        report_for(None)(0, f"item {index + 1} is not a mapping (each entry needs term, category, definition)")
        return None
    term = _text(raw.get("term"))
    report = report_for(term or f"(entry {index + 1})")
    for key in raw:
        if key not in ENTRY_KEYS:
            report(raw.line_of(key), f"unknown key {key!r} (expected one of {', '.join(sorted(ENTRY_KEYS))})")
    for key in REQUIRED:
        if not _text(raw.get(key)):
            report(raw.line_of(key), f"{key} is missing or empty")
    category, definition = _text(raw.get("category")), _text(raw.get("definition"))
    if category and category not in CATEGORIES:
        report(raw.line_of("category"), f"category must be one of {', '.join(CATEGORIES)}, not {category!r}")
    if definition and len(definition) > MAX_DEFINITION:
        report(raw.line_of("definition"), f"definition is {len(definition)} characters; keep it under {MAX_DEFINITION}")
    benchmark = None
    if raw.get("benchmark") is not None:
        data = _mapping(raw["benchmark"], "benchmark", {"range", "source"}, raw.line_of("benchmark"), report)
        if data is not None and _text(data.get("range")) and _text(data.get("source")):
            benchmark = Benchmark(str(_text(data["range"])), str(_text(data["source"])))
        elif data is not None:
            report(data.line, "benchmark needs both range and source")
    if not (term and category and definition):
        return None
    formula = _formula(raw, report) if raw.get("formula") is not None else None
    example = _example(raw, report) if raw.get("example") is not None else None
    if formula is None and raw.get("formula") is not None:
        example = None  # the formula's own problem is reported; checking the example against nothing adds noise
    return Entry(
        term=term,
        category=category,
        definition=" ".join(definition.split()),
        aliases=_texts(raw, "aliases", report),
        formula=formula,
        example=example,
        benchmark=benchmark,
        related=_texts(raw, "related", report),
        not_to_confuse_with=_confusables(raw, report) if raw.get("not_to_confuse_with") is not None else (),
        other_meanings=_other_meanings(raw, report) if raw.get("other_meanings") is not None else (),
        sources=_texts(raw, "sources", report),
        asked_as=_texts(raw, "asked_as", report),
        line=raw.line,
        asked_as_line=raw.line_of("asked_as"),
    )
