"""What every message of the corpus shares: the commune, its units, the reminders dondoc sent
them at 07:30 on Monday 16 March 2026, and how a case is written down."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .mime import digest, strip_marks

DONDOC = "dondoc@xa.example.vn"
DONDOC_NAME = "Đôn đốc - Ban Chỉ đạo chuyển đổi số xã Hòa An"
MX = "mx.xa.example.vn"
STRANGER = "hoangminhtuan.1986@gmail.com"  # the harness's outsider (also in bench/mailcorpus.py)
REMINDER_DATE = "Mon, 16 Mar 2026 07:30:00 +0700"
ARRIVAL = "Mon, 16 Mar 2026 08:31:07 +0700 (+07)"

# The digests of tests/corpus/plan.yaml at 2026-03-16 07:30 (their tokens are those of the
# harness's secret; in bodies they are inert text, in header fields the placeholders are used).
SUBJECTS = {
    "vp": "[15/KH-UBND] Nhắc việc quá hạn: 5 nội dung, 2 quá hạn - 16/03/2026 [#74fg65m43l3ww3ya]",
    "vhxh": "[15/KH-UBND] Nhắc việc quá hạn: 4 nội dung, 1 quá hạn - 16/03/2026 [#pk2iqwk4xbr4efsf]",
    "kinh-te": "[15/KH-UBND] Nhắc việc: 1 nội dung - 16/03/2026 [#5eq67ht4et3sz44h]",
    "committee": "[15/KH-UBND] Tổng hợp nội dung quá hạn: 2 nội dung, 1 đơn vị - 16/03/2026 [#b2q4betebfc2lvot]",
}
TOKENS = {name: subject[-17:-1] for name, subject in SUBJECTS.items()}
SENT_IDS = {
    "vp": "<ff0a6f759c9d86971befd578b7b00c52@xa.example.vn>",
    "vhxh": "<7ab488595c306ff9469d6aa561b458b5@xa.example.vn>",
    "kinh-te": "<e921ef9e7cd31042a5048ad4ae4d42e5@xa.example.vn>",
    "committee": "<0ea1c09264afd6856a772b64b904732f@xa.example.vn>",
}


@dataclass(frozen=True)
class Unit:
    key: str  # the placeholder name: vp | vhxh | kinh-te | committee
    name: str
    address: str
    person: str
    title: str
    phone: str
    greeting: str  # how the reminder greets it


UNITS = {
    "vp": Unit(
        "vp", "Văn phòng HĐND và UBND", "vanphong@xa.example.vn", "Nguyễn Thị Lan",
        "Chuyên viên Văn phòng HĐND và UBND xã", "0912.345.678", "Văn phòng HĐND và UBND",
    ),
    "vhxh": Unit(
        "vhxh", "Phòng Văn hóa - Xã hội", "vhxh@xa.example.vn", "Đỗ Minh Tuấn",
        "Công chức Văn hóa - Xã hội", "0983.112.456", "Phòng Văn hóa - Xã hội",
    ),
    "kinh-te": Unit(
        "kinh-te", "Phòng Kinh tế", "kinhte@xa.example.vn", "Lê Văn Dũng",
        "Phó Trưởng phòng Kinh tế", "0978.220.915", "Phòng Kinh tế",
    ),
    "committee": Unit(
        "committee", "Ban Chỉ đạo chuyển đổi số xã Hòa An", "chutich@xa.example.vn", "Nguyễn Văn Hùng",
        "Chủ tịch UBND xã, Trưởng Ban Chỉ đạo", "0903.456.789", "Ban Chỉ đạo chuyển đổi số xã Hòa An",
    ),
}
GMAIL_VHXH = "vhxh.xa@gmail.com"  # vhxh's second address

_FOOT = "Thư này được gửi tự động bởi dondoc thay mặt Ban Chỉ đạo chuyển đổi số xã Hòa An (15/KH-UBND)."
_HOW = "Cách báo cáo: trả lời thư này, mỗi nội dung một dòng, mã nhiệm vụ ở đầu dòng, ví dụ:"
_PLAN = "Nhắc việc theo Kế hoạch triển khai chuyển đổi số và Đề án 06 trên địa bàn xã năm 2026:"
MARKER = "— Vui lòng trả lời phía trên dòng này —"

REMINDERS = {
    "vp": f"""{MARKER}

Kính gửi Văn phòng HĐND và UBND,

