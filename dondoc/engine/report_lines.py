"""A report line: one answer about one item, as typed data, whatever it came in.

A line of an email (``IV.5: đang thực hiện - đã tổ chức 3 hội nghị``), a row of the returned report
form, or the secretariat's update all become a ``ReportLine``; ``recording.record_lines`` takes
them, acts on the item's own occurrence (its state and progress, a target's value) and keeps the
answer for the unit's report (``store.entries``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .period_words import Said
from .replies import Item
from .vocabulary import State, Via


@dataclass(frozen=True, kw_only=True)
class LineSource:
    """Where a line was said: how (a line, a form row, the secretariat), in which message, where."""

    via: Via
    ref: str  # the Message-ID of the email, or "cli"
    position: int | None = None  # the line of the email body, or the row of the form (1-based)
    text: str = ""  # the line as written (a form row: its cells), shown back in the acknowledgement


@dataclass(frozen=True, kw_only=True)
class ReportLine:
    """What a unit says about one item (a task or a target) for its report."""

    code: str
    source: LineSource
    period: Said | None = None  # a recurring task's period named ("tuần 10"); a target's year
    state: State | None = None
    progress: int | None = None  # 0-100
    result: str = ""  # kết quả thực hiện
    obstacles: str = ""  # khó khăn, vướng mắc
    proposals: str = ""  # kiến nghị, đề xuất
    value: float | None = None  # a target's value
    report: int | None = None  # the report occurrence it answers, when it says so (a returned form)

    @property
    def says(self) -> bool:
        """Whether it says anything at all (a form row left blank does not)."""
        fields = (self.state, self.progress, self.value, self.result, self.obstacles, self.proposals)
        return any(v not in (None, "") for v in fields)


def of_item(item: Item, source: LineSource) -> ReportLine:
    """A reply line (a status, a target's value or a labelled note after a code) as a report line."""
    code, note = item.code or "", item.note
    if item.kind == "value":
        value = float(item.value) if item.value is not None else None
        return ReportLine(code=code, source=source, period=item.period, value=value, result=note)
    if item.kind == "note":
        label = item.label or "note"
        return ReportLine(
            code=code,
            source=source,
            period=item.period,
            result=note if label == "note" else "",
            obstacles=note if label == "obstacle" else "",
            proposals=note if label == "proposal" else "",
        )
    state = State(item.state or State.IN_PROGRESS)
    blocked = state == State.BLOCKED
    return ReportLine(
        code=code,
        source=source,
        period=item.period,
        state=state,
        progress=item.progress,
        result="" if blocked else note,
        obstacles=note if blocked else "",
    )
