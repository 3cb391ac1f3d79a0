"""Safe evaluation of glossary formulas: arithmetic on named numbers through a small AST walker."""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable, Mapping

from bot.glossary.model import Formula
from bot.numbers import format_plain, format_value, parse_number, typed_unit

__all__ = [
    "FormulaError",
    "evaluate",
    "evaluate_expression",
    "expression_names",
    "format_value",
    "parse_expression",
    "parse_number",
    "substitute",
    "typed_unit",
]

_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[float], float]] = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_FUNCTIONS: dict[str, Callable[..., float]] = {"min": min, "max": max, "abs": abs, "round": round}
_IDENTIFIER = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


class FormulaError(ValueError):
    """A formula that cannot be parsed or evaluated; the message is ready to show a user."""


def parse_expression(expression: str) -> ast.expr:
    """Parse and vet an expression: numbers, names, + - * / **, parentheses, min/max/abs/round."""
    try:
        tree = ast.parse(expression.strip(), mode="eval").body
    except SyntaxError as error:
        raise FormulaError(f"formula {expression!r} is not valid arithmetic ({error.msg})") from None
    for node in ast.walk(tree):
        allowed = isinstance(node, ast.Constant) and isinstance(node.value, int | float)
        allowed |= isinstance(node, ast.Name | ast.Load | ast.BinOp | ast.UnaryOp | ast.Call)
        allowed |= type(node) in _BINARY or type(node) in _UNARY
        if isinstance(node, ast.Call):
            allowed &= isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS and not node.keywords
        if not allowed:
            raise FormulaError(f"formula {expression!r} uses {ast.unparse(node)!r}, which is not allowed")
    return tree


def expression_names(expression: str) -> set[str]:
    """The variable names an expression uses (function names excluded)."""
    tree = parse_expression(expression)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called}


def _walk(node: ast.expr, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(values[node.id])
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_walk(node.operand, values))
    if isinstance(node, ast.BinOp):
        left, right = _walk(node.left, values), _walk(node.right, values)
        if isinstance(node.op, ast.Pow) and abs(right) > 100:
            raise FormulaError("an exponent above 100 is not allowed")
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return float(_FUNCTIONS[node.func.id](*(_walk(a, values) for a in node.args)))
    raise FormulaError(f"cannot evaluate {ast.unparse(node)!r}")


def evaluate_expression(expression: str, values: Mapping[str, float]) -> float:
    """Evaluate an expression on named values; every name must have a value."""
    tree = parse_expression(expression)
    missing = sorted(expression_names(expression) - set(values))
    if missing:
        raise FormulaError(f"no value for {', '.join(missing)}")
    try:
        result = _walk(tree, values)
    except ZeroDivisionError:
        raise FormulaError("division by zero: a value in a denominator is 0") from None
    except (OverflowError, TypeError) as error:
        raise FormulaError(f"the numbers cannot be combined ({error})") from None
    if math.isnan(result) or math.isinf(result):
        raise FormulaError("the result is not a finite number")
    return result


def evaluate(formula: Formula, values: Mapping[str, float]) -> float:
    """Evaluate a glossary formula. Missing or unknown variables are named alongside what the formula needs."""
    needed = formula.variable_names
    unknown = sorted(set(values) - set(needed))
    missing = [name for name in needed if name not in values]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown {', '.join(unknown)}")
        raise FormulaError(f"{'; '.join(parts)}. This formula needs: {', '.join(needed)}")
    try:
        return evaluate_expression(formula.expression, values)
    except FormulaError as error:
        raise FormulaError(f"{error}. This formula needs: {', '.join(needed)}") from None


def substitute(formula: Formula, values: Mapping[str, float]) -> str:
    """The formula's expression with each variable replaced by its value."""

    def fill(found: re.Match[str]) -> str:
        name = found.group(0)
        return format_plain(values[name]) if name in values else name

    return _IDENTIFIER.sub(fill, formula.expression)