{_PLAN}

QUÁ HẠN
• [IV.1.1] Kiện toàn Ban Chỉ đạo chuyển đổi số xã
  Hạn: 27/02/2026, quá hạn 11 ngày làm việc · vai trò: chủ trì

• [IV.2.3] Đăng tin, bài tuyên truyền về chuyển đổi số trên Trang thông tin điện tử xã (kỳ 2026-02)
  Hạn: 02/03/2026 (hạn ban đầu 28/02/2026), quá hạn 10 ngày làm việc · vai trò: chủ trì


SẮP ĐẾN HẠN
• [IV.1.2] Ban hành Quy chế hoạt động của Ban Chỉ đạo
  Hạn: 18/03/2026, còn 2 ngày làm việc · vai trò: chủ trì

• [IV.6] Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực
  Hạn: 20/03/2026, còn 4 ngày làm việc · vai trò: chủ trì

• [IV.1.10] Rà soát, công khai danh mục thủ tục hành chính thực hiện trực tuyến toàn trình
  Hạn: 25/03/2026, còn 7 ngày làm việc · vai trò: chủ trì


{_HOW}
    » IV.1.1 hoàn thành - đã ban hành văn bản số ...
    » IV.2.3 60 phần trăm - đang triển khai ...
    » IV.1.1 xin gia hạn đến ngày ... - lý do ...
(bỏ dấu » khi viết; có thể viết không dấu).

{_FOOT}""",
    "vhxh": f"""{MARKER}

Kính gửi Phòng Văn hóa - Xã hội,

{_PLAN}

QUÁ HẠN
• [IV.3.2] Tổ chức tập huấn kỹ năng số cơ bản cho người dân (Tổ công nghệ số cộng đồng)
  Hạn: 13/03/2026, quá hạn 1 ngày làm việc · vai trò: chủ trì


SẮP ĐẾN HẠN
• [IV.1.2] Ban hành Quy chế hoạt động của Ban Chỉ đạo
  Hạn: 18/03/2026, còn 2 ngày làm việc · vai trò: phối hợp

• [IV.4.1] Hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến tại Bộ phận Một cửa
  Hạn: 19/03/2026, còn 3 ngày làm việc · vai trò: chủ trì

• [IV.6] Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực
  Hạn: 20/03/2026, còn 4 ngày làm việc · vai trò: phối hợp


{_HOW}
    » IV.3.2 hoàn thành - đã ban hành văn bản số ...
    » IV.1.2 60 phần trăm - đang triển khai ...
    » IV.3.2 xin gia hạn đến ngày ... - lý do ...
(bỏ dấu » khi viết; có thể viết không dấu).

{_FOOT}""",
    "kinh-te": f"""{MARKER}

Kính gửi Phòng Kinh tế,

{_PLAN}

SẮP ĐẾN HẠN
• [IV.10] Hỗ trợ hộ kinh doanh, hợp tác xã đưa sản phẩm OCOP lên sàn thương mại điện tử
  Hạn: 20/03/2026, còn 4 ngày làm việc · vai trò: chủ trì


{_HOW}
    » IV.10 hoàn thành - đã ban hành văn bản số ...
    » IV.10 xin gia hạn đến ngày ... - lý do ...
(bỏ dấu » khi viết; có thể viết không dấu).

{_FOOT}""",
    "committee": f"""{MARKER}

Kính gửi Ban Chỉ đạo chuyển đổi số xã Hòa An,

Đến ngày 16/03/2026, 2 nội dung của Kế hoạch triển khai chuyển đổi số và Đề án 06 trên địa bàn xã năm 2026 đã quá hạn và đã được nhắc đơn vị, người đứng đầu đơn vị mà chưa hoàn thành:

VĂN PHÒNG HĐND VÀ UBND (2)
• [IV.1.1] Kiện toàn Ban Chỉ đạo chuyển đổi số xã
  Hạn: 27/02/2026, quá hạn 11 ngày làm việc
  Chưa nhận được báo cáo nào

• [IV.2.3] Đăng tin, bài tuyên truyền về chuyển đổi số trên Trang thông tin điện tử xã (kỳ 2026-02)
  Hạn: 02/03/2026 (hạn ban đầu 28/02/2026), quá hạn 10 ngày làm việc
  Chưa nhận được báo cáo nào


