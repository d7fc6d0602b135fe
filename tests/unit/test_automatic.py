"""Recognising automatic mail by every mark (``automatic.judge``), on messages built here in the
shapes robots use rather than copied from the corpus: whatever the From says (a unit's own
address is the hard case), by MIME shape, vendor field, subject, robot sender or body."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from dondoc.engine.automatic import judge
from dondoc.engine.letters import Letter
from dondoc.engine.vocabulary import Reason

UNIT = "Phòng Văn hóa <vhxh@xa.example.vn>"
OUR_SUBJECT = "[15/KH-UBND] Nhắc việc: 2 nội dung - 16/03/2026 [#abcdefgh12345678]"


def plain(body: str, subject: str = f"Re: {OUR_SUBJECT}", **fields: str) -> bytes:
    message = EmailMessage()
    message["From"] = fields.pop("From", UNIT)
    message["To"] = "dondoc+abcdefgh12345678@xa.example.vn"
    message["Subject"] = subject
    for name, value in fields.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def judged(raw: bytes) -> Reason | None:
    return judge(Letter.read(raw))


RETURNED = (
    "message/rfc822",
    "From: dondoc@xa.example.vn\nSubject: Nhac viec\nAuto-Submitted: auto-generated\n"
    "X-Dondoc-Key: digest:p:unit:vhxh:2026-03-16:0123456789ab\n\n-- Vui long tra loi phia tren dong nay --\n",
)


def multipart(subtype: str, subject: str, *parts: tuple[str, str], params: str = "") -> bytes:
    """A multipart message as robots write them, from the unit's own address."""
    head = f"From: {UNIT}\nSubject: {subject}\nMIME-Version: 1.0\n"
    head += f'Content-Type: multipart/{subtype}; boundary="b0"{params}\n\n'
    body = "".join(f"--b0\nContent-Type: {ctype}\n\n{text}\n" for ctype, text in parts)
    return (head + body + "--b0--\n").encode()



def test_a_persons_reply_is_not_automatic() -> None:
    assert judged(plain("IV.1.1: hoàn thành\n\nTrân trọng!")) is None
    quoting = "IV.1.1 xong\n\nOn Mon, X wrote:\n> Undeliverable mail is returned to sender (550 5.1.1)"
    assert judged(plain(quoting)) is None  # a person's quote talks about bounces: still a person


@pytest.mark.parametrize("report_type", ["delivery-status", "something-new"])
def test_a_multipart_report_from_the_units_own_address_is_a_bounce(report_type: str) -> None:
    raw = multipart(
        "report", "Notice", ("text/plain", "Mail to x failed."), ("message/delivery-status", "Action: failed"),
        params=f"; report-type={report_type}",
    )  # fmt: skip
    assert judged(raw) == Reason.BOUNCE


def test_a_delivery_status_part_in_multipart_mixed_is_a_bounce() -> None:
    status = "Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b\nAction: failed\nStatus: 5.1.1"
    raw = multipart("mixed", "Notice", ("text/plain", "Something happened."), ("message/delivery-status", status))
    assert judged(raw) == Reason.BOUNCE


@pytest.mark.parametrize(
    "fields",
    [
        {"Return_Path": "<MAILER-DAEMON@mx.example.vn>"},
        {"Sender": "postmaster@mx.example.vn"},
        {"From": "Mail Delivery Subsystem <vhxh@xa.example.vn>"},
        {"X_Failed_Recipients": "vhxh@xa.example.vn"},
        {"X_MS_Exchange_Message_Is_Ndr": ""},
    ],
)
def test_a_robot_sender_or_ndr_field_makes_a_bounce(fields: dict[str, str]) -> None:
    assert judged(plain("Some text the robot wrote.", subject="Thông báo", **fields)) == Reason.BOUNCE


@pytest.mark.parametrize(
    "subject",
    [
        "Undelivered Mail Returned to Sender",
        "failure notice",
        f"Undeliverable: {OUR_SUBJECT}",
        "Returned mail: see transcript for details",
        f"Không thể gửi: {OUR_SUBJECT}",
        "Thư không gửi được",
        f"Unzustellbar: {OUR_SUBJECT}",
        "Delivery Status Notification (Delay)",
        f"Delivered: {OUR_SUBJECT}",
    ],
)
def test_a_bounce_subject_from_the_units_address_is_a_bounce(subject: str) -> None:
    assert judged(plain("Hi. This is the mail system.", subject=subject)) == Reason.BOUNCE


def test_a_text_bounce_is_known_by_what_it_says_and_its_smtp_status() -> None:
    body = "Xin lỗi,\nthư không gửi được tới a@b.vn.\nRemote host said: 550 5.1.1 <a@b.vn>: User unknown\n"
    assert judged(plain(body, subject="Thông báo hệ thống")) == Reason.BOUNCE


def test_a_copy_of_dondocs_own_message_returned_makes_a_bounce() -> None:
    inline = "Could not send.\n\n--- copy ---\nFrom: dondoc@xa.example.vn\nX-Dondoc-Key: digest:p:unit:vhxh\n"
    assert judged(plain(inline, subject="Thông báo")) == Reason.BOUNCE
    assert judged(multipart("mixed", "Notice", ("text/plain", "Sorry."), RETURNED)) == Reason.BOUNCE


