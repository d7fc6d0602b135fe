"""What the store holds, read back for the tests' assertions."""

from __future__ import annotations

from sqlalchemy import select

from dondoc.engine import store
from dondoc.engine.store import schema


def outbox(url: str) -> dict[str, tuple[str, str]]:
    """key -> (state, Message-ID) of every queued message."""
    engine = store.connect(url)
    with engine.connect() as conn:
        rows = conn.execute(select(schema.outbox.c.key, schema.outbox.c.state, schema.outbox.c.message_id)).all()
    engine.dispose()
    return {r.key: (r.state, r.message_id) for r in rows}
