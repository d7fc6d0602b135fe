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
from collections.abc import Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine

from dondoc.notifiers.base import Envelope, Notifier, Outcome

from . import figures, keys, plans, store, tokens
from .clock import to_store
from .emails import Attachment, Draft, Outgoing, Sender, build, overdue_item, recipients, render_answer, render_digest
from .errors import PlanFailed
from .failures import Failure, blamed_on
from .payloads import DigestItem, DigestPayload, Queued, payload_of
from .plan import Plan
from .render import json_dumps
from .reports import Report
from .settings import Settings
from .store.outbox import Claimed, InFlight, NewMessage, Rendered, Settled
from .vocabulary import Audience, AudienceKind, Channel, OutboxState

BATCH = 200
MAX_ATTEMPTS = 8
STALE = timedelta(minutes=15)


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    problems: dict[str, int] = field(default_factory=dict)  # each distinct error, with how many messages had it
    plans_failed: list[Failure] = field(default_factory=list)  # plans whose messages could not be made now
    resent: int = 0  # messages a run that stopped had left in 'sending', taken again (same Message-ID)
    left: InFlight = field(default_factory=lambda: InFlight(0, None))  # in 'sending', not yet given up on

    def retry_from(self) -> datetime | None:
        """When the messages left in 'sending' are sent again if still there (naive UTC)."""
        return self.left.since + STALE if self.left.since else None

    def note(self, detail: str) -> None:
        self.problems[detail] = self.problems.get(detail, 0) + 1


def backoff(attempts: int) -> timedelta:
    """5 min, 10, 20, 40 ... capped at 6 hours."""
    delay: timedelta = timedelta(minutes=5) * (2 ** max(attempts - 1, 0))
    return min(delay, timedelta(hours=6))


def queued_row(queued: Queued, at: datetime, thread: str | None = None) -> NewMessage:
    """The outbox row of a message queued as data (a digest or an answer), rendered when first sent;
    ``thread``: the conversation an answer belongs to."""
    return NewMessage(
        key=queued.key,
        plan_id=queued.plan_id,
        kind=queued.kind,
        audience=queued.audience.key,
        recipients=queued.recipients,
        message_id=queued.message_id,
        ref=tokens.ref_of(queued.key),
        payload=queued.payload,
        thread=thread,
        created_at=at,
    )


def sender(conn: Connection, settings: Settings) -> Sender:
    """Who dondoc writes as; without ``DONDOC_SECRET`` a random secret is made once and stored."""
    return Sender(settings.sender, settings.secret or store.meta.value_or_default(conn, "secret", tokens.new_secret))


def drain(engine: Engine, notifier: Notifier, settings: Settings, now: datetime) -> SendResult:
    """Send everything due in the outbox; return the counts."""
    return asyncio.run(_drain(engine, notifier, settings, now))


async def _drain(engine: Engine, notifier: Notifier, settings: Settings, now: datetime) -> SendResult:
    # One event loop for the whole drain, so an SMTP connection lasts across batches.
    result = SendResult()
    at = to_store(now)
    with store.transaction(engine) as conn:
        identity = sender(conn, settings)
    known: dict[str, Plan] = {}  # plans do not change during a drain: read each once (a bounded few)
    try:
        while True:
            with store.transaction(engine) as conn:
                claimed = store.outbox.claim(conn, at, at - STALE, BATCH)
                ready = _prepare(conn, claimed, now, identity, known, result)
                store.outbox.set_rendered(conn, [r.rendered for r in ready if r.rendered])
            if not claimed:
                with engine.connect() as conn:
                    result.left = store.outbox.in_flight(conn, at - STALE)
                return result
            result.resent += sum(1 for row in claimed if row.state == OutboxState.SENDING)
            by_key = {r.claimed.key: r.claimed for r in ready}
            # Each outcome is committed as soon as it is known: a crash repeats only what was in flight.
            async with aclosing(notifier.deliver([r.envelope for r in ready])) as outcomes:
                async for outcome in outcomes:
                    with store.transaction(engine) as conn:
                        store.outbox.settle(conn, _settle(by_key[outcome.key], outcome, at, result))
    finally:
        await notifier.close()


def _prepare(
    conn: Connection,
    claimed: list[Claimed],
    now: datetime,
    identity: Sender,
    known: dict[str, Plan],
    result: SendResult,
) -> list[_Ready]:
    """The claimed messages ready to deliver. One whose plan cannot be read or rendered now is not
    delivered: it waits ``STALE`` for a later run (with the reason kept, counted as to retry), and
    its plan is told in ``result.plans_failed``. The other plans' messages go."""
    ready = []
    for row in claimed:
        try:
            with blamed_on(row.plan_id or ""):
                ready.append(_ready(conn, row, now, identity, known))
        except PlanFailed as exc:
            failure = Failure.of(exc)
            if failure not in result.plans_failed:
                result.plans_failed.append(failure)
            result.retried += 1
            later = to_store(now) + STALE
            store.outbox.settle(conn, Settled(row.id, OutboxState.QUEUED, str(failure), next_attempt_at=later))
    return ready


