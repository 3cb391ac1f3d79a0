"""`csterm export --format html|markdown|csv [--out FILE] [--team T]`: the glossary as a page or a file (stdout by
default); with --team, that workspace's approved terms and team notes too (never for `GET /glossary`)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bot.cli.common import ENTERPRISE_ID, TEAM_ID, load_or_report, parents
from bot.clock import utc_now
from bot.export.formats import WRITERS, export_glossary


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename, so a failure never leaves a half-written file in its place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_export(args: argparse.Namespace) -> int:
    glossary = load_or_report(args)
    if glossary is None:
        return 1
    if args.team is not None:  # the team's glossary, composed as `csterm define --team` composes it
        from bot.cli.terms_actions import team_matcher

        matcher = team_matcher(args, glossary)
        if matcher is None:
            return 2
        glossary = matcher.glossary
    text = export_glossary(glossary, args.format, today=utc_now().date())
    if args.out is None or args.out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    path = Path(args.out)
    if path.is_dir():
        print(f"csterm export: --out {path} is a directory; give a file name, e.g. {path / 'glossary.html'}",
              file=sys.stderr)
        return 2
    try:
        _write_atomically(path, text)
    except OSError as error:
        print(f"csterm export: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({args.format}, {len(glossary)} terms)", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export", parents=parents(), help="write the glossary as an HTML page, Markdown or CSV",
        description="Write the whole glossary as one self-contained HTML page, one Markdown file or CSV "
                    "(term, aliases, category, definition).",
    )
    parser.add_argument("--format", required=True, choices=sorted(WRITERS), help="html, markdown or csv")
    parser.add_argument("--out", metavar="FILE", default=None, help="the file to write (default: stdout)")
    parser.add_argument("--team", metavar="T", default=None, type=TEAM_ID,
                        help="include this workspace's approved terms and notes (from the database)")
    parser.add_argument("--enterprise", metavar="E", default=None, type=ENTERPRISE_ID, help=argparse.SUPPRESS)
    parser.set_defaults(run=run_export)
