"""A periodic report answered in two steps, as cron and a unit live it (issue #19): the request lists
every item -> SMTP -> a reply names some -> Dovecot -> ingest --imap -> the acknowledgement and the
next reminder (and its XLSX form) name only what is missing -> a reply with the form filled in
answers the rest -> the report is done.
"""

from __future__ import annotations

import asyncio
import json
from email.message import EmailMessage
from pathlib import Path

from aiosmtplib import SMTP

from dondoc.engine import forms
from dondoc.engine.forms import Column
from tests.support.cli import Cli
from tests.support.forms import answered
from tests.support.imap_server import ImapServer
from tests.support.mail_loop import mail_env, reply_to
from tests.support.paths import FIXTURES
from tests.support.smtp_server import SmtpServer

XLSX = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUARTERLY = (FIXTURES / "minimal.yaml").read_text("utf-8").replace(
    "targets:\n", "reporting:\n  cadences: [quarterly]\ntargets:\n", 1
)


def request_to_vhxh(relay: SmtpServer) -> EmailMessage:
    found = [r.message for r in relay.sink.received if r.recipients == ["vhxh@xa.example.vn", "vhxh2@xa.example.vn"]]
    assert len(found) == 1
    return found[0]


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert isinstance(body, EmailMessage)
    return str(body.get_content())


def asked(message: EmailMessage) -> list[str]:
    """The codes a digest's report request lists (its "◦ CODE — title" lines, before the items left
    open and the instructions)."""
    text = text_of(message).split("VẪN CHƯA HOÀN THÀNH")[0].split("Cách báo cáo")[0]
    return [line.split("◦ ")[1].split(" — ")[0] for line in text.splitlines() if "◦ " in line]


def form_of(message: EmailMessage) -> bytes:
    """The report form a digest carries."""
    [part] = [p for p in message.iter_attachments() if (p.get_filename() or "").endswith(".xlsx")]
    data = part.get_content()
    assert isinstance(data, bytes)
    return data


def deliver(mx_port: int, message: EmailMessage) -> None:
    async def send() -> None:
        async with SMTP(hostname="127.0.0.1", port=mx_port, start_tls=False) as client:
            await client.send_message(message)

    asyncio.run(send())


def report(cli: Cli, now: str) -> dict[str, object]:
    status = json.loads(cli("status", "--json", "--plan", "demo-xa", "--unit", "vhxh", "--now", now).stdout)
    [found] = [o for o in status["occurrences"] if o["task"] == "report" and o["period"] == "2026-Q1"]
    return dict(found)


def test_a_report_answered_in_two_steps_with_a_reminder_naming_only_what_was_missing(
    servers: tuple[SmtpServer, ImapServer, int],
    cli: Cli,
    tmp_path: Path,
) -> None:
    relay, imap, mx_port = servers
    env = mail_env(relay, imap)
    plan = tmp_path / "plan.yaml"
    plan.write_text(QUARTERLY, "utf-8")
    assert cli("load", "--now", "2026-01-05", str(plan)).returncode == 0
    assert cli("run", "--now", "2026-03-06", env=env).returncode == 0  # 7 working days before 16/03
    request = request_to_vhxh(relay)
    assert "Quý I/2026 (15/12/2025 – 14/03/2026)" in text_of(request) and "2026-Q1" not in text_of(request)
    assert asked(request) == ["1.1", "1.2", "2.1", "CT-5G"]
    assert forms.read(form_of(request)).codes == ("1.1", "1.2", "2.1", "CT-5G")  # the form asks the same
    assert "Hoặc điền vào biểu mẫu gửi kèm (bieu-mau-" in text_of(request)
    assert "» CT-5G: <số liệu, đơn vị %>" in text_of(request)

    deliver(mx_port, reply_to(request, "vhxh@xa.example.vn", "2.1: đang thực hiện - đã khảo sát 12 trạm\nCT-5G: 48,5"))
    assert cli("ingest", "--imap", "--now", "2026-03-06T10:00", env=env).stdout.strip().endswith("1 recorded")
    first = report(cli, "2026-03-06")
    assert (first["missing"], first["state"], first["progress"]) == (["1.1", "1.2"], "in_progress", 50)
    relay.sink.received.clear()
    assert cli("send", "--now", "2026-03-06T10:01", env=env).returncode == 0
    ack = text_of(relay.sink.received[0].message)
    assert "đã nhận 2/4 nội dung; còn thiếu 2 nội dung:" in ack and "◦ 1.2 — Bản tin hằng tháng" in ack

    relay.sink.received.clear()
    assert cli("run", "--now", "2026-03-11", env=env).returncode == 0  # 3 working days before
    reminder = request_to_vhxh(relay)
    assert "Đã nhận 2/4 nội dung; còn thiếu 2 nội dung:" in text_of(reminder)
    assert asked(reminder) == ["1.1", "1.2"]  # only what is missing

    form = form_of(reminder)  # the reminder's form has a row for each item still missing, no more
    assert forms.read(form).codes == ("1.1", "1.2")
    rows = {"1.1": {Column.STATUS: "Đang thực hiện", Column.RESULT: "đã góp ý dự thảo quyết định"},
            "1.2": {Column.STATUS: "Hoàn thành", Column.RESULT: "đã phát hành 2 số"}}  # fmt: skip
    # First with text in the Tiến độ column: the whole message waits, and the unit is told the row.
    wrong = reply_to(reminder, "vhxh2@xa.example.vn", "")
    typo = {"1.1": {Column.PROGRESS: "khoảng 60"}, "1.2": rows["1.2"]}
    wrong.add_attachment(answered(form, typo), maintype="application", subtype=XLSX, filename="bieu-mau-vhxh.xlsx")
    deliver(mx_port, wrong)
    held = cli("ingest", "--imap", "--now", "2026-03-11T09:00", env=env).stdout
    assert "quarantined" in held and "bad_form" in held
    inbox_id = held.split()[0].lstrip("#")
    shown = cli("quarantine", "show", inbox_id).stdout
    assert "form        bieu-mau-vhxh.xlsx: Dòng " in shown and "(1.1)" in shown and "khoảng 60" in shown
    assert report(cli, "2026-03-11")["missing"] == ["1.1", "1.2"]  # nothing of it was taken
    relay.sink.received.clear()
    assert cli("send", "--now", "2026-03-11T09:01", env=env).returncode == 0
    error = text_of(relay.sink.received[0].message)
    assert "Biểu mẫu chưa đọc được" in error and "(1.1)" in error and "khoảng 60" in error

    second = reply_to(reminder, "vhxh2@xa.example.vn", "")
    second.add_attachment(answered(form, rows), maintype="application", subtype=XLSX, filename="bieu-mau-vhxh.xlsx")
    deliver(mx_port, second)
    assert cli("ingest", "--imap", "--now", "2026-03-11T10:00", env=env).stdout.strip().endswith("1 recorded")
    done = report(cli, "2026-03-11")
    assert (done["missing"], done["state"], done["progress"]) == ([], "done", 100)
    status = json.loads(cli("status", "--json", "--plan", "demo-xa", "--task", "1.1", "--now", "2026-03-11").stdout)
    assert {o["unit"]: o["state"] for o in status["occurrences"]}["vhxh"] == "in_progress"

    relay.sink.received.clear()
    assert cli("run", "--now", "2026-03-13", env=env).returncode == 0  # the last reminder's day: none for it
    to_vhxh = [r.message for r in relay.sink.received if str(r.message["X-Dondoc-Key"]).startswith("digest:demo-xa:unit:vhxh")]
    assert not [d for d in to_vhxh if "Quý I/2026" in text_of(d)]
