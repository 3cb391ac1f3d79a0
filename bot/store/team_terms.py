"""Queries for the team's own glossary: term versions and their review, the per-team version counter every
process polls, the review channel, and "did you mean" labels with the phrasings learned from them.

Every text is cleaned on its way in (bot/store/tables.py's CleanText columns; clean_text here only where a
cleaned value becomes a key). A term's live version is its latest version
that was decided (approved or removed): live when that one is approved. Approving or removing bumps the team's
counter in the same transaction, so a process that sees the new number also sees the change.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.store.tables import (
    NO_ENTERPRISE,
    clean_text,
    phrasing_labels,
    removed_phrasings,
    review_posts,
    team_state,
    team_terms,
)
from bot.store.team_records import (
    APPROVED,
    PENDING,
    REMOVED,
    LearnedPhrasing,
    TeamKey,
    TermDraft,
    TermVersion,
)

MAX_KEY = 200
VERSION_ATTEMPTS = 20  # concurrent writers of one term: each retry loses only to a writer that committed


class TermBusy(RuntimeError):
    """Other writers kept taking the term's next version number (VERSION_ATTEMPTS times over)."""


def term_key(name: str) -> str:
    return " ".join(clean_text(name).split()).casefold()[:MAX_KEY]


def _team(table: Any, key: TeamKey) -> Any:
    return and_(table.c.enterprise_id == (key.enterprise_id or NO_ENTERPRISE), table.c.team_id == key.team_id)


def _team_values(key: TeamKey) -> dict[str, str]:
    return {"enterprise_id": key.enterprise_id or NO_ENTERPRISE, "team_id": key.team_id}


def _lines(values: tuple[str, ...]) -> str:
    return "\n".join(" ".join(clean_text(v).split()) for v in values if clean_text(v).strip())


def _version(row: Any) -> TermVersion:
    draft = TermDraft(
        term=row.term, definition=row.definition, category=row.category,
        aliases=tuple(a for a in row.aliases.split("\n") if a), related=tuple(r for r in row.related.split("\n") if r),
        kind=row.kind,
    )
    return TermVersion(row.id, TeamKey(row.team_id, row.enterprise_id or None), row.version, row.state, draft,
                       row.submitted_by, row.submitted_at, row.reviewed_by, row.reviewed_at, row.reason)


