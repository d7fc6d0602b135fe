"""What can go wrong with the database itself, each said in one plain line.

A damaged or truncated file, one that is read-only or in a folder dondoc may not write to, a file
of another program, an unreachable server or a refused password: each becomes a ``StoreError``
whose message names the database (its password hidden), says what is wrong in the driver's own
first line and what to do, and never holds SQL, parameters or a library's help link.
"""

from __future__ import annotations

from urllib.parse import unquote

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError

from ..errors import Locked, StoreError
from . import dialect

BACKUP_HINT = "restore it from a backup (see `dondoc backup` in docs/cli.md)"


def shown(url: str) -> str:
    """The URL as messages show it: the password replaced by ``***`` (an SQLite URL, which has none,
    as written: its path not percent-encoded)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(an unreadable database URL)"
    rendered = parsed.render_as_string(hide_password=True)
    return unquote(rendered) if parsed.get_backend_name() == "sqlite" else rendered


def first_line(exc: BaseException | None) -> str:
    """The driver's message, first line only, without PostgreSQL's ``FATAL:`` prefix."""
    text = str(exc).strip()
    line = text.splitlines()[0].strip() if text else type(exc).__name__
    return line.replace("FATAL:  ", "").replace("FATAL: ", "")


def without_password(text: str, url: str | None) -> str:
    """``text`` with the URL's password, if any, replaced by ``***`` (a driver may echo it)."""
    if url:
        try:
            password = make_url(url).password
        except ArgumentError:
            password = None
        if password:
            text = text.replace(str(password), "***")
    return text


def fault(exc: DBAPIError, url: str | None = None) -> StoreError:
    """The one-line error for a failure of the database ``url`` (None: the one in use)."""
    detail = without_password(first_line(exc.orig), url)
    lowered = detail.lower()
    where = f"the database {shown(url)}" if url else "the database"
    if "locked" in lowered and "sqlite" in type(exc.orig).__module__:
        return Locked("the database is locked by another writer; try again in a minute")
    if dialect.refused_write(exc):
        named = f"{detail}; {shown(url)}" if url else detail
        return StoreError(
            f"this command writes, and the database may only be read ({named}): the commands that only read "
            "(status, report, plans) still work"
        )
    if any(word in lowered for word in ("malformed", "not a database", "file is encrypted")):
        return StoreError(f"{where} is damaged or not a database file ({detail}): {BACKUP_HINT}")
    if "unable to open database file" in lowered:
        return StoreError(
            f"cannot open {where} ({detail}): its folder must exist and dondoc must be allowed to write "
            "there (SQLite keeps -wal and -shm files beside the database)"
        )
    if _connecting(exc):
        return StoreError(f"cannot connect to {where}: {detail}")
    return StoreError(f"{where} failed: {detail}")


def of_the_store(exc: DBAPIError) -> bool:
    """Whether ``exc`` is the database's own failure (locked, unreachable, damaged, read-only), not a
    value it refused (a broken constraint, a value too long: ``IntegrityError``, ``DataError``)."""
    return not isinstance(exc, (IntegrityError, DataError))


def _connecting(exc: DBAPIError) -> bool:
    """Whether the error came while connecting to a server (refused, unknown host, bad password)."""
    return bool(exc.connection_invalidated) or "connection to server" in str(exc.orig) or "could not" in str(exc.orig)


def unreadable_url(exc: Exception) -> StoreError:
    return StoreError(
        f"the database URL (--db or DONDOC_DB) cannot be read ({first_line(exc)}): write sqlite:///dondoc.db "
        "or postgresql://user:password@host/database"
    )


def memory_refused(url: str) -> StoreError:
    return StoreError(  # an SQLite URL holds no password: shown as given
        f"{url} is a database in memory, gone when the command ends: give a file "
        "(sqlite:///dondoc.db) or a PostgreSQL URL in --db or DONDOC_DB"
    )


def foreign(url: str, tables: list[str]) -> StoreError:
    """A database that holds another program's tables: dondoc neither reads nor changes it."""
    named = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
    return StoreError(
        f"the database {shown(url)} is not a dondoc database (it holds other tables: {named}); dondoc leaves "
        "it as it is: give the URL of dondoc's own database, or of a new file"
    )
