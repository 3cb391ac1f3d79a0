"""`csterm serve [--http|--socket] [--port N]`: run the Slack app until SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from bot.cli.common import glossary_path, matcher_or_report, parents
from bot.config import ConfigError, Settings
from bot.glossary.model import Glossary
from bot.search.matcher import Matcher

if TYPE_CHECKING:  # the offline commands never import Slack code
    from bot.slack.serve import BackgroundService
    from bot.store.handle import StoreHandle
    from bot.store.store import Store
    from bot.terms.live import TeamMatchers
    from bot.web_client import WorkspaceClients

Mode = Literal["http", "socket"]
EXIT_CONFIG = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=parents(),
        help="run the Slack app (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)",
        description="Run the Slack app until SIGTERM or Ctrl-C. Settings come from the environment.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--http", dest="mode", action="store_const", const="http", help="serve HTTP on $PORT")
    mode.add_argument("--socket", dest="mode", action="store_const", const="socket", help="use Socket Mode")
    parser.add_argument("--port", type=int, default=None, metavar="N", help="HTTP port (default: $PORT or 3000)")
    parser.set_defaults(run=run_serve, mode=None)


def choose_mode(requested: Mode | None, settings: Settings) -> Mode:
    if requested is not None:
        return requested
    return "socket" if settings.slack_app_token else "http"


def settings_for(args: argparse.Namespace, environ: dict[str, str]) -> tuple[Settings, Mode]:
    """Settings from the environment and the command line; raises ConfigError naming a bad setting."""
    settings = Settings.from_env(environ)
    if args.port is not None:
        if not 0 < args.port < 65536:
            raise ConfigError(f"--port is malformed: {args.port} is out of range (expected 1-65535)")
        settings = dataclasses.replace(settings, port=args.port)
    if args.glossary:
        settings = dataclasses.replace(settings, glossary_path=glossary_path(args))
    mode = choose_mode(args.mode, settings)
    if settings.oauth:  # installs into many workspaces: Slack sends the installer's browser to our HTTP server
        if mode == "socket":
            raise ConfigError("SLACK_CLIENT_ID is set: OAuth installs need `csterm serve --http` (unset "
                              "SLACK_APP_TOKEN, or unset the client credentials to serve one workspace)")
        settings.require("SLACK_SIGNING_SECRET")
    elif mode == "http":
        settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    else:
        settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    return settings, mode


def run_serve(args: argparse.Namespace) -> int:
    try:
        settings, mode = settings_for(args, dict(os.environ))
    except ConfigError as error:
        print(f"csterm serve: {error}", file=sys.stderr)
        return EXIT_CONFIG
    matcher = matcher_or_report(args)
    if matcher is None:
        print("csterm serve: refusing to start on an invalid glossary", file=sys.stderr)
        return 1
    gc.freeze()  # the glossary and its indexes live as long as the process: out of the collector's sight
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from bot.slack.serve import CannotListen
    from bot.store.handle import StoreUnavailable

    try:
        asyncio.run(_serve(settings, matcher, mode))
    except (StoreUnavailable, CannotListen) as error:
        print(f"csterm serve: {error}", file=sys.stderr)
        return 1
    except ConfigError as error:  # found while building the app, e.g. OAuth scopes missing from manifest.yml
        print(f"csterm serve: {error}", file=sys.stderr)
        return EXIT_CONFIG
    return 0


class OnceStoreIsOpen:
    """A background service built from the open store. Services start in order and the store starts first,
    so by the time this one starts, the store is open."""

    def __init__(self, store: StoreHandle, build: Callable[[Store], BackgroundService]) -> None:
        self._store = store
        self._build = build
        self._service: BackgroundService | None = None

    async def start(self) -> None:
        self._service = self._build(await self._store.get())
        await self._service.start()

    async def stop(self) -> None:
        if self._service is not None:
            await self._service.stop()


def background_services(settings: Settings, store: StoreHandle, glossary: Glossary, clients: WorkspaceClients,
                        team_matchers: TeamMatchers | None = None) -> list[BackgroundService]:
    """Services that run beside the app, once the store is open: the daily-term scheduler (each channel's
    rotation includes its workspace's own terms)."""
    from bot.daily.scheduler import DailyScheduler

    for_team = team_matchers.glossary_for if team_matchers is not None else None
    return [OnceStoreIsOpen(store, lambda opened: DailyScheduler.from_settings(settings, opened, glossary, clients,
                                                                               for_team))]


async def _serve(settings: Settings, matcher: Matcher, mode: Mode) -> None:
    """Answer as soon as possible: the database opens in the background once the app is listening (handle.py)."""
    from bot.slack.app import create_app
    from bot.slack.serve import serve_http, serve_socket, stop_on_signals
    from bot.store.handle import StoreHandle
    from bot.store.lookup_writer import LookupWriter
    from bot.terms.live import TeamMatchers

    store = StoreHandle(settings.database_url)
    lookups = LookupWriter(store)  # lookups wait in its queue until the store is open, then go in batches
    team_matchers = TeamMatchers(matcher, store, learn_after=settings.learn_after)  # polls each team's counter
    slack_app = create_app(settings, matcher, lookups, store, team_matchers=team_matchers)
    stop = asyncio.Event()
    stop_on_signals(stop)
    # Stopped in reverse: the daily scheduler, then replies still being posted, then the lookups they recorded.
    daily = background_services(settings, store, matcher.glossary, slack_app.deps.clients, team_matchers)
    background: list[BackgroundService] = [store, lookups, team_matchers, slack_app.deps.afterwards, *daily]
    if mode == "http":
        await serve_http(slack_app, port=settings.port, stop=stop, background=background)
    else:
        assert settings.slack_app_token is not None
        await serve_socket(slack_app, app_token=settings.slack_app_token, stop=stop, background=background)