{_FOOT}""",
}

_ROWS = {
    "vp": [
        ("Quá hạn", "IV.1.1", "Kiện toàn Ban Chỉ đạo chuyển đổi số xã", "Hạn 27/02/2026 · quá hạn 11 ngày làm việc · chủ trì"),
        ("Quá hạn", "IV.2.3", "Đăng tin, bài tuyên truyền về chuyển đổi số trên Trang thông tin điện tử xã (kỳ 2026-02)",
         "Hạn 02/03/2026 (hạn ban đầu 28/02/2026) · quá hạn 10 ngày làm việc · chủ trì"),
        ("Sắp đến hạn", "IV.1.2", "Ban hành Quy chế hoạt động của Ban Chỉ đạo", "Hạn 18/03/2026 · còn 2 ngày làm việc · chủ trì"),
        ("Sắp đến hạn", "IV.6", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
         "Hạn 20/03/2026 · còn 4 ngày làm việc · chủ trì"),
        ("Sắp đến hạn", "IV.1.10", "Rà soát, công khai danh mục thủ tục hành chính thực hiện trực tuyến toàn trình",
         "Hạn 25/03/2026 · còn 7 ngày làm việc · chủ trì"),
    ],
    "vhxh": [
        ("Quá hạn", "IV.3.2", "Tổ chức tập huấn kỹ năng số cơ bản cho người dân (Tổ công nghệ số cộng đồng)",
         "Hạn 13/03/2026 · quá hạn 1 ngày làm việc · chủ trì"),
        ("Sắp đến hạn", "IV.1.2", "Ban hành Quy chế hoạt động của Ban Chỉ đạo", "Hạn 18/03/2026 · còn 2 ngày làm việc · phối hợp"),
        ("Sắp đến hạn", "IV.4.1", "Hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến tại Bộ phận Một cửa",
         "Hạn 19/03/2026 · còn 3 ngày làm việc · chủ trì"),
        ("Sắp đến hạn", "IV.6", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
         "Hạn 20/03/2026 · còn 4 ngày làm việc · phối hợp"),
    ],
    "kinh-te": [
        ("Sắp đến hạn", "IV.10", "Hỗ trợ hộ kinh doanh, hợp tác xã đưa sản phẩm OCOP lên sàn thương mại điện tử",
         "Hạn 20/03/2026 · còn 4 ngày làm việc · chủ trì"),
    ],
    "committee": [
        ("Văn phòng HĐND và UBND (2)", "IV.1.1", "Kiện toàn Ban Chỉ đạo chuyển đổi số xã",
         "Hạn 27/02/2026 · quá hạn 11 ngày làm việc · chưa nhận được báo cáo nào"),
        ("Văn phòng HĐND và UBND (2)", "IV.2.3",
         "Đăng tin, bài tuyên truyền về chuyển đổi số trên Trang thông tin điện tử xã (kỳ 2026-02)",
         "Hạn 02/03/2026 · quá hạn 10 ngày làm việc · chưa nhận được báo cáo nào"),
    ],
}


def reminder_html(unit: str) -> str:
    """The HTML alternative of a digest, as dondoc renders it (what HTML replies quote)."""
    out = [
        f'<p style="color:#888;font-size:12px">{MARKER}</p>',
        f"<p>Kính gửi {UNITS[unit].greeting},</p>",
        "<p>Nhắc việc theo <b>Kế hoạch triển khai chuyển đổi số và Đề án 06 trên địa bàn xã năm 2026</b>:</p>",
    ]
    section = ""
    for head, code, title, when in _ROWS[unit]:
        if head != section:
            if section:
                out.append("</table>")
            out.append(f'<h3 style="font-size:16px;margin:18px 0 6px;color:#333">{head}</h3>')
            out.append('<table cellpadding="6" style="border-collapse:collapse;width:100%">')
            section = head
        out.append(
            f'<tr style="border-top:1px solid #ddd"><td style="white-space:nowrap;vertical-align:top"><b>{code}</b></td>'
            f'\n<td>{title}<br>\n<span style="color:#555">{when}</span>\n</td></tr>'
        )
    out.append("</table>")
    if unit != "committee":
        out.append('<p style="margin-top:18px">' + _HOW + "</p>")
        first = _ROWS[unit][0][1]
        out.append(
            '<p style="font-family:monospace;background:#f4f4f4;padding:8px">'
            f"» {first} hoàn thành - đã ban hành văn bản số ...<br>» {first} xin gia hạn đến ngày ... - lý do ...</p>"
        )
    out.append(f'<p style="color:#888;font-size:12px;margin-top:24px">{_FOOT}</p>')
    return "\n".join(out)


# ---------------------------------------------------------------- update lines


@dataclass(frozen=True)
class Line:
    """One line a unit writes, and what dondoc must record from it."""

    text: str
    item: dict[str, Any]


def _status(code: str, state: str, progress: int | None = None, note: str = "", *, period: str = "") -> dict[str, Any]:
    item: dict[str, Any] = {"code": code, "kind": "status", "state": state}
    if state == "done":
        item["progress"] = 100
    elif progress is not None:
        item["progress"] = progress
    if note:
        item["note"] = note
    if period:
        item["period"] = period
    return item


FEB = "2026-02"  # IV.2.3's overdue period named in vp's reminder

NEW_LINES: dict[str, list[Line]] = {
    "vp": [
        Line("IV.1.1: hoàn thành - đã ban hành Quyết định số 15/QĐ-UBND ngày 12/3/2026",
             _status("IV.1.1", "done", note="đã ban hành Quyết định số 15/QĐ-UBND ngày 12/3/2026")),
        Line("IV.1.2: 80% - đang lấy ý kiến các thành viên Ban Chỉ đạo",
             _status("IV.1.2", "in_progress", 80, "đang lấy ý kiến các thành viên Ban Chỉ đạo")),
        Line("IV.1.10: chưa thực hiện", _status("IV.1.10", "not_started")),
        Line("IV.2.3: 70% - đã đăng 11 tin bài trên Trang thông tin điện tử",
             _status("IV.2.3", "in_progress", 70, "đã đăng 11 tin bài trên Trang thông tin điện tử", period=FEB)),
        Line("IV.6: xin gia hạn đến 30/6/2026 - máy quét của Bộ phận Một cửa bị hỏng",
             {"code": "IV.6", "kind": "extension", "until": "2026-06-30", "note": "máy quét của Bộ phận Một cửa bị hỏng"}),
        Line("IV.6: vướng mắc - chưa bố trí được kinh phí thuê số hóa",
             _status("IV.6", "blocked", note="chưa bố trí được kinh phí thuê số hóa")),
        Line("IV.1.2 - đang thực hiện", _status("IV.1.2", "in_progress")),
        Line("IV.1.10: 25%", _status("IV.1.10", "in_progress", 25)),
        Line("IV.2.3: hoàn thành", _status("IV.2.3", "done", period=FEB)),
    ],
    "vhxh": [
        Line("IV.3.2: hoàn thành - đã tập huấn cho 320 lượt người dân",
             _status("IV.3.2", "done", note="đã tập huấn cho 320 lượt người dân")),
        Line("IV.4.1: 75% - đã hướng dẫn 180 lượt hồ sơ trực tuyến",
             _status("IV.4.1", "in_progress", 75, "đã hướng dẫn 180 lượt hồ sơ trực tuyến")),
        Line("IV.1.2: đang thực hiện - đã góp ý dự thảo Quy chế",
             _status("IV.1.2", "in_progress", note="đã góp ý dự thảo Quy chế")),
        Line("CT-01: 1.250", {"code": "CT-01", "kind": "value", "value": 1250}),
        Line("CT-5G: 72%", {"code": "CT-5G", "kind": "value", "value": 72}),
        Line("IV.6: đang thực hiện - đã số hóa 900 hồ sơ lĩnh vực văn hóa, xã hội",
             _status("IV.6", "in_progress", note="đã số hóa 900 hồ sơ lĩnh vực văn hóa, xã hội")),
        Line("IV.4.1: vướng mắc - đường truyền tại Bộ phận Một cửa chập chờn",
             _status("IV.4.1", "blocked", note="đường truyền tại Bộ phận Một cửa chập chờn")),
    ],
    "kinh-te": [
        Line("IV.10: 80% - đã có 6 HTX đưa sản phẩm lên sàn Postmart",
             _status("IV.10", "in_progress", 80, "đã có 6 HTX đưa sản phẩm lên sàn Postmart")),
        Line("Đã hoàn thành.", _status("IV.10", "done")),
        Line("Tiến độ: 90%", _status("IV.10", "in_progress", 90)),
        Line("IV.10: hoàn thành - 8 HTX đã có gian hàng trên sàn",
             _status("IV.10", "done", note="8 HTX đã có gian hàng trên sàn")),
        Line("IV.10: xin gia hạn đến 15/4/2026 - chờ Sở Công Thương tổ chức tập huấn",
             {"code": "IV.10", "kind": "extension", "until": "2026-04-15", "note": "chờ Sở Công Thương tổ chức tập huấn"}),
    ],
    "committee": [
        Line("Đồng ý gia hạn IV.6 đến 15/7/2026.",
             {"unit": "vp", "code": "IV.6", "kind": "approval", "approved": True, "until": "2026-07-15"}),
        Line("Không đồng ý gia hạn IV.6.", {"unit": "vp", "code": "IV.6", "kind": "approval", "approved": False}),
        Line("Đồng ý gia hạn IV.1.10 đến 10/4/2026",
             {"unit": "vp", "code": "IV.1.10", "kind": "approval", "approved": True, "until": "2026-04-10"}),
    ],
}

# What the unit wrote in its first answer of the morning (08:05), quoted when it answers again.
OLD_LINES: dict[str, list[str]] = {
    "vp": ["IV.1.2: 40% - đã dự thảo Quy chế, chờ góp ý", "IV.2.3: 30% - đã đăng 4 tin bài"],
    "vhxh": ["IV.4.1: 40% - đã hướng dẫn 90 lượt hồ sơ", "IV.3.2: 60% - đã tập huấn 4 thôn"],
    "kinh-te": ["IV.10: 45% - đã có 3 HTX lên sàn"],
    "committee": ["Đồng ý gia hạn IV.1.10 đến 31/3/2026."],
}


def variant(line: Line, form: str) -> Line:
    """The line as typed: ``vi`` (NFC), ``ascii`` (no diacritics), ``nfd`` (decomposed)."""
    if form == "ascii":
        item = {k: strip_marks(v) if k == "note" else v for k, v in line.item.items()}
        return Line(strip_marks(line.text), item)
    if form == "nfd":
        return Line(unicodedata.normalize("NFD", line.text), line.item)
    return line


# ---------------------------------------------------------------- cases


def automatic(reason: str) -> dict[str, Any]:
    """Automatic mail: kept in quarantine for that reason, never answered, nothing recorded."""
    return {"outcome": "quarantined", "reason": reason, "reply": "none", "items": []}


UNKNOWN = {"outcome": "quarantined", "reason": "unknown_sender", "reply": "none", "items": []}


def recorded(items: list[dict[str, Any]], report: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"outcome": "recorded", "reply": "ack", "items": list(items)}
    if report:
        out["items"].append({"code": "report", "kind": "report", "period": "2026-H1", "files": report})
    return out


@dataclass
class Case:
    file: str
    category: str  # dsn | auto-reply | feedback | mdn | list | reply | attack
    family: str  # the MTA, mail client or service that wrote it
    language: str
    shape: str  # how it is built (MIME structure, quoting, encoding)
    what: str
    answers: str  # whose digest it answers: vp | vhxh | kinh-te | committee
    raw: bytes
    unit: dict[str, Any]
    stranger: dict[str, Any]
    quoted: list[str] = field(default_factory=list)
    report: bool = False  # whether one of its attachments is a report document
    fixed: bool = False  # the From is the attack itself: never rewritten
    heavy: bool = False  # too big for the everyday run

    def entry(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file,
            "category": self.category,
            "family": self.family,
            "language": self.language,
            "shape": self.shape,
            "what": self.what,
            "answers": self.answers,
            "unit": self.unit,
            "stranger": self.stranger,
        }
        if self.quoted:
            out["quoted"] = self.quoted
        return out


def rng(*seed: object) -> random.Random:
    return random.Random(digest(*seed))


def received(by: str, frm: str, ip: str, rcpt: str, ident: str, proto: str = "ESMTPS") -> str:
    """Our MX's Received field for a message handed to it."""
    return f"from {frm} ({frm} [{ip}])\n\tby {by} (Postfix) with {proto} id {ident}\n\tfor <{rcpt}>; {ARRIVAL}"


def postfix_id(*seed: object) -> str:
    alphabet = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz"
    h = int(digest(*seed, length=24), 16)
    out = "4fK2"
    for _ in range(9):
        h, r = divmod(h, len(alphabet))
        out += alphabet[r]
    return out
