"""When a subscription is due: at or after its local time, on its days, until local midnight (catch-up).

A schedule starts when it was set (`Subscription.schedule_from`): its first slot is the first one at or after
that instant, so a channel subscribed at 17:36 for 09:00 gets its first post tomorrow at 09:00, as the
confirmation says. Catch-up only covers slots missed while no process was running."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.store.records import Subscription

SATURDAY = 5


def local_now(subscription: Subscription, now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(subscription.timezone))


def posts_on(subscription: Subscription, day: date) -> bool:
    return subscription.every_day or day.weekday() < SATURDAY


def due_date(subscription: Subscription, now: datetime) -> date | None:
    """The local date whose post is due at `now` (an aware instant), or None.

    Compared on the local wall clock, so a time skipped by a DST change (02:30 on a spring-forward day) is due
    from the first minute after it, and a repeated hour (fall back) is due from its first occurrence; the claim
    on (channel, local date) keeps the second one from posting again. A process that was down posts later the
    same local day; after local midnight that day is gone.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    if not subscription.active:
        return None
    local = local_now(subscription, now)
    if not posts_on(subscription, local.date()):
        return None
    if local.time().replace(fold=0) < subscription.local_time:
        return None
    if slot_at(subscription, local.date()) < subscription.schedule_from:
        return None  # this day's slot was before the schedule was set: the first post is the next slot
    return local.date()


def slot_at(subscription: Subscription, day: date) -> datetime:
    """The instant of `day`'s slot, in the subscription's zone."""
    return datetime.combine(day, subscription.local_time, tzinfo=ZoneInfo(subscription.timezone))


def next_post_at(subscription: Subscription, now: datetime) -> datetime:
    """The next slot at or after `now` (and after the schedule was set), in the subscription's zone: the post
    `due_date` will make next, for showing people."""
    zone = ZoneInfo(subscription.timezone)
    local = max(now, subscription.schedule_from).astimezone(zone)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        candidate = slot_at(subscription, day)
        if posts_on(subscription, day) and candidate >= local:
            return candidate
    raise AssertionError("a subscription posts at least once a week")
