"""The dashboard's pages as plain functions: store connection + what was asked + now -> HTML.

Every time shown is local: a plan's pages in the plan's time zone, the home and run pages in
the plans' zone when they share one (else Asia/Ho_Chi_Minh), always labelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from . import formats, messages, period_words, reports, store
from . import plans as plan_store
from .calendar import period_from_label, reporting_period
from .clock import DEFAULT_TIMEZONE, from_store, local_date
from .emails import Attachment
from .emails import render as render_template
from .errors import NotFound, PlanFailed, UserError
from .failures import Failure, blamed_on
from .overview import PlanOverview, overview
from .plan import Plan
from .reports.periods import CADENCE_ORDER, recent_periods, running_period
from .unit_view import unit_view

RUNS = 50  # runs listed on the run log
PICKED = 6  # periods of the shortest cadence offered by the plan page's picker


@dataclass(frozen=True, kw_only=True)
class Picked:
    """A period the plan page offers."""

    label: str
    name: str
    current: bool


def zone_label(moment: datetime) -> str:
    """"UTC+07:00, Asia/Ho_Chi_Minh": the zone a page's times are in."""
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}, {moment.tzinfo}"


def _zone(plans: list[Plan]) -> ZoneInfo:
    zones = {p.plan.timezone for p in plans}
    return ZoneInfo(zones.pop() if len(zones) == 1 else DEFAULT_TIMEZONE)


def _plans(conn: Connection) -> list[Plan]:
    return _readable(conn)[0]


def _readable(conn: Connection) -> tuple[list[Plan], list[Failure]]:
    """The stored plans this dondoc can read, in order, and those it cannot."""
    found, failed = plan_store.all_readable(conn)
    return sorted(found, key=_order), failed


def _order(plan: Plan) -> tuple[bool, int, str, str]:
    """Numbered plans by their number, then the others by title."""
    number = re.match(r"\d+", plan.plan.code)
    return (number is None, int(number.group()) if number else 0, plan.plan.code, plan.plan.title)


def _plan(conn: Connection, plan_id: str) -> Plan:
    if not store.plans.exists(conn, plan_id):
        raise NotFound(f"no plan {plan_id!r} in the store (see `dondoc plans`)")
    return plan_store.current(conn, plan_id)


def plan_overview(conn: Connection, plan: Plan, now: datetime) -> PlanOverview:
    today = local_date(now, plan.plan.timezone)
    rows = list(store.occurrences.begun(conn, today, plan.id))
    events, answers = store.events.of_plan(conn, plan.id), store.entries.of_plan(conn, plan.id)
    return overview(plan, plan_store.calendar_of(plan), rows, events, now, answers)


def overviews(conn: Connection, now: datetime) -> tuple[list[PlanOverview], list[Failure]]:
    """Each plan's overview as of its own date at ``now``, in the order of their numbers and titles,
    and the plans that failed (a plan that fails never hides the others)."""
    plans, failed = _readable(conn)
    found = []
    for plan in plans:
        try:
            with blamed_on(plan.id):
                found.append(plan_overview(conn, plan, now))
        except PlanFailed as exc:
            failed.append(Failure.of(exc))
    return found, failed


def home(conn: Connection, lang: str, now: datetime) -> str:
    """The chairman's page: every plan's status and trend, the scorecard, what needs attention."""
    found, failed = overviews(conn, now)
    local = now.astimezone(_zone([o.plan for o in found]))
    standings = sorted(
        ((o, s) for o in found for s in o.scorecard),
        key=lambda pair: (-pair[1].rate, -(pair[1].figures.done + pair[1].figures.overdue), pair[1].name),
    )
    context = {
        "plans": found,
        "failed": failed,
        "standings": standings,
        "inbox": store.inbox.states(conn),
        "outbox": store.outbox.states(conn),
        "now": local,
        "zone": zone_label(local),
        "L": messages.labels(lang),
        "pname": lambda label: period_words.name_of_period(label, lang),
        "trend": trend_chart(found),
    }
    return render_template(lang, "dashboard.html.j2", **context)


def runs(conn: Connection, lang: str, now: datetime) -> str:
    """The run log: every check, send and ingest, most recent first."""
    zone = _zone(_plans(conn))
    local = now.astimezone(zone)
    found = [
        {**run._asdict(), "at": from_store(run.now, str(zone)), "seconds": _seconds(run.started_at, run.finished_at)}
        for run in store.runs.last(conn, RUNS)
    ]
    context = {"runs": found, "now": local, "zone": zone_label(local)}
    return render_template(lang, "dashboard_runs.html.j2", **context)


def _seconds(started: datetime, finished: datetime | None) -> float | None:
    return None if finished is None else round((finished - started).total_seconds(), 2)


def picker(plan: Plan, today: date, lang: str, chosen: str) -> list[Picked]:
    """The periods the plan page offers: the last few of the plan's shortest cadence, and the
    running and last closed period of each longer cadence it reports on, from the plan's issue."""
    first = plan.plan.issued or date.min
    periods = list(recent_periods(plan, today, PICKED))
    for cadence in sorted(plan.reporting.cadences, key=CADENCE_ORDER.index)[1:]:
        current = reporting_period(cadence, today)
        periods += [current, reporting_period(cadence, current.start - timedelta(days=1))]
    labels = [p.label for p in periods if p.end >= first]  # none before the plan was issued
    if chosen not in labels:
        labels.append(chosen)
    unique = list(dict.fromkeys(labels))
    return [Picked(label=x, name=period_words.name_of_period(x, lang), current=x == chosen) for x in unique]


