"""Answers to received messages: an acknowledgement or an error reply to the sender, extension
requests forwarded to the committee, and the committee's decisions told to the unit that asked,
all queued as data through the outbox.

An answer's key names the message it answers, so nothing is answered twice. The loop guard goes
beyond headers: at most ``Settings.answers_per_day`` answers a day go to one address, and as many
in one conversation, counted in the store; what is held back is logged and kept with the message
(``quarantine list`` shows it), so a loop with a misconfigured robot stays small and seen.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import keys, outbox
from .clock import to_store
from .emails import Draft, Sender, answer_entry, recipients
from .letters import Letter
from .payloads import Queued
from .plan import Plan
from .received import Received, Recorded, Thread
from .report_answers import ReportProgress
from .settings import MB, Settings
from .store.outbox import NewMessage
from .vocabulary import Audience, Channel, Held, InboxState

log = logging.getLogger("dondoc.ingest")
BLANK = dict.fromkeys(("period", "label", "note", "state", "progress", "role", "until", "value", "approved", "unit"))


@dataclass
class Answers:
    """The answers a batch of received messages queues, written with the batch."""

    identity: Sender  # who dondoc writes as
    settings: Settings
    counts: dict[str, int]  # answers queued to each sender in the day before now, this batch's included
    threads: dict[str, int]  # ... in each conversation
    queued: dict[str, NewMessage] = field(default_factory=dict)  # outbox rows by key, not yet written

    def queue(self, entry: Queued, now: datetime, thread: str | None = None) -> bool:
        """Put an answer in the outbox; say whether its key is new. Keys already in the store are
        not met here: an answer's key names the message it answers (and, re-read on the
        secretariat's word, the release), and a message received before is a duplicate, never
        answered again."""
        if entry.key in self.queued:
            return False
        self.queued[entry.key] = outbox.queued_row(entry, to_store(now), thread)
        return True

    def held(self, sender: str, thread: str) -> Held | None:
        """Why an answer to ``sender`` in ``thread`` must be held back today, if it must."""
        limit = self.settings.answers_per_day
        if self.counts.get(sender, 0) >= limit:
            return Held.ADDRESS
        return Held.THREAD if self.threads.get(thread, 0) >= limit else None

    def taken(self) -> list[NewMessage]:
        """The rows queued since the last call, to write."""
        rows, self.queued = list(self.queued.values()), {}
        return rows


def reply(answers: Answers, thread: Thread, letter: Letter, received: Received, now: datetime) -> None:
    """An acknowledgement or an error reply to the sender, unless the loop guard holds it back."""
    conversation = letter.conversation
    if held := answers.held(received.sender, conversation):
        received.held = held
        log.warning(
            "event=answer_held to=%s thread=%s by=%s limit=%d message=%s",
            received.sender, conversation, held, answers.settings.answers_per_day, letter.mid or letter.sha[:20],
        )  # fmt: skip
        return
    plan = thread.plan
    template = Channel.ACK if received.state == InboxState.RECORDED else Channel.ERROR
    codes = [t.id for t in plan.tasks if thread.unit_id in (t.lead, *t.coordinators)][:2]
    context = {
        "unit": thread.unit_id or None,
        "recorded": [_entry(plan, r) for r in received.recorded],
        "rejected": [r.to_json() for r in received.rejected],
        "reports": [_report(plan, r) for r in received.reports],
        "reason": received.reason,
        "form_problems": received.form_problems,
        "subject": letter.headers.text("Subject"),
        "examples": codes or [t.id for t in plan.tasks][:2],
        "limits": _limits(answers.settings),
    }
    mid = letter.headers("Message-ID")
    headers = {"In-Reply-To": mid, "References": mid} if mid else {}
    # A release: the sender learns the new outcome (the first answer had the key without it).
    release = (received.inbox_id, now) if received.inbox_id else None
    key = keys.reply(received.sender, letter.sha, release)
    draft = Draft(
        key=key, audience=thread.audience, template=template, to=[received.sender], context=context, headers=headers
    )
    if answers.queue(answer_entry(plan, draft, answers.identity.domain), now, conversation):
        answers.counts[received.sender] = answers.counts.get(received.sender, 0) + 1
        answers.threads[conversation] = answers.threads.get(conversation, 0) + 1
    received.reply = template


def forward_extensions(answers: Answers, thread: Thread, letter: Letter, received: Received, now: datetime) -> None:
    """Extension requests go to the committee, which answers ``đồng ý gia hạn CODE``."""
    asked = [r for r in received.recorded if r.kind == "extension"]
    if not asked:
        return
    plan = thread.plan
    context = {"unit": thread.unit_id, "items": [_entry(plan, r) for r in asked]}
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


def tell_decisions(answers: Answers, thread: Thread, letter: Letter, received: Received, now: datetime) -> None:
    """The committee's decisions go to the unit whose deadline they decide, once per message."""
    decided: dict[str, list[Recorded]] = {}
    for r in received.recorded:
        if r.kind == "approval" and r.unit:
            decided.setdefault(r.unit, []).append(r)
    plan = thread.plan
    for unit_id, items in decided.items():
        if unit_id not in plan.units_by_id:
            continue
        audience = Audience.unit(unit_id)
        context = {"unit": unit_id, "items": [_entry(plan, r) for r in items]}
        draft = Draft(
            key=keys.decision(plan.id, unit_id, letter.sha),
            audience=audience,
            template=Channel.DECISION,
            to=recipients(plan, audience),
            context=context,
        )
        answers.queue(answer_entry(plan, draft, answers.identity.domain), now)


def _entry(plan: Plan, recorded: Recorded) -> dict[str, Any]:
    """A recorded line as an answer shows it, with its task's title."""
    title = next((t.title for t in plan.tasks if t.id == recorded.code), recorded.code)
    return {**BLANK, **recorded.to_json(), "title": title}


def _limits(settings: Settings) -> Mapping[str, int]:
    """The bounds an error reply may name."""
    return {
        "mb": max(1, settings.max_message_bytes // MB),
        "lines": settings.max_lines,
        "updates": settings.max_updates,
    }
