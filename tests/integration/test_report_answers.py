"""Answers to a report request, against a real store: each line is kept for the unit's report and
acts on its item; the report is done when nothing is missing; status and the acknowledgement say
what is still missing (issue #19)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select

from dondoc.engine import ingest, nightly, outbox, plans, report_answers, report_form, reports, status, store, tokens
from dondoc.engine.forms import Column
from dondoc.engine.letters import Attachment, Letter
from dondoc.engine.plans import calendar_of
from dondoc.engine.received import Received
from dondoc.engine.reports import Report
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from dondoc.engine.validate import parse_plan
from dondoc.engine.vocabulary import AttachmentKind
from dondoc.notifiers.files import FileNotifier
from tests.support.forms import answered
from tests.support.paths import FIXTURES

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SECRET = "report-secret"
SETTINGS = Settings(sender="dondoc@xa.example.vn", secret=SECRET)
TEXT = (FIXTURES / "minimal.yaml").read_text("utf-8")
QUARTERLY = TEXT.replace("targets:\n", "reporting:\n  cadences: [quarterly]\ntargets:\n", 1)
ASKED = date(2026, 3, 6)  # 7 working days before the Q1 report is due (16/03)


def at(day: date, hour: int = 7) -> datetime:
    return datetime.combine(day, time(hour, 30), TZ)


def requested(store_url: str, tmp_path: Path) -> tuple[Engine, dict[str, Any]]:
    """A store whose check has sent Phòng VHXH its Q1 report request; the request's reply headers."""
    engine = store.connect(store_url)
    plans.load(engine, parse_plan(QUARTERLY.encode(), "p.yaml"), at(date(2026, 1, 5)))
    nightly.check(engine, at(ASKED), SETTINGS)
    outbox.drain(engine, FileNotifier(tmp_path / "out"), SETTINGS, at(ASKED))
    o = schema.outbox.c
    with engine.connect() as conn:
        row = conn.execute(select(o.subject, o.message_id).where(o.audience == "unit:vhxh")).one()
    token = tokens.IN_SUBJECT.search(row.subject)
    assert token
    return engine, {"reply_to": tokens.reply_address(SETTINGS.sender, token.group(1)), "mid": row.message_id}


