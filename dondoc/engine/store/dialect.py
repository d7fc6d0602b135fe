"""Every difference between SQLite and PostgreSQL, in one place.

- opening: SQLite runs with WAL, a busy timeout and ``BEGIN IMMEDIATE`` for writers; a
  PostgreSQL URL without a driver means psycopg2, with bulk updates sent in pages;
- a reader cannot write: SQLite's ``query_only``, PostgreSQL's read-only transactions;
- bulk writes: SQLite runs a compiled statement over plain tuples, PostgreSQL keeps
  SQLAlchemy's batched path and gets multi-row ``INSERT .. ON CONFLICT`` through RETURNING;
- locks: PostgreSQL's advisory lock around migrations, ``FOR UPDATE SKIP LOCKED`` claims and
  commits that do not wait for the disk flush; SQLite has one writer at a time anyway.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Insert, Select, Table, Update, create_engine, event, make_url
from sqlalchemy.engine import CursorResult, Dialect
from sqlalchemy.exc import DBAPIError

S = TypeVar("S", bound=Select[Any])

MIGRATION_LOCK = 5700157  # PostgreSQL advisory lock id: two processes must not both create the tables


def is_postgresql(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


# --- opening ------------------------------------------------------------------------------


def create(url: str, json_options: Mapping[str, Any], lock_wait_ms: Callable[[], int], *, reading: bool) -> Engine:
    """An engine for ``url`` (SQLite or a server); ``reading``: one that cannot write. SQLite waits
    ``lock_wait_ms()`` for another writer (read when each connection opens)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, pool_size=2, max_overflow=8, **json_options)  # kept open: opening runs the pragmas
        event.listen(engine, "connect", _sqlite_pragmas(lock_wait_ms, reading))
        event.listen(engine, "connect", lambda c, _r: setattr(c, "isolation_level", None))
        event.listen(engine, "begin", _sqlite_read if reading else _sqlite_write)
        return engine
    url = _with_driver(url)
    engine = create_engine(url, pool_pre_ping=True, **json_options, **_server_options(url))
    if reading:
        event.listen(engine, "connect", _server_read_only)
    return engine


def in_memory(url: str) -> bool:
    """Whether ``url`` names an SQLite database in memory (``sqlite://``, ``sqlite:///:memory:``,
    ``file::memory:`` or ``mode=memory``)."""
    parsed = make_url(url)
    path = parsed.database or ""
    memory = path in ("", ":memory:") or path.startswith("file::memory:") or "mode=memory" in path
    return parsed.get_backend_name() == "sqlite" and (memory or parsed.query.get("mode") == "memory")


def missing_file(url: str) -> bool:
    """Whether ``url`` names a SQLite file that does not exist (SQLite would create it)."""
    parsed = make_url(url)
    path = parsed.database or ""
    return parsed.get_backend_name() == "sqlite" and path not in ("", ":memory:") and not os.path.exists(path)


def _sqlite_pragmas(lock_wait_ms: Callable[[], int], reading: bool) -> Callable[[Any, Any], None]:
    def pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        if not reading:  # a reader leaves the journal as it is (WAL since the first writer)
            if _ours_or_empty(cursor):  # another program's file is refused, and left exactly as it is
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={lock_wait_ms()}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if reading:
            cursor.execute("PRAGMA query_only=ON")  # any write is refused by SQLite itself
        cursor.close()

    return pragmas


def _ours_or_empty(cursor: Any) -> bool:
    """Whether an SQLite file holds no table, or dondoc's (its ``meta`` table)."""
    names = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return not names or "meta" in names


def _sqlite_write(conn: Connection) -> None:
    # BEGIN IMMEDIATE takes the write lock up front, so that two writers queue on
    # busy_timeout instead of failing halfway with "database is locked".
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_read(conn: Connection) -> None:
    # A deferred transaction: one consistent snapshot for several queries, and no write lock.
    conn.exec_driver_sql("BEGIN")


