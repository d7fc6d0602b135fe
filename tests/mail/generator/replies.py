"""Replies from the units: a Vietnamese answer above (or below) the quoted reminder, written as
each mail client writes in each of its interface languages.

Half of them answer again in the same thread (the unit corrects what it wrote at 08:05), so the
quote holds the unit's earlier lines ("IV.1.2: 40% - …") above the reminder: a quote that is not
cut records those old lines again. The harness counts such lines (``quoted`` in cases.yaml).
"""

from __future__ import annotations

import html
import textwrap
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import locale as L
from .common import (
    DONDOC,
    DONDOC_NAME,
    GMAIL_VHXH,
    NEW_LINES,
    OLD_LINES,
    REMINDERS,
    SUBJECTS,
    TOKENS,
    UNITS,
    UNKNOWN,
    Case,
    Line,
    postfix_id,
    received,
    recorded,
    reminder_html,
    variant,
)
from .mime import Part, address, digest, encoded_words, message, multipart, strip_marks, text

REPLY_TO_TEXT = {unit: f"dondoc+{token}@xa.example.vn" for unit, token in TOKENS.items()}


@dataclass(frozen=True)
class Reply:
    n: int
    client: str
    lang: str
    unit: str
    form: str = "vi"  # vi | ascii | nfd: how the answer is typed
    thread: str = "reminder"  # reminder | own: what is quoted (the reminder, or the unit's own 08:05 answer above it)
    signoff: bool = False
    picks: tuple[int, ...] = (0,)
    extra: str = ""  # a client-specific variant
    attachments: tuple[Any, ...] = ()
    what: str = ""
    expect: dict[str, Any] | None = None  # overrides the expectation as the unit
    bottom: bool = False

    @property
    def lines(self) -> list[Line]:
        return [variant(NEW_LINES[self.unit][i], self.form) for i in self.picks]

    @property
    def old(self) -> list[str]:
        return [strip_marks(x) if self.form == "ascii" else x for x in OLD_LINES[self.unit]]

    @property
    def sender(self) -> str:
        if self.unit == "vhxh" and self.client.startswith("gmail"):
            return GMAIL_VHXH
        return UNITS[self.unit].address

    @property
    def sender_name(self) -> str:
        u = UNITS[self.unit]
        return u.person if self.n % 2 else u.name


def _t(r: Reply, s: str) -> str:
    """Text as this person types it."""
    if r.form == "ascii":
        return strip_marks(s)
    if r.form == "nfd":
        return unicodedata.normalize("NFD", s)
    return s


def new_text(r: Reply) -> str:
    u = UNITS[r.unit]
    out = []
    greeting = ["Kính gửi Ban Chỉ đạo,", "", "Dạ, {name} báo cáo như sau:", "Kính gửi Ban Chỉ đạo chuyển đổi số xã,", ""][r.n % 5]
    if r.unit == "committee":
        greeting = ""
    if greeting:
        out += [greeting.format(name=u.name), ""] if r.n % 3 else [greeting.format(name=u.name)]
    out += [line.text for line in r.lines] or ["Đơn vị đã nhận được thư nhắc, sẽ gửi báo cáo trong tuần này."]
    if r.signoff:
        out += ["", "Trân trọng!", u.person, u.title, f"ĐT: {u.phone}"]
    elif r.n % 2:
        out += ["", u.person]
    return "\n".join(_t(r, x) if x not in [line.text for line in r.lines] else x for x in out) + "\n"


def _old_reply_text(r: Reply) -> str:
    u = UNITS[r.unit]
    return "\n".join(_t(r, x) if x not in r.old else x for x in ["Kính gửi Ban Chỉ đạo,", "", *r.old, "", u.person]) + "\n"


# ---------------------------------------------------------------- attributions and header blocks


@dataclass(frozen=True)
class Quoted:
    """One earlier message of the thread, as a client names it above its quote."""

    name: str
    address: str
    time: str
    subject: str
    to: str
    text: str
    html: str


def thread_of(r: Reply) -> list[Quoted]:
    unit = r.unit
    reminder = Quoted(DONDOC_NAME, DONDOC, "07:30", SUBJECTS[unit], UNITS[unit].address if unit != "committee" else
                      "chutich@xa.example.vn; lethimai.pct@xa.example.vn; vanphong@xa.example.vn", REMINDERS[unit], reminder_html(unit))
    if r.thread != "own":
        return [reminder]
    own = _old_reply_text(r)
    mine = Quoted(UNITS[unit].name, r.sender, "08:05", L.REPLY_PREFIX.get(r.lang, "RE: ") + SUBJECTS[unit],
                  f"{DONDOC_NAME} <{REPLY_TO_TEXT[unit]}>", own,
                  "".join(f"<div>{html.escape(x) or '<br>'}</div>" for x in own.rstrip("\n").split("\n")))
    return [mine, reminder]


def wrap(line: str, width: int = 76) -> list[str]:
    return textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [line]


