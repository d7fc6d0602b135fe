"""Targets against their milestones (pure): which milestone is in view, and how the values
reported stand against it.

A value is judged against the milestone of its own year. When the plan sets none for that year,
the next milestone is the one in view: a value that does not reach it yet has not failed it (its
year is still ahead), and the trend of the values reported, projected to the end of that
milestone's year, says whether it is on course. Every judgement names the milestone's year, so
a reader sees "2030: 100" beside a value of 2026, never a bare "not attained".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .clock import from_store
from .plan import Target

if TYPE_CHECKING:
    from .store.events import StoredEvent


@dataclass(frozen=True)
class Point:
    """A value reported for a target: when it was said, for which year, the value."""

    on: date
    year: int
    value: float


@dataclass(frozen=True)
class Judgement:
    """A target against one milestone."""

    year: int  # the milestone's year
    milestone: float
    value: float | None  # the latest value reported for that year or before
    value_on: date | None
    value_year: int | None
    attained: bool | None  # None: no value, or a value short of a milestone whose year is still ahead
    projected: float | None  # the trend at the end of the milestone's year (None under two days of values)
    at_risk: bool | None  # the trend misses the milestone; None: nothing to judge by

    @property
    def assessment(self) -> str:
        """attained | at_risk | on_course | unknown."""
        if self.attained:
            return "attained"
        return {True: "at_risk", False: "on_course", None: "unknown"}[self.at_risk]


def points_of(values: Iterable[StoredEvent], timezone: str) -> dict[str, list[Point]]:
    """Target values as stored (``target_value`` events), by target: the local day each was said
    and the year it is for (the year the line named, else the year it was said)."""
    found: dict[str, list[Point]] = {}
    for event in values:
        on = from_store(event.at, timezone).date()
        point = Point(on, int(event.payload.get("year") or on.year), float(event.payload["value"]))
        found.setdefault(event.target_id or "", []).append(point)
    return found


def milestone_of(target: Target, year: int) -> tuple[int, float]:
    """The milestone in view in ``year``: that year's, else the next one, else the last one."""
    years = sorted(target.milestones)
    chosen = next((y for y in years if y >= year), years[-1])
    return chosen, target.milestones[chosen]


def judge(target: Target, year: int, points: Sequence[Point], as_of: date) -> Judgement:
    """``target`` against its milestone of ``year``, from the values said by ``as_of`` for that year
    or an earlier one (``points`` in any order)."""
    milestone = target.milestones[year]
    known = sorted((p for p in points if p.on <= as_of and p.year <= year), key=lambda p: (p.on, p.year))
    last = known[-1] if known else None
    up = target.direction == "up"
    attained = None
    if last is not None and reaches(last.value, milestone, up):
        attained = True
    elif last is not None and last.year >= year:
        attained = False
    projected = trend(known, date(year, 12, 31))
    at_risk = None if projected is None else not reaches(projected, milestone, up)
    return Judgement(
        year=year,
        milestone=milestone,
        value=last.value if last else None,
        value_on=last.on if last else None,
        value_year=last.year if last else None,
        attained=attained,
        projected=None if projected is None else round(projected, 2),
        at_risk=False if attained else at_risk,
    )


def reaches(value: float, milestone: float, up: bool) -> bool:
    return value >= milestone if up else value <= milestone


def trend(points: Sequence[Point], at: date) -> float | None:
    """The least-squares line through the values, read at ``at`` (None under two distinct days)."""
    if len({p.on for p in points}) < 2:
        return None
    xs = [p.on.toordinal() for p in points]
    ys = [p.value for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return my + slope * (at.toordinal() - mx)
