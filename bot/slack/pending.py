"""The Home tab's "Pending suggestions", shown to reviewers only (the rule the review buttons use: the review
channel's members, or the admins when none is set): each suggestion with a Review button that opens the review
post's own Approve / Edit / Reject in a modal (bot/slack/listeners/review.py)."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.ids import USER_ID
from bot.render.home import HOME_REVIEW_ACTION, MAX_SECTION_ITEMS, HomeItem, HomeSection
from bot.render.limits import escape_mrkdwn
from bot.slack.deps import Deps
from bot.slack.listeners.terms import team_terms
from bot.slack.reviewers import is_reviewer
from bot.store.handle import StoreUnavailable
from bot.store.team_records import NOTE, TeamKey, TermVersion

logger = logging.getLogger(__name__)

PENDING_TITLE = "Pending suggestions"
NOTHING_PENDING = "Nothing is waiting for review."
_SHOWN = MAX_SECTION_ITEMS + 1  # one more than is shown, so the tab can say "…and more" without reading them all


def pending_line(version: TermVersion) -> str:
    """`*Boost Program* · new term · by @ann · 2026-11-28 19:40 UTC` (mrkdwn, user text escaped)."""
    draft = version.draft
    what = "team note" if draft.kind == NOTE else "new version" if version.version > 1 else "new term"
    by = version.submitted_by
    who = f"<@{by}>" if USER_ID.match(by) else escape_mrkdwn(by)
    return (f"*{escape_mrkdwn(version.term)}* · {what} · by {who} · "
            f"{version.submitted_at:%Y-%m-%d %H:%M} UTC")


async def pending_section(deps: Deps, client: AsyncWebClient, key: TeamKey, user_id: str) -> HomeSection | None:
    """The section for a reviewer; None for anyone else (and when the database cannot be read)."""
    try:
        terms = await team_terms(deps)
        if not await is_reviewer(deps, client, terms, key, user_id):
            return None
        pending = await terms.pending(key)
    except StoreUnavailable as error:
        logger.info("Home tab without pending suggestions: %s", error)
        return None
    except Exception:
        logger.exception("Home tab: reading the pending suggestions failed")
        return None
    items = tuple(HomeItem(pending_line(v), "Review", f"{HOME_REVIEW_ACTION}-{n}", str(v.id))
                  for n, v in enumerate(pending))
    return HomeSection(f"{PENDING_TITLE} ({len(pending)})", (), NOTHING_PENDING, items)