def _report(conn: Connection, plan: Plan, label: str | None, lang: str, now: datetime) -> reports.Report:
    """The report of ``label`` (default: the running period) as of now, in ``lang``."""
    period = label or running_period(plan, local_date(now, plan.plan.timezone)).label
    try:
        period_from_label(period)
    except ValueError:
        raise NotFound(period) from None
    try:
        report = reports.gather(conn, plan.id, period, now)
    except UserError:
        raise NotFound(period) from None
    return replace(report, plan=replace(report.plan, language=lang))


def plan_page(conn: Connection, plan_id: str, label: str | None, lang: str, now: datetime) -> str:
    """A period's report of one plan as of now (the running period by default), with the period
    picker, the downloads and what needs attention first."""
    plan = _plan(conn, plan_id)
    report = _report(conn, plan, label, lang, now)
    today = local_date(now, plan.plan.timezone)
    running = running_period(plan, today)
    extra = {
        "periods": picker(plan, today, lang, report.period),
        "running": report.period == running.label,
        "zone": zone_label(report.generated_at),
        "query": f"period={report.period}&lang={lang}",
    }
    return formats.html(report, "dashboard_plan.html.j2", **extra)


def download(conn: Connection, plan_id: str, fmt: str, label: str | None, lang: str, now: datetime) -> Attachment:
    """The report of a period as a file (DOCX, XLSX or HTML)."""
    plan = _plan(conn, plan_id)
    return formats.attachment(_report(conn, plan, label, lang, now), fmt)


def _unit(conn: Connection, plan_id: str, unit_id: str) -> Plan:
    """The plan of a unit dondoc writes to (an external body has no page and no calendar)."""
    plan = _plan(conn, plan_id)
    if unit_id not in plan.units_by_id or plan.unit(unit_id).external:
        raise NotFound(f"plan {plan_id!r} has no unit {unit_id!r} that dondoc writes to")
    return plan


def unit_page(conn: Connection, plan_id: str, unit_id: str, lang: str, now: datetime, feed: str) -> str:
    """What a unit owes and what it did; ``feed`` is the address of its calendar."""
    plan = _unit(conn, plan_id, unit_id)
    today = local_date(now, plan.plan.timezone)
    rows = list(store.occurrences.begun(conn, today, plan.id, unit_id))
    events = store.events.of_plan(conn, plan.id)
    view = unit_view(plan, plan_store.calendar_of(plan), unit_id, rows, events, now)
    local = now.astimezone(ZoneInfo(plan.plan.timezone))
    context = {
        "plan": plan,
        "unit": plan.unit(unit_id),
        "v": view,
        "now": local,
        "zone": zone_label(local),
        "L": messages.labels(lang),
        "pname": lambda label: period_words.name_of_period(label, lang),
        "pwords": lambda periods: period_words.periods_in_words(periods, lang),
        "feed": feed,
    }
    return render_template(lang, "dashboard_unit.html.j2", **context)


def calendar_feed(conn: Connection, plan_id: str, unit_id: str, now: datetime, domain: str, link: str | None) -> bytes:
    """A unit's deadlines as an iCalendar feed (``feed``); ``link`` is its page on the dashboard."""
    from .feed import unit_feed  # icalendar: imported by the calendar only

    plan = _unit(conn, plan_id, unit_id)
    rows = list(store.occurrences.begun(conn, local_date(now, plan.plan.timezone), plan.id, unit_id))
    return unit_feed(plan, plan_store.calendar_of(plan), unit_id, rows, now, domain=domain, link=link)


# --- the trend chart (inline SVG; geometry here, drawing in the template) ------------------

CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_BOTTOM, CHART_RIGHT = 640, 220, 40, 24, 28
PALETTE = ("#c62828", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#ad1457")


def trend_chart(found: list[PlanOverview]) -> dict[str, object]:
    """One line per plan: the overdue share at each week end, on a 0–100 % scale."""
    lines = []
    width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    height = CHART_HEIGHT - CHART_BOTTOM - 10
    for index, o in enumerate(found):
        points = o.trend
        step = width / max(len(points) - 1, 1)
        xy = [
            (round(CHART_LEFT + i * step, 1), round(10 + height * (1 - p.share / 100), 1))
            for i, p in enumerate(points)
        ]
        lines.append(
            {
                "plan": o.plan,
                "colour": PALETTE[index % len(PALETTE)],
                "points": " ".join(f"{x},{y}" for x, y in xy),
                "dots": [(x, y, p) for (x, y), p in zip(xy, points, strict=True)],
            }
        )
    days = [p.on for p in found[0].trend] if found else []
    step = width / max(len(days) - 1, 1)
    ticks = [(round(CHART_LEFT + i * step, 1), d) for i, d in enumerate(days)]
    grid = [(round(10 + height * (1 - v / 100), 1), v) for v in (0, 25, 50, 75, 100)]
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "lines": lines, "ticks": ticks, "grid": grid}
