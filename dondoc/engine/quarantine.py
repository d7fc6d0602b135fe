"""What ``dondoc quarantine list`` and ``show`` print: received messages as table rows and as a
page, with times in the plan's time zone (labelled with its offset) and nothing a terminal would
obey (a received subject may carry CR/LF, escapes, BEL: ``render.printable``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from . import store
from .clock import DEFAULT_TIMEZONE, shown
from .render import printable
from .store.inbox import InboxEntry, InboxMessage

COLUMNS = ["id", "received_at", "sender", "plan_id", "unit_id", "state", "reason", "answer", "subject"]
PAGE = ("id", "received_at", "sender", "subject", "message_id", "plan_id", "unit_id", "state", "reason", "answer")


class Zones:
    """The time zone of each stored plan; a message that names none is shown in the first plan's."""

    def __init__(self, conn: Connection) -> None:
        self.of = {ref.id: ref.timezone for ref in store.plans.refs(conn)}
        self.default = next(iter(self.of.values()), DEFAULT_TIMEZONE)

    def when(self, entry: InboxEntry) -> str:
        return shown(entry.received_at, self.of.get(entry.plan_id or "", self.default))


def answer(entry: InboxEntry) -> str:
    """What the sender got back: ack, error, or an answer the loop guard held back."""
    detail = entry.detail or {}
    if detail.get("held"):
        return f"held back ({detail['held']})"
    return str(detail.get("reply") or "")


def rows(conn: Connection, state: str | None) -> list[list[Any]]:
    """The received messages in ``state`` (all of them for None), oldest first, as table rows."""
    zones = Zones(conn)
    values = {"received_at": zones.when, "answer": answer}
    return [
        [values[c](entry) if c in values else getattr(entry, c) for c in COLUMNS]
        for entry in store.inbox.listed(conn, state)
    ]


def page(conn: Connection, message: InboxMessage) -> list[str]:
    """One received message: why it is where it is, what was (not) understood, what was answered."""
    zones = Zones(conn)
    lines = []
    for key in PAGE:
        value = zones.when(message) if key == "received_at" else answer(message) if key == "answer" else None
        value = value if value is not None else getattr(message, key)
        lines.append(f"{key + ':':<12} {printable(str(value)) if value is not None else ''}")
    detail = message.detail or {}
    for item in detail.get("recorded", []):
        lines.append(f"  recorded    line {item['line']}: {printable(str(item.get('text') or item['code']))}")
    for item in detail.get("rejected", []):
        lines.append(f"  not taken   line {item['line']}: {printable(item['text'])}  ({item['reason']})")
    for text in detail.get("form_problems", []):
        lines.append(f"  form        {printable(text)}")
    if detail.get("error"):
        lines.append(f"  fault       {printable(detail['error'])}")
    return lines
