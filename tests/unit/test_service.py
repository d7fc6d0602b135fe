"""The daemon's decisions, without a clock: which jobs exist, and when a start must catch up."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from dondoc.engine import service
from dondoc.engine.errors import Locked
from dondoc.engine.service import SendTime, latest_moment, missed, send_times
from tests.support.quarter import PLAN

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = SendTime("Asia/Ho_Chi_Minh", time(7, 30), ("a", "b"))


def variant(plan_id: str, send_at: str, timezone: str = "Asia/Ho_Chi_Minh") -> object:
    return PLAN.model_copy(
        update={
            "plan": PLAN.plan.model_copy(update={"id": plan_id, "timezone": timezone}),
            "calendar": PLAN.calendar.model_copy(update={"send_at": send_at}),
        }
    )


def test_plans_sharing_a_sending_time_share_one_job() -> None:
    plans = [variant("b", "07:30"), variant("a", "07:30"), variant("c", "14:00"), variant("d", "07:30", "UTC")]
    found = send_times(plans)  # type: ignore[arg-type]
    assert [(s.key, s.plans) for s in found] == [
        ("run Asia/Ho_Chi_Minh 07:30", ("a", "b")),
        ("run Asia/Ho_Chi_Minh 14:00", ("c",)),
        ("run UTC 07:30", ("d",)),
    ]


@pytest.mark.parametrize(
    ("local_now", "expected"),
    [
        (datetime(2026, 3, 16, 9, 0), datetime(2026, 3, 16, 7, 30)),  # after today's time: today's
        (datetime(2026, 3, 16, 7, 30), datetime(2026, 3, 16, 7, 30)),  # at it exactly
        (datetime(2026, 3, 16, 7, 29), datetime(2026, 3, 15, 7, 30)),  # before it: yesterday's
        (datetime(2026, 1, 1, 6, 0), datetime(2025, 12, 31, 7, 30)),  # across a year
    ],
)
def test_the_latest_sending_moment_is_in_the_plan_time_zone(local_now: datetime, expected: datetime) -> None:
    now_utc = local_now.replace(tzinfo=HANOI).astimezone(UTC)
    assert latest_moment(MORNING, now_utc) == expected.replace(tzinfo=HANOI)


def test_a_tick_is_missed_unless_a_run_since_covered_all_its_plans() -> None:
    assert missed(MORNING, [])
    assert not missed(MORNING, [{"plans": None}])  # a cron `run`: every plan
    assert not missed(MORNING, [{"plans": ["a", "b", "c"]}])
    assert missed(MORNING, [{"plans": ["a"]}])  # a plan loaded since was not covered


def test_log_lines_are_key_value_and_quote_what_needs_it(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="dondoc"):
        service.log_event("run", plans=2, error='the "db" is locked', empty="", ids=["a", "b"])
    assert caplog.messages == ['event=run plans=2 error="the \\"db\\" is locked" empty="" ids=a,b']


def test_a_clock_started_in_the_past_runs_at_the_real_pace() -> None:
    start = datetime(2026, 3, 16, 9, 0, tzinfo=HANOI)
    now = service.clock_from(start)
    assert timedelta(0) <= now() - start < timedelta(seconds=5)
    assert abs(service.clock_from(None)() - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_locked_database_is_tried_again_then_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dondoc.engine.service.clock.sleep", lambda _s: None)  # no pause between attempts
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise Locked("locked")
        return "done"

    assert service.retry_locked(flaky, attempts=3) == "done" and len(calls) == 3


def test_a_database_locked_for_good_is_reported_after_the_last_attempt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dondoc.engine.service.clock.sleep", lambda _s: None)
    calls: list[int] = []

    def locked() -> None:
        calls.append(1)
        raise Locked("the database is locked by another writer; try again in a minute")

    with pytest.raises(Locked):
        service.retry_locked(locked, attempts=2)
    assert len(calls) == 2
