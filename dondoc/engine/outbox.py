"""Drain the outbox: claim, deliver through a notifier, record the outcome.

States: queued -> sending -> sent | failed (or back to queued with a later attempt time).
A message is marked 'sending' in its own transaction before delivery; if the process dies
after the server accepted it but before 'sent' was written, a later run finds it still
'sending' after ``STALE`` and sends it again with the same Message-ID, so a duplicate is
recognisable (at-least-once). Each outcome is committed as soon as the server answers, so
a crash repeats at most the messages in flight (one per SMTP connection). Normal runs never
send a message twice.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine

from dondoc.notifiers.base import Envelope, Notifier, Outcome

from . import plans, store, tokens
from .checks import Audience
from .emails import Attachment, Queued, Sender, build, recipients, render_answer, render_digest
from .plan import Plan
from .reports import Report
from .settings import Settings

BATCH = 200
MAX_ATTEMPTS = 8
STALE = timedelta(minutes=15)


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    problems: dict[str, int] = field(default_factory=dict)  # each distinct error, with how many messages had it

    def note(self, detail: str) -> None:
        self.problems[detail] = self.problems.get(detail, 0) + 1


def backoff(attempts: int) -> timedelta:
    """5 min, 10, 20, 40 ... capped at 6 hours."""
    delay: timedelta = timedelta(minutes=5) * (2 ** max(attempts - 1, 0))
    return min(delay, timedelta(hours=6))


def queued_row(
    key: str,
    plan_id: str,
    kind: str,
    audience: str,
    recipients: list[str],
    message_id: str,
    at: datetime,
    *,
    subject: str = "",
    message: bytes = b"",
    payload: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An outbox row, queued: rendered already (``message``) or rendered when first sent (``payload``)."""
    return {
        "key": key,
        "plan_id": plan_id,
        "kind": kind,
        "recipients": recipients,
        "subject": subject,
        "message_id": message_id,
        "message": message,
        "payload": payload,
        "ref": tokens.ref_of(key),
        "audience": audience,
        "state": "queued",
        "attempts": 0,
        "created_at": at,
    }


def entry_row(entry: Queued, at: datetime) -> dict[str, Any]:
    """The outbox row of an entry queued as data (a digest or an answer), rendered when first sent."""
    return queued_row(
        entry.key,
        entry.plan_id,
        entry.kind,
        entry.audience,
        entry.recipients,
        entry.message_id,
        at,
        payload=entry.payload,
    )


def sender(conn: Connection, settings: Settings) -> Sender:
    """Who dondoc writes as; without ``DONDOC_SECRET`` a random secret is made once and stored."""
    return Sender(settings.sender, settings.secret or store.meta_value(conn, "secret", tokens.new_secret))


def drain(engine: Engine, notifier: Notifier, settings: Settings, now: datetime) -> SendResult:
    """Send everything due in the outbox; return the counts."""
    return asyncio.run(_drain(engine, notifier, settings, now))


async def _drain(engine: Engine, notifier: Notifier, settings: Settings, now: datetime) -> SendResult:
    # One event loop for the whole drain, so an SMTP connection lasts across batches.
    result = SendResult()
    at = store.utcnow_naive(now)
    with store.transaction(engine) as conn:
        identity = sender(conn, settings)
    known: dict[str, Plan] = {}  # plans do not change during a drain: read each once (a bounded few)
    try:
        while True:
            with store.transaction(engine) as conn:
                claimed = store.claim_outbox(conn, at, at - STALE, BATCH)
                rows = [_rendered(conn, row, now, identity, known) for row in claimed]
                store.set_rendered(conn, [r for r, c in zip(rows, claimed, strict=True) if not c["message"]])
            if not rows:
                return result
            by_key = {r["key"]: r for r in rows}
            batch = [
                Envelope(r["key"], r["message_id"], r["sender"], list(r["recipients"]), r["message"]) for r in rows
            ]
            # Each outcome is committed as soon as it is known: a crash repeats only what was in flight.
            async with aclosing(notifier.deliver(batch)) as outcomes:
                async for outcome in outcomes:
                    with store.transaction(engine) as conn:
                        store.settle_outbox(conn, _settle(by_key[outcome.key], outcome, at, result))
    finally:
        await notifier.close()


