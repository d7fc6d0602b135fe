"""Out-of-office and other auto-replies from the unit's own mailbox: every client and server that
writes them, each marked as that software marks it (sometimes only by its subject)."""

from __future__ import annotations

from dataclasses import dataclass

from .common import DONDOC, DONDOC_NAME, REMINDERS, SUBJECTS, UNITS, Case, automatic, postfix_id, received, rng
from .mime import Part, digest, encoded_words, message, multipart, text

# Outlook/Exchange "Automatic reply:" in the mailbox's language (the prefix Exchange writes).
AUTO_REPLY = {
    "vi": "Trả lời tự động: ", "en": "Automatic reply: ", "fr": "Réponse automatique : ", "de": "Automatische Antwort: ",
    "es": "Respuesta automática: ", "it": "Risposta automatica: ", "pt": "Resposta automática: ",
    "nl": "Automatisch antwoord: ", "pl": "Odpowiedź automatyczna: ", "da": "Autosvar: ", "sv": "Autosvar: ",
    "nb": "Automatisk svar: ", "ru": "Автоматический ответ: ", "zh": "自动回复: ", "ja": "自動応答: ", "ko": "자동 회신: ",
}
LANGS = list(AUTO_REPLY)
_CONTENT_LANGUAGE = {
    "vi": "vi-VN", "en": "en-US", "fr": "fr-FR", "de": "de-DE", "es": "es-ES", "it": "it-IT", "pt": "pt-BR",
    "nl": "nl-NL", "pl": "pl-PL", "da": "da-DK", "sv": "sv-SE", "nb": "nb-NO", "ru": "ru-RU", "zh": "zh-CN",
    "ja": "ja-JP", "ko": "ko-KR",
}
_COLLEAGUES = [("Trần Thị Hồng", "0915.226.341"), ("Phạm Quốc Việt", "0988.417.205"), ("Lê Thị Thanh Hương", "0934.552.810")]

BODIES_VI = [
    "Kính gửi Quý cơ quan, đơn vị,\n\nTôi đang nghỉ phép từ ngày 16/3/2026 đến hết ngày 20/3/2026. Trong thời gian này tôi sẽ hạn chế kiểm tra thư điện tử.\n"
    "Công việc cần giải quyết gấp, xin vui lòng liên hệ đồng chí {colleague}, điện thoại {phone}.\n\nTrân trọng cảm ơn!\n{name}",
    "Tôi đang đi công tác tại tỉnh, sẽ trả lời thư khi trở về cơ quan vào ngày 23/3/2026.\n"
    "Ghi chú: văn bản hỏa tốc xin gửi qua Hệ thống quản lý văn bản và điều hành.\n\n{name}\n{title}",
    "Cảm ơn anh/chị đã gửi thư. Đây là thư trả lời tự động.\n"
    "Hiện tôi đang tham gia lớp bồi dưỡng kiến thức quốc phòng và an ninh (từ 16/3 đến 27/3/2026), không thường xuyên kiểm tra hộp thư.\n"
    "Việc gấp xin liên hệ: {colleague} - {phone}.",
    "Tôi đang nghỉ chế độ thai sản đến hết ngày 30/6/2026.\nMọi công việc của {unit} xin liên hệ đồng chí {colleague} (ĐT: {phone}).\n"
    "Lưu ý: thư gửi đến hộp thư này sẽ không được chuyển tiếp.\n\nXin cảm ơn.",
    "Tôi đang họp Hội đồng nhân dân xã cả ngày 16/3/2026, sẽ phản hồi thư của anh/chị vào sáng mai.\n{name}",
    "Kính gửi anh/chị,\n\nTôi hiện không có mặt tại cơ quan. Thư của anh/chị đã được ghi nhận và sẽ được xử lý khi tôi trở lại.\n"
    "Trạng thái: vắng mặt đến 20/3/2026\nNgười thay thế: {colleague}, {phone}\n\nTrân trọng,\n{name}",
]
BODIES_EN = [
    "Thank you for your email. I am currently out of the office with limited access to email until Monday, 23 March 2026.\n"
    "For urgent matters please contact {colleague} at {phone}.\n\nBest regards,\n{name}",
    "I am on annual leave and will return on 20/3/2026. Your message will not be forwarded.\nNote: for urgent matters contact {colleague} ({phone}).",
]


@dataclass(frozen=True)
class Auto:
    family: str
    n: int
    unit: str
    lang: str
    marks: str  # which headers/subject mark it: a short key per family
    body: int  # an index into BODIES_VI (or BODIES_EN when negative)


def body_text(a: Auto) -> str:
    u = UNITS[a.unit]
    colleague, phone = _COLLEAGUES[a.n % len(_COLLEAGUES)]
    template = BODIES_EN[-a.body - 1] if a.body < 0 else BODIES_VI[a.body % len(BODIES_VI)]
    return template.format(name=u.person, title=u.title, colleague=colleague, phone=phone, unit=u.name) + "\n"


