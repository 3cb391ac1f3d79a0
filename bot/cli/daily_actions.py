"""What `csterm daily …` and `csterm stats` do; imported only when one of them runs (it needs the database)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.common import TEAM_ID, load_or_report
from bot.clock import utc_now
from bot.config import ConfigError, Settings
from bot.daily.failures import SLACK_FAILURES, classify
from bot.daily.options import DEFAULT_TIME, DEFAULT_ZONE, OptionError, parse_time, parse_zone
from bot.daily.post import DailyPoster
from bot.daily.report import stats_lines, subscription_line
from bot.ids import CHANNEL_ID, SLACK_ID_MAX
from bot.store.handle import StoreHandle
from bot.store.migrate import SchemaTooNew
from bot.store.records import ChannelKey
from bot.store.store import Store
from bot.store.url import DatabaseURLError, require_existing_database, shown_database
from bot.web_client import WorkspaceClients, make_web_client, workspace_clients

FAILED_RESULTS = ("retry", "paused", "empty")


class UsageError(Exception):
    """Bad input on the command line; the message is printed as is."""


def _command(body: Callable[[argparse.Namespace, Store], Awaitable[int]]) -> Callable[[argparse.Namespace], int]:
    """Open the store, run the command, close the store; every expected failure is one line on stderr."""

    name = "csterm " + ("stats" if body is _stats else f"daily {body.__name__.lstrip('_')}")

    async def with_store(args: argparse.Namespace, settings: Settings) -> int:
        database = shown_database(settings.database_url)
        if body is not _subscribe:
            require_existing_database(settings.database_url)
        store = await Store.open(settings.database_url, clock=utc_now)
        try:
            code = await body(args, store)
        finally:
            await store.close()
        print(f"{name}: used the database {database}", file=sys.stderr)
        return code

    def run(args: argparse.Namespace) -> int:
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


async def _key(args: argparse.Namespace) -> ChannelKey:
    if args.channel.startswith("D"):
        raise UsageError(f"{args.channel!r} is a direct message: the term of the day is for channels (C… or G…)")
    if not CHANNEL_ID.match(args.channel):
        raise UsageError(f"{args.channel[:40]!r} is not a channel ID: use the ID, C or G then capital letters and "
                         f"digits, at most {SLACK_ID_MAX} in all, e.g. C0123ABCD (channel details > About)")
    team, enterprise = await workspace(args)
    return ChannelKey(team, args.channel, enterprise)


async def workspace(args: argparse.Namespace) -> tuple[str, str | None]:
    """(team id, enterprise id) from --team, else CSTERM_TEAM_ID, else auth.test when a bot token is set."""
    team = args.team or os.environ.get("CSTERM_TEAM_ID", "").strip()
    if team:
        try:
            return TEAM_ID(team), args.enterprise
        except argparse.ArgumentTypeError as error:
            raise UsageError(f"CSTERM_TEAM_ID: {error}") from None
    if args.settings.slack_bot_token is None:
        raise UsageError("which workspace? set SLACK_BOT_TOKEN (csterm asks Slack), or pass --team T0123ABCD "
                         "(or set CSTERM_TEAM_ID); the team id starts with T, e.g. in your workspace's "
                         "https://app.slack.com/client/T…/ address")
    try:
        found = await make_web_client(args.settings).auth_test()
    except SLACK_FAILURES as error:
        raise UsageError(f"cannot ask Slack which workspace the bot token belongs to ({classify(error).code}): "
                         "pass --team T0123ABCD") from None
    if not found.get("team_id"):
        raise UsageError("Slack did not say which workspace the bot token belongs to: pass --team T0123ABCD")
    return str(found["team_id"]), args.enterprise or found.get("enterprise_id") or None


async def _subscribe(args: argparse.Namespace, store: Store) -> int:
    key = await _key(args)
    saved = await store.get_subscription(key)  # resuming or changing keeps what was not given again
    local_time = parse_time(args.time) if args.time else (saved.local_time if saved else DEFAULT_TIME)
    zone = parse_zone(args.tz) if args.tz else (saved.timezone if saved else DEFAULT_ZONE)
    every_day = args.every_day if args.every_day is not None else bool(saved and saved.every_day)
    subscription = await store.subscribe(key, local_time=local_time, timezone=zone, every_day=every_day)
    print(f"subscribed {await subscription_line(store, subscription, utc_now())}")
    return 0


async def _unsubscribe(args: argparse.Namespace, store: Store) -> int:
    key = await _key(args)
    if not await store.unsubscribe(key):
        print(f"csterm daily unsubscribe: {key.channel_id} in {key.team_id} is not subscribed", file=sys.stderr)
        return 1
    print(f"unsubscribed {key.channel_id} ({key.team_id})")
    return 0


async def _list(args: argparse.Namespace, store: Store) -> int:
    subscriptions = await store.list_subscriptions(team_id=args.team)
    now = utc_now()
    for subscription in subscriptions:
        print(await subscription_line(store, subscription, now))
    if not subscriptions:
        print("no subscriptions")
    return 0


def _parse_now(text: str | None) -> datetime:
    if text is None:
        return utc_now()
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


def run(command: str, args: argparse.Namespace) -> int:
    """Run one sub-command (called by bot.cli.common.lazy_command)."""
    return COMMANDS[command](args)
