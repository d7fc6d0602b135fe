"""The report form in the reporting cycle: the XLSX (biểu mẫu) a report request carries, and a
returned form read back into report lines (issue #19 item 3).

- **Sent**: ``form_of`` lays out, when a unit's digest is rendered, one form per report it asks
  for, with the items still missing (``payloads.RequestItem``) as its rows; the digest is sent
  through the outbox once, with its form, like any other digest.
- **Returned**: ``returned`` reads the ``.xlsx`` files attached to a reply (``forms.read``) and
  judges each against the thread it came in: the form must be this unit's, of this plan, for one
  of its reports. Its rows become ``ReportLine``s (via ``form``, position: the sheet row) that
  ``recording.record_lines`` takes under the same authority rules as the lines of an email. A form
  with any problem is refused whole, each problem worded for the sender (``forms.explain``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import forms, period_words, tokens
from .forms import FormItem, FormMeta, FormProblem, FormProblemKind, FormReading, FormRow
from .letters import Attachment
from .payloads import DigestItem, RequestItem
from .plan import Plan
from .report_lines import LineSource, ReportLine
from .vocabulary import Audience, ItemKind, Role, Via

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def form_of(plan: Plan, item: DigestItem, secret: str) -> tuple[str, bytes] | None:
    """The form of the report ``item`` asks for, as (file name, bytes); None when it asks for no
    task or target (only the unit's narrative report)."""
    request = item.request
    if request is None:
        return None
    rows = [_row(plan, r) for r in request.items if r.kind in (ItemKind.TASK, ItemKind.TARGET)]
    if not rows:
        return None
    audience = Audience.unit(item.unit).key
    meta = FormMeta(
        plan_id=plan.id,
        plan_code=plan.plan.code,
        plan_title=plan.plan.title,
        issuer=plan.plan.issuer,
        unit_id=item.unit,
        unit_name=plan.unit(item.unit).name,
        occurrence_id=item.occurrence,
        period=request.period,
        period_words=period_words.name(plan.language, request.period, reporting=True),
        due=item.due,
        token=tokens.token(secret, _key(item.occurrence), plan.id, audience),
        language=plan.language,
    )
    return forms.filename(meta), forms.build(meta, rows)


def _key(occurrence: int) -> str:
    """What a form's token is signed under: the report occurrence it asks about."""
    return f"form:{occurrence}"


def _row(plan: Plan, r: RequestItem) -> FormItem:
    last = r.last
    return FormItem(
        code=r.code,
        kind=forms.ItemKind(r.kind),
        title=r.title,
        role=Role.COORDINATOR if r.role == Role.COORDINATOR else Role.LEAD,
        last_result=_last_words(plan, last.state, last.progress, last.result) if last else "",
        last_reported_on=last.on if last else None,
        measure=r.measure,
        milestone=r.milestone,
        milestone_year=r.milestone_year,
        last_value=r.last_value,
        last_value_on=r.last_value_on,
        periods=tuple(period_words.name(plan.language, p) for p in r.periods),
    )


def _last_words(plan: Plan, state: str | None, progress: int | None, result: str) -> str:
    """What the unit last said, as the form's column shows it: "đang thực hiện, 60%: ..."."""
    said = str(forms.labels(plan.language)["states"].get(state, "")) if state else ""
    if progress is not None and state != "done":
        said = f"{said}, {progress}%" if said else f"{progress}%"
    return f"{said}: {result}" if said and result else said or result


@dataclass
class Returned:
    """What the forms attached to a reply say: their rows as report lines, or why they were refused."""

    forms: int = 0
    lines: list[ReportLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # worded for the sender; any refuses the message


def returned(plan: Plan, unit_id: str, attached: Sequence[Attachment], ref: str, secret: str) -> Returned:
    """The report forms ``attached`` to a reply from ``unit_id`` (not those of a message forwarded
    inside it), read and judged; a form's token must be the one ``secret`` signed for its report."""
    found = Returned()
    for name, data in ((a.name, a.part.payload()) for a in attached):
        found.forms += 1
        reading = forms.read(data)
        problems = list(reading.problems) or _not_ours(plan, unit_id, reading, secret)
        if problems or reading.meta is None:
            found.problems += [f"{name}: {forms.explain(p, plan.language)}" for p in problems]
            continue
        found.lines += [_line(row, ref, reading.meta.occurrence_id) for row in reading.rows]
    return found


def _not_ours(plan: Plan, unit_id: str, reading: FormReading, secret: str) -> list[FormProblem]:
    """A form read whole but not this unit's for this plan (another unit's, forwarded), or whose
    token dondoc did not sign for its report: refused."""
    meta = reading.meta
    if meta is None:
        return [FormProblem(kind=FormProblemKind.NOT_A_FORM)]
    if meta.plan_id != plan.id or meta.unit_id != unit_id:
        return [FormProblem(kind=FormProblemKind.NOT_YOURS)]
    signed = tokens.split(meta.token)[0] == tokens.ref_of(_key(meta.occurrence_id)) and tokens.verify(
        secret, meta.token, plan.id, Audience.unit(unit_id).key
    )
    return [] if signed else [FormProblem(kind=FormProblemKind.TAMPERED)]


def _line(row: FormRow, ref: str, report: int) -> ReportLine:
    cells = [row.status, row.result, row.obstacles, row.proposals, "" if row.value is None else str(row.value)]
    text = f"{row.code}: " + " | ".join(c for c in cells if c)
    return ReportLine(
        code=row.code,
        source=LineSource(via=Via.FORM, ref=ref, position=row.row, text=text),
        state=row.state,
        progress=row.progress,
        result=row.result,
        obstacles=row.obstacles,
        proposals=row.proposals,
        value=None if row.value is None else float(row.value),
        report=report,
    )

