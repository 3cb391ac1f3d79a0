"""`csterm serve [--http|--socket] [--port N]`: run the Slack app until SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import sys
from typing import TYPE_CHECKING, Literal

from bot.cli.common import glossary_path, load_or_report, parents
from bot.config import ConfigError, Settings
from bot.glossary.model import Glossary
from bot.search.matcher import Matcher

if TYPE_CHECKING:  # the offline commands never import Slack code
    from bot.slack.serve import BackgroundService
    from bot.store import Store

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
    if mode == "http":
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
    glossary = load_or_report(args)
    if glossary is None:
        print("csterm serve: refusing to start on an invalid glossary", file=sys.stderr)
        return 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(_serve(settings, Matcher.build(glossary), mode))
    return 0


def background_services(settings: Settings, store: Store, glossary: Glossary) -> list[BackgroundService]:
    """Services that run beside the app: the daily-term scheduler."""
    from bot.daily.scheduler import DailyScheduler

    return [DailyScheduler.from_settings(settings, store, glossary)]


async def _serve(settings: Settings, matcher: Matcher, mode: Mode) -> None:
    from bot.slack.app import create_app
    from bot.slack.serve import serve_http, serve_socket, stop_on_signals
    from bot.store import LookupWriter, Store

    store = await Store.open(settings.database_url)
    try:
        lookups = LookupWriter(store)  # lookups are written in batches, after the answer has gone
        bolt_app = create_app(settings, matcher, lookups)
        stop = asyncio.Event()
        stop_on_signals(stop)
        background = [lookups, *background_services(settings, store, matcher.glossary)]
        if mode == "http":
            await serve_http(bolt_app, port=settings.port, stop=stop, background=background)
        else:
            assert settings.slack_app_token is not None
            await serve_socket(bolt_app, app_token=settings.slack_app_token, stop=stop, background=background)
    finally:
        await store.close()
