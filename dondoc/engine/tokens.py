"""Reply tokens: a short signed code that ties a reply to the message it answers.

A token is 16 characters of lowercase base32: 8 name the message (a hash of its outbox key,
so it exists before the message is rendered) and 8 are an HMAC, under the installation's
secret, of that reference with the plan and the audience the message went to. It travels in
the Reply-To plus-address (``dondoc+TOKEN@domain``) and in the subject (``[#TOKEN]``), so a
reply is matched even when a client drops In-Reply-To; a token that does not verify is a
forgery, not a typo (the reference alone is not enough to speak for a unit).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

REF_LENGTH = 8
TOKEN_LENGTH = 16
_TOKEN = r"[a-z2-7]{16}"
IN_ADDRESS = re.compile(rf"\+({_TOKEN})@", re.IGNORECASE)
IN_SUBJECT = re.compile(rf"\[#({_TOKEN})\]", re.IGNORECASE)


def _b32(data: bytes, length: int) -> str:
    """The first ``length`` characters of ``data`` in base32: 5 bytes make 8 characters, so only
    the bytes needed are encoded (the stdlib encoder is pure Python)."""
    return base64.b32encode(data[: -(-length * 5 // 8)]).decode("ascii").lower()[:length]


def new_secret() -> str:
    """A fresh random secret, for an installation without ``DONDOC_SECRET``."""
    return secrets.token_urlsafe(32)


def ref_of(key: str) -> str:
    """The message part of a token: it depends only on the outbox key."""
    return _b32(hashlib.sha256(key.encode("utf-8")).digest(), REF_LENGTH)


def _signature(secret: str, ref: str, plan_id: str, audience: str) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{ref}|{plan_id}|{audience}".encode(), hashlib.sha256)
    return _b32(mac.digest(), TOKEN_LENGTH - REF_LENGTH)


def token(secret: str, key: str, plan_id: str, audience: str) -> str:
    """The token of the message queued under ``key`` for ``audience`` of ``plan_id``."""
    ref = ref_of(key)
    return ref + _signature(secret, ref, plan_id, audience)


def split(value: str) -> tuple[str, str]:
    """(reference, signature) of a token."""
    value = value.lower()
    return value[:REF_LENGTH], value[REF_LENGTH:]


def verify(secret: str, value: str, plan_id: str, audience: str) -> bool:
    """Whether ``value`` was signed with ``secret`` for this plan and audience."""
    ref, signature = split(value)
    return hmac.compare_digest(signature, _signature(secret, ref, plan_id, audience))


def reply_address(sender: str, value: str) -> str:
    """``local+TOKEN@domain`` for the sender ``local@domain``."""
    local, _, domain = sender.partition("@")
    return f"{local.split('+', 1)[0]}+{value}@{domain}"


def found_in(addresses: list[str], subject: str) -> list[str]:
    """Every token in reply addresses and the subject, addresses first, without repeats."""
    found = [m.lower() for a in addresses for m in IN_ADDRESS.findall(a)]
    found += [m.lower() for m in IN_SUBJECT.findall(subject)]
    return list(dict.fromkeys(found))
