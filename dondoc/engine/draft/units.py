"""The bodies a plan names: found by their head nouns ("Phòng", "Ban", "Ủy ban", "Sở" ...),
deduplicated across the spellings one document uses ("UBND xã" / "Ủy ban nhân dân xã",
"Uỷ"/"Ủy", "Văn hoá - Xã hội" / "Văn hóa – Xã hội"), and marked external when they sit
outside the issuer's authority (provincial departments, higher People's Committees and
Party committees, companies, banks)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Where
from .normalize import clean, fold, slug

# Abbreviations as commune documents write them, and what they stand for (folded).
_EXPANSIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "ctxh": "chinh tri xa hoi",
    "ct xh": "chinh tri xa hoi",
    "vhxh": "van hoa xa hoi",
    "bcd": "ban chi dao",
    "vpdu": "van phong dang uy",
    "tdp": "to dan pho",
    "bctmt": "ban cong tac mat tran",
    "khcn": "khoa hoc va cong nghe",
    "kh cn": "khoa hoc va cong nghe",
    "ubkt": "uy ban kiem tra",
    "tt": "trung tam",
    "bchqs": "ban chi huy quan su",
    "htx": "hop tac xa",
}
_DROP = {"cac", "va", "viet", "nam"}
_LEVELS = ("thanh pho", "tinh", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran")
# Head nouns that start the name of a body (folded), longest first.
HEADS = sorted(
    {
        "phong",
        "ban",
        "van phong",
        "trung tam",
        "uy ban",
        "ubnd",
        "ubmttq",
        "mttq",
        "hdnd",
        "hoi dong",
        "cong an",
        "so",
        "doan thanh nien",
        "doan",
        "hoi",
        "chi bo",
        "dang uy",
        "thuong truc",
        "mat tran",
        "truong",
        "tram y te",
        "ngan hang",
        "cong ty",
        "tap doan",
        "buu dien",
        "vien",
        "bo",
        "tinh uy",
        "thanh uy",
        "huyen uy",
        "ban chi huy",
        "quan su",
        "cac to chuc",
        "cac co quan",
        "cac don vi",
        "cac phong",
        "cac ban",
        "cac doanh nghiep",
        "doanh nghiep",
        "cac truong",
        "co quan",
        "cac hoi",
        "cap uy",
        "cac chi bo",
        "cac chi",
        "cac dong chi",
        "nguoi dung dau",
        "thu truong",
        "hop tac xa",
        "to cong nghe so",
        "to dan pho",
        "cac to dan pho",
        "to cong tac",
        "to ung cuu",
        "cac hop tac xa",
        "cac co so",
        "lanh dao",
        "bch",
        "bchqs",
        "htx",
        "chinh quyen",
        "cac cap uy",
        "bbt",
        "viettel",
        "vnpt",
        "vien thong",
        "ban cong tac",
        "ban chi dao",
        "ban thuong truc",
        "ban thuong vu",
        "ban bien tap",
        "ban quan ly",
        "ban dai dien",
        "ban xay dung dang",
        "ban tuyen giao",
        "chuyen vien",
        "luc luong cong an",
        "thuong truc dang uy",
        "cac doan the",
        "doan the",
    },
    key=len,
    reverse=True,
)
_EXTERNAL = re.compile(
    r"^(so |bo |chinh phu|quoc hoi|trung uong|tinh uy|thanh uy|huyen uy|ban thuong vu (tinh|thanh|huyen) uy|"
    r"(uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd) (tinh|thanh pho|huyen|quan|thi xa)\b|"
    r"(cac )?(cong ty|tap doan|ngan hang|doanh nghiep|buu dien|vien thong|viettel|vnpt)|"
    r"(cac )?co quan (chuc nang|chuyen mon cap tren|cap tren)|(cac )?vien\b|(cac )?truong dai hoc)"
)


def key(name: str) -> str:
    """The comparison key of a body's name: abbreviations expanded, diacritics and filler dropped."""
    text = fold(name).replace("&", " va ").replace("–", " ").replace("-", " ")
    text = re.sub(r"[^0-9a-z ]", " ", text)
    text = " ".join(text.split())
    for short, long in _EXPANSIONS.items():
        text = re.sub(rf"\b{short}\b", long, text)
    text = re.sub(r"\b(tren dia ban|trach nhiem cua|de nghi|yeu cau|thu truong|nguoi dung dau)\b", " ", text)
    return " ".join(w for w in text.split() if w not in _DROP)


