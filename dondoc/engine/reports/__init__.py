"""The committee's period report: the model (``model``), built from the store (``build``) and
rendered by ``formats`` as Markdown, HTML, DOCX, XLSX and JSON.

Modules, one concept each: ``periods`` (which period), ``said`` (what units said),
``tasks`` (section I), ``targets`` (the rating of targets), ``timeline`` (the events sheet),
``build`` (the whole report). ``gather`` reads what a report needs from the store.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from .. import plans, store
from ..clock import local_date
from ..errors import BadValue
from .build import build
from .model import Report
from .periods import default_period, period_of, running_period

__all__ = ["Report", "build", "default_period", "gather", "gather_running", "period_of", "running_period"]


def gather(conn: Connection, plan_id: str, label: str | None, now: datetime) -> Report:
    """Read what a report needs from the store and build it (occurrences must be generated)."""
    plan = plans.current(conn, plan_id)
    today = local_date(now, plan.plan.timezone)
    try:
        period = period_of(plan, label, today)
    except ValueError as exc:
        raise BadValue(str(exc)) from None
    rows = store.occurrences.begun(conn, max(today, period.end), plan_id)
    events, answers = store.events.of_plan(conn, plan_id), store.entries.of_plan(conn, plan_id)
    return build(plan, plans.calendar_of(plan), period, rows, events, now, answers)


def gather_running(conn: Connection, plan_id: str, now: datetime) -> Report:
    """The report of the period in progress, as of ``now`` (the demo's and the dashboard's)."""
    plan = plans.current(conn, plan_id)
    return gather(conn, plan_id, running_period(plan, local_date(now, plan.plan.timezone)).label, now)
