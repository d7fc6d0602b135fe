"""The committee's figures, defined once (pure): what every surface counts and how.

The home page, the plan page, the reports and the committee's emails all count with these
functions, so that they always agree:

- an **item** is one occurrence a unit leads (a task's deadline, a recurring task's period, an
  ongoing duty); coordinators' copies and periodic reports are not items;
- a **window** is a reporting period seen on a day (``as_of``): the items that had begun by
  then, less those done before the period started (reported last time), up to the horizon
  occurrences are generated for;
- each item has one **status class** on the as-of day, rebuilt from its done date: done on
  time, done late, in progress within its deadline (``on_track``), overdue, no deadline, or
  ``stopped`` (its task is cancelled or paused that day and it was not done);
- **due** counts the items whose deadline had passed by the as-of day (the deadline day
  included), done or not; the **overdue share** is overdue / due, as the Government Office
  counts it (0 when nothing has fallen due);
- **tasks** counts the distinct tasks of the window's items: a weekly task late for 13 weeks
  is one task and 13 overdue items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .calendar import period_from_label
from .clock import from_store
from .occurrences import HORIZON, REPORT
from .status import status_class
from .store.occurrences import StoredOccurrence
from .vocabulary import Role, State


class StatusClass(StrEnum):
    """Where an item stands on a day (the government's task-tracking categories, and stopped)."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    ON_TRACK = "on_track"
    OVERDUE = "overdue"
    NO_DEADLINE = "no_deadline"
    STOPPED = "stopped"


CLASSES = tuple(StatusClass)
DONE = (StatusClass.DONE_ON_TIME, StatusClass.DONE_LATE)


class ReportState(StrEnum):
    """A unit's periodic report for a period."""

    RECEIVED = "received"
    MISSING = "missing"  # its due date has passed
    PENDING = "pending"  # not due yet


@dataclass(frozen=True, kw_only=True)
class Window:
    """A period seen on a day: ``start`` is the period's first day, ``as_of`` the day counted."""

    start: date
    as_of: date


@dataclass(frozen=True, kw_only=True)
class Figures:
    """The counts of a window (for a plan, or one unit of it)."""

    tasks: int = 0  # distinct tasks
    items: int = 0
    classes: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    due: int = 0  # items whose deadline had passed by the as-of day
    tasks_overdue: int = 0  # distinct tasks with an overdue item

    def __getitem__(self, status: str) -> int:
        return self.classes.get(status, 0)

    @property
    def overdue(self) -> int:
        return self[StatusClass.OVERDUE]

    @property
    def done(self) -> int:
        return self[StatusClass.DONE_ON_TIME] + self[StatusClass.DONE_LATE]

    @property
    def in_progress(self) -> int:
        """Not done and not stopped: within the deadline, overdue, or without one."""
        return self[StatusClass.ON_TRACK] + self[StatusClass.OVERDUE] + self[StatusClass.NO_DEADLINE]

    @property
    def share(self) -> float:
        """Overdue items as a percentage of the items fallen due (one decimal)."""
        return round(100 * self.overdue / self.due, 1) if self.due else 0.0

    @property
    def on_time_rate(self) -> float | None:
        """Items done on time as a percentage of those fallen due or done (None when none has)."""
        judged = self.done + self.overdue
        return round(100 * self[StatusClass.DONE_ON_TIME] / judged, 1) if judged else None


def local_day(stored: datetime, timezone: str) -> date:
    """The local day of a stored (naive UTC) moment."""
    return from_store(stored, timezone).date()


def done_on(row: StoredOccurrence, timezone: str, as_of: date | None = None) -> date | None:
    """The local day an occurrence was done, if it was done (by ``as_of``, when given)."""
    if row.state != State.DONE or row.done_at is None:
        return None
    day = local_day(row.done_at, timezone)
    return None if as_of is not None and day > as_of else day


def is_item(row: StoredOccurrence) -> bool:
    """Whether an occurrence counts as an item: a task its unit leads."""
    return row.role == Role.LEAD and row.task_id != REPORT


def in_window(row: StoredOccurrence, window: Window, timezone: str) -> bool:
    """Begun by the as-of day, due within the horizon of it, and not done before the window began.

    Occurrences exist up to ``HORIZON`` ahead of the last check: cutting there makes the
    figures of a past period the same whenever they are computed.
    """
    begun = row.period_start is None or row.period_start <= window.as_of
    within = row.due is None or row.due <= window.as_of + HORIZON
    finished = done_on(row, timezone)
    return begun and within and not (finished is not None and finished < window.start)


def status_of(
    row: StoredOccurrence, as_of: date, timezone: str, stopped: Collection[str] = frozenset()
) -> StatusClass:
    """The status class of an occurrence on ``as_of``; ``stopped`` are the tasks stopped that day.
    A cancelled task's occurrence is stopped from the day its cancellation took effect
    (``stopped_on``: ``status_since``, else the day the revision was loaded), not before."""
    finished = done_on(row, timezone, as_of)
    cancelled_later = row.stopped_on is not None and row.stopped_on > as_of
    if finished is None and row.task_id in stopped and not cancelled_later:
        return StatusClass.STOPPED
    return StatusClass(status_class(State.DONE if finished else State.IN_PROGRESS, row.due, finished, as_of))


def items(rows: Iterable[StoredOccurrence], window: Window, timezone: str) -> list[StoredOccurrence]:
    """The items of a window."""
    return [row for row in rows if is_item(row) and in_window(row, window, timezone)]


def count(
    rows: Iterable[StoredOccurrence],
    window: Window,
    timezone: str,
    stopped: Collection[str] = frozenset(),
) -> Figures:
    """The figures of a window over ``rows`` (a plan's occurrences, or one unit's)."""
    classes: Counter[str] = Counter()
    tasks: set[str] = set()
    late_tasks: set[str] = set()
    due = 0
    for row in items(rows, window, timezone):
        status = status_of(row, window.as_of, timezone, stopped)
        classes[status] += 1
        tasks.add(row.task_id)
        if status == StatusClass.OVERDUE:
            late_tasks.add(row.task_id)
        if row.due is not None and row.due <= window.as_of and status != StatusClass.STOPPED:
            due += 1
    return Figures(
        tasks=len(tasks),
        items=sum(classes.values()),
        classes={c: classes[c] for c in CLASSES},
        due=due,
        tasks_overdue=len(late_tasks),
    )


def by_unit(
    rows: Iterable[StoredOccurrence], window: Window, timezone: str, stopped: Collection[str] = frozenset()
) -> dict[str, Figures]:
    """The figures of each unit that leads an item of the window."""
    grouped: dict[str, list[StoredOccurrence]] = {}
    for row in items(rows, window, timezone):
        grouped.setdefault(row.unit_id, []).append(row)
    return {unit: count(mine, window, timezone, stopped) for unit, mine in grouped.items()}


def overdue(
    rows: Iterable[StoredOccurrence], as_of: date, timezone: str, stopped: Collection[str] = frozenset()
) -> list[StoredOccurrence]:
    """Every overdue item among ``rows`` on ``as_of`` (whatever the window: an open item is in all)."""
    window = Window(start=as_of, as_of=as_of)
    return [row for row in items(rows, window, timezone) if status_of(row, as_of, timezone, stopped) == "overdue"]


def reports(rows: Iterable[StoredOccurrence], period: str, today: date) -> dict[str, tuple[ReportState, date | None]]:
    """Each reporting unit's periodic report of ``period`` on ``today``, with its due date. One
    report answers every period closing on its cut-off (``reporting``): the quarter II report is
    the one labelled with the first half."""
    cut_off = period_from_label(period).end
    found: dict[str, tuple[ReportState, date | None]] = {}
    for row in rows:
        if row.task_id == REPORT and period_from_label(row.period).end == cut_off:
            if row.state == State.DONE:
                state = ReportState.RECEIVED
            else:
                state = ReportState.MISSING if row.due and row.due < today else ReportState.PENDING
            found[row.unit_id] = (state, row.due)
    return found
