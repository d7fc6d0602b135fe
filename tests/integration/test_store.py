"""The store on SQLite and on a real PostgreSQL: migrations, load, revisions, history."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError

from dondoc.engine import dashboard, nightly, plans, reports, store
from dondoc.engine.errors import PlanUnreadable, StoreError, UserError
from dondoc.engine.store import meta, migrations, schema
from dondoc.engine.store.events import NewEvent
from dondoc.engine.validate import parse_plan
from tests.support.paths import FIXTURES, PLANS
from tests.support.servers import Databases

NOW = datetime(2026, 3, 16, 0, 30, tzinfo=UTC)
TZ = "Asia/Ho_Chi_Minh"
BASE = (FIXTURES / "minimal.yaml").read_text("utf-8")


def source(text: str = BASE, name: str = "minimal.yaml") -> plans.PlanSource:  # type: ignore[name-defined]
    return parse_plan(text.encode(), name)


def test_migrations_from_an_empty_database(db_url: str) -> None:
    engine = store.connect(db_url, upgrade=False)
    with engine.connect() as conn:
        assert migrations.schema_version(conn) == 0
    assert migrations.migrate(engine) == 0
    with engine.connect() as conn:
        assert migrations.schema_version(conn) == migrations.SCHEMA_VERSION
        for table in schema.metadata.sorted_tables:
            assert conn.dialect.has_table(conn, table.name), table.name
    assert migrations.migrate(engine) == migrations.SCHEMA_VERSION  # a second run changes nothing


def test_each_migration_step_applies_in_turn(db_url: str) -> None:
    engine = store.connect(db_url, upgrade=False)
    for version in range(1, migrations.SCHEMA_VERSION + 1):
        migrations.migrate(engine, target=version)
        with engine.connect() as conn:
            assert migrations.schema_version(conn) == version


def test_a_newer_schema_is_refused(db_url: str) -> None:
    engine = store.connect(db_url)
    with engine.begin() as conn:
        meta.set_value(conn, "schema_version", str(migrations.SCHEMA_VERSION + 1))
    with pytest.raises(StoreError, match="newer than this dondoc"):
        store.connect(db_url)


def test_load_is_idempotent_and_a_change_is_a_new_revision(db_url: str) -> None:
    engine = store.connect(db_url)
    assert plans.load(engine, source(), NOW).outcome == "new"
    assert plans.load(engine, source(), NOW) == plans.LoadResult("demo-xa", 1, "unchanged")
    changed = BASE.replace('title: "Kế hoạch thử"', 'title: "Kế hoạch thử (sửa đổi)"')
    assert plans.load(engine, source(changed), NOW) == plans.LoadResult("demo-xa", 2, "revised")
    with engine.connect() as conn:
        texts = (
            conn.execute(select(schema.plan_revisions.c.yaml_text).order_by(schema.plan_revisions.c.revision))
            .scalars()
            .all()
        )
        assert texts == [BASE, changed]  # history keeps the exact text of every revision
        assert plans.current(conn, "demo-xa").plan.title == "Kế hoạch thử (sửa đổi)"
        [row] = store.plans.summaries(conn)
    assert (row.id, row.revision, row.tasks, row.units, row.targets) == ("demo-xa", 2, 3, 2, 1)


def test_a_task_dropped_from_a_plan_is_kept_inactive(db_url: str) -> None:
    engine = store.connect(db_url)
    plans.load(engine, source(), NOW)
    without = BASE.replace('    depends_on: ["1.1"]\n', "").split('  - id: "2.1"')[0]
    without = without.replace("targets:\n  - id: CT-5G", "targets:\n  - id: CT-5G")
    plans.load(engine, source(without), NOW)
    with engine.connect() as conn:
        rows = dict(conn.execute(select(schema.tasks.c.id, schema.tasks.c.active)).all())
    assert rows == {"1.1": True, "1.2": True, "2.1": False}


def test_going_back_to_an_earlier_text_is_a_new_revision(db_url: str) -> None:
    engine = store.connect(db_url)
    changed = BASE.replace("Kế hoạch thử", "Kế hoạch khác")
    results = [plans.load(engine, source(t), NOW).revision for t in (BASE, changed, BASE)]
    assert results == [1, 2, 3]


def test_an_unknown_parent_is_refused(db_url: str) -> None:
    engine = store.connect(db_url)
    child = BASE.replace("  issued: 2026-01-05", "  issued: 2026-01-05\n  parent: tinh-57")
    with pytest.raises(UserError, match="tinh-57"):
        plans.load(engine, source(child), NOW)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_every_seed_plan_loads(db_url: str, path: Path) -> None:
    engine = store.connect(db_url)
    loaded = plans.load(engine, parse_plan(path.read_bytes(), str(path)), NOW)
    with engine.connect() as conn:
        [row] = store.plans.summaries(conn)
        plan = plans.current(conn, loaded.plan_id)
    assert (row.tasks, row.units, row.targets) == (len(plan.tasks), len(plan.units), len(plan.targets))


def test_a_bad_database_url_is_a_user_error() -> None:
    with pytest.raises(StoreError, match="cannot use database"):
        store.connect("nosuchdb://x")


def stored_by_schema_1(db_url: str, texts: dict[str, str]) -> Engine:
    """A database as schema 1 left it (no plan_json column), holding these plans' texts by id."""
    engine = store.connect(db_url, upgrade=False)
    migrations.migrate(engine, target=1)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE plan_revisions DROP COLUMN plan_json"))
        for plan_id, body in texts.items():
            at = NOW.replace(tzinfo=None)
            head = {"id": plan_id, "revision": 1, "code": "", "title": "t", "language": "vi"}
            conn.execute(schema.plans.insert().values(**head, timezone=TZ, created_at=at, updated_at=at))
            conn.execute(
                text(
                    "INSERT INTO plan_revisions (plan_id, revision, sha256, source_path, yaml_text, loaded_at) "
                    "VALUES (:p, 1, :sha, 'p.yaml', :y, :t)"
                ),
                {"p": plan_id, "sha": hashlib.sha256(body.encode()).hexdigest(), "y": body, "t": at},
            )
    return engine


