"""What units said in a period: their results, obstacles and proposals, each sentence once.

``statements`` is the one place the report learns what units said: the answers kept for the
reports whose cut-off falls in the period (``store.entries``: what each unit answered about each
item, per report, even when it answered late), and the words said in the period's window that no
report kept (the events: a unit that owes no report, a remark about the whole plan). The same
sentence from both is one statement.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from ..plan import Plan
from ..store.entries import StoredEntry
from ..store.events import PlanEvent
from ..vocabulary import EventKind, ItemKind, Via
from .model import Author, Statement

STATUS_KINDS = (EventKind.DONE, EventKind.PROGRESS, EventKind.NOT_STARTED, EventKind.BLOCKED)
KINDS = ("result", "obstacle", "proposal")


class Said(NamedTuple):
    """An event and the local day it happened."""

    on: date
    event: PlanEvent


class Answer(NamedTuple):
    """An answer kept for a report: the local day it was said, the report's cut-off, the answer."""

    on: date
    cut_off: date
    entry: StoredEntry


def statements(
    plan: Plan, said: Iterable[Said], start: date, until: date, answers: Iterable[Answer] = ()
) -> list[Statement]:
    """Every sentence units answered for the reports whose cut-off falls from ``start`` to
    ``until``, and said from ``start`` to ``until`` in a line no report kept (a line kept belongs
    to its report's period, whenever it came), oldest first, merged when the same sentence
    (whatever its case, spacing or final stop) was said again about the same task."""
    answers = list(answers)
    kept = [s for a in answers if start <= a.cut_off <= until for s in _answered(plan, a)]
    lines = {(a.entry.source, a.entry.position) for a in answers if a.entry.via in (Via.LINE, Via.FORM)}
    window = [e for e in said if start <= e.on <= until and (e.event.source, e.event.line) not in lines]
    found = [s for s in (_statement(plan, e) for e in window) if s is not None]
    return merged(sorted(kept + found, key=lambda s: s.on))


def _answered(plan: Plan, answer: Answer) -> list[Statement]:
    """The sentences of one answer: its result (with the status it came with), obstacles, proposals."""
    entry = answer.entry
    if entry.via == Via.DOCUMENT or entry.unit_id not in plan.units_by_id:
        return []  # a document's "result" is its file names
    task = entry.item if entry.kind == ItemKind.TASK else None
    author = Author(unit=entry.unit_id, name=plan.unit(entry.unit_id).name, role=_role(plan, task, entry.unit_id))
    found = []
    for kind, text in (("result", entry.result), ("obstacle", entry.obstacles), ("proposal", entry.proposals)):
        text = " ".join(text.split())
        if text:
            status = entry.state if kind == "result" else None
            progress = entry.progress if kind == "result" else None
            statement = Statement(kind=kind, task=task, text=text, on=answer.on, authors=(author,), status=status,
                                  progress=progress)  # fmt: skip
            found.append(statement)
    return found


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
