"""Settings from the environment: the bounds of received mail and the loop guard."""

from __future__ import annotations

import pytest

from dondoc.engine.errors import UserError
from dondoc.engine.settings import MB, from_env


def test_defaults_bound_received_mail_and_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DONDOC_MAX_MESSAGE_MB", "DONDOC_MAX_LINES", "DONDOC_MAX_UPDATES", "DONDOC_ANSWERS_PER_DAY"):
        monkeypatch.delenv(name, raising=False)
    settings = from_env()
    assert (settings.max_message_bytes, settings.max_lines, settings.max_updates) == (25 * MB, 5000, 500)
    assert settings.answers_per_day == 5


def test_bounds_are_set_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_MAX_MESSAGE_MB", "2.5")
    monkeypatch.setenv("DONDOC_MAX_LINES", "800")
    monkeypatch.setenv("DONDOC_ANSWERS_PER_DAY", "3")
    settings = from_env()
    assert (settings.max_message_bytes, settings.max_lines, settings.answers_per_day) == (int(2.5 * MB), 800, 3)


@pytest.mark.parametrize("value", ["0", "-1", "lots"])
def test_a_bound_that_is_no_positive_number_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("DONDOC_MAX_LINES", value)
    with pytest.raises(UserError, match="DONDOC_MAX_LINES must be a positive number"):
        from_env()
