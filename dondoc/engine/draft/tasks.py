"""Which parts of a plan are duties: every numbered, lettered or bulleted item of the task
sections ("Nhiệm vụ và giải pháp", "Nội dung", "Tổ chức thực hiện" ...) that holds no
further items, a heading with a single paragraph under it, and each row of a task table
("Phụ lục: Danh mục nhiệm vụ")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .blocks import Block
from .model import DraftSection, DraftTask, Source
from .normalize import clean, fold
from .outline import Node, Outline

_TASK_SECTION = re.compile(r"nhiem vu|giai phap|noi dung|hinh thuc|to chuc thuc hien|phan cong|hoat dong|danh muc")
_NOT_TASKS = re.compile(r"^(muc dich|yeu cau|muc tieu|quan diem|tinh hinh|ket qua|kinh phi|chi tieu|tam nhin)")
_TCTH = re.compile(r"to chuc thuc hien|phan cong (nhiem vu|thuc hien)|trach nhiem")
_INLINE = re.compile(r"\((\d{1,2})\)\s*")
_TITLE_LIMIT = 220


@dataclass(frozen=True, kw_only=True)
class Found:
    """A task as found, before units and timing are read into it."""

    task: DraftTask
    node: Node | None
    headings: tuple[Node, ...]  # the headings above it, outermost first
    organisation: bool  # under "Tổ chức thực hiện"
    cells: dict[str, str] = field(default_factory=dict)  # a table row's lead, timing ... cells
    goal_year: Node | None = None  # a dated goal without a figure: the "Đến hết năm 2025" heading it is under


def is_task_section(title: str) -> bool:
    key = fold(title)
    return bool(_TASK_SECTION.search(key)) and not _NOT_TASKS.match(key)


def is_organisation(title: str) -> bool:
    """ "Tổ chức thực hiện" and its kin: the section that gives each unit its duties."""
    return is_task_section(title) and bool(_TCTH.search(fold(title)))


def is_target_section(title: str) -> bool:
    return fold(title).startswith(("muc tieu", "chi tieu"))


def collect(outline: Outline) -> tuple[list[Found], list[DraftSection]]:
    found: list[Found] = []
    sections: list[DraftSection] = []
    for top in outline.sections:
        if not is_task_section(top.text):
            continue
        organisation = is_organisation(top.text)
        _visit(top, (), organisation, found, sections, top=True)
    return found, sections


def _visit(
    node: Node,
    above: tuple[Node, ...],
    organisation: bool,
    found: list[Found],
    sections: list[DraftSection],
    *,
    top: bool = False,
) -> None:
    items = _items(node)
    single = len(items) == 1 and items[0].label is None and not top
    if items and not single:
        sections.append(DraftSection(id=node.code, title=_heading(node.text), source=Source(where=node.where)))
        for child in items:
            _visit(child, (*above, node), organisation, found, sections)
        return
    if top:
        return
    text = _task_text(node, items)
    for code, part in _split_inline(node.code, text):
        task = DraftTask(
            id=code,
            title=title_of(part),
            description=part,
            section=above[-1].code if above else node.code,
            source=Source(where=node.where, quote=part),
        )
        found.append(
            Found(task=task, node=node, headings=(*above, node) if single else above, organisation=organisation)
        )


def _items(node: Node) -> list[Node]:
    """The children that are duties or headings of duties, not introductions or notes."""
    if node.label is not None and node.label.kind in ("dash", "plus"):
        return []  # "+" under "-" are the details of one duty
    items = []
    seen_labelled = False
    for child in node.children:
        if child.label is not None:
            seen_labelled = True
            items.append(child)
        elif _is_duty_paragraph(child.text, intro=not seen_labelled):
            items.append(child)
    return items


def _is_duty_paragraph(text: str, *, intro: bool) -> bool:
    text = text.strip()
    if text.startswith("(") or fold(text).startswith(("tren day la", "noi nhan")):
        return False
    if text.endswith(":"):
        return False
    ends = text.endswith((".", ";", "./.", "…"))
    return ends or not intro or len(text) > 200


def _task_text(node: Node, items: list[Node]) -> str:
    details = [c.text for c in node.children if c.label is not None and c.label.kind == "plus"]
    if items:  # a heading with its one paragraph
        return clean(" ".join([items[0].text, *details]))
    return clean(" ".join([node.text, *details]))


def _split_inline(code: str, text: str) -> list[tuple[str, str]]:
    """ "Lãnh đạo, chỉ đạo việc: (1) ...; (2) ...; (3) ..." is three duties."""
    marks = list(_INLINE.finditer(text))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)):
        return [(code, text)]
    parts = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        part = text[mark.end() : end].strip(" ;,")
        parts.append((f"{code}.{index + 1}", clean(part[:1].upper() + part[1:])))
    return parts


def _heading(text: str) -> str:
    return clean(text).rstrip(" :.")


def title_of(text: str) -> str:
    """A short title: the first sentence, cut at a clause boundary if still long."""
    text = clean(text)
    first = re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", text, maxsplit=1)[0].rstrip(" .;")
    if len(first) <= _TITLE_LIMIT:
        return first
    cut = first[:_TITLE_LIMIT]
    for mark in ("; ", ", "):
        if mark in cut[80:]:
            return cut[: cut.rindex(mark)]
    return cut.rsplit(" ", 1)[0] + " …"


# ---------------------------------------------------------------- dated goals without a figure

_HEADING_YEAR = re.compile(r"\b(?:den|nam)\b[^0-9]{0,15}(20\d\d)\b")
_HORIZON = re.compile(r"\bden nam (20\d\d),?\s*(?:va\s+)?tam nhin\b")


def heading_year(node: Node) -> int | None:
    """The year a goal heading sets for what it holds ("2.1. Đến hết năm 2025")."""
    own = _HEADING_YEAR.search(fold(node.text))
    if own and (node.children or len(node.text) < 80):
        return int(own.group(1))
    return None


def horizon(outline: Outline) -> int | None:
    """The plan's own horizon: 2030 in "đến năm 2030, tầm nhìn đến năm 2045" (later years are vision)."""
    for block in outline.everything():
        found = _HORIZON.search(fold(block.text))
        if found:
            return int(found.group(1))
    return None


