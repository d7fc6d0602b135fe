"""Messages queued as data: what the check and ingest decide now, rendered when first sent.

A digest or an answer is kept in the outbox as its payload (JSON) and rendered by ``send``
the first time it claims it; the bytes are kept, so every retry sends the same message. The
payload types below are written as they are (orjson writes dataclasses, dates and enums) and
read back with ``payload_of``. Their JSON shape is stored: it only ever gains fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .vocabulary import Audience, Channel

DIGEST = "digest"  # the template of every digest payload


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

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> DigestItem:
        original = value.get("original_due")
        due = date.fromisoformat(value["due"])
        return cls(**{**value, "due": due, "original_due": date.fromisoformat(original) if original else None})


@dataclass(frozen=True, kw_only=True, slots=True)
class DigestPayload:
    """Everything one audience hears about one plan in one run."""

    template: str = DIGEST
    audience: Audience
    today: date
    kind: Channel  # reminder | escalation
    items: list[DigestItem]  # a list: a payload is written once, never compared or hashed

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> DigestPayload:
        return cls(
            audience=Audience.from_json(value["audience"]),
            today=date.fromisoformat(value["today"]),
            kind=Channel(value["kind"]),
            items=[DigestItem.from_json(item) for item in value["items"]],
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
