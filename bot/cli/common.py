"""What every sub-command shares: the `--glossary` option and loading the glossary it names."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from bot.glossary.load import GlossaryInvalid, default_glossary_path, load_glossary
from bot.glossary.model import Glossary
from bot.ids import SLACK_ID_MAX, slack_id_pattern

if TYPE_CHECKING:
    from bot.search.matcher import Matcher

COMMON = argparse.ArgumentParser(add_help=False)
COMMON.add_argument(
    "--glossary",
    metavar="PATH",
    default=None,
    help="glossary file (default: $CSTERM_GLOSSARY, else the shipped glossary.yaml)",
)


def slack_id(first: str, what: str, example: str) -> Callable[[str], str]:
    """An argparse `type` for a Slack id (`--team T…`, `--enterprise E…`), else a clear argparse error."""
    pattern = slack_id_pattern(first)

    def parse(text: str) -> str:
        if not pattern.match(text.strip()):
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not {what}: {first} then capital letters and "
                                             f"digits, at most {SLACK_ID_MAX} in all, e.g. {example}")
        return text.strip()

    return parse


TEAM_ID = slack_id("T", "a workspace ID", "T0123ABCD")
ENTERPRISE_ID = slack_id("E", "an Enterprise Grid organisation ID", "E0123ABCD")


def whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse `type`: an ASCII whole number from `low` (to `high`), else a clear argparse error."""
    span = f"from {low} to {high}" if high is not None else f"of at least {low}"

    def parse(text: str) -> int:
        digits = text.strip()
        number = int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 18 else None
        if number is None or number < low or (high is not None and number > high):
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number {span}")
        return number

    return parse


def lazy_command(module: str, command: str) -> Callable[[argparse.Namespace], int]:
    """A sub-command whose actions module (its `run(command, args)`) is imported only when it runs, so the
    glossary commands never pay for the database or Slack imports."""

    def run(args: argparse.Namespace) -> int:
        result: int = import_module(module).run(command, args)
        return result

    return run


def parents(_subparsers: object = None) -> list[argparse.ArgumentParser]:
    """The options every sub-command shares, for `add_parser(..., parents=parents())`."""
    return [COMMON]


def glossary_path(args: argparse.Namespace) -> Path:
    return Path(args.glossary) if args.glossary else default_glossary_path(os.environ)


def load_or_report(args: argparse.Namespace) -> Glossary | None:
    """Load the glossary the arguments name; on failure print every problem on stderr and return None."""
    path = glossary_path(args)
    try:
        return load_glossary(path)
    except GlossaryInvalid as invalid:
        print(str(invalid), file=sys.stderr)
        return None


def matcher_or_report(args: argparse.Namespace) -> Matcher | None:
    """The matcher for the glossary the arguments name (from the compiled cache when it is current, see
    bot/search/compiled.py); on an invalid glossary print every problem on stderr and return None."""
    from bot.search.compiled import load_matcher

    try:
        return load_matcher(glossary_path(args), os.environ)
    except GlossaryInvalid as invalid:
        print(str(invalid), file=sys.stderr)
        return None
