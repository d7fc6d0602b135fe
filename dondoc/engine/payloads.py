"""Messages queued as data: what the check and ingest decide now, rendered when first sent.

A digest or an answer is kept in the outbox as its payload (JSON) and rendered by ``send``
the first time it claims it; the bytes are kept, so every retry sends the same message. The
payload types below are written as they are (orjson writes dataclasses, dates and enums) and
read back with ``payload_of``. Their JSON shape is stored: it only ever gains fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .vocabulary import Audience, Channel

DIGEST = "digest"  # the template of every digest payload


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True, kw_only=True, slots=True)
class LastAnswer:
    """What a unit last reported on an item (in any report): when, the status, the result."""

    on: date
    state: str | None = None
    progress: int | None = None
    result: str = ""

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> LastAnswer | None:
        return None if value is None else cls(**{**value, "on": date.fromisoformat(value["on"])})


@dataclass(frozen=True, kw_only=True, slots=True)
class RequestItem:
    """One item a report request asks about, with what the unit needs to answer it (and what the
    report form shows in its row: code, kind, title, role, last result, measure, milestone, last value)."""

    code: str
    kind: str  # an ItemKind: task | target | report (a unit's narrative report)
    title: str
    role: str  # lead | coordinator | report
    periods: list[str] = field(default_factory=list)  # a recurring task's periods in the window (labels)
    last: LastAnswer | None = None  # what the unit last reported on it
    measure: str = ""  # a target's unit of measure
    milestone_year: int | None = None  # the milestone in view (this year's, else the next)
    milestone: float | None = None
    last_value: float | None = None
    last_value_on: date | None = None

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> RequestItem:
        last, on = LastAnswer.from_json(value.get("last")), _day(value.get("last_value_on"))
        return cls(**{**value, "last": last, "last_value_on": on})


@dataclass(frozen=True, kw_only=True, slots=True)
class ReportRequest:
    """A report occurrence as a digest names it: its period and the items still missing."""

    period: str  # the label of the longest period it answers
    covers: list[str]  # every period it answers (Q2 and H1), longest first
    start: date
    end: date  # the cut-off date
    total: int  # items of the report
    answered: int
    items: list[RequestItem]  # those still missing (all of them before any answer)

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> ReportRequest | None:
        if value is None:
            return None
        return cls(
            **{
                **value,
                "start": date.fromisoformat(value["start"]),
                "end": date.fromisoformat(value["end"]),
                "items": [RequestItem.from_json(i) for i in value["items"]],
            }
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class DigestItem:
    """One line of a digest: an occurrence and the step that fired for it."""

    occurrence: int
    code: str  # the task, or "report" for a periodic report
    title: str
    period: str
    role: str
    unit: str
    due: date
    original_due: date | None  # only when the deadline in force moved
    days_left: int
    days_overdue: int
    section: str  # overdue | today | soon | report
    step: str  # reminder | escalation | earlier (overdue before: listed by a committee escalation, never queued)
    state: str
    progress: int
    request: ReportRequest | None = None  # a periodic report: what it asks for (since #19)

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> DigestItem:
        due, original = date.fromisoformat(value["due"]), _day(value.get("original_due"))
        request = ReportRequest.from_json(value.get("request"))
        return cls(**{**value, "due": due, "original_due": original, "request": request})


@dataclass(frozen=True, kw_only=True)
class DigestExtras:
    """What one plan's digests carry besides their notices: the report requests (by occurrence id)
    and the items its units left open past their ladder."""

    requests: Mapping[int, ReportRequest] = field(default_factory=dict)
    still_open: Sequence[DigestItem] = ()  # items left open past their ladder (step "earlier")


@dataclass(frozen=True, kw_only=True, slots=True)
class DigestPayload:
    """Everything one audience hears about one plan in one run."""

    template: str = DIGEST
    audience: Audience
    today: date
    kind: Channel  # reminder | escalation
    items: list[DigestItem]  # a list: a payload is written once, never compared or hashed
    still_open: list[DigestItem] = field(default_factory=list)  # a unit's items left open past their ladder
    still_open_by_unit: dict[str, int] = field(default_factory=dict)  # the committee's count of them

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> DigestPayload:
        return cls(
            audience=Audience.from_json(value["audience"]),
            today=date.fromisoformat(value["today"]),
            kind=Channel(value["kind"]),
            items=[DigestItem.from_json(item) for item in value["items"]],
            still_open=[DigestItem.from_json(item) for item in value.get("still_open", [])],
            still_open_by_unit=dict(value.get("still_open_by_unit", {})),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class AnswerPayload:
    """An answer to a received message (ack, error, extension): its template and what it shows.

    ``context`` holds JSON values only (the template's variables); its ``unit`` is a unit id or None.
    """

    template: str
    context: dict[str, Any]
    headers: dict[str, str]

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> AnswerPayload:
        return cls(template=value["template"], context=dict(value["context"]), headers=dict(value["headers"]))


Payload = DigestPayload | AnswerPayload


def payload_of(value: Mapping[str, Any]) -> Payload:
    """A stored payload read back."""
    return DigestPayload.from_json(value) if value["template"] == DIGEST else AnswerPayload.from_json(value)


@dataclass(frozen=True, kw_only=True)
class Queued:
    """A message decided on: who gets it and what it says, as plain data."""

    key: str
    kind: Channel
    plan_id: str
    audience: Audience
    recipients: list[str]
    message_id: str
    payload: Payload

    def listed(self) -> list[DigestItem]:
        """The items of a digest (an answer lists none)."""
        return self.payload.items if isinstance(self.payload, DigestPayload) else []