def level(name: str) -> str:
    """The administrative level a name carries ("tinh", "thanh pho" ...), "" for the commune's own."""
    text = fold(name)
    best, at = "", -1
    for word in _LEVELS:
        for match in re.finditer(rf"\b{word}\b", text):
            if match.start() > at:
                best, at = word, match.start()
    return "" if best in ("xa", "phuong", "thi tran") else best


def is_external(name: str) -> bool:
    return bool(_EXTERNAL.match(fold(name)))


_SHORT_HEADS = {"ban", "hoi", "so", "bo", "doan", "phong", "truong", "vien"}


def starts_with_head(text: str) -> bool:
    """The text starts with a body's head noun ("Phòng Văn hóa", "các tổ chức", "Sở ...");
    a short head must be followed by a capitalised word ("Ban Xây dựng", not "ban hành")."""
    folded, words = fold(text), text.split()
    for head in HEADS:
        if folded == head or folded.startswith(head + " ") or folded.startswith(head + ","):
            if head in _SHORT_HEADS:
                size = len(head.split())
                return len(words) > size and words[size][:1].isupper()
            return True
    return False


@dataclass
class Unit:
    id: str
    name: str
    where: Where | None
    external: bool = False
    aliases: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class Registry:
    """The units of one plan, found once under each spelling."""

    def __init__(self, place: str = "") -> None:
        self.units: list[Unit] = []
        self.place = fold(place)
        self._pattern: re.Pattern[str] | None = None
        self._by_form: dict[str, Unit] = {}

    def _key(self, name: str) -> str:
        text = key(name)
        if self.place:
            text = re.sub(rf"\b(xa |phuong |thi tran )?{re.escape(self.place)}\b", " ", text)
        text = re.sub(r"\b(xa|phuong|thi tran)$", " ", " ".join(text.split()))
        return " ".join(text.split())

    def find(self, name: str) -> Unit | None:
        wanted, wanted_level = self._key(name), level(name)
        if not wanted:
            return None
        best: Unit | None = None
        for unit in self.units:
            for known in unit.names():
                have = self._key(known)
                if level(known) != wanted_level and not (is_external(known) and is_external(name)):
                    continue
                if have == wanted:
                    return unit
                if best is None and _contained(wanted, have):
                    best = unit
        return best

    def add(self, name: str, where: Where | None) -> Unit:
        """The unit this name means, registered as a new unit if no known spelling matches."""
        name = _tidy(name)
        found = self.find(name)
        if found is not None:
            if name not in found.names() and fold(name) not in {fold(n) for n in found.names()}:
                found.aliases.append(name)
                self._pattern = None
            return found
        ident = _ident(name, {u.id for u in self.units})
        unit = Unit(id=ident, name=name, where=where, external=is_external(name))
        self.units.append(unit)
        self._pattern = None
        return unit

    def group(self) -> Unit | None:
        """The plan's unit for its offices and bodies as a whole ("Các cơ quan, đơn vị trên địa bàn xã"),
        that "các cơ quan, đơn vị liên quan" means; None if the plan names none."""
        for unit in self.units:
            if not unit.external and re.match(r"cac (co quan|don vi)\b", fold(unit.name)):
                return unit
        return None

    def mentions(self, text: str) -> list[tuple[Unit, int]]:
        """The known units this text names, with where each first appears (in folded text)."""
        if not self.units:
            return []
        if self._pattern is None:
            self._build_pattern()
        assert self._pattern is not None
        found: dict[str, tuple[Unit, int]] = {}
        for match in self._pattern.finditer(fold(text)):
            unit = self._by_form[match.group(0)]
            found.setdefault(unit.id, (unit, match.start()))
        return sorted(found.values(), key=lambda pair: pair[1])

    def _build_pattern(self) -> None:
        self._by_form = {}
        for unit in self.units:
            for name in unit.names():
                for form in _forms(name, self.place):
                    self._by_form.setdefault(form, unit)
        forms = sorted(self._by_form, key=len, reverse=True)
        self._pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")