def attribution(r: Reply, q: Quoted, style: str) -> list[str]:
    lang = r.lang
    if style == "gmail":
        return wrap(L.fill(L.GMAIL[lang], q.time, q.name, q.address))
    if style == "apple":
        if r.extra == "wrap3" and lang in ("en", "vi"):
            head = L.fill(L.APPLE[lang], q.time, q.name, q.address).split(" <")[0]
            return [head, f"<{q.address}>", "wrote:" if lang == "en" else "đã viết:"]
        return [L.fill(L.APPLE[lang], q.time, q.name, q.address)]
    if style == "thunderbird":
        return [L.fill(L.THUNDERBIRD[lang], q.time, q.name, q.address)]
    if style == "roundcube":
        return [L.fill(L.ROUNDCUBE.get(lang, L.ROUNDCUBE["en"]), q.time, q.name, q.address)]
    if style == "yahoo":
        return wrap(L.fill(L.YAHOO.get(lang, L.YAHOO["en"]), q.time, q.name, q.address))
    if style == "zimbra":
        sep, frm, to, sent, subj, date = L.ZIMBRA.get(lang, L.ZIMBRA["en"])
        return [sep, f'{frm}: "{q.name}" <{q.address}>', f"{to}: {q.to}", f"{sent}: {L.fill(date, q.time, '', '')}", f"{subj}: {q.subject}", ""]
    if style == "samsung":
        sep, frm, date, to, subj = L.SAMSUNG[lang]
        return ["", sep, f"{frm}: {q.name} <{q.address}> ", f"{date}: 16/03/2026 {q.time} (GMT+07:00) ", f"{to}: {q.to} ",
                f"{subj}: {q.subject} ", ""]
    frm, sent, to, subj, date = L.OUTLOOK[lang]
    colon = " :" if lang == "fr" else ":"
    when = L.fill(L.OUTLOOK_DATE[lang], q.time, "", "")
    if style == "outlook-2010":
        return [L.ORIGINAL_MESSAGE[lang], f"{frm}{colon} {q.name} [mailto:{q.address}]", f"{sent}{colon} {when}",
                f"{to}{colon} {q.to}", f"{subj}{colon} {q.subject}", ""]
    if style == "outlook-mac":
        return [f"{frm}{colon} {q.name} <{q.address}>", f"{date}{colon} {when}", f"{to}{colon} {q.to}", f"{subj}{colon} {q.subject}", ""]
    if style == "date-first":  # mutt/Alpine forward-style block, and some webmails
        return [f"Date: Mon, 16 Mar 2026 {q.time}:00 +0700", f"From: {q.name} <{q.address}>", f"To: {q.to}", f"Subject: {q.subject}", ""]
    if style == "reply-message":  # Chinese webmail clients (Sina, 263, Coremail)
        return ["-----Reply Message-----", f"From: {q.name} <{q.address}>", f"Date: 2026-03-16 {q.time}", f"To: {q.to}", f"Subject: {q.subject}", ""]
    if style == "on-wrote-dashes":
        return [f"------On 2026-03-16 {q.time}, {q.name} <{q.address}> wrote-----", ""]
    if style == "qq":
        return ["------------------ 原始邮件 ------------------", f'发件人: "{q.name}"<{q.address}>;', f"发送时间: 2026年3月16日(星期一) 上午{q.time[1:] if q.time.startswith('0') else q.time}",
                f'收件人: "{q.to}";', f"主题: {q.subject}", ""]
    if style == "netease":
        return ["---- Replied Message ----", f"| From | {q.name}<{q.address}> |", f"| Date | 03/16/2026 {q.time} |", f"| To | {q.to} |",
                f"| Subject | {q.subject} |", ""]
    if style == "notes":
        return [f"From:\t{q.name} <{q.address}>", f"To:\t{q.to}", f"Date:\t16/03/2026 {q.time}", f"Subject:\t{q.subject}", ""]
    if style == "horde":
        return [{"de": f"Zitat von {q.name} <{q.address}>:", "vi": f"Trích dẫn {q.name} <{q.address}>:"}.get(lang, f"Quoting {q.name} <{q.address}>:"), ""]
    rule = ["________________________________"] if style in ("outlook-new", "owa", "outlook-mobile") else []
    order = [(frm, f"{q.name} <{q.address}>"), (sent, when), (to, q.to), (subj, q.subject)]
    if style == "outlook-other-order":
        order = [(frm, f"{q.name} <{q.address}>"), (to, q.to), (sent, when), (subj, q.subject)]
    return [*rule, *(f"{k}{colon} {v}" for k, v in order), ""]


MARKED = {"gmail", "apple", "thunderbird", "roundcube", "horde"}


def quote_plain(r: Reply, style: str, marked: bool | None = None) -> str:
    marked = style in MARKED if marked is None else marked
    tight = style in ("thunderbird", "roundcube", "horde")  # ">> text" rather than "> > text"

    def prefix(depth: int) -> str:
        if not marked or depth == 0:
            return ""
        return ">" * depth + " " if tight else "> " * depth

    messages = thread_of(r)
    out: list[str] = []
    for i, q in enumerate(messages):
        above, inside = prefix(i), prefix(i + 1)
        out += [(above + line).rstrip() for line in attribution(r, q, style)]
        out += [(inside + line).rstrip() for line in q.text.rstrip("\n").split("\n")]
        if i + 1 < len(messages):
            out.append(inside.rstrip())
    return "\n".join(out) + "\n"


