"""The header and signature of the committee's report, as an office would type them (pure).

Decree 30/2020/NĐ-CP for a state body or a mass organisation, Hướng dẫn 36-HD/VPTW for a
Party body (``plan.body: party``). The words (the motto, "TM." or "T/M", the kinds of bodies
and the titles of their heads) are the language's, in ``templates/<lang>/report.yaml``
(``letterhead``); this module decides which apply:

- **who issues the report**: the committee. When it is the plan's issuer itself (Tân Kỳ's
  committee is its People's Committee), the header is the plan's superior body (if any) over
  the committee; otherwise the issuer is the direct superior over the committee (a Party
  issuer without its standing board: "Ban Thường vụ Đảng ủy xã X" heads "ĐẢNG ỦY XÃ X");
- **the symbol** after "BC": the plan's own (the part after "KH" of its number) when the
  committee issues the plan, else the kind of body's ("BCĐ" for a steering committee);
- **who signs**: ``committee.signer``; else the committee's first member unless the name is
  only a title ("Trưởng ban", "Chủ tịch UBND xã"); else the plan's signer; a deputy (a role
  that begins with "Phó") signs "KT. <head>" with their own title under it;
- **the place** of the date line: ``plan.place``, else the commune's name in the issuer's or
  the committee's name ("… xã Gia Lộc" -> "Gia Lộc").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from .reports.model import Member, PlanInfo


@dataclass(frozen=True, kw_only=True)
class Letterhead:
    party: bool
    lines: tuple[str, ...]  # the superior body (when printed) then the issuing body; "\n" breaks a line
    number: str  # "Số:      /BC-UBND" or "Số      -BC/ĐU"
    motto: tuple[str, ...]  # the right-hand title lines
    date_line: str
    capacity: tuple[str, ...]  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    signer: str
    issuer: str  # the committee, as the report's text names it
    kind: str  # the kind of body the committee is ("Ban Chỉ đạo", "Ủy ban nhân dân")
    separate: bool  # the committee is a body of its own, not the plan's issuer itself


def fold(text: str) -> str:
    """Without diacritics, case or extra spaces: "Uỷ ban" and "Ủy ban" compare equal."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").casefold().split())


def letterhead(plan: PlanInfo, words: dict[str, Any], on: date) -> Letterhead:
    """The report's header and signature for ``plan``, dated ``on``; ``words`` are the
    language's ``letterhead`` labels."""
    party = plan.body == "party"
    style = words["party" if party else "state"]
    kind = _kind(plan.committee, words)
    is_issuer = fold(plan.committee) == fold(plan.issuer) or not plan.issuer
    superior = plan.superior if is_issuer else _strip(plan.issuer, style.get("strip", []))
    symbol = (_symbol(plan.code) if is_issuer else "") or kind["symbol"]
    name, role = _signer(plan)
    head = kind["head"]
    capacity: tuple[str, ...]
    if fold(role).startswith(fold(words["deputy"])):
        capacity = (f"{style['on_behalf']} {kind['name']}", f"{style['for_head']} {head}", role_title(role, kind))
    else:
        capacity = (f"{style['on_behalf']} {kind['name']}", head)
    place = plan.place or _place(plan, words["places"])
    day = f"{on.day:02d}" if on.day < 10 else str(on.day)
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)  # Decree 30: 01, 02 and 1..9 days padded
    return Letterhead(
        party=party,
        lines=tuple(_split(line, words["places"]) for line in (superior, plan.committee) if line),
        number=style["number"].format(symbol=symbol),
        motto=tuple(style["motto"]),
        date_line=words["date"].format(place=place or words["no_place"], day=day, month=month, year=on.year),
        capacity=tuple(line.upper() for line in capacity),
        signer=name,
        issuer=plan.committee,
        kind=kind["name"],
        separate=not is_issuer,
    )


SPLIT_OVER = 24  # characters: a longer header line breaks before its place ("ỦY BAN NHÂN DÂN / XÃ TÂN KỲ")


def _split(line: str, places: list[str]) -> str:
    """A long header line with a line break before the kind of place it names, as offices set
    it: "Ủy ban nhân dân\nxã Tân Kỳ" (the renderer breaks the line at the newline)."""
    if len(line) <= SPLIT_OVER:
        return line
    found = re.search(r"\s(?=(?:" + "|".join(re.escape(p) for p in places) + r")\s)", line, re.IGNORECASE)
    return line[: found.start()] + "\n" + line[found.end() :] if found else line


def _kind(committee: str, words: dict[str, Any]) -> dict[str, str]:
    """The kind of body the committee is: the first of ``bodies`` whose name begins the
    committee's, else ``other_body`` named by the committee's first two words."""
    folded = fold(committee)
    for body in words["bodies"]:
        if folded.startswith(fold(body["name"])):
            return dict(body)
    first = committee.split()[:2]
    return {**words["other_body"], "name": " ".join(first), "symbol": "".join(w[0] for w in first).upper()}


def _strip(issuer: str, prefixes: list[str]) -> str:
    """The issuer without a standing board's prefix ("Ban Thường vụ Đảng ủy xã X" -> "Đảng ủy xã X")."""
    for prefix in prefixes:
        if fold(issuer).startswith(fold(prefix) + " "):
            return issuer[len(prefix) :].strip()
    return issuer


def _symbol(code: str) -> str:
    """The issuer's symbol in a plan number: "/KH-UBND" -> "UBND", "12-KH/ĐU" -> "ĐU"."""
    found = re.search(r"(?:^|[/-])KH[/-](.+)$", code.strip())
    return found.group(1) if found else ""


def _placeholder(member: Member) -> bool:
    """A member listed by title only ("Trưởng ban", "Chủ tịch UBND xã"): no one to sign."""
    name = fold(member.name)
    return not name or name == fold(member.role) or bool(re.match(_TITLES, name))


# A title, a collective ("các đồng chí …") or "đồng chí" without a name: folded, at the start of a name.
_TITLES = r"^(cac\b|dong chi\b|d/c\b|(pho )?(truong ban|chu tich|bi thu|thanh vien|uy vien|lanh dao)\b)"


def _signer(plan: PlanInfo) -> tuple[str, str]:
    """Who signs (name, role): see the module docstring."""
    roles = {fold(m.name): m.role for m in plan.members}
    if plan.committee_signer:
        return plan.committee_signer, roles.get(fold(plan.committee_signer), "")
    first = plan.members[0] if plan.members else None
    if first is not None and not _placeholder(first):
        return first.name, first.role
    return plan.signer, roles.get(fold(plan.signer), "")


def role_title(role: str, kind: dict[str, str]) -> str:
    """A deputy's title as it signs: the kind's deputy title when the role names it, else the role."""
    return kind["deputy"] if fold(role).startswith(fold(kind["deputy"])) else role


def _place(plan: PlanInfo, units: list[str]) -> str:
    """The commune's name in the issuer's or the committee's name ("… phường Vạn Xuân" -> "Vạn Xuân")."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(u) for u in units) + r")\s+(.+)$", re.IGNORECASE)
    for name in (plan.issuer, plan.committee):
        found = pattern.search(name.split("(")[0].strip())
        if found:
            return found.group(1).strip()
    return ""
