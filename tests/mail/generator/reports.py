"""Feedback and abuse reports (ARF, RFC 5965, and the ARF-like multipart/mixed ones), DMARC and
TLS aggregate reports, read receipts (MDN, RFC 8098), delivery receipts, list administrivia,
ticket-system acknowledgements and challenge-response requests."""

from __future__ import annotations

import gzip
import io
import zipfile

from .common import DONDOC, DONDOC_NAME, SUBJECTS, UNITS, Case, automatic, postfix_id, received
from .mime import Part, attachment, digest, encoded_words, message, multipart, text
from .original import header_block, whole

_IP = "203.162.4.190"


def _case(name: tuple[str, str, int], unit: str, raw: bytes, shape: str, what: str, reason: str, lang: str = "en") -> Case:
    kind, family, n = name
    category = {"feedback": "feedback", "mdn": "mdn", "list": "list", "receipt": "dsn", "auto": "auto-reply"}[kind]
    folder = {"feedback": "feedback", "mdn": "mdn", "list": "list", "receipt": "dsn", "auto": "auto-reply"}[kind]
    return Case(
        file=f"auto/{folder}/{family}-{n:02d}.eml",
        category=category,
        family=family,
        language=lang,
        shape=shape,
        what=what,
        answers=unit,
        raw=raw,
        unit=automatic(reason),
        stranger=automatic(reason),
    )


def _in(frm: str, ip: str, n: int, rp: str) -> list[tuple[str, str]]:
    out = [("Return-Path", rp)] if rp is not None else []
    return [*out, ("Received", received("mx.xa.example.vn", frm, ip, DONDOC, postfix_id("rep", frm, n)))]


# ---------------------------------------------------------------- ARF

_ARF = [
    # family, from, reporting MTA, user agent, feedback type, subject, returned whole?
    ("yahoo-cfl", "Yahoo! Mail AntiSpam Feedback <feedback@arf.mail.yahoo.com>", "mta1010.mail.sg3.yahoo.com", "Yahoo!-Mail-Feedback/2.0", "abuse", "FW: {subject}", True),
    ("yahoo-cfl", "Yahoo! Mail AntiSpam Feedback <feedback@arf.mail.yahoo.com>", "mta1010.mail.sg3.yahoo.com", "Yahoo!-Mail-Feedback/2.0", "abuse", "FW: {subject}", False),
    ("aol", "AOL Feedback Loop <scomp@aol.net>", "mx.aol.com", "AOL SComp", "abuse", "Email Feedback Report for IP " + _IP, True),
    ("mailru", "Mail.Ru Feedback Loop <fbl@corp.mail.ru>", "mx.mail.ru", "Mail.Ru FBL/1.0", "abuse", "FBL report for {subject}", False),
    ("comcast", "Comcast Feedback Loop <feedback-loop@comcast.net>", "mx.comcast.net", "Comcast FBL", "abuse", "Comcast Feedback Loop report", True),
    ("generic-arf", "Abuse Desk <abuse@vnpt.vn>", "mx.vnpt.vn", "OpenARF/0.9", "fraud", "Abuse report: {subject}", True),
    ("generic-arf", "Fastmail Abuse Team <abuse@fastmail.com>", "mx.fastmail.com", "Fastmail-ARF/1.2", "not-spam", "Feedback report", False),
]


def arf(n: int, spec: tuple[str, str, str, str, str, str, bool], unit: str) -> Case:
    family, sender, mta, agent, ftype, subject, full = spec
    rcpt = UNITS[unit].address
    human = (
        f"This is an email abuse report for an email message received from IP {_IP} on Mon, 16 Mar 2026 00:30:05 +0000.\n"
        "For more information about this format please see http://www.mipassoc.org/arf/.\n"
    )
    report = (
        f"Feedback-Type: {ftype}\nUser-Agent: {agent}\nVersion: 1\nOriginal-Mail-From: <{DONDOC}>\n"
        f"Original-Rcpt-To: <{rcpt}>\nArrival-Date: Mon, 16 Mar 2026 00:30:05 +0000\nReporting-MTA: dns; {mta}\n"
        f"Source-IP: {_IP}\nAuthentication-Results: {mta}; spf=pass smtp.mailfrom=xa.example.vn; dkim=pass header.d=xa.example.vn\n"
        "Reported-Domain: xa.example.vn\n"
    )
    boundary = f"----=_Part_{digest('arf', n, length=10)}"
    returned = Part([("Content-Type", "message/rfc822"), ("Content-Disposition", "inline")], whole(unit).encode()) if full else \
        Part([("Content-Type", "text/rfc822-headers")], header_block(unit).encode())
    root = multipart("report", boundary, [
        text(human, charset="us-ascii", cte="7bit"),
        Part([("Content-Type", "message/feedback-report")], report.encode()),
        returned,
    ], extra=" report-type=feedback-report;")
    host = sender.split("@")[1].rstrip(">")
    headers = [
        *_in(f"fbl.{host}", "98.136.96.75", n, f"<{sender.split('<')[1].rstrip('>')}>"),
        ("From", sender),
        ("Date", "{{DATE}}"),
        ("Subject", subject.replace("{subject}", f"{{{{SUBJECT:{unit}}}}}")),
        ("To", DONDOC if n % 2 else f"abuse@xa.example.vn, {DONDOC}"),
        ("Message-ID", f"<{digest('arf', family, n, length=24)}@{host}>"),
        ("MIME-Version", "1.0"),
    ]
    return _case(("feedback", family, n), unit, message(headers, root), "multipart/report; report-type=feedback-report",
                 f"ARF ({ftype}) from {family}: our digest reported as {ftype}, the digest {'returned whole' if full else 'headers only'}", "feedback")


