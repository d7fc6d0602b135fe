"""The plan's identity: issuer and superior body, number and symbol, place and date, title,
signer, bases ("Căn cứ", "Thực hiện"), and whether a state or a Party body issued it."""

from __future__ import annotations

import re

from .blocks import Block, Where
from .model import DraftMeta, Source
from .normalize import clean, fold, slug
from .outline import Outline

_ORG_VERB = re.compile(
    r"(?:^|[.;,]\s+)(?P<org>(?:Ban|Ủy ban|Uỷ ban|UBND|Đảng ủy|Đảng uỷ|Ban Thường vụ|Hội đồng|Ban Chấp hành"
    r"|Ban thường trực)"
    r"[^.;,:]{3,120}?)\s+(?:xây dựng|ban hành|triển khai)\s+(?:Kế hoạch|kế hoạch|Chương trình)"
)
_DOC = re.compile(
    r"^(Nghị quyết|Quyết định|Kế hoạch|Chương trình|Chỉ thị|Kết luận|Luật|Nghị định|Thông tư|Hướng dẫn|Công văn|Đề án)",
    re.I,
)
_PARTY = re.compile(r"\b(dang uy|dang bo|chi bo|thanh uy|tinh uy|huyen uy|ban thuong vu)\b")
_EXPAND = [
    (re.compile(r"\bUBND\b"), "Ủy ban nhân dân"),
    (re.compile(r"\bHĐND\b"), "Hội đồng nhân dân"),
    (re.compile(r"\bMTTQ\b"), "Mặt trận Tổ quốc"),
]


def read(outline: Outline) -> DraftMeta:
    issuer, issuer_source, superior = _issuer(outline)
    place = outline.dated.place if outline.dated else _place_of(issuer)
    code, code_where = outline.code if outline.code else ("", None)
    title = _title(outline)
    signer = outline.signer()
    party = bool(re.search(r"\d*-[A-ZĐ]+/", code)) or bool(_PARTY.search(fold(issuer)))
    superior_source = Source(where=issuer_source.where, quote=superior) if superior else Source()
    if not superior:
        superior, superior_source = _superior_named(outline, issuer, party)
    return DraftMeta(
        id=_plan_id(place or issuer, code, title),
        code=code,
        code_source=Source(where=code_where, quote=code) if code_where else Source(reason="no_code"),
        title=title,
        title_source=Source(where=outline.title.where) if outline.title else Source(reason="no_title"),
        issuer=issuer,
        issuer_source=issuer_source,
        party=party,
        issued=outline.dated.issued if outline.dated and outline.dated.month else None,
        issued_source=Source(where=outline.dated.where) if outline.dated else Source(reason="no_date"),
        place=place,
        signer=signer[0] if signer else "",
        signer_source=Source(where=signer[1]) if signer else Source(reason="no_signer"),
        bases=_bases(outline.preamble),
        superior=superior,
        superior_source=superior_source,
    )


def _issuer(outline: Outline) -> tuple[str, Source, str]:
    header = _header_names(outline.header)
    if header:
        names, where = header
        issuer = _titlecase(names[-1], outline)
        return (
            issuer,
            Source(where=where, quote=" / ".join(names)),
            names[0] if len(names) > 1 else "",  # as printed: "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG"
        )
    for block in [*outline.preamble, *outline.closing]:
        found = _ORG_VERB.search(block.text)
        if found:
            org = clean(found.group("org"))
            for pattern, long in _EXPAND:
                org = pattern.sub(long, org)
            org = re.sub(r"\bthành phố xã\b", "xã", org)  # "Ủy ban nhân dân thành phố xã Tân Kỳ": a slip
            return org[:1].upper() + org[1:], Source(where=block.where, quote=found.group(0).strip(" .;,")), ""
    return "", Source(reason="no_issuer"), ""


# The body one level up, as documents name it: "Ủy ban nhân dân thành phố Hải Phòng", "UBND tỉnh Thái
# Nguyên", "Ban Thường vụ Thành ủy Hải Phòng", "Ủy ban MTTQ tỉnh ...": (kind of issuer, pattern, header line).
_LEVEL = r"(?P<level>(?i:tỉnh|thành phố))\s+(?P<name>[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})"
_SUPERIORS = [
    ("mat tran", re.compile(rf"(?i:ủy ban|uỷ ban|ub)\s+(?i:mttq|mặt trận tổ quốc)(?i: việt nam)?\s+{_LEVEL}"),
     "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM {level} {name}"),
    ("party", re.compile(r"(?P<level>Tỉnh|Thành) ủy\s+(?P<name>[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})"),
     "ĐẢNG BỘ {level} {name}"),
    ("state", re.compile(rf"(?i:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+{_LEVEL}"), "ỦY BAN NHÂN DÂN {level} {name}"),
]


