from __future__ import annotations

import pytest

from bot.formulas import FormulaError, evaluate, evaluate_expression, parse_expression, substitute
from bot.glossary.model import Formula, Variable
from bot.numbers import format_value, parse_number

NRR = Formula(
    "(start_mrr + expansion_mrr - lost_mrr) / start_mrr * 100",
    "%",
    (Variable("start_mrr", "start", "$"), Variable("expansion_mrr", "added", "$"), Variable("lost_mrr", "lost", "$")),
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1200", 1200), ("1,200", 1200), ("$1,200", 1200), ("120k", 120_000), ("120K", 120_000), ("1.2m", 1_200_000),
     ("2bn", 2e9), ("15%", 15), ("-3.5", -3.5), ("$-50", -50), ("0.5", 0.5), (".5", 0.5), (" 7 ", 7)],
)
def test_parse_number_accepts_what_people_type(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "12abc", "1,2,3", "$", "1.2.3", "--5", "10 %%"])
def test_parse_number_rejects_garbage_with_a_hint(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text)


def test_evaluate_and_substitute() -> None:
    values = {"start_mrr": 100_000, "expansion_mrr": 15_000, "lost_mrr": 8_000}
    assert evaluate(NRR, values) == pytest.approx(107)
    assert substitute(NRR, values) == "(100000 + 15000 - 8000) / 100000 * 100"


def test_missing_and_unknown_variables_are_named_with_what_is_needed() -> None:
    with pytest.raises(FormulaError) as raised:
        evaluate(NRR, {"start_mrr": 1, "expansion": 2})
    message = str(raised.value)
    assert "missing expansion_mrr, lost_mrr" in message
    assert "unknown expansion" in message
    assert message.endswith("This formula needs: start_mrr, expansion_mrr, lost_mrr")


def test_division_by_zero_is_a_precise_message() -> None:
    with pytest.raises(FormulaError, match="division by zero") as raised:
        evaluate(NRR, {"start_mrr": 0, "expansion_mrr": 1, "lost_mrr": 0})
    assert "This formula needs: start_mrr" in str(raised.value)


@pytest.mark.parametrize(
    "expression",
    ["__import__('os').system('true')", "a.b", "[1, 2]", "lambda: 1", "a if b else c", "a < b", "'text'",
     "open('x')", "a // b", "a % b", "(x := 1)"],
)
def test_only_arithmetic_is_allowed(expression: str) -> None:
    with pytest.raises(FormulaError):
        parse_expression(expression)


def test_functions_and_powers() -> None:
    assert evaluate_expression("max(a, b) + min(a, b) + abs(-a) + round(c)", {"a": 1, "b": 2, "c": 2.6}) == 7
    assert evaluate_expression("(1 + r) ** 12", {"r": 0.01}) == pytest.approx(1.1268, abs=1e-4)
    with pytest.raises(FormulaError, match="exponent"):
        evaluate_expression("a ** 1000", {"a": 10})


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [(107, "%", "107 %"), (4.25, "%", "4.2 %"), (1200, "$", "$1,200"), (-50, "$", "-$50"), (3.2, "months", "3.2 months"),
     (4.1, "ratio", "4.1x"), (42, "score", "42"), (1234.5, "count", "1,234")],
)
def test_format_value(value: float, unit: str, shown: str) -> None:
    assert format_value(value, unit) == shown
