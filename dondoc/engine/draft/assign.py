"""Who does each duty, when, and what it produces.

The lead is, in this order: the unit the text puts in charge ("X chủ trì", "giao X",
"Cơ quan chủ trì: X", the table's lead column); the unit the heading above names (the
paragraphs of "Tổ chức thực hiện"); the unit the sentence starts with ("Mặt trận Tổ quốc ...
tích cực tham gia", "Yêu cầu các cơ quan, đơn vị ..."); else the plan's default lead (the
unit "Tổ chức thực hiện" puts in charge of the whole plan). Coordinators are the units named
after "phối hợp với", in a coordinators column, the other units of a compound heading or
subject, else the units the closing paragraph asks to carry out the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import fields, tasks, timing
from .model import Source
from .normalize import fold
from .tasks import Found
from .units import Registry, Unit, names_in, starts_with_head, stops_here

_LEAD_MARKS = [
    re.compile(r"(?:co quan|don vi) (?:chu tri|thuc hien)\s*:\s*"),
    re.compile(r"\bgiao (?:cho )?"),
]
_LEAD_BEFORE = re.compile(r"([^.;:()]{3,90}?)\s+(?:la (?:don vi |co quan )?)?chu tri\b")
_COORD_MARKS = [re.compile(r"(?:co quan|don vi) phoi hop\s*:\s*"), re.compile(r"\bphoi hop (?:chat che )?voi\s+")]
_OUTPUT = re.compile(r"\bsan pham(?: la| dat duoc| cuoi cung)?\s*:\s*")
_TIME_MARK = re.compile(r"\bthoi (?:gian|han)(?: thuc hien| hoan thanh)?\s*:\s*")
_SUBJECT_LEAD_IN = re.compile(r"^(de nghi|yeu cau|giao|cac dong chi)\s+")


@dataclass(frozen=True, kw_only=True)
class Defaults:
    lead: Unit
    lead_source: Source
    coordinators: tuple[Unit, ...]
    coordinators_source: Source
    media: fields.Channels | None = None  # the unit charged with the media channels


def heading_unit(text: str, registry: Registry, where: Source) -> list[Unit]:
    """The units a heading of "Tổ chức thực hiện" names ("3. Phòng Kinh tế xã",
    "6. Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội xã")."""
    name = re.sub(r"^(trách nhiệm của|trách nhiệm|đề nghị|yêu cầu)\s+", "", text.strip(" :.*"), flags=re.I)
    if len(name) > 160 or not starts_with_head(name):
        return []
    if text.rstrip(" *").endswith((".", ";")):
        return []  # a sentence that starts with a unit ("1. Công an phường là ..."), not a heading
    said = re.search(r"\s(?:là|có trách nhiệm|chịu trách nhiệm|chủ trì)\s", name)
    if said:  # "Công an phường là cơ quan thường trực, theo dõi ...": the unit is the subject
        name = name[: said.start()]
    elif re.search(r"\s(?:báo cáo|thực hiện|triển khai)\s", name) and names_in(name):
        name = names_in(name)[0]  # "Các đơn vị được giao nhiệm vụ báo cáo kết quả về ..."
    village = _VILLAGE.search(name)
    if village and where.where:  # "Cấp ủy, chính quyền, Ban công tác mặt trận và đoàn thể các Tổ dân phố"
        bodies = re.split(r",\s*|\s+và\s+", name[: village.start()])
        if len(bodies) > 1 and all(0 < len(b.split()) <= 6 for b in bodies):
            qualifier = name[village.start() :]
            return [registry.add(f"{b[:1].upper()}{b[1:]} {qualifier}", where.where) for b in bodies]
    parts = re.split(r"(?<![A-ZĐ]{3})\s+và\s+(?=các\s|[A-ZĐÀ-Ỹ])", name)  # not "Văn phòng HĐND và UBND xã"
    if len(parts) > 1 and all(starts_with_head(p) for p in parts):
        return [registry.add(p, where.where) for p in parts if where.where]
    return [registry.add(name, where.where)] if where.where else []


# The bodies of each village: "... và đoàn thể các Tổ dân phố (thôn, khu phố ...) trên địa bàn".
_VILLAGE = re.compile(r"\s(?:các|ở các|tại các|của các)\s+(?:tổ dân phố|thôn|khu phố|ấp|bản|xóm|khu dân cư)\b.*$", re.I)


def read_task(found: Found, registry: Registry, defaults: Defaults, heading_units: dict[str, list[Unit]]) -> None:
    """Fill in the lead, coordinators, timing and output of one found task."""
    task = found.task
    text = task.description
    folded = fold(text)
    lead, lead_source, others = _lead(found, text, folded, registry, heading_units)
    coordinators = [*others, *_coordinators(found, text, folded, registry)]
    if lead is None:
        lead, lead_source = _by_field(found, defaults)
    coord_source = Source(where=task.source.where, quote=_quote(text, "phoi hop")) if coordinators else Source()
    if not coordinators and not found.organisation and not _names_any(text, registry):
        coordinators, coord_source = list(defaults.coordinators), defaults.coordinators_source
    task.lead, task.lead_source = lead.id, lead_source
    task.coordinators = _unique([u.id for u in coordinators if u.id != lead.id])
    task.coordinators_source = coord_source
    _timing(found, text, folded)
    _output(found, text, folded)


def _lead(
    found: Found, text: str, folded: str, registry: Registry, heading_units: dict[str, list[Unit]]
) -> tuple[Unit | None, Source, list[Unit]]:
    where = found.task.source.where
    column = found.cells.get("lead", "")
    if column:
        units = [registry.add(n, where) for n in names_in(column) or [column]] if where else []
        if units:
            return units[0], Source(where=where, quote=column), units[1:]
    for mark in _LEAD_MARKS:
        hit = mark.search(folded)
        if hit and where:
            names = names_in(text[hit.end() :])
            if names:
                units = [registry.add(n, where) for n in names]
                return units[0], Source(where=where, quote=text[hit.start() : hit.end() + len(names[0])]), units[1:]
    before = _LEAD_BEFORE.search(folded)
    if before and where:
        mentioned = registry.mentions(text[before.start(1) : before.end(1)])
        if mentioned:
            return mentioned[-1][0], Source(where=where, quote=text[before.start() : before.end()]), []
    for heading in reversed(found.headings):
        named = heading_units.get(heading.code)
        if named:
            return named[0], Source(where=heading.where, quote=heading.text), named[1:]
    if _audience(found):
        return None, Source(), []
    subject = _subject(text, folded, registry, where)
    caption = re.match(r"^[^.;:]{3,60}:\s+", text)  # "Bảo vệ dữ liệu: Yêu cầu các cơ quan, đơn vị ..."
    if subject[0] is None and caption is not None:
        return _subject(text[caption.end() :], folded[caption.end() :], registry, where)
    return subject


_CAPTION = re.compile(r"^([^.;:]{2,60}):\s")


def _audience(found: Found) -> bool:
    """A duty captioned with whom it is for, not who does it: "Tổ công nghệ số cộng đồng: Hỗ trợ ..."
    among "Công chức, viên chức: ...", "Doanh nghiệp: ...", "Người dân: ..." under "Hướng dẫn thực hiện
    chuyển đổi số theo từng đối tượng"."""
    if not _CAPTION.match(found.task.description) or not found.headings:
        return False
    parent = found.headings[-1]
    if re.search(r"\bdoi tuong\b", fold(parent.text)):
        return True
    captions = [hit.group(1) for c in parent.children if (hit := _CAPTION.match(c.text))]
    return len(captions) >= 3 and 2 * sum(starts_with_head(c) for c in captions) <= len(captions)


