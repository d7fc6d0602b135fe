"""Plans in the store: load a validated plan as a new revision, read the current one back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError
from sqlalchemy import Connection, Engine

from . import store
from .calendar import WorkCalendar
from .clock import local_date, to_store
from .errors import NotFound, PlanFailed, PlanUnreadable, UserError
from .failures import Failure, blamed_on
from .plan import Plan

if TYPE_CHECKING:
    from .validate import PlanSource


@dataclass(frozen=True)
class LoadResult:
    plan_id: str
    revision: int
    outcome: Literal["new", "revised", "unchanged"]


def load(engine: Engine, source: PlanSource, now: datetime) -> LoadResult:
    """Store a plan: a no-op if its text is unchanged, else a new revision (history kept). The same
    text is stored again when this dondoc cannot read its stored revision: that mends it."""
    plan = source.plan
    with store.transaction(engine) as conn:
        head = store.plans.head(conn, plan.id)
        if head is not None and store.plans.current_sha(conn, plan.id) == source.sha256 and _readable(conn, plan.id):
            return LoadResult(plan.id, head.revision, "unchanged")
        _check_parent(conn, plan)
        revision = 1 if head is None else head.revision + 1
        store.plans.save_revision(conn, source, revision, to_store(now))
    return LoadResult(plan.id, revision, "new" if head is None else "revised")


def _readable(conn: Connection, plan_id: str) -> bool:
    try:
        current(conn, plan_id)
    except PlanUnreadable:
        return False
    return True


def _check_parent(conn: Connection, plan: Plan) -> None:
    parent = plan.plan.parent
    if parent is not None and not store.plans.exists(conn, parent) and parent != plan.id:
        raise UserError(f"plan {plan.id!r} names parent {parent!r}, which is not loaded: load it first")


def current(conn: Connection, plan_id: str) -> Plan:
    """The plan as its current revision says (parsed once per revision text)."""
    found = current_of(conn, [plan_id])
    if plan_id not in found:
        raise NotFound(f"no plan {plan_id!r} in the store (see `dondoc plans`)")
    return found[plan_id]


def stored(engine: Engine, plan_id: str) -> Plan | None:
    """The plan's current revision, None if it was never loaded."""
    with engine.connect() as conn:
        return current_of(conn, [plan_id]).get(plan_id)


def readable(engine: Engine, plan_id: str) -> Plan | None:
    """The plan's current revision; None if it was never loaded, or if this dondoc cannot read it
    (then a new revision replaces it: that is how it is mended)."""
    try:
        return stored(engine, plan_id)
    except PlanUnreadable:
        return None


def current_of(conn: Connection, plan_ids: Sequence[str]) -> dict[str, Plan]:
    """The current revision of each of these plans that exists, in two statements at most:
    the check asks for a batch of plans at once."""
    heads = store.plans.head_shas(conn, plan_ids)
    found = {pid: _parsed[sha] for pid, (_revision, sha) in heads.items() if sha in _parsed}
    missing = {pid: revision for pid, (revision, _sha) in heads.items() if pid not in found}
    for pid, text in store.plans.revision_jsons(conn, missing).items():
        if len(_parsed) >= PARSED_PLANS:
            _parsed.pop(next(iter(_parsed)))
        found[pid] = _parsed[heads[pid][1]] = _parse(pid, heads[pid][0], text)
    return found


def all_readable(conn: Connection) -> tuple[list[Plan], list[Failure]]:
    """Every stored plan this dondoc can read, and each one it cannot with why: a revision that
    cannot be read never hides the other plans."""
    ids = [ref.id for ref in store.plans.refs(conn)]
    try:
        return list(current_of(conn, ids).values()), []
    except PlanFailed:  # one revision is unreadable: read them one by one to tell which
        found, failed = [], []
        for plan_id in ids:
            try:
                with blamed_on(plan_id):
                    found.append(current(conn, plan_id))
            except PlanFailed as exc:
                failed.append(Failure.of(exc))
        return found, failed


def _parse(plan_id: str, revision: int, text: str | None) -> Plan:
    """A stored revision's plan, or ``PlanUnreadable`` naming the plan: a revision loaded by an
    older dondoc may not validate under this one's model, and must not stop the other plans."""
    again = "load its plan file again (`dondoc load FILE`)"
    if text is None:  # the schema-2 migration could not convert it
        raise PlanUnreadable(plan_id, f"its stored revision {revision} could not be converted by an upgrade: {again}")
    try:
        return Plan.model_validate_json(text)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "plan"
        more = f"; {exc.error_count() - 1} more" if exc.error_count() > 1 else ""
        said = f"its stored revision {revision} is not valid for this dondoc ({where}: {problem['msg']}{more})"
        raise PlanUnreadable(plan_id, f"{said}: {again}") from None


# A parsed plan takes about 350 KiB (a commune's five plans, 1.7 MiB): enough for a batch of
# replies or the plans of one sending time, without a national check holding every plan.
PARSED_PLANS = 128
_parsed: dict[str, Plan] = {}


def forget() -> None:
    """Drop the parsed plans (for benchmarks that time a cold start)."""
    _parsed.clear()


def today_of(plan: Plan, now: datetime) -> date:
    """The plan's own date at ``now`` (in its time zone)."""
    return local_date(now, plan.plan.timezone)


def calendar_of(plan: Plan) -> WorkCalendar:
    """The working-day calendar a plan declares, covering the plan's years (and growing
    beyond them as later dates are asked about)."""
    spec = plan.calendar
    calendar = WorkCalendar.build(
        workdays=tuple(spec.workdays),
        country=spec.holidays,
        extra_days_off=tuple(spec.extra_days_off),
        extra_workdays=tuple(spec.extra_workdays),
    )
    years = plan.years
    if years is not None:
        calendar.cover(*years)
    return calendar
