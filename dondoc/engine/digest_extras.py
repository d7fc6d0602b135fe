"""What the check's digests carry besides their notices, read for a batch of plans at once.

- **Report requests.** A report occurrence named in a digest (before its cut-off as a request,
  after it as a reminder or an escalation) lists the items its unit must still report on, each
  with what the unit last said and, for a target, its milestone and last value
  (``report_answers.requests``): before any answer every item, after a partial answer only
  what is missing.
- **Items left open** (issue #23). Once an item's reminders and escalations are all sent it gets
  no notice of its own; every later digest to its unit lists it in a short section with how long
  it has been overdue, and the committee's digest counts them by unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from . import report_answers, store
from .calendar import WorkCalendar
from .checks import Digest
from .emails import overdue_item
from .occurrences import REPORT
from .payloads import DigestExtras, DigestItem
from .plan import Plan
from .report_answers import ReportRef
from .store.occurrences import StoredOccurrence


@dataclass(frozen=True)
class Decided:
    """One plan's digests for today, before they are queued."""

    plan: Plan
    cal: WorkCalendar
    today: date
    digests: list[Digest]


def gather(conn: Connection, decided: Sequence[Decided], before: date) -> dict[str, DigestExtras]:
    """The extras of each plan with digests today (``before``: the latest local date of any plan)."""
    busy = [d for d in decided if d.digests]
    if not busy:
        return {}
    plans = {d.plan.id: d.plan for d in busy}
    refs = {
        fired.row.id: ReportRef(fired.row.id, d.plan.id, fired.row.unit_id, fired.row.period)
        for d in busy
        for digest in d.digests
        for fired in digest.items
        if fired.row.task_id == REPORT
    }
    requests = report_answers.requests(conn, plans, list(refs.values()))
    left: dict[str, list[StoredOccurrence]] = {}
    for row in store.occurrences.left_open(conn, list(plans), before):
        left.setdefault(row.plan_id, []).append(row)
    return {
        d.plan.id: DigestExtras(
            requests={oid: r for oid, r in requests.items() if refs[oid].plan_id == d.plan.id},
            still_open=open_items(d.plan, d.cal, left.get(d.plan.id, []), d.today),
        )
        for d in busy
    }


def open_items(plan: Plan, cal: WorkCalendar, rows: Sequence[StoredOccurrence], today: date) -> list[DigestItem]:
    """The rows past their deadline by ``today`` that a unit still owes, as digests list them (a task
    stopped today owes nothing)."""
    found = []
    for row in rows:
        task = plan.tasks_by_id.get(row.task_id)
        if row.due is None or row.due >= today or (task is None and row.task_id != REPORT):
            continue
        if task is not None and task.stopped_on(today):
            continue
        found.append(overdue_item(plan, cal, row, today))
    return found
