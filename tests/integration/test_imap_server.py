"""The test Dovecot server (tests/support/imap_server.py) with the IMAP client dondoc uses, imap-tools."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import time
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from imap_tools import AND, MailBox, MailboxLoginError, MailBoxStartTls, MailBoxUnencrypted, MailMessageFlags

from tests.support import imap_server
from tests.support.imap_server import ImapServer, dovecot_server, imap_home

SUBJECT = "Báo cáo tiến độ"
BODY = "Kính gửi anh Hùng,\nTiến độ dự án đạt 60%, dự kiến hoàn thành đúng hạn.\n"


@pytest.fixture
def tls(dovecot: ImapServer) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(dovecot.ca_file))


def report(message_id: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Nguyễn Văn An <an@example.vn>"
    msg["To"] = "dondoc@example.vn"
    msg["Subject"] = SUBJECT
    msg["Message-ID"] = message_id
    msg.set_content(BODY)  # UTF-8, 8bit or base64 as the policy decides
    return msg.as_bytes(policy=email.policy.SMTP)


def test_imaps_login_verifies_the_server_certificate(dovecot: ImapServer, tls: ssl.SSLContext) -> None:
    with MailBox(dovecot.host, dovecot.tls_port, timeout=10, ssl_context=tls).login(dovecot.user, dovecot.password) as box:
        folders = {folder.name for folder in box.folder.list()}
    assert {"INBOX", "Processed", "Quarantine"} <= folders


def test_imaps_refuses_a_server_the_client_cannot_verify(dovecot: ImapServer) -> None:
    with pytest.raises(ssl.SSLCertVerificationError):
        MailBox(dovecot.host, dovecot.tls_port, timeout=10, ssl_context=ssl.create_default_context())


def test_starttls_on_the_plain_port(dovecot: ImapServer, tls: ssl.SSLContext) -> None:
    with MailBoxStartTls(dovecot.host, dovecot.port, timeout=10, ssl_context=tls).login(dovecot.user, dovecot.password):
        pass


def test_vietnamese_report_round_trip(dovecot: ImapServer, tls: ssl.SSLContext) -> None:
    message_id = "<bao-cao-1@example.vn>"
    dovecot.append(report(message_id))

    with MailBox(dovecot.host, dovecot.tls_port, timeout=10, ssl_context=tls).login(dovecot.user, dovecot.password) as box:
        unseen = list(box.fetch(AND(seen=False), mark_seen=False))
        assert [m.subject for m in unseen] == [SUBJECT]
        (msg,) = unseen
        assert msg.from_ == "an@example.vn"
        assert msg.from_values is not None and msg.from_values.name == "Nguyễn Văn An"
        assert msg.text.replace("\r\n", "\n") == BODY
        assert MailMessageFlags.SEEN not in msg.flags
        assert msg.uid is not None

        box.flag(msg.uid, MailMessageFlags.SEEN, True)
        box.move(msg.uid, "Processed")
        assert list(box.fetch(mark_seen=False)) == []

    assert dovecot.messages("INBOX") == []
    (raw, flags), *others = dovecot.messages("Processed")
    assert others == []
    assert flags == {"\\Seen"}
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == SUBJECT
    assert parsed["Message-ID"] == message_id
    # Maildir++: the folder is .Processed, and a seen message sits in cur/ with S in its name
    (stored,) = (dovecot.maildir / ".Processed" / "cur").iterdir()
    assert stored.name.endswith(",S")


def test_url_names_both_ports(dovecot: ImapServer) -> None:
    assert dovecot.url() == f"imaps://dondoc:secret@127.0.0.1:{dovecot.tls_port}/INBOX"
    assert dovecot.url(tls=False, folder="Processed") == f"imap://dondoc:secret@127.0.0.1:{dovecot.port}/Processed"

    url = urlsplit(dovecot.url(tls=False))
    assert url.hostname is not None and url.port is not None and url.username is not None
    with MailBoxUnencrypted(url.hostname, url.port, timeout=10).login(
        unquote(url.username), unquote(url.password or ""), initial_folder=unquote(url.path[1:])
    ) as box:
        assert box.folder.get() == "INBOX"


@pytest.mark.parametrize("over_tls", [True, False], ids=["imaps", "imap"])
def test_a_wrong_password_fails_to_log_in(dovecot: ImapServer, tls: ssl.SSLContext, over_tls: bool) -> None:
    box = (
        MailBox(dovecot.host, dovecot.tls_port, timeout=10, ssl_context=tls)
        if over_tls
        else MailBoxUnencrypted(dovecot.host, dovecot.port, timeout=10)
    )
    with pytest.raises(MailboxLoginError):
        box.login(dovecot.user, "not-the-password")
    box.logout()

    # and does not slow down the next logins from 127.0.0.1 (no auth penalty)
    started = time.monotonic()
    with MailBoxUnencrypted(dovecot.host, dovecot.port, timeout=10).login(dovecot.user, dovecot.password):
        pass
    assert time.monotonic() - started < 2


def test_nothing_is_left_running_after_the_block() -> None:
    with imap_home() as home:
        with pytest.raises(AssertionError, match="a failing test"), dovecot_server(home) as started:
            started.append(b"Subject: x\n\ny\n")
            raise AssertionError("a failing test")
        for port in (started.port, started.tls_port):
            with socket.socket() as sock:
                assert sock.connect_ex((started.host, port)) != 0, f"something still listens on {port}"
        # the master's command line names its configuration, the others' titles its instance
        marks = (str(home).encode(), f"dovecot-test-{started.port}/".encode())
        assert not [p for p in Path("/proc").glob("[0-9]*/cmdline") if any(m in _read(p) for m in marks)]
        assert len(list((started.maildir / "new").iterdir())) == 1  # what was stored stays
    assert not home.exists()  # and the home goes with the block


def test_a_server_refuses_a_home_in_pytests_base_directory(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="use imap_home"), dovecot_server(tmp_path / "imap"):
        pytest.fail("the server started")
    assert not (tmp_path / "imap").exists()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # the process is gone
        return b""


def test_a_server_that_does_not_start_fails_loudly_with_its_log(monkeypatch: pytest.MonkeyPatch) -> None:
    config = imap_server._config
    monkeypatch.setattr(imap_server, "_config", lambda *args: config(*args) + "no_such_setting = 1\n")
    with pytest.raises(RuntimeError, match="no_such_setting") as failure, imap_home() as home, dovecot_server(home):
        pytest.fail("the server started")
    assert "Dovecot exited" in str(failure.value)
    assert "dovecot.log" in str(failure.value)


def test_a_missing_dovecot_is_an_error_not_a_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    with pytest.raises(RuntimeError, match="apt-get install -y dovecot-imapd"), imap_home() as home, dovecot_server(home):
        pytest.fail("the server started")
