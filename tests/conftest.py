"""Shared fixtures: databases (SQLite and a real PostgreSQL) and the CLI; the --db option."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import Cli
from tests.support.servers import Databases, postgres_server
from tests.support.simulation import Simulated, simulate


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
def databases(request: pytest.FixtureRequest) -> Databases:
    """The suite's databases: SQLite, or PostgreSQL with --db postgres."""
    chosen: Databases = request.getfixturevalue(f"{request.config.getoption('--db')}_databases")
    return chosen


@pytest.fixture
def store_url(databases: Databases) -> str:
    """The suite's database for one test, at the current schema: SQLite, or PostgreSQL with --db postgres."""
    return databases.current()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_databases(tmp_path_factory: pytest.TempPathFactory) -> Databases:
    return Databases(tmp_path_factory.mktemp("databases"), None)


@pytest.fixture(scope="session")
def postgres_databases(tmp_path_factory: pytest.TempPathFactory, pg_admin_url: str) -> Databases:
    return Databases(tmp_path_factory.mktemp("pg-databases"), pg_admin_url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database; each test using it runs on SQLite and on PostgreSQL."""
    databases: Databases = request.getfixturevalue(f"{request.param}_databases")
    return databases.new()


@pytest.fixture
def cli(tmp_path: Path, store_url: str) -> Cli:
    """The installed ``dondoc`` in the test's own folder, on the suite's database."""
    return Cli(tmp_path, store_url)


@pytest.fixture(scope="session")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Simulated:
    """The five seed plans lived for half a year (``tests/support/simulation.py``), once per session,
    on SQLite; tests read it, and one that writes works on ``copy_of`` it."""
    folder = tmp_path_factory.mktemp("simulated")
    return simulate(f"sqlite:///{folder / 'dondoc.db'}", folder)
