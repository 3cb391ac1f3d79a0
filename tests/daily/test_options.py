from __future__ import annotations

from datetime import time

import pytest

from bot.daily.options import DailyOptions, OptionError, parse_daily_on, parse_time, parse_zone


@pytest.mark.parametrize(("text", "expected"), [
    ("9:00", time(9)), ("09:05", time(9, 5)), ("17:30", time(17, 30)), ("0:00", time(0)),
    ("9am", time(9)), ("12am", time(0)), ("5:30PM", time(17, 30)), ("12pm", time(12)),
])
def test_times(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:60", "9", "13pm", "noon", "9:5", ""])
def test_bad_times_say_what_to_type(text: str) -> None:
    with pytest.raises(OptionError, match=r"HH:MM, for example 09:00"):
        parse_time(text)


def test_zones() -> None:
    assert parse_zone("europe/paris") == "Europe/Paris"
    assert parse_zone("UTC") == "UTC"
    with pytest.raises(OptionError, match=r"“Mars/Olympus” is not a time zone.*Europe/Paris"):
        parse_zone("Mars/Olympus")


@pytest.mark.parametrize(("args", "expected"), [
    ("", DailyOptions()),
    ("08:30", DailyOptions(time(8, 30))),
    ("08:30 Europe/Paris every day", DailyOptions(time(8, 30), "Europe/Paris", True)),
    ("weekdays america/new_york", DailyOptions(None, "America/New_York", False)),
    ("9 am Asia/Tokyo daily", DailyOptions(time(9), "Asia/Tokyo", True)),
])
def test_daily_on(args: str, expected: DailyOptions) -> None:
    assert parse_daily_on(args) == expected


@pytest.mark.parametrize(("args", "message"), [
    ("9:00 10:00", "two times"),
    ("Europe/Paris banana", "“banana” is not understood"),
    ("weekdays every day", "either weekdays or every day"),
    ("Paris", "“Paris” is not a time zone"),
])
def test_daily_on_errors(args: str, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        parse_daily_on(args)
