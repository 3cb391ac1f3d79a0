"""The bot's memory: subscriptions, posts and lookups, in SQLite by default or Postgres from DATABASE_URL."""

from bot.store.lookup_writer import LookupWriter
from bot.store.lookups import LookupRow
from bot.store.migrate import SCHEMA_VERSION, SchemaTooNew
from bot.store.records import (
    EVERY_DAY,
    WEEKDAYS,
    ChannelKey,
    Claim,
    Count,
    PostedTerm,
    PostRecord,
    Subscription,
)
from bot.store.store import Store
from bot.store.url import DEFAULT_DATABASE_URL, DatabaseURLError, normalise_database_url

__all__ = [
    "DEFAULT_DATABASE_URL",
    "EVERY_DAY",
    "SCHEMA_VERSION",
    "WEEKDAYS",
    "ChannelKey",
    "Claim",
    "Count",
    "DatabaseURLError",
    "LookupRow",
    "LookupWriter",
    "PostRecord",
    "PostedTerm",
    "SchemaTooNew",
    "Store",
    "Subscription",
    "normalise_database_url",
]
