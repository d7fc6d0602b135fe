"""What recording a received message makes and needs: the lines recorded and refused, what
became of the message (``Received``), who a reply speaks for (``Thread``), the unit of work and
the message being recorded (``Recording``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Connection

from . import report_answers, store
from .calendar import WorkCalendar
from .occurrences import REPORT
from .payloads import DigestItem
from .plan import Plan
from .report_answers import ReportProgress
from .store.entries import NewEntry
from .store.events import NewEvent
from .store.occurrences import StoredOccurrence
from .vocabulary import Audience, Channel, Held, InboxState, Reason

# What a recorded line keeps besides its line, code and kind, by what it was (its stored shape).
_SHAPES = {
    "update": ("text", "state", "progress", "period", "role", "until", "note", "label"),
    "plan_note": ("text", "label", "note"),
    "value": ("text", "value"),
    "approval": ("text", "unit", "approved", "until"),
    "report": ("period", "files"),
}


@dataclass(frozen=True, kw_only=True)
class Recorded:
    """One line of a message that was recorded (line 0: its attachments, a periodic report)."""

    line: int
    code: str  # the task or target ("" for a remark about the whole plan)
    kind: str  # status | extension | note | value | approval (``replies.Item``) | report
    shape: str = "update"  # which of the fields below it carries: a key of _SHAPES
    text: str = ""
    state: str | None = None
    progress: int | None = None
    period: str | None = None
    role: str | None = None
    until: str | None = None  # ISO date: asked for, or granted
    note: str | None = None
    label: str | None = None
    value: float | None = None
    unit: str | None = None  # approvals: the unit whose deadline was decided
    approved: bool | None = None
    files: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """As kept with the received message and shown in answers."""
        found: dict[str, Any] = {"line": self.line, "code": self.code, "kind": self.kind}
        for name in _SHAPES[self.shape]:
            value = getattr(self, name)
            found[name] = list(value) if isinstance(value, tuple) else value
        return found


@dataclass(frozen=True, kw_only=True)
class Rejected:
    """One line of a message that was not taken, and why."""

    line: int
    text: str
    reason: str  # a Reason, or a ``replies.Unknown`` reason

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass
class Received:
    """What became of one message."""

    inbox_id: int
    state: InboxState
    reason: Reason | None = None
    plan_id: str | None = None
    unit_id: str | None = None
    sender: str = ""
    recorded: list[Recorded] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    reply: Channel | None = None  # ack | error
    held: Held | None = None  # the answer the loop guard held back, and why
    error: str | None = None  # a fault in dondoc while reading it (reason "fault")
    reports: list[ReportProgress] = field(default_factory=list)  # the reports it answered, as they now stand
    form_problems: list[str] = field(default_factory=list)  # why a returned report form was refused

    def detail(self) -> dict[str, Any]:
        """What is kept with the message: what was recorded, what was not, the answer (or why it
        was held back), the reports it answered, the fault."""
        found: dict[str, Any] = {
            "recorded": [r.to_json() for r in self.recorded],
            "rejected": [r.to_json() for r in self.rejected],
            "reply": self.reply,
        }
        if self.held:
            found["held"] = self.held
        if self.reports:
            found["reports"] = [r.to_json() for r in self.reports]
        if self.error:
            found["error"] = self.error
        if self.form_problems:
            found["form_problems"] = self.form_problems
        return found


@dataclass(frozen=True)
class Thread:
    """Who a reply speaks for: the plan, the audience of the message it answers, that message's items."""

    plan: Plan
    cal: WorkCalendar
    today: date
    audience: Audience
    listed: list[DigestItem]  # the items of the message it answers (none when it answers none)
    sender: str = ""  # the address the reply came from

    @property
    def unit_id(self) -> str:
        return self.audience.unit_id


class Work(Protocol):
    """The unit of work a message is recorded in (``ingest.Batch``): the events and report answers
    it writes at its end, and writing everything so far at once."""

    events: list[NewEvent]
    entries: list[NewEntry]

    @property
    def secret(self) -> str:
        """What signs reply tokens and report forms."""
        ...

    def flush(self, conn: Connection) -> None: ...


class Refused(Exception):
    """A line that was understood but may not be applied by this sender."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Recording:
    """One message being recorded: in which transaction and unit of work, for which thread, from
    which message (its Message-ID), at which moment; the unit's reports, read when first needed,
    and those its answers went to."""

    conn: Connection
    work: Work
    thread: Thread
    source: str
    now: datetime
    loaded: dict[str, list[StoredOccurrence]] = field(default_factory=dict)
    touched: dict[int, StoredOccurrence] = field(default_factory=dict)

    def reports(self) -> list[StoredOccurrence]:
        """The unit's active report occurrences, by due date (read once per message)."""
        if "reports" not in self.loaded:
            thread = self.thread
            self.loaded["reports"] = store.occurrences.find(self.conn, thread.plan.id, REPORT, thread.unit_id)
        return self.loaded["reports"]

    def report_for(self, named: str | None, report: int | None = None) -> StoredOccurrence | None:
        """The report an answer goes to: ``report`` (the one a returned form answers) while it is
        one of the unit's, else as ``report_answers.choose`` says."""
        asked = next((r for r in self.reports() if r.id == report), None) if report is not None else None
        if asked is not None:
            return asked
        thread = self.thread
        listed = {i.occurrence for i in thread.listed if i.code == REPORT}
        return report_answers.choose(thread.plan, self.reports(), listed=listed, named=named, today=thread.today)

    @property
    def events(self) -> list[NewEvent]:
        return self.work.events
