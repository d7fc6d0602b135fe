"""Fixtures of the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench import mailcorpus
from tests.support.corpus import prepare
from tests.support.imap_server import ImapServer, dovecot_server, imap_home
from tests.support.servers import Databases


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> tuple[str, dict[str, str]]:
    """The reply corpus' store after the check and send (its URL: tests copy it), and the placeholder values."""
    return prepare(databases, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def mail_store(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> mailcorpus.Prepared:
    """The mail corpus' store (tests/mail) after the check and send: tests copy it by its URL."""
    return mailcorpus.prepare(mailcorpus.load(), databases.new(), tmp_path_factory.mktemp("mailcorpus"))


@pytest.fixture(scope="module")
def dovecot() -> Iterator[ImapServer]:
    """A Dovecot server for the tests of one module (they agree on what its folders hold)."""
    with imap_home() as home, dovecot_server(home) as started:
        yield started
