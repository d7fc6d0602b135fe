"""The nightly run: keep occurrences generated ahead, then apply the check's decisions.

I/O around the pure functions of ``occurrences`` and ``checks``. Work is done per batch of
plans in one short transaction that locks those plans (PostgreSQL: ``FOR UPDATE SKIP
LOCKED``, so two workers share the plans; SQLite: one writer at a time), records each
(occurrence, step) in ``notices`` and queues the digests under unique keys: running it
twice, or crashing halfway, never queues anything twice. After a period's reports were due, the
committee hears once of the plan's targets (``target_watch``; each plan keeps the day it is next
due, so the check visits only the plans with work).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import groupby

from sqlalchemy import Connection, Engine

from . import digest_extras, outbox, store, target_watch
from . import plans as plan_store
from .checks import OccurrenceRow, plan_actions
from .clock import to_store
from .digest_extras import Decided
from .emails import digest_entry, targets_entry
from .errors import PlanFailed
from .failures import Failure, blamed_on
from .milestones import points_of
from .occurrences import HORIZON, expected, plan_start
from .payloads import DigestExtras, Queued
from .plan import Plan
from .reconcile import Noted, reconcile
from .settings import Settings
from .store.events import NewEvent
from .store.occurrences import Advanced, Notice
from .store.plans import PlanHead

BATCH = 50  # plans per transaction
EXTEND_MARGIN = timedelta(days=30)  # extend the horizon about once a month, not every night


@dataclass
class CheckResult:
    """What a check decided: how many messages it queued (or, on a dry run, would queue)."""

    queued: int = 0
    notices: int = 0
    occurrences_added: int = 0
    failed: list[Failure] = field(default_factory=list)  # plans left out, each with why


# --- occurrences -------------------------------------------------------------------------


@dataclass
class Synced:
    """What a sync did: occurrences added, and the plans that failed (each left as it was)."""

    added: int = 0
    failed: list[Failure] = field(default_factory=list)


def sync_all(engine: Engine, now: datetime, plan_ids: Collection[str] | None = None) -> Synced:
    """Generate every plan's occurrences (or those of ``plan_ids``) up to the horizon, each plan in
    its own transaction: a plan that fails is rolled back and reported, the others go on."""
    synced = Synced()
    with engine.connect() as conn:
        heads = store.plans.to_extend(conn, (now + HORIZON - EXTEND_MARGIN).date())
    for head in heads:
        if plan_ids is not None and head.id not in plan_ids:
            continue
        try:
            with blamed_on(head.id), store.transaction(engine) as conn:
                plan = plan_store.current(conn, head.id)
                synced.added += sync_plan(conn, plan, head, now)
        except PlanFailed as exc:
            synced.failed.append(Failure.of(exc))
    return synced


def sync_plan(conn: Connection, plan: Plan, head: PlanHead, now: datetime) -> int:
    """Make the stored occurrences match the plan up to ``today + HORIZON``; after a new revision
    (``generated_until`` reset) in full, as ``reconcile`` says. Return how many were added."""
    cal = plan_store.calendar_of(plan)
    today = plan_store.today_of(plan, now)
    until = today + HORIZON
    wanted = expected(plan, cal, plan_start(plan, head.created_at.date()), until)
    revision = head.revision if head.generated_until is None else None
    changes = reconcile(plan, cal, store.occurrences.generated(conn, plan.id), wanted, revision=revision, today=today)
    added = store.occurrences.insert(conn, changes.new)
    for change in (changes.moved, changes.handed, changes.stopped):  # each kind sets its own columns
        store.occurrences.update_each(conn, change)
    if changes.noted:
        _record(conn, plan.id, changes.noted, revision, now)
    store.plans.set_generated_until(conn, plan.id, until)
    if head.generated_until is None:  # a new plan, or a new revision: when its committee next hears of its targets
        store.plans.set_review_on(conn, plan.id, target_watch.next_review(plan, cal, today))
    return added


def _record(conn: Connection, plan_id: str, noted: list[Noted], revision: int | None, now: datetime) -> None:
    """The events a revision's changes leave on the occurrences, by dondoc, citing the revision."""
    ids = {key: row.id for key, row in store.occurrences.generated(conn, plan_id).items()}
    at = to_store(now)
    store.events.append(
        conn,
        [
            NewEvent(
                plan_id=plan_id,
                occurrence_id=ids[n.key],
                kind=n.kind,
                actor="dondoc",
                source=f"revision {revision}",
                line=None,
                payload=n.payload,
                at=at,
                recorded_at=at,
            )
            for n in noted
            if n.key in ids
        ],
    )


# --- the check ---------------------------------------------------------------------------


def check(
    engine: Engine,
    now: datetime,
    settings: Settings,
    *,
    dry_run: bool = False,
    plan_ids: Sequence[str] | None = None,
    each: Callable[[Queued], None] = lambda _message: None,
) -> CheckResult:
    """Decide every reminder and escalation due at ``now`` and queue them (or only list them);
    ``plan_ids`` limits the check to those plans (the daemon's tick for one sending time).

    ``each`` sees every message queued, a batch of plans at a time once the batch is committed
    (or rolled back, on a dry run): a national run never holds all its messages at once. A plan
    that fails is left out and listed in ``failed``; every other plan is checked."""
    result = CheckResult()
    synced = sync_all(engine, now, plan_ids)
    result.occurrences_added, result.failed = synced.added, synced.failed
    with engine.connect() as conn:
        latest = _latest_local_date(now)
        due_plans = store.occurrences.plans_with_due_work(conn, latest)
        due_plans = sorted({*due_plans, *store.plans.reviews_due(conn, latest)})
    skipped = {f.plan_id for f in result.failed}
    wanted = set(plan_ids) if plan_ids is not None else None
    due_plans = [p for p in due_plans if p not in skipped and (wanted is None or p in wanted)]
    for batch in _batches(due_plans, BATCH):
        for message in _check_apart(engine, batch, now, settings, result, dry_run):
            each(message)
    return result


