"""The mail loop of the round-trip tests: the commune's MX delivering into Dovecot, dondoc's
settings for the test servers, and a person's reply to a digest."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiosmtpd.controller import Controller

from tests.support.imap_server import ImapServer, dovecot_server, imap_home
from tests.support.servers import free_port
from tests.support.smtp_server import SmtpServer, smtp_server

FROM = "dondoc@xa.example.vn"


class Deliver:
    """The commune's MX: whatever it accepts lands in the Dovecot INBOX."""

    def __init__(self, imap: ImapServer) -> None:
        self.imap = imap

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.imap.append(envelope.original_content)
        return "250 delivered"


@contextmanager
def mail_servers(tmp_path: Path) -> Iterator[tuple[SmtpServer, ImapServer, int]]:
    """dondoc's relay, Dovecot, and the MX port a unit's reply is sent to."""
    with smtp_server(tmp_path) as relay, imap_home() as home, dovecot_server(home) as imap:
        mx = Controller(Deliver(imap), hostname="127.0.0.1", port=free_port())
        mx.start()
        try:
            yield relay, imap, mx.port
        finally:
            mx.stop()


def mail_env(relay: SmtpServer, imap: ImapServer) -> dict[str, str]:
    """dondoc's settings for these servers: send through the relay, read replies from Dovecot."""
    return {
        "DONDOC_SMTP_URL": relay.url(starttls="required"),
        "DONDOC_FROM": FROM,
        "DONDOC_SECRET": "e2e-secret",
        "DONDOC_IMAP_URL": f"{imap.url(tls=True)}?cafile={quote(str(imap.ca_file))}",
    }


def reply_to(digest: EmailMessage, sender: str, first_line: str) -> EmailMessage:
    """What a person's client sends: the new line on top, the reminder quoted below."""
    reply = EmailMessage()
    reply["From"] = sender
    reply["To"] = digest["Reply-To"]
    reply["Subject"] = f"Re: {digest['Subject']}"
    reply["Message-ID"] = make_msgid(domain="xa.example.vn")
    reply["In-Reply-To"] = digest["Message-ID"]
    quoted = "\n".join("> " + line for line in digest.get_body(("plain",)).get_content().splitlines())  # type: ignore[union-attr]
    reply.set_content(
        f"{first_line}\n\nTrân trọng!\nVăn phòng\n\nVào Th 2, 16 thg 3, 2026 lúc 07:30 dondoc <{FROM}> đã viết:\n{quoted}\n"
    )
    return reply