def _by_field(found: Found, defaults: Defaults) -> tuple[Unit, Source]:
    """The unit "Tổ chức thực hiện" charges with the media channels for a duty carried out on them,
    else the plan's default lead."""
    if defaults.media is not None and not found.organisation:
        heading = found.headings[-1].text if found.headings else ""
        said = fields.channel(f"{heading} {found.task.description}")
        if said:
            return defaults.media.unit, Source(where=found.task.source.where, quote=said, reason="media")
    return defaults.lead, defaults.lead_source


def _subject(text: str, folded: str, registry: Registry, where: object) -> tuple[Unit | None, Source, list[Unit]]:
    """The unit(s) a duty's sentence starts with: "Mặt trận Tổ quốc, các tổ chức ... tham gia"."""
    lead_in = _SUBJECT_LEAD_IN.match(folded)
    start = lead_in.end() if lead_in else 0
    opening = _TIME_OPENING.match(folded[start:])
    start += opening.end() if opening else 0  # "Hằng năm, Ban Chỉ đạo phối hợp ..."
    persons = _persons(text) if where is not None else None
    if persons is not None:  # "Các đồng chí Ủy viên Ban Thường vụ ..., lãnh đạo các cơ quan, đơn vị trực tiếp ..."
        return registry.add(persons, where), Source(where=where, quote=persons), []  # type: ignore[arg-type]
    mentioned = [(u, at) for u, at in registry.mentions(text) if at >= start]
    subject: list[Unit] = []
    if mentioned and mentioned[0][1] <= start + 2:
        subject = [mentioned[0][0]]
    names = names_in(text[start:]) if starts_with_head(text[start:]) else []
    if names and where is not None:
        subject = [registry.add(n, where) for n in names]  # type: ignore[arg-type]
    if not subject:
        return None, Source(), []
    quote = text[: min(len(text), start + 80)]
    return subject[0], Source(where=where, quote=quote), subject[1:]  # type: ignore[arg-type]


