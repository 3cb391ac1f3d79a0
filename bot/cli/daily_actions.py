"""What `csterm daily …` and `csterm stats` do; imported only when one of them runs (it needs the database)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.common import load_or_report
from bot.config import ConfigError, Settings
from bot.daily.options import OptionError, parse_time, parse_zone
from bot.daily.post import DailyPoster
from bot.daily.report import stats_lines, subscription_line
from bot.store.handle import StoreHandle
from bot.store.migrate import SchemaTooNew
from bot.store.records import ChannelKey
from bot.store.store import Store
from bot.store.url import DatabaseURLError
from bot.web_client import WorkspaceClients, workspace_clients

_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
FAILED_RESULTS = ("retry", "paused", "empty")


class UsageError(Exception):
    """Bad input on the command line; the message is printed as is."""


def _command(body: Callable[[argparse.Namespace, Store], Awaitable[int]]) -> Callable[[argparse.Namespace], int]:
    """Open the store, run the command, close the store; every expected failure is one line on stderr."""

    async def with_store(args: argparse.Namespace, settings: Settings) -> int:
        store = await Store.open(settings.database_url)
        try:
            return await body(args, store)
        finally:
            await store.close()

    def run(args: argparse.Namespace) -> int:
        name = "csterm " + ("stats" if body is _stats else f"daily {body.__name__.lstrip('_')}")
        try:
            settings = Settings.from_env(os.environ)
            args.settings = settings
            return asyncio.run(with_store(args, settings))
        except (UsageError, OptionError, ConfigError, DatabaseURLError, SchemaTooNew) as error:
            print(f"{name}: {error}", file=sys.stderr)
            return 2
        except (SQLAlchemyError, OSError) as error:
            print(f"{name}: cannot use the database: {str(error).splitlines()[0]}", file=sys.stderr)
            return 1

    return run


def _key(args: argparse.Namespace) -> ChannelKey:
    if not _CHANNEL_ID.match(args.channel):
        raise UsageError(f"{args.channel!r} is not a channel ID: use the ID, e.g. C0123ABCD (channel details > About)")
    team = args.team or os.environ.get("CSTERM_TEAM_ID", "").strip()
    if not team:
        raise UsageError("which workspace? pass --team T0123ABCD (or set CSTERM_TEAM_ID)")
    return ChannelKey(team, args.channel, args.enterprise)


async def _subscribe(args: argparse.Namespace, store: Store) -> int:
    key = _key(args)
    subscription = await store.subscribe(
        key, local_time=parse_time(args.time), timezone=parse_zone(args.tz), every_day=args.every_day,
        created_by="cli",
    )
    print(f"subscribed {subscription_line(subscription, datetime.now(UTC))}")
    return 0


async def _unsubscribe(args: argparse.Namespace, store: Store) -> int:
    key = _key(args)
    if not await store.unsubscribe(key):
        print(f"csterm daily unsubscribe: {key.channel_id} in {key.team_id} is not subscribed", file=sys.stderr)
        return 1
    print(f"unsubscribed {key.channel_id} ({key.team_id})")
    return 0


async def _list(args: argparse.Namespace, store: Store) -> int:
    subscriptions = await store.list_subscriptions(team_id=args.team)
    now = datetime.now(UTC)
    for subscription in subscriptions:
        print(subscription_line(subscription, now))
    if not subscriptions:
        print("no subscriptions")
    return 0


def _parse_now(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--now {text!r} is not an ISO-8601 instant, e.g. 2024-03-04T09:00:00+01:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _workspace_clients(settings: Settings, store: Store) -> WorkspaceClients:
    """Each workspace's bot token from the installations (OAuth mode), else SLACK_BOT_TOKEN for all."""
    if not settings.oauth:
        settings.require("SLACK_BOT_TOKEN")
        return workspace_clients(settings, None)
    from bot.slack.install import DatabaseInstallationStore  # bolt's OAuth code, only for OAuth deployments

    client_id, _ = settings.client_credentials()
    return workspace_clients(settings, DatabaseInstallationStore(StoreHandle.of(store), client_id))


async def _run(args: argparse.Namespace, store: Store) -> int:
    now = _parse_now(args.now)
    clients = _workspace_clients(args.settings, store)
    glossary = load_or_report(args)
    if glossary is None:
        return 1
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    outcomes = await DailyPoster(store, clients, lambda: glossary).post_due(now, team_id=args.team)
    for outcome in outcomes:
        key = outcome.subscription.key
        detail = outcome.term or outcome.error or ""
        print(f"{outcome.result} {key.channel_id} ({key.team_id}) {outcome.local_date}: {detail}".rstrip(": "))
    return 1 if any(o.result in FAILED_RESULTS for o in outcomes) else 0


async def _stats(args: argparse.Namespace, store: Store) -> int:
    if args.days < 1:
        raise UsageError(f"--days must be at least 1, not {args.days}")
    for line in await stats_lines(store, team_id=args.team, days=args.days):
        print(line)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "subscribe": _command(_subscribe),
    "unsubscribe": _command(_unsubscribe),
    "list": _command(_list),
    "run": _command(_run),
    "stats": _command(_stats),
}