def reply(request: dict[str, Any], body: str, n: int, attachment: tuple[str, str] | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "vhxh@xa.example.vn"
    message["To"] = request["reply_to"]
    message["Subject"] = "Re: báo cáo quý I"
    message["Message-ID"] = f"<reply-{n}@xa.example.vn>"
    message["In-Reply-To"] = request["mid"]
    message.set_content(body)
    if attachment:
        name, subtype = attachment
        message.add_attachment(b"%PDF-1.4 report", maintype="application", subtype=subtype, filename=name)
    return message.as_bytes()


def send(engine: Engine, raw: bytes, day: date = ASKED) -> Received:
    return ingest.ingest(engine, raw, at(day, 10), SETTINGS)


def report_status(engine: Engine, day: date = ASKED) -> dict[tuple[str, str], Any]:
    """The unit's Q1 report as ``status --json`` shows it."""
    with engine.connect() as conn:
        plan = plans.current(conn, "demo-xa")
        rows = list(store.occurrences.begun(conn, day, "demo-xa", "vhxh"))
        standings = report_answers.standings_of(conn, plan, rows)
        shown = status.statuses(plan, calendar_of(plan), rows, day, standings)
    return {(o["task"], o["period"]): o for o in shown}


def test_a_partial_answer_is_kept_and_the_rest_is_said_missing(store_url: str, tmp_path: Path) -> None:
    engine, request = requested(store_url, tmp_path)
    got = send(engine, reply(request, "2.1: đang thực hiện - đã khảo sát 12 trạm\nCT-5G: 48,5\n", 1))
    assert (got.state, [r.code for r in got.recorded]) == ("recorded", ["2.1", "CT-5G"])
    [progress] = got.reports
    assert (progress.period, progress.total, progress.answered) == ("2026-Q1", 4, 2)
    assert progress.missing == ("1.1", "1.2")  # the task it coordinates, and the monthly one
    shown = report_status(engine)
    report = shown[("report", "2026-Q1")]
    assert (report["missing"], report["items"], report["answered"], report["progress"]) == (["1.1", "1.2"], 4, 2, 50)
    assert report["state"] == "in_progress"
    assert shown[("2.1", "ongoing")]["reports"] == [{"period": "2026-Q1", "reported": True}]
    with engine.connect() as conn:
        entries = conn.execute(select(schema.report_entries)).mappings().all()
    assert {(e["item"], e["state"], e["result"], e["value"], e["via"], e["position"]) for e in entries} == {
        ("2.1", "in_progress", "đã khảo sát 12 trạm", None, "line", 1),
        ("CT-5G", None, "", 48.5, "line", 2),
    }


def test_the_rest_completes_the_report_and_a_period_named_picks_the_tasks_period(store_url: str, tmp_path: Path) -> None:
    engine, request = requested(store_url, tmp_path)
    send(engine, reply(request, "2.1: đang thực hiện\nCT-5G: 50\n", 1))
    got = send(engine, reply(request, "1.1: đang thực hiện - góp ý dự thảo\n1.2 tháng 2: hoàn thành - 2 số\n", 2))
    assert got.reports[0].missing == () and got.state == "recorded"
    shown = report_status(engine)
    assert shown[("report", "2026-Q1")]["state"] == "done" and shown[("report", "2026-Q1")]["missing"] == []
    assert shown[("1.2", "2026-02")]["state"] == "done" and shown[("1.2", "2026-01")]["state"] != "done"


def test_a_period_the_task_does_not_have_is_refused_with_a_reason(store_url: str, tmp_path: Path) -> None:
    engine, request = requested(store_url, tmp_path)
    got = send(engine, reply(request, "1.2 tháng 13: hoàn thành\n1.2 tuần 5: xong\n", 1))
    assert [r.reason for r in got.rejected] == ["bad_period", "bad_period"]  # no month 13; a monthly task
    assert got.state == "quarantined"


@pytest.mark.parametrize(("name", "subtype", "fulfils"), [("bao-cao-q1.pdf", "pdf", True), ("image001.png", "png", False)])
def test_a_document_fulfils_the_report_an_image_does_not(
    store_url: str, tmp_path: Path, name: str, subtype: str, fulfils: bool
) -> None:
    engine, request = requested(store_url, tmp_path)
    got = send(engine, reply(request, "2.1: đang thực hiện\n", 1, (name, subtype)))
    report = report_status(engine)[("report", "2026-Q1")]
    assert (report["state"] == "done", report["missing"] == []) == (fulfils, fulfils)
    assert ("report" in [r.code for r in got.recorded]) == fulfils


def test_the_acknowledgement_lists_what_is_still_missing_with_titles(store_url: str, tmp_path: Path) -> None:
    engine, request = requested(store_url, tmp_path)
    send(engine, reply(request, "2.1: đang thực hiện\n", 1))
    folder = tmp_path / "acks"
    outbox.drain(engine, FileNotifier(folder), SETTINGS, at(ASKED, 11))
    messages = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in folder.glob("*.eml")]
    [ack] = [m for m in messages if str(m["X-Dondoc-Key"]).startswith("reply:")]
    body = ack.get_body(("plain",))
    assert isinstance(body, EmailMessage)
    text = body.get_content()
    assert "Báo cáo định kỳ Quý I/2026 (15/12/2025 – 14/03/2026): đã nhận 1/4 nội dung; còn thiếu 3 nội dung:" in text
    assert "◦ 1.2 — Bản tin hằng tháng" in text and "◦ CT-5G — Tỷ lệ phủ sóng 5G" in text
    assert "2026-Q1" not in text and "[report]" not in text


def test_a_target_value_for_a_named_year_counts_for_that_year(store_url: str, tmp_path: Path) -> None:
    engine, request = requested(store_url, tmp_path)
    send(engine, reply(request, "CT-5G năm 2025: 40\n", 1))
    with engine.connect() as conn:
        [value] = store.events.target_values(conn, "demo-xa")
    assert value.payload["year"] == 2025


