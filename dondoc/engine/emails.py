"""Build outgoing emails from templates: plain text and HTML, UTF-8, stable Message-ID.

Every message starts with the reply-above marker, carries ``Auto-Submitted`` and
``X-Auto-Response-Suppress`` (docs/reply-format.md), and a reply token (``tokens``) in its
Reply-To address and subject. The check queues a digest as data (``digest_entry``, a
``payloads.DigestPayload``); ``send`` renders it once, when it first claims it, and keeps the
bytes, so that every retry sends exactly the same message.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from email.header import Header
from email.utils import format_datetime, formataddr
from functools import cache
from typing import TYPE_CHECKING, Any

from . import keys, period_words, tokens
from .calendar import WorkCalendar
from .checks import Digest, OccurrenceRow
from .occurrences import REPORT
from .payloads import DIGEST, AnswerPayload, DigestExtras, DigestItem, DigestPayload, Queued
from .plan import Plan
from .settings import domain_of
from .vocabulary import Audience, AudienceKind, Channel, ItemKind

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.runtime import Context

    from .store.events import StoredEvent
    from .store.occurrences import StoredOccurrence
    from .target_watch import FollowUp

TEMPLATE_OF = {
    AudienceKind.UNIT: DIGEST,
    AudienceKind.HEAD: "escalation_head",
    AudienceKind.COMMITTEE: "escalation_committee",
}


@dataclass(frozen=True)
class Sender:
    """Who dondoc writes as, and the secret that signs reply tokens."""

    address: str
    secret: str

    @property
    def domain(self) -> str:
        return domain_of(self.address)

    def of(self, plan: Plan) -> Sender:
        """Who writes for ``plan``: its own ``plan.sender`` when it has one (one database, many communes)."""
        return Sender(plan.plan.sender, self.secret) if plan.plan.sender else self


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message; ``name`` is plain ASCII (it is written into headers as is)."""

    name: str
    media_type: str
    content: bytes


@dataclass(frozen=True, kw_only=True)
class Draft:
    """What a message says and to whom, before it is rendered: ``template`` (subject, text, html)
    with ``context``, under the outbox ``key``, its reply token signed for ``audience``."""

    key: str
    audience: Audience
    template: str
    to: list[str]
    context: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    attachments: Sequence[Attachment] = ()


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


def _language(context: Context) -> str:
    """The language of the template being rendered: its folder."""
    return "en" if (context.name or "").startswith("en/") else "vi"


