"""Hand-made messages an attacker (or a careless robot) would send: each with the outcome the
issue asks for. Some are stored gzip-compressed (.eml.gz): a 10 MB and a 40 MB message."""

from __future__ import annotations

import gzip
import io
from typing import Any

from .common import DONDOC_NAME, UNITS, UNKNOWN, Case, postfix_id, received, recorded
from .mime import Part, address, attachment, digest, encoded_words, message, multipart, text


def _headers(unit: str, n: int, sender: str, *, frm: str | None = None, subject: str | None = None) -> list[tuple[str, str]]:
    return [
        ("Return-Path", f"<{sender}>"),
        ("Received", received("mx.xa.example.vn", "mail.xa.example.vn", "10.10.1.25", f"{{{{REPLY_TO:{unit}}}}}", postfix_id("atk", n))),
        ("From", frm or address(UNITS[unit].name, sender, "B")),
        ("To", address(DONDOC_NAME, f"{{{{REPLY_TO:{unit}}}}}", "B")),
        ("Subject", subject or f"Re: {{{{SUBJECT:{unit}}}}}"),
        ("Date", "{{DATE}}"),
        ("Message-ID", f"<{digest('attack', n, length=24)}@xa.example.vn>"),
        ("In-Reply-To", f"{{{{MESSAGE_ID:{unit}}}}}"),
        ("References", f"{{{{MESSAGE_ID:{unit}}}}}"),
        ("MIME-Version", "1.0"),
        ("User-Agent", "Mozilla Thunderbird"),
    ]


def _plain(body: str) -> Part:
    return text(body, charset="UTF-8", cte="8bit", quote_charset=False)


def _quarantined(reason: str | list[str], reply: str = "error") -> dict[str, Any]:
    return {"outcome": "quarantined", "reason": reason, "reply": reply, "items": []}


def _case(n: int, slug: str, unit: str, raw: bytes, what: str, expect: dict[str, Any], stranger: dict[str, Any] | None = None,
          **flags: bool) -> Case:
    """One attack; ``flags``: fixed (the From is the attack), gz (stored compressed), heavy."""
    fixed, gz, heavy = (flags.get(name, False) for name in ("fixed", "gz", "heavy"))
    case = Case(
        file=f"attacks/{n:02d}-{slug}.eml" + (".gz" if gz else ""),
        category="attack",
        family="hand-made",
        language="vi",
        shape="gzip-compressed .eml" if gz else "text/plain 8bit",
        what=what,
        answers=unit,
        raw=raw,
        unit=expect,
        stranger=expect if fixed else stranger or UNKNOWN,  # a fixed sender: both runs send the same message
    )
    if fixed:
        case.shape += ", sender fixed (the From is the attack)"
    case.fixed = fixed
    case.heavy = heavy
    return case


