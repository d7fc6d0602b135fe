"""Read the updates a unit's reply states, one per line (docs/reply-format.md): the message's
text is read by ``letters`` and its new part found by ``quotes``.

Pure: no database, no sending. Reasons are keys; the caller words them in the sender's language.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from .folding import fold, fold_char

__all__ = ["Item", "Parsed", "Unknown", "fold", "parse_date", "parse_text"]

from .period_words import Said, spoken


@dataclass(frozen=True)
class Item:
    line: int
    text: str
    kind: str  # status | extension | approval | value | note
    code: str | None
    state: str | None = None  # done | in_progress | not_started | blocked
    progress: int | None = None
    note: str = ""
    until: datetime.date | None = None
    approved: bool | None = None
    value: Decimal | None = None
    label: str | None = None  # note | obstacle | proposal
    period: Said | None = None  # the period named after the code (``period_words``), if any


@dataclass(frozen=True)
class Unknown:
    line: int
    text: str
    reason: str  # unknown_code | no_status | no_code | bad_date | bad_percent | bad_value


@dataclass(frozen=True)
class Parsed:
    items: list[Item]
    unknown: list[Unknown]
    prose: list[int]


# ---------------------------------------------------------------- dates

_DATE = re.compile(
    r"(?<![\d/.-])(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    r"|(?:ngay\s+)?(?P<wd>\d{1,2})\s+thang\s+(?P<wm>\d{1,2})(?:\s*,?\s*(?:nam\s+)?(?P<wy>\d{4}))?(?!\d)"
    r"|(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{4}|\d{2}))?(?![\d/]))"
)


def _date_of(match: re.Match[str], year: int | None) -> datetime.date | None:
    day, month, given = match["id"] or match["wd"] or match["d"], match["im"] or match["wm"] or match["m"], None
    if text := match["iy"] or match["wy"] or match["y"]:
        given = int(text) + (2000 if len(text) == 2 else 0)
    given = year if given is None else given
    if given is None:
        return None
    try:
        return datetime.date(given, int(month), int(day))
    except ValueError:  # 31/2 and the like
        return None


def parse_date(text: str, year: int | None = None) -> datetime.date | None:
    """The first day-first date in text (``year`` when it has none); None if absent or impossible."""
    match = _DATE.search(fold(text))
    return None if match is None else _date_of(match, year)


# ---------------------------------------------------------------- lines and codes


@dataclass(frozen=True)
class _Line:
    number: int
    text: str  # NFC, stripped
    key: str  # folded char by char, so that a match in key maps back to text through pos
    pos: tuple[int, ...]

    @classmethod
    def of(cls, number: int, raw: str) -> _Line:
        text = unicodedata.normalize("NFC", raw.strip())
        pairs = [(f, i) for i, ch in enumerate(text) for f in fold_char(ch)]
        return cls(number, text, "".join(f for f, _ in pairs), (*(i for _, i in pairs), len(text)))

    def note(self, start: int) -> str:
        return self.text[self.pos[start] :].lstrip(" \t:;,.-–—=").strip()


@dataclass(frozen=True)
class _Code:
    key: str
    code: str
    target: bool


def _codes(tasks: Iterable[str], targets: Iterable[str]) -> list[_Code]:
    return _codes_of(tuple(tasks), tuple(targets))


@lru_cache(maxsize=256)
def _codes_of(tasks: tuple[str, ...], targets: tuple[str, ...]) -> list[_Code]:
    found = {fold(c): _Code(fold(c), c, True) for c in targets} | {fold(c): _Code(fold(c), c, False) for c in tasks}
    return sorted(found.values(), key=lambda c: -len(c.key))  # longest first: IV.1.10 before IV.1.1


def _at_boundary(key: str, end: int) -> bool:
    if end == len(key) or key[end].isspace() or key[end] in ":-–—=;,)]\"”'":
        return True
    return key[end] == "." and (end + 1 == len(key) or key[end + 1].isspace())


def _match_code(key: str, start: int, codes: list[_Code]) -> tuple[_Code, int] | None:
    for code in codes:
        if key.startswith(code.key, start) and _at_boundary(key, start + len(code.key)):
            return code, start + len(code.key)
    return None


_LEAD = re.compile(r"(?:[-*•+]\s+)?[\[(\"“'«]?")
_AFTER_CODE = re.compile(r"[\s:=\-–—.,;\])\"”'»]*")
_CODE_SHAPED = re.compile(r"(?:[ivxlc]+|\d+)(?:\.(?:\d+|[a-z]))+(?![a-z0-9])|ct[-.]?\d")


def _code_shaped(key: str, start: int) -> bool:
    date = _DATE.match(key, start)
    if date and (date["y"] or date["iy"] or date["wy"]):  # "30.6.2026 ..." is a date, not a code
        return False
    return _CODE_SHAPED.match(key, start) is not None


# ---------------------------------------------------------------- what follows a code

_STATES = {
    "done": ("da thuc hien xong", "da hoan thanh", "hoan thanh", "da xong", "xong", "done", "completed", "complete",
             "finished"),
    "in_progress": ("dang thuc hien", "dang trien khai", "in progress"),
    "not_started": ("chua thuc hien", "chua trien khai", "chua bat dau", "not started"),
    "blocked": ("gap kho khan", "kho khan, vuong mac", "kho khan vuong mac", "vuong mac", "kho khan", "blocked"),
}  # fmt: skip
_STATE_OF = {word: state for state, words in _STATES.items() for word in words}


def _phrases(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# A status word is a word: "done.txt", "blocked@host" or "xong-abc" are not one.
_WORD_END = r"(?![a-z0-9@_]|[.\-/'][a-z0-9])"
_WORD = re.compile(rf"(?:{_phrases(_STATE_OF)}){_WORD_END}")
_PERCENT = re.compile(r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:%|phan\s+tram|percent)")
_FILLER = re.compile(r"(?:(?:tien\s+do|trang\s+thai|progress|status|dat\s+duoc|dat|da|duoc)(?![a-z0-9])|[\s:,])+")
_EXTENSION = re.compile(
    r"(?:(?:xin|de\s+nghi)\s+)?(?:gia\s+han|extension|extend)(?![a-z0-9])(?:\s+them)?[\s:]*"
    r"(?:(?:den|toi|to|until)(?![a-z0-9])\s*)?(?:ngay(?![a-z0-9])\s*)?"
)
_APPROVAL = re.compile(
    r"(?:(?P<no>khong\s+dong\s+y|tu\s+choi|rejected|reject)|dong\s+y|phe\s+duyet|duyet|approved|approve)(?![a-z0-9])"
    r"(?P<ext>\s+(?:gia\s+han|extension)(?:\s+(?:for|cho))?)?[\s:]*"
)
_UNTIL = re.compile(r"[\s,:\-–—]*(?:(?P<to>den|toi|to|until)(?![a-z0-9])\s*)?(?:ngay(?![a-z0-9])\s*)?")
_NUMBER = re.compile(
    r"(?:(?:dat\s+duoc|dat|la)\s+)?(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![.,]?\d)"
    r"(?:\s*(?:%|phan\s+tram))?"
)
_LABELS = {
    "obstacle": ("kho khan, vuong mac", "kho khan vuong mac", "kho khan", "vuong mac", "obstacle", "obstacles"),
    "proposal": ("kien nghi, de xuat", "kien nghi", "de xuat", "proposal", "proposals"),
    "note": ("ghi chu", "note", "notes"),
    "progress": ("tien do", "progress"),
    "status": ("trang thai", "status"),
}
_LABEL_WORDS = "|".join(f"(?P<{name}>{_phrases(words)})" for name, words in _LABELS.items())
_LABEL = re.compile(rf"(?:{_LABEL_WORDS})\s*:")
_LOOSE_LABEL = re.compile(rf"(?:{_LABEL_WORDS})\s*(?::|[-–—](?=\s))")

_Result = Item | str | None  # an Item (code still to set), an Unknown's reason, or nothing recognised


def _state(word: str | None, percent: str | None) -> tuple[str, int | None] | str:
    if percent is None:
        state = _STATE_OF[fold(word or "")]
        return state, 100 if state == "done" else None
    value = Decimal(percent.replace(",", "."))
    if value > 100:
        return "bad_percent"
    progress = int(value.to_integral_value(ROUND_HALF_UP))
    word_state = _STATE_OF[fold(word)] if word else None
    if word_state == "blocked" or (word_state == "not_started" and progress == 0):
        return word_state, progress
    return ("done" if progress == 100 else "in_progress"), progress  # a percentage below 100 beats a done word


def state_named(text: str) -> str | None:
    """The state a status word alone names (``hoàn thành``, ``xong``, ``vướng mắc``...), or None."""
    return _STATE_OF.get(fold(text))


def _status(line: _Line, start: int) -> _Result:
    word = percent = None
    at = end = start
    while at < len(line.key):
        if (m := _WORD.match(line.key, at)) and word is None:
            word, at = m[0], m.end()
        elif (m := _PERCENT.match(line.key, at)) and percent is None:
            percent, at = m["n"], m.end()
        elif (m := _FILLER.match(line.key, at)) and not _WORD.match(line.key, at):
            at = m.end()
            continue
        else:
            break
        end = at  # fillers after the last status token belong to the note
    if word is None and percent is None:
        return None
    state = _state(word, percent)
    if isinstance(state, str):
        return state
    return Item(line.number, line.text, "status", None, state=state[0], progress=state[1], note=line.note(end))


def _until(line: _Line, start: int, year: int | None) -> tuple[datetime.date | None, int] | str:
    m = _UNTIL.match(line.key, start)
    date = _DATE.match(line.key, m.end()) if m else None
    if date is None:
        return "bad_date" if m and m["to"] else (None, start)
    found = _date_of(date, year)
    return (found, date.end()) if found else "bad_date"


def _extension(line: _Line, start: int, year: int | None) -> _Result:
    m = _EXTENSION.match(line.key, start)
    if m is None:
        return None
    until = _until(line, m.end(), year)
    if isinstance(until, str) or until[0] is None:
        return "bad_date"
    return Item(line.number, line.text, "extension", None, until=until[0], note=line.note(until[1]))


def _approval_tail(line: _Line, m: re.Match[str], start: int, year: int | None, code: str | None) -> _Result:
    until = _until(line, start, year)
    if isinstance(until, str):
        return until
    note = line.note(until[1])
    return Item(line.number, line.text, "approval", code, approved=m["no"] is None, until=until[0], note=note)


def _label(line: _Line, start: int, pattern: re.Pattern[str]) -> _Result:
    m = pattern.match(line.key, start)
    if m is None or m.lastgroup is None:
        return None
    if m.lastgroup in ("progress", "status"):
        return _status(line, m.end()) or "no_status"
    note = line.note(m.end())
    return Item(line.number, line.text, "note", None, note=note, label=m.lastgroup) if note else None


def _value(line: _Line, start: int) -> _Result:
    m = _NUMBER.match(line.key, start)
    if m is None:
        return "bad_value"
    number = m["n"]
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", number):  # Vietnamese thousands dots
        number = number.replace(".", "")
    return Item(line.number, line.text, "value", None, value=Decimal(number.replace(",", ".")), note=line.note(m.end()))


def _negative(key: str, start: int) -> bool:
    """A minus sign against the percentage at ``start`` ("IV.1.2: -5%"), not a separator ("IV.1.2 - 5%")."""
    return start >= 2 and key[start - 1] in "-−" and key[start - 2] in " \t:=" and bool(_PERCENT.match(key, start))


def _after_code(line: _Line, code: _Code, start: int, year: int | None) -> Item | Unknown:
    if code.target:
        result = _value(line, start)
    elif _negative(line.key, start):
        result = "bad_percent"
    elif m := _APPROVAL.match(line.key, start):
        result = _approval_tail(line, m, m.end(), year, None)
    else:
        result = _extension(line, start, year) or _status(line, start) or _label(line, start, _LOOSE_LABEL)
    return _finish(line, result or "no_status", code.code)


def _finish(line: _Line, result: Item | str, code: str | None) -> Item | Unknown:
    if isinstance(result, str):
        return Unknown(line.number, line.text, result)
    return result if result.code else replace(result, code=code)


def _approval_first(line: _Line, m: re.Match[str], codes: list[_Code], single: str | None, year: int | None) -> _Result:
    start = _LEAD.match(line.key, m.end())
    at = start.end() if start else m.end()
    found = _match_code(line.key, at, codes)
    if found:
        return _approval_tail(line, m, found[1], year, found[0].code)
    if _code_shaped(line.key, at):
        return "unknown_code"
    if m["ext"] is None:
        return None  # "Đồng ý." alone is prose
    return _approval_tail(line, m, at, year, single) if single else "no_code"


def _codeless(line: _Line, start: int, codes: list[_Code], single: str | None, year: int | None) -> _Result:
    labelled = _label(line, start, _LABEL)
    if isinstance(labelled, Item) and labelled.kind == "note":
        return replace(labelled, code=single)  # a plan-level remark when single is None
    if m := _APPROVAL.match(line.key, start):
        return _approval_first(line, m, codes, single, year)
    result = labelled or _extension(line, start, year) or _status(line, start)
    if result is None:
        return None
    return result if single else "no_code"  # a status with no code and no single item is about nothing known


_TOKEN = re.compile(r"(?P<token>[a-z][a-z0-9._-]{0,15})\s*[:=]\s*")


def _named_like_a_code(line: _Line, at: int, year: int | None) -> bool:
    """A line that states an update about one word that is no code of the plan ("report: xong",
    "task5: 60%"): it is not understood, not prose to ignore."""
    m = _TOKEN.match(line.key, at)
    if m is None or _FILLER.fullmatch(m["token"]) or _WORD.match(line.key, at) or _APPROVAL.match(line.key, at):
        return False
    if _LABEL.match(line.key, at):
        return False
    return bool(_extension(line, m.end(), year) or _status(line, m.end()))


def _parse_line(line: _Line, codes: list[_Code], single: str | None, year: int | None) -> Item | Unknown | None:
    start = _LEAD.match(line.key)
    at = start.end() if start else 0
    found = _match_code(line.key, at, codes)
    if found:
        said, end = spoken(line.key, found[1])  # "II.2.1 tuần 10: ..." names the period
        after = _AFTER_CODE.match(line.key, end)
        item = _after_code(line, found[0], after.end() if after else end, year)
        return replace(item, period=said) if said and isinstance(item, Item) else item
    if _code_shaped(line.key, at) or _named_like_a_code(line, at, year):
        return Unknown(line.number, line.text, "unknown_code")
    result = _codeless(line, at, codes, single, year)
    return None if result is None else _finish(line, result, single)


def parse_text(
    text: str, tasks: Iterable[str], targets: Iterable[str] = (), single: str | None = None, year: int | None = None
) -> Parsed:
    """The updates stated in a reply's fresh text, one per line; see docs/reply-format.md."""
    codes = _codes(tasks, targets)
    parsed = Parsed([], [], [])
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        result = _parse_line(_Line.of(number, raw), codes, single, year)
        if isinstance(result, Item):
            parsed.items.append(result)
        elif isinstance(result, Unknown):
            parsed.unknown.append(result)
        else:
            parsed.prose.append(number)
    return parsed
