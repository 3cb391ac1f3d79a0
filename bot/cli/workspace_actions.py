"""What `csterm workspaces list|forget` do; imported only when one of them runs.

`forget` deletes a workspace's installation and all its data in one transaction, as uninstalling does; an E…
id forgets an Enterprise Grid org-wide install and the data of every workspace in that organisation. Running
processes notice within seconds (bot/slack/installation_cache.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.config import ConfigError, Settings
from bot.ids import SLACK_ID_MAX, WORKSPACE_ID
from bot.store.migrate import SchemaTooNew
from bot.store.store import Store
from bot.store.url import DatabaseURLError, require_existing_database
from bot.store.workspaces import Workspace

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input on the command line; the message is printed as is."""


def _command(body: Callable[[argparse.Namespace, Store], Awaitable[int]]) -> Callable[[argparse.Namespace], int]:
    """Open the store, run the command, close the store; every expected failure is one line on stderr."""
    name = f"csterm workspaces {body.__name__.lstrip('_')}"

    async def with_store(args: argparse.Namespace, database_url: str) -> int:
        require_existing_database(database_url)  # list and forget only read or delete what is there
        store = await Store.open(database_url)
        try:
            return await body(args, store)
        finally:
            await store.close()

    def run(args: argparse.Namespace) -> int:
        try:
            return asyncio.run(with_store(args, Settings.from_env(os.environ).database_url))
        except (UsageError, ConfigError, DatabaseURLError, SchemaTooNew) as error:
            print(f"{name}: {error}", file=sys.stderr)
            return EXIT_USAGE
        except (SQLAlchemyError, OSError) as error:
            print(f"{name}: cannot use the database: {str(error).splitlines()[0]}", file=sys.stderr)
            return 1

    return run


def describe(workspace: Workspace) -> str:
    if workspace.is_enterprise_install:
        where = f"{workspace.enterprise_id} (org-wide)"
    else:
        where = f"{workspace.team_id}" + (f" in {workspace.enterprise_id}" if workspace.enterprise_id else "")
    return f"{where}\t{workspace.name}\tinstalled {workspace.installed_at:%Y-%m-%d %H:%M} UTC"


async def _list(args: argparse.Namespace, store: Store) -> int:
    found = await store.list_workspaces()
    for workspace in found:
        print(describe(workspace))
    if not found:
        print("no workspaces installed")
    return 0


async def _forget(args: argparse.Namespace, store: Store) -> int:
    team = str(args.team).strip()
    if not WORKSPACE_ID.match(team):
        raise UsageError(f"{team[:40]!r} is not a workspace ID: T or E then capital letters and digits, at most "
                         f"{SLACK_ID_MAX} in all, e.g. T0123ABCD (or E0123ABCD for an organisation); "
                         "`csterm workspaces list` shows them")
    organisation = team.startswith("E")
    forgotten = await store.forget_workspace(team_id=None if organisation else team,
                                             enterprise_id=team if organisation else None)
    if forgotten.total == 0:
        print(f"csterm workspaces forget: {team} has no installation and no data here", file=sys.stderr)
        return 1
    print(f"forgot {team}: deleted {forgotten.summary()}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"list": _command(_list), "forget": _command(_forget)}


def run(command: str, args: argparse.Namespace) -> int:
    """Run one sub-command (called by bot.cli.common.lazy_command)."""
    return COMMANDS[command](args)
