"""The digest dondoc sent, as a bounce or a report carries it back (headers, or the whole message)."""

from __future__ import annotations

import textwrap

from .common import DONDOC, DONDOC_NAME, MX, REMINDERS, SENT_IDS, SUBJECTS, TOKENS, UNITS, postfix_id, reminder_html
from .mime import b64_lines, encoded_words

RECIPIENTS = {
    "vp": "vanphong@xa.example.vn",
    "vhxh": "vhxh@xa.example.vn, vhxh.xa@gmail.com",
    "kinh-te": "kinhte@xa.example.vn",
    "committee": "chutich@xa.example.vn, lethimai.pct@xa.example.vn, vanphong@xa.example.vn",
}
_BOUNDARY = {
    "vp": "aff0a6f759c9d86971befd578",
    "vhxh": "a7ab488595c306ff9469d6aa5",
    "kinh-te": "ae921ef9e7cd31042a5048ad4",
    "committee": "a0ea1c09264afd6856a772b64",
}
_KEYS = {
    "vp": "digest:corpus-xa:unit:vp:2026-03-16:e3dd06bfaff9",
    "vhxh": "digest:corpus-xa:unit:vhxh:2026-03-16:acfc14760cbb",
    "kinh-te": "digest:corpus-xa:unit:kinh-te:2026-03-16:a97d557f67f5",
    "committee": "digest:corpus-xa:committee:2026-03-16:ff7af22518c0",
}


def header_block(unit: str, *, received: bool = True, to: str | None = None, literal: bool = False) -> str:
    """The header fields of the digest, as a DSN's text/rfc822-headers or returned message shows them.
    ``literal``: with the digest's real values instead of placeholders (inside an encoded body,
    where a placeholder could be split by a soft line break and is never looked at)."""
    name = encoded_words(DONDOC_NAME, "utf-8", "B", width=200)
    if literal:
        return header_block(unit, received=received, to=to).replace(f"{{{{REPLY_TO:{unit}}}}}", f"dondoc+{TOKENS[unit]}@xa.example.vn") \
            .replace(f"{{{{SUBJECT:{unit}}}}}", encoded_words(SUBJECTS[unit], "utf-8", "B")) \
            .replace(f"{{{{MESSAGE_ID:{unit}}}}}", SENT_IDS[unit])
    lines = []
    if received:
        qid = postfix_id("orig", unit)
        lines += [
            f"Return-Path: <{DONDOC}>",
            "Received: from localhost (localhost [127.0.0.1])",
            f"\tby {MX} (Postfix) with ESMTP id {qid}",
            "\tfor <" + (to or RECIPIENTS[unit]).split(",")[0] + ">; Mon, 16 Mar 2026 07:30:02 +0700 (+07)",
        ]
    lines += [
        f"From: {name} <{DONDOC}>",
        f"Reply-To: {name} <{{{{REPLY_TO:{unit}}}}}>",
        f"To: {to or RECIPIENTS[unit]}",
        f"Subject: {{{{SUBJECT:{unit}}}}}",
        "Date: Mon, 16 Mar 2026 07:30:00 +0700",
        f"Message-ID: {{{{MESSAGE_ID:{unit}}}}}",
        "Auto-Submitted: auto-generated",
        "X-Auto-Response-Suppress: All",
        f"X-Dondoc-Key: {_KEYS[unit]}",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{_BOUNDARY[unit]}"',
    ]
    return "\n".join(lines) + "\n"


def html_document(unit: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width"></head>\n<body style="font-family:Arial,Helvetica,sans-serif;'
        'font-size:15px;line-height:1.4;color:#222;max-width:640px">\n' + reminder_html(unit) + "\n</body></html>\n"
    )


def body(unit: str) -> str:
    """The digest's MIME body (after its header fields), base64 as dondoc writes it."""
    b = _BOUNDARY[unit]
    plain = b64_lines((REMINDERS[unit] + "\n").encode())
    html = b64_lines(html_document(unit).encode())
    return (
        f"\n--{b}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{plain}"
        f"--{b}\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{html}--{b}--\n"
    )


def whole(unit: str, *, received: bool = True, to: str | None = None) -> str:
    return header_block(unit, received=received, to=to) + body(unit)


def reminder_text(unit: str, width: int = 0) -> str:
    """The digest's text as some bounces print the returned message (decoded, maybe re-wrapped)."""
    if not width:
        return REMINDERS[unit]
    out = []
    for line in REMINDERS[unit].split("\n"):
        out += textwrap.wrap(line, width, subsequent_indent="", break_long_words=False) or [""]
    return "\n".join(out)


def greeting(unit: str) -> str:
    return UNITS[unit].greeting