def dated_goals(outline: Outline, has_figure: Callable[[str], bool]) -> tuple[list[Found], list[DraftSection]]:
    """The goals of "Mục tiêu" under a year heading that state no figure ("Đến hết năm 2025: ... Xây dựng
    hệ thống an ninh mạng cơ bản cho các hệ thống thông tin của xã"): each is a duty due at the end of
    that year. A goal with a figure is a target; a goal past the plan's horizon is vision; a paragraph
    of several sentences describes a state rather than states one duty."""
    found: list[Found] = []
    sections: list[DraftSection] = []
    last = horizon(outline)
    for top in outline.sections:
        if is_target_section(top.text):
            _goals(top, (), None, last, has_figure, found, sections)
    return found, sections


def _goals(
    node: Node,
    above: tuple[Node, ...],
    year: Node | None,
    last: int | None,
    has_figure: Callable[[str], bool],
    found: list[Found],
    sections: list[DraftSection],
) -> None:
    if fold(node.text).startswith("tam nhin"):
        return
    own = heading_year(node)
    if own is not None and node.children:
        year = node
        if last is not None and own > last:
            return
        parent = above[-1].text if above and above[-1].label is not None else ""
        title = f"{_heading(parent)} {node.text[:1].lower()}{node.text[1:]}" if parent else node.text
        sections.append(DraftSection(id=node.code, title=_heading(title), source=Source(where=node.where)))
    if node.children:
        for child in node.children:
            _goals(child, (*above, node), year, last, has_figure, found, sections)
        return
    text = clean(node.text)
    if year is None or node.label is None or has_figure(text) or _SENTENCES.search(text.rstrip(" .;")):
        return
    where = Source(where=node.where, quote=text)
    task = DraftTask(id=node.code, title=title_of(text), description=text, section=year.code, source=where)
    found.append(Found(task=task, node=node, headings=above, organisation=False, goal_year=year))


_SENTENCES = re.compile(r"\.\s+[A-ZĐÀ-Ỹ]")


# ---------------------------------------------------------------- task tables

_COLUMNS = {
    "title": re.compile(r"noi dung|nhiem vu|ten (nhiem vu|hoat dong|de an)|hoat dong|cong viec"),
    "lead": re.compile(r"chu tri|don vi thuc hien|co quan thuc hien|don vi thuc hien|phu trach"),
    "coordinators": re.compile(r"phoi hop"),
    "timing": re.compile(r"thoi gian|thoi han|tien do|han hoan thanh"),
    "output": re.compile(r"san pham|ket qua"),
    "number": re.compile(r"^(stt|tt|so tt|so thu tu)$"),
}


def table_columns(header: Block) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        key = fold(cell)
        for name, pattern in _COLUMNS.items():
            if name not in columns and pattern.search(key) and not (name == "title" and "phoi hop" in key):
                columns[name] = index
                break
    return columns if "title" in columns and len(columns) >= 3 else {}


def from_tables(blocks: list[Block], prefix_of: dict[int, str]) -> tuple[list[Found], list[DraftSection]]:
    """Tasks and groups of the task tables; ``prefix_of`` gives each table's code prefix."""
    found: list[Found] = []
    sections: list[DraftSection] = []
    tables: dict[int, list[Block]] = {}
    for block in blocks:
        if block.table is not None:
            tables.setdefault(block.table, []).append(block)
    for number, rows in tables.items():
        columns = table_columns(rows[0]) if rows else {}
        if not columns:
            continue
        prefix = prefix_of.get(number, f"PL{len(sections) + 1}")
        _table(rows[1:], columns, prefix, found, sections)
    return found, sections


def _table(
    rows: list[Block], columns: dict[str, int], prefix: str, found: list[Found], sections: list[DraftSection]
) -> None:
    group = prefix
    count = 0
    for row in rows:
        cells = list(row.cells)
        named = {name: cells[i].strip() if i < len(cells) else "" for name, i in columns.items()}
        number, title = named.get("number", ""), named.get("title", "")
        if not title:
            continue
        if _group_row(number, cells, columns):
            group = f"{prefix}.{number}" if number else prefix
            sections.append(DraftSection(id=group, title=_heading(title), source=Source(where=row.where)))
            continue
        count += 1
        code = f"{group}.{number.rstrip('.')}" if number and re.fullmatch(r"[\w.]+", number) else f"{group}.{count}"
        task = DraftTask(
            id=code,
            title=title_of(title),
            description=clean(title),
            section=group,
            source=Source(where=row.where, quote=clean(title)),
        )
        found.append(Found(task=task, node=None, headings=(), organisation=False, cells=named))


def _group_row(number: str, cells: list[str], columns: dict[str, int]) -> bool:
    """A row that names a group of tasks: roman or capital-letter number, other cells empty."""
    others = [c for i, c in enumerate(cells) if i not in (columns.get("number"), columns.get("title")) and c.strip()]
    return bool(re.fullmatch(r"[IVXL]+\.?|[A-Z]\.?", number.strip())) and not others
