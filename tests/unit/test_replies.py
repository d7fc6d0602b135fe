"""Reading replies: body extraction, quote and signature stripping, and the update lines (docs/reply-format.md)."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from dondoc.engine.quotes import fresh_text
from dondoc.engine.replies import Item, Parsed, Unknown, fold, parse_date, parse_text

TASKS = ["IV.1.1", "IV.1.10", "IV.2.3", "IV.5", "IV.6", "1.1", "1.2", "III.2.1.a"]
TARGETS = ["CT-5G", "CT-01"]


def parse(text: str, single: str | None = None) -> Parsed:
    return parse_text(text, TASKS, TARGETS, single=single, year=2026)


def one(text: str, single: str | None = None) -> Item | Unknown:
    parsed = parse(text, single)
    found: list[Item | Unknown] = [*parsed.items, *parsed.unknown]
    assert len(found) == 1, parsed
    return found[0]


def item(text: str, single: str | None = None) -> Item:
    found = one(text, single)
    assert isinstance(found, Item), found
    return found


def reason(text: str, single: str | None = None) -> str:
    found = one(text, single)
    assert isinstance(found, Unknown), found
    return found.reason


def fields(found: Item, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(found, name) for name in names)


# ---------------------------------------------------------------- fold and dates


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Đã Hoàn Thành", "da hoan thanh"),
        (unicodedata.normalize("NFD", "Vướng mắc"), "vuong mac"),
        ("  tiến   độ\t60 %  ", "tien do 60 %"),
        ("ĐỀ XUẤT", "de xuat"),
    ],
)
def test_fold(text: str, key: str) -> None:
    assert fold(text) == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/6/2026", date(2026, 6, 30)),
        ("30-06-2026", date(2026, 6, 30)),
        ("30.6.2026", date(2026, 6, 30)),
        ("30/6/26", date(2026, 6, 30)),
        ("ngày 30 tháng 6 năm 2026", date(2026, 6, 30)),
        ("30 tháng 6 năm 2026", date(2026, 6, 30)),
        ("ngay 30 thang 6 nam 2026", date(2026, 6, 30)),
        (unicodedata.normalize("NFD", "Ngày 5 tháng 7 năm 2026"), date(2026, 7, 5)),
        ("2026-06-30", date(2026, 6, 30)),
        ("đến 1/7/2026 nhé", date(2026, 7, 1)),
        ("31/2/2026", None),
        ("32/1/2026", None),
        ("không có ngày", None),
        ("30/6", None),  # no year given and none assumed
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_a_date_without_a_year_takes_the_year_given() -> None:
    assert parse_date("30/6", year=2026) == date(2026, 6, 30)
    assert parse_date("ngày 30 tháng 6", year=2027) == date(2027, 6, 30)


# ---------------------------------------------------------------- statuses

STATUS = ("code", "kind", "state", "progress", "note")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the contract's examples
        (
            "IV.1.1: hoàn thành - đã ban hành Quyết định số 15/QĐ-BCĐ",
            ("IV.1.1", "status", "done", 100, "đã ban hành Quyết định số 15/QĐ-BCĐ"),
        ),
        ("IV.2.3: 60% - đã phát 12 bản tin", ("IV.2.3", "status", "in_progress", 60, "đã phát 12 bản tin")),
        (
            "IV.5: vướng mắc - chưa bố trí được kinh phí",
            ("IV.5", "status", "blocked", None, "chưa bố trí được kinh phí"),
        ),
        # every status word
        ("IV.1.1 đã hoàn thành", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 xong", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 đã xong", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 đã thực hiện xong", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 done", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 Completed", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 complete", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 finished", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 100%", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 100 phần trăm", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 đang thực hiện", ("IV.1.1", "status", "in_progress", None, "")),
        ("IV.1.1 đang triển khai", ("IV.1.1", "status", "in_progress", None, "")),
        ("IV.1.1 in progress", ("IV.1.1", "status", "in_progress", None, "")),
        ("IV.1.1 45 %", ("IV.1.1", "status", "in_progress", 45, "")),
        ("IV.1.1 45 phần trăm", ("IV.1.1", "status", "in_progress", 45, "")),
        ("IV.1.1 45 phan tram", ("IV.1.1", "status", "in_progress", 45, "")),
        ("IV.1.1 0%", ("IV.1.1", "status", "in_progress", 0, "")),
        ("IV.1.1 chưa thực hiện", ("IV.1.1", "status", "not_started", None, "")),
        ("IV.1.1 chưa triển khai", ("IV.1.1", "status", "not_started", None, "")),
        ("IV.1.1 not started", ("IV.1.1", "status", "not_started", None, "")),
        ("IV.5 khó khăn - thiếu người", ("IV.5", "status", "blocked", None, "thiếu người")),
        ("IV.5 gặp khó khăn do thiếu người", ("IV.5", "status", "blocked", None, "do thiếu người")),
        ("IV.5 blocked - no budget", ("IV.5", "status", "blocked", None, "no budget")),
        ("IV.5: vướng mắc: chưa có kinh phí", ("IV.5", "status", "blocked", None, "chưa có kinh phí")),
        # a second status word belongs to the note
        (
            "IV.5: vướng mắc: chưa thực hiện được do thiếu kinh phí",
            ("IV.5", "status", "blocked", None, "chưa thực hiện được do thiếu kinh phí"),
        ),
        # a percentage below 100 beats a done word
        ("IV.1.1: hoàn thành 60%", ("IV.1.1", "status", "in_progress", 60, "")),
        ("IV.1.1: đạt 60%", ("IV.1.1", "status", "in_progress", 60, "")),
        ("IV.1.1: đang thực hiện, đạt 75% - còn 2 thôn", ("IV.1.1", "status", "in_progress", 75, "còn 2 thôn")),
        ("IV.5: vướng mắc 30% - thiếu vốn", ("IV.5", "status", "blocked", 30, "thiếu vốn")),
        ("IV.1.1: 62,5%", ("IV.1.1", "status", "in_progress", 63, "")),
        # without diacritics, upper case, lower-case codes
        ("IV.1.1 hoan thanh", ("IV.1.1", "status", "done", 100, "")),
        ("iv.1.1 HOAN THANH - da ban hanh", ("IV.1.1", "status", "done", 100, "da ban hanh")),
        ("IV.5 vuong mac - chua co kinh phi", ("IV.5", "status", "blocked", None, "chua co kinh phi")),
        ("IV.1.1 dang trien khai", ("IV.1.1", "status", "in_progress", None, "")),
        # separators after the code and before the note
        ("IV.1.1 - hoàn thành", ("IV.1.1", "status", "done", 100, "")),
        ("IV.1.1 – hoàn thành – ghi chú", ("IV.1.1", "status", "done", 100, "ghi chú")),
        ("IV.1.1 — hoàn thành — ghi chú", ("IV.1.1", "status", "done", 100, "ghi chú")),
        ("IV.1.1 = 80%", ("IV.1.1", "status", "in_progress", 80, "")),
        ("IV.1.1    hoàn thành; đã báo cáo", ("IV.1.1", "status", "done", 100, "đã báo cáo")),
        ("IV.1.1:hoàn thành", ("IV.1.1", "status", "done", 100, "")),
        ("1.2. hoàn thành", ("1.2", "status", "done", 100, "")),
        ("III.2.1.a: xong", ("III.2.1.a", "status", "done", 100, "")),
        # bullets and brackets
        ("- IV.1.1: hoàn thành", ("IV.1.1", "status", "done", 100, "")),
        ("* IV.1.1 xong", ("IV.1.1", "status", "done", 100, "")),
        ("• IV.1.1 xong", ("IV.1.1", "status", "done", 100, "")),
        ("+ IV.1.1 xong", ("IV.1.1", "status", "done", 100, "")),
        ("[IV.1.1] xong", ("IV.1.1", "status", "done", 100, "")),
        ("(IV.1.1) xong", ("IV.1.1", "status", "done", 100, "")),
        ("  IV.1.1: xong  ", ("IV.1.1", "status", "done", 100, "")),
        # labels after a code
        ("IV.1.1: tiến độ: 40%", ("IV.1.1", "status", "in_progress", 40, "")),
        ("IV.1.1 Trạng thái: hoàn thành", ("IV.1.1", "status", "done", 100, "")),
    ],
)
def test_status_lines(line: str, expected: tuple[Any, ...]) -> None:
    assert fields(item(line), STATUS) == expected


@pytest.mark.parametrize(
    "line",
    [
        "IV.1.1: hoàn thành - đã ban hành Quyết định số 15/QĐ-BCĐ",
        "IV.5: vướng mắc - chưa bố trí được kinh phí",
        "IV.6: xin gia hạn đến ngày 30 tháng 6 năm 2026 - chờ hướng dẫn",
    ],
)
def test_nfd_input_reads_like_nfc(line: str) -> None:
    nfd = item(unicodedata.normalize("NFD", line))
    assert nfd == item(line)
    assert nfd.text == line  # returned text is NFC


def test_the_longest_code_wins_and_must_end_at_a_boundary() -> None:
    assert item("IV.1.10 xong").code == "IV.1.10"
    assert item("IV.1.1 xong").code == "IV.1.1"
    assert reason("IV.1.1x xong") == "unknown_code"
    assert parse_text("IV.1.10 xong", ["IV.1.1"]).unknown[0].reason == "unknown_code"
    assert parse_text("1.2.a xong", ["1.2"]).unknown[0].reason == "unknown_code"
    assert parse_text("V.4-1 xong", ["V.4", "V.4-1"]).items[0].code == "V.4-1"  # "-" ends V.4 too


def test_code_canonical_spelling_comes_from_the_plan() -> None:
    assert item("ct-5g: 10").code == "CT-5G"
    assert item("iii.2.1.A: xong").code == "III.2.1.a"


# ---------------------------------------------------------------- extensions and approvals

EXTENSION = ("code", "kind", "until", "note")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "IV.6: xin gia hạn đến 30/6/2026 - chờ hướng dẫn của thành phố",
            ("IV.6", "extension", date(2026, 6, 30), "chờ hướng dẫn của thành phố"),
        ),
        ("IV.6 xin gia hạn 30/6/2026", ("IV.6", "extension", date(2026, 6, 30), "")),
        ("IV.6 gia hạn đến 30-06-2026", ("IV.6", "extension", date(2026, 6, 30), "")),
        ("IV.6 gia hạn 30.6.2026", ("IV.6", "extension", date(2026, 6, 30), "")),
        ("IV.6 đề nghị gia hạn đến ngày 15/7/2026; chờ vốn", ("IV.6", "extension", date(2026, 7, 15), "chờ vốn")),
        (
            "IV.6: xin gia hạn đến ngày 30 tháng 6 năm 2026 - chờ hướng dẫn",
            ("IV.6", "extension", date(2026, 6, 30), "chờ hướng dẫn"),
        ),
        ("IV.6 xin gia han den 30/6/2026", ("IV.6", "extension", date(2026, 6, 30), "")),
        ("IV.6 xin gia han den ngay 30 thang 6 nam 2026 - ly do", ("IV.6", "extension", date(2026, 6, 30), "ly do")),
        ("IV.6 xin gia hạn đến 30/6", ("IV.6", "extension", date(2026, 6, 30), "")),
        ("IV.6 xin gia hạn đến 30/6/26", ("IV.6", "extension", date(2026, 6, 30), "")),
        ("IV.6 extend to 2026-06-30 - waiting", ("IV.6", "extension", date(2026, 6, 30), "waiting")),
        ("IV.6 extension to 30/6/2026", ("IV.6", "extension", date(2026, 6, 30), "")),
    ],
)
def test_extension_requests(line: str, expected: tuple[Any, ...]) -> None:
    assert fields(item(line), EXTENSION) == expected


@pytest.mark.parametrize(
    "line",
    ["IV.6 xin gia hạn đến 31/2/2026", "IV.6 xin gia hạn 15 ngày", "IV.6 xin gia hạn", "IV.6 extend to next month"],
)
def test_an_extension_without_a_valid_date_is_a_bad_date(line: str) -> None:
    assert reason(line) == "bad_date"


APPROVAL = ("code", "kind", "approved", "until", "note")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("đồng ý gia hạn IV.6", ("IV.6", "approval", True, None, "")),
        ("Đồng ý gia hạn IV.6 đến 15/7/2026", ("IV.6", "approval", True, date(2026, 7, 15), "")),
        ("dong y gia han IV.6 den 15/7/2026", ("IV.6", "approval", True, date(2026, 7, 15), "")),
        ("IV.6: đồng ý gia hạn", ("IV.6", "approval", True, None, "")),
        ("IV.6: đồng ý gia hạn đến ngày 15/7/2026", ("IV.6", "approval", True, date(2026, 7, 15), "")),
        ("duyệt gia hạn IV.6", ("IV.6", "approval", True, None, "")),
        ("approve IV.6", ("IV.6", "approval", True, None, "")),
        ("approved IV.6 to 15/7/2026", ("IV.6", "approval", True, date(2026, 7, 15), "")),
        ("không đồng ý gia hạn IV.6", ("IV.6", "approval", False, None, "")),
        ("Không đồng ý gia hạn IV.6 - chưa đủ căn cứ", ("IV.6", "approval", False, None, "chưa đủ căn cứ")),
        ("khong dong y gia han IV.6", ("IV.6", "approval", False, None, "")),
        ("từ chối gia hạn IV.6", ("IV.6", "approval", False, None, "")),
        ("reject IV.6", ("IV.6", "approval", False, None, "")),
        ("IV.6: không đồng ý", ("IV.6", "approval", False, None, "")),
    ],
)
def test_committee_approvals(line: str, expected: tuple[Any, ...]) -> None:
    assert fields(item(line), APPROVAL) == expected


def test_approvals_without_a_code() -> None:
    assert fields(item("Đồng ý gia hạn đến 20/7/2026", single="IV.6"), APPROVAL) == (
        "IV.6",
        "approval",
        True,
        date(2026, 7, 20),
        "",
    )
    assert reason("Đồng ý gia hạn đến 20/7/2026") == "no_code"
    assert reason("đồng ý gia hạn IV.99") == "unknown_code"
    assert reason("approve IV.6 to 31/2/2026") == "bad_date"
    assert reason("đồng ý gia hạn IV.6 đến hết quý") == "bad_date"  # never an approval with its date lost
    assert parse("Đồng ý.").prose == [1]


# ---------------------------------------------------------------- target values


@pytest.mark.parametrize(
    ("line", "value", "note"),
    [
        ("CT-5G: 65", Decimal("65"), ""),
        ("CT-5G = 65%", Decimal("65"), ""),
        ("CT-5G 65,5", Decimal("65.5"), ""),
        ("CT-01: 1.234", Decimal("1234"), ""),
        ("CT-01: 1.234.567", Decimal("1234567"), ""),
        ("CT-01: 1.234,5", Decimal("1234.5"), ""),
        ("CT-01: 12.5", Decimal("12.5"), ""),
        ("CT-01: 12.50", Decimal("12.50"), ""),
        ("CT-01: 65 - số liệu quý I", Decimal("65"), "số liệu quý I"),
        ("CT-01: đạt 70 phần trăm", Decimal("70"), ""),
        ("ct-01 70", Decimal("70"), ""),
    ],
)
def test_target_values(line: str, value: Decimal, note: str) -> None:
    found = item(line)
    assert (found.kind, found.code, found.value, found.note) == (
        "value",
        line.split()[0].rstrip(":").upper(),
        value,
        note,
    )


@pytest.mark.parametrize("line", ["CT-01: chưa có số liệu", "CT-5G: hoàn thành", "CT-01"])
def test_a_target_without_a_number_is_a_bad_value(line: str) -> None:
    assert reason(line) == "bad_value"


# ---------------------------------------------------------------- labels and single items

LABELLED = ("code", "kind", "state", "progress", "label", "note")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tiến độ: 60%", ("IV.6", "status", "in_progress", 60, None, "")),
        ("Tien do: 60 phan tram - dang lam", ("IV.6", "status", "in_progress", 60, None, "dang lam")),
        ("Progress: 100%", ("IV.6", "status", "done", 100, None, "")),
        ("Trạng thái: hoàn thành", ("IV.6", "status", "done", 100, None, "")),
        ("Status: in progress", ("IV.6", "status", "in_progress", None, None, "")),
        ("Ghi chú: đã gửi văn bản", ("IV.6", "note", None, None, "note", "đã gửi văn bản")),
        ("Note: sent", ("IV.6", "note", None, None, "note", "sent")),
        ("Khó khăn: thiếu kinh phí", ("IV.6", "note", None, None, "obstacle", "thiếu kinh phí")),
        ("Vướng mắc: thiếu kinh phí", ("IV.6", "note", None, None, "obstacle", "thiếu kinh phí")),
        ("Khó khăn, vướng mắc: thiếu kinh phí", ("IV.6", "note", None, None, "obstacle", "thiếu kinh phí")),
        ("Obstacle: no budget", ("IV.6", "note", None, None, "obstacle", "no budget")),
        ("Kiến nghị: bổ sung kinh phí", ("IV.6", "note", None, None, "proposal", "bổ sung kinh phí")),
        ("Đề xuất: bổ sung kinh phí", ("IV.6", "note", None, None, "proposal", "bổ sung kinh phí")),
        ("Proposal: more budget", ("IV.6", "note", None, None, "proposal", "more budget")),
        ("kien nghi: bo sung", ("IV.6", "note", None, None, "proposal", "bo sung")),
        # status lines without a code are about the single item
        ("hoàn thành - đã ban hành QĐ 15", ("IV.6", "status", "done", 100, None, "đã ban hành QĐ 15")),
        ("60%", ("IV.6", "status", "in_progress", 60, None, "")),
        ("Đang triển khai", ("IV.6", "status", "in_progress", None, None, "")),
        # a code still wins over single
        ("IV.1.1 xong", ("IV.1.1", "status", "done", 100, None, "")),
        ("IV.5 Kiến nghị: bổ sung kinh phí", ("IV.5", "note", None, None, "proposal", "bổ sung kinh phí")),
    ],
)
def test_labelled_and_codeless_lines_with_a_single_item(line: str, expected: tuple[Any, ...]) -> None:
    assert fields(item(line, single="IV.6"), LABELLED) == expected


def test_extension_without_a_code_is_about_the_single_item() -> None:
    found = item("xin gia hạn đến 30/6/2026 - lý do", single="IV.6")
    assert fields(found, EXTENSION) == ("IV.6", "extension", date(2026, 6, 30), "lý do")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("IV.5 Kiến nghị: bổ sung kinh phí", ("IV.5", "note", None, None, "proposal", "bổ sung kinh phí")),
        ("IV.5: kiến nghị - bổ sung kinh phí", ("IV.5", "note", None, None, "proposal", "bổ sung kinh phí")),
        ("- [IV.5] Ghi chú: đã họp", ("IV.5", "note", None, None, "note", "đã họp")),
        ("IV.5 Obstacle: no budget", ("IV.5", "note", None, None, "obstacle", "no budget")),
        ("Ghi chú: kế hoạch chung", (None, "note", None, None, "note", "kế hoạch chung")),
        ("Kiến nghị: họp sơ kết", (None, "note", None, None, "proposal", "họp sơ kết")),
    ],
)
def test_labelled_lines_without_single(line: str, expected: tuple[Any, ...]) -> None:
    assert fields(item(line), LABELLED) == expected


@pytest.mark.parametrize(
    "line",
    ["Tiến độ: 60%", "Trạng thái: hoàn thành", "hoàn thành - đã ban hành QĐ 15", "60%", "xin gia hạn đến 30/6/2026"],
)
def test_codeless_updates_without_single_have_no_code(line: str) -> None:
    assert reason(line) == "no_code"


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("IV.9 hoàn thành", "unknown_code"),
        ("IV.1.2: xong", "unknown_code"),
        ("[V.3.1] xong", "unknown_code"),
        ("2.4 hoàn thành", "unknown_code"),
        ("CT-99: 10", "unknown_code"),
        ("ct7 10", "unknown_code"),
        ("IV.1.1", "no_status"),
        ("IV.1.1: đã ban hành quyết định", "no_status"),
        ("IV.1.1 đạt 150%", "bad_percent"),
        ("IV.1.1 120 phần trăm", "bad_percent"),
    ],
)
def test_lines_not_understood(line: str, why: str) -> None:
    assert reason(line) == why


def test_label_without_status_is_no_status_with_single() -> None:
    assert reason("Tiến độ: đang chờ", single="IV.6") == "no_status"


@pytest.mark.parametrize(
    "line",
    [
        "Kính gửi Ban Chỉ đạo,",
        "Đơn vị báo cáo như sau:",
        "30/6/2026 đơn vị đã họp",
        "30.6.2026 đơn vị đã họp",
        "Xin chào",
        "1) IV.1.1 xong",  # numbering is not stripped: codes look like it
        "Đồng ý.",
        "Ghi chú:",
        "II.Kết quả thực hiện",
    ],
)
def test_prose(line: str) -> None:
    parsed = parse(line)
    assert (parsed.items, parsed.unknown, parsed.prose) == ([], [], [1])


def test_lines_quoted_from_a_reminder_are_not_items() -> None:
    text = (
        "    » 1.1 hoàn thành - đã ban hành văn bản số ...\n"
        "    » 1.1 xin gia hạn đến ngày ... - lý do ...\n"
        "  • [1.1] Thành lập Ban Chỉ đạo\n"
        "    Hạn: 27/02/2026, còn 3 ngày làm việc · vai trò: chủ trì · tiến độ đã báo 60 phần trăm\n"
        "    Due: 27/02/2026, 3 working days left · role: lead\n"
    )
    parsed = parse(text)
    assert parsed.items == []
    assert [(u.line, u.reason) for u in parsed.unknown] == [(3, "no_status")]
    assert parsed.prose == [1, 2, 4, 5]


def test_a_whole_reply_accounts_for_every_line() -> None:
    text = (
        "Kính gửi Ban Chỉ đạo,\n"
        "\n"
        "IV.1.1: hoàn thành - đã ban hành Quyết định số 15/QĐ-BCĐ\n"
        "IV.2.3: 60% - đã phát 12 bản tin\n"
        "IV.5: vướng mắc - chưa bố trí được kinh phí\n"
        "IV.6: xin gia hạn đến 30/6/2026 - chờ hướng dẫn của thành phố\n"
        "CT-5G: 65\n"
        "IV.9: xong\n"
        "Ghi chú: số liệu đến 15/3\n"
    )
    parsed = parse(text)
    assert [(i.line, i.code, i.kind) for i in parsed.items] == [
        (3, "IV.1.1", "status"),
        (4, "IV.2.3", "status"),
        (5, "IV.5", "status"),
        (6, "IV.6", "extension"),
        (7, "CT-5G", "value"),
        (9, None, "note"),
    ]
    assert parsed.unknown == [Unknown(8, "IV.9: xong", "unknown_code")]
    assert parsed.prose == [1]
    assert parsed.items[0].text == "IV.1.1: hoàn thành - đã ban hành Quyết định số 15/QĐ-BCĐ"


def test_crlf_line_numbers() -> None:
    parsed = parse("Chào\r\n\r\nIV.1.1 xong\r\n")
    assert [(i.line, i.code) for i in parsed.items] == [(3, "IV.1.1")]


# ---------------------------------------------------------------- fresh text

REPLY = "IV.1.1: hoàn thành\nIV.2.3: 60%"


@pytest.mark.parametrize(
    "tail",
    [
        # Gmail vi, one line and wrapped
        "\n\nVào Th 2, 16 thg 3, 2026 lúc 07:30 Ban Chỉ đạo <bcd@xa.gov.vn> đã viết:\n> — Vui lòng trả lời phía trên dòng này —\n> IV.1.1 hoàn thành",
        "\n\nVào Th 2, 16 thg 3, 2026 lúc 07:30 Ban Chỉ đạo <\nbcd@xa.gov.vn> đã viết:\n\nKính gửi\nIV.1.1 xong",
        "\nVào Th 2, 16 thg 3, 2026 lúc 07:30 Ban Chỉ đạo <bcd@xa.gov.vn>\nđã viết:\nIV.1.1 xong",
        "\nVao Th 2, 16 thg 3, 2026 luc 07:30 Ban Chi dao <bcd@xa.gov.vn> da viet:\nIV.1.1 xong",
        # Gmail en
        "\n\nOn Mon, Mar 16, 2026 at 7:30 AM Steering Committee <bcd@xa.gov.vn> wrote:\n>\n> IV.1.1 done",
        "\nOn Mon, Mar 16, 2026 at 7:30 AM Steering Committee <\nbcd@xa.gov.vn> wrote:\nIV.1.1 done",
        # Apple Mail
        "\n\nOn 16 Mar 2026, at 07:30, Ban Chỉ đạo <bcd@xa.gov.vn> wrote:\n\n\nIV.1.1 xong",
        # Android / Samsung
        "\n\n-------- Original message --------\nFrom: Ban Chỉ đạo <bcd@xa.gov.vn>\nIV.1.1 xong",
        "\n\n-------- Thư gốc --------\nTừ: Ban Chỉ đạo\nIV.1.1 xong",
        # Outlook en and vi
        "\n\n-----Original Message-----\nFrom: bcd@xa.gov.vn\nIV.1.1 xong",
        "\n\n-----Thư gốc-----\nTừ: bcd@xa.gov.vn\nIV.1.1 xong",
        "\n\n________________________________\nFrom: Ban Chỉ đạo <bcd@xa.gov.vn>\nSent: Monday, March 16, 2026 7:30 AM\nTo: VHXH\nSubject: Nhắc việc\n\nIV.1.1 xong",
        "\n\n________________________________\nTừ: Ban Chỉ đạo <bcd@xa.gov.vn>\nĐã gửi: Thứ Hai, 16 tháng 3, 2026 7:30 SA\nĐến: VHXH\nChủ đề: Nhắc việc\n\nIV.1.1 xong",
        "\n\nFrom: Ban Chỉ đạo <bcd@xa.gov.vn>\nDate: Monday, March 16, 2026\nIV.1.1 xong",
        "\nTừ: Ban Chỉ đạo\nTới: VHXH\nNgày: 16/3/2026\nIV.1.1 xong",
        # our own marker, with and without diacritics
        "\n— Vui lòng trả lời phía trên dòng này —\n\nKính gửi VHXH,\n  • [IV.1.1] Ban hành kế hoạch",
        "\n-- Vui long tra loi phia tren dong nay --\nIV.1.1 xong",
        "\n— Please reply above this line —\nIV.1.1 done",
        # > quotes
        "\n> IV.1.1 xong\nIV.2.3 xong",
        "\n  >> earlier",
        # signatures
        "\n\nSent from my iPhone",
        "\n\nGửi từ iPhone của tôi\n\n> IV.1.1 xong",
        "\nSent from my Samsung Galaxy smartphone.",
        "\nGửi từ điện thoại Samsung Galaxy",
        "\nĐược gửi từ điện thoại Samsung Galaxy của tôi",
        "\n\nGet Outlook for Android",
        "\nTải Outlook cho iOS",
        "\n\n-- \nNguyễn Văn A\nPhòng VHXH",
        "\n--\nNguyễn Văn A",
        "\n\nTrân trọng!\nNguyễn Văn A\nChuyên viên",
        "\nTrân trọng cảm ơn.\nNguyễn Văn A",
        "\nTrân trọng,\nNguyễn Văn A",
        "\nTran trong!\nNguyen Van A",
        "\nBest regards,\nA",
        "\nRegards\nA",
        "\nThanks\nA",
        "\n\n\n",
    ],
)
def test_fresh_text_keeps_only_the_new_part(tail: str) -> None:
    assert fresh_text(REPLY + tail) == REPLY


def test_fresh_text_keeps_text_that_only_looks_similar() -> None:
    text = "Kính gửi Ban Chỉ đạo,\nIV.1.1: hoàn thành\nTừ tháng 3 đơn vị đã triển khai\nOn track for June."
    assert fresh_text(text) == text


def test_a_greeting_thanks_is_not_a_sign_off() -> None:
    assert fresh_text("Thanks!\nIV.1.1 done\nThanks\nA") == "Thanks!\nIV.1.1 done"
    assert fresh_text("\n\nCảm ơn anh!\nIV.1.1 xong") == "\n\nCảm ơn anh!\nIV.1.1 xong"
    assert fresh_text("\n\nCảm ơn!\nIV.1.1 xong") == "\n\nCảm ơn!\nIV.1.1 xong"


def test_a_reply_that_is_all_quote_is_empty() -> None:
    assert fresh_text("> IV.1.1 xong\n> IV.2.3 xong") == ""
    assert fresh_text(unicodedata.normalize("NFD", "— Vui lòng trả lời phía trên dòng này —\nIV.1.1 xong")) == ""


def test_fresh_then_parse() -> None:
    body = (
        "IV.1.1 xong\n\nGửi từ iPhone của tôi\n\nVào Th 2, 16 thg 3, 2026 lúc 07:30 BCĐ <b@x.vn> đã viết:\n> IV.2.3 60%"
    )
    parsed = parse(fresh_text(body))
    assert [(i.code, i.state) for i in parsed.items] == [("IV.1.1", "done")]
    assert parsed.unknown == []
