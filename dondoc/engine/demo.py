"""``dondoc demo``: the whole loop on a bundled plan and a temporary database, no server needed.

Validates the bundled plans, loads one, runs the nightly check with its reminders written to
``outbox/`` as .eml files, ingests three replies (one typed without diacritics, one quoting
the reminder back, one from a stranger) and answers them. The CLI then prints the status.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from dondoc.notifiers.files import FileNotifier

from . import formats, ingest, nightly, outbox, plans, reports, store
from .emails import render
from .settings import Settings
from .store.outbox import OutboxMessage
from .validate import read_plan

PLAN = "tan-ky-tuyen-truyen-nq57.yaml"
DAY = date(2026, 3, 16)  # two weeks into the plan's life: reminders and a first escalation
SENDER = "dondoc@tanky.example.vn"
STRANGER = "nguoi.la@gmail.com"


@dataclass(frozen=True)
class Tour:
    folder: Path
    url: str
    plan_id: str
    now: datetime
    codes: list[str]  # the tasks the replies were about


def bundled_plans() -> list[Path]:
    """The seed plans shipped inside the package (plans/*.yaml)."""
    folder = resources.files("dondoc").joinpath("plans")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


def run(day: date | None, say: Callable[[str], None], workdir: Path | None = None) -> Tour:
    """The tour up to the status table; return where it happened."""
    folder = workdir or Path(tempfile.mkdtemp(prefix="dondoc-demo-"))
    url = f"sqlite:///{folder / 'dondoc.db'}"
    engine = store.connect(url)
    settings = Settings(db=url, sender=SENDER, outbox_dir=str(folder / "outbox"))
    say("$ dondoc validate plans/*.yaml")
    paths = bundled_plans()
    for path in paths:
        source = read_plan(path)
        say(f"{path.name}: ok ({len(source.plan.tasks)} tasks, {len(source.plan.units)} units)")
    source = read_plan(next(p for p in paths if p.name == PLAN))
    now = datetime.combine(day or DAY, time(7, 30), ZoneInfo(source.plan.plan.timezone))
    say(f"\n$ dondoc load {PLAN}")
    result = plans.load(engine, source, now)
    say(f"{PLAN}: {result.plan_id} revision {result.revision} ({result.outcome})")
    say(f"\n$ DONDOC_OUTBOX_DIR=outbox dondoc run --now {now.date().isoformat()}")
    checked = nightly.check(engine, now, settings)
    sent = outbox.drain(engine, FileNotifier(settings.outbox_dir), settings, now)
    say(f"check: queued {checked.queued} digests; send: {sent.sent} written to {settings.outbox_dir}/")
    digests = _digests(engine)
    for row in digests:
        say(f"  {row.kind:<10} to {', '.join(row.recipients)}: {row.subject}")
    first = next(r for r in digests if (r.audience or "").startswith("unit:"))
    say(f"\n--- the plain-text part of the email to {', '.join(first.recipients)} ---")
    say(_text(first.message).rstrip())
    say("---")
    later = now + timedelta(hours=3)
    codes = _replies(engine, digests, later, settings, say)
    answered = outbox.drain(engine, FileNotifier(settings.outbox_dir), settings, later)
    say(f"\n$ dondoc send\nsend: {answered.sent} answers (acknowledgements, error replies) written to outbox/")
    return Tour(folder, url, result.plan_id, later, codes)


def _digests(engine: Engine) -> list[OutboxMessage]:
    with engine.connect() as conn:
        return store.outbox.listed(conn)


def _text(raw: bytes) -> str:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    return body.get_content() if isinstance(body, EmailMessage) else ""


def _replies(
    engine: Engine, digests: list[OutboxMessage], now: datetime, settings: Settings, say: Callable[[str], None]
) -> list[str]:
    """Three replies as people write them, ingested as `dondoc ingest -` would."""
    with_tasks = [r for r in digests if (r.audience or "").startswith("unit:") and _codes(r)]
    with engine.connect() as conn:
        plan = plans.current(conn, with_tasks[0].plan_id or "")
    codes = []
    say("\n$ dondoc ingest -   (three replies, one at a time)")
    for template, row in zip(("unaccented", "quoted", "stranger"), [*with_tasks[:2], with_tasks[0]], strict=False):
        unit = plan.unit((row.audience or "").split(":", 1)[1])
        code = _codes(row)[0]
        sender = STRANGER if template == "stranger" else unit.email[0]
        quoted = _text(row.message).splitlines()
        body = render("demo", f"{template}.txt.j2", code=code, unit_name=unit.name, sender=SENDER, quoted=quoted)
        reply = _reply(row.message, sender, body)
        received = ingest.ingest(engine, reply.as_bytes(), now, settings)
        say(ingest.describe(received))
        codes.append(code)
    return list(dict.fromkeys(codes))


def _codes(row: OutboxMessage) -> list[str]:
    return [i["code"] for i in (row.payload or {}).get("items", []) if i["code"] != "report"]


def _reply(raw: bytes, sender: str, body: str) -> EmailMessage:
    original = message_from_bytes(raw, policy=policy.default)
    reply = EmailMessage()
    reply["From"] = sender
    reply["To"] = str(original["Reply-To"])
    reply["Subject"] = f"Re: {original['Subject']}"
    reply["Message-ID"] = f"<demo-{hashlib.sha1((sender + body).encode()).hexdigest()[:16]}@mail.example.vn>"
    reply["In-Reply-To"] = str(original["Message-ID"])
    reply.set_content(body)
    return reply


def write_reports(tour: Tour, say: Callable[[str], None]) -> list[Path]:
    """The report of the period running at the tour's date, in every format, under ``reports/``."""
    engine = store.connect(tour.url)
    with engine.connect() as conn:
        report = reports.gather_running(conn, tour.plan_id, tour.now)
    folder = tour.folder / "reports"
    folder.mkdir(exist_ok=True)
    written = []
    for fmt in formats.FORMATS:
        path = folder / formats.attachment(report, fmt).name
        path.write_bytes(formats.render(report, fmt))
        written.append(path)
    say(f"\n$ dondoc report --plan {tour.plan_id} --period {report.period} --format FORMAT -o reports/...")
    figures = report.figures
    say(f"{formats.period_name(report)}: {figures.overdue}/{figures.due} due items overdue ({figures.share}%)")
    for path in written:
        say(f"  {path}")
    return written