@pytest.mark.parametrize(
    ("content_type", "subject"),
    [
        ("message/feedback-report", "FW: x"),
        ("application/tlsrpt+gzip", "Report Domain: xa.example.vn Submitter: google.com Report-ID: <1@g>"),
    ],
)
def test_feedback_reports_in_multipart_mixed(content_type: str, subject: str) -> None:
    raw = multipart("mixed", subject, ("text/plain", "This is an email abuse report."), (content_type, "x"), RETURNED)
    assert judged(raw) == Reason.FEEDBACK


@pytest.mark.parametrize(
    "subject",
    [
        "Report domain: xa.example.vn Submitter: google.com Report-ID: 123",
        "complaint about message from 203.162.4.190",
        "[SpamCop (203.162.4.190) id:1]Nhắc việc",
        "Thông báo phản ánh thư rác từ IP 203.162.4.190",
    ],
)
def test_feedback_by_subject(subject: str) -> None:
    assert judged(plain("See attached.", subject=subject)) == Reason.FEEDBACK


def test_a_read_receipt_in_any_shape_is_automatic_not_a_bounce() -> None:
    mixed = multipart("mixed", "Notice", ("text/plain", "Read."), ("message/disposition-notification", "x"), RETURNED)
    assert judged(mixed) == Reason.AUTOMATIC  # a receipt that returns the headers is no bounce
    assert judged(plain("Your document was received.", subject="Return Receipt")) == Reason.AUTOMATIC
    assert judged(plain("Gelesen.", subject=f"Gelesen: {OUR_SUBJECT}")) == Reason.AUTOMATIC


@pytest.mark.parametrize(
    "subject",
    [
        f"Automatic reply: {OUR_SUBJECT}",
        f"Trả lời tự động: {OUR_SUBJECT}",
        f"Réponse automatique : {OUR_SUBJECT}",
        f"Automatische Antwort: {OUR_SUBJECT}",
        f"Respuesta automática: {OUR_SUBJECT}",
        f"Risposta automatica: {OUR_SUBJECT}",
        f"Resposta automática: {OUR_SUBJECT}",
        f"Automatisch antwoord: {OUR_SUBJECT}",
        f"Odpowiedź automatyczna: {OUR_SUBJECT}",
        f"Autosvar: {OUR_SUBJECT}",
        f"Automatisk svar: {OUR_SUBJECT}",
        f"Автоматический ответ: {OUR_SUBJECT}",
        f"自动回复: {OUR_SUBJECT}",
        f"自動応答: {OUR_SUBJECT}",
        f"자동 회신: {OUR_SUBJECT}",
        f"Out of Office: {OUR_SUBJECT}",
        "Lê Văn Dũng is out of the office.",
        "Nguyễn Văn Hùng đang vắng mặt.",
        "Tra loi tu dong",
    ],
)
def test_auto_reply_subjects_without_any_field(subject: str) -> None:
    body = "Tôi đang đi công tác.\nGhi chú: văn bản hỏa tốc xin gửi qua hệ thống."
    assert judged(plain(body, subject=subject)) == Reason.AUTOMATIC


@pytest.mark.parametrize(
    "field",
    [
        ("X-Apple-Action", "VACATION"),
        ("X-POST-MessageClass", "9; Autoresponder"),
        ("X-MS-Exchange-Inbox-Rules-Loop", "vhxh@xa.example.vn"),
        ("X-Autogenerated", "Reply"),
        ("X-Autoreply", "yes"),
        ("X-Auto-Response-Suppress", "All"),
        ("X-Loop", "vhxh@xa.example.vn"),
        ("Auto-Submitted", "auto-replied (vacation)"),
        ("Precedence", "auto_reply"),
        ("Return-Path", "<>"),
    ],
)
def test_vendor_fields_of_auto_responders(field: tuple[str, str]) -> None:
    raw = plain("IV.1.1: hoàn thành", **{field[0].replace("-", "_"): field[1]})
    assert judged(raw) == Reason.AUTOMATIC


@pytest.mark.parametrize("subject", ["Báo cáo về Autoreplyer", "Nghỉ phép năm 2026 của cán bộ", "Autosvarare"])
def test_phrases_match_whole_words_only(subject: str) -> None:
    assert judged(plain("IV.1.1: hoàn thành", subject=subject)) is None


def test_auto_submitted_no_is_a_person() -> None:
    assert judged(plain("IV.1.1: hoàn thành", Auto_Submitted="no")) is None


def test_lists_are_lists() -> None:
    assert judged(plain("Your message awaits approval", subject="Held", List_Id="<vp.lists.x>")) == Reason.LIST


def test_a_message_too_large_to_read_is_judged_on_its_header() -> None:
    raw = plain("x" * 5000, subject="Undelivered Mail Returned to Sender")
    letter = Letter.read(raw, max_bytes=1000)
    assert not letter.whole and letter.root.children == ()
    assert judge(letter) == Reason.BOUNCE
    assert judge(Letter.read(plain("y" * 5000), max_bytes=1000)) is None
