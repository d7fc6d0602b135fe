"""Opening the database: its URL, an engine with the schema current, short transactions.

Commands that write open it with ``connect`` (which migrates an older schema); commands that
only read open it with ``connect_reading``, which can run with a database user that may only
SELECT, and never changes anything (not even the schema).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, StaticPool, create_engine
from sqlalchemy.exc import ArgumentError, DBAPIError

from ..errors import StoreError
from ..settings import DEFAULT_DB
from . import dialect, faults
from .migrations import migrate, refuse_foreign, require_current, schema_version

DEFAULT_URL = DEFAULT_DB


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``DONDOC_DB``, else ``sqlite:///dondoc.db``. A database in
    memory is refused: it would vanish with the command, and every command is a new process."""
    url = url or os.environ.get("DONDOC_DB") or DEFAULT_URL
    try:
        memory = dialect.in_memory(url)
    except (ArgumentError, ValueError) as exc:  # the text may hold a password: it is not repeated
        raise faults.unreadable_url(exc) from None
    if memory:
        raise faults.memory_refused(url)
    return url


def lock_wait_ms() -> int:
    """How long a SQLite writer waits for another one (``DONDOC_LOCK_WAIT`` seconds, default 30)."""
    try:
        return int(float(os.environ.get("DONDOC_LOCK_WAIT") or 30) * 1000)
    except ValueError:
        raise StoreError(
            f"DONDOC_LOCK_WAIT must be a number of seconds, not {os.environ['DONDOC_LOCK_WAIT']!r}"
        ) from None


def _json_text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# JSON columns (digest items, events, received messages' details) are written and read with orjson:
# a national catch-up night serialises 160,000 digests, and the stdlib encoder took a fifth of
# queueing them; orjson also keeps Vietnamese as UTF-8, not six-byte escapes.
_JSON: dict[str, Any] = {"json_serializer": _json_text, "json_deserializer": orjson.loads}


def connect(url: str | None = None, *, upgrade: bool = True) -> Engine:
    """An engine for ``url`` with the schema migrated to the current version (a database of
    another program is refused, and left as it is)."""
    url = database_url(url)
    engine = _engine(url, reading=False)
    try:
        if upgrade:
            migrate(engine)
    except DBAPIError as exc:
        raise faults.fault(exc, url) from None
    return engine


def connect_reading(url: str | None = None) -> Engine:
    """An engine for ``url`` that cannot write (a database user with SELECT rights is enough).

    A reader never migrates: a schema that is not current is an error that says what to run. A
    database with nothing stored yet (no file, no tables) reads as an empty store, and is left
    as it is."""
    url = database_url(url)
    if dialect.missing_file(url):  # opening it would create the file
        return _nothing_stored()
    engine = _engine(url, reading=True)
    try:
        with engine.connect() as conn:
            version = schema_version(conn)
            refuse_foreign(conn, version)
    except DBAPIError as exc:
        raise faults.fault(exc, url) from None
    if version == 0:
        engine.dispose()
        return _nothing_stored()
    require_current(version)
    return engine


def _nothing_stored() -> Engine:
    """An empty store in memory, with the current schema: what a database with nothing in it reads as."""
    engine = create_engine("sqlite://", poolclass=StaticPool, **_JSON)
    migrate(engine)
    return engine


def _engine(url: str, *, reading: bool) -> Engine:
    try:
        return dialect.create(url, _JSON, lock_wait_ms, reading=reading)
    except (ArgumentError, ImportError) as exc:
        reason = faults.without_password(str(exc), url)
        raise StoreError(f"cannot use database {faults.shown(url)}: {reason}") from None


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One short write transaction."""
    try:
        with engine.begin() as conn:
            yield conn
    except DBAPIError as exc:
        if not faults.of_the_store(exc):  # a value the database refused: the caller's to handle
            raise
        raise faults.fault(exc, engine.url.render_as_string(hide_password=True)) from None


class Savepoint:
    """A point to come back to inside a transaction: what one received message applies is kept
    whole or undone whole. Plain SQL, the same on SQLite and PostgreSQL: SQLAlchemy's nested
    transaction builds its statements anew each time, which cost a sixth of recording a reply."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        conn.exec_driver_sql("SAVEPOINT dondoc_message")

    def keep(self) -> None:
        self.conn.exec_driver_sql("RELEASE SAVEPOINT dondoc_message")

    def undo(self) -> None:
        self.conn.exec_driver_sql("ROLLBACK TO SAVEPOINT dondoc_message")
        self.keep()
