"""Plans: each plan's head row, the text of every revision, and its units, tasks and targets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection, Select, Table, Text, and_, bindparam, cast, insert, or_, select, update

from .bulk import chunks, count
from .dialect import skip_locked
from .schema import plan_revisions, plans, targets, tasks, units

if TYPE_CHECKING:
    from ..plan import Plan
    from ..validate import PlanSource


class PlanHead(NamedTuple):
    """A plan's head row: its current revision and how far its occurrences are generated."""

    id: str
    revision: int
    code: str
    title: str
    language: str
    timezone: str
    generated_until: date | None
    created_at: datetime
    updated_at: datetime


class PlanSummary(NamedTuple):
    """A stored plan with its counts of active tasks, units and targets (``dondoc plans``)."""

    id: str
    code: str
    title: str
    revision: int
    tasks: int
    units: int
    targets: int


class PlanRef(NamedTuple):
    """A stored plan's id, code, title and time zone: cheap enough to poll."""

    id: str
    code: str
    title: str
    timezone: str


_HEAD = select(*(plans.c[name] for name in PlanHead._fields))
_CHILDREN = (tasks, units, targets)  # in PlanSummary's order


def head(conn: Connection, plan_id: str) -> PlanHead | None:
    row = conn.execute(_HEAD.where(plans.c.id == plan_id)).first()
    return None if row is None else PlanHead._make(row)


def exists(conn: Connection, plan_id: str) -> bool:
    return conn.execute(select(plans.c.id).where(plans.c.id == plan_id)).first() is not None


def summaries(conn: Connection) -> list[PlanSummary]:
    """Every stored plan with its counts of active tasks, units and targets."""
    found = []
    for row in conn.execute(select(plans.c.id, plans.c.code, plans.c.title, plans.c.revision).order_by(plans.c.id)):
        counted = [count(conn, table, table.c.plan_id == row.id, table.c.active.is_(True)) for table in _CHILDREN]
        found.append(PlanSummary(*row, *counted))
    return found


def refs(conn: Connection) -> list[PlanRef]:
    """Every stored plan's id, code, title and time zone (no counts: cheap enough to poll)."""
    query = select(plans.c.id, plans.c.code, plans.c.title, plans.c.timezone).order_by(plans.c.id)
    return [PlanRef._make(row) for row in conn.execute(query)]


def to_extend(conn: Connection, until: date) -> list[PlanHead]:
    """Plans whose occurrences stop short of ``until`` (or were reset by a new revision)."""
    query = _HEAD.where((plans.c.generated_until.is_(None)) | (plans.c.generated_until < until))
    return [PlanHead._make(row) for row in conn.execute(query.order_by(plans.c.id))]


def created(conn: Connection, plan_ids: Sequence[str]) -> dict[str, datetime]:
    """When each of these plans was first loaded (naive UTC): where its open windows begin when it
    names no issue date."""
    found: dict[str, datetime] = {}
    for part in chunks(plan_ids, 500):
        query = select(plans.c.id, plans.c.created_at).where(plans.c.id.in_(part))
        found.update((str(r.id), r.created_at) for r in conn.execute(query))
    return found


def reviews_due(conn: Connection, before: date) -> list[str]:
    """Plans whose committee should hear of their targets by ``before``."""
    query = select(plans.c.id).where(plans.c.review_on <= before).order_by(plans.c.id)
    return [str(r[0]) for r in conn.execute(query)]


def review_days(conn: Connection, plan_ids: Sequence[str]) -> dict[str, date]:
    """The next follow-up day of each of these plans that has one."""
    query = select(plans.c.id, plans.c.review_on).where(plans.c.id.in_(plan_ids), plans.c.review_on.is_not(None))
    return {str(r.id): r.review_on for r in conn.execute(query)}


def set_review_on(conn: Connection, plan_id: str, day: date | None) -> None:
    conn.execute(update(plans).where(plans.c.id == plan_id).values(review_on=day))


def set_generated_until(conn: Connection, plan_id: str, until: date) -> None:
    conn.execute(update(plans).where(plans.c.id == plan_id).values(generated_until=until))


def claim(conn: Connection, plan_ids: Sequence[str]) -> list[str]:
    """Lock these plans' rows for this transaction; on PostgreSQL skip those another worker holds."""
    query = select(plans.c.id).where(plans.c.id.in_(plan_ids)).order_by(plans.c.id)
    return [str(r[0]) for r in conn.execute(skip_locked(conn, query))]


def knowing(conn: Connection, address: str) -> list[str]:
    """Plans in which ``address`` belongs to a unit or its head (to answer mail that cites nothing)."""
    quoted = f'%"{address}"%'
    query = select(units.c.plan_id).where(
        units.c.active.is_(True), cast(units.c.emails, Text).ilike(quoted) | units.c.head_email.ilike(address)
    )
    return list(dict.fromkeys(conn.execute(query.order_by(units.c.plan_id)).scalars()))