def test_the_secretariats_update_answers_the_report_too(store_url: str, tmp_path: Path) -> None:
    engine, _request = requested(store_url, tmp_path)
    from click.testing import CliRunner

    from dondoc.engine.cli import cli

    args = ["update", "demo-xa", "2.1", "--unit", "vhxh", "--progress", "40", "--now", ASKED.isoformat()]
    result = CliRunner().invoke(cli, args, env={"DONDOC_DB": str(engine.url)})
    assert result.exit_code == 0, result.output
    with engine.connect() as conn:
        entry = conn.execute(select(schema.report_entries)).mappings().one()
    assert (entry["item"], entry["via"], entry["actor"], entry["progress"]) == ("2.1", "manual", "secretariat", 40)


def statements(report: Report) -> set[tuple[str, str | None, str, str | None]]:
    """What a report says units said about tasks: (kind, task, sentence, status)."""
    return {(s.kind, s.task, s.text, s.status) for sec in report.sections for t in sec.tasks for s in t.statements}


def test_the_committees_report_is_made_of_the_answers_of_its_period_even_late(store_url: str, tmp_path: Path) -> None:
    """An answer to the Q1 report sent in April is what Phòng VHXH said for Q1 (sections I, III and
    IV read ``reports.said``), not for Q2; nothing was said in Q1's own window."""
    engine, request = requested(store_url, tmp_path)
    late = date(2026, 4, 20)
    send(engine, reply(request, "2.1: đang thực hiện - đã khảo sát 12 trạm\n", 1), late)
    with engine.connect() as conn:
        q1 = reports.gather(conn, "demo-xa", "2026-Q1", at(late, 12))
        q2 = reports.gather(conn, "demo-xa", "2026-Q2", at(date(2026, 7, 1), 12))
    said = ("result", "2.1", "đã khảo sát 12 trạm", "in_progress")
    assert said in statements(q1) and said not in statements(q2)


def the_form(tmp_path: Path) -> bytes:
    """The report form the request to Phòng VHXH carried (the one .xlsx of its digest)."""
    [path] = [p for p in (tmp_path / "out").glob("*.eml") if "vhxh" in p.name]
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    [part] = [p for p in message.iter_attachments() if (p.get_filename() or "").endswith(".xlsx")]
    data = part.get_content()
    assert isinstance(data, bytes)
    return data


def with_form(request: dict[str, Any], body: str, n: int, form: bytes) -> bytes:
    message = message_from_bytes(reply(request, body, n), policy=policy.default)
    assert isinstance(message, EmailMessage)
    message.add_attachment(form, maintype="application", subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           filename="bieu-mau.xlsx")  # fmt: skip
    return message.as_bytes()


def test_a_returned_form_answers_the_rest_of_the_report(store_url: str, tmp_path: Path) -> None:
    engine, request = requested(store_url, tmp_path)
    form = the_form(tmp_path)
    send(engine, reply(request, "2.1: đang thực hiện - đã khảo sát 12 trạm\nCT-5G: 48,5\n", 1))
    rows = {"1.1": {Column.STATUS: "Đang thực hiện", Column.RESULT: "góp ý dự thảo"},
            "1.2": {Column.STATUS: "Hoàn thành", Column.OBSTACLES: "thiếu kinh phí"}}  # fmt: skip
    got = send(engine, with_form(request, "", 2, answered(form, rows)))
    assert got.state == "recorded", got.detail()
    assert sorted(r.code for r in got.recorded) == ["1.1", "1.2"]
    assert got.reports[0].missing == ()
    with engine.connect() as conn:
        entries = conn.execute(select(schema.report_entries).where(schema.report_entries.c.via == "form")).mappings()
        assert {(e["item"], e["state"], e["result"], e["obstacles"]) for e in entries} == {
            ("1.1", "in_progress", "góp ý dự thảo", ""),
            ("1.2", "done", "", "thiếu kinh phí"),
        }
    assert report_status(engine)[("report", "2026-Q1")]["state"] == "done"