def _number(context: Context, value: float) -> str:
    """1.234,5 in Vietnamese (dots group thousands, a comma before decimals), 1,234.5 in English."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if _language(context) == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _period(context: Context, label: str | None, reporting: bool = False) -> str:
    """A period label in words ("tuần 11 (09/03 – 15/03/2026)", "Quý I/2026 (15/12/2025 – 14/03/2026)");
    "" for a label that names no period (a one-off's due date, "ongoing")."""
    return period_words.name(_language(context), label, reporting=reporting)


TAG_LENGTH = 48  # a subject names a plan without a number by so much of its title


def numbered(code: str) -> str:
    """A plan's code when it carries a number ("12-KH/ĐU"); "" for one whose number is blank
    ("/KH-UBND", a template left unfilled): printed bare it reads as a typo."""
    return code.strip() if any(c.isdigit() for c in code) else ""


def tag(code: str, title: str) -> str:
    """How a subject names a plan: its code when it carries a number, else its title cut short."""
    if numbered(code):
        return numbered(code)
    short = ""
    for word in title.split():
        if len(short) + len(word) + 1 > TAG_LENGTH:
            return short + "…"
        short = f"{short} {word}".strip()
    return short


@cache
def environment() -> Environment:
    """The templates' environment (jinja2 is imported by the commands that render, not by every one)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape

    env = Environment(
        loader=PackageLoader("dondoc", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["day"] = _day
    env.filters["isoday"] = lambda value: _day(date.fromisoformat(value)) if value else ""
    env.filters["number"] = pass_context(_number)
    env.filters["period"] = pass_context(_period)
    env.filters["numbered"] = numbered
    env.filters["tag"] = tag
    env.filters["cell"] = lambda value: " ".join(str("" if value is None else value).replace("|", "\\|").split())
    return env


def render(lang: str, name: str, **context: Any) -> str:
    return environment().get_template(f"{lang}/{name}").render(**context)


def recipients(plan: Plan, audience: Audience) -> list[str]:
    """The addresses of an audience, without duplicates, in plan order."""
    if audience.kind == AudienceKind.COMMITTEE:
        found = [m.email for m in plan.committee.members] + list(plan.unit(plan.committee.secretariat).email)
    elif audience.kind == AudienceKind.HEAD:
        head = plan.unit(audience.unit_id).head
        found = [head.email] if head else list(plan.unit(audience.unit_id).email)
    else:
        found = list(plan.unit(audience.unit_id).email)
    return list(dict.fromkeys(found))


def _item(
    plan: Plan,
    cal: WorkCalendar,
    row: OccurrenceRow | StoredOccurrence,
    step: str,
    today: date,
    extras: DigestExtras | None = None,
) -> DigestItem:
    assert row.due is not None, "only occurrences with a deadline are notified"
    task = plan.task(row.task_id) if row.task_id != REPORT else None
    overdue = cal.working_days_between(row.due, today) if today > row.due else 0
    return DigestItem(
        occurrence=row.id,
        code=row.task_id,
        title=task.title if task else "",
        period=row.period,
        role=row.role,
        unit=row.unit_id,
        due=row.due,
        original_due=row.original_due if row.original_due and row.original_due != row.due else None,
        days_left=cal.working_days_between(today, row.due) if today <= row.due else 0,
        days_overdue=overdue,
        section="overdue" if overdue else "today" if today == row.due else "report" if task is None else "soon",
        step=step,
        state=row.state,
        progress=row.progress,
        request=extras.requests.get(row.id) if extras else None,
    )


def overdue_item(plan: Plan, cal: WorkCalendar, row: StoredOccurrence, today: date) -> DigestItem:
    """An overdue occurrence no step fired for today, as a committee escalation lists it beside
    those escalated today."""
    return _item(plan, cal, row, "earlier", today)


def digest_entry(
    plan: Plan, cal: WorkCalendar, digest: Digest, today: date, domain: str, extras: DigestExtras | None = None
) -> Queued:
    """What the check queues for one audience of one plan: data, rendered when first sent. A unit's
    digest also lists its items left open past their ladder; the committee's counts them."""
    extras = extras or DigestExtras()
    items = [_item(plan, cal, fired.row, fired.step.kind, today, extras) for fired in digest.lines()]
    audience = digest.audience
    escalates = audience.kind != AudienceKind.UNIT or any(i.step == "escalation" for i in items)
    kind = Channel.ESCALATION if escalates else Channel.REMINDER
    key = keys.digest(plan.id, audience, today, digest.notice_keys())
    listed = {i.occurrence for i in items}
    still_open = [o for o in extras.still_open if o.occurrence not in listed]
    payload = DigestPayload(
        audience=audience,
        today=today,
        kind=kind,
        items=items,
        still_open=[o for o in still_open if o.unit == audience.unit_id] if audience.kind == AudienceKind.UNIT else [],
        still_open_by_unit=dict(Counter(o.unit for o in still_open)) if audience.kind == AudienceKind.COMMITTEE else {},
    )
    return Queued(
        key=key,
        kind=kind,
        plan_id=plan.id,
        audience=audience,
        recipients=recipients(plan, audience),
        message_id=message_id(key, domain),
        payload=payload,
    )


def targets_entry(plan: Plan, followed: FollowUp, domain: str) -> Queued:
    """The committee told, once per period, of the targets at risk and those not reported."""
    committee = Audience.committee()
    context = {
        "unit": None,
        "period": followed.period.label,
        "due": followed.due.isoformat(),
        "at_risk": [_jsonable(asdict(w)) for w in followed.at_risk],
        "unreported": [_jsonable(asdict(w)) for w in followed.unreported],
    }
    key, to = keys.targets(plan.id, followed.period.label), recipients(plan, committee)
    draft = Draft(key=key, audience=committee, template=Channel.TARGETS, to=to, context=context)
    return answer_entry(plan, draft, domain)


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def answer_entry(plan: Plan, draft: Draft, domain: str) -> Queued:
    """An answer to a received message (ack, error, extension): plain data, rendered when first sent.

    The draft's ``context`` holds JSON values only; its ``unit`` is a unit id or None.
    """
    return Queued(
        key=draft.key,
        kind=Channel(draft.template),
        plan_id=plan.id,
        audience=draft.audience,
        recipients=draft.to,
        message_id=message_id(draft.key, domain),
        payload=AnswerPayload(template=draft.template, context=draft.context, headers=draft.headers),
    )


def render_answer(plan: Plan, queued: Queued, now: datetime, sender: Sender) -> Outgoing:
    """The email for a queued answer."""
    payload = queued.payload
    assert isinstance(payload, AnswerPayload)
    unit_id = payload.context["unit"]
    context = {**payload.context, "plan": plan, "unit": plan.unit(unit_id) if unit_id else None}
    draft = Draft(
        key=queued.key,
        audience=queued.audience,
        template=payload.template,
        to=queued.recipients,
        context=context,
        headers=payload.headers,
    )
    return build(plan, sender, draft, now)


def message_id(key: str, domain: str) -> str:
    """A Message-ID that depends only on the outbox key: a re-send is recognisable."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def _last(event: StoredEvent | None) -> dict[str, Any] | None:
    if event is None:
        return None
    payload = event.payload or {}
    return {
        "at": event.at.date(),
        "kind": event.kind,
        "progress": payload.get("progress"),
        "text": payload.get("text") or "",
    }


def render_digest(
    plan: Plan,
    queued: Queued,
    now: datetime,
    sender: Sender,
    last: Mapping[int, StoredEvent] | None = None,
    earlier: Sequence[DigestItem] = (),
) -> Outgoing:
    """The email for a queued digest; ``last`` holds each occurrence's latest event, for escalations;
    ``earlier`` the other overdue items of the units a committee escalation names, listed after
    those escalated today and counted with them."""
    payload = queued.payload
    assert isinstance(payload, DigestPayload)
    audience = payload.audience
    last = last or {}
    listed = [*payload.items, *earlier]
    named = {i.unit for i in listed}
    items = [
        {
            **_fields(i),
            "unit": plan.unit(i.unit).name,
            "other_unit": i.unit != audience.unit_id,
            "last": _last(last.get(i.occurrence)),
        }
        for i in listed
    ]
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_unit.setdefault(item["unit"], []).append(item)
    reports = [i for i in items if i["request"]]
    context = {
        "plan": plan,
        "audience": audience,
        "unit": plan.unit(audience.unit_id) if audience.unit_id else None,
        "items": items,
        "sections": {
            name: [i for i in items if i["section"] == name] for name in ("overdue", "today", "soon", "report")
        },
        "by_unit": by_unit,
        "today": payload.today,
        "kind": payload.kind,
        "reports": reports,
        "still_open": payload.still_open,
        # a unit the escalation names has every overdue item listed already (``earlier``)
        "still_open_by_unit": {plan.unit(u).name: n for u, n in payload.still_open_by_unit.items() if u not in named},
        "examples": _examples(plan, audience, payload.items),
        "recurring": _recurring(plan.language, payload.items),
    }
    template = TEMPLATE_OF[audience.kind]
    attachments = report_forms(plan, payload.items, sender) if audience.kind == AudienceKind.UNIT else []
    context["forms"] = [a.name for a in attachments]
    draft = Draft(
        key=queued.key, audience=audience, template=template, to=queued.recipients, context=context,
        attachments=attachments,
    )  # fmt: skip
    return build(plan, sender, draft, now)


def report_forms(plan: Plan, items: Sequence[DigestItem], sender: Sender) -> list[Attachment]:
    """The report form (biểu mẫu, .xlsx) a unit's digest carries for each report it asks for,
    laid out when the digest is rendered (``report_form``): sent once, with the digest."""
    from . import report_form  # openpyxl: imported by the digests that carry a form

    found = []
    for item in items:
        form = report_form.form_of(plan, item, sender.secret) if item.request else None
        if form is not None:
            found.append(Attachment(form[0], report_form.XLSX, form[1]))
    return found


def _examples(plan: Plan, audience: Audience, items: Sequence[DigestItem]) -> list[str]:
    """Two of the unit's real codes for the digest's examples: its items first, then what its
    reports ask about, then any task it has in the plan."""
    codes = [i.code for i in items if i.code != REPORT and i.unit == audience.unit_id]
    codes += [r.code for i in items if i.request for r in i.request.items if r.kind == ItemKind.TASK]
    codes += [t.id for t in plan.tasks if audience.unit_id in (t.lead, *t.coordinators)]
    return list(dict.fromkeys(codes))[:2] or [plan.tasks[0].id]


def _recurring(lang: str, items: Sequence[DigestItem]) -> dict[str, str] | None:
    """A recurring task a report asks about, and how a line names its first period ("tuần 10")."""
    for item in items:
        for asked in item.request.items if item.request else []:
            if asked.periods:
                return {"code": asked.code, "said": period_words.said_name(lang, asked.periods[0])}
    return None


def _fields(item: DigestItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in DigestItem.__slots__}


def build(plan: Plan, sender: Sender, draft: Draft, now: datetime) -> Outgoing:
    """Render a draft into a complete message, from ``sender``, its reply token signed for its audience."""
    lang, key, headers = plan.language, draft.key, draft.headers
    token = tokens.token(sender.secret, key, plan.id, draft.audience.key)
    subject = " ".join(render(lang, f"{draft.template}.subject.j2", **draft.context).split()) + f" [#{token}]"
    text = render(lang, f"{draft.template}.txt.j2", **draft.context)
    html = render(lang, f"{draft.template}.html.j2", **draft.context)
    mid = message_id(key, sender.domain)
    name = render(lang, "sender_name.j2", plan=plan).strip()
    fields = [
        ("From", formataddr((name, sender.address), "utf-8")),
        ("Reply-To", formataddr((name, tokens.reply_address(sender.address, token)), "utf-8")),
        ("To", ", ".join(draft.to)),
        ("Subject", Header(subject, "utf-8", header_name="Subject").encode()),
        ("Date", format_datetime(now)),
        ("Message-ID", mid),
        *headers.items(),
        # RFC 3834: an answer to a person's message is auto-replied, everything else auto-generated
        ("Auto-Submitted", "auto-replied" if "In-Reply-To" in headers else "auto-generated"),
        ("X-Auto-Response-Suppress", "All"),
        ("X-Dondoc-Key", key),
        ("MIME-Version", "1.0"),
    ]
    boundary = hashlib.sha256(key.encode()).hexdigest()[:24]
    body = _multipart(
        "alternative",
        f"a{boundary}",
        [_part("text/plain; charset=utf-8", text.encode()), _part("text/html; charset=utf-8", html.encode())],
    )
    if draft.attachments:
        files = [_part(f'{a.media_type}; name="{a.name}"', a.content, a.name) for a in draft.attachments]
        body = _multipart("mixed", f"m{boundary}", [body, *files])
    head = "".join(f"{field}: {value}\n" for field, value in fields).encode("ascii")
    return Outgoing(key, draft.template, draft.to, subject, mid, head + body)


# Messages are written by hand rather than with ``email.mime``: its generator re-folds every
# header and costs more than rendering the templates, at tens of thousands of digests a night.
def _part(content_type: str, content: bytes, filename: str = "") -> bytes:
    disposition = f'Content-Disposition: attachment; filename="{filename}"\n' if filename else ""
    head = f"Content-Type: {content_type}\nContent-Transfer-Encoding: base64\n{disposition}\n"
    return head.encode() + base64.encodebytes(content)


def _multipart(subtype: str, boundary: str, parts: list[bytes]) -> bytes:
    inner = b"".join(b"\n--" + boundary.encode() + b"\n" + part for part in parts)
    return (
        f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\n'.encode()
        + inner
        + f"\n--{boundary}--\n".encode()
    )