def jmrp(n: int, unit: str) -> Case:
    """Microsoft JMRP: the complaint arrives as multipart/mixed with the message attached (ARF-like)."""
    boundary = f"----=_NextPart_{digest('jmrp', n, length=12)}"
    body = "This is an email abuse report for an email message received from IP " + _IP + " on 3/16/2026 12:30:05 AM.\n" \
        "For more information about this format please see http://postmaster.live.com/snds/JMRP.aspx\n"
    original = whole(unit).replace(f"To: {UNITS[unit].address}", "To: <redacted>")
    original = "X-HmXmrOriginalRecipient: <redacted>\n" + original
    root = multipart("mixed", boundary, [
        text(body, charset="us-ascii", cte="7bit"),
        Part([("Content-Type", "message/rfc822"), ("Content-Disposition", "attachment; filename=\"complaint.eml\"")], original.encode()),
    ])
    headers = [
        *_in("bay0-mc3-f12.bay0.hotmail.com", "65.55.111.12", n, "<staff@hotmail.com>"),
        ("From", "staff@hotmail.com"),
        ("To", DONDOC),
        ("Subject", f"complaint about message from {_IP}"),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<JMRP{digest('jmrp', n, length=20).upper()}@phx.gbl>"),
        ("MIME-Version", "1.0"),
        ("X-HmXmrOriginalRecipient", "<redacted>"),
    ]
    return _case(("feedback", "microsoft-jmrp", n), unit, message(headers, root), "multipart/mixed (ARF-like, no report-type)",
                 "Microsoft JMRP complaint: multipart/mixed with the complained-of digest attached", "feedback")


def isp_abuse(n: int, unit: str) -> Case:
    """A Vietnamese ISP's abuse desk forwards a user's complaint, in Vietnamese, original attached."""
    words = (
        "Kính gửi Quý khách hàng,\n\nTrung tâm An ninh mạng nhận được phản ánh thư rác (spam) xuất phát từ địa chỉ IP "
        f"{_IP} thuộc dải địa chỉ Quý khách đang sử dụng.\n\nThời gian: 16/03/2026 07:30 (GMT+7)\nNgười gửi: {DONDOC}\n"
        "Đề nghị Quý khách kiểm tra và có biện pháp xử lý trong vòng 24 giờ.\n\nThư gốc bị phản ánh được đính kèm.\n\n"
        "Trân trọng,\nTrung tâm An ninh mạng - Phòng Xử lý sự cố\n"
    )
    boundary = f"=_{digest('isp', n, length=20)}"
    root = multipart("mixed", boundary, [
        text(words, charset="utf-8", cte="base64" if n % 2 else "quoted-printable"),
        Part([("Content-Type", "message/rfc822; name=\"thu-bi-phan-anh.eml\""), ("Content-Disposition", "attachment; filename=\"thu-bi-phan-anh.eml\"")],
             whole(unit).encode()),
    ])
    headers = [
        *_in("abuse.vnpt.vn", "203.162.0.11", n, "<abuse@vnpt.vn>"),
        ("From", f"{encoded_words('Trung tâm An ninh mạng VNPT', 'utf-8', 'B')} <abuse@vnpt.vn>"),
        ("To", DONDOC),
        ("Subject", encoded_words(f"[Ticket#20260316{n:06d}] Thông báo phản ánh thư rác từ IP {_IP}", "utf-8", "B")),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<{digest('isp', n, length=24)}@abuse.vnpt.vn>"),
        ("X-OTRS-Ticket", f"20260316{n:06d}"),
        ("MIME-Version", "1.0"),
    ]
    if n % 2:
        headers.append(("Auto-Submitted", "auto-generated"))
    return _case(("feedback", "vn-isp-abuse", n), unit, message(headers, root), "multipart/mixed with the digest attached",
                 "Vietnamese ISP abuse desk: spam complaint written in Vietnamese, the digest attached (ARF-like)", "feedback", "vi")


