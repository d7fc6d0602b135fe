"""Answers to received messages: an acknowledgement or an error reply to the sender, and extension
requests forwarded to the committee, all queued as data through the outbox.

An answer's key names the message it answers, so nothing is answered twice; at most
``REPLY_CAP`` answers a day go to one address, so a loop with a misconfigured robot stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import keys, outbox
from .clock import to_store
from .emails import Draft, Sender, answer_entry, recipients
from .letters import Letter
from .payloads import Queued
from .plan import Plan
from .recording import Received, Thread
from .report_answers import ReportProgress
from .store.outbox import NewMessage
from .vocabulary import Audience, Channel, InboxState

REPLY_CAP = 20  # answers to one address per day
BLANK = dict.fromkeys(("period", "label", "note", "state", "progress", "role", "until", "value", "approved", "unit"))


@dataclass
class Answers:
    """The answers a batch of received messages queues, written with the batch."""

    identity: Sender  # who dondoc writes as
    counts: dict[str, int]  # answers queued to each sender in the day before now, this batch's included
    queued: dict[str, NewMessage] = field(default_factory=dict)  # outbox rows by key, not yet written

    def queue(self, entry: Queued, now: datetime) -> bool:
        """Put an answer in the outbox; say whether its key is new. Keys already in the store are
        not met here: an answer's key names the message it answers (and, re-read on the
        secretariat's word, the release), and a message received before is a duplicate, never
        answered again."""
        if entry.key in self.queued:
            return False
        self.queued[entry.key] = outbox.queued_row(entry, to_store(now))
        return True

    def taken(self) -> list[NewMessage]:
        """The rows queued since the last call, to write."""
        rows, self.queued = list(self.queued.values()), {}
        return rows


def reply(answers: Answers, thread: Thread, letter: Letter, received: Received, now: datetime) -> None:
    """An acknowledgement or an error reply to the sender, within the daily cap."""
    if answers.counts[received.sender] >= REPLY_CAP:
        return
    plan = thread.plan
    template = Channel.ACK if received.state == InboxState.RECORDED else Channel.ERROR
    codes = [t.id for t in plan.tasks if thread.unit_id in (t.lead, *t.coordinators)][:2]
    context = {
        "unit": thread.unit_id or None,
        "recorded": [{**BLANK, **r.to_json(), "title": _title(plan, r.code)} for r in received.recorded],
        "rejected": [r.to_json() for r in received.rejected],
        "reports": [_report(plan, r) for r in received.reports],
        "reason": received.reason,
        "form_problems": received.form_problems,
        "subject": letter.headers.text("Subject"),
        "examples": codes or [t.id for t in plan.tasks][:2],
    }
    mid = letter.headers("Message-ID")
    headers = {"In-Reply-To": mid, "References": mid} if mid else {}
    # A release: the sender learns the new outcome (the first answer had the key without it).
    release = (received.inbox_id, now) if received.inbox_id else None
    key = keys.reply(received.sender, letter.sha, release)
    draft = Draft(
        key=key, audience=thread.audience, template=template, to=[received.sender], context=context, headers=headers
    )
    if answers.queue(answer_entry(plan, draft, answers.identity.domain), now):
        answers.counts[received.sender] += 1
    received.reply = template


def forward_extensions(answers: Answers, thread: Thread, letter: Letter, received: Received, now: datetime) -> None:
    """Extension requests go to the committee, which answers ``đồng ý gia hạn CODE``."""
    asked = [r for r in received.recorded if r.kind == "extension"]
    if not asked:
        return
    plan = thread.plan
    context = {"unit": thread.unit_id, "items": [{**r.to_json(), "title": _title(plan, r.code)} for r in asked]}
    key = keys.extension(plan.id, thread.unit_id, letter.sha)  # once per message, released or not
    committee = Audience.committee()
    to = recipients(plan, committee)
    draft = Draft(key=key, audience=committee, template=Channel.EXTENSION, to=to, context=context)
    answers.queue(answer_entry(plan, draft, answers.identity.domain), now)


def _title(plan: Plan, code: str) -> str:
    """A task's or a target's title (a code the plan no longer has: the code)."""
    found = plan.tasks_by_id.get(code) or next((t for t in plan.targets if t.id == code), None)
    return found.title if found else code


def _report(plan: Plan, progress: ReportProgress) -> dict[str, Any]:
    """Where a report the message answered stands, with the titles of what is still missing."""
    missing = [{"code": code, "title": _title(plan, code)} for code in progress.missing]
    return {**progress.to_json(), "missing": missing}