def _superior_named(outline: Outline, issuer: str, party: bool) -> tuple[str, Source]:
    """The superior body when the header does not print it: the body of the issuer's kind one level
    up that the document names (the plan usually implements its plan: "Kế hoạch số 67/KH-UBND ... của Ủy
    ban nhân dân thành phố Hải Phòng")."""
    kind = "mat tran" if "mat tran" in fold(issuer) else "party" if party else "state"
    for wanted, pattern, form in _SUPERIORS:
        if wanted != kind:
            continue
        for block in [*outline.preamble, *(n.block for n in outline.nodes()), *outline.closing]:
            found = pattern.search(block.text)
            if found:
                level = {"tinh": "TỈNH", "thanh": "THÀNH PHỐ", "thanh pho": "THÀNH PHỐ"}[fold(found.group("level"))]
                name = form.format(level=level, name=found.group("name").upper())
                return " ".join(name.split()), Source(where=block.where, quote=found.group(0), reason="superior_named")
    return "", Source()


def _header_names(blocks: list[Block]) -> tuple[list[str], Where] | None:
    """The top-left lines of a Decree 30 (or Hướng dẫn 36) header: superior body, issuing body, in
    capitals, on one block's lines or on consecutive blocks (a text file has one line a block)."""
    names: list[str] = []
    first: Where | None = None
    for block in blocks:
        lines = [line.strip(" *") for cell in (block.cells[:1] or (block.text,)) for line in cell.split("\n")]
        for line in lines:
            if fold(line).startswith(("so", "cong hoa", "dang cong san")) or (names and not line):
                return _joined(names, first)
            if line.isupper() and len(line) > 3:
                names.append(line)
                first = first or block.where
        if names and block.cells:
            break
    return _joined(names, first)


def _joined(names: list[str], where: Where | None) -> tuple[list[str], Where] | None:
    if not names or where is None:
        return None
    if len(names) >= 2 and fold(names[-1]).startswith(("xa ", "phuong ", "thi tran ", "huyen ", "tinh ", "thanh pho ")):
        names = [*names[:-2], f"{names[-2]} {names[-1]}"]  # "ỦY BAN NHÂN DÂN / XÃ HÒA BÌNH" is one name
    return names, where


def _titlecase(upper: str, outline: Outline) -> str:
    text = upper.lower()
    text = text[:1].upper() + text[1:]
    place = outline.dated.place if outline.dated else ""
    if place and fold(place) in fold(text):
        at = fold(text).rindex(fold(place))
        text = text[:at] + place + text[at + len(place) :]
    for proper in ("Đảng", "Mặt trận Tổ quốc", "Việt Nam", "Hồ Chí Minh"):
        text = re.sub(re.escape(proper.lower()), proper, text)
    return text


def _place_of(issuer: str) -> str:
    found = re.search(r"\b(?:xã|phường|thị trấn)\s+(?P<p>[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)", issuer)
    return found.group("p") if found else ""


def _title(outline: Outline) -> str:
    if outline.title is None:
        return ""
    text = clean(outline.title.text).strip(" *")
    if fold(text).startswith("ke hoach"):
        return text
    return "Kế hoạch " + text[:1].lower() + text[1:] if not text[:2].isupper() else "Kế hoạch " + text


def _bases(preamble: list[Block]) -> list[tuple[str, Source]]:
    found: list[tuple[str, Source]] = []
    for block in preamble:
        if not fold(block.text).startswith(("can cu", "thuc hien")):
            continue
        for part in re.split(r";\s*", block.text):
            part = re.sub(r"^(Căn cứ|Thực hiện)\s+", "", part.strip(), flags=re.I)
            part = re.sub(r"\s*\((sau đây|sau day)[^)]*\)", "", part, flags=re.I)
            part = _ORG_VERB.split(part)[0] if _ORG_VERB.search(part) else part
            part = re.split(r",\s+(?=(?:Ban|Ủy ban|UBND|Đảng ủy)\b[^,]*(?:xây dựng|ban hành))", part)[0]
            part = clean(part).strip(" .,:")
            if _DOC.match(part) and part not in (b for b, _ in found):
                found.append((part, Source(where=block.where)))
    return found


def _plan_id(place: str, code: str, title: str) -> str:
    number = re.match(r"\s*(\d+)", code)
    if number is None:
        number = re.search(r"số (\d+)", title)
    return slug(f"{place} {number.group(1) if number else ''}", 40)
