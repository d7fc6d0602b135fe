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

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import groupby

from sqlalchemy import Connection, Engine

from . import digest_extras, outbox, store, target_watch
from . import plans as plan_store
from .calendar import WorkCalendar
from .checks import OccurrenceRow, plan_actions
from .clock import to_store
from .digest_extras import Decided
from .emails import digest_entry, targets_entry
from .milestones import points_of
from .occurrences import HORIZON, Occurrence, expected, next_notice, plan_start
from .payloads import DigestExtras, Queued
from .plan import Plan
from .settings import Settings
from .store.occurrences import Advanced, Moved, NewOccurrence, Notice, StoredOccurrence
from .store.plans import PlanHead
from .vocabulary import State

BATCH = 50  # plans per transaction
EXTEND_MARGIN = timedelta(days=30)  # extend the horizon about once a month, not every night


@dataclass
class CheckResult:
    """What a check decided: how many messages it queued (or, on a dry run, would queue)."""

    queued: int = 0
    notices: int = 0
    occurrences_added: int = 0


# --- occurrences -------------------------------------------------------------------------


def sync_all(engine: Engine, now: datetime) -> int:
    """Generate every plan's occurrences up to the horizon; return how many were added."""
    added = 0
    with engine.connect() as conn:
        heads = store.plans.to_extend(conn, (now + HORIZON - EXTEND_MARGIN).date())
    for head in heads:
        with store.transaction(engine) as conn:
            plan = plan_store.current(conn, head.id)
            added += sync_plan(conn, plan, head, plan_store.today_of(plan, now))
    return added


def sync_plan(conn: Connection, plan: Plan, head: PlanHead, today: date) -> int:
    """Make the stored occurrences match the plan up to ``today + HORIZON``.

    After a new revision (``generated_until`` reset) occurrences the plan no longer has are
    deactivated, never deleted: their events stay. Changed deadlines move, keeping steps
    already handled and any approved extension.
    """
    cal = plan_store.calendar_of(plan)
    until = today + HORIZON
    start = plan_start(plan, head.created_at.date())
    existing = store.occurrences.generated(conn, plan.id)
    one_offs = _one_off_index(existing)
    full = head.generated_until is None
    new_rows: list[NewOccurrence] = []
    changes: list[Moved] = []
    seen = set()
    for occ in expected(plan, cal, start, until):
        key = (occ.task_id, occ.unit_id, occ.period)
        old = existing.get(key)
        if old is None and full and occ.original_due is not None and occ.period == occ.original_due.isoformat():
            old = one_offs.get((occ.task_id, occ.unit_id))  # its deadline moved: same occurrence
        seen.add(key if old is None else (old.task_id, old.unit_id, old.period))
        if old is None:
            new_rows.append(_new_row(plan, cal, occ))
        elif full and (old.original_due != occ.original_due or not old.active):
            changes.append(_moved(plan, cal, old, occ.period, occ.original_due, occ.due))
    if full:
        changes += [_retired(old) for key, old in existing.items() if key not in seen and old.active]
    added = store.occurrences.insert(conn, new_rows)
    store.occurrences.update_each(conn, changes)  # moved and retired rows set the same columns
    store.plans.set_generated_until(conn, plan.id, until)
    if full:  # a new plan, or a new revision: when its committee next hears of its targets
        store.plans.set_review_on(conn, plan.id, target_watch.next_review(plan, cal, today))
    return added


def _new_row(plan: Plan, cal: WorkCalendar, occ: Occurrence) -> NewOccurrence:
    return NewOccurrence(
        plan_id=plan.id,
        task_id=occ.task_id,
        unit_id=occ.unit_id,
        period=occ.period,
        role=occ.role,
        period_start=occ.period_start,
        original_due=occ.original_due,
        due=occ.due,
        next_notice_on=next_notice(plan, cal, occ.role, occ.due, 0),
    )


def _one_off_index(
    existing: dict[tuple[str, str, str], StoredOccurrence],
) -> dict[tuple[str, str], StoredOccurrence]:
    """One-off occurrences by (task, unit): their period is their due date, which may move."""
    return {
        (t, u): row
        for (t, u, period), row in existing.items()
        if row.original_due is not None and period == row.original_due.isoformat()
    }


def _moved(
    plan: Plan, cal: WorkCalendar, old: StoredOccurrence, period: str, original: date | None, due: date | None
) -> Moved:
    in_force = old.extension_until or due
    pending = None if old.state == State.DONE else next_notice(plan, cal, old.role, in_force, old.steps_done)
    return Moved(oid=old.id, period=period, original_due=original, due=in_force, active=True, next_notice_on=pending)


def _retired(old: StoredOccurrence) -> Moved:
    return Moved(
        oid=old.id, period=old.period, original_due=old.original_due, due=old.due, active=False, next_notice_on=None
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
    (or rolled back, on a dry run): a national run never holds all its messages at once."""
    result = CheckResult()
    result.occurrences_added = sync_all(engine, now)
    with engine.connect() as conn:
        latest = _latest_local_date(now)
        due_plans = store.occurrences.plans_with_due_work(conn, latest)
        due_plans = sorted({*due_plans, *store.plans.reviews_due(conn, latest)})
    if plan_ids is not None:
        wanted = set(plan_ids)
        due_plans = [p for p in due_plans if p in wanted]
    for batch in _batches(due_plans, BATCH):
        for message in _check_batch(engine, batch, now, settings, result, dry_run):
            each(message)
    return result


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
    try:
        with store.transaction(engine) as conn:
            claimed = store.plans.claim(conn, plan_ids)
            plans = plan_store.current_of(conn, claimed)
            rows = store.occurrences.due(conn, _latest_local_date(now), claimed)
            writes = _Writes(to_store(now))
            decided = [
                _decide(plans[plan_id], [row for _, row in group], now, writes)
                for plan_id, group in groupby(rows, key=lambda pair: pair[0])
            ]
            extras = digest_extras.gather(conn, decided, _latest_local_date(now))
            for plan_digests in decided:
                _queue(plan_digests, extras.get(plan_digests.plan.id, DigestExtras()), settings, writes)
            _follow_up(conn, plans, now, settings, writes)
            queued = _write(conn, writes, result)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    result.queued += len(queued)
    return queued


def _decide(plan: Plan, rows: list[OccurrenceRow], now: datetime, writes: _Writes) -> Decided:
    """Decide one plan's steps and digests; the steps go into the batch's writes."""
    cal = plan_store.calendar_of(plan)
    today = plan_store.today_of(plan, now)
    advances, digests = plan_actions(plan, cal, rows, today)
    by_id = {r.id: r for r in rows}
    writes.advances += [
        Advanced(oid=a.occurrence_id, steps_done=a.steps_done, next_notice_on=a.next_notice_on)
        for a in advances
        if a.steps_done != by_id[a.occurrence_id].steps_done
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


def _write(conn: Connection, writes: _Writes, result: CheckResult) -> list[Queued]:
    """Advance the occurrences, record every notice and queue every message; return those new."""
    for plan_id, day in writes.reviews.items():
        store.plans.set_review_on(conn, plan_id, day)
    store.occurrences.update_each(conn, writes.advances)
    result.notices += store.occurrences.record_notices(conn, writes.notices)
    new_keys = store.outbox.queue(conn, [outbox.queued_row(e, writes.at) for e in writes.entries])
    return [entry for entry in writes.entries if entry.key in new_keys]
