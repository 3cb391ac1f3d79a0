"""create_app: the AsyncApp (Web API client, retry guard, listeners, error handler) and the /csterm HTTP fast path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.search.matcher import Matcher
from bot.slack.builtin_subcommands import register_builtin
from bot.slack.dedupe import SeenEvents
from bot.slack.deps import Deps, LookupRecorder
from bot.slack.errors import handle_error
from bot.slack.listeners import actions, commands, daily, home, mentions, messages, review, shortcuts, terms
from bot.slack.slash_http import SlashCommandEndpoint
from bot.slack.subcommands import SubcommandRegistry
from bot.store.handle import StoreHandle
from bot.web_client import make_web_client

if TYPE_CHECKING:
    from bot.terms.live import TeamMatchers


class SubcommandModule(Protocol):
    """A module adding /csterm sub-commands, e.g. bot.slack.listeners.daily (daily, stats)."""

    def register_subcommands(self, registry: SubcommandRegistry) -> None: ...


# Hook: modules whose register_subcommands(registry) create_app calls: /csterm daily and /csterm stats.
EXTRA_SUBCOMMAND_MODULES: tuple[SubcommandModule, ...] = (daily, terms)


def build_registry(modules: Sequence[SubcommandModule] = EXTRA_SUBCOMMAND_MODULES) -> SubcommandRegistry:
    registry = SubcommandRegistry()
    register_builtin(registry)
    for module in modules:
        module.register_subcommands(registry)
    return registry


@dataclass(frozen=True)
class SlackApp:
    """The bolt app, for everything Slack sends; and, for HTTP, the faster endpoint for /csterm (slash_http.py),
    built on the same listeners' parts."""

    bolt: AsyncApp
    slash_commands: SlashCommandEndpoint
    deps: Deps


def create_app(
    settings: Settings,
    matcher: Matcher,
    lookups: LookupRecorder,
    store: StoreHandle,
    *,
    client: AsyncWebClient | None = None,
    clock: Clock = utc_now,
    subcommand_modules: Sequence[SubcommandModule] = EXTRA_SUBCOMMAND_MODULES,
    team_matchers: TeamMatchers | None = None,
) -> SlackApp:
    deps = Deps(settings=settings, matcher=matcher, lookups=lookups, store=store, clock=clock,
                team_matchers=team_matchers)
    app = AsyncApp(
        name="csterm",
        client=client or make_web_client(settings, rate_limit_retries=1),
        signing_secret=settings.slack_signing_secret or "",
        # The /csterm answer travels in the ack, so there is nothing to do after it: answering before the HTTP
        # response saves bolt's 10 ms ack poll on every request (listeners stay well under Slack's 3 s).
        process_before_response=True,
        attaching_function_token_enabled=False,  # for workflow custom functions, which csterm does not define
    )
    app.use(SeenEvents())
    registry = build_registry(subcommand_modules)
    commands.register(app, deps, registry)
    actions.register(app, deps)
    mentions.register(app, deps, registry)
    messages.register(app, deps, registry)
    home.register(app, deps)
    shortcuts.register(app, deps)
    terms.register(app, deps)
    review.register(app, deps)
    app.error(handle_error)
    return SlackApp(app, SlashCommandEndpoint(deps, registry, settings.slack_signing_secret or ""), deps)
