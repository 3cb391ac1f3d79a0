"""Turn what someone asked into a view: a glossary query, a comparison (`A vs B`, `difference between A and B`,
see bot/search/comparison.py), or `calc METRIC name=value ...`.

Slack-free apart from the view types; every answer also says which lookups it made, for the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.formulas import FormulaError, evaluate, format_value, parse_number, substitute, typed_unit
from bot.glossary.model import Entry
from bot.render.blocks import match_blocks, match_text_fallback
from bot.render.limits import escape_mrkdwn, quoted
from bot.render.views import CalcResult, View, calc_view, notice, versus_view
from bot.search.bounds import bounded_query, bounded_text
from bot.search.comparison import find_comparison, prefer_shared_head
from bot.search.layers import GlossaryMatcher
from bot.search.matcher import Match
from bot.search.normalize import slack_link_labels


@dataclass(frozen=True)
class Lookup:
    query: str
    status: str
    term: str | None


@dataclass(frozen=True)
class Answer:
    view: View
    lookups: tuple[Lookup, ...] = field(default=())
    result: bool = False  # a comparison or a calculation (not a message about a problem): what Share may post


def _lookup(match: Match) -> Lookup:
    return Lookup(match.query, match.status, match.entry.term if match.entry else None)


def _match_view(matcher: GlossaryMatcher, match: Match) -> View:
    """The answer to one lookup; a confident match is the entry's card, the same every time for this glossary
    (keyed for caching: a team's layered glossary is a new object whenever the team's terms change)."""
    key = (("card", match.entry, matcher.glossary, match.suggestions)
           if match.status == "match" and match.entry is not None else None)
    return View(match_blocks(match, glossary=matcher.glossary), match_text_fallback(match), key)


def answer_query(matcher: GlossaryMatcher, text: str) -> Answer:
    """The answer to free text: `A vs B` side by side, else the best match (or did-you-mean, or not found)."""
    # The matcher's own recogniser, on the same bounded text (lookup answers with the first term).
    pair = find_comparison(bounded_query(slack_link_labels(bounded_text(text))), matcher.is_name)
    if pair is not None:
        matches = _compared(matcher, *pair)
        if any(m.status == "match" for m in matches):  # else a description (`difference between what they pay
            return _versus(matcher, matches)  # for and what they use`): answered whole, as lookup does
    match = matcher.match(text)
    return Answer(_match_view(matcher, match), (_lookup(match),))


def _compared(matcher: GlossaryMatcher, first: str, second: str) -> list[Match]:
    # `expansion vs contraction mrr`: Expansion MRR, as lookup reads it
    return [prefer_shared_head(first, second, matcher.match(first), matcher.match, matcher.is_name),
            matcher.match(second)]


def answer_versus(matcher: GlossaryMatcher, first: str, second: str, *, shared_by: str | None = None) -> Answer:
    return _versus(matcher, _compared(matcher, first, second), shared_by=shared_by)


def _versus(matcher: GlossaryMatcher, matches: list[Match], *, shared_by: str | None = None) -> Answer:
    lookups = tuple(_lookup(m) for m in matches)
    entries = [m.entry for m in matches if m.status != "none" and m.entry is not None]
    if len(entries) < 2:
        unknown = [m.query for m in matches if m.status == "none" or m.entry is None]
        names = " or ".join(f"“{escape_mrkdwn(q)}”" for q in unknown)
        return Answer(notice(f"I can't compare: nothing in the glossary matches {names}."), lookups)
    first_entry, second_entry = entries
    if first_entry.term == second_entry.term:
        return Answer(_match_view(matcher, matches[0]), lookups)
    return Answer(versus_view(first_entry, second_entry, shared_by=shared_by), lookups, result=True)


class CalcInputError(ValueError):
    """Arguments to `calc` that cannot be used; the message is ready to show (user text escaped)."""


_AROUND_EQUALS = re.compile(r"\s*=\s*")
ABSURD = 1e12  # no customer-success metric is this large: the inputs are wrong (a denominator near zero)


@dataclass(frozen=True)
class CalcInput:
    name: str
    typed: str
    value: float


def parse_calc_args(args: str) -> tuple[str, dict[str, CalcInput]]:
    """`NRR start_mrr=100k churned_mrr = 5k` -> ("NRR", {...}). Raises CalcInputError (a name given twice too)."""
    words = _AROUND_EQUALS.sub("=", args.strip()).split()
    first_value = next((i for i, w in enumerate(words) if "=" in w), len(words))
    metric = " ".join(words[:first_value])
    values: dict[str, CalcInput] = {}
    for word in words[first_value:]:
        name, sep, raw = word.partition("=")
        if not sep or not name or not raw:
            raise CalcInputError(f"“{quoted(word)}” is not `name=value` (for example `start_mrr=120k`).")
        key = name.strip().lower()
        if key in values:
            raise CalcInputError(f"`{quoted(key)}` is given twice ({quoted(values[key].typed)} and {quoted(raw)}): "
                                 "give each value once.")
        try:
            values[key] = CalcInput(key, raw, parse_number(raw))
        except ValueError as error:
            raise CalcInputError(f"{quoted(name)}: {escape_mrkdwn(str(error))}") from None
    return metric, values


_UNIT_WORDS = {"$": "an amount of money", "%": "a percentage"}


def _unit_problems(entry: Entry, values: dict[str, CalcInput]) -> list[str]:
    """A `%` typed for an amount or a currency typed for a percentage (or a count): refused, not reinterpreted."""
    assert entry.formula is not None
    units = {v.name: v.unit for v in entry.formula.variables}
    problems = []
    for given in values.values():
        typed, unit = typed_unit(given.typed), units.get(given.name)
        if typed is not None and unit is not None and typed != unit:
            wanted = _UNIT_WORDS.get(unit, f"a number of {unit}" if unit not in ("count", "score") else f"a {unit}")
            problems.append(f"`{quoted(given.name)}` is {wanted}, but “{quoted(given.typed)}” is "
                            f"{_UNIT_WORDS[typed]}: the unit is wrong.")
    return problems


def _warnings(entry: Entry, values: dict[str, CalcInput]) -> tuple[str, ...]:
    assert entry.formula is not None
    money = {v.name for v in entry.formula.variables if v.unit == "$"}
    return tuple(f"`{quoted(v.name)}` is negative ({quoted(v.typed)}): amounts of money are normally positive."
                 for v in values.values() if v.name in money and v.value < 0)


def _formula_help(entry: Entry) -> str:
    assert entry.formula is not None
    lines = [f"`{v.name}`: {escape_mrkdwn(v.description)} ({v.unit})" for v in entry.formula.variables]
    example = " ".join(f"{v.name}=…" for v in entry.formula.variables)
    return (f"*{escape_mrkdwn(entry.term)}* = `{escape_mrkdwn(entry.formula.expression)}`\n"
            + "\n".join(lines) + f"\nTry `/csterm calc {escape_mrkdwn(entry.term)} {example}`")


def answer_calc(matcher: GlossaryMatcher, args: str, *, shared_by: str | None = None) -> Answer:
    try:
        metric, values = parse_calc_args(args)
    except CalcInputError as error:
        return Answer(notice(str(error)))
    if not metric:
        return Answer(notice("Say which metric first: `/csterm calc NRR start_mrr=100k expansion_mrr=15k …`"))
    match = matcher.match(metric)
    lookups = (_lookup(match),)
    entry = match.entry if match.status == "match" else None
    if entry is None:
        with_formula = [e.term for e in match.candidates if e.formula] or list(match.suggestions)
        hint = f" Did you mean: {escape_mrkdwn(', '.join(with_formula))}?" if with_formula else ""
        return Answer(notice(f"I don't know which metric “{escape_mrkdwn(metric)}” is.{hint}"), lookups)
    if entry.formula is None:
        return Answer(notice(f"*{escape_mrkdwn(entry.term)}* has no formula to calculate."), lookups)
    if not values:
        return Answer(notice(_formula_help(entry)), lookups)
    cant = f"Can't calculate *{escape_mrkdwn(entry.term)}*: "
    problems = _unit_problems(entry, values)
    if problems:
        return Answer(notice(cant + " ".join(problems) + "\n" + _formula_help(entry)), lookups)
    numbers = {name: given.value for name, given in values.items()}
    try:
        result = evaluate(entry.formula, numbers)
    except FormulaError as error:
        return Answer(notice(cant + escape_mrkdwn(str(error)) + "\n" + _formula_help(entry)), lookups)
    if abs(result) >= ABSURD:
        message = (f"the result ({format_value(result, entry.formula.unit)}) is too large to mean anything; "
                   "check the values (is a denominator far too small?).")
        return Answer(notice(cant + escape_mrkdwn(message) + "\n" + _formula_help(entry)), lookups)
    units = {v.name: v.unit for v in entry.formula.variables}
    shown = {name: format_value(value, units[name]) for name, value in numbers.items()}
    calc = CalcResult(entry, shown, substitute(entry.formula, numbers), format_value(result, entry.formula.unit),
                      args.strip(), _warnings(entry, values))
    return Answer(calc_view(calc, shared_by=shared_by), lookups, result=True)
