"""Which received mail a robot sent, and what kind: a message judged automatic is never recorded
nor answered, whoever it says it is from (its From may well be a unit's own address: the unit's
own vacation reply, its own server's bounce).

Every mark counts, not only RFC 3834's; the first kind that applies, in this order:

1. ``feedback``: an abuse report (ARF, RFC 5965, as ``multipart/report`` or any part
   ``message/feedback-report``), an SMTP TLS report (RFC 8460), a DMARC aggregate report (its
   RFC 7489 subject), a complaint's subject, the vendor fields of feedback loops;
2. ``automatic`` for a read receipt (RFC 8098 in any shape, or a receipt's subject);
3. ``bounce``: a delivery status notification in any MIME shape (``multipart/report``, a
   ``message/delivery-status`` part anywhere, plain text), a bounce's subject in the languages
   servers write, a mailer-daemon or postmaster however its address is written (From, Sender,
   Return-Path, display name), the vendor fields of NDRs, a copy of a message dondoc sent
   returned in the body, or a text saying so beside an SMTP status code;
4. ``list``: mailing list fields;
5. ``automatic``: ``Auto-Submitted`` other than ``no``, ``Precedence`` bulk/junk/list/auto_reply,
   the vendor fields of auto-responders (Apple, Exchange and Outlook rules, X-Autoreply ...), an
   auto-reply's subject in the main client languages, an empty Return-Path.

Subjects count only when they are not a person's ``Re:`` (``letters.topic``). A message too large
to read is judged on its header alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.utils import getaddresses

from .folding import fold, phrases_pattern
from .letters import Letter, topic
from .mime import Part, decoded_words
from .phrases import (
    AUTO_REPLY_SUBJECTS,
    BOUNCE_SUBJECTS,
    BOUNCE_TEXTS,
    FEEDBACK_SUBJECTS,
    READ_RECEIPT_SUBJECTS,
    ROBOT_MAILBOXES,
    ROBOT_NAMES,
    VENDOR_FIELDS,
)
from .vocabulary import Reason

RETURNED = b"X-Dondoc-Key:"  # a field of every message dondoc sends: in a body, a copy returned
SCAN = 64 * 1024  # bytes of each part looked at for the marks of a body
AUTOMATIC_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
FEEDBACK_TYPES = {"message/feedback-report", "application/tlsrpt+json", "application/tlsrpt+gzip"}
RECEIPT_TYPES = {"message/disposition-notification"}
STATUS_TYPES = {"message/delivery-status", "message/global-delivery-status"}
_SMTP_STATUS = re.compile(r"(?<!\d)[45]\d\d(?:[ -]|:\s*|\s+#)[245]\.\d{1,3}\.\d{1,3}(?!\d)")


def _folded(phrases: Iterable[str]) -> tuple[str, ...]:
    return tuple(fold(p) for p in phrases)


_AUTO_SUBJECTS = phrases_pattern(AUTO_REPLY_SUBJECTS)
_BOUNCE_SUBJECTS = phrases_pattern(BOUNCE_SUBJECTS)
_FEEDBACK_SUBJECTS = phrases_pattern(FEEDBACK_SUBJECTS)
_BOUNCE_TEXTS = phrases_pattern(BOUNCE_TEXTS)
_RECEIPT_SUBJECTS = _folded(READ_RECEIPT_SUBJECTS)
_ROBOT_NAMES = _folded(ROBOT_NAMES)
_ROBOT_MARKS = _ROBOT_NAMES + _folded(ROBOT_MAILBOXES)


def judge(letter: Letter) -> Reason | None:
    """Why a message is a robot's and must never be recorded nor answered, or None for a person's."""
    parts = list(letter.root.walk())
    types = {p.content_type for p in parts}
    reports = {p.param("report-type").lower() for p in parts if p.content_type == "multipart/report"}
    replying, subject = topic(letter.headers.text("Subject"))
    said = "" if replying else subject  # a person's "Re:" keeps the subject of what it answers
    if reports & {"feedback-report", "tlsrpt"} or types & FEEDBACK_TYPES or _marked(letter, "feedback"):
        return Reason.FEEDBACK
    if _any_in(said, _FEEDBACK_SUBJECTS):
        return Reason.FEEDBACK
    if "disposition-notification" in reports or types & RECEIPT_TYPES or subject.startswith(_RECEIPT_SUBJECTS):
        return Reason.AUTOMATIC
    if reports or types & STATUS_TYPES or _marked(letter, "bounce") or _robot(letter):
        return Reason.BOUNCE
    if _any_in(said, _BOUNCE_SUBJECTS) or _returned(parts) or (not replying and _says_undelivered(parts)):
        return Reason.BOUNCE
    if _marked(letter, "list"):
        return Reason.LIST
    if _auto_submitted(letter) or _marked(letter, "automatic") or _any_in(said, _AUTO_SUBJECTS):
        return Reason.AUTOMATIC
    return None


def _any_in(text: str, phrases: re.Pattern[str]) -> bool:
    return bool(text) and phrases.search(text) is not None


def _marked(letter: Letter, kind: str) -> bool:
    """Whether a vendor field of this kind is there (with the value it must contain)."""
    present = letter.headers.values
    return any(
        name in present and (not value or any(value in v.lower() for v in present[name]))
        for name, value in VENDOR_FIELDS[kind]
    )


def _auto_submitted(letter: Letter) -> bool:
    submitted = letter.headers("Auto-Submitted").lower()
    if submitted and not submitted.startswith("no"):
        return True
    return letter.headers("Precedence").lower() in AUTOMATIC_PRECEDENCE or letter.headers("Return-Path") == "<>"


def _robot(letter: Letter) -> bool:
    """A mailer-daemon or a postmaster, in From, Sender or Return-Path however written."""
    fields = [decoded_words(v) for name in ("From", "Sender", "Return-Path") for v in letter.headers.all(name)]
    folded = fold(" ".join(fields))
    if not any(mark in folded for mark in _ROBOT_MARKS):
        return False  # the usual case, without parsing addresses
    for name, address in getaddresses(fields):
        local = address.lower().rpartition("@")[0] or address.lower()
        if local.strip("<>") in ROBOT_MAILBOXES or (name and fold(name).startswith(_ROBOT_NAMES)):
            return True
    return False


def _returned(parts: list[Part]) -> bool:
    """Whether a copy of a message dondoc sent comes back in it (a whole message, its header
    fields, or pasted in the text)."""
    for part in parts:
        if part.fields.get("X-Dondoc-Key") and part is not parts[0]:
            return True
        if part.children or part.maintype not in ("text", "message"):
            continue
        encoded = (part.fields.get("Content-Transfer-Encoding") or "").strip().lower() == "base64"
        if (RETURNED in part.payload(SCAN)) if encoded else part.find(RETURNED, SCAN):
            return True
    return False


def _says_undelivered(parts: list[Part]) -> bool:
    """A plain text saying a message was not delivered, with an SMTP status code (quoted lines aside)."""
    for part in parts:
        if part.content_type == "text/plain" and not part.children:
            text = part.text(SCAN)
            if _SMTP_STATUS.search(text):
                said = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
                if _SMTP_STATUS.search(said) and _any_in(fold(said), _BOUNCE_TEXTS):
                    return True
    return False
