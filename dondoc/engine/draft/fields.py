"""Which unit a duty's field belongs to, when the duty names no unit: the media channels.

Many plans list the duties of "Nhiệm vụ và giải pháp" without a doer and then, in "Tổ chức
thực hiện", give one unit the mass-media channels: "2. Trung tâm Dịch vụ tổng hợp: Đẩy mạnh
công tác thông tin tuyên truyền trên các phương tiện thông tin đại chúng như: Trang thông tin
điện tử của phường, ... các cụm loa ..., căng treo băng rôn, khẩu hiệu, pano áp phích". A duty
carried out on those channels ("bản tin thời sự" under "Tuyên truyền trên hệ thống Truyền
thanh xã", "mạng xã hội", "pano, băng rôn") is that unit's.

A wider rule (a duty goes to the unit whose paragraph shares its rarest phrases) was measured
and rejected: on the seed plans it gave as many duties to the wrong unit as to the right one,
because a unit's paragraph also repeats the plan's general words ("phong trào thi đua",
"công nghệ thông tin", "hộ kinh doanh").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import fold
from .units import Unit

# The channels of mass media and of visual propaganda.
_MEDIA = re.compile(
    r"\b(thong tin dai chung|truyen thong dai chung|mang xa hoi|truyen thong xa hoi|truyen thanh|phat thanh|"
    r"truyen hinh|bao chi|cum loa|he thong loa|pano|bang ron|ap phich|khau hieu|man hinh|"
    r"co dong truc quan|tuyen truyen truc quan)\b"
)


@dataclass(frozen=True, kw_only=True)
class Channels:
    """The unit "Tổ chức thực hiện" charges with the media channels (naming two or more of them)."""

    unit: Unit


def keeper(duties: dict[str, tuple[Unit, str]]) -> Channels | None:
    """``duties``: each unit's paragraph in "Tổ chức thực hiện" (by unit id). The one unit whose
    paragraph names two media channels or more; None when no unit or several do."""
    keepers = [
        unit for unit, text in duties.values() if not unit.external and len(set(_MEDIA.findall(fold(text)))) >= 2
    ]
    return Channels(unit=keepers[0]) if len(keepers) == 1 else None


def channel(text: str) -> str:
    """The media channel a duty (with its heading) is carried out on, "" if none."""
    found = _MEDIA.search(fold(text))
    return found.group(0) if found else ""