def quote_html(r: Reply, style: str) -> str:
    """The quote as the client's HTML part holds it."""
    messages = thread_of(r)

    def inner(i: int) -> str:
        q = messages[i]
        rest = ""
        if i + 1 < len(messages):
            rest = block(i + 1)
        return q.html + rest

    def block(i: int) -> str:
        q = messages[i]
        attr = "<br>".join(html.escape(x) for x in attribution(r, q, style) if x)
        if style == "gmail":
            return (f'<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">{attr}<br></div>'
                    f'<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">{inner(i)}</blockquote></div>')
        if style == "apple":
            return f'<div><br><blockquote type="cite"><div>{attr}</div><br><div>{inner(i)}</div></blockquote></div>'
        if style == "thunderbird":
            return (f'<div class="moz-cite-prefix">{attr}<br></div><blockquote type="cite" cite="mid:{SUBJECTS[r.unit][-17:-1]}@xa.example.vn">'
                    f"{inner(i)}</blockquote>")
        if style == "roundcube":
            return (f'<p>{attr}</p><blockquote type="cite" style="padding: 0 0.4em; border-left: #1010ff 2px solid; margin: 0">'
                    f"{inner(i)}</blockquote>")
        if style == "yahoo":
            return (f'<div id="yahoo_quoted_{digest(r.n, i, length=10)}" class="yahoo_quoted"><div style="font-family:\'Helvetica Neue\', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;">'
                    f"<div>{attr}</div><div><br></div><div><br></div><div>{inner(i)}</div></div></div>")
        if style == "zimbra":
            heads = "<br>".join(f"<b>{html.escape(x.split(':', 1)[0])}: </b>{html.escape(x.split(':', 1)[1].strip())}"
                                for x in attribution(r, q, style)[1:] if ":" in x)
            return (f'<hr id="zwchr" data-marker="__DIVIDER__"><div data-marker="__HEADERS__">{heads}</div><br>'
                    f'<div data-marker="__QUOTED_TEXT__">{inner(i)}</div>')
        if style == "samsung":
            return f"<div><br></div><div><br></div><div>{attr.replace('<br>', '</div><div>')}</div><div><br></div>{inner(i)}"
        if style in ("outlook-new", "owa", "outlook-mobile"):
            heads = "<br>".join(f"<b>{html.escape(x.split(':', 1)[0])}:</b>{html.escape(x.split(':', 1)[1])}"
                                for x in attribution(r, q, style)[1:] if ":" in x)
            return (f'<hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">'
                    f'<font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">{heads}</font><div>&nbsp;</div></div>{inner(i)}')
        heads = "<br>".join(f"<b>{html.escape(x.split(':', 1)[0])}:</b>{html.escape(x.split(':', 1)[1])}" if ":" in x and not x.startswith("-----")
                            else html.escape(x) for x in attribution(r, q, style) if x)
        return (f'<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
                f'<p class="MsoNormal"><span lang="EN-US">{heads}</span></p></div></div><p class="MsoNormal">&nbsp;</p>{inner(i)}')

    return block(0)


def new_html(r: Reply, style: str) -> str:
    lines = new_text(r).rstrip("\n").split("\n")
    if style in ("outlook", "outlook-2010", "outlook-mac", "notes", "outlook-other-order"):
        return "".join(f'<p class="MsoNormal"><span style="font-size:13.0pt;font-family:&quot;Times New Roman&quot;,serif">{html.escape(x) or "&nbsp;"}</span></p>\n'
                       for x in lines)
    if style == "gmail":
        return '<div dir="ltr">' + "".join(f"<div>{html.escape(x) or '<br>'}</div>" for x in lines) + "</div><br>"
    return "".join(f"<div>{html.escape(x) or '<br>'}</div>" for x in lines)


def html_document(r: Reply, style: str, device: str = "") -> str:
    top = new_html(r, style) + (f"<div><br></div><div>{html.escape(device)}</div>" if device else "")
    below = quote_html(r, style)
    if r.bottom:
        answer = "".join(f"<div>{html.escape(x.text)}</div>" for x in r.lines)
        body = f"<div>{html.escape(_t(r, 'Kính gửi Ban Chỉ đạo,'))}</div><br>{below}<br>{answer}<div><br></div><div>{html.escape(_t(r, UNITS[r.unit].person))}</div>"
    else:
        body = top + "<br>" + below
    if style in ("outlook", "outlook-2010", "outlook-mac", "outlook-other-order"):
        return ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" '
                'xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
                '<meta name="Generator" content="Microsoft Word 15 (filtered medium)"><style><!--p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}--></style></head>'
                f'<body lang="{"vi" if r.lang == "vi" else "EN-US"}" link="#0563C1" vlink="#954F72" style="word-wrap:break-word"><div class="WordSection1">{body}</div></body></html>\n')
    if style in ("outlook-new", "owa", "outlook-mobile"):
        return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head>'
                f'<body dir="ltr"><div class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">{body}</div></body></html>\n')
    if style == "apple":
        return f'<html aria-label="message body"><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">{body}</body></html>\n'
    if style == "zimbra":
        return f'<html><body><div style="font-family: times new roman, new york, times, serif; font-size: 12pt; color: #000000">{body}</div></body></html>\n'
    return f"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head><body>{body}</body></html>\n"


