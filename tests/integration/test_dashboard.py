"""The dashboard's figures, against a real store: each plan counted as of its own date."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dondoc.engine import dashboard, nightly, plans, store
from dondoc.engine.validate import parse_plan
from tests.support.paths import FIXTURES

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
        rows = {o.plan.id: o.report for o in dashboard.overviews(conn, NOW)}
    vietnam, hawaii = rows["demo-xa"], rows["demo-hawaii"]
    assert vietnam.figures.overdue == hawaii.figures.overdue + 1
    assert vietnam.figures.due == hawaii.figures.due  # 1.1 has fallen due in both: by today, or today
    assert (vietnam.as_of, hawaii.as_of) == (NOW.date(), NOW.date() - timedelta(days=1))
