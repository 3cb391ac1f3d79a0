"""Numbers as people type them (120k, 1.2m, 15%, $1,200) and as we show them, by unit."""

from __future__ import annotations

import math
import re
from decimal import Decimal

_NUMBER = re.compile(
    r"""^\s*(?P<sign>[-+]?)\s*(?P<currency>[$€£])?\s*(?P<sign2>[-+]?)
        (?P<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)
        \s*(?P<suffix>[kmb]|bn|mm|%)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_MULTIPLIERS = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}


def parse_number(text: str) -> float:
    """Parse `120k`, `1.2m`, `15%` (-> 15.0), `$1,200`, `-3.5`. Raises ValueError with a readable message."""
    found = _NUMBER.match(text.replace("\u2212", "-"))
    if not found or (found["sign"] and found["sign2"]):
        raise ValueError(f"“{text}” is not a number (try 1200, 1,200, $1.2k, 1.5m or 15%)")
    value = float(found["digits"].replace(",", ""))
    suffix = (found["suffix"] or "").lower()
    value *= _MULTIPLIERS.get(suffix, 1.0)
    if "-" in (found["sign"], found["sign2"]):
        value = -value
    return value


def typed_unit(text: str) -> str | None:
    """The unit someone wrote with a number: "$" for any currency sign, "%" for a percent sign, else None."""
    found = _NUMBER.match(text.replace("\u2212", "-"))
    if not found:
        return None
    if found["currency"]:
        return "$"
    return "%" if (found["suffix"] or "") == "%" else None


def _trim(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float) -> str:
    """A readable number: thousands separators, at most two decimals, no trailing zeros."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    decimals = 0 if abs(value) >= 1000 else 2
    text = _trim(value, decimals)
    return format_plain(value) if value and text in ("0", "-0") else text  # 0.00001 is not shown as 0


def format_plain(value: float) -> str:
    """A number without separators or exponent, every digit kept, for filling into an expression so that the
    shown numbers give the shown result: `120000`, `0.35`, `0.00001` (not `0`)."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    text = format(Decimal(repr(value)).normalize(), "f")
    return text if text not in ("-0", "") else "0"


def format_value(value: float, unit: str) -> str:
    """A value with its unit: `107 %`, `$1,200`, `3.2 months`, `4.1x`, `42 points`."""
    number = format_number(abs(value) if unit == "$" else value)
    if unit == "$":
        return f"-${number}" if value < 0 else f"${number}"
    if unit == "%":
        return f"{_trim(value, 1)} %"
    if unit == "ratio":
        return f"{_trim(value, 2)}x"
    if unit in ("count", "score"):
        return number
    return f"{number} {unit}"
