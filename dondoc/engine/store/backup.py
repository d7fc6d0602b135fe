"""``dondoc backup``: a consistent copy of an SQLite database, taken while others write.

A plain copy of the file misses what is still in its write-ahead log (``-wal``) and may catch a
page half written. SQLite's online backup copies every page of one snapshot (a read transaction:
writers go on meanwhile) into a new file, which is then made self-contained (rollback journal,
no ``-wal``), checked, and only then given its name: a backup that exists is whole.

PostgreSQL has its own tool for this (``pg_dump``); dondoc says so instead of copying.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url

from ..errors import StoreError
from . import dialect, faults
from .connection import database_url

PG_DUMP = (
    "dondoc backup copies SQLite databases; back up PostgreSQL with its own tool: "
    "pg_dump --format=custom --file=FILE DBNAME (restore with pg_restore --clean --dbname=DBNAME FILE)"
)


@dataclass(frozen=True)
class Copied:
    """A backup written: where, its schema version, how many plans it holds, and its size in bytes."""

    path: Path
    schema: int
    plans: int
    size: int


def backup(url: str | None, target: Path) -> Copied:
    """Copy the SQLite database ``url`` to ``target`` (a new file), consistently, while others write."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise StoreError(PG_DUMP)
    if dialect.missing_file(url):
        raise StoreError(f"there is no database at {url}: nothing to back up")
    if target.exists():
        raise StoreError(f"{target} exists already: give a new file name (a backup never overwrites)")
    partial = target.with_name(target.name + ".part")
    try:
        with closing(_open_source(parsed.database or "")) as source, closing(sqlite3.connect(partial)) as copy:
            _require_dondoc(source, url)
            source.backup(copy)  # one step: every page of one snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            schema, plans = _checked(copy, target)
        os.replace(partial, target)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot back up {url}: {faults.first_line(exc)}") from None
    except OSError as exc:
        raise StoreError(f"cannot write the backup {target}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return Copied(target, schema, plans, target.stat().st_size)


def _open_source(path: str) -> sqlite3.Connection:
    """The database to copy, opened only to read (a ``file:`` URI keeps its own options)."""
    uri = path if path.startswith("file:") else f"file:{Path(path).resolve()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=30)


def _require_dondoc(source: sqlite3.Connection, url: str) -> None:
    """A backup copies dondoc's databases only (of any schema version: before an upgrade too)."""
    tables = sorted(row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    if "meta" not in tables:
        raise faults.foreign(url, tables) if tables else StoreError(f"the database {url} is empty: nothing to back up")


def _checked(copy: sqlite3.Connection, target: Path) -> tuple[int, int]:
    """The copy passes SQLite's quick check; its schema version and how many plans it holds."""
    verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        raise StoreError(f"the backup failed its check ({verdict}); {target} was not written")
    schema = copy.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    plans = copy.execute("SELECT count(*) FROM plans").fetchone()[0] if schema else 0
    return (int(schema[0]) if schema else 0), int(plans)
