"""Fixtures of tests/support: a test module that uses one imports its ``*_fixture`` function."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.simulation import Simulated, simulate


@pytest.fixture(scope="session", name="simulated")
def simulated_fixture(tmp_path_factory: pytest.TempPathFactory) -> Simulated:
    """The five seeds lived for half a year (``simulation``), once per test session; read it, never write."""
    folder = tmp_path_factory.mktemp("simulated")
    return simulate(f"sqlite:///{folder / 'dondoc.db'}", folder)


def copy_of(simulated: Simulated, folder: Path) -> str:
    """A database URL for a private copy of the simulation's store (a test that writes uses it)."""
    source = simulated.url.removeprefix("sqlite:///")
    target = folder / "copy.db"
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    return f"sqlite:///{target}"
