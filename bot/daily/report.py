"""Plain-text reports shared by the CLI and Slack: a channel's daily setting, the subscription list, statistics."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.daily.options import STATS_DAYS
from bot.daily.schedule import next_post_at
from bot.render.limits import MAX_QUOTED, clip
from bot.store.records import Count, Subscription

if TYPE_CHECKING:  # SQLAlchemy loads only once the server is answering (bot/store/handle.py)
    from bot.store.store import Store

STATS_LIMIT = 10


async def upcoming_post(store: Store, subscription: Subscription, now: datetime) -> datetime:
    """The next post as it will really happen: the next slot, unless that day's post is out already (a schedule
    changed after today's post), then the slot after it."""
    upcoming = next_post_at(subscription, now)
    record = await store.get_post(subscription.key, upcoming.date())
    if record is not None and record.state == "posted":
        upcoming = next_post_at(subscription, upcoming + timedelta(minutes=1))
    return upcoming


async def subscription_line(store: Store, subscription: Subscription, now: datetime) -> str:
    """"C0123 (T0456): 09:00 Europe/Paris, weekdays; next post Mon 4 Mar 09:00" or "... paused: reason"."""
    key = subscription.key
    where = f"{key.channel_id} ({key.team_id}{'/' + key.enterprise_id if key.enterprise_id else ''})"
    if not subscription.active:
        return f"{where}: {subscription.describe()}"
    upcoming = await upcoming_post(store, subscription, now)
    return f"{where}: {subscription.describe()}; next post {upcoming:%a %-d %b %H:%M %Z}"


def _counts(counts: list[Count], empty: str) -> list[str]:
    if not counts:
        return [f"  {empty}"]
    width = len(str(counts[0].count))
    return [f"  {c.count:>{width}}  {clip(c.label, MAX_QUOTED)}" for c in counts]


async def stats_lines(
    store: Store, *, team_id: str | None, days: int = STATS_DAYS, limit: int = STATS_LIMIT, misses: bool = True
) -> list[str]:
    """Top terms with counts; the misses themselves (what people typed) only when `misses`, else their number."""
    terms = await store.top_terms(days=days, team_id=team_id, limit=limit)
    lines = [f"Most looked-up terms, last {days} days:", *_counts(terms, "no lookups yet")]
    if misses:
        top = await store.top_misses(days=days, team_id=team_id, limit=limit)
        return [*lines, "Most frequent misses (asked for, not in the glossary):", *_counts(top, "no misses")]
    missed = await store.count_misses(days=days, team_id=team_id)
    return [*lines, f"Misses (asked for, not in the glossary): {missed}. Only workspace admins see what was asked."]
