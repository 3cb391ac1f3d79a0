"""Record lookups in the store without ever letting the store break an answer."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.slack.answers import Lookup
from bot.slack.deps import Deps

logger = logging.getLogger(__name__)


async def record_lookups(deps: Deps, lookups: Iterable[Lookup], *, team_id: str, enterprise_id: str | None) -> None:
    for lookup in lookups:
        if lookup.status == "none":
            logger.info("miss: %r (team %s)", lookup.query, team_id)
        try:
            await deps.store.record_lookup(
                team_id=team_id, enterprise_id=enterprise_id, query=lookup.query, status=lookup.status,
                term=lookup.term,
            )
        except Exception:
            logger.exception("could not record the lookup %r", lookup.query)