def plain_document(r: Reply, style: str, device: str = "", marked: bool | None = None) -> str:
    quote = quote_plain(r, style, marked)
    if r.bottom:  # greeting, the quote, then the answer under it
        answer = "\n".join(line.text for line in r.lines)
        return f"{_t(r, 'Kính gửi Ban Chỉ đạo,')}\n\n{quote}\n{answer}\n\n{_t(r, UNITS[r.unit].person)}\n"
    top = new_text(r) + (f"\n{_t(r, device)}\n" if device else "")
    return top + "\n" + quote


# ---------------------------------------------------------------- clients: header fields and MIME structure


def _to(r: Reply, style: str = "B") -> str:
    return address(DONDOC_NAME, f"{{{{REPLY_TO:{r.unit}}}}}", style)


def _subject(r: Reply, prefix: str) -> str:
    if prefix.isascii():
        return f"{prefix}{{{{SUBJECT:{r.unit}}}}}"
    return f"{encoded_words(prefix, 'utf-8', 'B')} {{{{SUBJECT:{r.unit}}}}}"


def _refs(r: Reply) -> list[tuple[str, str]]:
    if r.thread == "own":
        prev = f"<{digest('own', r.unit, r.n, length=24)}@xa.example.vn>"
        return [("References", f"{{{{MESSAGE_ID:{r.unit}}}}}\n {prev}"), ("In-Reply-To", prev)]
    return [("References", f"{{{{MESSAGE_ID:{r.unit}}}}}"), ("In-Reply-To", f"{{{{MESSAGE_ID:{r.unit}}}}}")]


def _arrival(r: Reply, frm: str, ip: str) -> list[tuple[str, str]]:
    return [
        ("Return-Path", f"<{r.sender}>"),
        ("Received", received("mx.xa.example.vn", frm, ip, f"{{{{REPLY_TO:{r.unit}}}}}", postfix_id("reply", r.client, r.n))),
        ("Authentication-Results", "mx.xa.example.vn;\n\tspf=pass smtp.mailfrom=" + r.sender.split("@")[1] + ";\n\tdkim=pass header.d="
         + r.sender.split("@")[1] + " header.s=s1;\n\tdmarc=pass (p=none dis=none) header.from=" + r.sender.split("@")[1]),
    ]


def _with_attachments(r: Reply, body: Part, kind: str = "mixed") -> Part:
    if not r.attachments:
        return body
    parts = [body, *[a for a in r.attachments if isinstance(a, Part)]]
    return multipart(kind, f"_004_{digest('att', r.client, r.n, length=24).upper()}_" if r.client.startswith("outlook")
                     else f"------------{digest('att', r.n, length=24)}", parts,
                     preamble="This is a multi-part message in MIME format." if not r.client.startswith("outlook") else "")


