"""Targets in a report: the value reached, the milestone of the year, and a four-level rating.

The rating, as a commune's report writes it:

- ``attained`` (đạt): the latest value meets the milestone;
- ``missed`` (không đạt): the milestone's year has passed and it was not met;
- ``on_course`` (dự kiến đạt) or ``at_risk`` (nguy cơ không đạt): the least-squares trend of
  the values reported, read at the end of the milestone's year, meets it or not;
- ``unknown``: a value but no trend yet (values on fewer than two days); ``no_data``: no value;
  ``stopped``: the target is cancelled or paused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..milestones import Point, milestone_of, reaches, trend
from ..plan import Plan, Target
from .model import TargetRow
from .said import Said


def target_rows(plan: Plan, values: Iterable[Said], as_of: date) -> list[TargetRow]:
    """One row per target of the plan, as of ``as_of``."""
    points: dict[str, list[Point]] = {}
    for said in values:
        if said.on <= as_of and said.event.target_id:
            payload = said.event.payload
            point = Point(said.on, int(payload.get("year") or said.on.year), float(payload["value"]))
            points.setdefault(said.event.target_id, []).append(point)
    return [_row(plan, target, sorted(points.get(target.id, []), key=lambda p: p.on), as_of) for target in plan.targets]


def _row(plan: Plan, target: Target, points: list[Point], as_of: date) -> TargetRow:
    year, milestone = milestone_of(target, as_of.year)  # this year's, the next, else the last (passed)
    value = points[-1].value if points else None
    up = target.direction == "up"
    projected = trend(points, date(year, 12, 31)) if as_of <= date(year, 12, 31) else None  # no forecast of the past
    if projected is not None and target.measure.strip() == "%":
        projected = min(max(projected, 0.0), 100.0)  # a share the trend overshoots stays a share
    return TargetRow(
        target=target.id,
        title=target.title,
        measure=target.measure,
        direction=target.direction,
        lead=target.lead,
        lead_name=plan.unit(target.lead).name,
        year=year,
        milestone=milestone,
        value=value,
        reported_on=points[-1].on if points else None,
        attainment=_attainment(value, milestone, up),
        projected=None if projected is None else round(projected, 2),
        assessment="stopped" if target.stopped_on(as_of) else _assess(value, projected, milestone, up, as_of, year),
        stopped_reason=target.status_reason if target.stopped_on(as_of) else "",
    )


def _assess(value: float | None, projected: float | None, milestone: float, up: bool, as_of: date, year: int) -> str:
    if value is None:
        return "no_data"
    if reaches(value, milestone, up):
        return "attained"
    if as_of > date(year, 12, 31):
        return "missed"  # the year has passed: its value is what was reached
    if projected is None:
        return "unknown"
    return "on_course" if reaches(projected, milestone, up) else "at_risk"


def _attainment(value: float | None, milestone: float, up: bool) -> float | None:
    if value is None:
        return None
    if up:
        return round(100 * value / milestone, 1) if milestone else 100.0
    return round(100 * milestone / value, 1) if value else 100.0
