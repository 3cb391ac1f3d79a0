"""What `csterm terms …` and `define`/`lookup --team` do; imported only when one runs (it needs the database)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.cli.common import load_or_report
from bot.cli.daily_actions import UsageError, workspace
from bot.cli.terms_commands import SHELL
from bot.config import ConfigError, Settings
from bot.glossary.model import Glossary
from bot.search.layers import GlossaryMatcher, LayeredMatcher
from bot.search.matcher import Matcher
from bot.store import team_terms as db
from bot.store.migrate import SchemaTooNew
from bot.store.store import Store
from bot.store.team_records import NOTE, TeamKey, TermDraft
from bot.store.url import DatabaseURLError, require_existing_database
from bot.terms.layer import build_layer
from bot.terms.service import TeamTerms, TermRefused, describe, sorted_versions
from bot.terms.transfer import ImportFileError, export_yaml, read_import

Action = Callable[[argparse.Namespace, TeamTerms, TeamKey], Awaitable[int]]


def _names(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


async def _add(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    draft = TermDraft(args.term, args.definition, args.category, _names(args.aliases), _names(args.related))
    version = await terms.suggest(key, draft, by=args.by)
    print(f"pending: {describe(version)}")
    return 0


async def _pending(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    for version in await terms.pending(key):
        print(describe(version))
    return 0


async def _list(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    for version in sorted_versions(await terms.live(key)):
        kind = "note" if version.draft.kind == NOTE else version.draft.category
        print(f"{version.term}\t{kind}\t{', '.join(version.draft.aliases)}\t{version.draft.definition}")
    return 0


async def _learned(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    for phrasing in await terms.learned(key):
        print(f"{phrasing.query_key}\t{phrasing.term}\t{phrasing.people} people")
    return 0


async def _decide(args: argparse.Namespace, terms: TeamTerms, key: TeamKey, *, approve: bool) -> int:
    version = await terms.find_pending(key, args.name)
    if version is None:
        raise UsageError(f"{args.name!r} has no pending suggestion in {key.team_id} (see `csterm terms pending`)")
    if approve and args.by != SHELL and args.by == version.submitted_by:  # as in Slack: a second pair of eyes
        raise UsageError(f"{args.by} suggested {version.term}, so someone else must approve it (--by another "
                         "reviewer)")
    decided = await terms.decide(version, approve=approve, by=args.by, reason=getattr(args, "reason", None))
    print(describe(decided))
    return 0


async def _approve(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    return await _decide(args, terms, key, approve=True)


async def _reject(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    return await _decide(args, terms, key, approve=False)


async def _remove(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    removed = await terms.remove(key, args.name, by=args.by, reason=args.reason)
    print(f"removed {removed.term} (kept in its history)")
    return 0


async def _history(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    versions = await terms.history(key, args.name)
    if not versions:
        raise UsageError(f"{args.name!r} has never been suggested in {key.team_id}")
    for version in versions:
        print(describe(version))
    return 0


async def _export(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    text = export_yaml(await terms.live(key), terms.shipped)
    if args.out:
        await asyncio.to_thread(Path(args.out).write_text, text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


async def _import(args: argparse.Namespace, terms: TeamTerms, key: TeamKey) -> int:
    try:
        text = await asyncio.to_thread(Path(args.file).read_text, encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {args.file}: {error}") from None
    rows = read_import(text, args.file)
    refused = 0
    for row in rows:
        try:
            await terms.suggest(key, row.draft, by=args.by, approve=args.approve, limited=False)
        except TermRefused as refusal:
            refused += 1
            for field, message in refusal.errors.items():
                print(f"{args.file}:{row.line}: {row.draft.term or '(no term)'}: {field}: {message}", file=sys.stderr)
    state = "approved" if args.approve else "pending"
    print(f"imported {len(rows) - refused} of {len(rows)} terms ({state})")
    return 1 if refused else 0


ACTIONS: dict[str, Action] = {
    "add": _add, "pending": _pending, "list": _list, "learned": _learned, "approve": _approve, "reject": _reject,
    "remove": _remove, "history": _history, "export": _export, "import": _import,
}
READ_ONLY = frozenset({_pending, _list, _learned, _history, _export})  # never create a database


async def _with_terms(args: argparse.Namespace, glossary: Glossary, action: Action) -> int:
    key = TeamKey(*await workspace(args))
    if action in READ_ONLY:
        require_existing_database(args.settings.database_url)
    store = await Store.open(args.settings.database_url)
    try:
        return await action(args, TeamTerms(store, glossary, learn_after=args.settings.learn_after), key)
    finally:
        await store.close()


def run(command: str, args: argparse.Namespace) -> int:
    name = f"csterm terms {command}"
    glossary = load_or_report(args)
    if glossary is None:
        return 1
    try:
        args.settings = Settings.from_env(os.environ)
        return asyncio.run(_with_terms(args, glossary, ACTIONS[command]))
    except TermRefused as refusal:
        print(f"{name}: " + " ".join(f"{field}: {message}" for field, message in refusal.errors.items()),
              file=sys.stderr)
        return 2
    except (UsageError, ImportFileError, ConfigError, DatabaseURLError, SchemaTooNew) as error:
        print(f"{name}: {error}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, OSError) as error:
        print(f"{name}: cannot use the database: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1


async def _team_matcher(args: argparse.Namespace, glossary: Glossary) -> GlossaryMatcher:
    key = TeamKey(*await workspace(args))
    require_existing_database(args.settings.database_url)  # only reads: never create an empty one
    store = await Store.open(args.settings.database_url)
    try:
        live = await db.live(store.engine, key)
        learned = await db.learned(store.engine, key, threshold=args.settings.learn_after)
        _, team_name = await db.team_settings(store.engine, key)
    finally:
        await store.close()
    shipped = Matcher.build(glossary)
    layer = build_layer(glossary, live, learned, team_name or key.team_id)
    return shipped if layer.empty else LayeredMatcher(shipped, layer)


def team_matcher(args: argparse.Namespace, glossary: Glossary) -> GlossaryMatcher | None:
    """The matcher of `--team`'s workspace for define and lookup; None (reported) when it cannot be had."""
    try:
        args.settings = Settings.from_env(os.environ)
        return asyncio.run(_team_matcher(args, glossary))
    except (UsageError, ConfigError, DatabaseURLError, SchemaTooNew) as error:
        print(f"csterm: {error}", file=sys.stderr)
    except (SQLAlchemyError, OSError) as error:
        print(f"csterm: cannot use the database: {str(error).splitlines()[0]}", file=sys.stderr)
    return None
