"""Commands that only read run with a database user that may only SELECT (PostgreSQL), through
the installed CLI; a database whose schema is older is refused by them in one line, not migrated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.cli import Cli
from tests.support.paths import FIXTURES
from tests.support.servers import Databases


def reader_url(db_url: str) -> str:
    """A login on the database of ``db_url`` allowed nothing but SELECT."""
    name = db_url.rsplit("/", 1)[-1]
    role = f"{name}_reader"
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{name}" TO "{role}"'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"'))
    engine.dispose()
    return db_url.replace("postgresql+psycopg2://postgres@", f"postgresql+psycopg2://{role}@")


@pytest.mark.postgres
def test_status_and_report_run_with_select_rights_only(pg_admin_url: str, tmp_path: Path) -> None:
    url = Databases(tmp_path, pg_admin_url).new()
    cli = Cli(tmp_path, url)
    assert cli("load", str(FIXTURES / "minimal.yaml"), "--now", "2026-01-05").returncode == 0
    assert cli("run", "--now", "2026-03-16", env={"DONDOC_OUTBOX_DIR": str(tmp_path / "out")}).returncode == 0
    reader = Cli(tmp_path, reader_url(url))

    # Seven weeks on, a command that generated occurrences as it read would have to write now.
    status = reader("status", "--json", "--plan", "demo-xa", "--now", "2026-05-04")
    assert status.returncode == 0, status.stderr
    assert {o["task"] for o in json.loads(status.stdout)["occurrences"]} == {"1.1", "1.2", "2.1", "report"}
    report = reader("report", "--plan", "demo-xa", "--period", "2026-Q1", "--format", "json", "--now", "2026-05-04")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["plan"]["id"] == "demo-xa"
    for command in (["plans"], ["quarantine", "list"], ["status", "--plan", "demo-xa", "--task", "1.1", "--history"]):
        assert reader(*command).returncode == 0, command

    refused = reader("update", "demo-xa", "1.1", "--unit", "vp", "--done", "--now", "2026-03-17")  # it writes
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("Error: this command writes, and the database may only be read")


def test_a_command_that_only_reads_refuses_an_older_schema_in_one_line(cli: Cli, store_url: str) -> None:
    assert cli("migrate").stdout.strip().startswith("schema version ")
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))
    engine.dispose()
    result = cli("status")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: the database schema is version 1, older than this dondoc")
    assert "`dondoc migrate`" in result.stderr and result.stderr.count("\n") == 1