def _html_word(textbody: str, lang: str) -> str:
    paras = "".join(
        f'<p class="MsoNormal"><span style="font-size:13.0pt;font-family:&quot;Times New Roman&quot;,serif">{line or "&nbsp;"}</span></p>\n'
        for line in textbody.rstrip("\n").split("\n")
    )
    return (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
        'xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n<style><!--\n'
        "/* Font Definitions */\n@font-face\n\t{font-family:\"Cambria Math\";\n\tpanose-1:2 4 5 3 5 4 6 3 2 4;}\n"
        "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0in;\n\tfont-size:11.0pt;\n\tfont-family:\"Calibri\",sans-serif;}\n"
        "--></style>\n</head>\n"
        f'<body lang="{_CONTENT_LANGUAGE[lang]}" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">\n'
        f'<div class="WordSection1">\n{paras}</div>\n</body>\n</html>\n'
    )


def _outlook_body(a: Auto) -> Part:
    words = body_text(a)
    boundary = f"_000_{digest(a.family, a.n, length=24).upper()}SEZPR06MB5269apcp_"
    cte = "base64" if a.n % 2 else "quoted-printable"
    return multipart("alternative", boundary, [text(words, cte=cte), text(_html_word(words, a.lang), "html", cte=cte)])


def _ms_headers(a: Auto, marks: str) -> list[tuple[str, str]]:
    u = UNITS[a.unit]
    out = [
        ("Thread-Topic", f"{{{{SUBJECT:{a.unit}}}}}"),
        ("Thread-Index", "AQHctNh0" + digest(a.family, a.n, length=20) + "=="),
        ("X-MS-Has-Attach", ""),
        ("X-MS-TNEF-Correlator", ""),
        ("Content-Language", _CONTENT_LANGUAGE[a.lang]),
    ]
    if "A" in marks:
        out.append(("Auto-Submitted", "auto-generated"))
    if "R" in marks:
        out.append(("Auto-Submitted", "auto-replied"))
    if "S" in marks:
        out.append(("X-Auto-Response-Suppress", "All"))
    if "L" in marks:
        out.append(("X-MS-Exchange-Inbox-Rules-Loop", u.address))
    if "P" in marks:
        out.append(("Precedence", "auto_reply"))
    out += [
        ("X-MS-Exchange-Organization-SCL", "-1"),
        ("X-MS-PublicTrafficType", "Email"),
        ("X-MS-Exchange-CrossTenant-OriginalArrivalTime", "16 Mar 2026 01:30:05.1234 (UTC)"),
        ("X-MS-Exchange-Transport-CrossTenantHeadersStamped", "SEZPR06MB5269"),
    ]
    return out


def _arrival(a: Auto, frm: str, ip: str, rcpt: str = DONDOC) -> list[tuple[str, str]]:
    u = UNITS[a.unit]
    return [
        ("Return-Path", f"<{u.address}>"),
        ("Received", received("mx.xa.example.vn", frm, ip, rcpt, postfix_id("ooo", a.family, a.n))),
    ]


def _to(a: Auto) -> str:
    """Where the auto-reply goes: the envelope sender or the Reply-To, depending on the software."""
    name = encoded_words(DONDOC_NAME, "utf-8", "B")
    return f"{name} <{{{{REPLY_TO:{a.unit}}}}}>" if a.n % 2 else f"{name} <{DONDOC}>"


def _subject(prefix: str, a: Auto, charset: str = "utf-8") -> str:
    if not prefix:
        return f"{{{{SUBJECT:{a.unit}}}}}"
    if prefix.isascii():
        return f"{prefix}{{{{SUBJECT:{a.unit}}}}}"
    return f"{encoded_words(prefix, charset, 'B' if a.n % 2 else 'Q')} {{{{SUBJECT:{a.unit}}}}}"


def _from(a: Auto, style: str = "B") -> str:
    u = UNITS[a.unit]
    name = u.name if a.n % 2 else u.person
    return f"{encoded_words(name, 'utf-8', style)} <{u.address}>"


def _refs(a: Auto) -> list[tuple[str, str]]:
    return [("In-Reply-To", f"{{{{MESSAGE_ID:{a.unit}}}}}"), ("References", f"{{{{MESSAGE_ID:{a.unit}}}}}")]


def _case(a: Auto, raw: bytes, shape: str, what: str, reason: str = "automatic") -> Case:
    return Case(
        file=f"auto/auto-reply/{a.family}-{a.n:02d}-{a.lang}.eml",
        category="auto-reply",
        family=a.family,
        language=a.lang,
        shape=shape,
        what=what,
        answers=a.unit,
        raw=raw,
        unit=automatic(reason),
        stranger=automatic(reason),
    )


_MARKS = {
    "A": "Auto-Submitted: auto-generated", "R": "Auto-Submitted: auto-replied", "S": "X-Auto-Response-Suppress: All",
    "L": "X-MS-Exchange-Inbox-Rules-Loop", "P": "Precedence: auto_reply",
}


def _describe(marks: str) -> str:
    return ", ".join(_MARKS[m] for m in marks) or "no header mark"


def exchange_oof(a: Auto) -> Case:
    mid = f"<SEZPR06MB{digest('oof', a.n, length=4).upper()}{digest(a.family, a.n, length=28).upper()}@SEZPR06MB5269.apcprd06.prod.outlook.com>"
    headers = [
        *_arrival(a, "mail-sgaapc01on2098.outbound.protection.outlook.com", "40.107.215.98"),
        ("From", _from(a)),
        ("To", _to(a)),
        ("Subject", _subject(AUTO_REPLY[a.lang], a)),
        *_ms_headers(a, a.marks)[:2],
        ("Date", "{{DATE}}"),
        ("Message-ID", mid),
        *_refs(a),
        *_ms_headers(a, a.marks)[2:],
        ("MIME-Version", "1.0"),
    ]
    raw = message(headers, _outlook_body(a), crlf=a.n % 3 == 0)
    return _case(a, raw, "multipart/alternative (text + Word HTML)",
                 f"Exchange/Office 365 out-of-office, mailbox language {a.lang}, subject '{AUTO_REPLY[a.lang].strip()}', {_describe(a.marks)}")


