"""Fixtures of tests/support: a test module that uses one imports its ``*_fixture`` function."""

from __future__ import annotations

import pytest

from tests.support.simulation import Simulated, simulate


@pytest.fixture(scope="session", name="simulated")
def simulated_fixture(tmp_path_factory: pytest.TempPathFactory) -> Simulated:
    """The five seeds lived for half a year (``simulation``), once per test session; read it, never write."""
    folder = tmp_path_factory.mktemp("simulated")
    return simulate(f"sqlite:///{folder / 'dondoc.db'}", folder)
