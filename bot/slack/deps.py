"""What every listener needs, bundled once by create_app: settings, the matcher, the store, the workspaces' Web API
clients and a clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.search.layers import GlossaryMatcher
from bot.search.matcher import Matcher
from bot.slack.afterwards import Afterwards
from bot.slack.incoming import team_of
from bot.slack.remembered import RememberedAnswers
from bot.store.handle import StoreHandle
from bot.web_client import WorkspaceClients

if TYPE_CHECKING:
    from bot.terms.live import TeamMatchers


class LookupRecorder(Protocol):
    """Where answers record their lookups (the LookupWriter); any object with this method will do."""

    async def record_lookup(
        self, *, team_id: str, enterprise_id: str | None, query: str, status: str, term: str | None
    ) -> None: ...


@dataclass
class Deps:
    settings: Settings
    matcher: Matcher
    lookups: LookupRecorder
    store: StoreHandle  # for the sub-commands that read or change the database (daily, stats)
    clients: WorkspaceClients  # a workspace's client outside bolt's context (e.g. users.info from the slash fast path)
    clock: Clock = field(default=utc_now)
    afterwards: Afterwards = field(default_factory=Afterwards)  # replies sent after the acknowledgement
    team_matchers: TeamMatchers | None = None  # each workspace's matcher (shipped + its own terms)
    answers: RememberedAnswers = field(default_factory=RememberedAnswers)  # answers to repeated questions

    def matcher_for(self, payload: dict[str, Any]) -> GlossaryMatcher:
        """The matcher of the workspace a payload comes from: the shipped one plus that team's terms."""
        if self.team_matchers is None:
            return self.matcher
        return self.team_matchers.for_team(*team_of(payload))

