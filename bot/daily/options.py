"""Reading what people type for a subscription: a time, a time zone, weekdays or every day.

Shared by `/csterm daily on ...` and `csterm daily subscribe ...`; errors say what was wrong and show an example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.render.limits import MAX_QUOTED, clip

STATS_DAYS = 30  # the period `/csterm stats` and `csterm stats` cover

DEFAULT_TIME = time(9, 0)
DEFAULT_ZONE = "UTC"
_TIME = re.compile(r"^(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$", re.IGNORECASE)
_EVERY_DAY = ("every day", "everyday", "daily", "every-day")
_WEEKDAYS = ("weekdays", "weekday", "workdays")


def _shown(text: str) -> str:
    """What someone typed, short enough to quote back in a message."""
    return clip(text.strip(), MAX_QUOTED)


class OptionError(ValueError):
    """A time, zone or day choice that cannot be used; the message is ready to show (escape it for Slack)."""


@dataclass(frozen=True)
class DailyOptions:
    """What `daily on` asked for; None means "use the default"."""

    local_time: time | None = None
    timezone: str | None = None
    every_day: bool | None = None


def parse_time(text: str) -> time:
    """"9:00", "09:00", "17:30", "9am", "5:30pm" -> a time; anything else -> OptionError with an example."""
    found = _TIME.match(text.strip())
    if found:
        hours, minutes, ampm = int(found["h"]), int(found["m"] or 0), (found["ampm"] or "").lower()
        if ampm and 1 <= hours <= 12:
            hours = hours % 12 + (12 if ampm == "pm" else 0)
        elif ampm or found["m"] is None:
            hours = 99  # "13pm" or a bare number: not a time
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise OptionError(f"“{_shown(text)}” is not a time of day: use 24-hour HH:MM, for example 09:00 or 17:30")


@cache
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


def parse_zone(text: str) -> str:
    """An IANA time zone name, any case ("europe/paris" -> "Europe/Paris"); else OptionError with an example."""
    name = _zones_by_folded_name().get(text.strip().casefold())
    if name is None and text.strip().casefold() in ("utc", "gmt", "z"):
        name = "UTC"
    if name is not None:
        try:
            ZoneInfo(name)
            return name
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise OptionError(
        f"“{_shown(text)}” is not a time zone I know: use an IANA name, for example Europe/Paris, "
        "America/New_York or UTC"
    )


def parse_daily_on(args: str) -> DailyOptions:
    """The words after `daily on`: [HH:MM] [TIME ZONE] [weekdays|every day], in any order."""
    args = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", args, flags=re.IGNORECASE)  # "9 am" -> "9am"
    rest = " " + " ".join(args.split()).casefold() + " "
    every_day: bool | None = None
    for phrase in _EVERY_DAY:
        if f" {phrase} " in rest:
            every_day, rest = True, rest.replace(f" {phrase} ", " ")
    for phrase in _WEEKDAYS:
        if f" {phrase} " in rest:
            if every_day:
                raise OptionError("choose either weekdays or every day, for example: daily on 09:00 weekdays")
            every_day, rest = False, rest.replace(f" {phrase} ", " ")
    local_time: time | None = None
    timezone: str | None = None
    original = {word.casefold(): word for word in args.split()}
    for word in rest.split():
        if word[0].isdigit():
            if local_time is not None:
                raise OptionError("two times given: use one, for example: daily on 09:00 Europe/Paris")
            local_time = parse_time(word)
        elif timezone is None:
            timezone = parse_zone(original.get(word, word))
        else:
            raise OptionError(
                f"“{_shown(original.get(word, word))}” is not understood: use daily on [HH:MM] [TIME ZONE] "
                "[weekdays|every day], for example: daily on 09:00 Europe/Paris weekdays"
            )
    return DailyOptions(local_time, timezone, every_day)