def _server_read_only(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_conn.commit()


def _with_driver(url: str) -> str:
    """A PostgreSQL URL that names no driver means psycopg2, the one dondoc installs (SQLAlchemy 2.1
    would pick psycopg 3); ``postgres://`` is accepted for ``postgresql://``."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)
    return url


def _server_options(url: str) -> dict[str, Any]:
    """psycopg2 sends bulk updates in pages of statements, not one round trip per row."""
    return {"executemany_mode": "values_plus_batch"} if make_url(url).get_driver_name() == "psycopg2" else {}


def refused_write(exc: DBAPIError) -> bool:
    """Whether the database refused a write because it may only be read: a read-only SQLite file
    or connection, a PostgreSQL user without the right (insufficient privilege, 42501) or a
    read-only transaction (25006)."""
    if getattr(exc.orig, "pgcode", None) in ("42501", "25006"):
        return True
    return "readonly database" in str(exc.orig).lower()


# --- large values -----------------------------------------------------------------------------

PART = 4 << 20  # bytes of a binary value PostgreSQL is sent in one statement


def in_parts(conn: Connection, value: bytes) -> list[memoryview]:
    """A large binary value in the parts to append it in, where sending it whole would copy it
    several times in memory (psycopg2 writes a parameter into the statement, as hex: a 40 MB
    message took nine times its size); [] where it is sent whole (SQLite binds it as it is)."""
    if not is_postgresql(conn) or len(value) <= PART:
        return []
    whole = memoryview(value)
    return [whole[at : at + PART] for at in range(0, len(value), PART)]


def append_bytes(conn: Connection, table: Table, column: str, row_id: int, part: memoryview) -> None:
    """Append ``part`` to a binary column of one row (PostgreSQL; plain SQL, nothing to compile)."""
    conn.exec_driver_sql(
        f"UPDATE {table.name} SET {column} = {column} || %(part)s WHERE id = %(id)s", {"part": part, "id": row_id}
    )


# --- locks ------------------------------------------------------------------------------------


def lock_for_migration(conn: Connection) -> None:
    """Two processes starting at once must not both create the tables (SQLite: BEGIN IMMEDIATE)."""
    if is_postgresql(conn):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


def skip_locked(conn: Connection, query: S) -> S:
    """Lock the rows ``query`` selects for this transaction; on PostgreSQL skip those another
    worker holds (SQLite has one writer at a time)."""
    return query.with_for_update(skip_locked=True) if is_postgresql(conn) else query


def commit_without_flush(conn: Connection) -> None:
    """Let this transaction's commit return before the disk flush (PostgreSQL): only a crash of the
    database server itself can lose it."""
    if is_postgresql(conn):
        conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")


# --- bulk writes ------------------------------------------------------------------------------


def insert_ignore(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> int:
    """Insert rows, skipping those that collide on the unique ``keys``; return how many were new."""
    if not rows:
        return 0
    if is_postgresql(conn) and len(rows) > 1:
        # SQLAlchemy sends an INSERT .. ON CONFLICT as multi-row statements only with RETURNING
        # (without, psycopg2 makes one round trip per row): the rows that come back are the new ones.
        return len(conn.execute(_new_rows("postgresql", table, tuple(keys)), list(rows)).all())
    return max(execute_many(conn, _insert_ignoring(conn.dialect.name, table, tuple(keys)), rows).rowcount, 0)


def insert_new(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], key: str) -> list[Any]:
    """Insert rows, skipping those whose unique ``key`` is taken; return the keys of the new ones
    (one statement: RETURNING)."""
    return list(conn.execute(_new_rows(conn.dialect.name, table, (key,)), list(rows)).scalars())


def execute_many(conn: Connection, stmt: Insert | Update, rows: Sequence[Mapping[str, Any]]) -> CursorResult[Any]:
    """Run ``stmt`` once per row, every row with the same keys.

    On SQLite the statement is compiled once and the driver runs it over plain tuples: SQLAlchemy's
    per-row parameter handling cost three times the writing itself on a night of a national check.
    Each distinct value is converted by its column's type once (a night's dates repeat). PostgreSQL
    keeps SQLAlchemy's batched path (``insertmanyvalues``): there, round trips are the cost."""
    if conn.dialect.name != "sqlite" or len(rows) <= 1:
        return conn.execute(stmt, list(rows))
    sql, names, processors = _plain(conn.dialect, stmt, tuple(rows[0]))
    memos: list[dict[Any, Any]] = [{} for _ in names]
    plain = [
        tuple(
            value if proc is None else _converted(memo, proc, value)
            for value, proc, memo in zip((row[n] for n in names), processors, memos, strict=True)
        )
        for row in rows
    ]
    return conn.exec_driver_sql(sql, plain)


def _converted(memo: dict[Any, Any], proc: Callable[[Any], Any], value: Any) -> Any:
    key = (type(value), value)  # 1, 1.0 and True are equal, and a JSON column tells them apart
    try:
        return memo[key]
    except KeyError:
        memo[key] = converted = proc(value)
        return converted
    except TypeError:  # not hashable (a JSON document): converted each time
        return proc(value)


@lru_cache(maxsize=64)  # statements are module constants or cached builders; engines come and go (tests)
def _plain(
    dialect: Dialect, stmt: Insert | Update, keys: tuple[str, ...]
) -> tuple[str, tuple[str, ...], list[Callable[[Any], Any] | None]]:
    """SQL text for the driver, the row keys in parameter order, and each one's type conversion."""
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
    names = tuple(compiled.positiontup or ())
    types = [compiled.binds[name].type for name in names]
    return str(compiled), names, [t.dialect_impl(dialect).bind_processor(dialect) for t in types]


@cache
def _insert_ignoring(dialect: str, table: Table, keys: tuple[str, ...]) -> Insert:
    if dialect == "postgresql":  # each dialect's module is imported by the database that uses it
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(keys))
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing(index_elements=list(keys))


@cache
def _new_rows(dialect: str, table: Table, keys: tuple[str, ...]) -> Insert:
    """Insert, skipping collisions on ``keys``, and return the first key of each row inserted."""
    return _insert_ignoring(dialect, table, keys).returning(table.c[keys[0]])
