"""The nightly check against a real store: simulated months, idempotency, concurrency, status."""

from __future__ import annotations

import email
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, time, timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from dondoc.engine import nightly, plans, store, tokens, updates
from dondoc.engine.calendar import WorkCalendar
from dondoc.engine.emails import Sender, render_digest
from dondoc.engine.occurrences import steps
from dondoc.engine.payloads import Queued
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from dondoc.engine.validate import parse_plan, read_plan
from dondoc.engine.vocabulary import EventKind
from tests.support.paths import FIXTURES, ROOT

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SETTINGS = Settings(sender="dondoc@ubnd.example.vn")
MINIMAL = FIXTURES / "minimal.yaml"


def at(day: date) -> datetime:
    return datetime.combine(day, time(7, 30), TZ)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def loaded(db_url: str, path: Path = MINIMAL, when: date = date(2026, 1, 5)) -> object:
    engine = store.connect(db_url)
    plans.load(engine, parse_plan(path.read_bytes(), str(path)), at(when))
    return engine


def notices_by_day(engine: object) -> dict[tuple[str, str, str], date]:
    """(task, unit, step) -> the local day its notice was queued."""
    o, n = schema.occurrences.c, schema.notices.c
    query = select(o.task_id, o.unit_id, o.period, n.step, n.created_at).join(schema.notices, n.occurrence_id == o.id)
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(query).all()
    found = {}
    for r in rows:
        key = (r.task_id, r.unit_id, f"{r.period}/{r.step}")
        assert key not in found
        found[key] = r.created_at.replace(tzinfo=ZoneInfo("UTC")).astimezone(TZ).date()
    return found


def test_three_months_of_daily_runs_send_each_step_once_on_working_days(db_url: str) -> None:
    engine = loaded(db_url)
    queued_on: Counter[date] = Counter()
    for day in days(date(2026, 1, 5), date(2026, 3, 31)):
        result = nightly.check(engine, at(day), SETTINGS)  # type: ignore[arg-type]
        queued_on[day] += result.queued
    cal = WorkCalendar.build()
    assert all(cal.is_working_day(d) for d, n in queued_on.items() if n), "nothing is queued on a day off"
    sent = notices_by_day(engine)
    one_off = {k[1:]: v for k, v in sent.items() if k[0] == "1.1"}
    assert one_off == {
        ("vp", "2026-02-27/r7"): date(2026, 2, 11),
        ("vp", "2026-02-27/r3"): date(2026, 2, 24),
        ("vp", "2026-02-27/r1"): date(2026, 2, 26),
        ("vp", "2026-02-27/e1"): date(2026, 3, 2),
        ("vp", "2026-02-27/e5"): date(2026, 3, 6),
        ("vp", "2026-02-27/e10"): date(2026, 3, 13),
        ("vhxh", "2026-02-27/r7"): date(2026, 2, 11),
        ("vhxh", "2026-02-27/r3"): date(2026, 2, 24),
        ("vhxh", "2026-02-27/r1"): date(2026, 2, 26),
    }
    # The monthly bulletin: January's deadline 31/1 is a Saturday, so it ends Mon 2/2.
    january = {k[2]: v for k, v in sent.items() if k[0] == "1.2" and k[2].startswith("2026-01/")}
    assert january["2026-01/r1"] == date(2026, 1, 30) and january["2026-01/e1"] == date(2026, 2, 3)


def test_running_twice_at_the_same_moment_queues_nothing_new(db_url: str) -> None:
    engine = loaded(db_url)
    first = nightly.check(engine, at(date(2026, 3, 16)), SETTINGS)  # type: ignore[arg-type]
    again: list[Queued] = []
    second = nightly.check(engine, at(date(2026, 3, 16)), SETTINGS, each=again.append)  # type: ignore[arg-type]
    assert first.queued > 0 and second.queued == 0 and again == [] and second.notices == 0


def test_a_dry_run_changes_nothing(db_url: str) -> None:
    engine = loaded(db_url)
    dry: list[Queued] = []
    real: list[Queued] = []
    counted = nightly.check(engine, at(date(2026, 3, 16)), SETTINGS, dry_run=True, each=dry.append)  # type: ignore[arg-type]
    nightly.check(engine, at(date(2026, 3, 16)), SETTINGS, each=real.append)  # type: ignore[arg-type]
    assert [m.key for m in dry] == [m.key for m in real] and dry and counted.queued == len(dry)


