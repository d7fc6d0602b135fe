"""Put a draft together: outline, units, tasks and who does them, targets, reporting, the
committee, and the list of what a person must still decide."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from . import assign, fields, meta, readers, tasks
from . import outline as outlines
from . import reporting as reports
from . import targets as goals
from .blocks import Block, Where
from .model import Decision, Draft, DraftSection, DraftTarget, DraftTask, DraftUnit, Source
from .normalize import fold
from .outline import Node, Outline
from .units import Registry, Unit, names_in

_CLOSING_ASK = re.compile(r"\b(de nghi|yeu cau)\s+(?:thu truong\s+)?")
_HORIZON = re.compile(r"\bden nam (20\d\d)\b")


def draft(path: Path) -> Draft:
    blocks = readers.read(path)
    return compose(blocks, path.name)


def compose(blocks: list[Block], name: str) -> Draft:
    outline = outlines.build(blocks)
    plan = meta.read(outline)
    registry = Registry(plan.place)
    issuer = registry.add(plan.issuer, plan.issuer_source.where) if plan.issuer and plan.issuer_source.where else None
    heading_units = _heading_units(outline, registry)
    found, sections = tasks.collect(outline)
    table_found, table_sections = tasks.from_tables(outline.appendix + _body_tables(outline), _table_prefixes(outline))
    found += table_found
    sections += table_sections
    goal_found, goal_sections = tasks.dated_goals(outline, _has_figure)
    found += goal_found
    sections += goal_sections
    defaults = _defaults(outline, registry, heading_units, issuer, plan.party)
    defaults = replace(defaults, media=_media_keeper(outline, heading_units))
    for item in found:
        assign.read_task(item, registry, defaults, heading_units)
    if not found:
        raise readers.DocumentUnreadable("doc_no_duties", path=name)
    drafted_tasks = _unique_ids([f.task for f in found])
    targets = _targets(outline, drafted_tasks, registry, defaults)
    reporting = reports.read(outline, registry, (defaults.lead, Source(reason="default_lead")), heading_units)
    committee, committee_source = _committee(registry, plan.issuer, issuer)
    _no_external_leads(registry, [*drafted_tasks, *targets])
    units = [
        DraftUnit(id=u.id, name=u.name, source=Source(where=u.where), external=u.external, aliases=u.aliases)
        for u in registry.units
    ]
    result = Draft(
        meta=plan,
        committee_name=committee,
        committee_source=committee_source,
        secretariat=reporting.to,
        units=units,
        sections=_used_sections(sections, drafted_tasks),
        tasks=drafted_tasks,
        targets=targets,
        reporting=reporting,
        decisions=[],
        source_name=name,
    )
    result.decisions = _decisions(result, outline)
    return result


def _heading_units(outline: Outline, registry: Registry) -> dict[str, list[Unit]]:
    """The units that the headings of "Tổ chức thực hiện" (and unit-named headings elsewhere) name."""
    found: dict[str, list[Unit]] = {}
    for top in outline.sections:
        if not tasks.is_task_section(top.text):
            continue
        for node in top.walk()[1:]:
            if node.label is None or node.label.kind in ("dash", "plus"):
                continue
            units = assign.heading_unit(node.text, registry, Source(where=node.where))
            if units:
                found[node.code] = units
    return found


def _media_keeper(outline: Outline, heading_units: dict[str, list[Unit]]) -> fields.Channels | None:
    """The unit whose paragraph in "Tổ chức thực hiện" gives it the media channels."""
    duties: dict[str, tuple[Unit, str]] = {}
    for top in outline.sections:
        if not tasks.is_organisation(top.text):
            continue
        for node in top.walk()[1:]:
            units = heading_units.get(node.code)
            if not units:
                continue
            own = [n.text for child in node.children if child.code not in heading_units for n in child.walk()]
            unit, text = units[0], " ".join(own)
            duties[unit.id] = (unit, f"{duties[unit.id][1]} {text}" if unit.id in duties else text)
    return fields.keeper(duties)


def _defaults(
    outline: Outline, registry: Registry, heading_units: dict[str, list[Unit]], issuer: Unit | None, party: bool
) -> assign.Defaults:
    lead, lead_source = _default_lead(outline, registry, heading_units, issuer, party)
    coordinators: tuple[Unit, ...] = ()
    source = Source()
    for block in outline.closing[:2]:
        asked = _CLOSING_ASK.search(fold(block.text))
        if asked:
            names = names_in(block.text[asked.end() :])
            coordinators = tuple(registry.add(n, block.where) for n in names)
            source = Source(where=block.where, quote=block.text[asked.start() : asked.end() + 120], reason="closing")
            break
    return assign.Defaults(lead=lead, lead_source=lead_source, coordinators=coordinators, coordinators_source=source)


_IN_CHARGE = [
    (r"\bchu tri\b", 3),
    (r"\btham muu\b", 2),
    (r"\bdon doc\b", 2),
    (r"\bto chuc trien khai ke hoach\b", 2),
    (r"\btheo doi\b", 1),
    (r"\btong hop\b", 1),
]


def _default_lead(
    outline: Outline, registry: Registry, heading_units: dict[str, list[Unit]], issuer: Unit | None, party: bool
) -> tuple[Unit, Source]:
    """The unit in charge of the plan as a whole: for a Party plan the People's Committee
    (the Party leads, the government carries out); else the unit "Tổ chức thực hiện" puts in
    charge (chủ trì, tham mưu, đôn đốc), else the one reports go to, else the issuer."""
    if party:
        for unit in registry.units:
            if fold(unit.name).startswith(("uy ban nhan dan", "ubnd")) and not unit.external:
                return unit, Source(where=unit.where, quote=unit.name, reason="party_government")
    best: tuple[int, Unit, Node] | None = None
    for node in outline.nodes():
        units = heading_units.get(node.code)
        if not units or units[0].external:
            continue
        text = fold(" ".join(n.text for n in node.walk()))
        score = sum(weight for pattern, weight in _IN_CHARGE if re.search(pattern, text))
        if score >= 2 and (best is None or score > best[0]):
            best = (score, units[0], node)
    if best is not None:
        return best[1], Source(where=best[2].where, quote=best[2].text, reason="in_charge")
    via = reports.report_via(outline, registry)
    if via is not None:
        return via[0], Source(where=via[1].where, quote=via[1].text[:120], reason="reports_to")
    if issuer is None:
        issuer = registry.add("Ủy ban nhân dân xã", outline.everything()[0].where)
    return issuer, Source(where=issuer.where, reason="issuer")


def _targets(
    outline: Outline, found: list[DraftTask], registry: Registry, defaults: assign.Defaults
) -> list[DraftTarget]:
    statements: list[goals.Statement] = []
    text = " ".join(b.text for b in outline.everything())
    horizons = sorted(int(y) for y in _HORIZON.findall(fold(text)))
    default_year = horizons[0] if horizons else None
    for top in outline.sections:
        if not tasks.is_target_section(top.text):
            continue
        _goal_statements(top, None, statements)
    task_of: dict[int, str] = {}
    for task in found:
        if task.source.where and re.search(r"\b(ty le|ti le)\b.*\bdat\b", fold(task.description)):
            for statement in goals.statements(task.description, None, task.source.where):
                task_of[len(statements)] = task.id
                statements.append(statement)
    result = goals.merge(statements, default_year)
    for target in result:
        target.lead, target.lead_source = defaults.lead.id, Source(reason="target_lead")
        for index, statement in enumerate(statements):
            if index in task_of and statement.quote == target.source.quote:
                target.task = task_of[index]
                carrier = next(t for t in found if t.id == target.task)
                target.lead, target.lead_source = carrier.lead, Source(reason="target_task", quote=carrier.id)
                carrier.targets.append(target.id)
    return result


def _has_figure(text: str) -> bool:
    return bool(goals.statements(text, None, Where(unit="line", number=0)))


def _no_external_leads(registry: Registry, items: list[DraftTask | DraftTarget]) -> None:
    """A body outside the plan's authority cannot lead (dondoc never writes to it): the document's
    lead is kept as the first coordinator and the lead left for a person to choose."""
    external = {u.id: u.name for u in registry.units if u.external}
    for item in items:
        if item.lead in external:
            item.coordinators = [item.lead, *(c for c in item.coordinators if c != item.lead)]
            item.lead_source = Source(where=item.lead_source.where, quote=external[item.lead], reason="external_lead")
            item.lead = ""


def _goal_statements(node: Node, year: int | None, out: list[goals.Statement]) -> None:
    year = tasks.heading_year(node) or year
    if fold(node.text).startswith("tam nhin"):
        return
    if not node.children or node.label is None or len(node.text) > 80:
        out.extend(goals.statements(node.text, year, node.where))
    for child in node.children:
        _goal_statements(child, year, out)


def _committee(registry: Registry, issuer_name: str, issuer: Unit | None) -> tuple[str, Source]:
    for unit in registry.units:
        if fold(unit.name).startswith("ban chi dao") and not unit.external:
            return unit.name, Source(where=unit.where, quote=unit.name)
    return issuer_name or "Ban Chỉ đạo", Source(reason="committee_is_issuer")


def _body_tables(outline: Outline) -> list[Block]:
    return [b for b in outline.preamble + [n.block for n in outline.nodes()] if b.cells]


def _table_prefixes(outline: Outline) -> dict[int, str]:
    prefixes: dict[int, str] = {}
    current = ""
    count = 0
    for block in outline.appendix + _body_tables(outline):
        folded = fold(block.text)
        if not block.cells and folded.startswith("phu luc"):
            roman = re.match(r"phu luc\s+([ivxl]+|\d+)\b", folded)
            count += 1
            current = f"PL{_arabic(roman.group(1)) if roman else count}"
        elif block.table is not None and block.table not in prefixes:
            prefixes[block.table] = current or f"PL{len(prefixes) + 1}"
    return prefixes


def _arabic(text: str) -> int:
    from .labels import roman_value

    return int(text) if text.isdigit() else roman_value(text.upper())


def _unique_ids(found: list[DraftTask]) -> list[DraftTask]:
    seen: set[str] = set()
    for task in found:
        while task.id in seen:
            task.id += "b"
        seen.add(task.id)
    return found


def _used_sections(sections: list[DraftSection], found: list[DraftTask]) -> list[DraftSection]:
    used = {t.section for t in found}
    ids = {t.id for t in found}
    return [
        s
        for s in {s.id: s for s in sections}.values()
        if s.id in used or (any(i.startswith(s.id + ".") for i in used) and s.id not in ids)
    ]


def _decisions(result: Draft, outline: Outline) -> list[Decision]:
    decisions: list[Decision] = []
    internal = [u for u in result.units if not u.external]
    decisions.append(Decision(key="fill_emails", args=(("count", str(len(internal))),)))
    if result.meta.issued is None:
        decisions.append(Decision(key="no_issued"))
    elif outline.dated is not None and outline.dated.day is None:
        decisions.append(Decision(key="blank_day", args=(("date", result.meta.issued.isoformat()),)))
    if not result.meta.code or re.match(r"^/", result.meta.code):
        decisions.append(Decision(key="blank_number"))
    for printed, used, _where in outline.renumbered:
        decisions.append(Decision(key="renumbered", args=(("printed", printed), ("used", used))))
    items: list[DraftTask | DraftTarget] = [*result.tasks, *result.targets]
    outside = [i.id for i in items if not i.lead]
    if outside:
        decisions.append(Decision(key="external_lead", args=(("count", str(len(outside))), ("ids", _ids(outside)))))
    defaulted = [t.id for t in result.tasks if t.lead and t.lead_source.reason]
    if defaulted:
        unit = next(
            u.name for u in result.units if u.id == result.tasks[[t.id for t in result.tasks].index(defaulted[0])].lead
        )
        decisions.append(
            Decision(
                key="default_lead", args=(("count", str(len(defaulted))), ("unit", unit), ("ids", _ids(defaulted)))
            )
        )
    untimed = [t.id for t in result.tasks if t.timing_source.reason == "no_timing"]
    if untimed:
        decisions.append(Decision(key="no_timing", args=(("count", str(len(untimed))), ("ids", _ids(untimed)))))
    if result.reporting.cadences_source.reason:
        decisions.append(Decision(key="default_cadences"))
    for target in result.targets:
        for milestone in target.milestones:
            if milestone.note:
                decisions.append(
                    Decision(key=f"target_{milestone.note}", args=(("id", target.id), ("year", str(milestone.year))))
                )
    external = [u.name for u in result.units if u.external]
    if external:
        decisions.append(Decision(key="external", args=(("names", "; ".join(external)),)))
    decisions.append(Decision(key="committee_members"))
    return decisions


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) if len(ids) <= 12 else ", ".join(ids[:12]) + ", …"
