"""The plan model: what a plan file may say (docs/plan-format.md), as pydantic v2 models.

Field names are the YAML keys. Validators raise ``PydanticCustomError`` whose type is a
key of the message catalog, so that ``validate`` can print them in the plan's language.
Rules that relate several parts of a plan (references, cycles) live in ``validate``.
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

Cadence = Literal["weekly", "monthly", "quarterly", "semiannual", "nine_months", "annual"]
Repeat = Literal["weekly", "monthly", "quarterly", "semiannual", "annual"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Notify = Literal["lead", "head", "coordinators", "committee", "secretariat"]

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


def _code(value: Any) -> Any:
    # Codes such as 1.1 are read by YAML as numbers; people mean the text they typed.
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and not _CODE.match(value):
        raise _fail("bad_code", value)
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise _fail("bad_email", value)
    return value


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
        raise _fail("expected_date", value)
    year, month, day = (int(part) for part in value.strip().split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        raise _fail("invalid_date", value) from None


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail("bad_timezone", value) from None
    return value


def _time(value: Any) -> Any:
    if isinstance(value, int):  # YAML 1.1 reads 07:30 as a sexagesimal number
        value = f"{value // 60:02d}:{value % 60:02d}"
    if not isinstance(value, str) or not _TIME.match(value):
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
    if not isinstance(value, int) or not 2000 <= value <= 2100:
        raise _fail("bad_year", value)
    return value


Text = Annotated[str, AfterValidator(_text)]
Slug = Annotated[str, AfterValidator(_slug)]
Code = Annotated[str, BeforeValidator(_code)]
Email = Annotated[str, AfterValidator(_email)]
PlanDate = Annotated[date, BeforeValidator(_date)]
Year = Annotated[int, BeforeValidator(_year)]
WorkingDays = Annotated[int, Field(ge=1)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanMeta(Model):
    id: Slug
    code: str = ""
    title: Text
    issuer: str = ""
    issued: PlanDate | None = None
    signer: str = ""
    place: str = ""  # địa danh of the date line in documents ("Gia Lộc" -> "Gia Lộc, ngày ...")
    sender: Email | None = None  # this plan's From address (one commune's mailbox); default DONDOC_FROM
    bases: list[str] = []
    parent: Slug | None = None
    timezone: Annotated[str, AfterValidator(_timezone)] = "Asia/Ho_Chi_Minh"
    language: Literal["vi", "en"] = "vi"


class Person(Model):
    name: Text
    email: Email


class Member(Model):
    name: Text
    role: str = ""
    email: Email


class Committee(Model):
    name: Text
    secretariat: Slug
    members: list[Member] = []


class Unit(Model):
    id: Slug
    name: Text
    # Required unless external (validate says so at the unit, with the model's own message):
    # an external body is named in documents and never written to, so it may have no address.
    email: Annotated[list[Email], BeforeValidator(_as_list)] = []
    head: Person | None = None
    aliases: list[str] = []  # other names the document uses for this unit
    external: bool = False  # outside the plan's authority: named in documents, never sent anything


class CalendarSpec(Model):
    workdays: Annotated[list[Weekday], Field(min_length=1)] = ["mon", "tue", "wed", "thu", "fri"]
    holidays: Annotated[str | None, AfterValidator(_country)] = "VN"
    extra_days_off: list[PlanDate] = []
    extra_workdays: list[PlanDate] = []
    send_at: Annotated[str, BeforeValidator(_time)] = "07:30"
    deadline_on_day_off: Literal["next_working_day", "keep"] = "next_working_day"


class Reporting(Model):
    # `from` is a Python keyword: the field is `from_`, read and written as `from`.
    model_config = ConfigDict(serialize_by_alias=True)  # merged with Model's: still frozen, extra="forbid"

    to: Slug | None = None  # default: the committee's secretariat
    from_: list[Slug] | None = Field(default=None, alias="from")  # default: see Plan.reporting_units
    cadences: list[Cadence] = ["semiannual", "annual"]
    due_offset: Annotated[int, Field(ge=0)] = 1


class Reminders(Model):
    before: list[WorkingDays] = [7, 3, 1]


class EscalationStep(Model):
    after: WorkingDays
    notify: Annotated[list[Notify], Field(min_length=1)]


DEFAULT_ESCALATION = [
    EscalationStep(after=1, notify=["lead"]),
    EscalationStep(after=5, notify=["lead", "head"]),
    EscalationStep(after=10, notify=["committee"]),
]


class Target(Model):
    id: Code
    title: Text
    measure: str = ""
    direction: Literal["up", "down"] = "up"
    milestones: Annotated[dict[Year, float], Field(min_length=1)]
    lead: Slug
    coordinators: list[Slug] = []
    description: str = ""


class Task(Model):
    id: Code
    title: Text
    section: Code | None = None
    lead: Slug
    coordinators: list[Slug] = []
    due: PlanDate | None = None
    repeat: Repeat | None = None
    ongoing: bool = False
    start: PlanDate | None = None
    end: PlanDate | None = None
    targets: list[Code] = []
    depends_on: list[Code] = []
    description: str = ""
    output: str = ""  # sản phẩm: what the task must produce

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
    units: Annotated[list[Unit], Field(min_length=1)]
    calendar: CalendarSpec = CalendarSpec()
    reporting: Reporting = Reporting()
    reminders: Reminders = Reminders()
    escalation: list[EscalationStep] = DEFAULT_ESCALATION
    targets: list[Target] = []
    tasks: Annotated[list[Task], Field(min_length=1)]
    sections: list[Section] = []

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

    def task(self, task_id: str) -> Task:
        if task_id not in self.tasks_by_id:
            raise NotFound(f"plan {self.id!r} has no task {task_id!r}")
        return self.tasks_by_id[task_id]
