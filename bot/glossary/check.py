"""Rules that span entries: duplicates, alias claims, references, formulas and their examples."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from bot.formulas import FormulaError, evaluate_expression, expression_names
from bot.glossary.model import Entry
from bot.search.normalize import compact, normalize_name

Report = Callable[[Entry, int, str], None]


def check_entries(entries: Sequence[Entry], report: Report) -> None:
    """Report every cross-entry problem through `report(entry, line, message)`."""
    _check_duplicates(entries, report)
    _check_alias_claims(entries, report)
    _check_references(entries, report)
    for entry in entries:
        _check_formula(entry, report)


def _check_duplicates(entries: Sequence[Entry], report: Report) -> None:
    first: dict[str, Entry] = {}
    for entry in entries:
        key = entry.term.casefold()
        if key in first:
            report(entry, entry.line, f"duplicate term: already defined on line {first[key].line}")
        else:
            first[key] = entry


def _check_alias_claims(entries: Sequence[Entry], report: Report) -> None:
    claims: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for key in {compact(normalize_name(name)) for name in entry.names}:
            if key:
                claims[key].append(entry)
    for key, claimants in claims.items():
        distinct = list({e.term.casefold(): e for e in claimants}.values())  # duplicates reported apart
        if len(distinct) < 2:
            continue
        primary = next((e for e in distinct if all(_declares(e, key, o) for o in distinct if o is not e)), None)
        if primary is not None:
            continue
        last = max(distinct, key=lambda e: e.line)
        name = next(n for n in last.names if compact(normalize_name(n)) == key)
        others = ", ".join(e.term for e in distinct if e is not last)
        report(last, last.line,
               f"name {name!r} is also claimed by {others}; an acronym that means several things must be declared "
               "under other_meanings of its primary entry, with term: naming each other entry")


def _declares(primary: Entry, key: str, other: Entry) -> bool:
    return any(
        compact(normalize_name(m.acronym)) == key and m.term is not None
        and m.term.casefold() == other.term.casefold()
        for m in primary.other_meanings
    )


def _check_references(entries: Sequence[Entry], report: Report) -> None:
    known = {e.term.casefold() for e in entries}
    for entry in entries:
        for name in entry.related:
            if name.casefold() == entry.term.casefold():
                report(entry, entry.line, "related lists the entry itself")
            elif name.casefold() not in known:
                report(entry, entry.line, f"related names {name!r}, which is not a term in the glossary")
        for confusable in entry.not_to_confuse_with:
            if confusable.term.casefold() not in known:
                report(entry, entry.line, f"not_to_confuse_with names {confusable.term!r}, which is not a term")
        aliases = {a.casefold() for a in entry.aliases}
        for meaning in entry.other_meanings:
            if meaning.acronym.casefold() not in aliases:
                report(entry, entry.line, f"other_meanings lists {meaning.acronym!r}, which is not one of its aliases")
            if meaning.term and meaning.term.casefold() not in known:
                report(entry, entry.line, f"other_meanings of {meaning.acronym!r} names {meaning.term!r}, "
                                          "which is not a term")


def _check_formula(entry: Entry, report: Report) -> None:
    formula, example = entry.formula, entry.example
    if formula is None:
        if example is not None:
            report(entry, entry.line, "example given without a formula to check it against")
        return
    try:
        used = expression_names(formula.expression)
    except FormulaError as error:
        report(entry, entry.line, str(error))
        return
    described = set(formula.variable_names)
    for name in sorted(used - described):
        report(entry, entry.line, f"formula uses {name!r}, which is not described under variables")
    for name in sorted(described - used):
        report(entry, entry.line, f"variable {name!r} is described but the formula does not use it")
    if example is None or used != described:
        return
    wrong = sorted(set(example.inputs) ^ described)
    if wrong:
        report(entry, entry.line, f"example inputs must be exactly the formula variables; check {', '.join(wrong)}")
        return
    try:
        computed = evaluate_expression(formula.expression, example.inputs)
    except FormulaError as error:
        report(entry, entry.line, f"example cannot be computed: {error}")
        return
    if abs(computed - example.result) > example.tolerance:
        report(entry, entry.line,
               f"example result {example.result:g} does not reproduce: the formula gives {computed:.6g}")
