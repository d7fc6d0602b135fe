"""A received message's MIME structure, read within bounds: the header fields of every part and
where each part's body lies in the message's bytes, without copying or decoding any body.

The email package makes a string of every line of a message (twelve times a 10 MB message's size
in memory). Here a body is a range of the message's bytes, decoded only when it is read (the text
a person wrote, a form): a large attachment costs nothing but its bytes, and a message over the
size limit is read no further than its header (``read(..., whole=False)``).
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from functools import cached_property

MAX_DEPTH = 12  # nested multiparts and attached messages read
MAX_PARTS = 500  # parts read in one message; the rest is kept with it, unread
MAX_HEADER = 256 * 1024  # bytes of one header section read
_HEADERS = BytesHeaderParser(policy=compat32)  # structured (policy.default) headers are slow and unneeded
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")


@dataclass(frozen=True, eq=False)
class Part:
    """One part of a message: its header fields, and its body as a range of the message's bytes
    (its children when it is a multipart or an attached message)."""

    fields: Message  # header fields only
    raw: bytes  # the whole message
    start: int
    end: int
    children: tuple[Part, ...] = ()

    @cached_property
    def content_type(self) -> str:
        return self.fields.get_content_type()

    @property
    def maintype(self) -> str:
        return self.content_type.partition("/")[0]

    def param(self, name: str) -> str:
        value = self.fields.get_param(name, "")
        return value if isinstance(value, str) else ""

    @property
    def disposition(self) -> str:
        return self.fields.get_content_disposition() or ""

    @cached_property
    def filename(self) -> str:
        """The file name, RFC 2231 and RFC 2047 decoded ("" when it has none)."""
        try:
            name = self.fields.get_filename() or ""
        except (ValueError, LookupError, UnicodeError):  # a broken RFC 2231 value
            return ""
        return decoded_words(unescaped(name)).strip()

    @property
    def size(self) -> int:
        return self.end - self.start

    def lines(self) -> int:
        """How many lines its body has, counted in place."""
        return self.raw.count(b"\n", self.start, self.end) + 1

    def find(self, needle: bytes, limit: int) -> bool:
        """Whether ``needle`` is written in the first ``limit`` bytes of its body, as transferred."""
        return self.raw.find(needle, self.start, min(self.end, self.start + limit)) >= 0

    def payload(self, limit: int | None = None) -> bytes:
        """Its body decoded from its transfer encoding (the first ``limit`` bytes of it as
        transferred, when given)."""
        end = self.end if limit is None else min(self.end, self.start + limit)
        data = self.raw[self.start : end]
        encoding = (self.fields.get("Content-Transfer-Encoding") or "").strip().lower()
        if encoding == "base64":
            return _unbase64(data)
        if encoding == "quoted-printable":
            return binascii.a2b_qp(data)
        return data

    def text(self, limit: int | None = None) -> str:
        """Its body as text, in its declared charset (UTF-8 when that is unknown or lies)."""
        data = self.payload(limit)
        try:
            return data.decode(self.fields.get_content_charset() or "utf-8")
        except (LookupError, UnicodeDecodeError):
            return data.decode("utf-8", errors="replace")

    def walk(self) -> Iterator[Part]:
        yield self
        for child in self.children:
            yield from child.walk()


def read(raw: bytes, *, whole: bool = True) -> Part:
    """The structure of a message; with ``whole`` False, only its header (a message too large to read)."""
    budget = [MAX_PARTS if whole else 0]
    return _part(raw, 0, len(raw), 0, budget)


def _part(raw: bytes, start: int, end: int, depth: int, budget: list[int]) -> Part:
    header_end, body = _header_end(raw, start, end)
    fields = _HEADERS.parsebytes(raw[start : min(header_end, start + MAX_HEADER)])
    stray = fields.get_payload()
    if isinstance(stray, str) and stray:  # the header ended at a line that is no field
        body = max(start, header_end - len(stray.encode("ascii", "surrogateescape")))
    part = Part(fields, raw, body, end)
    if budget[0] <= 0 or depth >= MAX_DEPTH:
        return part
    if part.maintype == "multipart":
        boundary = fields.get_boundary()
        ranges = _between(raw, body, end, boundary.encode("utf-8", "surrogateescape")) if boundary else []
        children = []
        for s, e in ranges:
            if budget[0] <= 0:
                break
            budget[0] -= 1
            children.append(_part(raw, s, e, depth + 1, budget))
        return Part(fields, raw, body, end, tuple(children))
    if part.content_type in ("message/rfc822", "message/global") and _plain_transfer(fields):
        budget[0] -= 1
        return Part(fields, raw, body, end, (_part(raw, body, end, depth + 1, budget),))
    return part


def _plain_transfer(fields: Message) -> bool:
    return (fields.get("Content-Transfer-Encoding") or "7bit").strip().lower() in ("7bit", "8bit", "binary")


def _header_end(raw: bytes, start: int, end: int) -> tuple[int, int]:
    """Where a part's header section ends and its body starts (after the empty line)."""
    if raw.startswith(b"\r\n", start) or raw.startswith(b"\n", start):
        return start, start + (2 if raw[start] == 13 else 1)
    found = [(i + 1, i + 2) for i in (raw.find(b"\n\n", start, end),) if i >= 0]
    found += [(i + 1, i + 3) for i in (raw.find(b"\n\r\n", start, end),) if i >= 0]
    return min(found) if found else (end, end)


def _between(raw: bytes, start: int, end: int, boundary: bytes) -> list[tuple[int, int]]:
    """The byte ranges of a multipart's parts: between its delimiter lines (RFC 2046), each
    without the line break that belongs to the next delimiter."""
    delimiter = b"--" + boundary
    ranges: list[tuple[int, int]] = []
    opened: int | None = None
    at = raw.find(delimiter, start, end)
    while at >= 0:
        line_end = raw.find(b"\n", at, end)
        line_end = end if line_end < 0 else line_end + 1
        tail = raw[at + len(delimiter) : line_end].rstrip()
        if (at == start or raw[at - 1] == 10) and tail in (b"", b"--"):
            if opened is not None:
                ranges.append((opened, _before_break(raw, opened, at)))
            if tail == b"--":
                return ranges
            opened = line_end
        at = raw.find(delimiter, at + 1, end)
    if opened is not None and opened < end:  # no closing delimiter: the last part runs to the end
        ranges.append((opened, end))
    return ranges


def _before_break(raw: bytes, start: int, at: int) -> int:
    end = at - 1 if at > start and raw[at - 1] == 10 else at
    return end - 1 if end > start and raw[end - 1] == 13 else end


def _unbase64(data: bytes) -> bytes:
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:  # wrong padding: decode the whole groups of four
        cleaned = _NOT_BASE64.sub(b"", data)
        return binascii.a2b_base64(cleaned[: len(cleaned) // 4 * 4])


def unescaped(value: str) -> str:
    """Header text: raw 8-bit bytes (UTF-8 headers, RFC 6532) arrive surrogate-escaped."""
    if value.isascii() or not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def decoded_words(value: str) -> str:
    """A header value with its RFC 2047 encoded words decoded (kept as written when broken)."""
    if "=?" not in value:  # no encoded word: nothing to decode
        return value
    try:
        return str(make_header(decode_header(" ".join(value.split()))))
    except (ValueError, LookupError, UnicodeError):
        return value
