"""Where replies come from: one message on stdin, a Maildir, or an IMAP mailbox.

Each source hands raw bytes to ``ingest`` and only afterwards marks the message done (Maildir:
moved from new/ to cur/ with the Seen flag; IMAP: flagged Seen and moved to a folder). A crash
in between finds the message again next time, and ingest knows it already: nothing is lost
and nothing is recorded twice.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessageFlags

from .errors import UserError
from .ingest import Received

Handle = Callable[[bytes], Received]


def maildir(folder: Path, handle: Handle) -> Iterator[Received]:
    """Every message in ``folder/new``, oldest first, moved to ``cur`` once handled."""
    new, cur = folder / "new", folder / "cur"
    if not new.is_dir():
        raise UserError(f"{folder} is not a Maildir (it has no new/ folder)")
    cur.mkdir(exist_ok=True)
    for path in sorted(new.iterdir(), key=lambda p: (p.stat().st_mtime, p.name)):
        if path.name.startswith("."):
            continue
        yield handle(path.read_bytes())
        os.replace(path, cur / f"{path.name.split(':')[0]}:2,S")


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    user: str
    password: str
    folder: str
    security: str  # tls | starttls | none
    processed: str | None
    cafile: str | None

    @classmethod
    def from_url(cls, url: str) -> ImapConfig:
        """``imaps://user:pass@host[:993]/INBOX?processed=Processed&cafile=...`` (``imap://`` uses STARTTLS)."""
        parts = urlsplit(url)
        if parts.scheme not in ("imaps", "imap") or not parts.hostname or not parts.username:
            raise UserError(f"DONDOC_IMAP_URL must look like imaps://user:pass@host/INBOX, not {url!r}")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        security = "tls" if parts.scheme == "imaps" else ("none" if query.get("starttls") == "no" else "starttls")
        return cls(
            host=parts.hostname,
            port=parts.port or (993 if parts.scheme == "imaps" else 143),
            user=unquote(parts.username),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
            security=security,
            processed=query.get("processed", "Processed") or None,
            cafile=query.get("cafile"),
        )

    def connect(self) -> BaseMailBox:
        context = ssl.create_default_context(cafile=self.cafile)
        box: BaseMailBox
        if self.security == "tls":
            box = MailBox(self.host, self.port, timeout=60, ssl_context=context)
        elif self.security == "starttls":
            box = MailBoxStartTls(self.host, self.port, timeout=60, ssl_context=context)
        else:
            box = MailBoxUnencrypted(self.host, self.port, timeout=60)
        return box.login(self.user, self.password, self.folder)


def imap(config: ImapConfig, handle: Handle) -> Iterator[Received]:
    """Every unseen message of the folder, flagged Seen (and moved) once handled."""
    try:
        box = config.connect()
    except (OSError, ssl.SSLError) as exc:
        raise UserError(f"cannot reach the IMAP server {config.host}:{config.port}: {exc}") from None
    except Exception as exc:  # imap-tools raises its own errors for a refused login or a missing folder
        raise UserError(f"IMAP {config.host}: {exc}") from None
    with box:
        names = {f.name for f in box.folder.list()}
        destination = config.processed if config.processed in names else None
        for uid in box.uids(AND(seen=False)):
            _, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((part[1] for part in data if isinstance(part, tuple)), b"")
            yield handle(raw)
            box.flag(uid, MailMessageFlags.SEEN, True)
            if destination:
                box.move(uid, destination)
