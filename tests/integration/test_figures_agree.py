"""Every surface counts alike: the home page, the plan page, the report in every format, the
report email and the committee's escalations, on half a year of the five seed plans."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from docx import Document
from openpyxl import load_workbook

from dondoc.engine import figures, formats, plans, reports, store, views
from dondoc.engine.emails import render
from dondoc.engine.figures import Window
from dondoc.engine.reports.periods import running_period
from tests.support.simulation import Simulated


def _home_rows(html: str) -> dict[str, dict[str, str]]:
    rows = re.findall(r'<tr data-plan="([^"]+)"([^>]*)>', html)
    return {plan: dict(re.findall(r'data-(\w+)="([^"]*)"', attrs)) for plan, attrs in rows}


def test_home_plan_page_and_report_agree(simulated: Simulated) -> None:
    now = simulated.end + timedelta(hours=2)
    engine = store.connect_reading(simulated.url)
    with engine.connect() as conn:
        home = _home_rows(views.home(conn, "vi", now))
        assert set(home) == set(simulated.plan_ids)
        for plan_id in simulated.plan_ids:
            report = reports.gather_running(conn, plan_id, now)
            f = report.figures
            row = home[plan_id]
            assert (int(row["tasks"]), int(row["due"]), int(row["overdue"]), float(row["share"])) == (
                report.plan.tasks,
                f.due,
                f.overdue,
                f.share,
            ), plan_id
            page = views.plan_page(conn, plan_id, None, "vi", now)
            assert f"<b>{f.overdue}</b> / {f.due} lượt nhiệm vụ đã đến hạn" in page
            assert json.loads(formats.render(report, "json"))["headline"]["overdue"] == f.overdue
            assert f"**{f.overdue}** / {f.due} lượt" in formats.render(report, "md").decode()
            said = f"{f.due} lượt đã đến hạn, trong đó {f.overdue} lượt quá hạn"
            assert any(said in p.text for p in Document(io.BytesIO(formats.render(report, "docx"))).paragraphs)
            summary = {r[0]: r[1] for r in load_workbook(io.BytesIO(formats.render(report, "xlsx"))).worksheets[0].iter_rows(values_only=True) if r and r[0]}  # fmt: skip
            assert (summary["Lượt đã đến hạn"], summary["Lượt quá hạn"]) == (f.due, f.overdue)
            mail = render("vi", "report_email.txt.j2", r=report, period_name="", files=[], plan=plans.current(conn, plan_id))
            assert f"lượt đã đến hạn: {f.due}; quá hạn chưa hoàn thành: {f.overdue}" in mail
            trend = views.plan_overview(conn, plans.current(conn, plan_id), now).trend
            assert (trend[-1].due, trend[-1].overdue) == (f.due, f.overdue)


@pytest.mark.parametrize("label", ["2026-Q1", "2026-H1", "2026-04"])
def test_a_past_period_is_the_figures_of_its_window(simulated: Simulated, label: str) -> None:
    """The report of a closed period counts exactly what ``figures`` counts in its window, per unit too."""
    now = simulated.end
    engine = store.connect_reading(simulated.url)
    with engine.connect() as conn:
        for plan_id in simulated.plan_ids:
            report = reports.gather(conn, plan_id, label, now)
            plan = plans.current(conn, plan_id)
            rows = list(store.occurrences.begun(conn, report.period_end, plan_id))
            window = Window(start=report.period_start, as_of=report.as_of)
            assert report.figures == figures.count(rows, window, plan.plan.timezone)
            by_unit = figures.by_unit(rows, window, plan.plan.timezone)
            assert {u.unit: u.figures for u in report.units if u.figures.items} == by_unit
            assert sum(len(t.items) for t in report.tasks) == report.figures.items


def _unit_blocks(text: str) -> dict[str, tuple[int, int, int]]:
    """Each unit of a committee escalation: (overdue said, listed, of them periodic reports)."""
    found = {}
    for block in re.split(r"\n(?=[^\s•].*: \d+ nội dung quá hạn)", text)[1:]:
        head = re.match(r"(.+): (\d+) nội dung quá hạn", block)
        assert head, block[:200]
        found[head.group(1)] = (int(head.group(2)), block.count("\n• "), block.count("\n• Báo cáo định kỳ "))
    return found


def test_committee_escalations_count_every_overdue_item_of_each_unit(simulated: Simulated) -> None:
    engine = store.connect_reading(simulated.url)
    checked = 0
    for path in sorted(simulated.outbox.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        key = str(message["X-Dondoc-Key"]).split(":")
        if key[0] != "digest" or key[2] != "committee":
            continue
        plan_id, day = key[1], date.fromisoformat(key[3])
        body = message.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        with engine.connect() as conn:
            plan = plans.current(conn, plan_id)
            names = {u.name.upper(): u.id for u in plan.units}
            total = 0
            for name, (said, listed, report_items) in _unit_blocks(text).items():
                rows = list(store.occurrences.begun(conn, day, plan.id, names[name]))
                overdue = figures.overdue(rows, day, plan.plan.timezone)
                assert said == listed == len(overdue) + report_items, (path.name, name)
                total += said
            assert f"{total} nội dung" in str(message["Subject"])
        checked += 1
    assert checked >= 3  # the half-year escalates to the committee several times


def test_the_trend_ends_today_and_each_point_is_the_running_period_then(simulated: Simulated) -> None:
    now = simulated.end
    engine = store.connect_reading(simulated.url)
    with engine.connect() as conn:
        plan = plans.current(conn, "tan-ky-tt-57")
        trend = views.plan_overview(conn, plan, now).trend
        assert len(trend) == 12 and trend[-1].on == now.date() and all(p.on.weekday() == 6 for p in trend[:-1])
        rows = list(store.occurrences.begun(conn, now.date(), plan.id))
        for point in trend:
            window = Window(start=running_period(plan, point.on).start, as_of=point.on)
            assert point.share == figures.count(rows, window, plan.plan.timezone).share
