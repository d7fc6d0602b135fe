"""Writing MIME by hand: the exact bytes a given mail client or MTA produces.

The email package's generator normalises what real software does not (folding, encoded-word
splitting, boundary style, transfer encodings), so the corpus builds its messages from these
small pieces instead.
"""

from __future__ import annotations

import base64
import hashlib
import quopri
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

Header = tuple[str, str]


def digest(*parts: object, length: int = 32) -> str:
    """A stable hex string for ids and boundaries, derived from what the message is."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:length]


def b64_lines(data: bytes, width: int = 76) -> str:
    text = base64.b64encode(data).decode("ascii")
    return "\n".join(text[i : i + width] for i in range(0, len(text), width)) + "\n"


def qp(data: bytes) -> str:
    """Quoted-printable as mail software writes it: soft breaks at 76 columns."""
    return quopri.encodestring(data).decode("ascii")


def strip_marks(text: str) -> str:
    """Vietnamese typed without diacritics (case kept): what a phone keyboard without Telex gives."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            continue
        out.append({"đ": "d", "Đ": "D"}.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Windows-1258: base letters (â ê ô ơ ư ă đ are single bytes) followed by combining tone marks,
    as Unikey's "VNI Windows/CP 1258" output and Outlook Express write Vietnamese."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        out += (letter + tones).encode("cp1258", errors="replace")
    return bytes(out)


def encoded_words(text: str, charset: str = "utf-8", kind: str = "B", width: int = 75, sep: str = "\n ") -> str:
    """RFC 2047 encoded words (split on character boundaries), joined by folding whitespace."""
    def enc(chunk: str) -> bytes:
        return cp1258(chunk) if charset.lower() == "windows-1258" else chunk.encode(charset)

    if kind.upper() == "B":
        prefix, suffix = f"=?{charset}?{kind}?", "?="
        room = (width - len(prefix) - len(suffix)) // 4 * 3
        words, chunk = [], ""
        for ch in text:
            if len(enc(chunk + ch)) > room:
                cut = chunk.rfind(" ") + 1 if " " in chunk[1:] else len(chunk)  # like most mailers, between words
                words.append(chunk[:cut])
                chunk = chunk[cut:]
            chunk += ch
        words.append(chunk)
        return sep.join(prefix + base64.b64encode(enc(w)).decode() + suffix for w in words)
    prefix, suffix = f"=?{charset}?{kind}?", "?="
    words, chunk = [], ""
    for ch in text:
        piece = "".join(
            "_" if b == 0x20 else chr(b) if (chr(b).isalnum() and b < 128) or chr(b) in "!*+-/" else f"={b:02X}"
            for b in enc(ch)
        )
        if len(prefix) + len(chunk) + len(piece) + len(suffix) > width:
            words.append(chunk)
            chunk = ""
        chunk += piece
    words.append(chunk)
    return sep.join(prefix + w + suffix for w in words)


def address(name: str, addr: str, style: str = "B", charset: str = "utf-8") -> str:
    """A From/To value: an encoded display name (B or Q), a quoted one, raw UTF-8, or none."""
    if not name or style == "bare":
        return addr
    if style == "angle":
        return f"<{addr}>"
    if name.isascii():
        special = any(c in name for c in ',.;:()<>@"[]')
        return f'"{name}" <{addr}>' if special or style == "quoted" else f"{name} <{addr}>"
    if style == "raw":
        return f'"{name}" <{addr}>'
    return f"{encoded_words(name, charset, style, sep=chr(10) + ' ')} <{addr}>"


def rfc2231(param: str, value: str, split: int = 0) -> str:
    """``param*=UTF-8''…`` or, with ``split``, continuations ``param*0*=``, ``param*1*=`` …"""
    encoded = quote(value, safe="")
    if not split:
        return f"{param}*=UTF-8''{encoded}"
    pieces, i = [], 0
    while i < len(encoded):
        j = min(i + split, len(encoded))
        while encoded[j - 1 : j] == "%" or encoded[j - 2 : j - 1] == "%":  # never cut a %XX
            j -= 1
        pieces.append(encoded[i:j])
        i = j
    return ";\n ".join(
        f"{param}*{n}*=UTF-8''{p}" if n == 0 else f"{param}*{n}*={p}" for n, p in enumerate(pieces)
    )


@dataclass
class Part:
    """A MIME entity: header fields as written and either a body or sub-parts."""

    headers: list[Header] = field(default_factory=list)
    body: bytes = b""
    parts: list[Part] = field(default_factory=list)
    boundary: str = ""
    preamble: str = ""
    epilogue: str = ""

    def render(self) -> bytes:
        head = "".join(f"{name}: {value}\n" for name, value in self.headers).encode("utf-8")
        if not self.parts:
            return head + b"\n" + self.body
        out = head + b"\n"
        if self.preamble:
            out += self.preamble.rstrip("\n").encode() + b"\n\n"
        for part in self.parts:
            out += f"--{self.boundary}\n".encode() + part.render()
            if not out.endswith(b"\n"):
                out += b"\n"
        out += f"--{self.boundary}--\n".encode()
        if self.epilogue:
            out += self.epilogue.encode()
        return out


def text(
    content: str,
    subtype: str = "plain",
    *,
    charset: str = "utf-8",
    cte: str = "quoted-printable",
    params: str = "",
    extra: Sequence[Header] = (),
    quote_charset: bool = True,
) -> Part:
    """A text part. ``charset`` windows-1258 writes combining tone marks (see ``cp1258``)."""
    raw = cp1258(content) if charset.lower() == "windows-1258" else content.encode(charset)
    if cte == "quoted-printable":
        body = qp(raw).encode("ascii")
    elif cte == "base64":
        body = b64_lines(raw).encode("ascii")
    else:
        body = raw
    if not body.endswith(b"\n"):
        body += b"\n"
    shown = f'"{charset}"' if quote_charset else charset
    headers = [("Content-Type", f"text/{subtype}; charset={shown}{params}")]
    if cte:
        headers.append(("Content-Transfer-Encoding", cte))
    return Part([*headers, *extra], body)


def multipart(subtype: str, boundary: str, parts: Iterable[Part], *, extra: str = "", preamble: str = "") -> Part:
    headers = [("Content-Type", f'multipart/{subtype};{extra}\n\tboundary="{boundary}"')]
    return Part(headers, parts=list(parts), boundary=boundary, preamble=preamble)


def attachment(
    content_type: str,
    data: bytes,
    disposition: str,
    *,
    cte: str = "base64",
    extra: Sequence[Header] = (),
) -> Part:
    """A part whose Content-Type/Disposition values are given as written (names included)."""
    body = b64_lines(data).encode() if cte == "base64" else data
    headers = [("Content-Type", content_type)]
    if disposition:
        headers.append(("Content-Disposition", disposition))
    headers.append(("Content-Transfer-Encoding", cte))
    return Part([*headers, *extra], body)


def message(headers: Sequence[Header], root: Part, crlf: bool = False) -> bytes:
    """The whole message: top-level header fields, then the root entity's own fields and body."""
    out = "".join(f"{name}: {value}\n" for name, value in headers).encode("utf-8") + root.render()
    return out.replace(b"\n", b"\r\n") if crlf else out
