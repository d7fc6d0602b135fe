"""Targets (chỉ tiêu): the numbers a plan promises by a year.

A statement like "Có ≥ 85% người dân có tài khoản định danh điện tử (VNeID), tỷ lệ người dân
có chữ ký số ≥ 10%" under "2.2. Đến hết năm 2030" holds two targets for 2030. The same
indicator stated for several years is one target with several milestones. A range
("80% - 90%") keeps its lower bound and a bound ("trên 40%", "> 40%") its number, each
with a note, because the plan format has only "at least" (up) and "at most" (down).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Where
from .model import DraftTarget, Milestone, Source
from .normalize import clean, fold, jaccard, sentence_case

_YEAR_HEADING = re.compile(r"\b(?:den|trong|nam|giai doan)\b[^0-9]{0,20}(?P<y>20\d\d)\b")
_VALUE = re.compile(
    r"(?P<cmp>≥|>=|>|≤|<=|<|\b(?:tren|duoi|toi thieu|it nhat|khong duoi|khong qua|toi da|tu)\b)?\s*"
    r"(?P<v>\d+(?:[.,]\d+)?)\s*(?P<pct>%)?(?:\s*(?:-|–|den)\s*(?P<v2>\d+(?:[.,]\d+)?)\s*%)?"
)
_COUNT_NOUN = re.compile(r"^\s*(?P<noun>(?:don vi )?[a-z]+(?: [a-z]+)?)")
_NOT_MEASURE = re.compile(r"^(gb|mb|mbps|gbps|thang|nam|ngay|gio|phut|km|m|tuoi|lan|muc)\b")
_CLAUSE = re.compile(
    r"\s*;\s*|(?<=\.)\s+(?=\S)|,\s+(?=(?:ty le|ti le|co\s*(?:≥|>|\d)|\d+\s*%|≥|\d+ [a-z]))|(?<!%)\s+-\s+(?=\d)"
)
_DOWN_WORDS = re.compile(r"\b(giam|duoi|khong qua|toi da|khong vuot)\b|≤|<")


@dataclass(frozen=True, kw_only=True)
class Statement:
    title: str
    measure: str
    direction: str
    year: int | None
    value: float
    note: str
    where: Where
    quote: str


def statements(text: str, year: int | None, where: Where) -> list[Statement]:
    """The numeric promises of one goal paragraph (with the year its heading gives)."""
    text = clean(text)
    folded = fold(text)
    own_year = _YEAR_HEADING.search(folded)
    if own_year:
        year = int(own_year.group("y"))
    aligned = len(folded) == len(text)
    found = []
    start = 0
    for cut in [*_CLAUSE.finditer(folded), None]:
        end = cut.start() if cut is not None else len(folded)
        clause = text[start:end] if aligned else folded[start:end]
        statement = _clause(clause, year, where)
        if statement is not None:
            found.append(statement)
        start = cut.end() if cut is not None else end
    return found


_WHOLE = re.compile(r"\bphu (?:song|kin)\s+(?P<what>[^,.;]{1,40}?)\s+toan (?:xa|phuong|thi tran|dia ban)\b")


def _clause(clause: str, year: int | None, where: Where) -> Statement | None:
    folded = fold(clause)
    whole = _WHOLE.search(folded) if not re.search(r"\d+\s*%", folded) else None
    if whole is not None:  # "phủ sóng 5G toàn xã": the whole commune, 100% coverage
        what = clause[whole.start("what") : whole.end("what")]
        return Statement(
            title=f"Tỷ lệ phủ sóng {what} trên địa bàn",
            measure="%",
            direction="up",
            year=year,
            value=100.0,
            note="whole",
            where=where,
            quote=clean(clause),
        )
    best = None
    for match in _VALUE.finditer(folded):
        value = float(match.group("v").replace(",", "."))
        if value >= 1900 or _inside_reference(folded, match):
            continue
        if match.group("pct"):
            best = match
            break
        tail = folded[match.end() :]
        noun = _COUNT_NOUN.match(tail)
        countable = noun and not _NOT_MEASURE.match(noun.group("noun"))
        said = match.group("cmp") or re.search(r"\bco\s*$", folded[: match.start()]) or match.start() < 3
        if best is None and countable and said:
            best = match
    if best is None:
        return None
    cmp = best.group("cmp") or ""
    value = float(best.group("v").replace(",", "."))
    note = "range" if best.group("v2") else ("bound" if cmp in (">", "<", "tren", "duoi") else "")
    if best.group("pct"):
        measure = "%"
    else:
        noun = _COUNT_NOUN.match(folded[best.end() :])
        measure = _original(clause, best.end(), len(noun.group(0))) if noun else ""
    direction = "down" if _DOWN_WORDS.search(folded[: best.start()] + " " + cmp) and "toi thieu" not in cmp else "up"
    title = _title(clause, best, measure)
    if not title:
        return None
    return Statement(
        title=title,
        measure=measure.strip(),
        direction=direction,
        year=year,
        value=value,
        note=note,
        where=where,
        quote=clean(clause),
    )


def _inside_reference(folded: str, match: re.Match[str]) -> bool:
    """Numbers of documents and dates ("số 02/2025/TT-BGDĐT", "ngày 24/01/2025")."""
    after = folded[match.end() : match.end() + 1]
    before = folded[max(0, match.start() - 5) : match.start()]
    return after == "/" or before.endswith(("ngay ", "/"))


def _original(clause: str, start: int, length: int) -> str:
    return clause[start : start + length]


_FILLER = re.compile(
    r"^(?:có|phấn đấu|phần đầu|đạt|mỗi năm|hằng năm|hàng năm|đảm bảo|bảo đảm|ít nhất|tối thiểu|đối với|với)\s+", re.I
)


def _title(clause: str, match: re.Match[str], measure: str) -> str:
    """The indicator's name: the clause without its number and filler words."""
    start, end = match.start(), match.end()
    if measure != "%":
        end += len(measure) + 1
    before, after = _strip(clause[:start]), _strip(clause[end:])
    before = re.sub(r"\s*(đạt|là|bằng|từ)\s*$", "", before, flags=re.I).strip()
    named = fold(before).startswith(("ty le", "ti le", "so ")) or len(before.split()) >= 5
    text = before if named else after
    text = re.sub(r"\s*(trở lên|trong tổng số.*)$", "", text).strip(" ,.;:")
    if measure == "%" and not fold(text).startswith(("ty le", "ti le")):
        text = "Tỷ lệ " + text[:1].lower() + text[1:]
    elif measure != "%" and not fold(text).startswith("so "):
        text = "Số " + measure.strip() + " " + text if text else ""
    return sentence_case(clean(text))


