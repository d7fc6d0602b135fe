"""The dashboard against a real store: each plan counted as of its own date; every page on half a
year of the five seeds."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dondoc.engine import dashboard, nightly, overview, plans, reports, store, views
from dondoc.engine.validate import parse_plan
from tests.support.paths import FIXTURES
from tests.support.quarter import CAL, EVENTS, PLAN, Q1, ROWS
from tests.support.quarter import NOW as QUARTER_NOW
from tests.support.simulation import Simulated

# 01:00 on Sat 28/2 in Viet Nam is still 08:00 on Fri 27/2 in Honolulu: task 1.1, due 27/2, is
# overdue for the commune in Viet Nam and due today for the one in Honolulu.
NOW = datetime(2026, 2, 28, 1, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_each_plan_is_counted_as_of_its_own_date(db_url: str) -> None:
    engine = store.connect(db_url)
    text = (FIXTURES / "minimal.yaml").read_text("utf-8")
    elsewhere = text.replace("id: demo-xa", "id: demo-hawaii\n  timezone: Pacific/Honolulu")
    for name, body in (("vn.yaml", text), ("hi.yaml", elsewhere)):
        plans.load(engine, parse_plan(body.encode(), name), NOW)
    nightly.sync_all(engine, NOW)  # the occurrences, as the first check makes them
    with engine.connect() as conn:
        rows = {o.plan.id: o.report for o in views.overviews(conn, NOW)[0]}
    vietnam, hawaii = rows["demo-xa"], rows["demo-hawaii"]
    assert vietnam.figures.overdue == hawaii.figures.overdue + 1
    assert vietnam.figures.due == hawaii.figures.due  # 1.1 has fallen due in both: by today, or today
    assert (vietnam.as_of, hawaii.as_of) == (NOW.date(), NOW.date() - timedelta(days=1))


# --- the pages, on half a year of the five seeds ----------------------------------------------

SIMULATED_NOW = datetime(2026, 7, 6, 2, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Viet Nam


def _get(simulated: Simulated, path: str, **query: str) -> dashboard.Page:
    with store.connect_reading(simulated.url).connect() as conn:
        return dashboard.page(conn, path, query, SIMULATED_NOW)


def test_the_home_page_lists_plans_by_number_with_their_status_and_what_needs_attention(simulated: Simulated) -> None:
    page = _get(simulated, "/")
    html = page.body.decode()
    order = re.findall(r'<tr data-plan="([^"]+)"', html)
    assert order[0] == "kim-thanh-mttq-57"  # the only numbered plan (43/KH-MTTQ-BTT) first, then by title
    assert sorted(order) == sorted(simulated.plan_ids)
    assert len(re.findall(r'class="rag (red|amber|green)"', html)) >= 5
    for heading in ("Tỷ lệ quá hạn 12 tuần qua", "Bảng xếp hạng thi đua", "Đang vướng mắc", "Chỉ tiêu có nguy cơ không đạt"):
        assert heading in html
    assert "Đơn vị chưa gửi báo cáo kỳ" in html and "Các lần chạy" not in html  # the run log has its own page
    assert "09:00 ngày 06/07/2026 (giờ địa phương: UTC+07:00, Asia/Ho_Chi_Minh)" in html
    assert "Nhật ký chạy" in _get(simulated, "/runs").body.decode()


def test_the_rag_status_follows_its_thresholds() -> None:
    from dataclasses import replace as change

    from dondoc.engine.figures import Figures

    report = reports.build(PLAN, CAL, Q1, ROWS, EVENTS, QUARTER_NOW)  # 2 of 4 overdue: red
    assert overview.rag(report) == overview.Rag.RED
    low = Figures(items=10, classes={"overdue": 1, "on_track": 9}, due=10)
    assert overview.rag(change(report, figures=low, targets=())) == overview.Rag.AMBER  # 10 %, under 20 %
    none = Figures(items=10, classes={"on_track": 10}, due=10)
    calm = change(report, figures=none, targets=(), blocked=())
    assert overview.rag(calm) == overview.Rag.GREEN
    assert overview.rag(change(calm, blocked=report.items[:1])) == overview.Rag.AMBER


def test_the_plan_page_picks_a_period_and_offers_the_report_to_download(simulated: Simulated) -> None:
    html = _get(simulated, "/plan/tan-ky-tt-57").body.decode()
    assert "<b>6 tháng cuối năm 2026</b>" in html and 'href="?period=2026-H1&amp;lang=vi"' in html
    assert "2025-H1" not in html  # nothing before the plan was issued (01/03/2026)
    assert html.index('id="attention"') < html.index("I. Kết quả thực hiện")  # blocked items and obstacles first
    h1 = _get(simulated, "/plan/tan-ky-tt-57", period="2026-H1").body.decode()
    assert "<b>6 tháng đầu năm 2026</b>" in h1 and "Kỳ đã kết thúc: số liệu tính đến ngày 14/06/2026" in h1
    for fmt, media in (("docx", "wordprocessingml"), ("xlsx", "spreadsheetml"), ("html", "text/html")):
        file = _get(simulated, f"/plan/tan-ky-tt-57/report.{fmt}", period="2026-H1")
        assert file.status == 200 and media in file.content_type
        assert file.disposition == f'attachment; filename="bao-cao-tan-ky-tt-57-2026-H1.{fmt}"'
    english = _get(simulated, "/plan/tan-ky-tt-57", lang="en").body.decode()
    assert "Needs attention" in english and "second half of 2026" in english


def test_a_unit_page_shows_what_it_owes_and_its_history(simulated: Simulated) -> None:
    html = _get(simulated, "/plan/tan-ky-tt-57/unit/ttdv").body.decode()
    assert "<h1>Trung tâm Dịch vụ sự nghiệp công</h1>" in html
    assert "Quá hạn" in html and "Kết quả theo kỳ báo cáo" in html and "Diễn biến gần đây" in html
    assert "Chủ trì" in html and "Phối hợp" in html


@pytest.mark.parametrize("path", ["/plan/nope", "/plan/tan-ky-tt-57/unit/nope", "/plan/tan-ky-tt-57/report.pdf", "/x"])
def test_what_does_not_exist_is_a_404(simulated: Simulated, path: str) -> None:
    assert _get(simulated, path).status == 404
    assert _get(simulated, "/plan/tan-ky-tt-57", period="2026-Q9").status == 404
