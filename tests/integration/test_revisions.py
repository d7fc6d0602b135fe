"""A plan's revisions at run time, against a real store: a new lead takes over the open
occurrences with their ladder (and receives the next reminder), history stays with the unit that
made it, and a cancelled or paused task sends nothing (issue #23, items 2 and 3)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from dondoc.engine import figures, nightly, plans, reports, store, updates
from dondoc.engine.payloads import Queued
from dondoc.engine.settings import Settings
from dondoc.engine.status import gather
from dondoc.engine.store.occurrences import StoredOccurrence
from dondoc.engine.validate import parse_plan
from dondoc.engine.vocabulary import EventKind
from tests.support.paths import FIXTURES

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SETTINGS = Settings(sender="dondoc@xa.example.vn")
V1 = (FIXTURES / "minimal.yaml").read_text("utf-8")
# Task 1.1, due Fri 27/2/2026, led by vp (head: chanh.vp) with vhxh coordinating: its ladder is
# r7 11/2 (before Tết, 16-20/2), r3 24/2, r1 26/2, e1 2/3 (lead), e5 6/3 (lead and head), e10 13/3
# (committee).
SWAPPED = V1.replace("    lead: vp\n    coordinators: [vhxh]\n", "    lead: vhxh\n    coordinators: [vp]\n").replace(
    "    email: [vhxh@xa.example.vn, vhxh2@xa.example.vn]\n",
    '    email: [vhxh@xa.example.vn, vhxh2@xa.example.vn]\n    head: {name: "Trưởng phòng", email: "tp@xa.example.vn"}\n',
)


def at(day: date) -> datetime:
    return datetime.combine(day, time(7, 30), TZ)


def load(engine: Engine, text: str, day: date) -> None:
    plans.load(engine, parse_plan(text.encode(), "plan.yaml"), at(day))
    assert not nightly.sync_all(engine, at(day)).failed


def check(engine: Engine, first: date, last: date | None = None) -> dict[date, list[Queued]]:
    """Run the check each day from ``first`` to ``last``; the messages queued, by day."""
    found: dict[date, list[Queued]] = {}
    day = first
    while day <= (last or first):
        queued: list[Queued] = []
        assert not nightly.check(engine, at(day), SETTINGS, each=queued.append).failed
        found[day] = queued
        day += timedelta(days=1)
    return found


def about(messages: list[Queued], code: str) -> list[str]:
    """The audiences of the messages that list ``code``."""
    return sorted(m.audience.key for m in messages if any(i.code == code for i in m.listed()))


def rows(engine: Engine, task_id: str) -> dict[tuple[str, str], StoredOccurrence]:
    with engine.connect() as conn:
        found = store.occurrences.generated(conn, "demo-xa")
    return {(unit, period): row for (task, unit, period), row in found.items() if task == task_id}


def overdue(engine: Engine, day: date) -> int:
    """How many items the dashboard and the report count overdue on ``day``."""
    with engine.connect() as conn:
        plan = plans.current(conn, "demo-xa")
        rows = list(store.occurrences.begun(conn, day, "demo-xa"))
    return len(figures.overdue(rows, day, plan.plan.timezone, plan.stopped_tasks(day)))


def say(
    engine: Engine,
    task_id: str,
    unit_id: str,
    day: date,
    update: updates.Update,
    period: str | None = None,
    extra: dict[str, object] | None = None,
) -> None:
    said = updates.Statement(
        plan_id="demo-xa", task_id=task_id, unit_id=unit_id, update=update, actor=unit_id, source="<m@x>", period=period
    )
    with store.transaction(engine) as conn:
        updates.record(conn, said, now=at(day), today=day, extra=extra)


@pytest.fixture
def engine(store_url: str) -> Engine:
    engine = store.connect(store_url)
    load(engine, V1, date(2026, 1, 5))
    return engine


def test_a_new_lead_takes_over_after_notices_fired_and_receives_the_next_escalation(engine: Engine) -> None:
    before = check(engine, date(2026, 2, 16), date(2026, 3, 3))
    assert about(before[date(2026, 3, 2)], "1.1") == ["unit:vp"]  # e1 went to the old lead
    say(engine, "1.1", "vp", date(2026, 3, 3), updates.Update(kind=EventKind.PROGRESS, progress=40, text="đang làm"))
    old = rows(engine, "1.1")[("vp", "2026-02-27")]

    load(engine, SWAPPED, date(2026, 3, 4))
    lead, stays = rows(engine, "1.1")[("vhxh", "2026-02-27")], rows(engine, "1.1")[("vp", "2026-02-27")]
    assert (lead.role, lead.due, lead.steps_done, lead.next_notice_on) == ("lead", old.due, 4, date(2026, 3, 6))
    assert (lead.state, lead.progress) == ("in_progress", 40)  # the task's standing goes with it
    assert (stays.id, stays.role, stays.next_notice_on) == (old.id, "coordinator", None)  # past its reminders

    after = check(engine, date(2026, 3, 4), date(2026, 3, 13))
    assert about(after[date(2026, 3, 6)], "1.1") == ["head:vhxh", "unit:vhxh"]  # e5: the new lead and its head
    assert about(after[date(2026, 3, 13)], "1.1") == ["committee"]
    assert not [m for day in after.values() for m in day if m.audience.unit_id == "vp" and about([m], "1.1")]

    with engine.connect() as conn:
        kept = store.events.of_occurrence(conn, old.id)
        taken = store.events.of_occurrence(conn, lead.id)
        history = store.events.task_history(conn, "demo-xa", "1.1")
    assert [(e.kind, e.actor) for e in kept] == [("progress", "vp"), ("reassigned", "dondoc")]  # vp's own history
    change = {"revision": 2, "role": "lead", "from": "vp", "to": "vhxh"}
    assert kept[1].payload == change and kept[1].source == "revision 2"
    assert [(e.kind, e.payload) for e in taken] == [("reassigned", change)]  # nothing of vp's moved
    assert {(h.unit_id, h.kind) for h in history} == {("vp", "progress"), ("vp", "reassigned"), ("vhxh", "reassigned")}


def test_an_extension_and_the_steps_handled_go_to_a_lead_new_to_the_task(engine: Engine) -> None:
    check(engine, date(2026, 2, 16), date(2026, 2, 24))  # r7 and r3 fired
    plan = plans.stored(engine, "demo-xa")
    assert plan is not None
    row = rows(engine, "1.1")[("vp", "2026-02-27")]
    granted = updates.extended(plan, plans.calendar_of(plan), row, date(2026, 3, 20), date(2026, 2, 25))
    say(engine, "1.1", "vp", date(2026, 2, 25), updates.Update(kind=EventKind.EXTENSION_APPROVED), extra=granted)
    extended = rows(engine, "1.1")[("vp", "2026-02-27")]

    text = V1.replace("units:\n", 'units:\n  - {id: ttdv, name: "Trung tâm Dịch vụ", email: ttdv@xa.example.vn}\n')
    load(engine, text.replace("    lead: vp\n    coordinators: [vhxh]\n", "    lead: ttdv\n    coordinators: [vhxh]\n"), date(2026, 2, 26))
    found = rows(engine, "1.1")
    new, gone = found[("ttdv", "2026-02-27")], found[("vp", "2026-02-27")]
    assert (new.due, new.extension_until, new.steps_done) == (date(2026, 3, 20), date(2026, 3, 20), extended.steps_done)
    assert new.next_notice_on == extended.next_notice_on and new.active
    assert not gone.active  # vp no longer works on the task: retired, its events kept
    following = extended.next_notice_on
    assert following is not None
    assert about(check(engine, following)[following], "1.1") == ["unit:ttdv"]


def test_what_the_old_lead_finished_stays_its_own_and_the_open_periods_move(engine: Engine) -> None:
    say(engine, "1.2", "vhxh", date(2026, 2, 2), updates.Update(kind=EventKind.DONE), period="2026-01")
    text = V1.replace("    lead: vhxh\n    repeat: monthly\n", "    lead: vp\n    repeat: monthly\n")
    load(engine, text, date(2026, 2, 10))
    found = {key: row for key, row in rows(engine, "1.2").items() if row.active}
    assert found[("vhxh", "2026-01")].state == "done"  # done by vhxh: history, left as it is
    assert ("vp", "2026-01") not in found
    assert {period for (unit, period) in found if unit == "vp"} >= {"2026-02", "2026-03"}
    assert not {period for (unit, period) in found if unit == "vhxh"} - {"2026-01"}


def test_a_coordinator_added_and_one_dropped_are_said_on_their_occurrences(engine: Engine) -> None:
    text = V1.replace("units:\n", 'units:\n  - {id: ttdv, name: "Trung tâm Dịch vụ", email: ttdv@xa.example.vn}\n')
    load(engine, text.replace("    coordinators: [vhxh]\n", "    coordinators: [ttdv]\n"), date(2026, 2, 2))
    found = rows(engine, "1.1")
    with engine.connect() as conn:
        added = store.events.of_occurrence(conn, found[("ttdv", "2026-02-27")].id)
        dropped = store.events.of_occurrence(conn, found[("vhxh", "2026-02-27")].id)
    assert [e.payload for e in added] == [{"revision": 2, "role": "coordinator", "from": None, "to": "ttdv"}]
    assert [e.payload for e in dropped] == [{"revision": 2, "role": "coordinator", "from": "vhxh", "to": None}]
    assert not found[("vhxh", "2026-02-27")].active


CANCELLED = V1.replace(
    "    repeat: monthly\n",
    '    repeat: monthly\n    status: cancelled\n    status_reason: "Bãi bỏ theo Kế hoạch 12/KH-UBND"\n',
)


def test_a_cancelled_task_sends_nothing_keeps_its_history_and_update_still_reaches_it(engine: Engine) -> None:
    check(engine, date(2026, 1, 26), date(2026, 2, 10))  # January's ladder has begun
    before = overdue(engine, date(2026, 2, 11))
    load(engine, CANCELLED, date(2026, 2, 11))
    assert overdue(engine, date(2026, 2, 11)) == before - 1  # the dashboard: January no longer overdue
    found = rows(engine, "1.2")
    open_ones = {period: row for (unit, period), row in found.items() if row.active}
    assert set(open_ones) == {"2026-01", "2026-02"}  # March onwards began after: retired
    assert all(row.stopped_on == date(2026, 2, 11) and row.next_notice_on is None for row in open_ones.values())
    later = check(engine, date(2026, 2, 11), date(2026, 4, 30))
    assert not [m for day in later.values() for m in day if about([m], "1.2")]

    say(engine, "1.2", "vhxh", date(2026, 2, 12), updates.Update(kind=EventKind.DONE), period="2026-02")
    with engine.connect() as conn:
        shown = {(o["period"], o["status_class"]): o["stopped"] for o in gather(conn, at(date(2026, 2, 12)), "demo-xa", None, "1.2").occurrences}
        stopped = store.events.of_occurrence(conn, open_ones["2026-01"].id)
    reason = "Bãi bỏ theo Kế hoạch 12/KH-UBND"
    assert shown == {
        ("2026-01", "cancelled"): {"status": "cancelled", "reason": reason, "since": "2026-02-11", "until": None},
        ("2026-02", "done_on_time"): None,  # done after all: done wins
    }
    assert [(e.kind, e.payload) for e in stopped] == [
        ("stopped", {"revision": 2, "since": "2026-02-11", "reason": reason})
    ]

    load(engine, V1, date(2026, 3, 2))  # active again: each ladder goes on from today
    found = rows(engine, "1.2")
    january, march = found[("vhxh", "2026-01")], found[("vhxh", "2026-03")]
    assert (january.stopped_on, january.steps_done, january.next_notice_on) == (None, 6, None)  # its days passed
    assert march.active and march.next_notice_on is not None and march.next_notice_on > date(2026, 3, 2)
    with engine.connect() as conn:
        assert [e.kind for e in store.events.of_occurrence(conn, january.id)] == ["stopped", "resumed"]


def test_a_cancellation_from_a_later_day_stops_the_ladder_that_day(engine: Engine) -> None:
    text = V1.replace(
        "    due: 2026-02-27\n",
        '    due: 2026-02-27\n    status: cancelled\n    status_reason: "Gộp vào nhiệm vụ 2.1"\n    status_since: 2026-02-25\n',
    )
    load(engine, text, date(2026, 2, 2))
    sent = check(engine, date(2026, 2, 9), date(2026, 3, 16))
    fired = sorted(day for day, messages in sent.items() if about(messages, "1.1"))
    assert fired == [date(2026, 2, 11), date(2026, 2, 24)]  # r7 and r3, then nothing from 25/2
    assert rows(engine, "1.1")[("vp", "2026-02-27")].stopped_on == date(2026, 2, 25)


PAUSED = V1.replace(
    "    due: 2026-02-27\n",
    '    due: 2026-02-27\n    status: paused\n    status_reason: "Chờ hướng dẫn của tỉnh"\n'
    "    status_since: 2026-02-20\n    paused_until: 2026-03-10\n",
)


def test_a_paused_task_is_suspended_not_shifted_and_goes_on_after_the_pause(engine: Engine) -> None:
    load(engine, PAUSED, date(2026, 2, 2))
    sent = check(engine, date(2026, 2, 9), date(2026, 3, 20))
    fired = {day: about(messages, "1.1") for day, messages in sent.items() if about(messages, "1.1")}
    # r7 on 11/2 went before the pause; r3, r1, e1 and e5 fell within it and are not sent late;
    # the deadline stays 27/2, so e10 on 13/3 (after the pause) reaches the committee.
    assert fired == {date(2026, 2, 11): ["unit:vhxh", "unit:vp"], date(2026, 3, 13): ["committee"]}
    with engine.connect() as conn:
        during = gather(conn, at(date(2026, 3, 2)), "demo-xa", "vp", "1.1").occurrences
        after = gather(conn, at(date(2026, 3, 11)), "demo-xa", "vp", "1.1").occurrences
    assert [(o["status_class"], o["stopped"]["until"], o["due"]) for o in during] == [("paused", "2026-03-10", "2026-02-27")]
    assert [(o["status_class"], o["stopped"]) for o in after] == [("overdue", None)]


def test_the_report_keeps_stopped_items_apart_with_why(engine: Engine) -> None:
    load(engine, PAUSED, date(2026, 2, 2))
    check(engine, date(2026, 3, 2))
    with engine.connect() as conn:
        report = reports.gather(conn, "demo-xa", "2026-Q1", at(date(2026, 3, 2)))
    (task,) = [t for t in report.tasks if t.task == "1.1"]
    assert (task.status_class, task.stopped_reason) == ("stopped", "Chờ hướng dẫn của tỉnh")
    assert "1.1" not in {i.task for i in report.overdue}
    assert [i.status_class for i in report.items if i.task == "1.1"] == ["stopped"]
    vp = next(u for u in report.units if u.unit == "vp")
    assert vp.figures["stopped"] == 1 and vp.figures.overdue == 0
