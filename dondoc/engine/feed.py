"""A unit's calendar feed (iCalendar, RFC 5545): what it must deliver, and when (pure).

One all-day event per deadline the unit owes, from ``BEHIND`` days ago to ``AHEAD`` days on:
the tasks it leads or coordinates (a recurring task's every period) and its periodic reports.
The dates come from the plan itself (``occurrences.expected``), so the feed reaches past the
horizon the store is generated to; the store adds what happened (an extension moves the
deadline, a done deadline says so). All-day dates are the plan's own calendar days, whatever
the reader's time zone; the calendar names the plan's zone (``X-WR-TIMEZONE``).

A deadline's UID is stable (plan, unit, task, period, at the sender's domain): a subscribed
calendar updates the event when the deadline moves instead of adding another. Words come from
``templates/<lang>/calendar.txt.j2`` (the description) and ``report.yaml`` (``calendar``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from .calendar import WorkCalendar
from .clock import from_store, local_date
from .emails import render as render_template
from .messages import labels
from .occurrences import REPORT, Occurrence, expected, plan_start
from .period_words import name_of_period, periods_in_words
from .plan import Plan
from .store.occurrences import StoredOccurrence
from .vocabulary import State

BEHIND = timedelta(days=60)
AHEAD = timedelta(days=400)


def unit_feed(
    plan: Plan,
    cal: WorkCalendar,
    unit: str,
    rows: Sequence[StoredOccurrence],
    now: datetime,
    *,
    domain: str,
    link: str | None = None,
) -> bytes:
    """The feed of ``unit`` at ``now``: ``rows`` are its stored occurrences, ``link`` the address of
    its dashboard page (when the dashboard is reachable)."""
    words = labels(plan.language)["calendar"]
    today = local_date(now, plan.plan.timezone)
    stored = {(r.task_id, r.period): r for r in rows}
    feed = Calendar()
    feed.add("prodid", "-//dondoc//dondoc//VI")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    named = plan.plan.code if plan.plan.code[:1].isdigit() else plan.committee.name
    feed.add("x-wr-calname", words["name"].format(unit=plan.unit(unit).name, plan=named))
    feed.add("x-wr-timezone", plan.plan.timezone)
    feed.add("refresh-interval;value=duration", "PT6H")
    for occ in _owed(plan, cal, unit, today):
        row = stored.get((occ.task_id, occ.period))
        feed.add_component(_event(plan, occ, row, now.astimezone(UTC), domain, link, words))
    found: bytes = feed.to_ical()
    return found


def _owed(plan: Plan, cal: WorkCalendar, unit: str, today: date) -> list[Occurrence]:
    """The unit's deadlines in the feed's window, by date."""
    first, last = today - BEHIND, today + AHEAD
    found = []
    for occ in expected(plan, cal, plan_start(plan, first), last):
        if occ.unit_id != unit or occ.due is None or not first <= occ.due <= last:
            continue
        if occ.task_id != REPORT and plan.task(occ.task_id).stopped_on(occ.due):
            continue
        found.append(occ)
    return sorted(found, key=lambda o: (o.due or date.max, o.task_id, o.period))


def _event(
    plan: Plan,
    occ: Occurrence,
    row: StoredOccurrence | None,
    stamp: datetime,
    domain: str,
    link: str | None,
    words: dict[str, Any],
) -> Event:
    lang = plan.language
    due = row.due if row is not None and row.due is not None else occ.due
    assert due is not None, "the feed lists deadlines"
    done = row is not None and row.state == State.DONE and row.done_at is not None
    done_on = from_store(row.done_at, plan.plan.timezone).date() if done and row and row.done_at else None
    task = plan.task(occ.task_id) if occ.task_id != REPORT else None
    recurring = task is not None and task.kind == "repeat"
    if task is None:
        summary = words["report"].format(period=name_of_period(occ.period, lang))
    else:
        summary = words["task"].format(code=task.id, title=task.title)
        if recurring:
            summary += f" ({periods_in_words([occ.period], lang)})"
    if done_on:
        summary = words["done"].format(summary=summary)
    context = {
        "plan": plan,
        "task": task,
        "role": str(occ.role),
        "due": due,
        "original_due": occ.original_due if row is not None and row.extension_until else None,  # an extension's
        "done_on": done_on,
        "period_words": periods_in_words([occ.period], lang) if recurring else "",
        "report_period": name_of_period(occ.period, lang) if task is None else "",
        "link": link,
    }
    event = Event()
    event.add("uid", f"{plan.id}.{occ.unit_id}.{occ.task_id}.{occ.period}@{domain}")
    event.add("dtstamp", stamp)
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", render_template(lang, "calendar.txt.j2", **context).strip())
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
    event.add("categories", [words["categories"][str(occ.role)]])
    if link:
        event.add("url", link)
    return event
