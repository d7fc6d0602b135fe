"""Opening the database: its URL, an engine with the schema current, short transactions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import ArgumentError, OperationalError

from ..errors import Locked, StoreError
from . import dialect
from .migrations import migrate

DEFAULT_URL = "sqlite:///dondoc.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``DONDOC_DB``, else ``sqlite:///dondoc.db``."""
    return url or os.environ.get("DONDOC_DB") or DEFAULT_URL


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
    """An engine for ``url`` with the schema migrated to the current version."""
    url = database_url(url)
    try:
        engine = dialect.create(url, _JSON, lock_wait_ms, reading=False)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database {url!r}: {exc}") from None
    try:
        if upgrade:
            migrate(engine)
    except OperationalError as exc:
        _raise_if_locked(exc)
        raise StoreError(f"cannot open database {url!r}: {exc.orig}") from None
    return engine


def _raise_if_locked(exc: OperationalError) -> None:
    if "locked" in str(exc.orig).lower():
        raise Locked("the database is locked by another writer; try again in a minute") from None


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One short write transaction."""
    try:
        with engine.begin() as conn:
            yield conn
    except OperationalError as exc:
        _raise_if_locked(exc)
        raise