def gmail(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    boundary = f"000000000000{digest('gm', r.n, length=16)}"
    plain = plain_document(r, "gmail")
    page = html_document(r, "gmail")
    if r.extra == "inline-logo":
        cid = "f_" + digest("logo-ubnd.png", length=9)
        page = page.replace("</div><br>", f'<div><br></div><div><img src="cid:{cid}" alt="logo-ubnd.png" width="120" height="40"></div></div><br>', 1)
    alt = multipart("alternative", boundary, [text(plain, charset="UTF-8"), text(page, "html", charset="UTF-8")])
    if r.extra == "inline-logo":
        root = multipart("related", f"000000000000{digest('gmr', r.n, length=16)}", [alt, *r.attachments])
        alt = root
    root = _with_attachments(r, alt) if r.extra != "inline-logo" else alt
    if r.attachments and r.extra != "inline-logo":
        root.boundary = f"000000000000{digest('gmx', r.n, length=16)}"
        root.headers = [("Content-Type", f'multipart/mixed; boundary="{root.boundary}"')]
    headers = [
        *_arrival(r, "mail-pj1-f43.google.com", "209.85.216.43"),
        ("X-Gm-Message-State", "AOJu0Yz" + digest("gms", r.n, length=52)),
        ("MIME-Version", "1.0"),
        *_refs(r),
        ("From", address(r.sender_name, r.sender, "B")),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<CA{digest('gmid', r.n, length=12)}+{digest('g2', r.n, length=20)}@mail.gmail.com>"),
        ("Subject", f"Re: {{{{SUBJECT:{r.unit}}}}}"),
        ("To", _to(r)),
    ]
    return headers, root


def _outlook_common(r: Reply, prefix: str) -> list[tuple[str, str]]:
    return [
        ("From", address(r.sender_name, r.sender, "B")),
        ("To", _to(r)),
        ("Subject", _subject(r, prefix)),
        ("Thread-Topic", f"{{{{SUBJECT:{r.unit}}}}}"),
        ("Thread-Index", "AQHctNh0" + digest("ti", r.n, length=24) + "=="),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<SEZPR06MB{digest('om', r.n, length=4).upper()}{digest('omid', r.n, length=28).upper()}@SEZPR06MB{digest('om', r.n, length=4).upper()}.apcprd06.prod.outlook.com>"),
        *_refs(r),
        ("Accept-Language", f"{L_CODE.get(r.lang, 'en-US')}, en-US"),
        ("Content-Language", L_CODE.get(r.lang, "en-US")),
        ("X-MS-Has-Attach", "yes" if r.attachments else ""),
        ("X-MS-TNEF-Correlator", ""),
        ("msip_labels", ""),
    ]


L_CODE = {"vi": "vi-VN", "en": "en-US", "fr": "fr-FR", "de": "de-DE", "es": "es-ES", "it": "it-IT", "pt": "pt-BR", "nl": "nl-NL",
          "pl": "pl-PL", "da": "da-DK", "sv": "sv-SE", "nb": "nb-NO", "ru": "ru-RU", "zh": "zh-CN", "ja": "ja-JP", "ko": "ko-KR"}


def outlook(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    """Outlook for Windows (classic, Word editor), Office 365; the style picks the quote header."""
    style = {"outlook-desktop": "outlook", "outlook-new": "outlook-new", "owa": "owa", "outlook-2010": "outlook-2010",
             "outlook-mac": "outlook-mac", "outlook-ios": "outlook-mobile", "outlook-android": "outlook-mobile",
             "outlook-other-order": "outlook-other-order"}[r.client]
    device = L.OUTLOOK_MOBILE[r.lang].format(os="iOS" if r.client == "outlook-ios" else "Android") if style == "outlook-mobile" else ""
    cte = "base64" if r.n % 2 else "quoted-printable"
    parts = [text(html_document(r, style, device), "html", cte=cte)]
    if r.extra != "html-only":
        parts.insert(0, text(plain_document(r, style, device), cte=cte))
    boundary = f"_000_SEZPR06MB{digest('ob', r.n, length=20).upper()}SEZPR06MB5269apcp_"
    body = multipart("alternative", boundary, parts) if len(parts) > 1 else parts[0]
    if r.attachments:
        related = [a for a in r.attachments if isinstance(a, Part) and any(h[0] == "Content-ID" for h in a.headers)]
        others = [a for a in r.attachments if isinstance(a, Part) and a not in related]
        if related:
            body = multipart("related", f"_006_SEZPR06MB{digest('or', r.n, length=20).upper()}_", [body, *related], extra=' type="multipart/alternative";')
        if others:
            body = multipart("mixed", f"_004_SEZPR06MB{digest('ox', r.n, length=20).upper()}_", [body, *others])
    prefix = L.REPLY_PREFIX[r.lang]
    headers = [*_arrival(r, "mail-sgaapc01on2098.outbound.protection.outlook.com", "40.107.215.98"), *_outlook_common(r, prefix)]
    if r.client == "outlook-2010":
        headers = [*_arrival(r, "mail.xa.example.vn", "10.10.1.25"),
                   ("From", address(r.sender_name, r.sender, "Q")), ("To", _to(r, "Q")), *_refs(r),
                   ("Subject", _subject(r, prefix)), ("Date", "{{DATE}}"),
                   ("Message-ID", f"<00{digest('o10', r.n, length=4)}01dcb4d8${digest('x', r.n, length=8)}$5c3f1a20@PCVANPHONG>"),
                   ("MIME-Version", "1.0"), ("X-Mailer", "Microsoft Outlook 14.0"), ("Thread-Index", "AQH" + digest("ti10", r.n, length=30)),
                   ("Content-Language", L_CODE[r.lang])]
        body.boundary = f"----=_NextPart_000_{digest('nb', r.n, length=4).upper()}_01DCB4D8.5C3F1A20"
        body.headers = [("Content-Type", f'multipart/alternative;\n\tboundary="{body.boundary}"')] if body.parts else body.headers
        return headers, body
    if r.client == "outlook-mac":
        headers.append(("user-agent", "Microsoft-MacOutlook/16.95.25030911"))
    if r.client in ("outlook-ios", "outlook-android"):
        headers.append(("x-ms-exchange-organization-originalclientipaddress", "27.72.98.14"))
    headers.append(("MIME-Version", "1.0"))
    return headers, body


def apple(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    iphone = r.client == "iphone"
    device = L.IPHONE[r.lang] if iphone else ""
    uuid = f"{digest('ap', r.n, length=8).upper()}-{digest('ap1', r.n, length=4).upper()}-4F1C-9A2B-{digest('ap2', r.n, length=12).upper()}"
    plain = plain_document(r, "apple", device)
    if iphone and r.extra != "html":
        root = text(plain, charset="utf-8", cte="quoted-printable", quote_charset=False)
    else:
        boundary = f"Apple-Mail={'_' if not iphone else '-'}{uuid}"
        root = multipart("alternative", boundary, [text(plain, charset="utf-8", quote_charset=False),
                                                   text(html_document(r, "apple", device), "html", charset="utf-8", quote_charset=False)])
    root = _with_attachments(r, root)
    headers = [
        *_arrival(r, "mail.xa.example.vn", "10.10.1.25"),
        ("From", address(r.sender_name, r.sender, "Q")),
        ("Mime-Version", "1.0 (1.0)" if iphone else "1.0 (Mac OS X Mail 16.0 \\(3826.400.131.1.6\\))"),
        ("Subject", f"Re: {{{{SUBJECT:{r.unit}}}}}"),
        ("Date", "{{DATE}}"),
        ("Message-Id", f"<{uuid}@xa.example.vn>"),
        *_refs(r),
        ("To", _to(r, "Q")),
        ("X-Mailer", "iPhone Mail (22D82)" if iphone else "Apple Mail (2.3826.400.131.1.6)"),
    ]
    return headers, root


def thunderbird(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    plain = plain_document(r, "thunderbird")
    if r.extra == "html":
        root = multipart("alternative", f"------------{digest('tb', r.n, length=24)}", [
            text(plain, charset="UTF-8", cte="8bit", params="; format=flowed", quote_charset=False),
            text(html_document(r, "thunderbird"), "html", charset="UTF-8", cte="8bit", quote_charset=False)])
    else:
        root = text(plain, charset="UTF-8", cte="8bit", params="; format=flowed", quote_charset=False)
    root = _with_attachments(r, root)
    k9 = r.extra == "k9"
    headers = [
        *_arrival(r, "mail.xa.example.vn", "10.10.1.25"),
        ("Message-ID", f"<{digest('tbm', r.n, length=8)}-{digest('tb1', r.n, length=4)}-{digest('tb2', r.n, length=4)}-{digest('tb3', r.n, length=4)}-{digest('tb4', r.n, length=12)}@{'email.android.com' if k9 else 'xa.example.vn'}>"),
        ("Date", "{{DATE}}"),
        ("MIME-Version", "1.0"),
        ("User-Agent", "K-9 Mail for Android" if k9 else "Mozilla Thunderbird"),
        ("Subject", f"Re: {{{{SUBJECT:{r.unit}}}}}"),
        ("Content-Language", L_CODE.get(r.lang, "en-US")),
        ("To", _to(r)),
        *_refs(r),
        ("From", address(r.sender_name, r.sender, "B")),
    ]
    return headers, root


def samsung(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    device = L.SAMSUNG_SENT[r.lang]
    boundary = f"--_com.samsung.android.email_{1773624664000000 + r.n * 7919}"
    root = multipart("alternative", boundary, [
        text(plain_document(r, "samsung", device), charset="utf-8", cte="base64"),
        text(html_document(r, "samsung", device), "html", charset="utf-8", cte="base64")])
    root = _with_attachments(r, root)
    headers = [
        *_arrival(r, "mail.xa.example.vn", "10.10.1.25"),
        ("Message-ID", f"<{digest('ss', r.n, length=8)}.{digest('ss1', r.n, length=8)}@email.android.com>"),
        ("Date", "{{DATE}}"),
        ("Subject", f"Re: {{{{SUBJECT:{r.unit}}}}}"),
        *_refs(r),
        ("From", address(r.sender_name, r.sender, "B")),
        ("To", _to(r)),
        ("MIME-Version", "1.0"),
        ("Importance", "Normal"),
        ("X-Priority", "3"),
        ("X-MSMail-Priority", "Normal"),
    ]
    return headers, root


def yahoo(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    boundary = f"----=_Part_{1000000 + r.n}_{digest('yh', r.n, length=9)}.{1773624664000 + r.n}"
    parts = [text(html_document(r, "yahoo"), "html", charset="UTF-8")]
    if r.extra != "html-only":
        parts.insert(0, text(plain_document(r, "yahoo"), charset="UTF-8"))
    root = multipart("alternative", boundary, parts) if len(parts) > 1 else parts[0]
    headers = [
        ("Return-Path", f"<{r.sender}>"),
        ("Received", received("mx.xa.example.vn", "sonic301-2.consmr.mail.sg3.yahoo.com", "106.10.242.138", f"{{{{REPLY_TO:{r.unit}}}}}", postfix_id("yr", r.n))),
        ("Date", "{{DATE}}"),
        ("From", address(r.sender_name, r.sender, "Q")),
        ("To", _to(r, "Q")),
        ("Message-ID", f"<{1234567890 + r.n * 7919}.{r.n}.{1773624664000 + r.n}@mail.yahoo.com>"),
        *_refs(r),
        ("Subject", f"Re: {{{{SUBJECT:{r.unit}}}}}"),
        ("MIME-Version", "1.0"),
        ("X-Mailer", "WebService/1.1.25277 YMailNorrin"),
    ]
    return headers, root


def zimbra(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    html_part = text(html_document(r, "zimbra"), "html", charset="utf-8", quote_charset=False)
    if r.extra == "html-only":
        root = html_part
    else:
        root = multipart("alternative", f"=_{digest('zb', r.n, length=8)}-{digest('zb1', r.n, length=4)}-{digest('zb2', r.n, length=4)}",
                         [text(plain_document(r, "zimbra", marked=r.n % 2 == 0), charset="utf-8", quote_charset=False), html_part])
    headers = [
        *_arrival(r, "mail.xa.example.vn", "10.10.1.25"),
        ("Date", "{{DATE}}"),
        ("From", address(r.sender_name, r.sender, "B")),
        ("To", _to(r)),
        ("Message-ID", f"<{1071358815 + r.n}.{318604 + r.n}.{1773624664000 + r.n}.JavaMail.zimbra@xa.example.vn>"),
        *_refs(r),
        ("Subject", f"Re: {{{{SUBJECT:{r.unit}}}}}"),
        ("MIME-Version", "1.0"),
        ("X-Mailer", "Zimbra 10.0.8_GA_4611 (ZimbraWebClient - GC131 (Win)/10.0.8_GA_4611)"),
        ("Thread-Topic", f"{{{{SUBJECT:{r.unit}}}}}"),
        ("Thread-Index", digest("zti", r.n, length=26) + "=="),
    ]
    return headers, root


def roundcube(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    root = text(plain_document(r, "roundcube"), charset="UTF-8", params="; format=flowed", quote_charset=False)
    headers = [
        *_arrival(r, "mail.xa.example.vn", "10.10.1.25"),
        ("MIME-Version", "1.0"),
        ("Date", "{{DATE}}"),
        ("From", address(r.sender_name, r.sender, "B")),
        ("To", _to(r)),
        ("Subject", f"Re: {{{{SUBJECT:{r.unit}}}}}"),
        *_refs(r),
        ("Message-ID", f"<{digest('rc', r.n, length=32)}@xa.example.vn>"),
        ("X-Sender", r.sender),
        ("User-Agent", "Roundcube Webmail/1.6.9"),
    ]
    return headers, root


def generic(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    """Webmails and clients with their own quote headers (Chinese webmails, Lotus Notes, Horde, mutt)."""
    style = r.extra
    mailer = {"reply-message": ("X-Mailer", "Coremail Webmail Server Version XT5.0.14"),
              "on-wrote-dashes": ("X-Mailer", "Sina WebMail 4.0"),
              "qq": ("X-Mailer", "QQMail 2.x"), "netease": ("X-Mailer", "NetEase Flash Mail 2.4.1.33"),
              "notes": ("X-Mailer", "IBM Notes Release 9.0.1FP10 January 10, 2018"),
              "horde": ("User-Agent", "Horde Application Framework 5"), "date-first": ("User-Agent", "NeoMutt/20231103"),
              "outlook-other-order": ("X-Mailer", "Microsoft Outlook 16.0")}[style]
    marked = style in ("horde",)
    plain = plain_document(r, style, marked=marked)
    cte = "8bit" if style in ("date-first", "horde") else "base64"
    root = text(plain, charset="utf-8", cte=cte)
    headers = [
        *_arrival(r, "mail.xa.example.vn", "10.10.1.25"),
        ("Date", "{{DATE}}"),
        ("From", address(r.sender_name, r.sender, "B")),
        ("To", _to(r)),
        ("Subject", f"Re: {{{{SUBJECT:{r.unit}}}}}" if style not in ("qq", "netease") else _subject(r, "回复：")),
        ("Message-ID", f"<{digest('gen', style, r.n, length=24)}@xa.example.vn>"),
        *_refs(r),
        ("MIME-Version", "1.0"),
        mailer,
    ]
    return headers, root


def windows_live(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    """Outlook Express / Windows Live Mail / Outlook 2003 with a windows-1258 body."""
    plain = plain_document(r, "outlook-2010")
    root = text(plain, charset="windows-1258", cte="8bit" if r.extra == "8bit" else "quoted-printable", params=";\n\tformat=flowed;\n\treply-type=original")
    headers = [
        *_arrival(r, "PC-VANPHONG", "14.177.236.61"),
        ("Message-ID", f"<00{digest('wl', r.n, length=4)}01dcb4d8${digest('wl1', r.n, length=8)}$0fe80e90@PCVANPHONG>"),
        ("From", f"{encoded_words(UNITS[r.unit].name, 'windows-1258', 'Q')} <{r.sender}>"),
        ("To", f"{{{{REPLY_TO:{r.unit}}}}}"),
        ("References", f"{{{{MESSAGE_ID:{r.unit}}}}}"),
        ("Subject", f"Re: {{{{SUBJECT:{r.unit}}}}}"),
        ("Date", "{{DATE}}"),
        ("MIME-Version", "1.0"),
        ("X-Priority", "3"),
        ("X-MSMail-Priority", "Normal"),
        ("X-Mailer", "Microsoft Windows Live Mail 16.4.3528.331" if r.n % 2 else "Microsoft Office Outlook 11"),
        ("X-MimeOLE", "Produced By Microsoft MimeOLE V16.4.3528.331"),
    ]
    return headers, root


def zalo(r: Reply) -> tuple[list[tuple[str, str]], Part]:
    """Lines typed in a Zalo group, copied into the reply by the unit's clerk (Gmail web)."""
    u = UNITS[r.unit]
    chat = [f"[Chuyển tiếp từ Zalo - nhóm \"{u.name} xã Hòa An\"]", f"{u.person}, 08:12 16/03/2026:"]
    body_lines = chat + [line.text for line in r.lines] + ["", u.person]
    plain = "\n".join(body_lines) + "\n\n" + quote_plain(r, "gmail")
    boundary = f"000000000000{digest('zl', r.n, length=16)}"
    html_doc = '<div dir="ltr">' + "".join(f"<div>{html.escape(x) or '<br>'}</div>" for x in body_lines) + "</div><br>" + quote_html(r, "gmail")
    root = multipart("alternative", boundary, [text(plain, charset="UTF-8"), text(html_doc, "html", charset="UTF-8")])
    headers, _ = gmail(r)
    return headers, root


CLIENTS = {
    "gmail": gmail, "gmail-android": gmail, "outlook-desktop": outlook, "outlook-new": outlook, "owa": outlook,
    "outlook-2010": outlook, "outlook-mac": outlook, "outlook-ios": outlook, "outlook-android": outlook,
    "apple-mail": apple, "iphone": apple, "thunderbird": thunderbird, "k9": thunderbird, "samsung": samsung,
    "yahoo": yahoo, "zimbra": zimbra, "roundcube": roundcube, "generic": generic, "windows-live": windows_live, "zalo": zalo,
}


def signed(r: Reply, root: Part) -> Part:
    """PGP/MIME (RFC 3156) or S/MIME (RFC 8551) multipart/signed around the body."""
    from . import files

    if r.extra == "pgp":
        sig = attached('application/pgp-signature; name="signature.asc"', files.pgp_signature(str(r.n)),
                       'attachment; filename="signature.asc"', cte="7bit", extra=(("Content-Description", "OpenPGP digital signature"),))
        return multipart("signed", f"------------{digest('pgp', r.n, length=24)}", [root, sig],
                         extra=' micalg=pgp-sha256;\n\tprotocol="application/pgp-signature";',
                         preamble="This is an OpenPGP/MIME signed message (RFC 4880 and 3156)")
    sig = attached('application/pkcs7-signature; name="smime.p7s"', files.smime_signature(str(r.n)),
                   'attachment; filename="smime.p7s"', extra=(("Content-Description", "S/MIME Cryptographic Signature"),))
    return multipart("signed", f"----=_NextPart_000_{digest('smime', r.n, length=4).upper()}_01DCB4D8.5C3F1A20", [root, sig],
                     extra=' protocol="application/pkcs7-signature";\n\tmicalg=sha-256;')


def build(r: Reply, folder: str = "replies") -> Case:
    headers, root = CLIENTS[r.client](r)
    if r.extra in ("pgp", "smime"):
        root = signed(r, root)
    raw = message(headers, root, crlf=r.client.startswith("outlook") and r.n % 3 == 0)
    items = [line.item for line in r.lines]
    files = [getattr(a, "report_name", None) for a in r.attachments]
    report = [f for f in files if f]
    unit = r.expect or recorded(items, report or None)
    stranger = UNKNOWN
    client = r.client if r.client != "generic" else r.extra
    shape = []
    if r.thread == "own":
        shape.append("quotes the unit's own 08:05 answer above the reminder")
    if r.bottom:
        shape.append("bottom-posted")
    shape.append({"vi": "Vietnamese with diacritics", "ascii": "no diacritics", "nfd": "NFD-decomposed"}[r.form])
    if r.signoff:
        shape.append("sign-off above the quote")
    if r.extra:
        shape.append(r.extra)
    name = f"{folder}/{client}-{r.lang}-{r.n:03d}.eml"
    return Case(
        file=name,
        category="reply",
        family=client,
        language=r.lang,
        shape=", ".join(shape),
        what=r.what or f"{client} ({r.lang} interface) reply from {r.unit}",
        answers=r.unit,
        raw=raw,
        unit=unit,
        stranger=stranger,
        quoted=r.old if r.thread == "own" else [],
        report=bool(report),
    )


@dataclass
class Attached(Part):
    """An attachment part that knows whether it is the unit's report (and under which decoded name)."""

    report_name: str | None = field(default=None)


def attached(content_type: str, data: bytes, disposition: str, *, report_name: str | None = None,
             cte: str = "base64", extra: tuple[tuple[str, str], ...] = ()) -> Attached:
    from .mime import b64_lines

    headers = [("Content-Type", content_type)]
    if disposition:
        headers.append(("Content-Disposition", disposition))
    headers.append(("Content-Transfer-Encoding", cte))
    body = b64_lines(data).encode() if cte == "base64" else data
    return Attached([*headers, *extra], body, report_name=report_name)
