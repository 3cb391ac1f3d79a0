"""Record lookups without ever letting the store break an answer."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from bot.slack.answers import Answer, Lookup
from bot.slack.deps import Deps
from bot.slack.incoming import team_of
from bot.slack.subcommands import Reply

logger = logging.getLogger(__name__)


async def record_lookups(deps: Deps, lookups: Iterable[Lookup], *, team_id: str, enterprise_id: str | None) -> None:
    for lookup in lookups:
        if lookup.status == "none":  # recorded below and listed by /csterm stats; a log line each was a write
            logger.debug("miss: %r (team %s)", lookup.query, team_id)  # per off-topic request under load
        try:
            await deps.lookups.record_lookup(
                team_id=team_id, enterprise_id=enterprise_id, query=lookup.query, status=lookup.status,
                term=lookup.term,
            )
        except Exception:
            logger.exception("could not record the lookup %r", lookup.query)


async def recorded_reply(deps: Deps, payload: dict[str, Any], answer: Answer) -> Reply:
    """Record the lookups an answer made, for the team that asked, and reply with its view."""
    team_id, enterprise_id = team_of(payload)
    await record_lookups(deps, answer.lookups, team_id=team_id, enterprise_id=enterprise_id)
    return Reply.of(answer.view)
