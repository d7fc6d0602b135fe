"""Plans in the store: load a validated plan as a new revision, read the current one back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine

from . import store
from .calendar import WorkCalendar
from .errors import NotFound, UserError
from .plan import Plan
from .validate import PlanSource


@dataclass(frozen=True)
class LoadResult:
    plan_id: str
    revision: int
    outcome: Literal["new", "revised", "unchanged"]


def load(engine: Engine, source: PlanSource, now: datetime) -> LoadResult:
    """Store a plan: a no-op if its text is unchanged, else a new revision (history kept)."""
    plan = source.plan
    with store.transaction(engine) as conn:
        head = store.plan_row(conn, plan.id)
        if head is not None and store.current_sha(conn, plan.id) == source.sha256:
            return LoadResult(plan.id, head["revision"], "unchanged")
        _check_parent(conn, plan)
        revision = 1 if head is None else head["revision"] + 1
        at = store.utcnow_naive(now)
        store.save_revision(conn, _head_row(plan, revision, at), _revision_row(source, revision, at))
        store.replace_children(conn, store.units, plan.id, _unit_rows(plan))
        store.replace_children(conn, store.tasks, plan.id, _task_rows(plan))
        store.replace_children(conn, store.targets, plan.id, _target_rows(plan))
        store.reset_generation(conn, plan.id)  # the next sync re-derives occurrences in full
    return LoadResult(plan.id, revision, "new" if head is None else "revised")


def _check_parent(conn: Connection, plan: Plan) -> None:
    parent = plan.plan.parent
    if parent is not None and store.plan_row(conn, parent) is None and parent != plan.id:
        raise UserError(f"plan {plan.id!r} names parent {parent!r}, which is not loaded: load it first")


def _head_row(plan: Plan, revision: int, at: datetime) -> dict[str, Any]:
    meta = plan.plan
    return {
        "id": plan.id,
        "revision": revision,
        "code": meta.code,
        "title": meta.title,
        "language": meta.language,
        "timezone": meta.timezone,
        "updated_at": at,
    }


def _revision_row(source: PlanSource, revision: int, at: datetime) -> dict[str, Any]:
    return {
        "plan_id": source.plan.id,
        "revision": revision,
        "sha256": source.sha256,
        "source_path": source.path,
        "yaml_text": source.text,
        "plan_json": source.plan.model_dump_json(),
        "loaded_at": at,
    }


def _unit_rows(plan: Plan) -> list[dict[str, Any]]:
    """The stored addresses are the ones dondoc answers: an external unit's (if the plan gives
    any) are kept out, so mail from it is never matched to the plan and never answered."""
    return [
        {
            "plan_id": plan.id,
            "id": u.id,
            "name": u.name,
            "emails": [] if u.external else list(u.email),
            "head_name": u.head.name if u.head else None,
            "head_email": u.head.email if u.head and not u.external else None,
            "active": True,
        }
        for u in plan.units
    ]


def _task_rows(plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "plan_id": plan.id,
            "id": t.id,
            "title": t.title,
            "section": t.section,
            "lead": t.lead,
            "coordinators": list(t.coordinators),
            "kind": t.kind,
            "due": t.due,
            "repeat": t.repeat,
            "start": t.start,
            "end": t.end,
            "active": True,
        }
        for t in plan.tasks
    ]


def _target_rows(plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "plan_id": plan.id,
            "id": t.id,
            "title": t.title,
            "measure": t.measure,
            "direction": t.direction,
            "milestones": {str(year): value for year, value in t.milestones.items()},
            "lead": t.lead,
            "active": True,
        }
        for t in plan.targets
    ]


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


def current_of(conn: Connection, plan_ids: Sequence[str]) -> dict[str, Plan]:
    """The current revision of each of these plans that exists, in two statements at most:
    the check asks for a batch of plans at once."""
    heads = store.head_shas(conn, plan_ids)
    found = {pid: _parsed[sha] for pid, (_revision, sha) in heads.items() if sha in _parsed}
    missing = {pid: revision for pid, (revision, _sha) in heads.items() if pid not in found}
    for pid, text in store.revision_jsons(conn, missing).items():
        if len(_parsed) >= PARSED_PLANS:
            _parsed.pop(next(iter(_parsed)))
        found[pid] = _parsed[heads[pid][1]] = Plan.model_validate_json(text)
    return found


# A parsed plan takes about 350 KiB (a commune's five plans, 1.7 MiB): enough for a batch of
# replies or the plans of one sending time, without a national check holding every plan.
PARSED_PLANS = 128
_parsed: dict[str, Plan] = {}


def forget() -> None:
    """Drop the parsed plans (for benchmarks that time a cold start)."""
    _parsed.clear()


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
