"""Targets followed up against a real store: after a period's reports were due the committee hears
once of the targets at risk and those not reported, whatever the check runs (issue #19 item 6)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dondoc.engine import nightly, plans, store
from dondoc.engine.payloads import AnswerPayload, Queued
from dondoc.engine.settings import Settings
from dondoc.engine.store.events import NewEvent
from dondoc.engine.validate import parse_plan
from tests.support.paths import FIXTURES

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SETTINGS = Settings(sender="dondoc@xa.example.vn", secret="t")
TEXT = (FIXTURES / "minimal.yaml").read_text("utf-8")
QUARTERLY = TEXT.replace("targets:\n", "reporting:\n  cadences: [quarterly, semiannual]\ntargets:\n", 1)


def at(day: date) -> datetime:
    return datetime.combine(day, time(7, 30), TZ)


def test_the_committee_hears_once_per_period_of_the_targets(store_url: str) -> None:
    engine = store.connect(store_url)
    plans.load(engine, parse_plan(QUARTERLY.encode(), "p.yaml"), at(date(2026, 1, 5)))
    value = NewEvent(
        plan_id="demo-xa", target_id="CT-5G", kind="target_value", actor="vhxh", source="<m@x>", line=1,
        payload={"value": 20.0, "year": 2026, "text": ""}, at=datetime(2026, 4, 1, 3), recorded_at=datetime(2026, 4, 1, 3),
    )  # fmt: skip
    sent: list[Queued] = []
    day = date(2026, 1, 5)
    while day <= date(2026, 9, 30):
        if day == date(2026, 4, 1):
            with store.transaction(engine) as conn:
                store.events.append(conn, [value, value.__class__(**{**value.row(), "at": datetime(2026, 5, 20, 3),
                                                                     "payload": {"value": 22.0, "year": 2026}})])  # fmt: skip
        nightly.check(engine, at(day), SETTINGS, each=sent.append)
        nightly.check(engine, at(day), SETTINGS, each=sent.append)  # twice: still once
        day += timedelta(1)
    follow_ups = [m for m in sent if m.key.startswith("targets:")]
    keys = Counter(m.key for m in follow_ups)
    assert keys == {"targets:demo-xa:2026-Q1": 1, "targets:demo-xa:2026-H1": 1, "targets:demo-xa:2026-Q3": 1}
    assert {m.audience.key for m in follow_ups} == {"committee"}
    first, half, third = (m.payload for m in follow_ups)
    assert isinstance(first, AnswerPayload) and isinstance(half, AnswerPayload)
    assert [t["code"] for t in first.context["unreported"]] == ["CT-5G"] and first.context["at_risk"] == []
    assert [t["code"] for t in half.context["at_risk"]] == ["CT-5G"]  # 20 -> 22 in seven weeks: far from 60
    assert half.context["unreported"] == []  # values came in the window 15/03 - 14/06
    assert isinstance(third, AnswerPayload) and [t["code"] for t in third.context["unreported"]] == ["CT-5G"]