def _check_apart(
    engine: Engine, plan_ids: list[str], now: datetime, settings: Settings, result: CheckResult, dry_run: bool
) -> list[Queued]:
    """Check a batch of plans; if it fails, check them one by one, so that only the plan at fault
    is left out (and listed in ``result.failed``)."""
    try:
        with blamed_on(plan_ids[0]):
            return _check_batch(engine, plan_ids, now, settings, result, dry_run)
    except PlanFailed as exc:
        if len(plan_ids) > 1:
            return [m for plan_id in plan_ids for m in _check_apart(engine, [plan_id], now, settings, result, dry_run)]
        result.failed.append(Failure.of(exc))
        return []


def _latest_local_date(now: datetime) -> date:
    """The latest calendar date any time zone has at ``now`` (UTC+14): bounds the due query;
    each plan then decides with its own local date."""
    return (now.astimezone(UTC) + timedelta(hours=14)).date()


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _DryRun(Exception):
    """Raised to roll back a dry run's transaction after everything was decided."""


@dataclass
class _Writes:
    """What a batch of plans decided at ``at`` (naive UTC), written in three bulk statements when the
    batch is done."""

    at: datetime
    advances: list[Advanced] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    entries: list[Queued] = field(default_factory=list)
    reviews: dict[str, date | None] = field(default_factory=dict)  # each plan's next targets' follow-up


def _check_batch(
    engine: Engine, plan_ids: list[str], now: datetime, settings: Settings, result: CheckResult, dry_run: bool
) -> list[Queued]:
    """Check a batch of plans in one transaction; return the messages it queued."""
    queued: list[Queued] = []
    notices = 0
    try:
        with store.transaction(engine) as conn:
            claimed = store.plans.claim(conn, plan_ids)
            plans = plan_store.current_of(conn, claimed)
            rows = store.occurrences.due(conn, _latest_local_date(now), claimed)
            writes = _Writes(to_store(now))
            decided = []
            for plan_id, group in groupby(rows, key=lambda pair: pair[0]):
                with blamed_on(plan_id):
                    decided.append(_decide(plans[plan_id], [row for _, row in group], now, writes))
            extras = digest_extras.gather(conn, decided, _latest_local_date(now))
            for plan_digests in decided:
                with blamed_on(plan_digests.plan.id):
                    _queue(plan_digests, extras.get(plan_digests.plan.id, DigestExtras()), settings, writes)
            _follow_up(conn, plans, now, settings, writes)
            queued, notices = _write(conn, writes)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    result.queued += len(queued)
    result.notices += notices
    return queued


def _decide(plan: Plan, rows: list[OccurrenceRow], now: datetime, writes: _Writes) -> Decided:
    """Decide one plan's steps and digests; the steps go into the batch's writes."""
    cal = plan_store.calendar_of(plan)
    today = plan_store.today_of(plan, now)
    advances, digests = plan_actions(plan, cal, rows, today)
    by_id = {r.id: r for r in rows}
    writes.advances += [  # a row waiting for a working day is left as it is; one that is done with is not
        Advanced(oid=a.occurrence_id, steps_done=a.steps_done, next_notice_on=a.next_notice_on)
        for a in advances
        if a.steps_done != by_id[a.occurrence_id].steps_done or a.next_notice_on is None
    ]
    return Decided(plan, cal, today, digests)


def _queue(decided: Decided, extras: DigestExtras, settings: Settings, writes: _Writes) -> None:
    """One plan's digests, with what they carry besides their notices, into the batch's writes."""
    for digest in decided.digests:
        entry = digest_entry(decided.plan, decided.cal, digest, decided.today, settings.domain, extras)
        writes.entries.append(entry)
        writes.notices += [Notice(o, s, entry.key, writes.at) for o, s in digest.notice_keys()]


def _follow_up(conn: Connection, plans: Mapping[str, Plan], now: datetime, settings: Settings, writes: _Writes) -> None:
    """The committee hears of the targets once per period, after its reports were due."""
    for plan_id, day in store.plans.review_days(conn, list(plans)).items():
        plan = plans[plan_id]
        cal, today = plan_store.calendar_of(plan), plan_store.today_of(plan, now)
        if day > today:
            continue
        period = target_watch.reviewed(plan, cal, today)
        if period is not None:
            points = points_of(store.events.target_values(conn, plan_id), plan.plan.timezone)
            followed = target_watch.follow_up(plan, cal, period, points, today)
            if followed.says_something:
                writes.entries.append(targets_entry(plan, followed, settings.domain))
        writes.reviews[plan_id] = target_watch.next_review(plan, cal, today + timedelta(days=1))


def _write(conn: Connection, writes: _Writes) -> tuple[list[Queued], int]:
    """Advance the occurrences, record every notice and queue every message; return the messages
    that are new and how many notices were."""
    for plan_id, day in writes.reviews.items():
        store.plans.set_review_on(conn, plan_id, day)
    store.occurrences.update_each(conn, writes.advances)
    notices = store.occurrences.record_notices(conn, writes.notices)
    new_keys = store.outbox.queue(conn, [outbox.queued_row(e, writes.at) for e in writes.entries])
    return [entry for entry in writes.entries if entry.key in new_keys], notices
