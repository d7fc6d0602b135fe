"""Settings from the environment (flags override them in the CLI). Secrets never come from plans."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DB = "sqlite:///dondoc.db"
DEFAULT_SENDER = "dondoc@localhost"
DEFAULT_OUTBOX = "outbox"


@dataclass(frozen=True, kw_only=True)
class Settings:
    """How dondoc reaches its database and mail servers, and who it writes as."""

    db: str | None = None
    smtp_url: str | None = None
    sender: str = DEFAULT_SENDER
    imap_url: str | None = None
    outbox_dir: str = DEFAULT_OUTBOX
    secret: str | None = None  # signs reply tokens

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
    )
