"""A received message as dondoc reads it: its bytes, its header fields, what it cites, who sent it,
the text a person wrote and what is attached to it.

Header fields are read once, without the email package's structured parsing (most of the cost
of reading a reply with ``policy.default``); RFC 2047 words are decoded only where text is shown.
The MIME structure is read in place (``mime``): a message over the size limit is read no further
than its header, and a text longer than the line limit is never decoded (``TooLong``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from email.utils import getaddresses, parseaddr
from functools import cached_property

from . import mime, tokens
from .errors import TooLong
from .folding import fold
from .htmltext import html_text
from .mime import Part
from .phrases import REPLY_PREFIXES
from .vocabulary import AttachmentKind

BYTES_PER_LINE = 1_000  # a text body holds at most max_lines lines of this many bytes on average, markup included
DOCUMENTS = (".docx", ".doc", ".odt", ".pdf")  # a unit's report (REPLY-FORMAT.md)
FORMS = (".xlsx",)  # the report request's form, sent back filled in
_PREFIXES = "|".join(sorted((re.escape(fold(p)) for p in REPLY_PREFIXES), key=len, reverse=True))
_REPLY_PREFIX = re.compile(rf"(?:\[[^\]]*\]\s*)?(?:{_PREFIXES})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*")


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message: its decoded name, its type, and what it is to dondoc."""

    name: str
    content_type: str
    kind: AttachmentKind
    part: Part

    @classmethod
    def of(cls, part: Part) -> Attachment:
        name = part.filename
        suffix = name.lower().rpartition(".")[2]
        kind = (
            AttachmentKind.DOCUMENT
            if f".{suffix}" in DOCUMENTS
            else AttachmentKind.FORM
            if f".{suffix}" in FORMS
            else AttachmentKind.OTHER
        )
        return cls(name, part.content_type, kind, part)

@dataclass(frozen=True)
class Letter:
    """A received message: its bytes, their structure, its header fields, the hash of its bytes;
    ``whole`` is False when it was too large to read beyond its header."""

    raw: bytes
    root: Part
    headers: Headers
    sha: str
    whole: bool = True

    @classmethod
    def read(cls, raw: bytes, max_bytes: int | None = None) -> Letter:
        whole = max_bytes is None or len(raw) <= max_bytes
        root = mime.read(raw, whole=whole)
        return cls(raw, root, Headers(root.fields), hashlib.sha256(raw).hexdigest(), whole)

    @property
    def mid(self) -> str:
        return self.headers("Message-ID")

    @cached_property
    def tokens(self) -> list[str]:
        """The reply tokens it carries. They are found in the header text as written: a full
        address parse is slow and adds nothing."""
        addresses = [v for h in ("To", "Cc", "Delivered-To") for v in self.headers.all(h)]
        return tokens.found_in(addresses, self.headers.text("Subject"))

    @cached_property
    def cited(self) -> list[str]:
        """The Message-IDs it answers (In-Reply-To, References)."""
        ids = (self.headers("In-Reply-To") + " " + self.headers("References")).split()
        return [c for c in ids if c.startswith("<")]

    @cached_property
    def senders(self) -> list[str]:
        """Every address its From fields name: a message speaks for one, and only one."""
        values = self.headers.all("From")
        if len(values) == 1 and values[0].count("@") <= 1 and "," not in values[0]:
            return [self.headers.sender] if self.headers.sender else []  # one address: parsed once
        return [address.lower() for _, address in getaddresses(values) if address]

    @cached_property
    def conversation(self) -> str:
        """What names its thread (for the loop guard): the first message its thread began with,
        else its subject without reply prefixes."""
        refs = [r for r in self.headers("References").split() if r.startswith("<")]
        first = refs[0] if refs else self.cited[0] if self.cited else ""
        basis = first or "subject:" + topic(self.headers.text("Subject"))[1]
        return hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()[:16]

    def text(self, max_lines: int) -> str:
        """The text a person wrote (plain text preferred, else HTML made text), NFC, with \\n line
        ends; "" when there is none. Raises ``TooLong`` beyond ``max_lines`` lines."""
        parts = sorted(_bodies(self.root), key=lambda p: p.content_type != "text/plain")
        for part in parts:
            plain = part.content_type == "text/plain"
            if part.size > max_lines * BYTES_PER_LINE or (plain and part.lines() > max_lines):
                raise TooLong(f"more than {max_lines} lines")
            text = _part_text(part)
            if text.strip():
                if text.count("\n") >= max_lines:
                    raise TooLong(f"more than {max_lines} lines")
                return text
        return ""

    @cached_property
    def attachments(self) -> list[Attachment]:
        """Every named part a person attached, in order (not those inside an attached message)."""
        return [Attachment.of(part) for part in _leaves(self.root) if part.filename]


def topic(subject: str) -> tuple[bool, str]:
    """Whether a subject answers or forwards another (``Re:``, ``TL:``, ``AW:`` ...), and its folded
    text without those prefixes."""
    key = fold(subject)
    prefixed = False
    while match := _REPLY_PREFIX.match(key):
        key, prefixed = key[match.end() :], True
    return prefixed, key


def _leaves(part: Part) -> Iterator[Part]:
    if part.content_type in ("message/rfc822", "message/global"):
        return
    if part.children:
        for child in part.children:
            yield from _leaves(child)
    elif part.maintype != "multipart":
        yield part


def _bodies(part: Part) -> Iterator[Part]:
    """The text parts a person wrote, outside attachments and attached messages."""
    for leaf in _leaves(part):
        if leaf.content_type in ("text/plain", "text/html") and leaf.disposition != "attachment":
            yield leaf


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _unflow(text: str, delsp: bool) -> str:
    # RFC 3676: phones wrap long lines with a trailing space; an update line must be whole again
    lines: list[str] = []
    soft = False
    for line in _lines(text):
        line = line[1:] if line.startswith(" ") else line  # space-stuffing
        if soft and not line.startswith(">"):
            lines[-1] += line
        else:
            lines.append(line)
        soft = line.endswith(" ") and line.strip() != "--" and not line.startswith(">")
        if soft and delsp:
            lines[-1] = lines[-1][:-1]
    return "\n".join(lines)


def _part_text(part: Part) -> str:
    text = part.text()
    if part.content_type == "text/html":
        text = html_text(text)
    elif part.param("format").lower() == "flowed":
        text = _unflow(text, part.param("delsp").lower() == "yes")
    return unicodedata.normalize("NFC", "\n".join(_lines(text)))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Headers:
    """A message's header fields, read once without the email package's (slow) structured parsing."""

    def __init__(self, message: Message) -> None:
        self.values: dict[str, list[str]] = {}
        self.decoded: dict[str, str] = {}
        for name, value in message.raw_items():
            self.values.setdefault(name.lower(), []).append(" ".join(mime.unescaped(str(value)).split()))

    def __call__(self, name: str) -> str:
        return self.values.get(name.lower(), [""])[0]

    def all(self, name: str) -> list[str]:
        return self.values.get(name.lower(), [])

    def text(self, name: str) -> str:
        """A field with its RFC 2047 encoded words decoded (subjects), decoded once."""
        if name not in self.decoded:
            self.decoded[name] = mime.decoded_words(self(name))
        return self.decoded[name]

    @cached_property
    def sender(self) -> str:
        address = parseaddr(self("From"))[1].lower()
        return "" if _CONTROL.search(address) else address  # a NUL or CR is no one's address
