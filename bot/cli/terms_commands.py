"""`csterm terms …`: the team's own glossary from the shell (same rules and store as Slack's /csterm add).

Only the parsers live here; the work is in terms_actions.py, imported when a terms command runs.
"""

from __future__ import annotations

import argparse

from bot.cli.common import ENTERPRISE_ID, TEAM_ID, lazy_command, parents

SHELL = "cli"  # who did it when --by is not given: names nobody, so approving an own suggestion is not checked


def team_options() -> argparse.ArgumentParser:
    team = argparse.ArgumentParser(add_help=False)
    team.add_argument("--team", metavar="T", default=None, type=TEAM_ID,
                      help="workspace ID (default: $CSTERM_TEAM_ID, else asked from Slack with SLACK_BOT_TOKEN)")
    team.add_argument("--enterprise", metavar="E", default=None, type=ENTERPRISE_ID,
                      help="Enterprise Grid organisation ID, if any")
    return team


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    terms = subparsers.add_parser("terms", help="the team's own terms: add, review, history, export, import")
    commands = terms.add_subparsers(title="terms commands", metavar="COMMAND", required=True)
    team = team_options()
    add = commands.add_parser("add", parents=[*parents(), team], help="suggest a term (pending until approved)")
    add.add_argument("--term", required=True)
    add.add_argument("--definition", required=True, help="25-120 words, plain text")
    add.add_argument("--aliases", default="", help="comma-separated")
    add.add_argument("--category", default="concept")
    add.add_argument("--related", default="", help="comma-separated glossary terms")
    add.add_argument("--by", default=SHELL, help="who suggests it (kept in its history)")
    add.set_defaults(run=lazy_command("bot.cli.terms_actions", "add"))
    for name, text in (("pending", "suggestions waiting for review"), ("list", "the team's live terms and notes"),
                       ("learned", "phrasings learned from 'did you mean' choices")):
        listing = commands.add_parser(name, parents=[*parents(), team], help=text)
        listing.set_defaults(run=lazy_command("bot.cli.terms_actions", name))
    for name, text in (("approve", "approve the pending version of a term"),
                       ("reject", "reject the pending version of a term"),
                       ("remove", "take a live term or note out of answers (kept in history)"),
                       ("history", "every version of a term, with who and when")):
        one = commands.add_parser(name, parents=[*parents(), team], help=text)
        one.add_argument("name", metavar="NAME")
        one.add_argument("--by", default=SHELL, help="who decides (kept in the history)" + (
            "; not the one who suggested it" if name == "approve" else ""))
        if name in ("reject", "remove"):
            one.add_argument("--reason", default=None)
        one.set_defaults(run=lazy_command("bot.cli.terms_actions", name))
    export = commands.add_parser("export", parents=[*parents(), team], help="the team's terms as glossary YAML")
    export.add_argument("--out", metavar="FILE", default=None, help="write here (default: stdout)")
    export.set_defaults(run=lazy_command("bot.cli.terms_actions", "export"))
    imports = commands.add_parser("import", parents=[*parents(), team],
                                  help="terms from our YAML or a CSV with term,definition,aliases columns")
    imports.add_argument("file", metavar="FILE")
    imports.add_argument("--approve", action="store_true", help="approve them at once (default: pending)")
    imports.add_argument("--by", default=SHELL)
    imports.set_defaults(run=lazy_command("bot.cli.terms_actions", "import"))
