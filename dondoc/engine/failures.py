"""One plan failing never stops the others: what failed, and the one line that says so.

A plan can fail at run time although it validated when it was loaded: its stored revision no
longer validates under a newer dondoc's model, its calendar cannot reckon a ``--now`` outside
the years it knows, or a bug meets something only that plan holds. Whatever works plan by plan
(the check, ``send``, ``status``, ``report``, the daemon, the dashboard) runs each plan inside
``blamed_on``: the plan's error comes out as a ``PlanFailed`` naming the plan, which the caller
records (``runs``), reports in one line and steps over.

Errors of the whole store (locked, unreachable, damaged, read-only) are nobody's plan: they pass
through unchanged and stop the command, as they would stop every plan anyway.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import BadValue, NotFound, PlanFailed, StoreError, UserError


@dataclass(frozen=True)
class Failure:
    """A plan that failed, and why (one line)."""

    plan_id: str
    reason: str

    def __str__(self) -> str:
        return f"plan {self.plan_id}: {self.reason}"

    @classmethod
    def of(cls, failed: PlanFailed) -> Failure:
        return cls(failed.plan_id, failed.reason)


def summary(failures: list[Failure]) -> dict[str, str]:
    """Failures as a run's summary keeps them: ``{plan id: reason}``."""
    return {f.plan_id: f.reason for f in failures}


def store_wide(exc: BaseException) -> bool:
    """Whether ``exc`` is the store's, not a plan's: the database is locked, unreachable, damaged or
    read-only, or the store refused to open."""
    from sqlalchemy.exc import DBAPIError  # loaded already by whoever reached the store

    from .store.faults import of_the_store

    return isinstance(exc, StoreError) or (isinstance(exc, DBAPIError) and of_the_store(exc))


def reason_of(exc: BaseException) -> str:
    """The one line that says why a plan (or a daemon's tick) failed."""
    from sqlalchemy.exc import DBAPIError

    from .store.faults import fault, first_line, of_the_store

    if isinstance(exc, PlanFailed):
        return exc.reason
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, DBAPIError):  # the database's own failure, or a value it refused (too long ...)
        return str(fault(exc)) if of_the_store(exc) else f"the database refused its data ({first_line(exc.orig)})"
    return f"internal error ({type(exc).__name__}: {first_line(exc)}); rerun with DONDOC_DEBUG=1 for details"


@contextmanager
def blamed_on(plan_id: str) -> Iterator[None]:
    """Run a plan's work: any error it raises, unless the whole store's, comes out as a
    ``PlanFailed`` naming the plan (with ``DONDOC_DEBUG`` set, a bug keeps its traceback)."""
    try:
        yield
    except (PlanFailed, BadValue, NotFound):  # already said, or the person's, not the plan's
        raise
    except Exception as exc:
        if store_wide(exc) or (os.environ.get("DONDOC_DEBUG") and not isinstance(exc, UserError)):
            raise
        raise PlanFailed(plan_id, reason_of(exc)) from exc
