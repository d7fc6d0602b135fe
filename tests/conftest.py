"""Shared fixtures: databases (SQLite and a real PostgreSQL), plans, the CLI."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import create_database, postgres_server

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "plans").glob("*.yaml"))
FIXTURES = ROOT / "tests" / "fixtures"
_names = itertools.count()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(pg_admin_url: str) -> str:
    return create_database(pg_admin_url, f"t{os.getpid()}_{next(_names)}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'dondoc.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dondoc.db'}"
    admin: str = request.getfixturevalue("pg_admin_url")
    return create_database(admin, f"t{os.getpid()}_{next(_names)}")


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
def cli(tmp_path: Path, sqlite_url: str) -> Cli:
    return Cli(tmp_path, sqlite_url)
