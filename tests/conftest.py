"""Shared fixtures: databases (SQLite and a real PostgreSQL), plans, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import Databases, postgres_server

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "dondoc" / "plans").glob("*.yaml"))
FIXTURES = ROOT / "tests" / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="the database behind store_url and cli; --db postgres runs every test that uses one on PostgreSQL",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --db postgres, run only the tests that use the suite's database (the rest ran already)."""
    if config.getoption("--db") != "postgres":
        return
    keep = [
        item
        for item in items
        if "databases" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("sqlite_only")
    ]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep


@pytest.fixture(scope="session")
def databases(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Databases:
    admin = request.getfixturevalue("pg_admin_url") if request.config.getoption("--db") == "postgres" else None
    return Databases(tmp_path_factory.mktemp("databases"), admin)


@pytest.fixture
def store_url(databases: Databases) -> str:
    """The suite's database for one test: SQLite, or PostgreSQL with --db postgres."""
    return databases.new()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using it runs on SQLite and on PostgreSQL."""
    admin = request.getfixturevalue("pg_admin_url") if request.param == "postgres" else None
    return Databases(tmp_path, admin).new()


class Cli:
    """Runs the installed ``dondoc`` command exactly as cron and a user do."""

    def __init__(self, cwd: Path, db_url: str) -> None:
        self.cwd, self.db_url = cwd, db_url

    def __call__(
        self, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "DONDOC_DB": self.db_url, **(env or {})}
        exe = Path(sys.executable).with_name("dondoc")
        result = subprocess.run(
            [str(exe), *args],
            cwd=self.cwd,
            env=full_env,
            capture_output=True,
            input=stdin.decode() if stdin is not None else None,
            text=True,
            timeout=300,
        )
        assert "Traceback" not in result.stderr, result.stderr
        return result


@pytest.fixture
def cli(tmp_path: Path, store_url: str) -> Cli:
    return Cli(tmp_path, store_url)