async def _upsert_state(conn: AsyncConnection, key: TeamKey, *, bump: bool, **values: Any) -> None:
    """Create the team's state row or change it; `bump` adds one to its version counter."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    changes: dict[str, Any] = dict(values)
    if bump:
        changes["version"] = team_state.c.version + 1
    statement = dialect.insert(team_state).values({**_team_values(key), "version": 1 if bump else 0, **values})
    if changes:
        statement = statement.on_conflict_do_update(index_elements=["enterprise_id", "team_id"], set_=changes)
    else:
        statement = statement.on_conflict_do_nothing(index_elements=["enterprise_id", "team_id"])
    await conn.execute(statement)


async def _insert_next_version(engine: AsyncEngine, key: TeamKey, values: dict[str, Any], *, bump: bool) -> int:
    """Insert `values` as the term's next version (bumping the team's counter if asked); its row id. A writer
    that loses the race for a version number (the unique key) reads the new latest and tries again."""
    for _ in range(VERSION_ATTEMPTS):
        try:
            async with engine.begin() as conn:
                latest = (await conn.execute(select(func.max(team_terms.c.version)).where(
                    _team(team_terms, key), team_terms.c.term_key == values["term_key"]))).scalar() or 0
                inserted = await conn.execute(insert(team_terms).values({**values, "version": latest + 1}))
                if bump:
                    await _upsert_state(conn, key, bump=True)
        except IntegrityError:
            continue
        return int(inserted.inserted_primary_key[0]) if inserted.inserted_primary_key else 0
    raise TermBusy(values["term"])


async def submit(engine: AsyncEngine, key: TeamKey, draft: TermDraft, *, by: str, now: datetime,
                 state: str = PENDING) -> TermVersion:
    """A new version (pending, or approved straight away by an import with --approve)."""
    name = " ".join(clean_text(draft.term).split())
    values = {
        **_team_values(key), "term_key": term_key(name), "kind": draft.kind, "state": state, "term": name,
        "aliases": _lines(draft.aliases), "category": draft.category,
        "definition": clean_text(draft.definition).strip(),
        "related": _lines(draft.related), "submitted_by": clean_text(by), "submitted_at": now,
        "reviewed_by": clean_text(by) if state == APPROVED else None, "reviewed_at": now if state == APPROVED else None,
    }
    row_id = await _insert_next_version(engine, key, values, bump=state == APPROVED)
    found = await get(engine, row_id)
    assert found is not None
    return found


async def get(engine: AsyncEngine, version_id: int) -> TermVersion | None:
    async with engine.connect() as conn:
        row = (await conn.execute(select(team_terms).where(team_terms.c.id == version_id))).one_or_none()
    return None if row is None else _version(row)


async def decide(engine: AsyncEngine, version_id: int, *, state: str, by: str, now: datetime,
                 reason: str | None = None) -> TermVersion | None:
    """Approve or reject a pending version; None when it was not pending (decided already by someone else)."""
    async with engine.begin() as conn:
        row = (await conn.execute(select(team_terms).where(team_terms.c.id == version_id))).one_or_none()
        if row is None:
            return None
        changed = await conn.execute(
            update(team_terms).where(team_terms.c.id == version_id, team_terms.c.state == PENDING)
            .values(state=state, reviewed_by=clean_text(by), reviewed_at=now,
                    reason=clean_text(reason) if reason else None))
        if not changed.rowcount:
            return None
        if state == APPROVED:
            await _upsert_state(conn, TeamKey(row.team_id, row.enterprise_id or None), bump=True)
    return await get(engine, version_id)


async def remove(engine: AsyncEngine, key: TeamKey, name: str, *, by: str, now: datetime,
                 reason: str | None = None) -> TermVersion | None:
    """Take the live version out of answers, as a new version in state removed; None when nothing is live."""
    live_now = {v.draft.term.casefold(): v for v in await live(engine, key)}
    current = live_now.get(term_key(name))
    if current is None:
        return None
    values = {
        **_team_values(key), "term_key": term_key(current.term), "kind": current.draft.kind, "state": REMOVED,
        "term": current.term, "aliases": _lines(current.draft.aliases), "category": current.draft.category,
        "definition": current.draft.definition, "related": _lines(current.draft.related),
        "submitted_by": clean_text(by), "submitted_at": now, "reviewed_by": clean_text(by), "reviewed_at": now,
        "reason": clean_text(reason) if reason else None,
    }
    await _insert_next_version(engine, key, values, bump=True)
    return current


def _live(rows: list[Any]) -> list[TermVersion]:
    decided: dict[str, Any] = {}
    for row in rows:  # ordered by version
        if row.state in (APPROVED, REMOVED):
            decided[row.term_key] = row
    return [_version(r) for r in decided.values() if r.state == APPROVED]


async def live(engine: AsyncEngine, key: TeamKey) -> list[TermVersion]:
    """The versions answering now: terms and notes, by name."""
    query = select(team_terms).where(_team(team_terms, key), team_terms.c.state.in_((APPROVED, REMOVED)))
    async with engine.connect() as conn:
        rows = (await conn.execute(query.order_by(team_terms.c.term_key, team_terms.c.version))).all()
    return sorted(_live(list(rows)), key=lambda v: v.term.casefold())


async def pending(engine: AsyncEngine, key: TeamKey | None) -> list[TermVersion]:
    query = select(team_terms).where(team_terms.c.state == PENDING)
    if key is not None:
        query = query.where(_team(team_terms, key))
    async with engine.connect() as conn:
        rows = (await conn.execute(query.order_by(team_terms.c.submitted_at, team_terms.c.id))).all()
    return [_version(r) for r in rows]


async def history(engine: AsyncEngine, key: TeamKey, name: str) -> list[TermVersion]:
    query = select(team_terms).where(_team(team_terms, key), team_terms.c.term_key == term_key(name))
    async with engine.connect() as conn:
        rows = (await conn.execute(query.order_by(team_terms.c.version))).all()
    return [_version(r) for r in rows]


async def submissions_since(engine: AsyncEngine, key: TeamKey, user_id: str, since: datetime) -> int:
    query = select(func.count()).where(_team(team_terms, key), team_terms.c.submitted_by == user_id,
                                       team_terms.c.submitted_at >= since, team_terms.c.state != REMOVED)
    async with engine.connect() as conn:
        return int((await conn.execute(query)).scalar() or 0)


async def versions(engine: AsyncEngine) -> dict[TeamKey, int]:
    """Every team's counter, in one cheap query (what each process polls)."""
    async with engine.connect() as conn:
        rows = (await conn.execute(select(team_state.c.enterprise_id, team_state.c.team_id,
                                          team_state.c.version))).all()
    return {TeamKey(r.team_id, r.enterprise_id or None): int(r.version) for r in rows}


async def bump(engine: AsyncEngine, key: TeamKey) -> None:
    async with engine.begin() as conn:
        await _upsert_state(conn, key, bump=True)


