"""The bot's memory: subscriptions, posts and lookups, in SQLite by default or Postgres from DATABASE_URL.

Import from the modules themselves. This package file stays empty on purpose: `records`, `handle` and
`lookup_writer` must be importable without SQLAlchemy, which `csterm serve` loads only after it is answering.

    records        plain dataclasses the store hands back (ChannelKey, Subscription, LookupRow, ...)
    store          Store: one object over the database (SQLAlchemy async; SQLite or Postgres)
    handle         StoreHandle: the store as a running server sees it, opened in the background
    lookup_writer  LookupWriter: lookups queued by the answers and written in batches
    url            DATABASE_URL -> engine arguments
    tables, migrate, subscriptions, posts, lookups: the schema and the queries
"""
