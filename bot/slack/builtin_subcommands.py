"""The glossary's own /csterm sub-commands (help, search, list, random, calc), each with its help beside it."""

from __future__ import annotations

import random

from bot.render.views import category_page, entry_view, notice, search_view
from bot.slack.answers import answer_calc
from bot.slack.lookups import recorded_reply
from bot.slack.subcommands import Reply, Subcommand, SubcommandContext, SubcommandRegistry, Usage

SEARCH_LIMIT = 10


async def search(ctx: SubcommandContext) -> Reply:
    if not ctx.args:
        view = notice("Say what to search for, e.g. `/csterm search renewal risk`.")
        return Reply.of(view)
    view = search_view(ctx.args, ctx.deps.matcher_for(ctx.payload).search(ctx.args, limit=SEARCH_LIMIT))
    return Reply.of(view)


async def list_terms(ctx: SubcommandContext) -> Reply:
    view = category_page(ctx.deps.matcher_for(ctx.payload).glossary, ctx.args or None, 1)
    return Reply.of(view)


async def random_term(ctx: SubcommandContext) -> Reply:
    glossary = ctx.deps.matcher_for(ctx.payload).glossary
    view = entry_view(random.choice(glossary.entries), glossary)
    return Reply.of(view)


async def calc(ctx: SubcommandContext) -> Reply:
    return await recorded_reply(ctx.deps, ctx.payload, answer_calc(ctx.deps.matcher_for(ctx.payload), ctx.args))


def register_builtin(registry: SubcommandRegistry) -> None:
    registry.add_free_form(Usage("TERM", "Look up a term, metric or acronym.", ("NRR", "what is a QBR?")))
    registry.add_free_form(Usage("A vs B", "Two terms side by side, and how they differ.",
                                 ("NRR vs GRR", "what's the difference between MQL and SQL")))

    async def show_help(ctx: SubcommandContext) -> Reply:
        return registry.help_reply(in_conversation=ctx.in_conversation)

    # each of these answers the same in a mention or a DM (conversation=the same handler)
    registry.add(Subcommand("help", "help", "Show this help.", (), show_help, show_help))
    registry.add(Subcommand("search", "search WORDS", "Search names and definitions; results as buttons.",
                            ("search renewal risk",), search, search))
    registry.add(Subcommand("list", "list [CATEGORY]", "The glossary by category, page by page.",
                            ("list", "list metric"), list_terms, list_terms))
    registry.add(Subcommand("random", "random", "A random entry, to learn something new.", (), random_term,
                            random_term))
    registry.add(Subcommand(
        "calc", "calc METRIC name=value …",
        "Calculate a metric from your numbers (120k, 1.2m, 15%, $1,200 all work). "
        "`calc METRIC` alone lists what it needs.",
        ("calc NRR start_mrr=100k expansion_mrr=15k contraction_mrr=3k churned_mrr=5k",), calc, calc,
    ))
