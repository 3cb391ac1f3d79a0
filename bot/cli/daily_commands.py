"""`csterm daily subscribe|unsubscribe|list|run` and `csterm stats`: the daily post and statistics from the shell.

Only the parsers live here; the work is in daily_actions.py, imported when a daily command runs, so the
offline glossary commands never load the database or Slack client.
"""

from __future__ import annotations

import argparse

from bot.cli.common import ENTERPRISE_ID, TEAM_ID, lazy_command, parents, whole_number
from bot.daily.options import DEFAULT_TIME, DEFAULT_ZONE, STATS_DAYS

MAX_STATS_DAYS = 3650  # ten years; more overflows the date arithmetic


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    daily = subparsers.add_parser("daily", help="the term of the day: subscribe channels, list, post")
    commands = daily.add_subparsers(title="daily commands", metavar="COMMAND", required=True)
    team = argparse.ArgumentParser(add_help=False)
    team.add_argument("--team", metavar="T", default=None, type=TEAM_ID, help="workspace ID (default: $CSTERM_TEAM_ID)")
    team.add_argument("--enterprise", metavar="E", default=None, type=ENTERPRISE_ID,
                      help="Enterprise Grid organisation ID, if any")

    sub = commands.add_parser("subscribe", parents=[*parents(), team], help="post a term of the day in a channel")
    sub.add_argument("channel", metavar="CHANNEL_ID", help="the channel's ID, e.g. C0123ABCD")
    sub.add_argument("--time", default=None,
                     help=f"local time, HH:MM (default: the saved one, else {DEFAULT_TIME:%H:%M})")
    sub.add_argument("--tz", default=None,
                     help=f"IANA time zone, e.g. Europe/Paris (default: the saved one, else {DEFAULT_ZONE})")
    days = sub.add_mutually_exclusive_group()
    days.add_argument("--every-day", action="store_true", default=None,
                      help="post at weekends too (default: the saved choice, else weekdays)")
    days.add_argument("--weekdays", action="store_false", dest="every_day", help="post Monday to Friday only")
    sub.set_defaults(run=lazy_command("bot.cli.daily_actions", "subscribe"))

    unsub = commands.add_parser("unsubscribe", parents=[*parents(), team], help="stop a channel's daily post")
    unsub.add_argument("channel", metavar="CHANNEL_ID")
    unsub.set_defaults(run=lazy_command("bot.cli.daily_actions", "unsubscribe"))

    listing = commands.add_parser("list", parents=[*parents(), team], help="list subscriptions (paused + why)")
    listing.set_defaults(run=lazy_command("bot.cli.daily_actions", "list"))

    run = commands.add_parser("run", parents=[*parents(), team], help="post every due subscription, then exit")
    run.add_argument("--now", default=None, metavar="ISO-8601",
                     help="act as if it were this instant, e.g. 2024-03-04T09:00:00+01:00 (no offset: UTC)")
    run.set_defaults(run=lazy_command("bot.cli.daily_actions", "run"))

    stats = subparsers.add_parser("stats", parents=[*parents(), team], help="top lookups and misses, 30 days")
    stats.add_argument("--days", type=whole_number(1, MAX_STATS_DAYS), default=STATS_DAYS,
                       help=f"period in days, 1 to {MAX_STATS_DAYS} (default {STATS_DAYS})")
    stats.set_defaults(run=lazy_command("bot.cli.daily_actions", "stats"))


