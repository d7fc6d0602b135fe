"""Build outgoing emails from templates: plain text and HTML, UTF-8, stable Message-ID.

Every message starts with the reply-above marker, carries ``Auto-Submitted`` and
``X-Auto-Response-Suppress`` (REPLY-FORMAT.md). The check queues a digest as data
(``digest_entry``); ``send`` renders it once, when it first claims it, and keeps the bytes,
so that every retry sends exactly the same message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .calendar import WorkCalendar
from .checks import Audience, Digest, Fired
from .plan import Plan
from .settings import Settings


@dataclass(frozen=True)
class Queued:
    """A message the check decided on: who gets it and what it says, as plain data."""

    key: str
    kind: str
    plan_id: str
    recipients: list[str]
    message_id: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Outgoing:
    """A message ready for the outbox."""

    key: str
    kind: str
    recipients: list[str]
    subject: str
    message_id: str
    message: bytes


def _day(value: date | None) -> str:
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("dondoc", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["day"] = _day
    return env


def render(lang: str, name: str, **context: Any) -> str:
    return environment().get_template(f"{lang}/{name}").render(**context)


def recipients(plan: Plan, audience: Audience) -> list[str]:
    """The addresses of an audience, without duplicates, in plan order."""
    if audience.kind == "committee":
        found = [m.email for m in plan.committee.members] + list(plan.unit(plan.committee.secretariat).email)
    elif audience.kind == "head":
        head = plan.unit(audience.unit_id).head
        found = [head.email] if head else list(plan.unit(audience.unit_id).email)
    else:
        found = list(plan.unit(audience.unit_id).email)
    return list(dict.fromkeys(found))


def _item(plan: Plan, cal: WorkCalendar, fired: Fired, today: date) -> dict[str, Any]:
    row = fired.row
    task = plan.task(row.task_id) if row.task_id != "report" else None
    overdue = cal.working_days_between(row.due, today) if today > row.due else 0
    return {
        "code": row.task_id,
        "title": task.title if task else "",
        "period": row.period,
        "role": row.role,
        "unit": row.unit_id,
        "due": row.due.isoformat(),
        "original_due": row.original_due.isoformat() if row.original_due and row.original_due != row.due else None,
        "days_left": cal.working_days_between(today, row.due) if today <= row.due else 0,
        "days_overdue": overdue,
        "section": "overdue" if overdue else "today" if today == row.due else "report" if task is None else "soon",
        "step": fired.step.kind,
        "state": row.state,
        "progress": row.progress,
    }


def digest_entry(plan: Plan, cal: WorkCalendar, digest: Digest, today: date, settings: Settings) -> Queued:
    """What the check queues for one audience of one plan: data, rendered when first sent."""
    items = [_item(plan, cal, fired, today) for fired in digest.lines()]
    audience = digest.audience
    kind = "escalation" if audience.kind != "unit" or any(i["step"] == "escalation" for i in items) else "reminder"
    notice_ids = ",".join(f"{o}:{s}" for o, s in sorted(digest.notice_keys()))
    key = f"digest:{plan.id}:{audience.key}:{today.isoformat()}:{hashlib.sha1(notice_ids.encode()).hexdigest()[:12]}"
    payload = {
        "template": "digest",
        "audience": {"kind": audience.kind, "unit_id": audience.unit_id},
        "today": today.isoformat(),
        "kind": kind,
        "items": items,
    }
    return Queued(key, kind, plan.id, recipients(plan, audience), message_id(key, settings), payload)


def message_id(key: str, settings: Settings) -> str:
    """A Message-ID that depends only on the outbox key: a re-send is recognisable."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{settings.domain}>"


def _dated(item: dict[str, Any]) -> dict[str, Any]:
    due, original = item["due"], item["original_due"]
    return {**item, "due": date.fromisoformat(due), "original_due": date.fromisoformat(original) if original else None}


def render_digest(plan: Plan, queued: Queued, now: datetime, settings: Settings) -> Outgoing:
    """The email for a queued digest."""
    payload = queued.payload
    audience = Audience(payload["audience"]["kind"], payload["audience"]["unit_id"])
    items = [{**_dated(i), "unit": plan.unit(i["unit"]).name} for i in payload["items"]]
    context = {
        "plan": plan,
        "audience": audience,
        "unit": plan.unit(audience.unit_id) if audience.unit_id else None,
        "items": items,
        "sections": {
            name: [i for i in items if i["section"] == name] for name in ("overdue", "today", "soon", "report")
        },
        "today": date.fromisoformat(payload["today"]),
        "kind": payload["kind"],
        "examples": [i["code"] for i in items if i["code"] != "report"][:2],
    }
    return build(plan, queued.key, "digest", queued.recipients, context, now, settings)


def build(
    plan: Plan, key: str, template: str, to: list[str], context: dict[str, Any], now: datetime, settings: Settings
) -> Outgoing:
    """Render ``template`` (subject, text, html) into a complete message."""
    lang = plan.language
    subject = " ".join(render(lang, f"{template}.subject.j2", **context).split())
    text = render(lang, f"{template}.txt.j2", **context)
    html = render(lang, f"{template}.html.j2", **context)
    mid = message_id(key, settings)
    # compat32 MIME classes with pre-encoded headers: the modern policy's header folding
    # costs ~20 ms per message, which dominates a national-scale night.
    message = MIMEMultipart("alternative")
    message["From"] = formataddr((render(lang, "sender_name.j2", plan=plan).strip(), settings.sender), "utf-8")
    message["To"] = ", ".join(to)
    message["Subject"] = Header(subject, "utf-8", header_name="Subject").encode()
    message["Date"] = format_datetime(now)
    message["Message-ID"] = mid
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message["X-Dondoc-Key"] = key
    message.attach(MIMEText(text, "plain", "utf-8"))
    message.attach(MIMEText(html, "html", "utf-8"))
    return Outgoing(key, template, to, subject, mid, message.as_bytes())
