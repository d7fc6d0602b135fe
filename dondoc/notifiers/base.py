"""The one interface every delivery channel implements."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Literal, Protocol


@dataclass(frozen=True)
class Envelope:
    """One message to deliver: its outbox key, Message-ID, recipients and raw bytes."""

    key: str
    message_id: str
    sender: str
    recipients: list[str]
    message: bytes


@dataclass(frozen=True)
class Outcome:
    """What happened to one message: sent, or a temporary or permanent failure with the reason."""

    key: str
    status: Literal["sent", "retry", "failed"]
    detail: str = ""
    refused: str = ""  # sent, but some recipients were refused: who, and the server's words


class Notifier(Protocol):
    """Delivers batches of messages and says what happened to each (never raises for one message).

    ``deliver`` yields each outcome as soon as it is known, so the caller can record it at once:
    a crash then repeats only the messages in flight (about one per connection). It may keep
    connections open between batches of one drain; ``close`` ends them.
    """

    def deliver(self, batch: list[Envelope]) -> AsyncGenerator[Outcome, None]: ...

    async def close(self) -> None: ...