def test_migration_2_backfills_the_plan_json_of_revisions_stored_by_schema_1(db_url: str) -> None:
    engine = stored_by_schema_1(db_url, {"demo-xa": BASE})
    assert migrations.migrate(engine) == 1
    with engine.connect() as conn:
        assert plans.current(conn, "demo-xa").plan.title == "Kế hoạch thử"


def test_migration_2_goes_on_past_a_revision_it_cannot_convert(db_url: str) -> None:
    """One plan this dondoc refuses is left without JSON and says so when read; the others are
    upgraded and run (issue #23: one plan never stops the others)."""
    refused = BASE.replace("  code:", "  cancelled: true\n  code:")
    engine = stored_by_schema_1(db_url, {"demo-xa": refused, "demo-khac": BASE.replace("demo-xa", "demo-khac")})
    assert migrations.migrate(engine) == 1
    with engine.connect() as conn:
        assert plans.current(conn, "demo-khac").plan.title == "Kế hoạch thử"
        with pytest.raises(PlanUnreadable) as unreadable:
            plans.current(conn, "demo-xa")
    assert str(unreadable.value) == (
        "plan demo-xa: its stored revision 1 could not be converted by an upgrade: load its plan file again "
        "(`dondoc load FILE`)"
    )
    synced = nightly.sync_all(engine, NOW)
    assert [str(f) for f in synced.failed] == [str(unreadable.value)] and synced.added > 0


def test_a_bulk_write_stores_what_one_statement_per_row_stores(db_url: str) -> None:
    """On SQLite bulk writes skip SQLAlchemy's per-row handling and convert each distinct value once:
    the stored values must not change, JSON values that compare equal (1, 1.0, True) and None included."""
    engine = store.connect(db_url)
    payloads: list[Any] = [1, True, 1.0, None, {"a": ["ồ", 2]}, "1", False, 0, None]

    def event(line: int, payload: Any) -> NewEvent:
        at = datetime(2026, 3, 16, line, 30, 0, 1000 * line)
        return NewEvent(
            plan_id="p", kind="note", actor="vp", source="cli", line=line, payload=payload, at=at, recorded_at=at
        )

    with store.transaction(engine) as conn:
        store.events.append(conn, [event(n, p) for n, p in enumerate(payloads)])
        for n, p in enumerate(payloads):
            store.events.append(conn, [event(n, p)])  # one row: SQLAlchemy's own path
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT line, payload, at, occurrence_id FROM events ORDER BY id")).all()
    assert stored[: len(payloads)] == stored[len(payloads) :]
    assert repr(stored[0][1]) != repr(stored[1][1])  # 1 and true stay apart, though 1 == True


@pytest.mark.postgres
def test_a_postgresql_url_without_a_driver_uses_the_one_dondoc_installs(pg_admin_url: str, tmp_path: Path) -> None:
    """README's ``postgresql://user:pass@host/db``: SQLAlchemy 2.1 alone would look for psycopg 3."""
    url = Databases(tmp_path, pg_admin_url).new()
    assert url.startswith("postgresql+psycopg2://")
    for scheme in ("postgresql://", "postgres://"):
        engine = store.connect(url.replace("postgresql+psycopg2://", scheme))
        with engine.connect() as conn:
            assert (conn.dialect.driver, migrations.schema_version(conn)) == ("psycopg2", migrations.SCHEMA_VERSION)
        engine.dispose()


def test_reading_takes_no_write_lock_and_cannot_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the commands that only read do (status, report, the dashboard) runs while another
    process holds the write lock, and any write through a reader is refused by SQLite itself."""
    url = f"sqlite:///{tmp_path / 'd.db'}"
    engine = store.connect(url)
    plans.load(engine, source(), NOW)
    nightly.sync_all(engine, NOW)
    monkeypatch.setenv("DONDOC_LOCK_WAIT", "0.2")  # a reader that wanted the lock would fail fast
    reader = store.connect_reading(url)
    with sqlite3.connect(tmp_path / "d.db", isolation_level=None) as writer:
        writer.execute("BEGIN IMMEDIATE")
        with reader.connect() as conn:
            assert [p.id for p in store.plans.summaries(conn)] == ["demo-xa"]
            assert list(store.occurrences.begun(conn, NOW.date(), "demo-xa"))
            assert reports.gather_running(conn, "demo-xa", NOW).plan.id == "demo-xa"
            assert dashboard.page(conn, "/", {}, NOW).status == 200
            assert dashboard.page(conn, "/plan/demo-xa", {}, NOW).status == 200
        writer.execute("ROLLBACK")
    with reader.connect() as conn, pytest.raises(OperationalError, match="readonly"):
        store.plans.set_generated_until(conn, "demo-xa", NOW.date())


def test_a_reader_refuses_an_older_schema_and_creates_no_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with store.connect_reading(f"sqlite:///{missing}").connect() as conn:
        assert store.plans.summaries(conn) == []  # nothing stored yet reads as empty
    assert not missing.exists()
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrations.migrate(store.connect(url, upgrade=False), target=migrations.SCHEMA_VERSION - 1)
    with pytest.raises(StoreError, match=r"older than this dondoc .* run `dondoc migrate`"):
        store.connect_reading(url)
    with store.connect(url, upgrade=False).connect() as conn:
        assert migrations.schema_version(conn) == migrations.SCHEMA_VERSION - 1  # the reader changed nothing