def test_one_digest_per_recipient_with_every_item(db_url: str) -> None:
    engine = loaded(db_url)
    messages: list[Queued] = []
    nightly.check(engine, at(date(2026, 3, 16)), SETTINGS, each=messages.append)  # type: ignore[arg-type]
    recipients = [tuple(m.recipients) for m in messages]
    assert len(recipients) == len(set(recipients))
    committee = next(m for m in messages if "truongban@xa.example.vn" in m.recipients)
    sender = Sender("dondoc@ubnd.example.vn", "s3cret")
    rendered = render_digest(read_plan(MINIMAL).plan, committee, at(date(2026, 3, 16)), sender)
    assert rendered.message_id == committee.message_id and committee.message_id.endswith("@ubnd.example.vn>")
    body = email.message_from_bytes(rendered.message, policy=policy.default)
    text = body.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert text.startswith("— Vui lòng trả lời phía trên dòng này —")
    assert "[1.1] Thành lập Ban Chỉ đạo" in text and "quá hạn 11 ngày làm việc" in text
    assert "VĂN PHÒNG HĐND VÀ UBND: 1 nội dung quá hạn" in text and "Chưa nhận được báo cáo nào" in text
    token = tokens.token("s3cret", committee.key, "demo-xa", "committee")
    assert body["Reply-To"].addresses[0].addr_spec == f"dondoc+{token}@ubnd.example.vn"
    assert (
        str(body["Subject"]).startswith("[01/KH-UBND] Tổng hợp nội dung quá hạn") and f"[#{token}]" in body["Subject"]
    )
    assert body["Auto-Submitted"] == "auto-generated" and body["X-Auto-Response-Suppress"] == "All"
    assert body.get_body(("html",)) is not None


def test_a_year_on_a_seed_plan_matches_an_independent_day_by_day_oracle(store_url: str) -> None:
    path = ROOT / "dondoc" / "plans" / "tan-ky-tuyen-truyen-nq57.yaml"
    engine = loaded(store_url, path, date(2026, 3, 1))
    first, last = date(2026, 3, 1), date(2027, 2, 28)
    for day in days(first, last):
        nightly.check(engine, at(day), SETTINGS)  # type: ignore[arg-type]
    sent = notices_by_day(engine)
    plan, cal = read_plan(path).plan, WorkCalendar.build()
    with engine.connect() as conn:  # type: ignore[attr-defined]
        occ = conn.execute(select(schema.occurrences).where(schema.occurrences.c.due.is_not(None))).all()
    expected = {}
    for o in occ:
        for s in steps(plan, cal, o.role, o.due):
            fire = next((d for d in days(max(s.on, first), last) if cal.is_working_day(d)), None)
            if fire and (s.kind == "escalation" or fire <= o.due):
                expected[(o.task_id, o.unit_id, f"{o.period}/{s.name}")] = fire
    assert sent == expected
    per_unit = Counter(k[1] for k in sent)
    assert per_unit["ttdv"] > 100  # the weekly bulletin's lead hears about it every week


def test_status_json_around_tet(db_url: str) -> None:
    engine = loaded(db_url)
    now = at(date(2026, 3, 2))
    nightly.sync_all(engine, now)  # type: ignore[arg-type]
    from dondoc.engine.status import occurrence_status

    plan = read_plan(MINIMAL).plan
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = {(r.task_id, r.unit_id, r.period): r for r in store.occurrences.begun(conn, now.date(), "demo-xa")}
    cal = WorkCalendar.build()
    one_off = occurrence_status(plan, cal, rows[("1.1", "vp", "2026-02-27")], now.date())
    assert (one_off["status_class"], one_off["days_overdue"], one_off["due"]) == ("overdue", 1, "2026-02-27")
    january = occurrence_status(plan, cal, rows[("1.2", "vhxh", "2026-01")], now.date())
    assert (january["due"], january["original_due"], january["days_overdue"]) == ("2026-02-02", "2026-01-31", 15)
    # 15 = working days after Mon 2/2 up to Mon 2/3: 4 + 5 + (Tết week: 0) + 5 + 1
    assert rows[("2.1", "vhxh", "ongoing")].due is None


