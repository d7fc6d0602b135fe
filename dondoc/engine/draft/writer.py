"""Write a draft as a plan file (PLAN-FORMAT.md): every drafted value with a comment naming
the document line or paragraph it came from, the decisions left to a person at the top, and
marked placeholders (``<<...>>``) that ``dondoc validate`` reports until they are filled."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .blocks import Where
from .model import Draft, DraftTarget, DraftTask, Source

_QUOTE_LIMIT = 90


@cache
def wording(lang: str) -> dict[str, str]:
    text = resources.files("dondoc").joinpath(f"templates/{lang}/draft.yaml").read_text("utf-8")
    data: dict[str, str] = yaml.safe_load(text)
    return data


class _Writer:
    def __init__(self, lang: str) -> None:
        self.words = wording(lang)
        self.lines: list[str] = []

    def say(self, key: str, **args: Any) -> str:
        return self.words[key].format_map(args)

    def where(self, where: Where | None) -> str:
        if where is None:
            return ""
        if where.row is not None:
            return self.say("where_row", number=where.number, row=where.row)
        if where.page is not None:
            return self.say("where_page_line", page=where.page, number=where.number)
        key = "where_line" if where.unit == "line" else "where_paragraph"
        return self.say(key, number=where.number)

    def comment(self, source: Source) -> str:
        parts = []
        if source.reason:
            parts.append(self.say(f"reason_{source.reason}", where=self.where(source.where), quote=source.quote))
        else:
            place = self.where(source.where)
            quote = " ".join(source.quote.split())
            if len(quote) > _QUOTE_LIMIT:
                quote = quote[: _QUOTE_LIMIT - 1].rsplit(" ", 1)[0] + " …"
            parts.append(f"{place}: “{quote}”" if quote and place else place or quote)
        text = "; ".join(p for p in parts if p)
        return f"  # {text}" if text else ""

    def line(self, text: str, source: Source | None = None) -> None:
        self.lines.append(text + (self.comment(source) if source is not None else ""))


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write(draft: Draft, lang: str = "vi") -> str:
    w = _Writer(lang)
    _head(w, draft)
    _plan(w, draft)
    _committee(w, draft)
    _units(w, draft)
    _reporting(w, draft)
    _targets(w, draft)
    _sections(w, draft)
    _tasks(w, draft)
    return "\n".join(w.lines) + "\n"


def _head(w: _Writer, draft: Draft) -> None:
    w.line(f"# {w.say('header', source=draft.source_name)}")
    w.line(f"# {w.say('decisions_title')}")
    for number, decision in enumerate(draft.decisions, start=1):
        w.line(f"#  {number}. {w.say(decision.key, **dict(decision.args))}")
    w.line("")
    w.line("dondoc: 1")
    w.line("")


def _plan(w: _Writer, draft: Draft) -> None:
    m = draft.meta
    w.line("plan:")
    w.line(f"  id: {m.id}  # {w.say('plan_id')}")
    w.line(f"  code: {_q(m.code)}", m.code_source)
    w.line(f"  title: {_q(m.title or draft.source_name)}", m.title_source)
    w.line(f"  issuer: {_q(m.issuer)}", m.issuer_source)
    if m.superior:
        w.line(f"  superior: {_q(m.superior)}", m.superior_source)
    w.line(f"  body: {'party' if m.party else 'state'}  # {w.say('party' if m.party else 'state')}")
    if m.issued is not None:
        w.line(f"  issued: {m.issued.isoformat()}", m.issued_source)
    if m.place:
        w.line(f"  place: {_q(m.place)}", m.issued_source if m.issued_source.where else m.issuer_source)
    w.line(f"  signer: {_q(m.signer)}", m.signer_source)
    if m.bases:
        w.line("  bases:")
        for text, source in m.bases:
            w.line(f"    - {_q(text)}", Source(where=source.where))
    w.line("  language: vi")
    w.line("")


def _committee(w: _Writer, draft: Draft) -> None:
    w.line("committee:")
    w.line(f"  name: {_q(draft.committee_name)}", draft.committee_source)
    w.line(f"  secretariat: {draft.secretariat}", draft.reporting.to_source)
    if draft.meta.signer:
        email = w.say("placeholder_email", name=draft.meta.signer)
        member = f"{{name: {_q(draft.meta.signer)}, role: {_q(w.say('signer_member'))}, email: {_q(email)}}}"
        w.line("  members:")
        w.line(f"    - {member}", draft.meta.signer_source)
    w.line("")


def _units(w: _Writer, draft: Draft) -> None:
    w.line("units:")
    for unit in draft.units:
        w.line(f"  - id: {unit.id}")
        w.line(f"    name: {_q(unit.name)}", unit.source)
        if not unit.external:  # dondoc never writes to an external unit: it needs no address
            w.line(f"    email: {_q(w.say('placeholder_email', name=unit.name))}")
        if unit.aliases:
            w.line(f"    aliases: [{', '.join(_q(a) for a in unit.aliases)}]")
        if unit.external:
            w.line(f"    external: true  # {w.say('external_unit')}")
    w.line("")


def _reporting(w: _Writer, draft: Draft) -> None:
    r = draft.reporting
    w.line("reporting:")
    w.line(f"  to: {r.to}", r.to_source)
    if r.units:
        w.line(f"  from: [{', '.join(r.units)}]", r.units_source)
    else:
        w.line(f"  # {w.say('reason_reporting_default')}")
    w.line(f"  cadences: [{', '.join(r.cadences)}]", r.cadences_source)
    if r.due_offset is not None:
        w.line(f"  due_offset: {r.due_offset}", r.due_offset_source)
    w.line("")


def _targets(w: _Writer, draft: Draft) -> None:
    if not draft.targets:
        w.line("targets: []")
        w.line("")
        return
    w.line("targets:")
    for target in draft.targets:
        _target(w, target)
    w.line("")


def _target(w: _Writer, target: DraftTarget) -> None:
    w.line(f"  - id: {target.id}")
    w.line(f"    title: {_q(target.title)}", target.source)
    w.line(f"    measure: {_q(target.measure)}")
    w.line(f"    direction: {target.direction}")
    w.line("    milestones:")
    for milestone in target.milestones:
        value = int(milestone.value) if milestone.value == int(milestone.value) else milestone.value
        w.line(f"      {milestone.year}: {value}", milestone.source)
    _lead(w, target.lead, target.lead_source)
    if target.coordinators:
        w.line(f"    coordinators: [{', '.join(target.coordinators)}]")


def _lead(w: _Writer, lead: str, source: Source) -> None:
    if lead:
        w.line(f"    lead: {lead}", source)
    else:  # the document's lead is external: a marked placeholder that validate reports here
        w.line(f"    lead: {_q(w.say('placeholder_lead', name=source.quote))}", Source(where=source.where))


def _sections(w: _Writer, draft: Draft) -> None:
    if not draft.sections:
        return
    w.line("sections:")
    for section in draft.sections:
        w.line(f"  - {{id: {_q(section.id)}, title: {_q(section.title)}}}", Source(where=section.source.where))
    w.line("")


def _tasks(w: _Writer, draft: Draft) -> None:
    w.line("tasks:")
    for task in draft.tasks:
        _task(w, task)


def _task(w: _Writer, task: DraftTask) -> None:
    w.line(f"  - id: {_q(task.id)}", Source(where=task.source.where))
    w.line(f"    title: {_q(task.title)}")
    if task.description != task.title:
        w.line(f"    description: {_q(task.description)}")
    w.line(f"    section: {_q(task.section)}")
    _lead(w, task.lead, task.lead_source)
    coordinators = ", ".join(task.coordinators)
    w.line(f"    coordinators: [{coordinators}]", task.coordinators_source if task.coordinators else None)
    t = task.timing
    if t.kind == "due" and t.due is not None:
        w.line(f"    due: {t.due.isoformat()}", task.timing_source)
    elif t.kind == "repeat" and t.repeat is not None:
        w.line(f"    repeat: {t.repeat}", task.timing_source)
    else:
        w.line("    ongoing: true", task.timing_source)
    if t.kind != "due" and t.start is not None and t.end is not None:
        w.line(f"    start: {t.start.isoformat()}")
        w.line(f"    end: {t.end.isoformat()}")
    if task.output:
        w.line(f"    output: {_q(task.output)}", task.output_source)
    if task.targets:
        w.line(f"    targets: [{', '.join(task.targets)}]")