def spamcop(n: int, unit: str) -> Case:
    words = (
        "[ SpamCop V5.4.0 ]\nThis message is brief for your comfort.  Please use links below for details.\n\n"
        f"Email from {_IP} / Mon, 16 Mar 2026 07:30:05 +0700\nhttps://www.spamcop.net/sc?id=z7331234567z{digest('sc', n, length=32)}z\n\n"
        "[ Offending message ]\n" + whole(unit)
    )
    headers = [
        *_in("spamcop.net", "184.94.240.88", n, "<7331234567@bounces.spamcop.net>"),
        ("From", f"{7331234567 + n}@reports.spamcop.net"),
        ("To", DONDOC),
        ("Subject", f"[SpamCop ({_IP}) id:{7331234567 + n}]{{{{SUBJECT:{unit}}}}}"),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<{7331234567 + n}@msgid.spamcop.net>"),
        ("Precedence", "list"),
        ("X-Mailer", "https://www.spamcop.net/ v5.4.0"),
    ]
    return _case(("feedback", "spamcop", n), unit, message(headers, Part([], words.encode())), "no MIME, the digest inline",
                 "SpamCop report: plain text with the offending digest inline", "feedback")


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo(name, (2026, 3, 16, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
    return buffer.getvalue()


def _gz(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as g:
        g.write(data)
    return buffer.getvalue()


def _dmarc_xml(org: str, report_id: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <report_metadata>
    <org_name>{org}</org_name>
    <email>noreply-dmarc-support@{org}</email>
    <report_id>{report_id}</report_id>
    <date_range><begin>1773532800</begin><end>1773619199</end></date_range>
  </report_metadata>
  <policy_published><domain>xa.example.vn</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>
  <record>
    <row><source_ip>{_IP}</source_ip><count>5</count>
      <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated></row>
    <identifiers><header_from>xa.example.vn</header_from></identifiers>
    <auth_results><dkim><domain>xa.example.vn</domain><result>pass</result><selector>s1</selector></dkim>
      <spf><domain>xa.example.vn</domain><result>pass</result></spf></auth_results>
  </record>
</feedback>
""".encode()


def dmarc(n: int, org: str, unit: str) -> Case:
    report_id = f"{1773532800 + n * 17}{n}"
    if org == "google.com":
        name = "google.com!xa.example.vn!1773532800!1773619199.zip"
        data, ctype = _zip(name[:-4] + ".xml", _dmarc_xml(org, report_id)), f'application/zip; \n\tname="{name}"'
        sender = "noreply-dmarc-support@google.com"
    else:
        name = f"{org}!xa.example.vn!1773532800!1773619199!{report_id}.xml.gz"
        data, ctype = _gz(_dmarc_xml(org, report_id)), f'application/gzip; name="{name}"'
        sender = {"yahoo.com": "dmarchelp@yahooinc.com", "outlook.com": "dmarcreport@microsoft.com"}.get(org, f"dmarc@{org}")
    boundary = f"000000000000{digest('dmarc', n, length=16)}"
    root = multipart("mixed", boundary, [
        text(f"This is an aggregate report from {org}.\n\nReport domain: xa.example.vn\nSubmitter: {org}\nReport-ID: {report_id}\n", charset="UTF-8", cte="7bit"),
        attachment(ctype, data, f'attachment; \n\tfilename="{name}"'),
    ])
    headers = [
        *_in(f"mail-{org.split('.')[0]}.{org}", "209.85.220.73", n, f"<{sender}>"),
        ("From", f"{org} <{sender}>" if n % 2 else sender),
        ("To", DONDOC),
        ("Subject", f"Report domain: xa.example.vn Submitter: {org} Report-ID: {report_id}"),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<{digest('dmarc', org, n, length=20)}@{org}>"),
        ("MIME-Version", "1.0"),
    ]
    return _case(("feedback", "dmarc-aggregate", n), unit, message(headers, root), f"multipart/mixed with a .{'zip' if name.endswith('zip') else 'xml.gz'} report",
                 f"DMARC aggregate report from {org} sent to dondoc's address (rua), a {'zip' if name.endswith('zip') else 'gzip'} attachment", "feedback")


def tlsrpt(n: int, unit: str) -> Case:
    report = b'{"organization-name":"Google Inc.","date-range":{"start-datetime":"2026-03-15T00:00:00Z","end-datetime":"2026-03-15T23:59:59Z"},' \
        b'"contact-info":"smtp-tls-reporting@google.com","report-id":"2026-03-15T00:00:00Z_xa.example.vn","policies":[{"policy":{"policy-type":"no-policy-found",' \
        b'"policy-domain":"xa.example.vn"},"summary":{"total-successful-session-count":12,"total-failure-session-count":0}}]}'
    name = "google.com!xa.example.vn!1773532800!1773619199!001.json.gz"
    boundary = f"000000000000{digest('tls', n, length=16)}"
    root = multipart("report", boundary, [
        text("This is an aggregate TLS report from google.com\n", charset="UTF-8", cte="7bit"),
        attachment(f'application/tlsrpt+gzip; \n\tname="{name}"', _gz(report), f'attachment; \n\tfilename="{name}"'),
    ], extra=" report-type=tlsrpt;")
    headers = [
        *_in("mail-sor-f73.google.com", "209.85.220.73", n, "<noreply-smtp-tls-reporting@google.com>"),
        ("From", "noreply-smtp-tls-reporting@google.com"),
        ("To", DONDOC),
        ("Subject", "Report Domain: xa.example.vn Submitter: google.com Report-ID: <2026.03.15T00.00.00Z+xa.example.vn@google.com>"),
        ("TLS-Report-Domain", "xa.example.vn"),
        ("TLS-Report-Submitter", "google.com"),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<{digest('tls', n, length=20)}@google.com>"),
        ("MIME-Version", "1.0"),
    ]
    return _case(("feedback", "tls-rpt", n), unit, message(headers, root), "multipart/report; report-type=tlsrpt with .json.gz",
                 "SMTP TLS report (RFC 8460) from Google with its .json.gz", "feedback")


# ---------------------------------------------------------------- MDN

_READ = {
    "en": ("Read: ", "Your message", "was read on", "To:", "Subject:", "Sent:"),
    "vi": ("Đã đọc: ", "Thư của bạn", "đã được đọc vào", "Đến:", "Chủ đề:", "Đã gửi:"),
    "de": ("Gelesen: ", "Ihre Nachricht", "wurde am", "An:", "Betreff:", "Gesendet:"),
    "fr": ("Lu : ", "Votre message", "a été lu le", "À :", "Objet :", "Envoyé :"),
    "es": ("Leído: ", "Su mensaje", "se leyó el", "Para:", "Asunto:", "Enviado:"),
    "it": ("Letto: ", "Il messaggio", "è stato letto il", "A:", "Oggetto:", "Inviato:"),
    "pt": ("Lida: ", "A sua mensagem", "foi lida em", "Para:", "Assunto:", "Enviado:"),
    "nl": ("Gelezen: ", "Uw bericht", "is gelezen op", "Aan:", "Onderwerp:", "Verzonden:"),
    "pl": ("Przeczytano: ", "Twoja wiadomość", "została przeczytana", "Do:", "Temat:", "Wysłano:"),
    "ru": ("Прочитано: ", "Ваше сообщение", "было прочитано", "Кому:", "Тема:", "Отправлено:"),
    "zh": ("已读: ", "您的邮件", "已于", "收件人:", "主题:", "发送时间:"),
    "ja": ("開封済み: ", "メッセージ", "は次の日時に開封されました", "宛先:", "件名:", "送信日時:"),
    "ko": ("읽음: ", "메시지", "을(를) 읽었습니다", "받는 사람:", "제목:", "보낸 날짜:"),
}


def outlook_mdn(n: int, lang: str, unit: str, *, deleted: bool = False) -> Case:
    prefix, yours, was, to, subj, sent = _READ[lang]
    if deleted:
        prefix, was = "Not read: ", "was deleted without being read on"
    rcpt = UNITS[unit].address
    words = (f"{yours}\n\n  {to} {rcpt}\n  {subj} {SUBJECTS[unit]}\n  {sent} 16/03/2026 07:30\n\n"
             f"{was} 16/03/2026 08:31.\n")
    boundary = f"_000_{digest('mdn', n, length=24).upper()}_"
    disposition = (
        "Reporting-UA: SEZPR06MB5269.apcprd06.prod.outlook.com; Microsoft Outlook 16.0\n"
        f"Final-Recipient: rfc822;{rcpt}\nOriginal-Message-ID: {{{{MESSAGE_ID:{unit}}}}}\n"
        f"Disposition: {'manual-action/MDN-sent-manually; deleted' if deleted else 'automatic-action/MDN-sent-automatically; displayed'}\n"
    )
    alt = multipart("alternative", f"_002_{digest('mdn', n, length=24).upper()}_", [
        text(words, cte="base64"),
        text("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body><font size=\"2\"><span style=\"font-size:11pt;\"><div>"
             + words.replace("\n", "<br>\n") + "</div></span></font></body></html>\n", "html", cte="base64"),
    ])
    root = multipart("report", boundary, [alt, Part([("Content-Type", "message/disposition-notification")], disposition.encode())],
                     extra=" report-type=disposition-notification;")
    subject = f"{prefix}{{{{SUBJECT:{unit}}}}}" if prefix.isascii() else f"{encoded_words(prefix, 'utf-8', 'B')} {{{{SUBJECT:{unit}}}}}"
    headers = [
        *_in("mail-sgaapc01on2098.outbound.protection.outlook.com", "40.107.215.98", n, f"<{rcpt}>"),
        ("From", f"{encoded_words(UNITS[unit].name, 'utf-8', 'B')} <{rcpt}>"),
        ("To", f"{encoded_words(DONDOC_NAME, 'utf-8', 'B')} <{DONDOC}>"),
        ("Subject", subject),
        ("Thread-Topic", f"{{{{SUBJECT:{unit}}}}}"),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<SEZPR06MB{digest('mdn', lang, n, length=28).upper()}@SEZPR06MB5269.apcprd06.prod.outlook.com>"),
        ("References", f"{{{{MESSAGE_ID:{unit}}}}}"),
        ("In-Reply-To", f"{{{{MESSAGE_ID:{unit}}}}}"),
        ("Content-Language", {"vi": "vi-VN", "en": "en-US"}.get(lang, lang)),
        ("X-MS-Has-Attach", ""),
        ("MIME-Version", "1.0"),
    ]
    return _case(("mdn", "outlook-mdn", n), unit, message(headers, root, crlf=True), "multipart/report; report-type=disposition-notification",
                 f"Outlook read receipt ({lang}) '{prefix.strip()}', from the unit's own address" + (" (deleted unread)" if deleted else ""), "automatic", lang)


def thunderbird_mdn(n: int, lang: str, unit: str) -> Case:
    prefix = {"en": "Return Receipt (displayed) - ", "vi": "Xác nhận đã nhận thư (đã hiển thị) - ", "de": "Empfangsbestätigung (angezeigt) - ",
              "fr": "Accusé de réception (affiché) - "}[lang]
    rcpt = UNITS[unit].address
    words = (f"This is a Return Receipt for the mail that you sent to {rcpt}.\n\n"
             "Note: This Return Receipt only acknowledges that the message was displayed on the recipient's computer. "
             "There is no guarantee that the recipient has read or understood the message contents.\n")
    boundary = f"------------{digest('tbmdn', n, length=24)}"
    root = multipart("report", boundary, [
        text(words, charset="UTF-8", cte="7bit", quote_charset=False),
        Part([("Content-Type", "message/disposition-notification; name=\"MDNPart2.txt\""), ("Content-Disposition", "inline"),
              ("Content-Transfer-Encoding", "7bit")],
             (f"Reporting-UA: mail.xa.example.vn; Mozilla Thunderbird\nFinal-Recipient: rfc822;{rcpt}\n"
              f"Original-Message-ID: {{{{MESSAGE_ID:{unit}}}}}\nDisposition: manual-action/MDN-sent-manually; displayed\n").encode()),
        Part([("Content-Type", "text/rfc822-headers; name=\"MDNPart3.txt\""), ("Content-Transfer-Encoding", "7bit"),
              ("Content-Disposition", "inline")], header_block(unit, received=False).encode()),
    ], extra=" report-type=disposition-notification;")
    headers = [
        *_in("mail.xa.example.vn", "10.10.1.25", n, f"<{rcpt}>"),
        ("Date", "{{DATE}}"),
        ("MIME-Version", "1.0"),
        ("From", f"{encoded_words(UNITS[unit].person, 'UTF-8', 'B')} <{rcpt}>"),
        ("Message-ID", f"<{digest('tbmdn', n, length=8)}-{digest(n, length=4)}-4d2e-9a1f-{digest('tb', n, length=12)}@xa.example.vn>"),
        ("Subject", f"{prefix}{{{{SUBJECT:{unit}}}}}" if prefix.isascii() else f"{encoded_words(prefix, 'UTF-8', 'B')} {{{{SUBJECT:{unit}}}}}"),
        ("To", DONDOC),
        ("References", f"{{{{MESSAGE_ID:{unit}}}}}"),
        ("User-Agent", "Mozilla Thunderbird"),
    ]
    return _case(("mdn", "thunderbird-mdn", n), unit, message(headers, root), "multipart/report; report-type=disposition-notification, 3 parts",
                 f"Thunderbird return receipt ({lang}) from the unit's own address", "automatic", lang)


def notes_receipt(n: int, unit: str) -> Case:
    rcpt = UNITS[unit].address
    words = f"Your document:\n\n{SUBJECTS[unit]}\n\nwas received by:\n\n{UNITS[unit].person}/HOAAN\n\nat:\n\n16/03/2026 08:31:04 AM\n"
    headers = [
        *_in("notes.hoaan.gov.vn", "113.160.12.40", n, f"<{rcpt}>"),
        ("To", DONDOC),
        ("From", f"{rcpt}"),
        ("Subject", "Return Receipt"),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<OF{digest('nr', n, length=8).upper()}.{digest(n, length=8).upper()}-ON47258D8E@hoaan.gov.vn>"),
        ("X-Mailer", "IBM Notes Release 9.0.1FP10 January 10, 2018"),
        ("MIME-Version", "1.0"),
        ("Content-type", "text/plain; charset=UTF-8"),
        ("Content-transfer-encoding", "8bit"),
    ]
    return _case(("mdn", "lotus-notes-receipt", n), unit, message(headers, Part([], words.encode())), "text/plain 8bit",
                 "Lotus Notes return receipt: text/plain, subject 'Return Receipt', no report, no reference but the subject in its text", "automatic")


def delivery_receipt(n: int, unit: str, relayed: bool) -> Case:
    rcpt = UNITS[unit].address
    prefix = "Relayed: " if relayed else "Delivered: "
    words = ("Delivery to these recipients or groups is complete, but no delivery notification was sent by the destination server:\n\n"
             if relayed else "Your message has been delivered to the following recipients:\n\n") + f"{rcpt}\n\nSubject: {SUBJECTS[unit]}\n"
    boundary = f"_000_{digest('dr', n, length=24).upper()}_"
    root = multipart("report", boundary, [
        text(words, cte="quoted-printable"),
        Part([("Content-Type", "message/delivery-status")], (
            "Reporting-MTA: dns;EX01.hoaan.local\nReceived-From-MTA: dns;mx.xa.example.vn\nArrival-Date: Mon, 16 Mar 2026 00:30:03 +0000\n\n"
            f"Final-Recipient: rfc822;{rcpt}\nAction: {'relayed' if relayed else 'delivered'}\nStatus: 2.0.0\n").encode()),
        Part([("Content-Type", "text/rfc822-headers")], header_block(unit).encode()),
    ], extra=" report-type=delivery-status;")
    headers = [
        *_in("mail.hoaan.gov.vn", "113.160.12.34", n, "<>"),
        ("From", "postmaster@hoaan.gov.vn"),
        ("To", DONDOC),
        ("Date", "{{DATE}}"),
        ("Subject", f"{prefix}{{{{SUBJECT:{unit}}}}}"),
        ("Message-ID", f"<{digest('dr', n, length=20).upper()}@EX01.hoaan.local>"),
        ("In-Reply-To", f"{{{{MESSAGE_ID:{unit}}}}}"),
        ("X-MS-Exchange-Message-Is-Ndr", ""),
        ("MIME-Version", "1.0"),
    ]
    return _case(("receipt", "exchange-receipt", n), unit, message(headers, root, crlf=True), "multipart/report; report-type=delivery-status (Action: delivered/relayed)",
                 f"Exchange '{prefix.strip()}' delivery receipt", "bounce")


# ---------------------------------------------------------------- lists, tickets, challenges


def mailman_hold(n: int, unit: str) -> Case:
    listname = UNITS[unit].address.split("@")[0]
    words = (f"Your mail to '{listname.capitalize()}' with the subject\n\n    {SUBJECTS[unit]}\n\nIs being held until the list moderator can review it for approval.\n\n"
             "The reason it is being held:\n\n    Post by non-member to a members-only list\n\n"
             "Either the message will get posted to the list, or you will receive\nnotification of the moderator's decision.\n")
    headers = [
        *_in("lists.xa.example.vn", "10.10.1.30", n, f"<{listname}-bounces@lists.xa.example.vn>"),
        ("Subject", f"Your message to {listname.capitalize()} awaits moderator approval"),
        ("From", f"{listname}-owner@lists.xa.example.vn"),
        ("To", DONDOC),
        ("Message-ID", f"<mailman.{n}.{1773624664 + n}.{digest(n, length=4)}.{listname}@lists.xa.example.vn>"),
        ("Date", "{{DATE}}"),
        ("Precedence", "bulk"),
        ("X-BeenThere", f"{listname}@lists.xa.example.vn"),
        ("X-Mailman-Version", "2.1.39"),
        ("List-Id", f"<{listname}.lists.xa.example.vn>"),
        ("X-List-Administrivia", "yes"),
        ("Errors-To", f"{listname}-bounces@lists.xa.example.vn"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=\"us-ascii\""),
        ("Content-Transfer-Encoding", "7bit"),
    ]
    return _case(("list", "mailman-hold", n), unit, message(headers, Part([], words.encode())), "text/plain",
                 "Mailman 2 'awaits moderator approval' notice (List-Id, Precedence: bulk, X-List-Administrivia)", "list")


def google_group(n: int, unit: str, relayed: bool) -> Case:
    u = UNITS[unit]
    group = u.address
    if relayed:  # a member's reply redistributed by the unit's group, From rewritten "via"
        words = f"{u.greeting} xin báo cáo:\nIV.1.2: 90% - đã trình Chủ tịch ký\n\n--\nBạn nhận được thư này vì đã đăng ký nhóm \"{u.name}\" trong Google Groups.\n" \
            f"Để hủy đăng ký nhóm này, hãy gửi email đến {group.split('@')[0]}+unsubscribe@xa.example.vn.\n"
        subject = f"Re: {{{{SUBJECT:{unit}}}}}"
        sender = f"{encoded_words(u.person + ' via ' + u.name, 'UTF-8', 'B')} <{group}>"
        what = "a member's valid-looking reply redistributed by the unit's own Google Group (List-Id, From rewritten 'via')"
    else:
        words = (f"Thư của bạn gửi đến nhóm {u.name} ({group}) đang chờ người kiểm duyệt phê duyệt.\n\n"
                 "Bạn sẽ nhận được thông báo khi thư được duyệt hoặc bị từ chối.\n")
        subject = encoded_words("Thư của bạn đang chờ kiểm duyệt: ", "UTF-8", "B") + f" {{{{SUBJECT:{unit}}}}}"
        sender = f"{encoded_words(u.name, 'UTF-8', 'B')} <{group}>"
        what = "Google Groups moderation notice in Vietnamese from the unit's own group address (List-Id, Auto-Submitted)"
    headers = [
        *_in("mail-sor-f69.google.com", "209.85.220.69", n, f"<{group.split('@')[0]}+bncBDL2NQ{digest(n, length=20)}@xa.example.vn>"),
        ("From", sender),
        ("To", DONDOC if not relayed else f"{{{{REPLY_TO:{unit}}}}}"),
        ("Subject", subject),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<{digest('gg', n, length=8)}-{digest(n, length=4)}-4e8b-8c2d-{digest('g', n, length=12)}n@xa.example.vn>"),
        *(([("In-Reply-To", f"{{{{MESSAGE_ID:{unit}}}}}"), ("References", f"{{{{MESSAGE_ID:{unit}}}}}")]) if relayed else []),
        ("Mailing-list", f"list {group}; contact {group.split('@')[0]}+owners@xa.example.vn"),
        ("List-ID", f"<{group.split('@')[0]}.xa.example.vn>"),
        ("List-Post", f"<https://groups.google.com/a/xa.example.vn/group/{group.split('@')[0]}/post>, <mailto:{group}>"),
        ("List-Unsubscribe", f"<mailto:googlegroups-manage+{digest(n, length=12)}+unsubscribe@googlegroups.com>"),
        ("X-Original-Sender", u.address),
        ("Precedence", "list"),
    ]
    if not relayed:
        headers.append(("Auto-Submitted", "auto-replied"))
    headers += [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=\"UTF-8\""), ("Content-Transfer-Encoding", "quoted-printable")]
    from .mime import qp
    return _case(("list", "google-groups", n), unit, message(headers, Part([], qp(words.encode()).encode())), "text/plain quoted-printable",
                 what, "list", "vi")


def sympa(n: int, unit: str) -> Case:
    listname = "bcd-chuyendoiso"
    words = (f"Your message for list {listname} has been forwarded to editor(s).\n"
             "The message will be distributed once it has been approved.\n")
    headers = [
        *_in("sympa.hoaan.gov.vn", "113.160.12.31", n, f"<{listname}-owner@sympa.hoaan.gov.vn>"),
        ("From", "SYMPA <sympa@sympa.hoaan.gov.vn>"),
        ("To", DONDOC),
        ("Subject", f"Message submitted to {listname}: {{{{SUBJECT:{unit}}}}}"),
        ("Date", "{{DATE}}"),
        ("Message-Id", f"<sympa.{1773624664 + n}.{digest(n, length=5)}.{n}@sympa.hoaan.gov.vn>"),
        ("Auto-Submitted", "auto-replied"),
        ("X-Loop", f"{listname}@sympa.hoaan.gov.vn"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    return _case(("list", "sympa", n), unit, message(headers, Part([], words.encode())), "text/plain", "Sympa 'forwarded to editor(s)' notice (Auto-Submitted, X-Loop)", "automatic")


def ticket_ack(n: int, unit: str, system: str) -> Case:
    u = UNITS[unit]
    tid = f"202603161000{n:04d}"
    if system == "otrs":
        subject = f"[Ticket#{tid}] " + encoded_words("Đã tiếp nhận: ", "utf-8", "B") + f" {{{{SUBJECT:{unit}}}}}"
        words = (f"Kính gửi Quý đơn vị,\n\nYêu cầu của Quý đơn vị đã được tiếp nhận với mã số [Ticket#{tid}].\n"
                 "Tình trạng: đang xử lý\nBộ phận hỗ trợ sẽ liên hệ trong thời gian sớm nhất.\n\n-- \nBộ phận Hỗ trợ kỹ thuật\n")
        marks = [("X-OTRS-Loop", "yes"), ("Precedence", "bulk"), ("Auto-Submitted", "auto-replied")]
        what = "OTRS helpdesk acknowledgement in Vietnamese (a 'Tình trạng: đang xử lý' line), Auto-Submitted, Precedence: bulk"
    elif system == "osticket":
        subject = f"Support Ticket Opened [#{tid[-6:]}]"
        words = (f"Dear {u.name},\n\nA request for support has been created and assigned #{tid[-6:]}. A representative will follow-up with you as soon as possible.\n"
                 "Status: in progress\n\nIf you wish to provide additional comments or information regarding the issue, please reply to this email.\n")
        marks = [("Auto-Submitted", "auto-replied"), ("X-Autoreply", "yes"), ("X-Mailer", "osTicket Mailer")]
        what = "osTicket 'Support Ticket Opened' with a 'Status: in progress' line (Auto-Submitted, X-Autoreply)"
    else:
        subject = encoded_words("Xác minh người gửi - vui lòng xác nhận thư của bạn", "utf-8", "B")
        words = ("Xin chào,\n\nĐể chống thư rác, hộp thư này chỉ nhận thư từ người gửi đã xác minh.\n"
                 "Vui lòng bấm vào đường dẫn sau để xác nhận thư của bạn: https://verify.hoaan.vn/c/" + digest("cr", n, length=24) + "\n")
        marks = [("Auto-Submitted", "auto-replied"), ("X-Boxbe-Challenge", "1")]
        what = "challenge-response spam filter asking dondoc to verify itself (Auto-Submitted)"
    headers = [
        *_in("helpdesk.hoaan.gov.vn", "113.160.12.33", n, f"<{u.address}>"),
        ("From", f"{encoded_words(u.name, 'utf-8', 'B')} <{u.address}>"),
        ("To", DONDOC),
        ("Subject", subject),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<{tid}.{digest(system, n, length=8)}@helpdesk.hoaan.gov.vn>"),
        ("In-Reply-To", f"{{{{MESSAGE_ID:{unit}}}}}"),
        *marks,
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    return _case(("auto", system, n), unit, message(headers, Part([], words.encode())), "text/plain 8bit", what, "automatic",
                 "en" if system == "osticket" else "vi")


def all_cases() -> list[Case]:
    units = ["kinh-te", "vp", "vhxh", "committee"]
    cases = [arf(n, spec, units[n % 4]) for n, spec in enumerate(_ARF, 1)]
    cases += [jmrp(n, units[n % 3]) for n in (1, 2)]
    cases += [isp_abuse(n, units[n % 3]) for n in (1, 2)]
    cases += [spamcop(1, "vp")]
    cases += [dmarc(n, org, units[n % 3]) for n, org in enumerate(("google.com", "yahoo.com", "outlook.com", "mail.ru"), 1)]
    cases += [tlsrpt(1, "kinh-te")]
    mdn_langs = ["en", "vi", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "zh", "ja", "ko"]
    cases += [outlook_mdn(n, lang, units[n % 4]) for n, lang in enumerate(mdn_langs, 1)]
    cases += [outlook_mdn(len(mdn_langs) + 1, "en", "kinh-te", deleted=True)]
    cases += [thunderbird_mdn(n, lang, units[n % 3]) for n, lang in enumerate(("en", "vi", "de", "fr"), 1)]
    cases += [notes_receipt(1, "vp")]
    cases += [delivery_receipt(n, units[n % 3], relayed=n == 2) for n in (1, 2, 3)]
    cases += [mailman_hold(n, units[n % 3]) for n in (1, 2)]
    cases += [google_group(1, "vhxh", False), google_group(2, "vp", True), google_group(3, "kinh-te", False)]
    cases += [sympa(1, "vp")]
    cases += [ticket_ack(1, "kinh-te", "otrs"), ticket_ack(2, "vp", "osticket"), ticket_ack(3, "vhxh", "challenge")]
    return cases
