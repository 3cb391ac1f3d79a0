"""What the store hands back: plain frozen dataclasses, no SQLAlchemy rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

WEEKDAYS = "weekdays"
EVERY_DAY = "every day"


class RowsRejected(Exception):
    """The database refused the values of a write (bad data, a broken constraint), as opposed to being
    unreachable: writing the same rows again cannot succeed. The message is one line."""


@dataclass(frozen=True)
class ChannelKey:
    """One channel in one workspace (and its Enterprise Grid organisation, where there is one)."""

    team_id: str
    channel_id: str
    enterprise_id: str | None = None


@dataclass(frozen=True)
class Subscription:
    key: ChannelKey
    local_time: time
    timezone: str
    every_day: bool
    paused_reason: str | None
    rotation_seed: int
    created_by: str | None
    updated_at: datetime  # when the schedule was last set (subscribe, resume) or paused

    @property
    def schedule_from(self) -> datetime:
        """The instant the current schedule was set: its first post is the first slot at or after it. (Pausing
        also moves updated_at, but a paused subscription is never due, and resuming sets it again.)"""
        return self.updated_at

    @property
    def active(self) -> bool:
        return self.paused_reason is None

    @property
    def days(self) -> str:
        return EVERY_DAY if self.every_day else WEEKDAYS

    def describe(self) -> str:
        """One line for people: "09:00 Europe/Paris, weekdays" (+ paused and why)."""
        line = f"{self.local_time:%H:%M} {self.timezone}, {self.days}"
        return line if self.active else f"{line} (paused: {self.paused_reason})"


@dataclass(frozen=True)
class Claim:
    """The right to post for one channel on one local date, held while `token` is the row's token."""

    key: ChannelKey
    local_date: date
    token: str
    attempts: int
    takeover: bool  # True when a stale claim of a process that vanished was taken over
    previous_claimed_at: datetime | None = None


@dataclass(frozen=True)
class PostRecord:
    key: ChannelKey
    local_date: date
    state: str
    attempts: int
    term: str | None
    cycle: int | None
    slack_ts: str | None
    retry_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class PostedTerm:
    """One term of the day already posted in a channel, for the rotation."""

    local_date: date
    term: str
    cycle: int


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class LookupRow:
    """One lookup to record: who asked, what, and what came of it."""

    at: datetime
    team_id: str
    enterprise_id: str | None
    query: str
    status: str
    term: str | None
