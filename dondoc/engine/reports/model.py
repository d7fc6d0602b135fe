"""The period report as data: what the renderers (``formats``) draw, in every format alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from ..figures import Figures


@dataclass(frozen=True, kw_only=True)
class Member:
    name: str
    role: str


@dataclass(frozen=True, kw_only=True)
class PlanInfo:
    """What the document's header and signature are made of (``formats.letterhead`` lays them out)."""

    id: str
    code: str
    title: str
    issuer: str
    superior: str
    body: str  # state | party
    place: str
    committee: str
    signer: str  # the plan's signer
    committee_signer: str  # committee.signer: who signs the committee's reports, when the plan says
    members: tuple[Member, ...]
    language: str
    timezone: str
    tasks: int  # the plan's tasks, whatever their state


@dataclass(frozen=True, kw_only=True)
class Update:
    """The latest thing said about an item."""

    on: date
    kind: str
    progress: int | None
    text: str
    actor: str


@dataclass(frozen=True, kw_only=True)
class Item:
    """One item (an occurrence a unit leads) as the report sees it on its as-of day."""

    task: str
    title: str
    section: str | None
    unit: str
    unit_name: str
    period: str
    due: date | None
    original_due: date | None
    status_class: str
    progress: int
    done_on: date | None
    days_overdue: int
    blocked: bool
    last_update: Update | None


@dataclass(frozen=True, kw_only=True)
class Author:
    unit: str
    name: str
    role: str  # lead | coordinator | "" (a unit that neither leads nor coordinates the task)


@dataclass(frozen=True, kw_only=True)
class Statement:
    """A sentence units said in the period, once, with everyone who said it (lead first)."""

    kind: str  # result | obstacle | proposal
    task: str | None  # None: about the plan as a whole
    text: str
    on: date  # the first day it was said
    authors: tuple[Author, ...]
    status: str | None  # the update it came with (done, progress, blocked ...), None for a note
    progress: int | None


@dataclass(frozen=True, kw_only=True)
class ItemGroup:
    """A recurring task's items of one status class: "13 weeks overdue: weeks 11-24/2026"."""

    status_class: str
    periods: tuple[str, ...]  # period labels, oldest first
    days_overdue: int  # the most of any of them


@dataclass(frozen=True, kw_only=True)
class TaskReport:
    """One task of section I: where its items stand and what its units said."""

    task: str
    title: str
    section: str | None
    kind: str  # due | repeat | ongoing
    repeat: str | None
    lead: str
    lead_name: str
    coordinators: tuple[str, ...]  # names
    status_class: str  # the task's: its worst item's (stopped, overdue, on track, ...)
    stopped_reason: str
    items: tuple[Item, ...]
    groups: tuple[ItemGroup, ...]  # recurring tasks only
    statements: tuple[Statement, ...]


@dataclass(frozen=True, kw_only=True)
class SectionReport:
    id: str | None
    title: str
    tasks: tuple[TaskReport, ...]


@dataclass(frozen=True, kw_only=True)
class TargetRow:
    target: str
    title: str
    measure: str
    direction: str
    lead: str
    lead_name: str
    year: int  # the milestone's year: this year's, else the next, else the last
    milestone: float
    value: float | None
    reported_on: date | None
    attainment: float | None  # percent of the milestone reached (for "down": milestone / value)
    projected: float | None  # the trend's value at the end of ``year``
    assessment: str  # attained | on_course | at_risk | missed | unknown | no_data | stopped
    stopped_reason: str


@dataclass(frozen=True, kw_only=True)
class UnitRow:
    """A unit's line of the completeness table: its items, what it said, its report."""

    unit: str
    name: str
    figures: Figures
    coordinating: int
    statements: int  # sentences it said in the period
    report: str | None  # received | missing | pending | None (owes no report for the period)
    report_due: date | None


@dataclass(frozen=True, kw_only=True)
class Remark:
    """An obstacle or a proposal, once, dated the first time it was said, with everyone who said it."""

    on: date
    authors: tuple[Author, ...]
    text: str


@dataclass(frozen=True, kw_only=True)
class RemarkGroup:
    """The remarks said about the same tasks (none: the plan as a whole)."""

    tasks: tuple[str, ...]
    title: str  # the task's title when there is one task
    remarks: tuple[Remark, ...]


@dataclass(frozen=True, kw_only=True)
class Extension:
    on: date
    task: str
    title: str
    unit: str
    unit_name: str
    decision: str  # requested | approved | refused
    until: date | None
    text: str


@dataclass(frozen=True, kw_only=True)
class Owed:
    """What a unit that did not report still owes: an open item, or an ongoing duty it said nothing of."""

    task: str
    title: str
    due: date | None
    reason: str  # overdue | due | silent


@dataclass(frozen=True, kw_only=True)
class MissingReport:
    unit: str
    name: str
    due: date | None
    owes: tuple[Owed, ...]


@dataclass(frozen=True, kw_only=True)
class Upcoming:
    """A deadline or milestone of the next period (a recurring task's, once, with how many)."""

    on: date
    kind: str  # task | recurring | report | milestone
    code: str  # the task or target; a report's: "report"
    title: str  # a report's: its period label
    unit_name: str
    count: int  # a recurring task's deadlines in the period; 1 otherwise
    last: date | None  # a recurring task's last deadline in the period
    value: float | None  # a milestone's
    measure: str
    cadence: str  # a report's


@dataclass(frozen=True, kw_only=True)
class NextPeriod:
    label: str
    cadence: str
    start: date
    end: date
    upcoming: tuple[Upcoming, ...]


@dataclass(frozen=True, kw_only=True)
class EventLine:
    """One event of the report's window, as the XLSX events sheet lists it."""

    on: date
    kind: str
    unit: str | None
    unit_name: str
    task: str | None
    period: str | None
    progress: int | None
    value: float | None
    text: str
    by_email: bool  # said in an email (else entered by the secretariat)


@dataclass(frozen=True, kw_only=True)
class Report:
    plan: PlanInfo
    period: str
    cadence: str
    period_start: date
    period_end: date
    as_of: date
    remarks_until: date
    generated_at: datetime
    figures: Figures
    sections: tuple[SectionReport, ...]
    said: tuple[Statement, ...]  # about the plan as a whole (no task)
    items: tuple[Item, ...]
    overdue: tuple[Item, ...]  # most days overdue first
    blocked: tuple[Item, ...]
    targets: tuple[TargetRow, ...]
    units: tuple[UnitRow, ...]
    obstacles: tuple[RemarkGroup, ...]
    proposals: tuple[RemarkGroup, ...]
    extensions: tuple[Extension, ...]
    missing_reports: tuple[MissingReport, ...]
    next_period: NextPeriod
    events: tuple[EventLine, ...] = field(default=())

    @property
    def tasks(self) -> tuple[TaskReport, ...]:
        return tuple(t for s in self.sections for t in s.tasks)

    def to_json(self) -> dict[str, Any]:
        """The model as JSON values: dates as ISO strings, keys as in the dataclasses, and the
        headline figures (``headline``: due, overdue, share; ``counts``: items per status class)."""
        found: dict[str, Any] = _jsonable(asdict(self))
        figures = self.figures
        found["headline"] = {
            "tasks": figures.tasks,
            "items": figures.items,
            "due": figures.due,
            "overdue": figures.overdue,
            "share": figures.share,
        }
        found["counts"] = dict(figures.classes)
        return found


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return value
