"""`csterm workspaces list|forget TEAM`: the workspaces csterm is installed in (OAuth mode), for operators.

Only the parsers live here; the work is in workspace_actions.py, imported when one of them runs (it needs the
database), so the offline glossary commands never load it.
"""

from __future__ import annotations

import argparse

from bot.cli.common import lazy_command


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    workspaces = subparsers.add_parser("workspaces", help="installed workspaces (OAuth): list, forget")
    commands = workspaces.add_subparsers(title="workspaces commands", metavar="COMMAND", required=True)
    listing = commands.add_parser("list", help="the workspaces and organisations csterm is installed in")
    listing.set_defaults(run=lazy_command("bot.cli.workspace_actions", "list"))
    forget = commands.add_parser("forget", help="delete a workspace's installation and all its data")
    forget.add_argument("team", metavar="TEAM", help="workspace ID (T0123ABCD), or organisation ID (E0123ABCD)")
    forget.set_defaults(run=lazy_command("bot.cli.workspace_actions", "forget"))
