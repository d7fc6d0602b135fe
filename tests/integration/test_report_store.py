"""The reporting cycle's store, on SQLite and PostgreSQL: one report per cut-off (migration 8) and
the answers kept per report (migration 9)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from dondoc.engine import nightly, plans, store
from dondoc.engine.store import migrations, schema
from dondoc.engine.store.entries import Answered, NewEntry
from dondoc.engine.store.events import NewEvent
from dondoc.engine.store.occurrences import NewOccurrence
from dondoc.engine.validate import parse_plan
from dondoc.engine.vocabulary import Via
from tests.support.paths import FIXTURES

NOW = datetime(2026, 6, 20, 0, 30, tzinfo=UTC)
AT = NOW.replace(tzinfo=None)
TEXT = (FIXTURES / "minimal.yaml").read_text("utf-8")
QUARTERLY = TEXT.replace("targets:\n", "reporting:\n  cadences: [quarterly, semiannual, annual]\ntargets:\n", 1)
CUT = date(2026, 6, 15)  # the report of 14/06 is due one working day later


def old_report(period: str, **values: Any) -> NewOccurrence:
    """A report occurrence as schema 7 made them: one per cadence."""
    start = date(2026, 3, 15) if period == "2026-Q2" else date(2025, 12, 15)
    row = NewOccurrence("demo-xa", "report", "vp", period, "report", start, CUT, CUT, None)
    return row._replace(**values)


def test_migration_8_merges_the_reports_of_one_cut_off_into_the_longest_periods(db_url: str) -> None:
    engine = store.connect(db_url, upgrade=False)
    migrations.migrate(engine, target=7)
    plans.load(engine, parse_plan(QUARTERLY.encode(), "p.yaml"), NOW)
    with store.transaction(engine) as conn:
        store.occurrences.insert(
            conn,
            [
                old_report("2026-Q2", state="done", progress=100, steps_done=3),
                old_report("2026-H1", steps_done=1, next_notice_on=date(2026, 6, 11)),
                old_report("2026-Q1", original_due=date(2026, 3, 16), due=date(2026, 3, 16)),
            ],
        )
        ids = dict(conn.execute(select(schema.occurrences.c.period, schema.occurrences.c.id)).all())
        conn.execute(schema.occurrences.update().values(done_at=AT).where(schema.occurrences.c.id == ids["2026-Q2"]))
        event = NewEvent(
            plan_id="demo-xa", occurrence_id=ids["2026-Q2"], kind="report", actor="vp", source="<m@x>", line=0,
            payload={"text": "bao-cao.docx"}, at=AT, recorded_at=AT,
        )  # fmt: skip
        store.events.append(conn, [event])
    migrations.migrate(engine)
    o = schema.occurrences.c
    with engine.connect() as conn:
        query = select(o.period, o.active, o.state, o.steps_done, o.next_notice_on, o.period_start)
        rows = {r.period: r for r in conn.execute(query)}
        moved = conn.execute(select(schema.events.c.occurrence_id)).scalar_one()
    assert (rows["2026-H1"].active, rows["2026-H1"].state, rows["2026-H1"].steps_done) == (True, "done", 3)
    assert rows["2026-H1"].next_notice_on is None  # done: nothing more to remind
    assert rows["2026-H1"].period_start == date(2026, 3, 15)  # open since the day after the Q1 cut-off
    assert not rows["2026-Q2"].active and rows["2026-Q1"].active  # Q1 closes alone: untouched
    assert moved == ids["2026-H1"]  # the event stays with the report that answers its period


def test_a_merged_store_generates_no_shorter_report_again(db_url: str) -> None:
    engine = store.connect(db_url)
    plans.load(engine, parse_plan(QUARTERLY.encode(), "p.yaml"), NOW)
    nightly.sync_all(engine, NOW)
    o = schema.occurrences.c
    with engine.connect() as conn:
        periods = set(conn.execute(select(o.period).where(o.task_id == "report", o.unit_id == "vp")).scalars())
    assert {"2026-Q1", "2026-H1", "2026-Q3"} <= periods and not {"2026-Q2", "2026-Q4", "2026-H2"} & periods


def entry(report_id: int, item: str, at: datetime, **values: object) -> NewEntry:
    base: dict[str, object] = {
        "plan_id": "demo-xa", "report_id": report_id, "unit_id": "vhxh", "item": item, "kind": "task",
        "via": Via.LINE, "source": "<m@x>", "position": 1, "actor": "vhxh", "at": at, "recorded_at": at,
    }  # fmt: skip
    return NewEntry(**(base | values))  # type: ignore[arg-type]


def test_answers_are_kept_per_report_and_the_latest_saying_counts(db_url: str) -> None:
    engine = store.connect(db_url)
    later = AT.replace(day=21)
    with store.transaction(engine) as conn:
        store.entries.append(
            conn,
            [
                entry(1, "1.2", AT, state="in_progress", progress=60, result="đã phát 3 số", period="2026-05"),
                entry(1, "1.2", later, proposals="bổ sung kinh phí"),  # says nothing of how it stands
                entry(1, "CT-5G", AT, kind="target", value=61.5),
                entry(2, "report", later, kind="report", via=Via.DOCUMENT, result="bao-cao.pdf"),
                entry(2, "2.1", later, state="done", result="xong", via=Via.FORM, position=4),
            ],
        )
    with engine.connect() as conn:
        answered = store.entries.answered(conn, [1, 2, 3])
        latest = store.entries.latest(conn, ["demo-xa"])
    assert answered == {1: Answered(frozenset({"1.2", "CT-5G"}), False), 2: Answered(frozenset({"report", "2.1"}), True)}
    last = latest[("demo-xa", "vhxh", "1.2")]
    assert (last.result, last.progress, last.period, last.at) == ("đã phát 3 số", 60, "2026-05", AT)
    assert latest[("demo-xa", "vhxh", "2.1")].via == Via.FORM and ("demo-xa", "vhxh", "report") not in latest


def test_migration_10_gives_every_plan_its_targets_follow_up_day_at_the_next_sync(db_url: str) -> None:
    engine = store.connect(db_url, upgrade=False)
    migrations.migrate(engine, target=9)
    plans.load(engine, parse_plan(QUARTERLY.encode(), "p.yaml"), NOW)
    with store.transaction(engine) as conn:
        conn.execute(schema.plans.update().values(generated_until=date(2026, 12, 31)))  # synced before
    migrations.migrate(engine)
    nightly.sync_all(engine, NOW)
    with engine.connect() as conn:
        assert store.plans.review_days(conn, ["demo-xa"]) == {"demo-xa": date(2026, 9, 16)}  # H1's passed on 16/06
