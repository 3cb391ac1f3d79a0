"""When a subscription is due: local time, time zones, DST, weekdays, catch-up until local midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.daily.schedule import due_date, next_post_at
from bot.store.records import ChannelKey, Subscription


def sub(at: time, zone: str, *, every_day: bool = False, paused: str | None = None) -> Subscription:
    return Subscription(ChannelKey("T1", "C1"), at, zone, every_day, paused, 1, None, datetime(2024, 1, 1, tzinfo=UTC))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_due_at_local_time_not_utc() -> None:
    paris = sub(time(9), "Europe/Paris")  # Monday 4 March 2024: Paris is UTC+1
    assert due_date(paris, utc(2024, 3, 4, 7, 59)) is None
    assert due_date(paris, utc(2024, 3, 4, 8, 0)) == date(2024, 3, 4)
    assert due_date(paris, utc(2024, 3, 4, 21, 0)) == date(2024, 3, 4)  # catch-up later the same day


def test_dst_moves_the_utc_instant() -> None:
    new_york = sub(time(9), "America/New_York")
    assert due_date(new_york, utc(2024, 3, 8, 13, 30)) is None  # Friday, EST (UTC-5): 08:30
    assert due_date(new_york, utc(2024, 3, 8, 14, 0)) == date(2024, 3, 8)
    assert due_date(new_york, utc(2024, 3, 11, 13, 0)) == date(2024, 3, 11)  # Monday after the change, EDT: 09:00
    assert next_post_at(new_york, utc(2024, 3, 8, 15)) == datetime(2024, 3, 11, 13, tzinfo=UTC)


def test_time_skipped_by_spring_forward_is_due_right_after() -> None:
    early = sub(time(2, 30), "America/New_York", every_day=True)  # 10 March 2024: 02:00 EST -> 03:00 EDT
    assert due_date(early, utc(2024, 3, 10, 6, 59)) is None  # 01:59 EST
    assert due_date(early, utc(2024, 3, 10, 7, 0)) == date(2024, 3, 10)  # 03:00 EDT


def test_repeated_hour_of_fall_back_is_one_local_date() -> None:
    night = sub(time(1, 30), "America/New_York", every_day=True)  # 3 Nov 2024: 01:00-02:00 happens twice
    first, second = utc(2024, 11, 3, 5, 30), utc(2024, 11, 3, 6, 30)  # 01:30 EDT, then 01:30 EST
    assert due_date(night, utc(2024, 11, 3, 5, 29)) is None
    assert due_date(night, first) == due_date(night, second) == date(2024, 11, 3)  # the claim key: posted once


def test_weekdays_only_and_every_day() -> None:
    saturday = utc(2024, 3, 9, 12)
    assert due_date(sub(time(9), "UTC"), saturday) is None
    assert due_date(sub(time(9), "UTC", every_day=True), saturday) == date(2024, 3, 9)
    assert next_post_at(sub(time(9), "UTC"), saturday) == utc(2024, 3, 11, 9)


def test_just_before_and_after_local_midnight() -> None:
    late = sub(time(23, 30), "America/Los_Angeles")  # Friday 8 March 2024, PST (UTC-8)
    assert due_date(late, utc(2024, 3, 9, 7, 29)) is None  # Friday 23:29 local (already Saturday in UTC)
    assert due_date(late, utc(2024, 3, 9, 7, 59)) == date(2024, 3, 8)  # Friday 23:59 local: still Friday's post
    assert due_date(late, utc(2024, 3, 9, 8, 1)) is None  # Saturday 00:01 local: Friday is gone
    assert due_date(sub(time(23, 30), "America/Los_Angeles", every_day=True), utc(2024, 3, 9, 8, 1)) is None
    midnight = sub(time(0, 0), "Asia/Tokyo")  # Monday 00:00 in Tokyo is Sunday 15:00 UTC
    assert due_date(midnight, utc(2024, 3, 3, 14, 59)) is None  # Sunday 23:59 in Tokyo
    assert due_date(midnight, utc(2024, 3, 3, 15, 0)) == date(2024, 3, 4)


def test_paused_is_never_due_and_naive_now_is_refused() -> None:
    assert due_date(sub(time(9), "UTC", paused="is_archived"), utc(2024, 3, 4, 12)) is None
    with pytest.raises(ValueError, match="aware"):
        due_date(sub(time(9), "UTC"), datetime(2024, 3, 4, 12))
