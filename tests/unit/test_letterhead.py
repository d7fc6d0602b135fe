"""The report's header and signature for each seed plan, and the rules behind them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dondoc.engine.letterhead import letterhead
from dondoc.engine.messages import labels
from dondoc.engine.reports.build import info
from dondoc.engine.reports.model import Member, PlanInfo
from dondoc.engine.validate import read_plan
from tests.support.paths import PLANS

WORDS = labels("vi")["letterhead"]
ON = date(2026, 7, 6)
SEEDS = {path.stem: info(read_plan(path).plan) for path in PLANS}


@pytest.mark.parametrize(
    ("seed", "lines", "number", "capacity", "signer"),
    [
        # The committee is the People's Committee itself: one body, its own symbol, no second line;
        # a long line breaks before its place, as offices set it.
        ("tan-ky-tuyen-truyen-nq57", ["ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG", "Ủy ban nhân dân\nxã Tân Kỳ"],
         "Số:        /BC-UBND", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Xuân Cường"),
        # Its chair is listed by title only: the plan's signer, a deputy, signs "KT. CHỦ TỊCH".
        ("dan-tien-nq71", ["Ủy ban nhân dân\nxã Dân Tiến"], "Số:        /BC-UBND",
         ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Hoàng Văn Thảo"),
        # A steering committee of the People's Committee: the issuer over it, "BCĐ", "TRƯỞNG BAN".
        ("van-xuan-nq57", ["Ủy ban nhân dân\nphường Vạn Xuân",
                           "Ban Chỉ đạo\nphường Vạn Xuân (phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số)"],
         "Số:        /BC-BCĐ", ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"], "Nguyễn Minh Tân"),
        # A Party body (Hướng dẫn 36): the Party committee without its standing board, "T/M", "Số …-BC/…".
        ("gia-loc-nq57", ["Đảng ủy xã Gia Lộc",
                          "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số\nxã Gia Lộc"],
         "Số      -BC/BCĐ", ["T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN"], "Đặng Xuân Thưởng"),
        # The Front's standing board issues its own plan: the symbol of its plan number.
        ("kim-thanh-mttq-nq57", ["ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM\nTHÀNH PHỐ HẢI PHÒNG",
                                 "Ban Thường trực Ủy ban Mặt trận Tổ quốc\nxã Kim Thành"],
         "Số:        /BC-MTTQ-BTT", ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"], "Lê Văn Nê"),
    ],
)  # fmt: skip
def test_each_seed_plan_signs_as_its_document_would(
    seed: str, lines: list[str], number: str, capacity: list[str], signer: str
) -> None:
    head = letterhead(SEEDS[seed], WORDS, ON)
    assert (list(head.lines), head.number, list(head.capacity), head.signer) == (lines, number, capacity, signer)
    assert head.party == (seed == "gia-loc-nq57")
    assert head.motto[0] == ("ĐẢNG CỘNG SẢN VIỆT NAM" if head.party else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


def test_the_place_is_the_plan_s_else_the_commune_s_name() -> None:
    assert letterhead(SEEDS["tan-ky-tuyen-truyen-nq57"], WORDS, ON).date_line == "Tân Kỳ, ngày 06 tháng 7 năm 2026"
    gia_loc = SEEDS["gia-loc-nq57"]
    assert not gia_loc.place and letterhead(gia_loc, WORDS, ON).date_line.startswith("Gia Lộc, ngày 06 tháng 7")
    nowhere = replace(gia_loc, issuer="Ban Thường vụ Đảng ủy", committee="Ban Chỉ đạo")
    assert letterhead(nowhere, WORDS, date(2026, 12, 25)).date_line == ".........., ngày 25 tháng 12 năm 2026"
    assert letterhead(nowhere, WORDS, date(2026, 2, 1)).date_line.endswith("ngày 01 tháng 02 năm 2026")


def _plan(**change: object) -> PlanInfo:
    return replace(SEEDS["van-xuan-nq57"], **change)  # type: ignore[arg-type]


def test_who_signs() -> None:
    members = (Member(name="Trần Văn B", role="Trưởng ban"), Member(name="Lê Thị C", role="Phó Trưởng ban"))
    assert letterhead(_plan(members=members), WORDS, ON).signer == "Trần Văn B"  # the first member, a real name
    deputy = letterhead(_plan(members=members, committee_signer="Lê Thị C"), WORDS, ON)
    assert (list(deputy.capacity), deputy.signer) == (["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Lê Thị C")
    titled = (Member(name="Các đồng chí Thường trực", role="Thành viên"),)
    assert letterhead(_plan(members=titled), WORDS, ON).signer == "Nguyễn Minh Tân"  # the plan's signer
    assert letterhead(_plan(members=(), signer=""), WORDS, ON).signer == ""  # a blank to fill in


def test_an_unknown_kind_of_body_still_signs_on_its_behalf() -> None:
    head = letterhead(_plan(committee="Tổ công nghệ số cộng đồng phường Vạn Xuân"), WORDS, ON)
    assert head.capacity[0] == "TM. TỔ CÔNG" and head.number.endswith("/BC-TC")
