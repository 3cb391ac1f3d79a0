"""create_app: the AsyncApp (Web API client or OAuth installs, retry guard, listeners, error handler) and the /csterm
HTTP fast path."""

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
from bot.slack.http_gate import RequestGate
from bot.slack.install import DatabaseInstallationStore, bolt_auth_options
from bot.slack.listeners import (
    actions,
    commands,
    daily,
    home,
    mentions,
    messages,
    review,
    shortcuts,
    terms,
    uninstall,
)
from bot.slack.remembered import RememberedAnswers
from bot.slack.slash_http import SlashCommandEndpoint
from bot.slack.subcommands import SubcommandRegistry
from bot.store.handle import StoreHandle
from bot.web_client import configure_web_client, workspace_clients

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
    gate: RequestGate
    installations: DatabaseInstallationStore | None = None  # OAuth mode: the installed workspaces' tokens


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
    installations = DatabaseInstallationStore(store, settings.slack_client_id) if settings.slack_client_id else None
    deps = Deps(settings=settings, matcher=matcher, lookups=lookups, store=store,
                clients=workspace_clients(settings, installations), clock=clock, team_matchers=team_matchers,
                answers=RememberedAnswers(settings.answer_memory))
    app = AsyncApp(
        name="csterm",
        **bolt_auth_options(settings, installations, client),
        signing_secret=settings.slack_signing_secret or "",
        # The /csterm answer travels in the ack, so there is nothing to do after it: answering before the HTTP
        # response saves bolt's 10 ms ack poll on every request (listeners stay well under Slack's 3 s).
        process_before_response=True,
        attaching_function_token_enabled=False,  # for workflow custom functions, which csterm does not define
    )
    if client is None and installations is None:  # bolt built the client from the one bot token
        configure_web_client(app.client, settings, rate_limit_retries=1)
    app.use(SeenEvents(store))
    registry = build_registry(subcommand_modules)
    commands.register(app, deps, registry)
    actions.register(app, deps)
    mentions.register(app, deps, registry)
    messages.register(app, deps, registry)
    home.register(app, deps)
    shortcuts.register(app, deps)
    terms.register(app, deps)
    review.register(app, deps)
    if installations is not None:
        uninstall.register(app, deps, installations)
    app.error(handle_error)
    return SlackApp(app, SlashCommandEndpoint(deps, registry), deps, RequestGate(settings.slack_signing_secret),
                    installations)
