"""Delivery over SMTP with aiosmtplib: STARTTLS or implicit TLS, AUTH, timeouts.

``DONDOC_SMTP_URL`` is ``smtp://[user:pass@]host[:port][?options]`` (STARTTLS whenever the
server offers it; ``starttls=required`` refuses plain text) or ``smtps://...`` (implicit
TLS, port 465). Options: ``timeout`` (seconds, default 30), ``concurrency`` (connections
used at once, default 2), ``cafile`` (extra CA certificates to trust), ``helo`` (the name
to greet with).

Each connection is kept for a whole drain and reopened after any error. The server's
answer decides the outcome: 2xx sent, 4xx and connection trouble retried later, 5xx failed
for good (with the answer kept). Once a connection cannot be opened, the rest of the drain
is retried later rather than trying again for every message.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from collections.abc import AsyncGenerator, Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from aiosmtplib import SMTP, SMTPException, SMTPRecipientsRefused, SMTPResponseException

from dondoc.engine.errors import UserError

from .base import Envelope, Outcome

OPTIONS = ("starttls", "timeout", "concurrency", "cafile", "helo")


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    implicit_tls: bool = False
    starttls: bool | None = None  # None: when offered; True: required
    timeout: float = 30.0
    concurrency: int = 2
    cafile: str | None = None
    helo: str | None = None

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        """Read ``DONDOC_SMTP_URL``; a bad URL is a ``UserError`` naming what is wrong."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            example = "smtp://user:pass@host:587 or smtps://host:465"
            raise UserError(f"DONDOC_SMTP_URL must look like {example}, not {url!r}")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        unknown = sorted(set(query) - set(OPTIONS))
        if unknown:
            raise UserError(f"DONDOC_SMTP_URL: unknown option {unknown[0]!r} (known: {', '.join(OPTIONS)})")
        try:
            port = parts.port or (465 if parts.scheme == "smtps" else 25)
            timeout = float(query.get("timeout", 30))
            concurrency = max(1, int(query.get("concurrency", 2)))
        except ValueError as exc:
            raise UserError(f"DONDOC_SMTP_URL: {exc}") from None
        return cls(
            host=parts.hostname,
            port=port,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            implicit_tls=parts.scheme == "smtps",
            starttls=True if query.get("starttls") == "required" else None,
            timeout=timeout,
            concurrency=concurrency,
            cafile=query.get("cafile"),
            helo=query.get("helo"),
        )


def describe(exc: BaseException) -> str:
    """One line for the outbox's ``last_error``: the server's answer when there is one."""
    if isinstance(exc, SMTPResponseException):
        return f"{exc.code} {exc.message}".strip()
    if isinstance(exc, SMTPRecipientsRefused):
        return "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def _judge(exc: BaseException) -> Literal["retry", "failed"]:
    """'failed' for a permanent (5xx) refusal, 'retry' for everything else."""
    if isinstance(exc, SMTPRecipientsRefused):
        return "failed" if exc.recipients and all(r.code >= 500 for r in exc.recipients) else "retry"
    if isinstance(exc, SMTPResponseException) and exc.code >= 500:
        return "failed"
    return "retry"


class SmtpNotifier:
    """Sends batches over at most ``concurrency`` connections, each reused across batches."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self._idle: list[SMTP] = []
        self._down: str | None = None  # why a connection could not be opened, for the rest of the drain

    def _client(self) -> SMTP:
        config = self.config
        context = ssl.create_default_context(cafile=config.cafile)
        return SMTP(
            hostname=config.host,
            port=config.port,
            username=config.username,
            password=config.password,
            use_tls=config.implicit_tls,
            start_tls=False if config.implicit_tls else config.starttls,
            timeout=config.timeout,
            tls_context=context,
            local_hostname=config.helo,
        )

    async def _connect(self) -> SMTP | None:
        if self._idle:
            return self._idle.pop()
        if self._down:
            return None
        client = self._client()
        try:
            await client.connect()
        except (SMTPException, OSError, ssl.SSLError) as exc:
            self._down = describe(exc)
            client.close()
            return None
        return client

    async def _send(self, client: SMTP, envelope: Envelope) -> tuple[Outcome, bool]:
        """The outcome, and whether the connection can carry the next message."""
        try:
            refused, answer = await client.sendmail(envelope.sender, envelope.recipients, envelope.message)
        except (SMTPException, OSError) as exc:
            return Outcome(envelope.key, _judge(exc), describe(exc)), False
        # Some recipients refused, the others got it: say so, but do not resend to them.
        refusals = "; ".join(f"{r}: {a.code} {a.message}" for r, a in refused.items())
        return Outcome(envelope.key, "sent", answer, refusals), True

    async def _worker(self, batch: list[Envelope], order: Iterator[int], done: asyncio.Queue[Outcome | None]) -> None:
        client: SMTP | None = None
        try:
            for index in order:
                envelope = batch[index]
                if client is None:
                    client = await self._connect()
                if client is None:
                    done.put_nowait(Outcome(envelope.key, "retry", self._down or ""))
                    continue
                outcome, healthy = await self._send(client, envelope)
                done.put_nowait(outcome)
                if not healthy:
                    client.close()
                    client = None
            if client is not None:
                self._idle.append(client)
                client = None
        finally:
            if client is not None:  # stopped halfway (cancelled, or an unexpected error): hang up
                client.close()
            done.put_nowait(None)  # this worker is finished

    async def deliver(self, batch: list[Envelope]) -> AsyncGenerator[Outcome, None]:
        done: asyncio.Queue[Outcome | None] = asyncio.Queue()
        order = iter(range(len(batch)))  # shared: each worker takes the next message when it is free
        count = min(self.config.concurrency, len(batch))
        workers = [asyncio.create_task(self._worker(batch, order, done)) for _ in range(count)]
        try:
            while count:
                outcome = await done.get()
                if outcome is None:
                    count -= 1
                else:
                    yield outcome
        finally:  # the caller may stop early (its database failed): no worker goes on sending
            # Taking every message left first: on Python 3.11 a cancellation that arrives as the
            # server answers is lost (asyncio.wait_for in aiosmtplib), and that worker would go on.
            deque(order, maxlen=0)
            for worker in workers:
                worker.cancel()
            ended = await asyncio.gather(*workers, return_exceptions=True)
        errors = [e for e in ended if isinstance(e, Exception)]
        if errors:  # an unexpected error in a worker is raised here, not lost
            raise errors[0]

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for client in idle:
            try:
                await client.quit()
            except (SMTPException, OSError):
                client.close()