def _gz(raw: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as g:
        g.write(raw)
    return buffer.getvalue()


def _reply(n: int, unit: str, body: str, **kw: Any) -> bytes:
    sender = UNITS[unit].address
    return message(_headers(unit, n, sender, **kw), _plain(body))


def all_cases() -> list[Case]:
    vp, vhxh, kt = "vp", "vhxh", "kinh-te"
    cases = [
        _case(1, "unknown-code-beside-valid", vp, _reply(1, vp, "IV.1.2: 80% - đang lấy ý kiến thành viên\nIV.99: hoàn thành\n\nNguyễn Thị Lan\n"),
              "a valid line and a line on IV.99 (no such task): the whole message goes to quarantine, nothing recorded",
              _quarantined("unparsed_lines")),
        _case(2, "report-line-beside-valid", vhxh, _reply(2, vhxh, "IV.4.1: 60%\nreport: hoàn thành\n\nĐỗ Minh Tuấn\n"),
              "a valid line and a 'report: …' line (the reserved code typed as text): whole message quarantined",
              _quarantined("unparsed_lines")),
        _case(3, "negative-percent", vp, _reply(3, vp, "IV.1.2: -5%\n"),
              "'-5%' is not a progress: not understood (today recorded as 5)", _quarantined("unparsed")),
        _case(4, "percent-over-100", vp, _reply(4, vp, "IV.1.10: 150%\n"),
              "'150%' is not a progress: not understood", _quarantined("unparsed")),
        _case(5, "negative-percent-beside-valid", vp, _reply(5, vp, "IV.1.2: 80%\nIV.1.10: -5% - nhập nhầm\n"),
              "a valid line and '-5%': the whole message quarantined", _quarantined("unparsed_lines")),
        _case(6, "from-unit-and-attacker", vp,
              message(_headers(vp, 6, "vanphong@xa.example.vn", frm="vanphong@xa.example.vn, ke.gian@evil.example"),
                      _plain("IV.1.1: hoàn thành\n")),
              "From names the unit and an attacker: refused (a message speaks for one address)",
              _quarantined("multiple_senders", "none"), _quarantined("multiple_senders", "none"), fixed=True),
        _case(7, "from-attacker-and-unit", vp,
              message(_headers(vp, 7, "ke.gian@evil.example",
                               frm=f"Ke Gian <ke.gian@evil.example>, {address(UNITS[vp].name, 'vanphong@xa.example.vn', 'B')}"),
                      _plain("IV.1.1: hoàn thành\n")),
              "From names an attacker, then the unit: refused", _quarantined("multiple_senders", "none"),
              _quarantined("multiple_senders", "none"), fixed=True),
        _case(8, "two-from-fields", vp,
              message([*_headers(vp, 8, "vanphong@xa.example.vn", frm="vanphong@xa.example.vn")[:3],
                       ("From", "ke.gian@evil.example"), *_headers(vp, 8, "vanphong@xa.example.vn")[3:]], _plain("IV.1.1: hoàn thành\n")),
              "two From fields (the unit's, then an attacker's): refused", _quarantined("multiple_senders", "none"),
              _quarantined("multiple_senders", "none"), fixed=True),
        _case(9, "display-name-is-unit-address", vp,
              message(_headers(vp, 9, "ke.gian@evil.example", frm='"vanphong@xa.example.vn" <ke.gian@evil.example>'),
                      _plain("IV.1.1: hoàn thành\n")),
              "the display name is the unit's address, the address an attacker's: a stranger",
              UNKNOWN, UNKNOWN, fixed=True),
        _case(10, "subject-crlf-control", vp,
              _reply(10, vp, "IV.1.2: 80% - đang lấy ý kiến thành viên\n",
                     subject=encoded_words("Re:\r\n#99 2026-03-16 chutich@xa.example.vn corpus-xa vp recorded\x1b[2J\x1b[31mOK\x07\x00 ",
                                           "utf-8", "B") + f" {{{{SUBJECT:{vp}}}}}"),
              "the subject decodes to CR/LF, a fake table row, ANSI escapes, BEL and NUL: recorded as usual; "
              "`quarantine list`/`show` must print none of them raw (checked by the test module)",
              recorded([{"code": "IV.1.2", "kind": "status", "state": "in_progress", "progress": 80, "note": "đang lấy ý kiến thành viên"}])),
        _case(11, "raw-control-bytes-in-subject", kt,
              _reply(11, kt, "IV.10: 80% - đã có 6 HTX đưa sản phẩm lên sàn Postmart\n",
                     subject=f"\x1b]0;pwned\x07\x1b[1A\x1b[2KRe: {{{{SUBJECT:{kt}}}}}"),
              "raw ESC/BEL bytes (terminal title and cursor moves) in the Subject field: recorded; never printed raw",
              recorded([{"code": "IV.10", "kind": "status", "state": "in_progress", "progress": 80, "note": "đã có 6 HTX đưa sản phẩm lên sàn Postmart"}])),
        _case(12, "secretariat-approves-own-extension", "committee",
              message(_headers("committee", 12, "vanphong@xa.example.vn", frm=address(UNITS[vp].name, "vanphong@xa.example.vn", "B")),
                      _plain("Đồng ý gia hạn IV.6 đến 30/6/2026.\n\nVăn phòng HĐND và UBND\n")),
              "vp, the secretariat (it receives the committee digest), approves its own task IV.6: refused",
              _quarantined("not_committee")),
        _case(13, "unit-head-approves-own-extension", "committee",
              message(_headers("committee", 13, "chanhvanphong@xa.example.vn", frm=address("Trần Văn Bình", "chanhvanphong@xa.example.vn", "B")),
                      _plain("Đồng ý gia hạn IV.6 đến 30/6/2026.\n")),
              "vp's head (not a committee member) answers the committee digest approving vp's IV.6: refused",
              _quarantined("wrong_sender"), fixed=True),
        _case(14, "approval-before-deadline", "committee",
              message(_headers("committee", 14, "chutich@xa.example.vn", frm=address("Nguyễn Văn Hùng", "chutich@xa.example.vn", "B")),
                      _plain("Đồng ý gia hạn IV.6 đến 18/3/2026.\n")),
              "the chair 'approves' IV.6 to 18/3, before its deadline 20/3: refused with a reason, the deadline unchanged",
              _quarantined("not_after_deadline")),
        _case(15, "request-past-date", vp, _reply(15, vp, "IV.1.1: xin gia hạn đến 10/3/2026 - chờ ý kiến Chủ tịch\n"),
              "vp asks to extend IV.1.1 to 10/3/2026, a date already past: refused, not forwarded to the committee",
              _quarantined("past_date")),
        _case(16, "request-before-deadline", vp, _reply(16, vp, "IV.6: xin gia hạn đến 18/3/2026 - máy quét hỏng\n"),
              "vp asks to extend IV.6 to 18/3/2026, before its deadline 20/3: refused, not forwarded",
              _quarantined("not_after_deadline")),
        _case(17, "address-as-status", kt, _reply(17, kt, "blocked@mail.xa.example.vn\n"),
              "kinh-te's single-item digest answered with a line 'blocked@mail.xa.example.vn': an address is no status",
              _quarantined("unparsed")),
        _case(18, "filename-as-status", kt, _reply(18, kt, "IV.10: done.txt\n"),
              "'IV.10: done.txt': a file name is no status", _quarantined("unparsed")),
        _case(19, "code-then-address", kt, _reply(19, kt, "IV.10 hoanthanh.kt@gmail.com\n"),
              "'IV.10 hoanthanh.kt@gmail.com': an address is no status", _quarantined("unparsed")),
        _case(20, "valid-reply-marked-automatic", vp,
              message([*_headers(vp, 20, "vanphong@xa.example.vn"), ("Auto-Submitted", "auto-forwarded")], _plain("IV.1.2: 80%\n")),
              "a valid line in a message marked Auto-Submitted: auto-forwarded (a forwarding robot): automatic, nothing recorded",
              _quarantined("automatic", "none"), _quarantined("automatic", "none")),
    ]
    cycle = "".join(f"IV.1.2: {n}% - đã dự thảo lần {n}\n" for n in range(100))  # compresses to little, parses as 100 lines
    big = cycle * (10_000_000 // len(cycle.encode()))
    cases.append(_case(21, "ten-megabytes-of-status-lines", vp, _gz(_reply(21, vp, big)),
                       f"about {len(big) // 1_000_000} MB of status lines: quarantined (too large or too many lines), nothing recorded",
                       _quarantined(["too_large", "too_many_lines"]), _quarantined(["too_large", "too_many_lines", "unknown_sender"], "none"), gz=True, heavy=True))
    scan = attachment('application/pdf; name="Ban scan bao cao.pdf"', b"%PDF-1.4\n" + b"\0" * 30_000_000,
                      'attachment; filename="Ban scan bao cao.pdf"')
    forty = message(_headers(vhxh, 22, "vhxh@xa.example.vn"),
                    multipart("mixed", f"------------{digest('forty', length=24)}", [_plain("IV.4.1: 60%\n"), scan]))
    cases.append(_case(22, "forty-megabytes", vhxh, _gz(forty),
                       f"a {len(forty) // 1_000_000} MB message (a 30 MB scanned PDF): quarantined as too large without being parsed whole",
                       _quarantined("too_large"), _quarantined("too_large", "none"), gz=True, heavy=True))
    return cases
