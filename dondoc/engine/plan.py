"""The plan model: what a plan file may say (docs/plan-format.md), as pydantic v2 models.

Field names are the YAML keys. Validators raise ``PydanticCustomError`` whose type is a
key of the message catalog, so that ``validate`` can print them in the plan's language.
Rules that relate several parts of a plan (references, cycles) live in ``validate``.

Every plan the model accepts is one the engine can run: dates lie in ``FIRST_DATE ..
LAST_DATE``, day counts are at most ``MAX_WORKING_DAYS``, numbers are finite, and lists
and texts have generous upper bounds (``Limits``), so that one plan can never stop the
others of a store by asking for what cannot be computed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache, cached_property
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .errors import NotFound

FORMAT_VERSION = 1

# Dates a plan may use: a plan is written for this century (milestone years too).
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2100, 12, 31)
# Working days a reminder may come before, an escalation after, a report be due after its
# cut-off: one working year.
MAX_WORKING_DAYS = 250
ID_LENGTH = 64  # ids and codes (the store keeps 100 characters)
LINE_LENGTH = 1_000  # a code, a name, a place
TITLE_LENGTH = 5_000  # a title (a real plan's title cites its documents: 1,276 characters)
PROSE_LENGTH = 20_000  # descriptions, outputs, bases, reasons
# The largest plan seen has 62 tasks, 21 units, 34 targets; a province's may have a hundred
# times more.
MAX_TASKS, MAX_UNITS, MAX_TARGETS = 5_000, 2_000, 2_000
MAX_VALUE = 1e15  # a milestone's value: a count, a percentage, an amount of đồng

Cadence = Literal["weekly", "monthly", "quarterly", "semiannual", "nine_months", "annual"]
Repeat = Literal["weekly", "monthly", "quarterly", "semiannual", "annual"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Notify = Literal["lead", "head", "coordinators", "committee", "secretariat"]
Status = Literal["active", "cancelled", "paused"]
Body = Literal["state", "party"]
# What people write for the issuer's kind (folded), suggested in a message.
BODY_WORDS = {
    "dang": "party",
    "to chuc dang": "party",
    "cap uy": "party",
    "dang uy": "party",
    "nha nuoc": "state",
    "chinh quyen": "state",
    "co quan nha nuoc": "state",
    "government": "state",
}
STATUS_SYNONYMS = {"canceled": "cancelled"}  # the American spelling means the same
STOPPED: tuple[Status, ...] = ("cancelled", "paused")
# Keys people write on a task to stop it, where the format says `status: ...`.
STOP_KEYS = {"cancelled", "canceled", "cancel", "paused", "pause", "stopped", "stop", "suspended", "inactive"}
# What people write in Vietnamese (folded: no diacritics, lower case), suggested in a message.
STATUS_WORDS = {
    "huy": "cancelled",
    "da huy": "cancelled",
    "bai bo": "cancelled",
    "dung": "cancelled",
    "ngung": "cancelled",
    "tam dung": "paused",
    "tam ngung": "paused",
    "hoan": "paused",
    "tam hoan": "paused",
    "dang thuc hien": "active",
    "hoat dong": "active",
}

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_CODE = re.compile(r"^[A-Za-z0-9\u00C0-\u1EF9][A-Za-z0-9\u00C0-\u1EF9._/-]*$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


def _fail(kind: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, kind, {"value": value})


def _text(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("empty_text", "empty_text")
    return value


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise _fail("bad_slug", value)
    return value


def _code(value: str) -> str:
    if not _CODE.match(value):
        raise _fail("bad_code", value)
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise _fail("bad_email", value)
    return value


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _date(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
            raise _fail("expected_date", value)
        year, month, day = (int(part) for part in value.strip().split("-"))
        try:
            value = date(year, month, day)
        except ValueError:
            raise _fail("invalid_date", value) from None
    if not isinstance(value, date):
        raise _fail("expected_date", value)
    if not FIRST_DATE <= value <= LAST_DATE:
        raise PydanticCustomError(
            "date_range", "date_range", {"value": value.isoformat(), "first": FIRST_DATE.year, "last": LAST_DATE.year}
        )
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail("bad_timezone", value) from None
    return value


def _time(value: str) -> str:
    if not _TIME.match(value):
        raise _fail("bad_time", value)
    return value


@cache  # the package builds this list afresh on every call: half the cost of loading a plan
def _countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


def _country(value: str | None) -> str | None:
    if value is not None and value not in _countries():
        raise _fail("bad_country", value)
    return value


def _year(value: Any) -> Any:
    if isinstance(value, str) and value.isdigit():  # JSON (and quoted YAML) keys are text
        value = int(value)
    if not isinstance(value, int) or not FIRST_DATE.year <= value <= LAST_DATE.year:
        raise _fail("bad_year", value)
    return value


def _status(value: Any) -> Any:
    return STATUS_SYNONYMS.get(value, value) if isinstance(value, str) else value


class AsTyped:
    """Marks a field read from the text as typed even when YAML reads it as a number:
    ``send_at: 07:30`` (YAML 1.1: the number 450) means the time 07:30."""


Text = Annotated[str, Field(max_length=TITLE_LENGTH), AfterValidator(_text)]
Line = Annotated[str, Field(max_length=LINE_LENGTH)]
Prose = Annotated[str, Field(max_length=PROSE_LENGTH)]
Slug = Annotated[str, Field(max_length=ID_LENGTH), AfterValidator(_slug)]
Code = Annotated[str, Field(max_length=ID_LENGTH), AfterValidator(_code)]
Email = Annotated[str, Field(max_length=LINE_LENGTH), AfterValidator(_email)]
PlanDate = Annotated[date, BeforeValidator(_date)]
Dates = Annotated[list[PlanDate], Field(max_length=1_000)]
Year = Annotated[int, BeforeValidator(_year)]
WorkingDays = Annotated[int, Field(ge=1, le=MAX_WORKING_DAYS)]
Slugs = Annotated[list[Slug], Field(max_length=500)]
Codes = Annotated[list[Code], Field(max_length=500)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class PlanMeta(Model):
    id: Slug
    code: Line = ""
    title: Text
    issuer: Line = ""
    issued: PlanDate | None = None
    signer: Line = ""
    place: Line = ""  # địa danh of the date line in documents ("Gia Lộc" -> "Gia Lộc, ngày ...")
    # cơ quan cấp trên, the first line of the document's header ("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG")
    superior: Line = ""
    # who issued it: a state body (layout of Nghị định 30/2020/NĐ-CP) or a Party committee (Hướng dẫn 36-HD/VPTW)
    body: Body = "state"
    sender: Email | None = None  # this plan's From address (one commune's mailbox); default DONDOC_FROM
    bases: Annotated[list[Prose], Field(max_length=100)] = []
    parent: Slug | None = None
    timezone: Annotated[Line, AfterValidator(_timezone)] = "Asia/Ho_Chi_Minh"
    language: Literal["vi", "en"] = "vi"


class Person(Model):
    name: Text
    email: Email


class Member(Model):
    name: Text
    role: Line = ""
    email: Email


class Committee(Model):
    name: Text
    secretariat: Slug
    members: Annotated[list[Member], Field(max_length=500)] = []
    # who signs the committee's reports, when neither its first member (a real name) nor the plan's
    # signer is the right person; a member's name takes that member's role (reports: letterhead)
    signer: Line = ""


class Unit(Model):
    id: Slug
    name: Text
    # Required unless external (validate says so at the unit, with the model's own message):
    # an external body is named in documents and never written to, so it may have no address.
    email: Annotated[list[Email], BeforeValidator(_as_list), Field(max_length=20)] = []
    head: Person | None = None
    aliases: Annotated[list[Line], Field(max_length=100)] = []  # other names the document uses for this unit
    external: bool = False  # outside the plan's authority: named in documents, never sent anything


class CalendarSpec(Model):
    workdays: Annotated[list[Weekday], Field(min_length=1, max_length=7)] = ["mon", "tue", "wed", "thu", "fri"]
    holidays: Annotated[Line | None, AfterValidator(_country)] = "VN"
    extra_days_off: Dates = []
    extra_workdays: Dates = []
    send_at: Annotated[str, AsTyped(), AfterValidator(_time)] = "07:30"
    deadline_on_day_off: Literal["next_working_day", "keep"] = "next_working_day"


class Reporting(Model):
    # `from` is a Python keyword: the field is `from_`, read and written as `from`.
    model_config = ConfigDict(serialize_by_alias=True)  # merged with Model's: still frozen, extra="forbid"

    to: Slug | None = None  # default: the committee's secretariat
    # default: every non-external lead of a task or a target (Plan.reporting_units)
    from_: Annotated[list[Slug], Field(max_length=2_000)] | None = Field(default=None, alias="from")
    cadences: Annotated[list[Cadence], Field(max_length=6)] = ["semiannual", "annual"]
    due_offset: Annotated[int, Field(ge=0, le=MAX_WORKING_DAYS)] = 1


class Reminders(Model):
    before: Annotated[list[WorkingDays], Field(max_length=20)] = [7, 3, 1]


class EscalationStep(Model):
    after: WorkingDays
    notify: Annotated[list[Notify], Field(min_length=1, max_length=5)]


DEFAULT_ESCALATION = [
    EscalationStep(after=1, notify=["lead"]),
    EscalationStep(after=5, notify=["lead", "head"]),
    EscalationStep(after=10, notify=["committee"]),
]


class Stoppable(Model):
    """What stops a task or a target for good (``cancelled``) or for a while (``paused``).

    The rules that relate these keys (a reason when stopped, ``paused_until`` when paused
    and only then, after ``status_since``) are checked in ``validate``.
    """

    status: Annotated[Status, BeforeValidator(_status)] = "active"
    status_reason: Prose = ""  # shown in reports beside the stopped item
    status_since: PlanDate | None = None  # the day it took effect (default: always)
    paused_until: PlanDate | None = None  # the last day of a pause; it resumes the next day

    def stopped_on(self, day: date) -> bool:
        """Whether the item is cancelled or paused on ``day``."""
        if self.status == "active" or (self.status_since is not None and day < self.status_since):
            return False
        return self.status == "cancelled" or self.paused_until is None or day <= self.paused_until


class Target(Stoppable):
    id: Code
    title: Text
    measure: Line = ""
    direction: Literal["up", "down"] = "up"
    milestones: Annotated[dict[Year, Annotated[float, Field(ge=-MAX_VALUE, le=MAX_VALUE)]], Field(min_length=1)]
    lead: Slug
    coordinators: Slugs = []
    description: Prose = ""


class Task(Stoppable):
    id: Code
    title: Text
    section: Code | None = None
    lead: Slug
    coordinators: Slugs = []
    due: PlanDate | None = None
    repeat: Repeat | None = None
    ongoing: bool = False
    start: PlanDate | None = None
    end: PlanDate | None = None
    targets: Codes = []
    depends_on: Codes = []
    description: Prose = ""
    output: Prose = ""  # sản phẩm: what the task must produce

    @property
    def kind(self) -> Literal["due", "repeat", "ongoing"]:
        if self.due is not None:
            return "due"
        return "repeat" if self.repeat is not None else "ongoing"


class Section(Model):
    id: Code
    title: Text


class Plan(Model):
    """A whole plan file."""

    dondoc: int
    plan: PlanMeta
    committee: Committee
    units: Annotated[list[Unit], Field(min_length=1, max_length=MAX_UNITS)]
    calendar: CalendarSpec = CalendarSpec()
    reporting: Reporting = Reporting()
    reminders: Reminders = Reminders()
    escalation: Annotated[list[EscalationStep], Field(max_length=20)] = DEFAULT_ESCALATION
    targets: Annotated[list[Target], Field(max_length=MAX_TARGETS)] = []
    tasks: Annotated[list[Task], Field(min_length=1, max_length=MAX_TASKS)]
    sections: Annotated[list[Section], Field(max_length=MAX_TASKS)] = []

    @property
    def id(self) -> str:
        return self.plan.id

    @property
    def language(self) -> str:
        return self.plan.language

    @property
    def report_to(self) -> str:
        return self.reporting.to or self.committee.secretariat

    # Plans are frozen and never copied with changes (a model_copy(update=...) would keep these).
    @cached_property
    def units_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def tasks_by_id(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id (looked up for every item of every digest: a dict, not a scan)."""
        if unit_id not in self.units_by_id:
            raise NotFound(f"plan {self.id!r} has no unit {unit_id!r}")
        return self.units_by_id[unit_id]

    @cached_property
    def reporting_units(self) -> list[str]:
        """The units that owe periodic reports, in plan order: `reporting.from`, or by default every
        unit that leads a task or a target and is not external."""
        if self.reporting.from_ is not None:
            return list(dict.fromkeys(self.reporting.from_))
        leads = {t.lead for t in self.tasks} | {t.lead for t in self.targets}
        return [u.id for u in self.units if u.id in leads and not u.external]

    def reached(self, unit_ids: Iterable[str]) -> list[str]:
        """Those of these units dondoc writes to, in the order given.

        The one place the rule lives: an external unit is named in documents but never receives
        anything (no occurrence, reminder, report request, escalation or answer)."""
        return [u for u in unit_ids if not self.unit(u).external]

    def stopped_tasks(self, day: date) -> frozenset[str]:
        """The tasks cancelled or paused on ``day``."""
        return frozenset(t.id for t in self.tasks if t.stopped_on(day))

    def task(self, task_id: str) -> Task:
        if task_id not in self.tasks_by_id:
            raise NotFound(f"plan {self.id!r} has no task {task_id!r}")
        return self.tasks_by_id[task_id]

    @cached_property
    def years(self) -> tuple[int, int] | None:
        """The first and last year the plan's own dates fall in (issue date, deadlines,
        windows, pauses, milestones, extra days), one more on each side for the reminders
        before the first and the escalations after the last; None if it names no date.
        Open windows (an ongoing task, a repeat with no end) reach further as time passes:
        the working-day calendar grows for them."""
        items: list[Stoppable] = [*self.tasks, *self.targets]
        days = [self.plan.issued, *self.calendar.extra_days_off, *self.calendar.extra_workdays]
        days += [d for t in self.tasks for d in (t.due, t.start, t.end)]
        days += [d for item in items for d in (item.status_since, item.paused_until)]
        years = [d.year for d in days if d is not None] + [y for t in self.targets for y in t.milestones]
        return (min(years) - 1, max(years) + 1) if years else None