@pytest.mark.slow
def test_two_processes_at_once_on_sqlite_queue_each_message_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.db'}"
    loaded(url, ROOT / "dondoc" / "plans" / "gia-loc-nq57.yaml", date(2026, 1, 5))
    exe = str(Path(sys.executable).with_name("dondoc"))
    env = {"DONDOC_DB": url, "PATH": "/usr/bin:/bin"}
    procs = [
        subprocess.Popen([exe, "check", "--now", "2026-03-16"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    engine = store.connect(url)
    with engine.connect() as conn:
        keys = conn.execute(select(schema.outbox.c.key)).scalars().all()
        recipients = conn.execute(select(schema.outbox.c.recipients)).scalars().all()
    assert len(keys) == len(set(keys)) > 0
    assert len({tuple(r) for r in recipients}) == len(recipients), "one digest per recipient"


def test_a_new_revision_moves_deadlines_and_keeps_reported_occurrences(db_url: str) -> None:
    engine = loaded(db_url)
    now = at(date(2026, 2, 2))
    nightly.sync_all(engine, now)  # type: ignore[arg-type]
    from dondoc.engine import updates

    with store.transaction(engine) as conn:  # type: ignore[arg-type]
        said = updates.Statement(
            plan_id="demo-xa",
            task_id="2.1",
            unit_id="vhxh",
            update=updates.Update(kind=EventKind.PROGRESS, progress=40),
            actor="vhxh",
            source="<m1@x>",
        )
        updates.record(conn, said, now=now, today=now.date())
    text = MINIMAL.read_text("utf-8").replace("    due: 2026-02-27", "    due: 2026-03-31")
    text = text.split('  - id: "2.1"')[0]  # task 2.1 is dropped from the plan
    plans.load(engine, parse_plan(text.encode(), "v2.yaml"), now)  # type: ignore[arg-type]
    nightly.sync_all(engine, now)  # type: ignore[arg-type]
    o = schema.occurrences.c
    with engine.connect() as conn:  # type: ignore[attr-defined]
        moved = conn.execute(
            select(o.due, o.original_due, o.next_notice_on).where(o.task_id == "1.1", o.unit_id == "vp")
        ).one()
        dropped = conn.execute(select(o.id, o.active, o.progress).where(o.task_id == "2.1")).one()
        kept_events = store.events.of_occurrence(conn, dropped.id)
    assert moved.original_due == date(2026, 3, 31) and moved.due == date(2026, 3, 31)
    assert moved.next_notice_on == date(2026, 3, 20)  # 7 working days before 31/3
    assert (dropped.active, dropped.progress) == (False, 40)
    assert [e.kind for e in kept_events] == ["progress"] and kept_events[0].source == "<m1@x>"


def test_an_update_without_a_period_goes_to_the_earliest_open_one_then_the_earliest(db_url: str) -> None:
    """Task 1.2 repeats monthly: the store reads only the open periods first, and all of them when
    every begun period is done; either way the rule is ``updates.choose``'s."""
    engine = loaded(db_url)
    now = at(date(2026, 3, 16))
    nightly.sync_all(engine, now)  # type: ignore[arg-type]

    def say(kind: str, period: str | None = None, prefer: tuple[str, ...] = ()) -> str:
        said = updates.Statement(
            plan_id="demo-xa", task_id="1.2", unit_id="vhxh", update=updates.Update(kind=EventKind(kind)),
            actor="vhxh", source="<m@x>", period=period, prefer=prefer,
        )  # fmt: skip
        with store.transaction(engine) as conn:  # type: ignore[arg-type]
            row = updates.record(conn, said, now=now, today=now.date())
        return str(row.period)

    assert say("progress") == "2026-01"  # the earliest begun and not done
    assert say("done", prefer=("2026-03",)) == "2026-03"  # the one the reminder listed
    assert say("done", prefer=("2026-06",)) == "2026-06"  # listed, though not begun
    assert say("done") == "2026-01"
    assert say("done") == "2026-02"
    assert say("note") == "2026-01"  # every begun period is done: the earliest of all
    assert say("note", period="2026-04") == "2026-04"
