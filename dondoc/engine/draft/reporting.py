"""Who reports, to whom, how often and how soon, from the plan's reporting sentences: "Các phòng
chuyên môn, cơ quan, đơn vị, trường học ... Thực hiện chế độ báo cáo kết quả thực hiện nhiệm vụ
theo quý, 06 tháng, năm ... gửi về UBND phường (qua phòng Văn hóa- Xã hội)".

The units that report are those the sentence makes report: the units of the "Tổ chức thực
hiện" heading it stands under, or the units it starts with; and the unit the reports go to,
which reports on what it leads. A sentence addressed to everyone ("các cơ quan, đơn vị được
giao nhiệm vụ") leaves the plan's default (every unit that leads a task), and a body the plan
only asks ("Đề nghị Ủy ban MTTQ ...") owes no report."""

from __future__ import annotations

import re

from . import timing
from .blocks import Block
from .model import DraftReporting, Source
from .normalize import fold
from .outline import Node, Outline
from .units import Registry, Unit, names_in, starts_with_head

_REPORT = re.compile(r"\bbao cao\b")
_PERIODIC = re.compile(r"dinh ky|che do bao cao|theo (thang|quy)|hang (thang|quy)")
_VIA = re.compile(r"\bqua\s+(?=(?:phong|van phong|trung tam|ban)\b)")
_OFFSET = re.compile(
    r"\b(?:truoc|cham nhat|trong vong|trong thoi han)\s*(?P<n>\d{1,2})\s*ngay(?: lam viec)?\s*"
    r"(?:sau|ke tu)\s*(?:khi )?(?:ket thuc|het|cuoi)"
)
_EVERYONE = re.compile(r"\b(duoc giao|lien quan)\b|^cac (co quan|don vi)(,? (co quan|don vi|to chuc))*$")
_ORDER = ["weekly", "monthly", "quarterly", "semiannual", "nine_months", "annual"]


def report_via(outline: Outline, registry: Registry) -> tuple[Unit, Block] | None:
    """The unit reports are sent through: "báo cáo UBND xã (qua Phòng Văn hóa – Xã hội)"."""
    for block in [n.block for n in outline.nodes()] + outline.closing:
        folded = fold(block.text)
        if not _REPORT.search(folded):
            continue
        via = _VIA.search(folded)
        if via:
            names = names_in(block.text[via.end() :])
            if names:
                return registry.add(names[0], block.where), block
    return None


def read(
    outline: Outline, registry: Registry, default_to: tuple[Unit, Source], heading_units: dict[str, list[Unit]]
) -> DraftReporting:
    cadences: list[str] = []
    cadence_source = Source(reason="default_cadences")
    doers: list[Unit] = []
    doers_source = Source()
    everyone = False
    offset: tuple[int, Source] | None = None
    for node, heading in _periodic(outline, heading_units):
        found = timing.cadences(node.text)
        if found:
            cadences += [c for c in found if c not in cadences]
            cadence_source = Source(where=node.where, quote=node.text[:160])
        named, all_units = _who(node, heading, heading_units, registry)
        everyone = everyone or all_units
        if named and not doers_source.where:
            doers_source = Source(where=node.where, quote=node.text[:160])
        doers += [u for u in named if u not in doers]
        days = _OFFSET.search(fold(node.text))
        if days and offset is None:
            offset = int(days.group("n")), Source(where=node.where, quote=days.group(0))
    via = report_via(outline, registry)
    to, to_source = default_to
    if via is not None:
        to, to_source = via[0], Source(where=via[1].where, quote=via[1].text[:160])
    units = [] if everyone or not doers else [u.id for u in [to, *doers] if not u.external]
    return DraftReporting(
        to=to.id,
        to_source=to_source,
        cadences=sorted(cadences, key=_ORDER.index) or ["semiannual", "annual"],
        cadences_source=cadence_source,
        units=list(dict.fromkeys(units)),
        units_source=doers_source if units else Source(reason="reporting_default"),
        due_offset=offset[0] if offset else None,
        due_offset_source=offset[1] if offset else Source(),
    )


def _periodic(outline: Outline, heading_units: dict[str, list[Unit]]) -> list[tuple[Node, Node | None]]:
    """The sentences that ask for periodic reports, with the unit heading they stand under."""
    found: list[tuple[Node, Node | None]] = []

    def visit(node: Node, heading: Node | None) -> None:
        if node.code in heading_units:
            heading = node
        folded = fold(node.text)
        if _REPORT.search(folded) and _PERIODIC.search(folded):
            found.append((node, heading))
        for child in node.children:
            visit(child, heading)

    for top in outline.sections:
        visit(top, None)
    return found


def _who(
    node: Node, heading: Node | None, heading_units: dict[str, list[Unit]], registry: Registry
) -> tuple[list[Unit], bool]:
    """The units a reporting sentence makes report, and whether it speaks to every unit."""
    if heading is not None and not fold(heading.text).startswith("de nghi"):
        if _EVERYONE.search(fold(heading.text)):
            return [], True
        return list(heading_units[heading.code]), False
    text = re.sub(r"^(?:đề nghị|yêu cầu|giao)\s+", "", node.text, flags=re.I)
    if not starts_with_head(text):
        return [], False
    names = names_in(text)
    if not names or any(_EVERYONE.search(fold(n)) for n in names):
        return [], bool(names)
    return [registry.add(n, node.where) for n in names], False
