"""The `csterm` command line: one parser, sub-commands registered by their own modules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.cli import daily_commands, export_command, glossary_commands, serve_command, terms_commands, workspace_commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csterm",
        description="csterm: the customer-success glossary, in Slack and in your terminal.",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for module in (glossary_commands, export_command, serve_command, daily_commands, terms_commands,
                   workspace_commands):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
