"""The App Home's server side: what the tab shows for a team (term of the day, this month's top terms, channel
settings) and the publisher that keeps views.publish to one a second per user without losing the last state."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.daily.failures import SLACK_FAILURES
from bot.daily.rotation import term_for_day
from bot.daily.schedule import next_post_at
from bot.render.home import HomeData, HomeSection, HomeState, home_search
from bot.render.limits import escape_mrkdwn
from bot.slack.deps import Deps
from bot.store.handle import StoreUnavailable
from bot.store.records import Subscription

logger = logging.getLogger(__name__)

PUBLISH_INTERVAL = 1.0  # seconds between two publishes to one user's tab
STORE_WAIT = 1.0  # how long the tab waits for a database that is still opening
TOP_TERMS = 5
HOME_ROTATION_SEED = 0
_PRUNE_AT = 1000


def subscription_home_line(subscription: Subscription, now: datetime) -> str:
    """`<#C0123>: 09:00 Europe/Paris, weekdays; next post Mon 4 Mar 09:00` (mrkdwn, ready to show)."""
    line = f"<#{escape_mrkdwn(subscription.key.channel_id)}>: {escape_mrkdwn(subscription.describe())}"
    if subscription.active:
        line += f"; next post {next_post_at(subscription, now):%a %-d %b %H:%M %Z}"
    return line


async def home_data(deps: Deps, team_id: str, state: HomeState,
                    extra_sections: tuple[HomeSection, ...] = (), enterprise_id: str | None = None) -> HomeData:
    """Everything the tab shows (`extra_sections`: what only this user sees, e.g. a reviewer's pending
    suggestions). Without the database the tab still shows the glossary parts."""
    matcher = deps.team_matchers.for_team(team_id, enterprise_id) if deps.team_matchers else deps.matcher
    glossary = matcher.glossary
    now = deps.clock()
    today = term_for_day((e.term for e in glossary), now.date(), seed=HOME_ROTATION_SEED, channel=team_id)
    top: tuple[tuple[str, int], ...] = ()
    subscriptions: tuple[str, ...] | None = None
    try:
        store = await deps.store.get(wait=STORE_WAIT)
        month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        top = tuple((c.label, c.count) for c in await store.top_terms(
            since=month, team_id=team_id, enterprise_id=enterprise_id, limit=TOP_TERMS))
        subscriptions = tuple(subscription_home_line(s, now) for s in await store.list_subscriptions(
            team_id=team_id, enterprise_id=enterprise_id))
    except StoreUnavailable as error:
        logger.info("Home tab without the database: %s", error)
    except Exception:
        logger.exception("Home tab: reading the database failed; showing the glossary parts only")
    return HomeData(glossary, state, home_search(matcher, state), glossary.get(today) if today else None,
                    top, subscriptions, extra_sections)


@dataclass
class _Waiting:
    client: AsyncWebClient
    user_id: str
    view: dict[str, Any]


class HomePublisher:
    """views.publish at most once per `interval` per (team, user). A view asked for sooner waits; a newer one
    replaces it while it waits, so the last state always goes out and nothing in between is sent for nothing."""

    def __init__(self, *, interval: float = PUBLISH_INTERVAL, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._interval = interval
        self._monotonic = monotonic
        self._last: dict[tuple[str, str], float] = {}
        self._waiting: dict[tuple[str, str], _Waiting] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._asked: dict[tuple[str, str], int] = {}

    def ask(self, team_id: str, user_id: str) -> int:
        """A ticket for a tab asked for now: its view is built later (after the ack), and a view built for an
        older ticket than the newest is dropped, so the last click's state wins however the builds interleave."""
        key = (team_id, user_id)
        self._asked[key] = self._asked.get(key, 0) + 1
        return self._asked[key]

    def publish(self, client: AsyncWebClient, *, team_id: str, user_id: str, view: dict[str, Any],
                ticket: int | None = None) -> None:
        key = (team_id, user_id)
        if ticket is not None and ticket < self._asked.get(key, 0):
            return  # a newer state was asked for since; its own publish follows
        already_waiting = key in self._waiting
        self._waiting[key] = _Waiting(client, user_id, view)
        if already_waiting:
            return
        task = asyncio.create_task(self._send(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, key: tuple[str, str]) -> None:
        delay = self._last.get(key, float("-inf")) + self._interval - self._monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        waiting = self._waiting.pop(key)
        self._last[key] = self._monotonic()
        try:
            await waiting.client.views_publish(user_id=waiting.user_id, view=waiting.view)
        except SLACK_FAILURES as error:
            logger.warning("views.publish for %s failed: %s", waiting.user_id, error)
        self._prune()

    def _prune(self) -> None:
        if len(self._last) > _PRUNE_AT:
            cutoff = self._monotonic() - self._interval
            for key in [k for k, at in self._last.items() if at < cutoff]:
                del self._last[key]
                if key not in self._waiting:
                    self._asked.pop(key, None)

    async def drain(self) -> None:
        """Wait for every waiting publish (tests; and a clean stop)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
