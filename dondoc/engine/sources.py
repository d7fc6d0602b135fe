"""Where replies come from: one message on stdin, a Maildir, or an IMAP mailbox.

Each source hands raw bytes to ``ingest``, a batch at a time (one transaction), and only after
the batch is committed marks its messages done (Maildir: moved from new/ to cur/ with the Seen
flag; IMAP: flagged Seen and moved to a folder). A crash before the commit leaves the whole
batch where it was; a crash after it finds the messages again next time, and ingest knows them
already: nothing is lost and nothing is recorded twice.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import UserError
from .received import Received

if TYPE_CHECKING:
    from imap_tools import BaseMailBox

Handle = Callable[[list[bytes]], list[Received]]  # raw messages in, what became of each out: one transaction
Key = TypeVar("Key")

# A batch is committed at once: large enough that commits cost little, small enough to hold in memory.
BATCH = 100
BATCH_BYTES = 32 * 1024 * 1024


def batches(messages: Iterable[tuple[Key, bytes]]) -> Iterator[list[tuple[Key, bytes]]]:
    """``(key, raw)`` pairs grouped by at most ``BATCH`` messages or ``BATCH_BYTES`` bytes."""
    batch: list[tuple[Key, bytes]] = []
    size = 0
    for key, raw in messages:
        batch.append((key, raw))
        size += len(raw)
        if len(batch) >= BATCH or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def maildir(folder: Path, handle: Handle) -> Iterator[Received]:
    """Every message in ``folder/new``, oldest first, moved to ``cur`` once its batch is recorded."""
    new, cur = folder / "new", folder / "cur"
    if not new.is_dir():
        raise UserError(f"{folder} is not a Maildir (it has no new/ folder)")
    cur.mkdir(exist_ok=True)
    paths = sorted((p for p in new.iterdir() if not p.name.startswith(".")), key=lambda p: (p.stat().st_mtime, p.name))
    for batch in batches((path, path.read_bytes()) for path in paths):
        received = handle([raw for _, raw in batch])
        for path, _ in batch:
            os.replace(path, cur / f"{path.name.split(':')[0]}:2,S")
        yield from received


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
        from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted  # only IMAP passes need it

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
        from imap_tools import MailMessageFlags

        for batch in batches(_unseen(box)):
            received = handle([raw for _, raw in batch])
            uids = [uid for uid, _ in batch]
            box.flag(uids, MailMessageFlags.SEEN, True)
            if destination:
                box.move(uids, destination)
            yield from received


def _unseen(box: BaseMailBox) -> Iterator[tuple[str, bytes]]:
    """Each unseen message's uid and bytes, fetched without marking it seen."""
    from imap_tools import AND

    for uid in box.uids(AND(seen=False)):
        _, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
        yield uid, next((part[1] for part in data if isinstance(part, tuple)), b"")
