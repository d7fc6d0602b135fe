"""A plan that fails at run time, against a real store: the daemon logs it in one line and serves
the others, the dashboard shows that plan's page as an error and every other page as usual, the
check finds the plan at fault in its batch (issue #23, item 1). The upgrade past a revision it
cannot convert: tests/integration/test_store.py. The same cases through the CLI:
tests/e2e/test_faults.py."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from dondoc.engine import dashboard, nightly, plans, service, store
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from dondoc.engine.validate import parse_plan
from dondoc.notifiers.files import FileNotifier
from tests.support.paths import FIXTURES

NOW = datetime(2026, 3, 16, 0, 30, tzinfo=UTC)
BASE = (FIXTURES / "minimal.yaml").read_text("utf-8")
OTHER = BASE.replace("id: demo-xa", "id: demo-khac")
REASON = (
    "its stored revision 1 is not valid for this dondoc (tasks.0.cancelled: Extra inputs are not permitted): "
    "load its plan file again (`dondoc load FILE`)"
)


def two_plans_one_broken(url: str) -> Engine:
    """demo-xa and demo-khac loaded; demo-xa's stored revision refused by this dondoc's model."""
    engine = store.connect(url)
    for body in (BASE, OTHER):
        plans.load(engine, parse_plan(body.encode(), "p.yaml"), NOW)
    nightly.sync_all(engine, NOW)
    revisions = schema.plan_revisions
    mine = revisions.c.plan_id == "demo-xa"
    with store.transaction(engine) as conn:
        broken = json.loads(conn.execute(select(revisions.c.plan_json).where(mine)).scalar_one())
        broken["tasks"][0]["cancelled"] = True
        conn.execute(update(revisions).where(mine).values(plan_json=json.dumps(broken)))
    plans.forget()  # as a new process would: nothing parsed yet
    return engine


def test_the_daemon_logs_a_broken_plan_once_and_schedules_and_runs_the_others(
    store_url: str, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    engine = two_plans_one_broken(store_url)
    settings = Settings(sender="dondoc@xa.example.vn")
    daemon = service.Service(engine, settings, lambda: FileNotifier(tmp_path), None, lambda: NOW)
    with caplog.at_level(logging.INFO, logger="dondoc"):
        jobs = daemon.reconcile()
        daemon.reconcile()  # five minutes later: nothing new to say
        daemon.run_tick(["demo-khac", "demo-xa"])
    assert jobs == ["run Asia/Ho_Chi_Minh 07:30"]
    failed = [r.getMessage() for r in caplog.records if "plan-failed" in r.getMessage()]
    line = f'event=plan-failed plan=demo-xa error="{REASON}"'
    assert failed == [line, line]  # once by the scheduler, once by the run that left it out
    run = [r.getMessage() for r in caplog.records if r.getMessage().startswith("event=run ")]
    assert len(run) == 1 and "plans_failed=1" in run[0] and "queued=0" not in run[0]
    with engine.connect() as conn:
        (summary,) = [r.summary for r in store.runs.last(conn) if r.kind == "run"]
    assert summary["plans_failed"] == {"demo-xa": REASON}


def test_the_dashboard_shows_the_broken_plan_as_an_error_and_the_others_as_usual(
    store_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = two_plans_one_broken(store_url)
    with engine.connect() as conn, caplog.at_level(logging.INFO, logger="dondoc"):
        broken = dashboard.page(conn, "/plan/demo-xa", {"lang": "en"}, NOW)
        other = dashboard.page(conn, "/plan/demo-khac", {"lang": "en"}, NOW)
        overview = dashboard.page(conn, "/", {"lang": "en"}, NOW)
        missing = dashboard.page(conn, "/plan/nothing", {"lang": "en"}, NOW)
    assert broken.status == HTTPStatus.INTERNAL_SERVER_ERROR
    assert f"<pre>plan demo-xa: {REASON}</pre>" in broken.body.decode()
    assert (other.status, overview.status, missing.status) == (HTTPStatus.OK, HTTPStatus.OK, HTTPStatus.NOT_FOUND)
    assert b'data-failed="demo-xa"' in overview.body and b'data-plan="demo-khac"' in overview.body
    assert [r.getMessage() for r in caplog.records] == [f'event=plan-failed plan=demo-xa error="{REASON}"']


def test_a_plan_that_fails_in_a_batch_of_the_check_leaves_the_batch_to_the_others(store_url: str) -> None:
    """The check reads and decides a batch of plans in one transaction: when one fails, the batch is
    checked again one plan at a time, and the others' messages are queued all the same."""
    engine = two_plans_one_broken(store_url)
    checked = nightly.check(engine, NOW + timedelta(days=1), Settings(sender="dondoc@xa.example.vn"))
    assert [f.plan_id for f in checked.failed] == ["demo-xa"] and checked.queued > 0
