"""Half a year of the five seed plans, as units would live it, through the library.

Every working day the check runs (reminders, escalations); every Friday units answer what
fell due: most on time, some late, some with progress and words, some blocked, some never;
ongoing duties get a sentence a month from the lead and, now and then, the same sentence
from a coordinator; obstacles and proposals are labelled notes (one sentence said by several
units); targets get a value a month; most units send their period report. The outbox is
delivered to .eml files every week, so committee escalations are rendered on their own day.

Every choice is a hash of what it is about: the same simulation gives the same store.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine

from dondoc.engine import nightly, outbox, plans, store, updates
from dondoc.engine.clock import to_store
from dondoc.engine.occurrences import REPORT
from dondoc.engine.plan import Plan
from dondoc.engine.settings import Settings
from dondoc.engine.store.events import NewEvent
from dondoc.engine.store.occurrences import StoredOccurrence
from dondoc.engine.validate import read_plan
from dondoc.engine.vocabulary import EventKind, Role, State
from dondoc.notifiers.files import FileNotifier
from tests.support.paths import PLANS

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = date(2026, 1, 5), date(2026, 7, 6)  # a Monday; the day after the first half's reports are due
SETTINGS = Settings(sender="dondoc@xa.example.vn", secret="simulation")

RESULTS = (
    "Đã ban hành văn bản triển khai và phân công cán bộ phụ trách",
    "Đã tổ chức tuyên truyền trên hệ thống loa truyền thanh và cổng thông tin điện tử của xã",
    "Đã lồng ghép nội dung vào hội nghị giao ban tháng",
    "Đang phối hợp rà soát số liệu, dự kiến hoàn thành trong tháng tới",
)
OBSTACLES = (
    "Thiếu kinh phí thực hiện",
    "Cán bộ kiêm nhiệm nhiều việc, chưa có người chuyên trách chuyển đổi số",
    "Hạ tầng mạng tại một số thôn chưa ổn định",
)
PROPOSALS = (
    "Đề nghị cấp trên bổ sung kinh phí cho hoạt động chuyển đổi số",
    "Đề nghị tổ chức tập huấn kỹ năng số cho cán bộ cơ sở",
)


def at(day: date, hour: int = 7, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


def roll(*parts: object) -> int:
    """A stable number 0..99 for what ``parts`` name."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16) % 100


@dataclass(frozen=True)
class Simulated:
    url: str
    outbox: Path
    end: datetime  # the moment the simulation stopped (07:30 on END, after that morning's check)
    plan_ids: tuple[str, ...]


def simulate(url: str, folder: Path, start: date = START, end: date = END) -> Simulated:
    """Load the five seeds on ``start`` and live them until ``end`` (see the module docstring)."""
    engine = store.connect(url)
    loaded = [read_plan(path).plan for path in PLANS]
    for path in PLANS:
        plans.load(engine, read_plan(path), at(start))
    notifier = FileNotifier(folder / "outbox")
    day = start
    while day <= end:
        if day.weekday() < 5:
            nightly.check(engine, at(day), SETTINGS)
        if day.weekday() == 4:
            for plan in loaded:
                _answer(engine, plan, day)
        if day.weekday() == 5 or day == end:
            outbox.drain(engine, notifier, SETTINGS, at(day, 8))
        day += timedelta(days=1)
    return Simulated(url, folder / "outbox", at(end), tuple(p.id for p in loaded))


def _answer(engine: Engine, plan: Plan, friday: date) -> None:
    """What the plan's units say on a Friday about what fell due this week and what goes on."""
    said = at(friday, 15)
    with store.transaction(engine) as conn:
        rows = [r for r in store.occurrences.begun(conn, friday, plan.id) if r.state != State.DONE]
        for row in rows:
            if row.role == Role.COORDINATOR:
                continue
            if row.due is not None and friday - timedelta(days=7) < row.due <= friday + timedelta(days=3):
                _due(conn, plan, row, friday, said)
            elif row.due is None and friday.day <= 7:
                _ongoing(conn, plan, row, friday, said)
            elif row.due is not None and row.due <= friday and roll(row.id, friday) < 5:
                _record(conn, plan, row, updates.Update(kind=EventKind.DONE), friday, said)  # caught up late
        if friday.day <= 7:
            _targets(conn, plan, friday, said)


