"""The check's pure decisions: which steps fire on which day."""

from __future__ import annotations

from datetime import date

from dondoc.engine.calendar import WorkCalendar
from dondoc.engine.checks import OccurrenceRow, decide
from dondoc.engine.occurrences import steps
from dondoc.engine.validate import parse_plan
from tests.support.paths import FIXTURES

PLAN = parse_plan((FIXTURES / "minimal.yaml").read_bytes(), "minimal.yaml").plan
CAL = WorkCalendar.build()
DUE = date(2026, 2, 27)  # a Friday, one week after Tết 2026 (16-20/2 off)


def row(steps_done: int = 0, state: str = "not_started", role: str = "lead") -> OccurrenceRow:
    return OccurrenceRow(1, "1.1", "vp", DUE.isoformat(), role, DUE, DUE, state, 0, steps_done)


def test_steps_are_counted_in_working_days_across_tet() -> None:
    found = [(s.name, s.on) for s in steps(PLAN, CAL, "lead", DUE)]
    assert found == [
        ("r7", date(2026, 2, 11)),  # 7 working days before: Tết week does not count
        ("r3", date(2026, 2, 24)),
        ("r1", date(2026, 2, 26)),
        ("e1", date(2026, 3, 2)),
        ("e5", date(2026, 3, 6)),
        ("e10", date(2026, 3, 13)),
    ]


def test_coordinators_get_reminders_only() -> None:
    assert [s.name for s in steps(PLAN, CAL, "coordinator", DUE)] == ["r7", "r3", "r1"]


def test_a_step_fires_on_its_day_and_the_next_one_is_scheduled() -> None:
    fired, advance = decide(row(), steps(PLAN, CAL, "lead", DUE), date(2026, 2, 11), CAL)
    assert [s.name for s in fired] == ["r7"]
    assert (advance.steps_done, advance.next_notice_on) == (1, date(2026, 2, 24))


def test_missed_reminders_before_the_deadline_catch_up_as_one_run() -> None:
    fired, advance = decide(row(), steps(PLAN, CAL, "lead", DUE), date(2026, 2, 25), CAL)
    assert [s.name for s in fired] == ["r7", "r3"]
    assert advance.next_notice_on == date(2026, 2, 26)


def test_reminders_are_skipped_once_the_deadline_passed_and_escalations_catch_up() -> None:
    fired, advance = decide(row(), steps(PLAN, CAL, "lead", DUE), date(2026, 3, 9), CAL)
    assert [s.name for s in fired] == ["e1", "e5"]
    assert (advance.steps_done, advance.next_notice_on) == (5, date(2026, 3, 13))


def test_nothing_is_sent_on_a_day_off_unless_a_reminder_would_be_lost() -> None:
    plan_steps = steps(PLAN, CAL, "lead", DUE)
    fired, advance = decide(row(), plan_steps, date(2026, 2, 14), CAL)  # Saturday, first day of Tết
    assert fired == [] and advance.next_notice_on == date(2026, 2, 11)  # still pending
    saturday_deadline = date(2026, 3, 7)
    keep_row = OccurrenceRow(2, "x", "vp", "p", "lead", saturday_deadline, saturday_deadline, "not_started", 0, 2)
    keep_steps = steps(PLAN, CAL, "lead", saturday_deadline)
    fired, _ = decide(keep_row, keep_steps, date(2026, 3, 7), CAL)
    assert [s.name for s in fired] == ["r1"]  # the deadline (kept on a Saturday) is before Monday


def test_a_done_occurrence_has_no_more_steps() -> None:
    fired, advance = decide(row(state="done"), steps(PLAN, CAL, "lead", DUE), date(2026, 3, 13), CAL)
    assert fired == [] and advance.next_notice_on is None


def test_after_the_last_step_nothing_is_left() -> None:
    fired, advance = decide(row(steps_done=5), steps(PLAN, CAL, "lead", DUE), date(2026, 3, 13), CAL)
    assert [s.name for s in fired] == ["e10"] and advance.next_notice_on is None