def _strip(text: str) -> str:
    text = re.sub(r"^[^:]{0,40}:\s*", "", text.strip())  # "Đến hết năm 2026: có ..."
    text = text.strip(" ,.;:-")
    while True:
        shorter = _FILLER.sub("", text)
        if shorter == text:
            return text
        text = shorter


def merge(found: list[Statement], default_year: int | None) -> list[DraftTarget]:
    """One target per indicator, its milestones from every year that states it: each year's
    statements are paired with the known targets most similar first, so that a year stating
    two close indicators ("... y tế, giáo dục, bảo hiểm" and "... bảo hiểm, giao thông")
    gives each its own."""
    targets: list[DraftTarget] = []
    years: dict[int, list[Statement]] = {}
    for statement in found:
        year = statement.year or default_year
        if year is not None:
            years.setdefault(year, []).append(statement)
    for year, statements in years.items():
        taken: set[int] = set()
        pairs = sorted(
            (
                (jaccard(_core(t.title), _core(s.title)), i, n)
                for i, s in enumerate(statements)
                for n, t in enumerate(targets)
                if t.measure == s.measure and not any(m.year == year for m in t.milestones)
            ),
            reverse=True,
        )
        for similarity, i, n in pairs:
            if similarity >= 0.6 and i not in taken and not any(m.year == year for m in targets[n].milestones):
                taken.add(i)
                _add(targets[n], _milestone(statements[i], year))
        for i, statement in enumerate(statements):
            if i in taken:
                continue
            same = [
                t
                for t in targets
                if t.measure == statement.measure and jaccard(_core(t.title), _core(statement.title)) >= 0.99
            ]
            if same:
                _add(same[0], _milestone(statement, year))
                continue
            targets.append(
                DraftTarget(
                    id=f"CT-{len(targets) + 1:02d}",
                    title=statement.title,
                    measure=statement.measure,
                    direction=statement.direction,
                    milestones=[_milestone(statement, year)],
                    source=Source(where=statement.where, quote=statement.quote),
                )
            )
    return targets


def _milestone(statement: Statement, year: int) -> Milestone:
    note = statement.note or ("" if statement.year else "no_year")
    return Milestone(
        year=year, value=statement.value, note=note, source=Source(where=statement.where, quote=statement.quote)
    )


def _core(title: str) -> str:
    return re.sub(r"\b(ty le|ti le|co|duoc|cua|cac|va|tren|dia ban|xa|phuong)\b", " ", fold(title))


def _add(target: DraftTarget, milestone: Milestone) -> None:
    for index, old in enumerate(target.milestones):
        if old.year == milestone.year:
            stricter = max if target.direction == "up" else min
            value = stricter(old.value, milestone.value)
            kept = old if value == old.value else milestone
            target.milestones[index] = Milestone(year=kept.year, value=value, source=kept.source, note="two_values")
            return
    target.milestones.append(milestone)
    target.milestones.sort(key=lambda m: m.year)
