"""Posting the term of the day exactly once per channel and local date.

A process first claims (team, channel, local date) in the store; only the winner posts. A retry or a takeover of
a stale claim (a process that died between claim and post) first looks in the channel's recent history for the
day's marked post, so it never posts twice. Temporary failures release the claim with back-off; permanent ones
pause the subscription with the reason. Each subscription posts with its own workspace's bot token (WorkspaceClients).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.daily.card import daily_message, find_marked_post, paused_notice
from bot.daily.failures import SLACK_FAILURES, SlackFailure, backoff, classify
from bot.daily.rotation import next_term
from bot.daily.schedule import due_date
from bot.glossary.model import Glossary
from bot.store.records import Claim, Subscription
from bot.web_client import WorkspaceClients, WorkspaceNotInstalled

if TYPE_CHECKING:  # SQLAlchemy loads only once the server is answering (bot/store/handle.py)
    from bot.store.store import Store

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # far longer than a post takes; a claim this old belongs to a dead process
HISTORY_LIMIT = 100


@dataclass(frozen=True)
class PostOutcome:
    subscription: Subscription
    local_date: date
    result: str  # posted | found (an earlier attempt's post) | skipped (not ours) | retry | paused | empty
    term: str | None = None
    ts: str | None = None
    error: str | None = None


@dataclass
class DailyPoster:
    store: Store
    clients: WorkspaceClients
    glossary: Callable[[], Glossary]
    stale_after: timedelta = STALE_AFTER
    # the glossary a workspace sees (the shipped one plus its own terms, bot/terms/live.py), given the shipped one
    for_team: Callable[[Glossary, str, str | None], Glossary] | None = None

    async def post_due(self, now: datetime, *, team_id: str | None = None) -> list[PostOutcome]:
        """Post every active subscription (of one team, if given) due at `now` and not yet posted that day."""
        outcomes: list[PostOutcome] = []
        for subscription in await self.store.list_subscriptions(team_id=team_id, active_only=True):
            day: date | None = None
            try:  # one channel's trouble (even a time zone this Python does not know) never stops the others
                day = due_date(subscription, now)
                if day is not None:
                    outcomes.append(await self.post_one(subscription, day, now))
            except Exception:
                logger.exception("daily post for %s on %s failed", subscription.key, day)
        return outcomes

    async def post_one(self, subscription: Subscription, day: date, now: datetime) -> PostOutcome:
        key = subscription.key
        try:
            client = await self.clients.for_workspace(key.team_id, key.enterprise_id)
        except WorkspaceNotInstalled as error:
            await self.store.pause_subscription(key, f"{error}: reinstall it, then run /csterm daily on")
            logger.warning("daily posts to %s paused: %s", key, error)
            return PostOutcome(subscription, day, "paused", error="not_installed")
        except SLACK_FAILURES as error:  # e.g. renewing a rotating token was refused (invalid_refresh_token)
            failure = classify(error)
            if failure.permanent:
                await self._pause(subscription, failure)
                return PostOutcome(subscription, day, "paused", error=failure.code)
            logger.warning("daily post for %s: no client (%s); retrying next tick", key, failure.code)
            return PostOutcome(subscription, day, "retry", error=failure.code)
        held = await self.store.claim_post(key, day, now=now, stale_after=self.stale_after)
        if held is None:
            return PostOutcome(subscription, day, "skipped")
        try:
            if held.attempts > 1:
                found = await self._earlier_post(client, subscription, held, now)
                if found is not None:
                    return found
            return await self._post(client, subscription, held, now)
        except SLACK_FAILURES as error:
            return await self._failed(subscription, held, error, now)

    async def _earlier_post(
        self, client: AsyncWebClient, subscription: Subscription, held: Claim, now: datetime
    ) -> PostOutcome | None:
        """After a crash or an ambiguous failure the post may exist already: look for its marker."""
        try:
            response = await client.conversations_history(
                channel=subscription.key.channel_id, limit=HISTORY_LIMIT, include_all_metadata=True
            )
        except SlackApiError as error:
            if classify(error).code != "missing_scope":
                raise
            logger.warning("cannot read %s's history (missing scope); posting without the check", subscription.key)
            return None
        found = find_marked_post(list(response.get("messages") or []), held.local_date)
        if found is None:
            return None
        ts, term, cycle = found
        term = term or "(unknown)"
        posted_at = held.previous_claimed_at or now
        await self.store.mark_posted(held, slack_ts=ts, term=term, cycle=cycle or 0, now=posted_at)
        logger.info("daily post for %s on %s was already in Slack (ts %s)", subscription.key, held.local_date, ts)
        return PostOutcome(subscription, held.local_date, "found", term=term, ts=ts)

    async def _post(
        self, client: AsyncWebClient, subscription: Subscription, held: Claim, now: datetime
    ) -> PostOutcome:
        glossary = self.glossary()
        key = subscription.key
        if self.for_team is not None:
            glossary = self.for_team(glossary, key.team_id, key.enterprise_id)
        history = await self.store.posted_terms(key)
        channel = f"{key.enterprise_id or ''}/{key.team_id}/{key.channel_id}"
        pick = next_term([e.term for e in glossary], history, seed=subscription.rotation_seed, channel=channel)
        entry = glossary.get(pick.term) if pick else None
        if pick is None or entry is None:
            await self.store.release_post(held, error="the glossary is empty", retry_at=now + backoff(held.attempts))
            return PostOutcome(subscription, held.local_date, "empty", error="the glossary is empty")
        message = daily_message(entry, glossary=glossary, local_date=held.local_date, cycle=pick.cycle)
        response = await client.chat_postMessage(
            channel=key.channel_id, text=message.text, blocks=message.blocks, metadata=message.metadata,
            unfurl_links=False, unfurl_media=False,
        )
        ts = str(response["ts"])
        if not await self.store.mark_posted(held, slack_ts=ts, term=entry.term, cycle=pick.cycle, now=now):
            logger.warning("daily post for %s on %s: claim was taken over meanwhile", key, held.local_date)
        return PostOutcome(subscription, held.local_date, "posted", term=entry.term, ts=ts)

    async def _tell_owner(self, subscription: Subscription, reason: str) -> None:
        """A direct message to whoever turned the term of the day on, once, when it is paused."""
        owner = subscription.created_by
        if not owner or not owner.startswith(("U", "W")):
            logger.info("nobody to tell that %s is paused (subscribed from the shell)", subscription.key)
            return
        view = paused_notice(subscription, reason)
        key = subscription.key
        try:
            client = await self.clients.for_workspace(key.team_id, key.enterprise_id)
            opened = await client.conversations_open(users=owner)
            channel = str((opened.get("channel") or {}).get("id") or owner)
            await client.chat_postMessage(channel=channel, text=view.text, blocks=view.blocks)
        except WorkspaceNotInstalled:
            logger.warning("could not tell %s that %s is paused: the workspace is not installed", owner, key)
        except SLACK_FAILURES as error:
            logger.warning("could not tell %s that %s is paused: %s", owner, key, classify(error).code)

    async def _pause(self, subscription: Subscription, failure: SlackFailure) -> None:
        """Pause the subscription with the reason and tell whoever turned it on (once)."""
        if await self.store.pause_subscription(subscription.key, failure.pause_reason):
            logger.warning("daily posts to %s paused: %s", subscription.key, failure.pause_reason)
            await self._tell_owner(subscription, failure.pause_reason)

    async def _failed(
        self, subscription: Subscription, held: Claim, error: BaseException, now: datetime
    ) -> PostOutcome:
        failure = classify(error)
        if failure.permanent:
            await self.store.fail_post(held, error=failure.code)
            await self._pause(subscription, failure)
            return PostOutcome(subscription, held.local_date, "paused", error=failure.code)
        retry_at = now + backoff(held.attempts)
        await self.store.release_post(held, error=failure.code, retry_at=retry_at)
        logger.warning("daily post for %s failed (%s); retrying after %s", subscription.key, failure.code, retry_at)
        return PostOutcome(subscription, held.local_date, "retry", error=failure.code)