async def set_review_channel(engine: AsyncEngine, key: TeamKey, channel_id: str | None) -> None:
    async with engine.begin() as conn:
        await _upsert_state(conn, key, bump=False, review_channel=channel_id)


async def set_team_name(engine: AsyncEngine, key: TeamKey, name: str) -> None:
    async with engine.begin() as conn:
        await _upsert_state(conn, key, bump=False, team_name=clean_text(name)[:200])


async def team_settings(engine: AsyncEngine, key: TeamKey) -> tuple[str | None, str | None]:
    """(review channel, team name), either None when not set."""
    async with engine.connect() as conn:
        row = (await conn.execute(select(team_state.c.review_channel, team_state.c.team_name)
                                  .where(_team(team_state, key)))).one_or_none()
    return (None, None) if row is None else (row.review_channel, row.team_name)


async def record_review_post(engine: AsyncEngine, key: TeamKey, version_id: int, channel_id: str, ts: str) -> None:
    """The version's review message in this channel is at `ts` (a later post in the same channel replaces it)."""
    values = {**_team_values(key), "version_id": version_id, "channel_id": channel_id[:32], "ts": ts[:32]}

    def run(sync: Connection) -> None:
        dialect = postgresql if sync.dialect.name == "postgresql" else sqlite
        sync.execute(dialect.insert(review_posts).values(values).on_conflict_do_update(
            index_elements=["version_id", "channel_id"], set_={"ts": values["ts"]}))

    async with engine.begin() as conn:
        await conn.run_sync(run)


async def review_messages(engine: AsyncEngine, version_id: int) -> list[tuple[str, str]]:
    """(channel, ts) of every review message posted for the version."""
    query = select(review_posts.c.channel_id, review_posts.c.ts).where(review_posts.c.version_id == version_id)
    async with engine.connect() as conn:
        rows = (await conn.execute(query.order_by(review_posts.c.id))).all()
    return [(row.channel_id, row.ts) for row in rows]


async def record_label(engine: AsyncEngine, key: TeamKey, *, query_key: str, user_id: str, term: str,
                       now: datetime) -> None:
    """This person meant `term` by `query_key`; a later choice by the same person replaces theirs."""
    values = {**_team_values(key), "query_key": clean_text(query_key)[:MAX_KEY], "user_id": clean_text(user_id),
              "term": clean_text(term), "at": now}

    def run(sync: Connection) -> None:
        dialect = postgresql if sync.dialect.name == "postgresql" else sqlite
        sync.execute(dialect.insert(phrasing_labels).values(values).on_conflict_do_update(
            index_elements=["enterprise_id", "team_id", "query_key", "user_id"],
            set_={"term": values["term"], "at": now}))

    async with engine.begin() as conn:
        await conn.run_sync(run)


async def learned(engine: AsyncEngine, key: TeamKey, *, threshold: int) -> list[LearnedPhrasing]:
    """Phrasings chosen for one entry by at least `threshold` people, by nobody for another, and not removed."""
    async with engine.connect() as conn:
        labels = (await conn.execute(select(phrasing_labels.c.query_key, phrasing_labels.c.term)
                                     .where(_team(phrasing_labels, key)))).all()
        removed = {(r.query_key, r.term.casefold()) for r in (await conn.execute(
            select(removed_phrasings.c.query_key, removed_phrasings.c.term)
            .where(_team(removed_phrasings, key)))).all()}
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[str, str] = {}
    for row in labels:
        votes[row.query_key][row.term.casefold()] += 1
        names[row.term.casefold()] = row.term
    found = []
    for query_key, terms in sorted(votes.items()):
        if len(terms) != 1:
            continue
        (chosen, people), = terms.items()
        if people >= threshold and (query_key, chosen) not in removed:
            found.append(LearnedPhrasing(query_key, names[chosen], people))
    return found


async def remove_phrasing(engine: AsyncEngine, key: TeamKey, *, query_key: str, term: str, by: str,
                          now: datetime) -> None:
    """Forget a learned phrasing for good: its labels go, and it is never learned again."""
    def run(sync: Connection) -> None:
        dialect = postgresql if sync.dialect.name == "postgresql" else sqlite
        sync.execute(dialect.insert(removed_phrasings).values(
            {**_team_values(key), "query_key": query_key, "term": clean_text(term), "removed_by": clean_text(by),
             "at": now}).on_conflict_do_nothing())
        sync.execute(delete(phrasing_labels).where(_team(phrasing_labels, key),
                                                   phrasing_labels.c.query_key == query_key))

    async with engine.begin() as conn:
        await conn.run_sync(run)
        await _upsert_state(conn, key, bump=True)