def _due(conn: Connection, plan: Plan, row: StoredOccurrence, friday: date, said: datetime) -> None:
    key = roll(plan.id, row.task_id, row.unit_id, row.period)
    if row.task_id == REPORT:
        if key < 75:
            _record(conn, plan, row, updates.Update(kind=EventKind.REPORT), friday, said)
        return
    if key < 50:
        text = RESULTS[key % len(RESULTS)] if key % 3 == 0 else ""
        _record(conn, plan, row, updates.Update(kind=EventKind.DONE, text=text), friday, said)
    elif key < 62:
        text = RESULTS[key % len(RESULTS)]
        _record(conn, plan, row, updates.Update(kind=EventKind.PROGRESS, progress=50, text=text), friday, said)
    elif key < 70:
        text = OBSTACLES[key % len(OBSTACLES)]
        _record(conn, plan, row, updates.Update(kind=EventKind.BLOCKED, text=text), friday, said)


def _ongoing(conn: Connection, plan: Plan, row: StoredOccurrence, friday: date, said: datetime) -> None:
    """A sentence a month on an ongoing duty; a coordinator sometimes says the same; a remark now and then."""
    key = roll(plan.id, row.task_id, friday.month)
    if key >= 70:
        return
    text = RESULTS[key % len(RESULTS)]
    _record(conn, plan, row, updates.Update(kind=EventKind.PROGRESS, text=text), friday, said)
    task = plan.task(row.task_id)
    coordinators = plan.reached(task.coordinators)
    if coordinators and key % 4 == 0:
        coordinator = _coordinating(conn, plan, task.id, coordinators[0], friday)
        if coordinator is not None:
            _record(conn, plan, coordinator, updates.Update(kind=EventKind.PROGRESS, text=text), friday, said)
    if key % 5 == 0:
        label, texts = ("obstacle", OBSTACLES) if key % 2 else ("proposal", PROPOSALS)
        note = updates.Update(kind=EventKind.NOTE, text=texts[key % len(texts)], label=label)
        _record(conn, plan, row, note, friday, said)


def _coordinating(conn: Connection, plan: Plan, task_id: str, unit: str, friday: date) -> StoredOccurrence | None:
    found = store.occurrences.find_open(conn, plan.id, task_id, unit, friday, [])
    return found[0] if found else None


def _targets(conn: Connection, plan: Plan, friday: date, said: datetime) -> None:
    """A value a month for two targets in three, growing towards (and for some short of) the milestone."""
    for target in plan.targets:
        key = roll(plan.id, target.id)
        if key >= 66 or plan.unit(target.lead).external:
            continue
        milestone = max(target.milestones.items())[1]
        pace = 0.9 if key % 2 else 0.45  # half of them on course, half at risk
        value = round(milestone * pace * (friday.month / 12), 1)
        event = NewEvent(
            plan_id=plan.id,
            target_id=target.id,
            kind=EventKind.TARGET_VALUE,
            actor=target.lead,
            source=f"<sim-{plan.id}-{target.id}-{friday}@xa.example.vn>",
            line=1,
            payload={"value": value, "year": friday.year, "text": ""},
            at=to_store(said),
            recorded_at=to_store(said),
        )
        store.events.append(conn, [event])


def _record(conn: Connection, plan: Plan, row: StoredOccurrence, update: updates.Update, friday: date, said: datetime) -> None:
    statement = updates.Statement(
        plan_id=plan.id,
        task_id=row.task_id,
        unit_id=row.unit_id,
        update=update,
        actor=row.unit_id,
        source=f"<sim-{row.id}-{friday}@xa.example.vn>",
        line=1,
        period=row.period,
    )
    updates.record(conn, statement, now=said, today=friday)



def copy_of(simulated: Simulated, folder: Path) -> str:
    """A database URL for a private copy of the simulation's store (a test that writes uses it)."""
    source = simulated.url.removeprefix("sqlite:///")
    target = folder / "copy.db"
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    return f"sqlite:///{target}"