_LEGACY = {"ex2003": "Out of Office AutoReply: ", "ex2007": "Out of Office: ", "outlook-com": "Automatic reply: "}


def outlook_legacy(a: Auto) -> Case:
    prefix = _LEGACY[a.marks]
    headers = [
        *_arrival(a, "mail.hoaan.gov.vn", "113.160.12.34"),
        ("Subject", _subject(prefix, a)),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<{digest(a.family, a.n, length=32).upper()}@EX01.hoaan.local>"),
        ("From", _from(a)),
        ("To", _to(a)),
        ("X-MS-Has-Attach", ""),
        ("X-MS-TNEF-Correlator", ""),
        ("X-MimeOLE", "Produced By Microsoft Exchange V6.5" if a.marks == "ex2003" else "Produced By Microsoft Exchange V8.3"),
        ("Content-class", "urn:content-classes:message"),
        ("MIME-Version", "1.0"),
    ]
    if a.marks == "outlook-com":
        headers.append(("X-MS-Exchange-Inbox-Rules-Loop", UNITS[a.unit].address))
    root = text(body_text(a), charset="utf-8", cte="base64")
    return _case(a, message(headers, root, crlf=True), "text/plain base64",
                 f"{ {'ex2003': 'Exchange 2003', 'ex2007': 'Exchange 2007', 'outlook-com': 'Outlook.com'}[a.marks]} out-of-office marked only by its subject '{prefix.strip()}'"
                 + (" and X-MS-Exchange-Inbox-Rules-Loop" if a.marks == "outlook-com" else ""))


def outlook_rule(a: Auto) -> Case:
    """An Outlook rule 'reply using a specific template': the template's own subject."""
    subject = {0: "Thông báo nghỉ phép", 1: "RE: ", 2: "Vắng mặt"}[a.n % 3]
    subj = _subject(subject, a) if subject == "RE: " else encoded_words(subject, "utf-8", "B")
    headers = [
        *_arrival(a, "mail-sgaapc01on2098.outbound.protection.outlook.com", "40.107.215.98"),
        ("From", _from(a)),
        ("To", _to(a)),
        ("Subject", subj),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<SEZPR06MB{digest(a.family, a.n, length=32).upper()}@SEZPR06MB5269.apcprd06.prod.outlook.com>"),
        *_refs(a),
        ("X-MS-Exchange-Inbox-Rules-Loop", UNITS[a.unit].address),
        ("X-MS-Has-Attach", ""),
        ("Content-Language", "vi-VN"),
        ("MIME-Version", "1.0"),
    ]
    return _case(a, message(headers, _outlook_body(a)), "multipart/alternative",
                 "Outlook server-side rule replying with a template: only X-MS-Exchange-Inbox-Rules-Loop marks it")


def gmail_vacation(a: Auto) -> Case:
    custom = {"vi": "Nghỉ phép", "en": "Out of office", "fr": "Absent du bureau", "de": "Abwesenheitsnotiz",
              "es": "Fuera de la oficina", "ru": "Нет на месте", "zh": "休假中", "ja": "不在", "ko": "부재중"}
    subject = custom.get(a.lang) if a.n % 2 else None
    boundary = f"000000000000{digest(a.family, a.n, length=16)}"
    words = body_text(a)
    html = '<div dir="ltr">' + "".join(f"<div>{line or '<br>'}</div>" for line in words.rstrip().split("\n")) + "</div>\n"
    root = multipart("alternative", boundary, [text(words, charset="UTF-8"), text(html, "html", charset="UTF-8")])
    u = UNITS[a.unit]
    address = "vhxh.xa@gmail.com" if a.unit == "vhxh" else u.address
    headers = [
        ("Return-Path", f"<{address}>"),
        ("Received", received("mx.xa.example.vn", "mail-sor-f41.google.com", "209.85.220.41", DONDOC, postfix_id("gv", a.n))),
        ("MIME-Version", "1.0"),
        ("From", f"{encoded_words(u.person, 'UTF-8', 'B')} <{address}>"),
        ("Date", "{{DATE}}"),
        *_refs(a),
        ("Auto-Submitted", "auto-replied"),
        ("Message-ID", f"<CA{digest(a.family, a.n, length=40)}@mail.gmail.com>"),
        ("Subject", encoded_words(subject, "UTF-8", "B") if subject and not subject.isascii() else subject or f"Re: {{{{SUBJECT:{a.unit}}}}}"),
        ("To", DONDOC),
        ("Content-Type", "placeholder"),
    ]
    headers = [h for h in headers if h[0] != "Content-Type"]
    return _case(a, message(headers, root), "multipart/alternative",
                 f"Gmail vacation responder (UI {a.lang}), Auto-Submitted: auto-replied, subject {'custom' if subject else 'Re: original'}")


