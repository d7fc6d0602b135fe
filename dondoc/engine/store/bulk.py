"""Many rows at a time: written in chunks, read in batches, counted (whatever the database)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, Table, func, select

T = TypeVar("T")


def chunks(rows: Iterable[T], size: int = 5000) -> Iterator[list[T]]:
    """Rows in lists of ``size``, so bulk inserts stream instead of building one huge list (and
    ``IN`` lists stay well under any driver's limit on parameters)."""
    batch: list[T] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def stream(conn: Connection, query: Select[Any], size: int = 5000) -> Iterator[Any]:
    """Rows of a query fetched in batches (server-side cursor on PostgreSQL)."""
    yield from conn.execute(query, execution_options={"stream_results": True, "yield_per": size})


def count(conn: Connection, table: Table, *where: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def state_counts(conn: Connection, table: Table) -> dict[str, int]:
    """How many rows of ``table`` are in each state."""
    query = select(table.c.state, func.count()).group_by(table.c.state)
    return {str(state): int(n) for state, n in conn.execute(query)}
