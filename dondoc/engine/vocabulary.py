"""The words modules use with each other, each defined once.

Every enum is a ``StrEnum``: its value is what is stored (database columns, JSON payloads) and
what templates and ``--json`` output read, so a member serialises as itself and a stored string
reads back with ``Kind(text)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class State(StrEnum):
    """Where an occurrence stands."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"


class Role(StrEnum):
    """What a unit owes in an occurrence: a task it leads or coordinates, or its periodic report."""

    LEAD = "lead"
    COORDINATOR = "coordinator"
    REPORT = "report"


class EventKind(StrEnum):
    """What an event records: an update on an occurrence (``UPDATES``), or a target's value."""

    DONE = "done"
    PROGRESS = "progress"
    NOT_STARTED = "not_started"
    BLOCKED = "blocked"
    NOTE = "note"
    REPORT = "report"  # a unit's periodic report received (as attachments)
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_REFUSED = "extension_refused"
    TARGET_VALUE = "target_value"
    # What a plan's new revision did to an occurrence (``reconcile``), recorded by dondoc:
    REASSIGNED = "reassigned"  # its task's lead or a coordinator changed: who, from whom, to whom
    STOPPED = "stopped"  # its task was cancelled: no notice from ``since``
    RESUMED = "resumed"  # its task is no longer cancelled: the ladder goes on


REVISED = frozenset({EventKind.REASSIGNED, EventKind.STOPPED, EventKind.RESUMED})
UPDATES = frozenset(EventKind) - {EventKind.TARGET_VALUE} - REVISED  # the kinds ``updates.record`` applies
EXTENSIONS = (EventKind.EXTENSION_REQUESTED, EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_REFUSED)


class InboxState(StrEnum):
    """What became of a received message (``duplicate``: received before, not kept again)."""

    RECORDED = "recorded"
    QUARANTINED = "quarantined"
    RELEASED = "released"  # taken out of quarantine by the secretariat
    DUPLICATE = "duplicate"


class Reason(StrEnum):
    """Why a received message is in quarantine, or why one of its lines was not taken (the keys
    of the sender's error reply, ``templates/<lang>/error.*``)."""

    BOUNCE = "bounce"  # a delivery status notification (a bounce, a delay, a delivery receipt)
    LIST = "list"
    AUTOMATIC = "automatic"  # an auto-reply, a read receipt, a robot
    FEEDBACK = "feedback"  # an abuse or feedback report (ARF), a DMARC or TLS report
    FORGED = "forged"
    MULTIPLE_SENDERS = "multiple_senders"  # a From naming more than one address
    TOO_LARGE = "too_large"  # over the size limit: kept whole, not read
    TOO_MANY_LINES = "too_many_lines"  # more lines or updates than one message may carry
    BAD_TOKEN = "bad_token"
    NO_REFERENCE = "no_reference"
    WRONG_SENDER = "wrong_sender"
    UNKNOWN_SENDER = "unknown_sender"
    NOT_ASSIGNED = "not_assigned"  # also a line's: not this sender's task
    NOT_COMMITTEE = "not_committee"  # a line's: only the committee decides extensions
    NO_REQUEST = "no_request"  # a line's: an approval without a date nobody asked for
    BAD_PERIOD = "bad_period"  # a line's: the task has no such period
    NOT_AFTER_DEADLINE = "not_after_deadline"  # a line's: an extension to a date not after the deadline in force
    PAST_DATE = "past_date"  # a line's: an extension asked to a date already past
    UNPARSED = "unparsed"
    UNPARSED_LINES = "unparsed_lines"
    BAD_FORM = "bad_form"  # a returned report form that cannot be taken: the whole message waits
    FAULT = "fault"  # dondoc failed on it


class Held(StrEnum):
    """Why the loop guard held back an answer: too many today to this address, or in this conversation."""

    ADDRESS = "address"
    THREAD = "thread"


class OutboxState(StrEnum):
    """Where a message in the outbox stands: queued -> sending -> sent | failed (or queued again)."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Channel(StrEnum):
    """What a message in the outbox is (its ``kind``): what the check sends, answers to received
    messages, and the committee's report."""

    REMINDER = "reminder"
    ESCALATION = "escalation"
    ACK = "ack"
    ERROR = "error"
    EXTENSION = "extension"
    DECISION = "decision"  # the committee's decision on an extension, told to the unit that asked
    REPORT = "report"
    TARGETS = "targets"  # the committee told of targets at risk or not reported, once per period


class AttachmentKind(StrEnum):
    """What a file attached to a reply is to dondoc: a document (a unit's report), the report
    request's form sent back, or anything else (signatures, images, calendars ...), which counts
    as nothing."""

    DOCUMENT = "document"
    FORM = "form"
    OTHER = "other"


REPORT_FORMATS = ("md", "html", "docx", "xlsx", "json")  # what ``dondoc report`` writes (``formats``)


class AudienceKind(StrEnum):
    UNIT = "unit"
    HEAD = "head"  # a unit's head (escalations)
    COMMITTEE = "committee"


@dataclass(frozen=True)
class Audience:
    """Who receives a message: a unit, a unit's head, or the committee.

    Its ``key`` (``unit:ID``, ``head:ID``, ``committee``) is stored with every message sent and
    signed into its reply token; ``parse`` reads it back.
    """

    kind: AudienceKind
    unit_id: str = ""

    @classmethod
    def unit(cls, unit_id: str) -> Audience:
        return cls(AudienceKind.UNIT, unit_id)

    @classmethod
    def head(cls, unit_id: str) -> Audience:
        return cls(AudienceKind.HEAD, unit_id)

    @classmethod
    def committee(cls) -> Audience:
        return cls(AudienceKind.COMMITTEE)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.unit_id}" if self.unit_id else str(self.kind)

    @classmethod
    def parse(cls, key: str) -> Audience:
        kind, _, unit_id = key.partition(":")
        return cls(AudienceKind(kind), unit_id)

    def to_json(self) -> dict[str, str]:
        return {"kind": str(self.kind), "unit_id": self.unit_id}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Audience:
        return cls(AudienceKind(value["kind"]), value.get("unit_id") or "")


class ItemKind(StrEnum):
    """What a report asks about: a task, a target, or (a unit with nothing else) its narrative report."""

    TASK = "task"
    TARGET = "target"
    REPORT = "report"


class Via(StrEnum):
    """How an answer came: a line of an email, a row of the returned form, a document attached, or
    the secretariat's update."""

    LINE = "line"
    FORM = "form"
    DOCUMENT = "document"
    MANUAL = "manual"
