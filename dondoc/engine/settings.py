"""Settings from the environment (flags override them in the CLI). Secrets never come from plans."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import UserError

DEFAULT_DB = "sqlite:///dondoc.db"
DEFAULT_SENDER = "dondoc@localhost"
DEFAULT_OUTBOX = "outbox"
MB = 1024 * 1024
DEFAULT_MAX_MESSAGE_MB = 25  # larger mail is kept whole in quarantine, unread (too_large)
DEFAULT_MAX_LINES = 5_000  # lines of a message's text, quote included (too_many_lines)
DEFAULT_MAX_UPDATES = 500  # updates one message may state (too_many_lines)
DEFAULT_ANSWERS_PER_DAY = 5  # answers to one address, and in one thread, in a day (the loop guard)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """How dondoc reaches its database and mail servers, and who it writes as."""

    db: str | None = None
    smtp_url: str | None = None
    sender: str = DEFAULT_SENDER
    imap_url: str | None = None
    outbox_dir: str = DEFAULT_OUTBOX
    secret: str | None = None  # signs reply tokens
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_MB * MB
    max_lines: int = DEFAULT_MAX_LINES
    max_updates: int = DEFAULT_MAX_UPDATES
    answers_per_day: int = DEFAULT_ANSWERS_PER_DAY

    @property
    def domain(self) -> str:
        return domain_of(self.sender)


def domain_of(address: str) -> str:
    """The domain of a sender address (it names every Message-ID)."""
    return address.rsplit("@", 1)[-1].strip(">") or "localhost"


def from_env() -> Settings:
    env = os.environ
    return Settings(
        db=env.get("DONDOC_DB"),
        smtp_url=env.get("DONDOC_SMTP_URL") or None,
        sender=env.get("DONDOC_FROM") or DEFAULT_SENDER,
        imap_url=env.get("DONDOC_IMAP_URL") or None,
        outbox_dir=env.get("DONDOC_OUTBOX_DIR") or DEFAULT_OUTBOX,
        secret=env.get("DONDOC_SECRET") or None,
        max_message_bytes=round(_number(env, "DONDOC_MAX_MESSAGE_MB", DEFAULT_MAX_MESSAGE_MB) * MB),
        max_lines=int(_number(env, "DONDOC_MAX_LINES", DEFAULT_MAX_LINES)),
        max_updates=int(_number(env, "DONDOC_MAX_UPDATES", DEFAULT_MAX_UPDATES)),
        answers_per_day=int(_number(env, "DONDOC_ANSWERS_PER_DAY", DEFAULT_ANSWERS_PER_DAY)),
    )


def _number(env: os._Environ[str], name: str, default: float) -> float:
    """A positive number from the environment (``default`` when unset)."""
    text = (env.get(name) or "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1
    if value <= 0:
        raise UserError(f"{name} must be a positive number, not {text!r}")
    return value
