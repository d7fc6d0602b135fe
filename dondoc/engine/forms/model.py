"""The report form's vocabulary: what goes in (``FormMeta``, ``FormItem``), what comes back
(``FormReading``: ``FormRow``, ``FormProblem``), its columns, its labels, and the identification
written into the form and checked when it returns."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml
from openpyxl.utils import get_column_letter

from ..messages import DEFAULT_LANGUAGE, LANGUAGES
from ..replies import fold
from ..vocabulary import Role, State


class ItemKind(StrEnum):
    """What a form row is about: a task or a target (the caller's item)."""

    TASK = "task"
    TARGET = "target"


class Column(StrEnum):
    """The form's columns, in sheet order; problems name the column they are about."""

    NUMBER = "number"
    CODE = "code"
    TITLE = "title"
    ROLE = "role"
    LAST = "last"
    STATUS = "status"
    PROGRESS = "progress"
    RESULT = "result"
    OBSTACLES = "obstacles"
    PROPOSALS = "proposals"
    TARGET = "target"
    VALUE = "value"


COLUMNS = tuple(Column)
FILL = (Column.STATUS, Column.PROGRESS, Column.RESULT, Column.OBSTACLES, Column.PROPOSALS, Column.VALUE)
TASK_ONLY = (Column.STATUS, Column.PROGRESS)
TARGET_ONLY = (Column.VALUE,)


class FormProblemKind(StrEnum):
    """Why a returned form, or one of its rows, cannot be taken (keys of ``form.yaml`` ``problems``)."""

    TOO_LARGE = "too_large"  # over the size, unpacked size or row limits (a zip bomb, a huge sheet)
    ENCRYPTED = "encrypted"  # saved with a password to open
    NOT_XLSX = "not_xlsx"  # .xls, .ods, .csv, a document...
    UNREADABLE = "unreadable"  # a damaged file
    NOT_A_FORM = "not_a_form"  # a workbook without dondoc's identification
    TAMPERED = "tampered"  # the identification was edited or removed (its checksum fails)
    NOT_YOURS = "not_yours"  # another unit's or another plan's form (the caller judges the meta)
    CODE_UNKNOWN = "code_unknown"  # a code the form did not ask about
    CODE_MISSING = "code_missing"  # answers on a row without a code
    CODE_CHANGED = "code_changed"  # a known code on another item's row
    CODE_DUPLICATED = "code_duplicated"
    NOT_A_NUMBER = "not_a_number"
    PROGRESS_RANGE = "progress_range"
    STATUS_UNKNOWN = "status_unknown"
    NOT_APPLICABLE = "not_applicable"  # a target value on a task row, a status on a target row


@dataclass(frozen=True, kw_only=True)
class FormMeta:
    """Whose form it is; written into the form and read back from it."""

    plan_id: str
    plan_code: str  # "05/KH-UBND"; shown only when it has a number
    plan_title: str
    issuer: str
    unit_id: str
    unit_name: str
    occurrence_id: int  # the report occurrence the form answers
    period: str  # the period's label, e.g. "2026-Q1" (never shown)
    period_words: str  # "Quý I/2026 (15/12/2025 – 14/03/2026)"
    due: datetime.date
    token: str  # signed by the caller (``tokens.token``); verified by the caller on return
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True, kw_only=True)
class FormItem:
    """One row of the form: an item the unit must report on."""

    code: str
    kind: ItemKind
    title: str
    role: Role  # LEAD (chủ trì) or COORDINATOR (phối hợp)
    last_result: str = ""  # what the unit last reported, as words
    last_reported_on: datetime.date | None = None
    measure: str = ""  # a target's unit of measure
    milestone: float | None = None  # a target's milestone for ``milestone_year``
    milestone_year: int | None = None
    last_value: float | None = None
    last_value_on: datetime.date | None = None
    periods: tuple[str, ...] = ()  # a recurring task's periods in the report period, in words