def _rendered(
    conn: Connection, row: dict[str, Any], now: datetime, identity: Sender, known: dict[str, Plan]
) -> dict[str, Any]:
    """The row with its message bytes (rendering a queued digest or answer the first time it is
    claimed) and the envelope sender: the plan's own address, or ``DONDOC_FROM``."""
    if row["plan_id"] and row["plan_id"] not in known:
        if len(known) >= plans.PARSED_PLANS:  # messages come in plan order: a few plans at a time suffice
            known.clear()
        known[row["plan_id"]] = plans.current(conn, row["plan_id"])
    plan = known.get(row["plan_id"] or "")
    identity = identity.of(plan) if plan else identity
    if row["message"]:  # rendered already (a retry): the same bytes again
        return {**row, "message": bytes(row["message"]), "sender": identity.address}
    assert plan is not None, "digests and answers are always queued for a plan"
    queued = Queued(
        row["key"],
        row["kind"],
        row["plan_id"],
        row["audience"] or "",
        list(row["recipients"]),
        row["message_id"],
        row["payload"],
    )
    if queued.payload["template"] != "digest":
        outgoing = render_answer(plan, queued, now, identity)
    else:
        last = {}
        if not queued.audience.startswith("unit:"):
            last = store.last_events(conn, [i["occurrence"] for i in row["payload"]["items"] if "occurrence" in i])
        outgoing = render_digest(plan, queued, now, identity, last)
    return {**row, "subject": outgoing.subject, "message": outgoing.message, "sender": identity.address}


def _settle(row: dict[str, Any], outcome: Outcome, at: datetime, result: SendResult) -> dict[str, Any]:
    attempts = int(str(row["attempts"])) + 1
    if outcome.status == "sent":
        result.sent += 1
        if outcome.refused:  # kept with the message, and told: an address in the plan is wrong
            result.note(f"refused: {outcome.refused}")
        refused = outcome.refused or None
        return {"mid": row["id"], "state": "sent", "sent_at": at, "last_error": refused, "next_attempt_at": None}
    result.note(outcome.detail)
    if outcome.status == "retry" and attempts < MAX_ATTEMPTS:
        result.retried += 1
        return {
            "mid": row["id"],
            "state": "queued",
            "last_error": outcome.detail,
            "next_attempt_at": at + backoff(attempts),
        }
    result.failed += 1
    return {"mid": row["id"], "state": "failed", "last_error": outcome.detail, "next_attempt_at": None}


def queue_report(
    conn: Connection, report: Report, title: str, files: Sequence[Attachment], settings: Settings, now: datetime
) -> bool:
    """Queue the report to the committee with ``files`` attached; False if this very report was queued already.

    ``title`` names the period as the office writes it ("quý I năm 2026").

    The key holds a hash of the report's figures: the same report twice is sent once, a
    corrected one (new replies, a new day's figures) is sent again.
    """
    plan = plans.current(conn, report.plan.id)
    figures = {k: v for k, v in report.to_json().items() if k != "generated_at"}
    digest = hashlib.sha256(store.json_dumps(figures).encode()).hexdigest()[:16]
    key = f"report:{plan.id}:{report.period}:{digest}"
    to = recipients(plan, Audience("committee"))
    context = {"plan": plan, "r": report, "period_name": title, "files": [f.name for f in files]}
    identity = sender(conn, settings).of(plan)
    outgoing = build(plan, identity, key, "committee", "report_email", to, context, now, attachments=files)
    at = store.utcnow_naive(now)
    mid, subject = outgoing.message_id, outgoing.subject
    row = queued_row(key, plan.id, "report", "committee", to, mid, at, subject=subject, message=outgoing.message)
    return bool(store.queue_messages(conn, [row]))
