"""A received message as dondoc reads it: its bytes, its header fields, what it cites.

Header fields are read once, without the email package's structured parsing (most of the
cost of reading a reply with ``policy.default``); RFC 2047 words are decoded only where text
is shown (subjects).
"""

from __future__ import annotations

import email
import hashlib
import re
from dataclasses import dataclass
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr
from functools import cached_property

from . import tokens

# What a unit's narrative report may be: a document. Images (signatures, logos), .asc/.p7s
# signatures, winmail.dat, calendars and contact cards never are.
REPORT_DOCUMENTS = (".docx", ".doc", ".odt", ".pdf")


def is_report_document(name: str) -> bool:
    """Whether an attachment named ``name`` is a document that can be a unit's periodic report."""
    return name.strip().lower().endswith(REPORT_DOCUMENTS)


@dataclass(frozen=True)
class Letter:
    """A received message: its bytes, parsed, its header fields, the hash of its bytes."""

    raw: bytes
    message: Message
    headers: Headers
    sha: str

    @classmethod
    def read(cls, raw: bytes) -> Letter:
        message = email.message_from_bytes(raw, policy=policy.compat32)  # structured headers are slow and unneeded
        return cls(raw, message, Headers(message), hashlib.sha256(raw).hexdigest())

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


def _unescaped(value: str) -> str:
    """A header as text: raw 8-bit bytes (UTF-8 headers, RFC 6532) arrive surrogate-escaped."""
    if value.isascii() or not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _decoded_words(value: str) -> str:
    if "=?" not in value:  # no encoded word: nothing to decode
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError):  # a broken encoded word: keep it as written
        return value


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Headers:
    """A message's header fields, read once without the email package's (slow) structured parsing."""

    def __init__(self, message: Message) -> None:
        self.values: dict[str, list[str]] = {}
        self.decoded: dict[str, str] = {}
        for name, value in message.raw_items():
            self.values.setdefault(name.lower(), []).append(" ".join(_unescaped(str(value)).split()))

    def __call__(self, name: str) -> str:
        return self.values.get(name.lower(), [""])[0]

    def all(self, name: str) -> list[str]:
        return self.values.get(name.lower(), [])

    def text(self, name: str) -> str:
        """A field with its RFC 2047 encoded words decoded (subjects), decoded once."""
        if name not in self.decoded:
            self.decoded[name] = _decoded_words(self(name))
        return self.decoded[name]

    @cached_property
    def sender(self) -> str:
        address = parseaddr(self("From"))[1].lower()
        return "" if _CONTROL.search(address) else address  # a NUL or CR is no one's address
