"""A unit's calendar feed, read back with the iCalendar library a calendar application uses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Calendar

from dondoc.engine.feed import unit_feed
from dondoc.engine.store.occurrences import StoredOccurrence
from tests.support.quarter import BY_TASK, CAL, NOW, PLAN, ROWS

LINK = "https://dondoc.xa.example.vn/plan/bc/unit/vp"


def _events(unit: str, rows: list[StoredOccurrence] = ROWS, now: datetime = NOW) -> dict[str, Any]:
    mine = [r for r in rows if r.unit_id == unit]
    feed = Calendar.from_ical(unit_feed(PLAN, CAL, unit, mine, now, domain="xa.example.vn", link=LINK))
    assert str(feed["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh" and PLAN.unit(unit).name in str(feed["X-WR-CALNAME"])
    return {str(e["UID"]): e for e in feed.walk("VEVENT")}


def test_every_deadline_the_unit_owes_is_an_all_day_event_with_a_stable_uid() -> None:
    events = _events("vp")
    # 20/03/2026: from 60 days back to 400 ahead, the deadlines vp leads (1.1, 1.3, 1.5; 0.9 is too old)
    # and its periodic reports, quarterly and annual.
    codes = sorted(code for code in ("0.9", "1.1", "1.3", "1.5") for uid in events if f".vp.{code}." in uid)
    assert codes == ["1.1", "1.3", "1.5"]
    assert {uid for uid in events if ".1.3.2026-03-05@" in uid} == {"bc.vp.1.3.2026-03-05@xa.example.vn"}
    reports = [e for uid, e in events.items() if ".report." in uid]
    assert reports and all("Hạn gửi báo cáo" in str(e["SUMMARY"]) for e in reports)
    for event in events.values():
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is date and end == start + timedelta(days=1)  # all day, the plan's own day
        assert str(event["URL"]) == LINK and LINK in str(event["DESCRIPTION"])
    assert _events("vp").keys() == events.keys()  # the same feed tomorrow names the same events


def test_the_title_says_the_code_and_what_to_do_and_done_deadlines_are_marked() -> None:
    events = _events("vp")
    late = next(e for uid, e in events.items() if ".1.3." in uid)
    assert str(late["SUMMARY"]) == "Hạn [1.3] Quá hạn" and "Vai trò của đơn vị: chủ trì" in str(late["DESCRIPTION"])
    done = next(e for uid, e in events.items() if ".1.1." in uid)
    assert str(done["SUMMARY"]).startswith("✓ ") and "Đã hoàn thành ngày 26/02/2026" in str(done["DESCRIPTION"])


def test_an_extension_moves_the_event_and_keeps_its_uid() -> None:
    moved = BY_TASK[("1.3", "vp")]._replace(due=date(2026, 3, 31), extension_until=date(2026, 3, 31))
    rows = [moved if r is BY_TASK[("1.3", "vp")] else r for r in ROWS]
    event = _events("vp", rows)["bc.vp.1.3.2026-03-05@xa.example.vn"]
    assert event["DTSTART"].dt == date(2026, 3, 31) and "ban đầu 05/03/2026" in str(event["DESCRIPTION"])


def test_a_coordinator_sees_what_it_coordinates() -> None:
    events = _events("vhxh", now=datetime(2026, 2, 1, 8, tzinfo=NOW.tzinfo))
    coordinated = next(e for uid, e in events.items() if ".1.1." in uid)
    assert "phối hợp" in str(coordinated["DESCRIPTION"]) and str(coordinated["CATEGORIES"].cats[0]) == "Phối hợp"
