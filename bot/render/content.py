"""What an answer says, decided once; blocks.py and text.py only present it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.formulas import FormulaError, evaluate_expression, format_value, substitute
from bot.glossary.model import Entry, Glossary
from bot.numbers import format_number

UNIT_NAMES = {"%": "percent", "$": "dollars", "ratio": "ratio", "months": "months", "days": "days", "hours": "hours",
              "count": "count", "score": "score", "points": "points"}


@dataclass(frozen=True)
class VariableLine:
    name: str
    description: str
    unit: str


@dataclass(frozen=True)
class WorkedExample:
    inputs: tuple[tuple[str, str], ...]  # (variable, value with unit)
    filled_in: str  # the expression with the numbers in place
    result: str  # the result with its unit
    note: str | None


@dataclass(frozen=True)
class OtherMeaningLine:
    acronym: str
    meaning: str
    note: str | None
    term: str | None


@dataclass(frozen=True)
class AnswerContent:
    term: str
    category: str
    aliases: tuple[str, ...]
    definition: str
    formula: str | None
    formula_unit: str | None
    variables: tuple[VariableLine, ...]
    example: WorkedExample | None
    benchmark: tuple[str, str] | None  # (range, source)
    not_to_confuse_with: tuple[tuple[str, str], ...]  # (term, difference)
    other_meanings: tuple[OtherMeaningLine, ...]
    related: tuple[str, ...]
    sources: tuple[str, ...]
    team: str | None = None  # the workspace whose own term this is
    team_notes: tuple[str, ...] = ()


def _example(entry: Entry) -> WorkedExample | None:
    formula, example = entry.formula, entry.example
    if formula is None or example is None:
        return None
    inputs = []
    for name, value in example.inputs.items():
        variable = formula.variable(name)
        inputs.append((name, format_value(value, variable.unit) if variable else format_number(value)))
    try:
        computed = evaluate_expression(formula.expression, example.inputs)
    except FormulaError:
        computed = example.result
    value = example.result if abs(computed - example.result) <= example.tolerance else computed
    return WorkedExample(tuple(inputs), substitute(formula, example.inputs), format_value(value, formula.unit),
                         example.note)


def answer_content(entry: Entry, glossary: Glossary | None = None) -> AnswerContent:
    """The pieces of an entry's answer; related names are kept only if the glossary knows them."""
    related = tuple(r for r in entry.related if glossary is None or glossary.get(r) is not None)
    formula = entry.formula
    return AnswerContent(
        term=entry.term,
        category=entry.category,
        aliases=entry.aliases,
        definition=entry.definition,
        formula=formula.expression if formula else None,
        formula_unit=formula.unit if formula else None,
        variables=tuple(VariableLine(v.name, v.description, v.unit) for v in formula.variables) if formula else (),
        example=_example(entry),
        benchmark=(entry.benchmark.range, entry.benchmark.source) if entry.benchmark else None,
        not_to_confuse_with=tuple((c.term, c.difference) for c in entry.not_to_confuse_with),
        other_meanings=tuple(OtherMeaningLine(m.acronym, m.meaning, m.note, m.term) for m in entry.other_meanings),
        related=related,
        sources=entry.sources,
        team=entry.team,
        team_notes=entry.team_notes,
    )


def one_line(entry: Entry, limit: int = 160) -> str:
    """The definition's first sentence, cut to `limit` characters: for lists and thread explanations."""
    sentence = entry.definition.split(". ")[0].rstrip(".") + "."
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
