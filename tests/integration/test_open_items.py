"""Open items stay visible (issue #23 item 3): once an item's reminders and escalations are used
up, every later digest to its unit lists it with how long it is overdue, and the committee's
digest counts those of the units it does not name (it lists every overdue item of those it does)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from dondoc.engine import nightly, outbox, plans, store
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from dondoc.engine.validate import parse_plan
from dondoc.notifiers.files import FileNotifier
from tests.support.paths import FIXTURES

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SETTINGS = Settings(sender="dondoc@xa.example.vn", secret="open-items")


def at(day: date) -> datetime:
    return datetime.combine(day, time(7, 30), TZ)


def checked_until(store_url: str, last: date) -> Engine:
    """The minimal plan, nobody answering, checked every day from February to ``last``."""
    engine = store.connect(store_url)
    plans.load(engine, parse_plan((FIXTURES / "minimal.yaml").read_bytes(), "minimal.yaml"), at(date(2026, 1, 5)))
    day = date(2026, 2, 1)
    while day <= last:
        nightly.check(engine, at(day), SETTINGS)
        day += timedelta(1)
    return engine


def payloads(engine: Engine, audience: str) -> dict[str, dict[str, Any]]:
    """Each digest queued for ``audience``, by its day."""
    o = schema.outbox.c
    with engine.connect() as conn:
        rows = conn.execute(select(o.key, o.payload).where(o.audience == audience)).all()
    return {row.key.split(":")[-2]: row.payload for row in rows}


def test_an_item_past_its_ladder_is_listed_in_its_units_later_digests(store_url: str) -> None:
    engine = checked_until(store_url, date(2026, 6, 12))
    to_vp = payloads(engine, "unit:vp")
    steps = [day for day, p in to_vp.items() if any(i["code"] == "1.1" for i in p["items"])]
    later = {day: p for day, p in to_vp.items() if day > max(steps)}
    assert later  # vp hears of its report after 1.1's last escalation
    for day, payload in later.items():
        [item] = payload["still_open"]
        assert (item["code"], item["unit"]) == ("1.1", "vp"), day
        assert item["days_overdue"] > 0
    overdue = [p["still_open"][0]["days_overdue"] for _, p in sorted(later.items())]
    assert overdue == sorted(overdue) and len(set(overdue)) == len(overdue)  # it grows day by day


def test_the_committee_counts_the_open_items_of_the_units_it_does_not_name(store_url: str, tmp_path: Path) -> None:
    engine = checked_until(store_url, date(2026, 6, 15))
    committee = payloads(engine, "committee")["2026-06-15"]
    assert {i["unit"] for i in committee["items"]} == {"vhxh"}  # escalated today
    assert committee["still_open_by_unit"]["vp"] == 1
    outbox.drain(engine, FileNotifier(tmp_path / "out"), SETTINGS, at(date(2026, 6, 15)))
    [path] = (tmp_path / "out").glob("*committee-2026-06-15*.eml")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    text = str(body.get_content())
    assert "Ngoài ra còn 1 nội dung quá hạn đã hết lượt nhắc" in text and "Văn phòng HĐND và UBND: 1" in text
    assert "Phòng Văn hóa - Xã hội:" not in text.split("Ngoài ra")[1]  # listed above, not counted twice