def icloud(a: Auto) -> Case:
    u = UNITS[a.unit]
    headers = [
        ("Return-Path", f"<{u.address}>"),
        ("Received", received("mx.xa.example.vn", "st43p00im-zteg10073401.me.com", "17.58.63.181", DONDOC, postfix_id("ic", a.n))),
        ("From", f"{encoded_words(u.person, 'utf-8', 'Q')} <{u.address}>"),
        ("To", _to(a)),
        ("Subject", f"Re: {{{{SUBJECT:{a.unit}}}}}"),
        ("Date", "{{DATE}}"),
        ("Message-Id", f"<{digest(a.family, a.n, length=8).upper()}-{digest(a.n, length=4).upper()}-4B2A-9C61-{digest(a.family, length=12).upper()}@me.com>"),
        *_refs(a),
        ("X-Apple-Action", "VACATION" if a.marks == "only" else "VACATION/REPLIED"),
    ]
    if a.marks == "owner":
        headers.append(("Auto-Submitted", f"auto-replied; owner-email=\"{u.address}\""))
    headers += [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable")]
    from .mime import qp
    return _case(a, message(headers, Part([], qp(body_text(a).encode()).encode())), "text/plain quoted-printable",
                 "Apple iCloud Mail vacation reply, subject 'Re: …', " + ("marked only by X-Apple-Action: VACATION" if a.marks == "only" else "X-Apple-Action and Auto-Submitted with owner-email"))


def yahoo_vacation(a: Auto) -> Case:
    u = UNITS[a.unit]
    address = f"{u.address.split('@')[0]}.hoaan@yahoo.com.vn"
    boundary = f"----=_Part_{1000000 + a.n}_{digest(a.n, length=9)}.{1773624664000 + a.n}"
    words = body_text(a)
    html = '<html><head></head><body><div class="ydp3c5d0b7byahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;">' + \
        "".join(f"<div>{line or '<br>'}</div>" for line in words.rstrip().split("\n")) + "</div></body></html>\n"
    root = multipart("alternative", boundary, [text(words, charset="UTF-8", cte="7bit" if words.isascii() else "quoted-printable"),
                                                text(html, "html", charset="UTF-8")])
    headers = [
        ("Return-Path", f"<{address}>"),
        ("Received", received("mx.xa.example.vn", "sonic301-2.consmr.mail.sg3.yahoo.com", "106.10.242.138", DONDOC, postfix_id("yv", a.n))),
        ("Date", "{{DATE}}"),
        ("From", f"{encoded_words(u.person, 'UTF-8', 'Q')} <{address}>"),
        ("To", DONDOC),
        ("Message-ID", f"<{1234567890 + a.n * 7919}.{a.n}.{1773624664000 + a.n}@mail.yahoo.com>"),
        *_refs(a),
        ("Subject", "Auto Response" if a.marks == "subject" else f"Re: {{{{SUBJECT:{a.unit}}}}}"),
        ("MIME-Version", "1.0"),
        ("X-Mailer", "WebService/1.1.25277 YMailNorrin"),
    ]
    if a.marks != "subject":
        headers.append(("Auto-Submitted", "auto-replied"))
    if a.marks == "junk":
        headers.append(("Precedence", "junk"))
    return _case(a, message(headers, root), "multipart/alternative",
                 f"Yahoo Mail vacation response, {'subject Auto Response only' if a.marks == 'subject' else 'Auto-Submitted: auto-replied'}" + (", Precedence: junk" if a.marks == "junk" else ""))


def zimbra_vacation(a: Auto) -> Case:
    u = UNITS[a.unit]
    domain = "xa.example.vn" if a.marks != "gov" else "hoaan.gov.vn"
    address = u.address if domain == "xa.example.vn" else f"{u.address.split('@')[0]}@{domain}"
    prefix = {"vi": "Trả lời tự động: ", "fr": "Réponse automatique : ", "de": "Automatische Antwort: ", "en": ""}[a.lang]
    headers = [
        ("Return-Path", f"<{address}>"),
        ("Received", received("mx.xa.example.vn", f"mail.{domain}", "113.160.12.34", DONDOC, postfix_id("zv", a.n))),
        ("Date", "{{DATE}}"),
        ("From", f"{encoded_words(u.person, 'utf-8', 'Q')} <{address}>"),
        ("To", _to(a)),
        ("Message-ID", f"<{1071358815 + a.n}.{318604 + a.n}.{1773624664000 + a.n}.JavaMail.zimbra@{domain}>"),
        *_refs(a),
        ("Subject", _subject(prefix, a) if prefix else f"Re: {{{{SUBJECT:{a.unit}}}}}"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Transfer-Encoding", "7bit" if body_text(a).isascii() else "8bit"),
        ("Auto-Submitted", "auto-replied (zimbra; vacation)"),
        ("Precedence", "bulk"),
        ("X-Mailer", "Zimbra 10.0.8_GA_4611"),
    ]
    return _case(a, message(headers, Part([], body_text(a).encode())), "text/plain 8bit",
                 f"Zimbra out-of-office{' on a provincial .gov.vn server' if a.marks == 'gov' else ''}: Auto-Submitted: auto-replied (zimbra; vacation), Precedence: bulk")


def sieve_vacation(a: Auto) -> Case:
    """RFC 5230 vacation from Pigeonhole (Roundcube managesieve) or Cyrus."""
    u = UNITS[a.unit]
    pigeonhole = a.marks != "cyrus"
    subject = {"auto": f"Auto: {{{{SUBJECT:{a.unit}}}}}", "set": encoded_words("Vắng mặt đến 20/3", "utf-8", "B"),
               "cyrus": f"Auto: {{{{SUBJECT:{a.unit}}}}}", "re": f"Re: {{{{SUBJECT:{a.unit}}}}}"}[a.marks]
    headers = [
        ("Return-Path", "<>"),
        ("Received", received("mx.xa.example.vn", "mail.xa.example.vn", "10.10.1.25", DONDOC, postfix_id("sv", a.n))),
        ("Message-ID", f"<dovecot-sieve-{1773624664 + a.n}-{digest(a.n, length=6)}-0@mail.xa.example.vn>" if pigeonhole
         else f"<cmu-sieve-{2411 + a.n}-{1773624664 + a.n}-0@mail.xa.example.vn>"),
        ("Date", "{{DATE}}"),
        ("X-Sieve", "Pigeonhole Sieve 0.5.21.1 (d6e2d5c1)" if pigeonhole else "CMU Sieve 3.0"),
        ("From", f"{encoded_words(u.person, 'utf-8', 'B')} <{u.address}>"),
        ("To", f"<{DONDOC}>"),
        ("Subject", subject),
        *_refs(a),
        ("Auto-Submitted", "auto-replied (vacation)"),
    ]
    if pigeonhole:
        headers.append(("Precedence", "bulk"))
    headers += [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")]
    return _case(a, message(headers, Part([], body_text(a).encode())), "text/plain 8bit, Return-Path <>",
                 f"{'Roundcube managesieve vacation (Pigeonhole)' if pigeonhole else 'Cyrus sieve vacation'} (RFC 5230): Auto-Submitted: auto-replied (vacation)"
                 + (", Precedence: bulk" if pigeonhole else ""))


def cpanel(a: Auto) -> Case:
    """cPanel's Exim autoresponder, and the same in other shared hosting."""
    u = UNITS[a.unit]
    address = f"{u.address.split('@')[0]}@hoaan.vn"
    headers = [
        ("Return-Path", f"<{address}>" if a.marks != "empty" else "<>"),
        ("Received", received("mx.xa.example.vn", "sg2plcpnl0123.prod.sin2.secureserver.net", "148.72.3.12", DONDOC, postfix_id("cp", a.n))),
        ("Received", f"from mailnull by sg2plcpnl0123.prod.sin2.secureserver.net with local (Exim 4.98)\n\tid 1w{digest(a.n, length=4)}-0003Kq-2B\n\tfor {DONDOC}; Mon, 16 Mar 2026 08:31:05 +0700"),
        ("To", DONDOC),
        ("Subject", {"xar": f"Re: {{{{SUBJECT:{a.unit}}}}}", "prec": encoded_words("Thư trả lời tự động", "UTF-8", "B"),
                     "both": f"Autoreply: {{{{SUBJECT:{a.unit}}}}}", "empty": f"Re: {{{{SUBJECT:{a.unit}}}}}", "as": f"Re: {{{{SUBJECT:{a.unit}}}}}"}[a.marks]),
        ("From", f"{encoded_words(u.name, 'UTF-8', 'B')} <{address}>"),
        *_refs(a),
        ("Date", "{{DATE}}"),
        ("Message-Id", f"<E1w{digest(a.n, length=4)}-0003Kq-2B@sg2plcpnl0123.prod.sin2.secureserver.net>"),
    ]
    if a.marks in ("xar", "both"):
        headers.append(("X-Autorespond", f"{{{{SUBJECT:{a.unit}}}}}"))
    if a.marks in ("prec", "both"):
        headers.append(("Precedence", "auto_reply"))
    if a.marks == "as":
        headers.append(("Auto-Submitted", "auto-replied"))
    headers += [("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=\"UTF-8\""), ("Content-Transfer-Encoding", "base64")]
    from .mime import b64_lines
    marks = {"xar": "X-Autorespond", "prec": "Precedence: auto_reply and a Vietnamese subject", "both": "X-Autorespond and Precedence: auto_reply",
             "empty": "Return-Path <> only", "as": "Auto-Submitted: auto-replied"}[a.marks]
    return _case(a, message(headers, Part([], b64_lines(body_text(a).encode()).encode())), "text/plain base64",
                 f"cPanel/Exim autoresponder on shared hosting: {marks}")


def vendor_headers(a: Auto) -> Case:
    """The smaller vendor marks: X-Autoreply, X-Autogenerated, X-POST-MessageClass, Precedence, X-Auto-Response."""
    u = UNITS[a.unit]
    mark = {
        "xautoreply": ("X-Autoreply", "yes", "Dovecot/vacation.pl"),
        "xautoreply-true": ("X-Autoreply", "true", "Kerio Connect"),
        "xautogen": ("X-Autogenerated", "Reply", "Novell GroupWise"),
        "post": ("X-POST-MessageClass", "9; Autoresponder", "Post.Office/Mirapoint"),
        "prec-bulk": ("Precedence", "bulk", "vacation(1)"),
        "prec-junk": ("Precedence", "junk", "procmail autoreply"),
        "prec-list": ("Precedence", "list", "majordomo-style autoreply"),
        "prec-auto": ("Precedence", "auto_reply", "IceWarp"),
        "xauto": ("X-Auto-Response", "yes", "MailEnable autoresponder"),
        "autosubmit": ("Auto-Submitted", "auto-generated", "SmarterMail"),
    }[a.marks]
    headers = [
        ("Return-Path", f"<{u.address}>"),
        ("Received", received("mx.xa.example.vn", "mail.xa.example.vn", "10.10.1.25", DONDOC, postfix_id("vh", a.n))),
        ("Date", "{{DATE}}"),
        ("From", f"{encoded_words(u.person, 'utf-8', 'Q')} <{u.address}>"),
        ("To", _to(a)),
        ("Subject", f"Re: {{{{SUBJECT:{a.unit}}}}}"),
        ("Message-ID", f"<{digest(a.family, a.n, length=20)}@mail.xa.example.vn>"),
        *_refs(a),
        (mark[0], mark[1]),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    return _case(a, message(headers, Part([], body_text(a).encode())), "text/plain 8bit",
                 f"{mark[2]} auto-reply marked only by '{mark[0]}: {mark[1]}', subject 'Re: …'", "automatic")


def lotus_notes(a: Auto) -> Case:
    u = UNITS[a.unit]
    from .mime import strip_marks
    who = strip_marks(u.person)
    headers = [
        ("Return-Path", f"<{u.address}>"),
        ("Received", received("mx.xa.example.vn", "notes.hoaan.gov.vn", "113.160.12.40", DONDOC, postfix_id("ln", a.n))),
        ("To", DONDOC),
        ("From", f"{who} <{u.address}>" if a.n % 2 else u.address),
        ("Subject", f"{who} is out of the office." if a.lang == "en" else encoded_words(f"{u.person} đang vắng mặt.", "UTF-8", "B")),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<OF{digest(a.n, length=8).upper()}.{digest(a.family, length=8).upper()}-ON47258D8E.0008A3F1@hoaan.gov.vn>"),
        ("X-Mailer", "IBM Notes Release 9.0.1FP10 January 10, 2018"),
        ("X-MIMETrack", "Serialize by Router on NOTES01/HOAAN(Release 9.0.1FP10|January 10, 2018) at\n 16/03/2026 08:31:05 AM"),
        ("MIME-Version", "1.0"),
        ("Content-type", "text/plain; charset=UTF-8"),
        ("Content-transfer-encoding", "quoted-printable"),
    ]
    if a.marks == "auto":
        headers.append(("Auto-Submitted", "auto-generated"))
    intro = ("I will be out of the office starting 16/03/2026 and will not return until 23/03/2026.\n\n" if a.lang == "en"
             else "Tôi sẽ vắng mặt tại cơ quan từ ngày 16/03/2026 đến hết ngày 20/03/2026.\n\n")
    from .mime import qp
    return _case(a, message(headers, Part([], qp((intro + body_text(a)).encode()).encode())), "text/plain quoted-printable",
                 "Lotus Notes out-of-office: subject '… is out of the office.'" + (" and Auto-Submitted" if a.marks == "auto" else " only"))


def zoho(a: Auto) -> Case:
    u = UNITS[a.unit]
    address = f"{u.address.split('@')[0]}@hoaan.vn"
    words = body_text(a)
    boundary = f"===_{digest(a.n, length=16)}_=="
    html = "<html><head></head><body><div style=\"font-family: Verdana, Arial, Helvetica, sans-serif; font-size: 10pt;\">" + \
        "<br>".join(words.rstrip().split("\n")) + "</div></body></html>\n"
    root = multipart("alternative", boundary, [text(words, charset="UTF-8", cte="7bit" if words.isascii() else "quoted-printable"),
                                                text(html, "html", charset="UTF-8")])
    headers = [
        ("Return-Path", f"<{address}>"),
        ("Received", received("mx.xa.example.vn", "sender4-of-o51.zoho.com", "136.143.188.51", DONDOC, postfix_id("zo", a.n))),
        ("Date", "{{DATE}}"),
        ("From", f"{encoded_words(u.person, 'UTF-8', 'B')} <{address}>"),
        ("To", _to(a)),
        ("Message-Id", f"<{digest(a.family, a.n, length=16)}.{1773624664000 + a.n}@zoho.com>"),
        *_refs(a),
        ("Subject", f"Auto-Reply: {{{{SUBJECT:{a.unit}}}}}" if a.marks == "subject" else f"Re: {{{{SUBJECT:{a.unit}}}}}"),
        ("MIME-Version", "1.0"),
        ("Importance", "Medium"),
        ("User-Agent", "Zoho Mail"),
        ("X-Mailer", "Zoho Mail"),
    ]
    if a.marks != "subject":
        headers.append(("Auto-Submitted", "auto-replied"))
    return _case(a, message(headers, root), "multipart/alternative",
                 "Zoho Mail vacation reply, " + ("subject 'Auto-Reply:' only" if a.marks == "subject" else "Auto-Submitted: auto-replied"))


_GOV = [
    ("mail.hanoi.gov.vn", "Thư trả lời tự động", "Hộp thư {addr} đã nhận được thư của Quý cơ quan. Văn bản sẽ được chuyển đến bộ phận chuyên môn xử lý theo quy định.\nĐây là thư trả lời tự động, đề nghị không trả lời thư này.\n"),
    ("ioffice.hoaan.gov.vn", "[Tự động] Xác nhận đã tiếp nhận văn bản điện tử", "Hệ thống Quản lý văn bản và điều hành (iOffice) đã tiếp nhận văn bản điện tử:\n- Trích yếu: {subject}\n- Số đến: 1274\n- Ngày đến: 16/03/2026 08:31\n- Trạng thái: Chờ vào sổ\nĐây là thư thông báo tự động từ hệ thống, vui lòng không phản hồi.\n"),
    ("thudientu.quangnam.gov.vn", "Phản hồi tự động: đã nhận thư", "Kính gửi Quý cơ quan, đơn vị,\nVăn thư {unit} xác nhận đã nhận được thư điện tử. Mọi trao đổi xin gửi qua trục liên thông văn bản quốc gia.\nTrân trọng.\n"),
    ("mail.danang.gov.vn", "Tự động trả lời: đồng chí đang đi công tác", "Đồng chí {name} đang đi công tác nước ngoài từ ngày 14/3 đến ngày 24/3/2026.\nKhi cần trao đổi công việc xin liên hệ Văn phòng qua số điện thoại 0236.3822.xxx.\n"),
    ("edoc.hoaan.gov.vn", "Thông báo tự động từ hệ thống eDoc", "Hệ thống eDoc thông báo: thư của quý đơn vị đã được chuyển vào sổ văn bản đến.\nTiến độ xử lý: chưa phân công\nGhi chú: đây là thư tự động\n"),
    ("mail.thanhhoa.gov.vn", "Thư tự động - Out of office", "Tôi đang nghỉ phép. I am on leave.\nXin liên hệ Văn phòng Sở: 0237.385.xxxx\n"),
    ("mail.camau.gov.vn", "V/v: Trả lời tự động", "Kính gửi: Quý cơ quan\n\nĐây là hộp thư công vụ chỉ dùng để nhận văn bản. Thư đã được ghi nhận vào hệ thống.\n"),
    ("hcm.gov.vn", "Tra loi tu dong", "Hop thu dang duoc bao tri, thu cua quy co quan se duoc xu ly sau ngay 20/3/2026.\nTran trong.\n"),
]


def vn_gov(a: Auto) -> Case:
    host, subject, template = _GOV[a.n % len(_GOV)]
    u = UNITS[a.unit]
    domain = host.split(".", 1)[1] if host.count(".") > 2 else host
    address = f"vanthu.{u.address.split('@')[0]}@{domain}" if a.marks != "unit" else u.address
    words = template.format(addr=address, subject=SUBJECTS[a.unit], unit=u.name, name=u.person)
    marks = a.marks
    headers = [
        ("Return-Path", "<>" if marks == "null" else f"<{address}>"),
        ("Received", received("mx.xa.example.vn", host, "14.225.3.17", DONDOC, postfix_id("gov", a.n))),
        ("Date", "{{DATE}}"),
        ("From", f"{encoded_words('Văn thư ' + u.name, 'UTF-8', 'B' if a.n % 2 else 'Q')} <{address}>"),
        ("To", DONDOC),
        ("Subject", encoded_words(subject, "UTF-8", "B") + (f" {{{{SUBJECT:{a.unit}}}}}" if a.n % 3 == 0 else "")),
        ("Message-ID", f"<{digest('gov', a.n, length=24)}@{host}>"),
        *(_refs(a) if a.n % 2 else []),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "base64" if a.n % 2 else "8bit"),
    ]
    if marks == "auto":
        headers.append(("Auto-Submitted", "auto-generated"))
    if marks == "bulk":
        headers.append(("Precedence", "bulk"))
    from .mime import b64_lines
    payload = b64_lines(words.encode()).encode() if a.n % 2 else words.encode()
    what = {"auto": "Auto-Submitted: auto-generated", "bulk": "Precedence: bulk", "null": "Return-Path <>",
            "subject": "only its Vietnamese subject", "unit": "only its Vietnamese subject, from the unit's own address"}[marks]
    return _case(a, message(headers, Part([], payload)), "text/plain",
                 f"Vietnamese government mail system ({host}) auto-reply written in Vietnamese, marked by {what}", )


def asian(a: Auto) -> Case:
    """QQ/Foxmail, NetEase and Yandex autoreplies: their own subject prefixes and headers."""
    u = UNITS[a.unit]
    kind = a.marks
    host, prefix, mark = {
        "qq": ("qq.com", "自动回复: ", ("X-QQ-mid", "bizesmtp" + digest(a.n, length=20))),
        "163": ("163.com", "自动回复：", ("X-NTES-SC", "AL_Qu2" + digest(a.n, length=24))),
        "yandex": ("yandex.ru", "Автоответ: ", ("X-Yandex-Forward", digest(a.n, length=32))),
        "naver": ("naver.com", "[자동응답] ", ("X-Naver-ESV", digest(a.n, length=16))),
    }[kind]
    address = f"{u.address.split('@')[0]}.hoaan@{host}"
    headers = [
        ("Return-Path", f"<{address}>"),
        ("Received", received("mx.xa.example.vn", f"smtp.{host}", "113.96.223.12", DONDOC, postfix_id("as", a.n))),
        ("From", f"\"{u.person}\" <{address}>" if kind == "qq" else f"{encoded_words(u.person, 'UTF-8', 'B')} <{address}>"),
        ("To", DONDOC),
        ("Subject", _subject(prefix, a)),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<tencent_{digest(a.n, length=30).upper()}@qq.com>" if kind == "qq" else f"<{digest(kind, a.n, length=24)}@{host}>"),
        *_refs(a),
        mark,
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=\"utf-8\""),
        ("Content-Transfer-Encoding", "base64"),
    ]
    if kind == "yandex":
        headers.append(("Auto-Submitted", "auto-replied"))
    from .mime import b64_lines
    return _case(a, message(headers, Part([], b64_lines(body_text(a).encode()).encode())), "text/plain base64",
                 f"{ {'qq': 'QQ Mail', '163': 'NetEase 163', 'yandex': 'Yandex', 'naver': 'Naver'}[kind]} autoreply, subject '{prefix.strip()}'"
                 + (" and Auto-Submitted" if kind == "yandex" else " only"))


def with_quote(a: Auto) -> Case:
    """A qmail autorespond (flag 1) or similar that quotes the message it answers below its text."""
    u = UNITS[a.unit]
    quoted = "\n".join("> " + line if a.marks == "marked" else line for line in REMINDERS[a.unit].split("\n"))
    words = body_text(a) + "\n" + ("-------- Original Message --------\n" if a.marks != "marked" else "") + quoted + "\n"
    headers = [
        ("Return-Path", f"<{u.address}>" if a.n % 2 else "<>"),
        ("Received", received("mx.xa.example.vn", "mail.hoaan.vn", "118.69.201.7", DONDOC, postfix_id("wq", a.n))),
        ("Date", "{{DATE}}"),
        ("From", f"{u.address}"),
        ("To", DONDOC),
        ("Subject", f"AutoReply: {{{{SUBJECT:{a.unit}}}}}" if a.n % 2 else f"Re: {{{{SUBJECT:{a.unit}}}}}"),
        ("Message-ID", f"<{1773624664 + a.n}.{digest(a.n, length=6)}@mail.hoaan.vn>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Precedence", "junk"),
        ("X-Loop", u.address),
    ]
    return _case(a, message(headers, Part([], words.encode())), "text/plain 8bit, the reminder quoted below",
                 f"qmail autorespond (Precedence: junk, X-Loop) quoting the reminder {'with >' if a.marks == 'marked' else 'unmarked'} under its text")


def all_cases() -> list[Case]:
    units = ["vp", "vhxh", "kinh-te", "committee"]
    cases: list[Case] = []

    def add(fn, family: str, specs: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
        for n, (lang, marks) in enumerate(specs, 1):
            r = rng("ooo", family, n)
            unit = units[(n + len(family)) % 4] if family not in ("vn-gov",) else ["kinh-te", "vp", "vhxh"][n % 3]
            body = r.randrange(len(BODIES_VI)) if lang == "vi" or r.random() < 0.7 else -1 - r.randrange(len(BODIES_EN))
            if n % 4 == 0 and family in ("exchange-oof", "gmail-vacation", "vendor-headers", "sieve-vacation"):
                unit = "kinh-te"  # a single-item digest: labelled lines in the text would be taken as its report
                body = 1 if n % 8 == 0 else 5
            cases.append(fn(Auto(family, n, unit, lang, marks, body)))

    oof_marks = ["AS", "SL", "S", "", "R", "ASL", "P", "AS"]
    add(exchange_oof, "exchange-oof", [(lang, oof_marks[i % len(oof_marks)]) for i, lang in enumerate(LANGS)]
        + [(lang, oof_marks[(i + 3) % len(oof_marks)]) for i, lang in enumerate(LANGS)]
        + [("vi", m) for m in ("", "S", "A", "SL")])
    add(outlook_legacy, "outlook-legacy", [("en", "ex2003"), ("en", "ex2007"), ("en", "outlook-com"), ("vi", "ex2007")])
    add(outlook_rule, "outlook-rule", [("vi", "rule")] * 3)
    add(gmail_vacation, "gmail-vacation", [(lang, "") for lang in ("vi", "en", "fr", "de", "es", "ru", "zh", "ja", "ko", "vi", "vi", "en")])
    add(icloud, "icloud", [("vi", "only"), ("en", "only"), ("vi", "owner"), ("fr", "only")])
    add(yahoo_vacation, "yahoo", [("vi", "auto"), ("en", "subject"), ("vi", "junk")])
    add(zimbra_vacation, "zimbra", [("vi", ""), ("fr", ""), ("de", ""), ("vi", "gov"), ("en", "gov")])
    add(sieve_vacation, "sieve-vacation", [("vi", "auto"), ("vi", "set"), ("en", "cyrus"), ("vi", "re"), ("de", "auto"), ("vi", "cyrus")])
    add(cpanel, "cpanel-exim", [("vi", m) for m in ("xar", "prec", "both", "empty", "as")])
    add(vendor_headers, "vendor-headers", [("vi", m) for m in ("xautoreply", "xautoreply-true", "xautogen", "post", "prec-bulk",
                                                               "prec-junk", "prec-list", "prec-auto", "xauto", "autosubmit", "post", "xautoreply")])
    add(lotus_notes, "lotus-notes", [("en", "plain"), ("vi", "plain"), ("en", "auto"), ("vi", "auto")])
    add(zoho, "zoho", [("vi", "auto"), ("en", "subject"), ("vi", "subject")])
    add(vn_gov, "vn-gov", [("vi", m) for m in ("subject", "auto", "bulk", "subject", "null", "unit", "auto", "subject", "unit", "bulk")])
    add(asian, "asian-webmail", [("zh", "qq"), ("zh", "163"), ("ru", "yandex"), ("ko", "naver")])
    add(with_quote, "autorespond-quoting", [("vi", "marked"), ("vi", "unmarked"), ("en", "unmarked")])
    return cases