# --- revisions ------------------------------------------------------------------------------

# Statements run for every received message are built once: building one costs more than
# running it on SQLite.
_HEAD_SHAS = (
    select(plans.c.id, plans.c.revision, plan_revisions.c.sha256)
    .join(plan_revisions, (plan_revisions.c.plan_id == plans.c.id) & (plan_revisions.c.revision == plans.c.revision))
    .where(plans.c.id.in_(bindparam("plan_ids", expanding=True)))
)


def head_shas(conn: Connection, plan_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
    """The current revision of each plan and the sha256 of its text (cheap: no plan JSON read);
    plans not in the store are left out."""
    if not plan_ids:  # a batch of replies that cite nothing dondoc sent
        return {}
    rows = conn.execute(_HEAD_SHAS, {"plan_ids": list(plan_ids)})
    return {str(r.id): (int(r.revision), str(r.sha256)) for r in rows}


def revision_jsons(conn: Connection, heads: Mapping[str, int]) -> dict[str, str | None]:
    """The validated plan (JSON) of one stored revision of each plan: ``{plan_id: revision}``; None
    for a revision an upgrade could not convert (see ``migrations``)."""
    found: dict[str, str | None] = {}
    for part in chunks(list(heads.items()), 100):
        values = {f"p{n}": pid for n, (pid, _) in enumerate(part)} | {f"r{n}": r for n, (_, r) in enumerate(part)}
        found.update((str(r.plan_id), r.plan_json) for r in conn.execute(_revisions_of(len(part)), values))
    return found


@cache
def _revisions_of(count: int) -> Select[Any]:
    """The plan texts of so many (plan, revision) pairs, each pair its own condition: SQLite reads a
    list of pairs (``IN ((?, ?), ...)``) by scanning every stored revision, and each pair by the
    primary key (built once per count: building a statement costs more than running it)."""
    cols = plan_revisions.c
    pairs = [and_(cols.plan_id == bindparam(f"p{n}"), cols.revision == bindparam(f"r{n}")) for n in range(count)]
    return select(cols.plan_id, cols.plan_json).where(or_(*pairs))


def current_sha(conn: Connection, plan_id: str) -> str | None:
    row = conn.execute(
        select(plan_revisions.c.sha256)
        .join(plans, plans.c.id == plan_revisions.c.plan_id)
        .where(plans.c.id == plan_id, plan_revisions.c.revision == plans.c.revision)
    ).first()
    return str(row.sha256) if row else None


def save_revision(conn: Connection, source: PlanSource, revision: int, at: datetime) -> None:
    """Store ``source`` as the plan's revision ``revision`` (``at``: naive UTC): its head row moves
    forward, its text is appended, its units, tasks and targets are replaced (those no longer
    listed stay, inactive) and its occurrences are marked to be derived again in full."""
    plan = source.plan
    values = _head_values(plan, revision, at)
    if head(conn, plan.id) is None:
        conn.execute(insert(plans).values(**values, created_at=at))
    else:
        conn.execute(update(plans).where(plans.c.id == plan.id).values(**values))
    conn.execute(
        insert(plan_revisions).values(
            plan_id=plan.id,
            revision=revision,
            sha256=source.sha256,
            source_path=source.path,
            yaml_text=source.text,
            plan_json=plan.model_dump_json(),
            loaded_at=at,
        )
    )
    _replace_children(conn, units, plan.id, _unit_rows(plan))
    _replace_children(conn, tasks, plan.id, _task_rows(plan))
    _replace_children(conn, targets, plan.id, _target_rows(plan))


def _head_values(plan: Plan, revision: int, at: datetime) -> dict[str, Any]:
    meta = plan.plan
    return {
        "id": plan.id,
        "revision": revision,
        "code": meta.code,
        "title": meta.title,
        "language": meta.language,
        "timezone": meta.timezone,
        "generated_until": None,  # the next sync re-derives occurrences in full
        "updated_at": at,
    }


def _replace_children(conn: Connection, table: Table, plan_id: str, rows: list[dict[str, Any]]) -> None:
    """Make ``rows`` the active children of a plan; rows no longer listed stay, inactive."""
    conn.execute(update(table).where(table.c.plan_id == plan_id).values(active=False))
    existing = {r[0] for r in conn.execute(select(table.c.id).where(table.c.plan_id == plan_id))}
    for row in rows:
        if row["id"] in existing:
            conn.execute(update(table).where(table.c.plan_id == plan_id, table.c.id == row["id"]).values(**row))
        else:
            conn.execute(insert(table).values(**row))


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