_TIME_OPENING = re.compile(r"(?:hang|dinh ky|moi|truoc mat|tu nay)[^,.;:]{0,25},\s*")
_PERSONS = re.compile(r"^(?:các đồng chí|đồng chí)\s+", re.I)


def _persons(text: str) -> str | None:
    """Office-holders addressed as one group: "Các đồng chí Ủy viên Ban Thường vụ Đảng ủy, ..., lãnh
    đạo các cơ quan, đơn vị" up to the verb of the sentence."""
    lead_in = _PERSONS.match(text)
    if not lead_in or starts_with_head(text[lead_in.end() :]):
        return None  # "Các đồng chí Ban thường trực UBMTTQ ...": the body is named, it leads
    for match in re.finditer(r"(?<!,)\s+(?=[a-zà-ỹđ])", text):  # "..., lãnh đạo các cơ quan" goes on the list
        if stops_here(text[match.end() :]):
            name = text[: match.start()].strip(" ,")
            return name if len(name.split()) >= 4 else None
    return None


def _coordinators(found: Found, text: str, folded: str, registry: Registry) -> list[Unit]:
    where = found.task.source.where
    if where is None:
        return []
    units: list[Unit] = []
    column = found.cells.get("coordinators", "")
    if column:
        units += [registry.add(n, where) for n in names_in(column)]
    for mark in _COORD_MARKS:
        for hit in mark.finditer(folded):
            units += [registry.add(n, where) for n in names_in(text[hit.end() :])]
            listed = re.split(r"[;.:]", folded[hit.end() :], maxsplit=1)[0]
            group = registry.group() if _RELATED.search(listed[:160]) else None
            if group is not None:  # "... và các đơn vị liên quan": the plan's group of offices and bodies
                units.append(group)
    return units


_RELATED = re.compile(r"\b(?:cac )?(?:co quan|don vi|nganh|to chuc)[^;.]{0,30}?\blien quan\b")


def _names_any(text: str, registry: Registry) -> bool:
    return bool(registry.mentions(text))


def _timing(found: Found, text: str, folded: str) -> None:
    task = found.task
    if found.goal_year is not None:  # "2.1. Đến hết năm 2025": due at the end of that year
        year = tasks.heading_year(found.goal_year) or 0
        task.timing = timing.Timing(kind="due", due=date(year, 12, 31), said=found.goal_year.text)
        task.timing_source = Source(where=found.goal_year.where, quote=found.goal_year.text)
        return
    cell = found.cells.get("timing", "")
    marked = _TIME_MARK.search(folded)
    if cell:
        read, quote = timing.read(cell, table_cell=True), cell
    elif marked:
        tail = text[marked.end() :].split(";")[0].split(")")[0]
        read, quote = timing.read(tail, table_cell=True), text[marked.start() : marked.end() + len(tail)]
    else:
        read = timing.read(text)
        quote = read.said and _quote(text, read.said)
    task.timing = read
    task.timing_source = Source(where=task.source.where, quote=quote) if quote else Source(reason="no_timing")


def _output(found: Found, text: str, folded: str) -> None:
    task = found.task
    cell = found.cells.get("output", "")
    marked = _OUTPUT.search(folded)
    if cell:
        task.output, quote = cell, cell
    elif marked:
        task.output = text[marked.end() :].split(";")[0].split(")")[0].strip(" .")
        quote = text[marked.start() : marked.end() + len(task.output)]
    else:
        return
    task.output_source = Source(where=task.source.where, quote=quote)


def _quote(text: str, folded_words: str) -> str:
    """The words of ``text`` around the first place its folded form says ``folded_words``."""
    at = fold(text).find(fold(folded_words))
    if at < 0:
        return ""
    start, end = max(0, at - 20), at + len(folded_words) + 40
    start = text.rfind(" ", 0, start) + 1 if start else 0  # whole words
    end = text.find(" ", end) if text.find(" ", end) > 0 else len(text)
    return text[start:end].strip()


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))
