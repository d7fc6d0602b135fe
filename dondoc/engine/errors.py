"""Every exception dondoc raises on purpose.

A ``UserError`` carries the one line a person should read; the CLI prints it as
``Error: ...`` and exits 1. Anything else reaching the CLI is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class DondocError(Exception):
    """Base of all dondoc errors."""


class UserError(DondocError):
    """Bad input from a person: the message is what they should read."""


@dataclass(frozen=True)
class Problem:
    """One problem in a plan file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class PlanInvalid(UserError):
    """A plan file has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StoreError(UserError):
    """The database cannot be used as asked (wrong URL, locked, newer schema)."""


class Locked(StoreError):
    """Another writer held the database longer than dondoc waits: retrying later helps."""


class BadValue(UserError):
    """A value a person gave (a ``--period`` label) that dondoc cannot read: said as it is, never
    blamed on the plan it was given for."""


class NotFound(UserError):
    """A plan, task, unit or period named by the user does not exist."""


class CalendarRange(UserError):
    """A date outside the years dondoc reckons working days for (a mistyped --now)."""


class PlanFailed(UserError):
    """One plan could not be run (read back, synced, checked, reported): the others go on.

    ``reason`` says why, without the plan's name; the message is ``plan ID: reason``."""

    def __init__(self, plan_id: str, reason: str) -> None:
        self.plan_id, self.reason = plan_id, reason
        super().__init__(f"plan {plan_id}: {reason}")


class PlanUnreadable(PlanFailed):
    """A stored revision this dondoc cannot read back (the plan model changed since it was loaded)."""


class TooLong(DondocError):
    """A received message's text is longer than dondoc reads (DONDOC_MAX_LINES): it is kept in
    quarantine whole, unread."""