def _contained(a: str, b: str) -> bool:
    """One key's words all in the other's, in order, and enough of them to be specific."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    words_short, words_long = short.split(), long.split()
    if len(words_short) < 3 or len(words_short) < len(words_long) / 2 or words_short[0] != words_long[0]:
        return False  # "Chi bộ Cơ quan Hội đồng nhân dân" is not the "Hội đồng nhân dân"
    position = 0
    for word in words_short:
        try:
            position = words_long.index(word, position) + 1
        except ValueError:
            return False
    return True


def _forms(name: str, place: str) -> set[str]:
    """Folded spellings to look for in text: the name, without "các", without the place."""
    base = fold(_tidy(name)).replace("–", "-")
    base = re.sub(r"\s*-\s*", " - ", base)
    bare = re.sub(r"^cac ", "", base)
    forms = {base, bare} if len(bare.split()) > 2 else {base}
    if place:
        forms |= {re.sub(rf"\s+(xa |phuong )?{re.escape(place)}$", "", f) for f in list(forms)}
    loose = {f.replace(" - ", "-") for f in forms} | {f.replace(" - ", " ") for f in forms}
    return {f for f in forms | loose if len(f) >= 4}


def _tidy(name: str) -> str:
    name = clean(name).strip(" .,;:*")
    name = re.sub(r"^(Trách nhiệm của|Trách nhiệm|Đề nghị|Yêu cầu)\s+", "", name, flags=re.I)
    return name[:1].upper() + name[1:]


def _ident(name: str, taken: set[str]) -> str:
    base = slug(_initials(name), 24)
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def _initials(name: str) -> str:
    """A short id from a long name: "Phòng Văn hóa - Xã hội" -> "phong-vhxh"."""
    text = re.sub(r"^(các|Các)\s+", "", name)
    words = text.replace("-", " ").replace("–", " ").split()
    if len(words) <= 3:
        return text
    head = words[0]
    rest = [w for w in words[1:] if w[:1].isupper() or w.isupper()]
    if len(rest) >= 2:
        return head + " " + "".join(fold(w)[0] for w in rest)
    return " ".join(words[:3])


# ---------------------------------------------------------------- names in running text

_STOPS = {
    "trien khai",
    "thuc hien",
    "xay dung",
    "tuyen truyen",
    "phat trien",
    "nang cap",
    "bao dam",
    "dam bao",
    "ra soat",
    "kiem tra",
    "huong dan",
    "ho tro",
    "thu thap",
    "cung cap",
    "ung dung",
    "day manh",
    "tang cuong",
    "giam sat",
    "dinh huong",
    "tham muu",
    "chi dao",
    "de xuat",
    "xu ly",
    "khai thac",
    "van dong",
    "pho bien",
    "quan triet",
    "theo doi",
    "bao cao",
    "nghien cuu",
    "tong hop",
    "to chuc",
    "thanh lap",
    "ban hanh",
    "phoi hop",
    "chu tri",
    "giai quyet",
    "cap nhat",
    "lua chon",
    "tiep nhan",
    "thong tin",
    "dieu tra",
    "rà soat",
    "hoan thanh",
    "tham gia",
    "phat dong",
    "trien",
    "lam",
    "de",
    "nham",
    "trong",
    "ve",
    "tai",
    "co trach nhiem",
    "chiu trach nhiem",
    "phu trach",
    "thuc",
    "duy tri",
    "thuong xuyen",
    "kip thoi",
    "sau khi",
    "khi",
    "neu",
    "theo",
    "can",
    "phai",
    "duoc",
    "se",
    "so ket",
    "tong ket",
    "danh gia",
    "rut kinh nghiem",
    "lanh dao",
    "dieu hanh",
    "tao dieu kien",
    "khuyen khich",
    "phat huy",
    "dong vien",
    "bo tri",
    "hoan thien",
    "dua",
    "tich cuc",
    "truc tiep",
    "su dung",
    "la",
    "dinh ky",
    "hang ngay",
    "hang tuan",
    "hang thang",
    "hang quy",
    "hang nam",
    "chu dong",
    "nang cao",
    "gop phan",
    "ky ket",
    "lien ket",
    "da",
}
# Words that may follow a comma inside one group's name ("các chi, đảng bộ", "các phòng, ban, ngành").
_GROUP_WORDS = (
    "dang bo",
    "don vi",
    "to chuc",
    "ban",
    "nganh",
    "doan the",
    "co quan",
    "phong",
    "truong hoc",
    "hoi",
    "doanh nghiep",
    "hop tac xa",
    "dia phuong",
)
_CUT = re.compile(r"[;.:()\[\]\"“”]")


def names_in(text: str) -> list[str]:
    """The bodies listed at the start of ``text`` ("Phòng A, Phòng B và các hội ... thực hiện")."""
    text = _CUT.split(text, maxsplit=1)[0]
    tokens = re.findall(r"[\w/&–-]+|,", text)
    names: list[list[str]] = [[]]
    index = 0
    while index < len(tokens):
        token, rest = tokens[index], " ".join(tokens[index:])
        if not names[-1]:
            head = _head_words(rest)
            if not head:
                break  # the text does not start with a body's name
            names[-1] += tokens[index : index + head]
            index += head
            continue
        if token == "," or fold(token) == "va":
            joined = (
                fold(token) == "va"
                and _abbreviated(names[-1])
                and index + 1 < len(tokens)
                and tokens[index + 1].isupper()
            )
            if not joined and index + 1 < len(tokens) and _starts_name(" ".join(tokens[index + 1 :])):
                names.append([])
                index += 1
                continue
        if token == "," and names[-1] and not fold(" ".join(tokens[index + 1 :])).startswith(_GROUP_WORDS):
            break
        if names[-1] and token[:1].islower() and stops_here(rest) and not _assigned_group(names[-1], rest):
            break
        if names[-1] or token != ",":
            names[-1].append(token)
        index += 1
    found = []
    for words in names:
        name = " ".join(words).replace(" ,", ",").strip(" ,")
        if name and starts_with_head(name) and "lien quan" not in fold(name) and len(name) < 120:
            found.append(name)
    return found


def _assigned_group(words: list[str], rest: str) -> bool:
    """ "Các đơn vị được giao nhiệm vụ ...": the clause names the group, it does not end it."""
    return fold(words[0]) == "cac" and fold(rest).startswith(("duoc giao nhiem vu", "duoc phan cong"))


def _abbreviated(words: list[str]) -> bool:
    """ "Văn phòng HĐND" (and UBND ...): one body whose name joins abbreviations with "và"."""
    return len(words) >= 2 and words[-1].isupper() and len(words[-1]) >= 3


def _head_words(text: str) -> int:
    """How many words of ``text`` its head noun takes ("các tổ chức" = 3), 0 if none."""
    if not starts_with_head(text):
        return 0
    folded = fold(text)
    for head in HEADS:
        if folded == head or folded.startswith(head + " ") or folded.startswith(head + ","):
            return len(head.split())
    return 0


def _starts_name(text: str) -> bool:
    """A proper body name starts here (a capitalised head noun, or "các ..." groups)."""
    folded = fold(text)
    if folded.startswith("cac ") or folded.startswith("doanh nghiep"):
        return starts_with_head(text)
    words = text.split()
    return starts_with_head(text) and len(words) > 1 and words[0][:1].isupper()


def stops_here(rest: str) -> bool:
    """A body's name ends before this text: it starts with a verb or a connective."""
    folded = fold(rest)
    return any(folded == s or folded.startswith(s + " ") or folded.startswith(s + ",") for s in _STOPS)