def test_a_form_with_text_in_a_number_cell_quarantines_the_message_naming_the_row(
    store_url: str, tmp_path: Path
) -> None:
    engine, request = requested(store_url, tmp_path)
    form = answered(the_form(tmp_path), {"CT-5G": {Column.VALUE: "khoảng 50"}, "1.1": {Column.STATUS: "Hoàn thành"}})
    got = send(engine, with_form(request, "2.1: hoàn thành\n", 1, form))
    assert (got.state, got.reason, got.recorded) == ("quarantined", "bad_form", [])
    [problem] = got.form_problems
    assert "CT-5G" in problem and "khoảng 50" in problem
    assert report_status(engine)[("report", "2026-Q1")]["missing"] == ["1.1", "1.2", "2.1", "CT-5G"]
    outbox.drain(engine, FileNotifier(tmp_path / "err"), SETTINGS, at(ASKED, 11))
    [error] = (tmp_path / "err").glob("*.eml")
    text = error.read_text("utf-8", errors="replace")
    assert "bad_form" not in text


def forms_of(raw: bytes) -> list[Attachment]:
    """The report forms a message carries, as recording is given them."""
    return [a for a in Letter.read(raw).attachments if a.kind == AttachmentKind.FORM]


def test_another_units_form_or_one_not_signed_by_dondoc_is_refused_whole(store_url: str, tmp_path: Path) -> None:
    """Phòng VHXH's form sent back in another unit's reply (forwarded, mixed up) is not that unit's;
    a form whose token another installation signed is not dondoc's; the rows of a good one answer
    the report it was made for."""
    engine, _ = requested(store_url, tmp_path)
    form = answered(the_form(tmp_path), {"1.1": {Column.STATUS: "Hoàn thành"}})
    letter = forms_of(with_form({"reply_to": "x@xa.example.vn", "mid": "<m@x>"}, "", 1, form))
    with engine.connect() as conn:
        plan = plans.current(conn, "demo-xa")
    found = report_form.returned(plan, "vp", letter, "<m@x>", SECRET)
    assert found.lines == [] and len(found.problems) == 1 and "đơn vị khác" in found.problems[0]
    [forged] = report_form.returned(plan, "vhxh", letter, "<m@x>", "another-secret").problems
    assert "Phần nhận dạng" in forged
    good = report_form.returned(plan, "vhxh", letter, "<m@x>", SECRET)
    [line] = good.lines
    assert (good.problems, line.code, line.state, line.source.via) == ([], "1.1", "done", "form")
    with engine.connect() as conn:
        [q1] = [r.id for r in store.occurrences.find(conn, "demo-xa", "report", "vhxh") if r.period == "2026-Q1"]
    assert line.report == q1


def test_the_ladder_escalates_a_partial_report_naming_only_what_is_missing(store_url: str, tmp_path: Path) -> None:
    engine, request = requested(store_url, tmp_path)
    send(engine, reply(request, "2.1: đang thực hiện\nCT-5G: 50\n", 1))
    day = ASKED
    while day <= date(2026, 3, 31):
        nightly.check(engine, at(day), SETTINGS)
        day += timedelta(1)
    o = schema.outbox.c
    with engine.connect() as conn:
        queued = conn.execute(select(o.key, o.audience, o.payload).where(o.kind == "escalation")).all()
    escalated = [
        (row.audience, i["request"])
        for row in queued
        for i in row.payload["items"]
        if i["code"] == "report" and i["unit"] == "vhxh" and i["step"] == "escalation"
    ]
    assert {audience for audience, _ in escalated} == {"unit:vhxh", "committee"}  # vhxh has no head
    for _, asked in escalated:
        assert [i["code"] for i in asked["items"]] == ["1.1", "1.2"]
        assert (asked["total"], asked["answered"]) == (4, 2)


def test_a_form_inside_a_forwarded_message_is_not_the_senders(store_url: str, tmp_path: Path) -> None:
    engine, request = requested(store_url, tmp_path)
    form = with_form(request, "", 1, answered(the_form(tmp_path), {"1.1": {Column.STATUS: "Xong"}}))
    inner = message_from_bytes(form, policy=policy.default)
    outer = EmailMessage()
    outer["From"] = "vhxh@xa.example.vn"
    outer.set_content("Chuyển tiếp thư của đơn vị khác.")
    outer.add_attachment(inner)
    with engine.connect() as conn:
        plan = plans.current(conn, "demo-xa")
    forwarded = report_form.returned(plan, "vhxh", forms_of(outer.as_bytes()), "<f@x>", SECRET)
    assert (forwarded.forms, forwarded.lines, forwarded.problems) == (0, [], [])
    assert report_form.returned(plan, "vhxh", forms_of(form), "<f@x>", SECRET).forms == 1
