"""The events of a report's window, as the XLSX lists them (the unit's name, never a Message-ID)."""

from __future__ import annotations

from ..plan import Plan
from .model import EventLine
from .said import Said


def event_line(plan: Plan, said: Said) -> EventLine:
    event = said.event
    payload = event.payload or {}
    unit = event.unit_id or (event.actor if event.actor in plan.units_by_id else None)
    value = payload.get("value")
    progress = payload.get("progress")
    return EventLine(
        on=said.on,
        kind=str(event.kind),
        unit=unit,
        unit_name=plan.unit(unit).name if unit else "",
        task=event.task_id or event.target_id,
        period=event.period,
        progress=None if progress is None else int(progress),
        value=None if value is None else float(value),
        text=payload.get("text") or "",
        by_email=bool(event.source) and event.source != "cli",
    )
