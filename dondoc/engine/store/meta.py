"""Values kept once per database: the schema version, the secret that signs reply tokens."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, bindparam, insert, select, update

from .dialect import insert_ignore
from .schema import meta

_VALUE = select(meta.c.value).where(meta.c.key == bindparam("key"))


def get(conn: Connection, key: str) -> str | None:
    found = conn.execute(_VALUE, {"key": key}).scalar()
    return None if found is None else str(found)


def value_or_default(conn: Connection, key: str, default: Callable[[], str]) -> str:
    """The stored value of ``key``; the first caller stores ``default()`` (concurrent callers agree)."""
    found = get(conn, key)
    if found is None:  # only the very first call writes
        insert_ignore(conn, meta, [{"key": key, "value": default()}], ["key"])
        found = conn.execute(_VALUE, {"key": key}).scalar_one()
    return str(found)


def set_value(conn: Connection, key: str, value: str) -> None:
    if conn.execute(select(meta.c.key).where(meta.c.key == key)).first():
        conn.execute(update(meta).where(meta.c.key == key).values(value=value))
    else:
        conn.execute(insert(meta).values(key=key, value=value))
