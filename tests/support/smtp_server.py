"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1 with STARTTLS or implicit TLS and AUTH.

Certificates come from trustme. ``faults`` scripts the server's answers per recipient
address, one per delivery attempt, so tests can make it answer 421, 451 or 550, drop the
connection before answering DATA, or never answer at all (until the client hangs up).
"""

from __future__ import annotations

import asyncio
import email
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.support.servers import free_port

USER, PASSWORD = "dondoc", "mật-khẩu"


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: list[str]
    raw: bytes
    tls: bool
    authenticated: bool

    @property
    def message(self) -> EmailMessage:
        message = email.message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        return message


@dataclass
class Sink:
    """The handler: keeps what it accepted; answers as ``faults`` says."""

    received: list[Received] = field(default_factory=list)
    faults: dict[str, list[str]] = field(default_factory=dict)  # address -> answers, e.g. ["451", "drop"]
    unknown: set[str] = field(default_factory=set)  # addresses refused at RCPT TO
    connections: set[object] = field(default_factory=set)  # the sessions open now
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def opened(self, session: object) -> None:
        with self._changed:
            self.connections.add(session)

    def closed(self, session: object) -> None:
        with self._changed:
            self.connections.discard(session)
            self._changed.notify_all()

    def wait_until_idle(self, timeout: float = 120.0) -> None:
        """Returns once every client has hung up: what the server received is then all it will get."""
        with self._changed:
            assert self._changed.wait_for(lambda: not self.connections, timeout), f"{len(self.connections)} still open"

    async def handle_RCPT(
        self, server: Any, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.unknown:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def by_message_id(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.received:
            mid = str(item.message["Message-ID"])
            counts[mid] = counts.get(mid, 0) + 1
        return counts

    def _fault(self, recipients: list[str]) -> str | None:
        for address in recipients:
            if self.faults.get(address):
                return self.faults[address].pop(0)
        return None

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        fault = self._fault(list(envelope.rcpt_tos))
        if fault == "drop":  # the data arrived, the answer never does
            server.transport.close()
            return "250 unreachable"
        if fault == "stall":  # no answer: only the client's timeout ends it (its hang-up cancels this)
            await asyncio.Event().wait()
            raise AssertionError("unreachable: the wait ends only by cancellation")
        if fault:
            return f"{fault} {'4.3.0 try again later' if fault.startswith('4') else '5.1.1 mailbox unavailable'}"
        raw = envelope.original_content or b""
        tls = session.ssl is not None
        self.received.append(
            Received(str(envelope.mail_from), list(envelope.rcpt_tos), raw, tls, bool(session.authenticated))
        )
        return "250 2.0.0 OK queued"


class _Session(SMTP):
    """aiosmtpd's SMTP session, telling the sink when its connection opens and closes."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # called again after STARTTLS: the sink counts sessions, not calls
        self.event_handler.opened(self)

    def connection_lost(self, error: Exception | None) -> None:
        super().connection_lost(error)
        self.event_handler.closed(self)


class _Controller(Controller):
    def factory(self) -> SMTP:
        return _Session(self.handler, **self.SMTP_kwargs)


def _authenticate(server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class SmtpServer:
    sink: Sink
    starttls_port: int
    tls_port: int
    ca_file: Path

    def url(self, *, tls: str = "starttls", user: str = USER, password: str = PASSWORD, **options: str) -> str:
        from urllib.parse import quote, urlencode

        scheme, port = ("smtps", self.tls_port) if tls == "implicit" else ("smtp", self.starttls_port)
        query = urlencode({"cafile": str(self.ca_file), **options})
        return f"{scheme}://{quote(user)}:{quote(password)}@127.0.0.1:{port}?{query}"


@contextmanager
def smtp_server(base: Path) -> Iterator[SmtpServer]:
    """STARTTLS + AUTH on one port, implicit TLS + AUTH on another; both deliver to one sink."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    ca_file = base / "smtp-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    sink = Sink()
    common: dict[str, Any] = {
        "hostname": "127.0.0.1",
        "authenticator": _authenticate,
        "auth_required": True,
        "ready_timeout": 5.0,
    }
    starttls = _Controller(
        sink, port=free_port(), tls_context=context, require_starttls=True, auth_require_tls=True, **common
    )
    implicit = _Controller(sink, port=free_port(), ssl_context=context, auth_require_tls=False, **common)
    starttls.start()
    implicit.start()
    try:
        yield SmtpServer(sink, starttls.port, implicit.port, ca_file)
    finally:
        starttls.stop()
        implicit.stop()
