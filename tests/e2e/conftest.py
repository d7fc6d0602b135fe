"""Fixtures of the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.imap_server import ImapServer
from tests.support.mail_loop import mail_servers
from tests.support.smtp_server import SmtpServer, smtp_server


@pytest.fixture
def sink(tmp_path: Path) -> Iterator[SmtpServer]:
    """An SMTP server of the test's own (STARTTLS and implicit TLS, AUTH): what it received is this test's."""
    with smtp_server(tmp_path) as running:
        yield running


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[SmtpServer, ImapServer, int]]:
    """dondoc's relay, the commune's MX delivering into Dovecot, and that MX's port."""
    with mail_servers(tmp_path) as running:
        yield running
