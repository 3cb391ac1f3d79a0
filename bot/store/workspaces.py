"""Installed workspaces: slack-sdk's installation and OAuth-state tables in csterm's database, listed and forgotten.

The tables are slack-sdk's own (built by its SQLAlchemy stores' table builders, created here by the schema
migration); reading and writing installations is the SDK stores' job (bot/slack/install.py). What csterm adds:
forgetting a workspace deletes its installation and every row of csterm's data keyed by that team (or by the
organisation, for an Enterprise Grid org-wide install) in one transaction, for `app_uninstalled`,
`tokens_revoked` and `csterm workspaces forget`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table, and_, delete, desc, func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.elements import ColumnElement

from bot.store import tables

oauth_metadata = MetaData()
installations = AsyncSQLAlchemyInstallationStore.build_installations_table(
    oauth_metadata, AsyncSQLAlchemyInstallationStore.default_installations_table_name)
bots = AsyncSQLAlchemyInstallationStore.build_bots_table(
    oauth_metadata, AsyncSQLAlchemyInstallationStore.default_bots_table_name)
oauth_states = AsyncSQLAlchemyOAuthStateStore.build_oauth_states_table(
    oauth_metadata, AsyncSQLAlchemyOAuthStateStore.default_table_name)


@dataclass(frozen=True)
class Workspace:
    """One installation, as `csterm workspaces list` shows it (the latest row per team or organisation)."""

    enterprise_id: str | None
    team_id: str | None
    name: str
    is_enterprise_install: bool
    installed_at: datetime


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a workspace deleted: table name -> rows."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def summary(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in self.rows.items() if count) or "nothing"


def team_keyed_tables() -> list[Table]:
    """Every csterm table keyed by workspace (a team_id column): subscriptions, posts, lookups, and any later one."""
    return [table for table in tables.metadata.sorted_tables if "team_id" in table.c and "enterprise_id" in table.c]


async def forget(engine: AsyncEngine, *, team_id: str | None, enterprise_id: str | None) -> Forgotten:
    """Delete the installation(s) and the data of one workspace (team_id), or, with team_id None, of a whole
    Enterprise Grid organisation (an org-wide install), in one transaction."""
    if team_id is None and not enterprise_id:
        raise ValueError("forget needs a team id or an enterprise id")
    rows: dict[str, int] = {}
    async with engine.begin() as conn:
        for table in (installations, bots, *team_keyed_tables()):
            result = await conn.execute(delete(table).where(_owned_by(table, team_id, enterprise_id)))
            rows[table.name] = result.rowcount
    return Forgotten(rows)


def _owned_by(table: Table, team_id: str | None, enterprise_id: str | None) -> ColumnElement[bool]:
    if team_id is not None:
        return and_(table.c.team_id == team_id)
    return and_(table.c.enterprise_id == enterprise_id)


async def installation_marker(engine: AsyncEngine) -> tuple[int, int]:
    """(rows, highest id) of the bots table: any install, re-install or uninstall changes it (the cache's check)."""
    async with engine.connect() as conn:
        rows, highest = (await conn.execute(select(func.count(), func.max(bots.c.id)))).one()
    return int(rows), int(highest or 0)


async def purge_expired_states(engine: AsyncEngine) -> int:
    """Delete OAuth states whose ten minutes are over (the SDK only deletes the ones that get used)."""
    now = normalize_datetime_for_db(datetime.now(UTC))
    async with engine.begin() as conn:
        result = await conn.execute(delete(oauth_states).where(oauth_states.c.expire_at < now))
    return int(result.rowcount)


async def list_workspaces(engine: AsyncEngine) -> list[Workspace]:
    """The latest installation of each workspace or organisation, newest first."""
    c = installations.c
    query = select(c.enterprise_id, c.team_id, c.team_name, c.enterprise_name, c.is_enterprise_install,
                   c.installed_at).order_by(desc(c.installed_at))
    seen: set[tuple[str | None, str | None]] = set()
    found: list[Workspace] = []
    async with engine.connect() as conn:
        for row in (await conn.execute(query)).mappings():
            key = (row["enterprise_id"], None if row["is_enterprise_install"] else row["team_id"])
            if key in seen:
                continue
            seen.add(key)
            name = (row["enterprise_name"] if row["is_enterprise_install"] else row["team_name"]) or ""
            found.append(Workspace(key[0], key[1], name, bool(row["is_enterprise_install"]), row["installed_at"]))
    return found
