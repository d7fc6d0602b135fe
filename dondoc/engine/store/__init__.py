"""The store: the only package that speaks SQL (SQLAlchemy 2 Core; SQLite or PostgreSQL).

- ``schema``: the tables; ``migrations``: the versioned steps that build them; ``meta``: values
  kept once per database;
- ``connection``: URL, engine, transactions; ``dialect``: every difference between SQLite and
  PostgreSQL; ``bulk``: many rows at a time;
- one module per aggregate: ``plans``, ``occurrences`` (and notices), ``events``, ``entries``
  (answers kept per report), ``outbox``, ``inbox``, ``runs``; ``merges``: report occurrences of
  one cut-off made one (a migration). Each returns typed rows defined next to its queries.

Callers open the database here (``store.connect`` to write, ``store.connect_reading`` to only
read, ``store.transaction``) and use the aggregate they need (``store.outbox.claim(...)``).
"""

from __future__ import annotations

from . import entries, events, inbox, occurrences, outbox, plans, runs
from .connection import DEFAULT_URL, Savepoint, connect, connect_reading, database_url, lock_wait_ms, transaction
from .migrations import SCHEMA_VERSION, migrate

__all__ = [
    "DEFAULT_URL",
    "SCHEMA_VERSION",
    "Savepoint",
    "connect",
    "connect_reading",
    "database_url",
    "entries",
    "events",
    "inbox",
    "lock_wait_ms",
    "migrate",
    "occurrences",
    "outbox",
    "plans",
    "runs",
    "transaction",
]