@dataclass(frozen=True, kw_only=True)
class FormRow:
    """A returned row with something in a fill-in column."""

    row: int  # the sheet row, as the person sees it
    code: str
    kind: ItemKind
    status: str  # as typed (NFC, trimmed); "" if none
    state: State | None  # what ``status`` names
    progress: int | None
    result: str
    obstacles: str
    proposals: str
    value: Decimal | None


@dataclass(frozen=True, kw_only=True)
class FormProblem:
    """Why a returned form (``row`` None) or one of its rows cannot be taken."""

    kind: FormProblemKind
    row: int | None = None
    code: str = ""
    column: Column | None = None
    text: str = ""  # what the cell holds
    other_row: int | None = None  # the first row of a duplicated code


@dataclass(frozen=True, kw_only=True)
class FormReading:
    """What a returned form says. ``rows`` holds the rows without problems; the caller judges the
    rest: whether ``meta`` (token, unit, occurrence) fits the sender and what it asked."""

    meta: FormMeta | None
    rows: tuple[FormRow, ...] = ()
    problems: tuple[FormProblem, ...] = ()
    codes: tuple[str, ...] = ()  # every code the form asked about, in form order

    @property
    def ok(self) -> bool:
        return not self.problems


VERSION = "1"
MAGIC = "dondoc-form"
ID_SHEET = "dondoc"
PROPERTY = "dondoc."
HEADER_ROW = 7
MAX_VALUE = 10**15  # a target value's bound, in the form's validation and when read back
FIRST_ROW = HEADER_ROW + 2  # under the header and its row of column numbers


@cache
def labels(lang: str) -> dict[str, Any]:
    """The form labels of a language (``templates/<lang>/form.yaml``; unknown languages: Vietnamese)."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    found: dict[str, Any] = yaml.safe_load(
        resources.files("dondoc").joinpath(f"templates/{lang}/form.yaml").read_text("utf-8")
    )
    return found


def letter(column: Column) -> str:
    """The column's letter on the sheet (A for STT)."""
    return str(get_column_letter(COLUMNS.index(column) + 1))


def filename(meta: FormMeta) -> str:
    """The attachment's name: unit and period, in plain ASCII (``bieu-mau-bao-cao-ubnd-quy-i-2026.xlsx``)."""
    period = meta.period_words.split("(")[0]
    return str(labels(meta.language)["file"]).format(unit=_slug(meta.unit_id), period=_slug(period))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def day(on: datetime.date) -> str:
    """A date as forms print it: day first."""
    return on.strftime("%d/%m/%Y")


def meta_fields(meta: FormMeta) -> dict[str, str]:
    """``meta`` as text, field by field: how the identification stores it."""
    return {f.name: _field_text(getattr(meta, f.name)) for f in fields(FormMeta)}


def _field_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def meta_of(found: Mapping[str, str]) -> FormMeta | None:
    """The ``FormMeta`` stored as ``meta_fields``, or None when a field is missing or malformed."""
    try:
        values: dict[str, Any] = {f.name: found[f.name] for f in fields(FormMeta)}
        values["occurrence_id"] = int(values["occurrence_id"])
        values["due"] = datetime.date.fromisoformat(str(values["due"])[:10])
        return FormMeta(**values)
    except (KeyError, ValueError, TypeError):
        return None


def fingerprint(title: str) -> str:
    """What a row's title cell says, folded: a code moved onto another item's row changes it."""
    return hashlib.sha256(fold(title).encode()).hexdigest()[:12]


def checksum(meta_fields: Mapping[str, str], items: Sequence[tuple[str, str, str]]) -> str:
    """Of the identification and each item's (code, kind, fingerprint): an edit by hand breaks it. Not
    a signature (anyone can recompute it): the caller's token is what vouches for the unit."""
    lines = [f"{k}={meta_fields.get(k, '')}" for k in sorted(f.name for f in fields(FormMeta))]
    lines += ["\t".join(item) for item in items]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:20]