@dataclass(frozen=True)
class _Ready:
    """A claimed message ready to deliver."""

    claimed: Claimed
    envelope: Envelope
    rendered: Rendered | None  # rendered now: kept, so that a retry sends exactly these bytes


def _ready(conn: Connection, claimed: Claimed, now: datetime, identity: Sender, known: dict[str, Plan]) -> _Ready:
    """The message's bytes (rendering a queued digest or answer the first time it is claimed) and
    the envelope sender: the plan's own address, or ``DONDOC_FROM``."""
    plan_id = claimed.plan_id
    if plan_id and plan_id not in known:
        if len(known) >= plans.PARSED_PLANS:  # messages come in plan order: a few plans at a time suffice
            known.clear()
        known[plan_id] = plans.current(conn, plan_id)
    plan = known.get(plan_id or "")
    identity = identity.of(plan) if plan else identity
    rendered = None
    if claimed.message:  # rendered already (a retry): the same bytes again
        message = bytes(claimed.message)
    else:
        assert plan is not None and claimed.payload is not None, "digests and answers are always queued for a plan"
        outgoing = _render(conn, plan, claimed, now, identity)
        message = outgoing.message
        rendered = Rendered(claimed.id, outgoing.subject, message)
    envelope = Envelope(claimed.key, claimed.message_id, identity.address, list(claimed.recipients), message)
    return _Ready(claimed, envelope, rendered)


def _render(conn: Connection, plan: Plan, claimed: Claimed, now: datetime, identity: Sender) -> Outgoing:
    """The email of a digest or an answer queued as data."""
    payload = payload_of(claimed.payload or {})
    queued = Queued(
        key=claimed.key,
        kind=Channel(claimed.kind),
        plan_id=plan.id,
        audience=Audience.parse(claimed.audience or ""),
        recipients=list(claimed.recipients),
        message_id=claimed.message_id,
        payload=payload,
    )
    if not isinstance(payload, DigestPayload):
        return render_answer(plan, queued, now, identity)
    last, earlier = {}, []
    if payload.audience.kind == AudienceKind.COMMITTEE:
        earlier = _earlier(conn, plan, payload)
    if payload.audience.kind != AudienceKind.UNIT:  # escalations show each item's last update
        last = store.events.latest(conn, [i.occurrence for i in [*payload.items, *earlier]])
    return render_digest(plan, queued, now, identity, last, earlier)


def _earlier(conn: Connection, plan: Plan, payload: DigestPayload) -> list[DigestItem]:
    """Every other item overdue on the digest's day of the units it names (``figures.overdue``):
    the committee hears how much each unit owes, not only what was escalated today."""
    today, tz = payload.today, plan.plan.timezone
    listed = {i.occurrence for i in payload.items}
    stopped = plan.stopped_tasks(today)
    cal = plans.calendar_of(plan)
    found = []
    for unit in dict.fromkeys(i.unit for i in payload.items):
        rows = store.occurrences.begun(conn, today, plan.id, unit)
        found += [overdue_item(plan, cal, row, today) for row in figures.overdue(rows, today, tz, stopped)]
    return sorted((i for i in found if i.occurrence not in listed), key=lambda i: (i.unit, i.due, i.code))


def _settle(claimed: Claimed, outcome: Outcome, at: datetime, result: SendResult) -> Settled:
    attempts = claimed.attempts + 1
    if outcome.status == "sent":
        result.sent += 1
        if outcome.refused:  # kept with the message, and told: an address in the plan is wrong
            result.note(f"refused: {outcome.refused}")
        return Settled(claimed.id, OutboxState.SENT, outcome.refused or None, sent_at=at)
    result.note(outcome.detail)
    if outcome.status == "retry" and attempts < MAX_ATTEMPTS:
        result.retried += 1
        return Settled(claimed.id, OutboxState.QUEUED, outcome.detail, next_attempt_at=at + backoff(attempts))
    result.failed += 1
    return Settled(claimed.id, OutboxState.FAILED, outcome.detail)


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
    key = keys.report(plan.id, report.period, json_dumps(figures))
    committee = Audience.committee()
    context = {"plan": plan, "r": report, "period_name": title, "files": [f.name for f in files]}
    to = recipients(plan, committee)
    draft = Draft(key=key, audience=committee, template="report_email", to=to, context=context, attachments=files)
    outgoing = build(plan, sender(conn, settings).of(plan), draft, now)
    row = NewMessage(
        key=key,
        plan_id=plan.id,
        kind=Channel.REPORT,
        audience=committee.key,
        recipients=to,
        message_id=outgoing.message_id,
        ref=tokens.ref_of(key),
        subject=outgoing.subject,
        message=outgoing.message,
        created_at=to_store(now),
    )
    return bool(store.outbox.queue(conn, [row]))
