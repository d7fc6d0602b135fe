"""Delivery as ``.eml`` files in a folder: what a new user sees before SMTP is set up."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncGenerator
from pathlib import Path

from dondoc.engine.keys import readable

from .base import Envelope, Outcome


class FileNotifier:
    """Writes each message to ``<folder>/<date-key>.eml``, atomically (write, then rename)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def path_for(self, envelope: Envelope) -> Path:
        digest = hashlib.sha1(envelope.key.encode()).hexdigest()[:10]
        return self.folder / f"{readable(envelope.key)}-{digest}.eml"

    async def deliver(self, batch: list[Envelope]) -> AsyncGenerator[Outcome, None]:
        for envelope in batch:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                target = self.path_for(envelope)
                temporary = target.with_suffix(".tmp")
                temporary.write_bytes(envelope.message)
                os.replace(temporary, target)
            except OSError as exc:
                yield Outcome(envelope.key, "retry", f"{exc.strerror}: {exc.filename}")
            else:
                yield Outcome(envelope.key, "sent", str(target))

    async def close(self) -> None:
        """Nothing stays open between batches."""
