"""TeamTerms: suggest, review, edit, remove and list a workspace's own terms; learn its phrasings. Slack-free.

The one place the rules meet the store, used by the Slack listeners and the CLI alike: whatever the door, a
suggestion goes through the same checks (bot/terms/rules.py) and the same rate limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock, utc_now
from bot.glossary.model import Entry, Glossary
from bot.store import team_terms as db
from bot.store.store import Store
from bot.store.team_records import (
    APPROVED,
    NOTE,
    PENDING,
    REJECTED,
    LearnedPhrasing,
    TeamKey,
    TermDraft,
    TermVersion,
)
from bot.terms.layer import team_entry
from bot.terms.rules import Verdict, check_draft

MAX_SUGGESTIONS_PER_HOUR = 20
DEFAULT_LEARN_AFTER = 3
_BUSY = "Many people are changing “{}” right now: try again in a moment."


class TermRefused(ValueError):
    """A suggestion or a review that cannot be done; `errors` maps the modal's fields to what to change."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))


@dataclass
class TeamTerms:
    store: Store
    shipped: Glossary
    clock: Clock = utc_now
    learn_after: int = DEFAULT_LEARN_AFTER

    async def team_entries(self, key: TeamKey) -> list[Entry]:
        return [team_entry(v, "") for v in await db.live(self.store.engine, key) if v.draft.kind != NOTE]

    async def check(self, key: TeamKey, draft: TermDraft, *, editing: str | None = None) -> Verdict:
        return check_draft(draft, self.shipped, await self.team_entries(key), editing=editing)

    async def suggest(self, key: TeamKey, draft: TermDraft, *, by: str, editing: str | None = None,
                      approve: bool = False, limited: bool = True) -> TermVersion:
        """Check and store a suggestion (pending unless `approve`); raises TermRefused saying what to change."""
        if limited:
            since = self.clock() - timedelta(hours=1)
            if await db.submissions_since(self.store.engine, key, by, since) >= MAX_SUGGESTIONS_PER_HOUR:
                raise TermRefused({"term": f"You have made {MAX_SUGGESTIONS_PER_HOUR} suggestions in the last hour: "
                                           "wait an hour, or ask a reviewer to import them in bulk."})
        verdict = await self.check(key, draft, editing=editing)
        if not verdict.ok:
            raise TermRefused(verdict.errors)
        state = APPROVED if approve else PENDING
        try:
            return await db.submit(self.store.engine, key, verdict.draft, by=by, now=self.clock(), state=state)
        except db.TermBusy:
            raise TermRefused({"term": _BUSY.format(verdict.draft.term)}) from None

    async def find_pending(self, key: TeamKey, name: str) -> TermVersion | None:
        wanted = db.term_key(name)
        found = [v for v in await db.pending(self.store.engine, key) if db.term_key(v.term) == wanted]
        return found[-1] if found else None

    async def get(self, version_id: int) -> TermVersion | None:
        return await db.get(self.store.engine, version_id)

    async def decide(self, version: TermVersion, *, approve: bool, by: str, reason: str | None = None) -> TermVersion:
        """Approve or reject a pending version; an approval is checked again against what is live now."""
        if version.state != PENDING:
            raise TermRefused({"term": f"{version.term} (version {version.version}) was already {version.state}."})
        if approve:
            live = await self.live(version.key)
            editing = version.term if any(v.term.casefold() == version.term.casefold() for v in live) else None
            verdict = await self.check(version.key, version.draft, editing=editing)
            if not verdict.ok:
                raise TermRefused(verdict.errors)
        decided = await db.decide(self.store.engine, version.id, state=APPROVED if approve else REJECTED, by=by,
                                  now=self.clock(), reason=reason)
        if decided is None:
            raise TermRefused({"term": f"{version.term} was decided by someone else meanwhile."})
        return decided

    async def remove(self, key: TeamKey, name: str, *, by: str, reason: str | None = None) -> TermVersion:
        try:
            removed = await db.remove(self.store.engine, key, name, by=by, now=self.clock(), reason=reason)
        except db.TermBusy:
            raise TermRefused({"term": _BUSY.format(name)}) from None
        if removed is None:
            raise TermRefused({"term": f"“{name}” is not one of your team's live terms or notes."})
        return removed

    async def live(self, key: TeamKey) -> list[TermVersion]:
        return await db.live(self.store.engine, key)

    async def pending(self, key: TeamKey | None = None) -> list[TermVersion]:
        return await db.pending(self.store.engine, key)

    async def history(self, key: TeamKey, name: str) -> list[TermVersion]:
        return await db.history(self.store.engine, key, name)

    async def review_channel(self, key: TeamKey) -> str | None:
        return (await db.team_settings(self.store.engine, key))[0]

    async def team_name(self, key: TeamKey) -> str | None:
        return (await db.team_settings(self.store.engine, key))[1]

    async def record_review_post(self, version: TermVersion, channel_id: str, ts: str) -> None:
        await db.record_review_post(self.store.engine, version.key, version.id, channel_id, ts)

    async def review_messages(self, version_id: int) -> list[tuple[str, str]]:
        """(channel, ts) of the version's review messages, to update with its outcome."""
        return await db.review_messages(self.store.engine, version_id)

    async def set_review_channel(self, key: TeamKey, channel_id: str | None) -> None:
        await db.set_review_channel(self.store.engine, key, channel_id)

    async def set_team_name(self, key: TeamKey, name: str) -> None:
        await db.set_team_name(self.store.engine, key, name)

    # learned phrasings
    async def learned(self, key: TeamKey) -> list[LearnedPhrasing]:
        return await db.learned(self.store.engine, key, threshold=self.learn_after)

    async def record_choice(self, key: TeamKey, *, query_key: str, user_id: str, term: str) -> bool:
        """A "did you mean" press; True when it made the phrasing learned (every process then answers it)."""
        if not query_key:
            return False
        before = {p.query_key for p in await self.learned(key)}
        await db.record_label(self.store.engine, key, query_key=query_key, user_id=user_id, term=term,
                              now=self.clock())
        after = {p.query_key: p for p in await self.learned(key)}
        if (query_key in after) != (query_key in before):
            await db.bump(self.store.engine, key)
            return True
        return False

    async def forget_phrasing(self, key: TeamKey, query_key: str, *, by: str) -> bool:
        found = next((p for p in await self.learned(key) if p.query_key == query_key), None)
        if found is None:
            return False
        await db.remove_phrasing(self.store.engine, key, query_key=query_key, term=found.term, by=by,
                                 now=self.clock())
        return True


def describe(version: TermVersion) -> str:
    """One line about a version, for the CLI and logs."""
    what = "note on" if version.draft.kind == NOTE else "term"
    who = f" by {version.submitted_by} at {version.submitted_at:%Y-%m-%d %H:%M} UTC"
    decided = (f", {version.state} by {version.reviewed_by} at {version.reviewed_at:%Y-%m-%d %H:%M} UTC"
               if version.reviewed_at and version.reviewed_by else f", {version.state}")
    reason = f" ({version.reason})" if version.reason else ""
    return f"v{version.version} {what} {version.term}{who}{decided}{reason}"


def sorted_versions(versions: Sequence[TermVersion]) -> list[TermVersion]:
    return sorted(versions, key=lambda v: (v.term.casefold(), v.version))
