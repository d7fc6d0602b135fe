"""What units said in a period: their results, obstacles and proposals, each sentence once.

``statements`` is the one place the report learns what units said. Today it reads the events
(the words after a status, labelled notes, blocked updates) of the period until its reports
were due; when answers are kept per (item, unit, period) it reads those instead, and nothing
else of the report changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from ..plan import Plan
from ..store.events import PlanEvent
from ..vocabulary import EventKind
from .model import Author, Statement

STATUS_KINDS = (EventKind.DONE, EventKind.PROGRESS, EventKind.NOT_STARTED, EventKind.BLOCKED)
KINDS = ("result", "obstacle", "proposal")


class Said(NamedTuple):
    """An event and the local day it happened."""

    on: date
    event: PlanEvent


def statements(plan: Plan, said: Iterable[Said], start: date, until: date) -> list[Statement]:
    """Every sentence units said from ``start`` to ``until``, oldest first, merged when the same
    sentence (whatever its case, spacing or final stop) was said again about the same task."""
    found = [s for s in (_statement(plan, e) for e in said if start <= e.on <= until) if s is not None]
    return merged(found)


def _statement(plan: Plan, said: Said) -> Statement | None:
    event = said.event
    payload = event.payload or {}
    text = " ".join(str(payload.get("text") or "").split())
    if not text:
        return None
    label = payload.get("label")
    if event.kind == EventKind.BLOCKED:
        kind = "obstacle"
    elif event.kind == EventKind.NOTE:
        kind = label if label in KINDS else "result"
    elif event.kind in STATUS_KINDS:
        kind = "result"
    else:
        return None  # extensions and target values have their own sections
    unit = event.unit_id or event.actor
    if unit not in plan.units_by_id:
        return None  # the committee or the secretariat speaking for itself
    progress = payload.get("progress")
    return Statement(
        kind=kind,
        task=event.task_id,
        text=text,
        on=said.on,
        authors=(Author(unit=unit, name=plan.unit(unit).name, role=_role(plan, event.task_id, unit)),),
        status=None if event.kind == EventKind.NOTE else str(event.kind),
        progress=None if progress is None else int(progress),
    )


def _role(plan: Plan, task_id: str | None, unit: str) -> str:
    task = plan.tasks_by_id.get(task_id or "")
    if task is None:
        return ""
    return "lead" if task.lead == unit else "coordinator" if unit in task.coordinators else ""


def fold(text: str) -> str:
    """A sentence as compared for sameness: NFC, case-folded, single spaces, no final punctuation."""
    return re.sub(r"[\s.;,!]+$", "", " ".join(unicodedata.normalize("NFC", text).casefold().split()))


def merged(found: Sequence[Statement]) -> list[Statement]:
    """Statements with the same kind, task and sentence as one, dated the first time, with every
    author (the lead first, then in the order they said it)."""
    by_key: dict[tuple[str, str | None, str], Statement] = {}
    for statement in found:
        key = (statement.kind, statement.task, fold(statement.text))
        first = by_key.get(key)
        if first is None:
            by_key[key] = statement
            continue
        authors = first.authors + tuple(a for a in statement.authors if a not in first.authors)
        by_key[key] = replace(first, authors=tuple(sorted(authors, key=lambda a: a.role != "lead")))
    return list(by_key.values())
