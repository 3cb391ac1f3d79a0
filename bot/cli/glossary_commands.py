"""`csterm define`, `search`, `lookup` and `check`: the glossary from the terminal, offline."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from bot.cli.common import ENTERPRISE_ID, TEAM_ID, glossary_path, matcher_or_report, parents, whole_number
from bot.glossary.load import GlossaryInvalid, load_glossary
from bot.render.text import match_text
from bot.search.layers import GlossaryMatcher
from bot.search.matcher import Match, Matcher
from bot.search.phrases import check_asked_as


def lookup_record(match: Match) -> dict[str, object]:
    """The stable JSON shape of one lookup (evaluations and benchmarks depend on it)."""
    return {
        "query": match.query,
        "status": match.status,
        "term": match.entry.term if match.entry else None,
        "aliases": list(match.entry.aliases) if match.entry else [],
        "score": match.score,
        "suggestions": list(match.suggestions),
    }


def _with_team(args: argparse.Namespace, shipped: Matcher) -> GlossaryMatcher | None:
    """The shipped matcher, or with --team that workspace's (its own terms from the database too)."""
    if getattr(args, "team", None) is None:
        return shipped
    from bot.cli.terms_actions import team_matcher

    return team_matcher(args, shipped.glossary)


def run_define(args: argparse.Namespace) -> int:
    query = " ".join(args.query).strip()
    if not query:
        print("csterm define: give a term to look up, e.g. `csterm define NRR`", file=sys.stderr)
        return 2
    shipped = matcher_or_report(args)
    if shipped is None:
        return 1
    matcher = _with_team(args, shipped)
    if matcher is None:
        return 2
    match = matcher.match(query)
    print(match_text(match, matcher.glossary))
    return 0 if match.status == "match" else 1


def run_search(args: argparse.Namespace) -> int:
    words = " ".join(args.words).strip()
    if not words:
        print("csterm search: give some words to search for, e.g. `csterm search revenue kept`", file=sys.stderr)
        return 2
    matcher = matcher_or_report(args)
    if matcher is None:
        return 1
    hits = matcher.search(words, limit=args.limit)
    if not hits:
        print(f"No entry mentions “{words}”.")
        return 1
    for rank, hit in enumerate(hits, 1):
        print(f"{rank:>2}. {hit.entry.term} ({hit.entry.category}): {hit.entry.definition[:100]}")
    return 0


def run_lookup(args: argparse.Namespace) -> int:
    shipped = matcher_or_report(args)
    if shipped is None:
        return 1
    matcher = _with_team(args, shipped)
    if matcher is None:
        return 2
    for line in args.queries or sys.stdin:
        query = line.rstrip("\n")
        if not query.strip():
            continue
        match = matcher.match(query)
        if args.jsonl:
            print(json.dumps(lookup_record(match), ensure_ascii=False), flush=False)
        else:
            print(f"{query}\t{match.status}\t{match.entry.term if match.entry else '-'}\t{match.score}")
    sys.stdout.flush()
    return 0


def run_check(args: argparse.Namespace) -> int:
    path = args.path or str(glossary_path(args))
    try:
        glossary = load_glossary(path)
        stolen = check_asked_as(glossary, Matcher.build(glossary))
        if stolen:
            raise GlossaryInvalid(stolen)
    except GlossaryInvalid as invalid:
        print(str(invalid), file=sys.stderr)
        return 1
    categories = Counter(e.category for e in glossary)
    formulas = sum(1 for e in glossary if e.formula)
    examples = sum(1 for e in glossary if e.example)
    phrases = sum(len(e.asked_as) for e in glossary)
    print(f"{path}: OK, {len(glossary)} entries, {formulas} formulas, {examples} examples re-computed, "
          f"{phrases} asked_as phrases answered with their own entry, {len(glossary.vocabulary.rewrites)} vocabulary "
          "rewrites")
    print("  " + ", ".join(f"{c}: {n}" for c, n in sorted(categories.items())))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    define = subparsers.add_parser("define", parents=parents(), help="answer a glossary question")
    define.add_argument("query", nargs="*", help="a term, acronym or question, e.g. NRR or 'what is a QBR'")
    define.add_argument("--team", metavar="T", default=None, type=TEAM_ID,
                        help="answer with this workspace's own terms too")
    define.add_argument("--enterprise", metavar="E", default=None, type=ENTERPRISE_ID, help=argparse.SUPPRESS)
    define.set_defaults(run=run_define)

    search = subparsers.add_parser("search", parents=parents(), help="full-text search, ranked")
    search.add_argument("words", nargs="*")
    search.add_argument("--limit", type=whole_number(1), default=10, help="how many hits at most (default 10)")
    search.set_defaults(run=run_search)

    lookup = subparsers.add_parser("lookup", parents=parents(),
                                   help="answer each query given (quote each one), else stdin's, one a line")
    lookup.add_argument("queries", nargs="*", metavar="QUERY",
                        help="one query per argument, e.g. csterm lookup NRR 'what is a QBR'; none: read stdin")
    lookup.add_argument("--jsonl", action="store_true", help="one JSON object per line (the stable batch format)")
    lookup.add_argument("--team", metavar="T", default=None, type=TEAM_ID,
                        help="answer with this workspace's own terms too")
    lookup.add_argument("--enterprise", metavar="E", default=None, type=ENTERPRISE_ID, help=argparse.SUPPRESS)
    lookup.set_defaults(run=run_lookup)

    check = subparsers.add_parser("check", parents=parents(), help="validate a glossary file")
    check.add_argument("path", nargs="?", help="the file to check (default: the configured glossary)")
    check.set_defaults(run=run_check)
