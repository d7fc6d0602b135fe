"""The whole loop as cron and a unit live it: run -> SMTP -> a unit replies -> Dovecot -> ingest --imap -> ack.

Servers are real and local: aiosmtpd (STARTTLS + AUTH) as dondoc's relay, a second aiosmtpd
as the commune's MX that delivers into Dovecot, and Dovecot serving IMAPS.
"""

from __future__ import annotations

import asyncio
import json
from email.message import EmailMessage
from pathlib import Path

from aiosmtplib import SMTP

from tests.support.cli import Cli
from tests.support.imap_server import ImapServer
from tests.support.mail_loop import FROM, mail_env, reply_to
from tests.support.paths import FIXTURES
from tests.support.running import serving
from tests.support.smtp_server import SmtpServer


def morning_digest(relay: SmtpServer, imap: ImapServer, cli: Cli) -> tuple[dict[str, str], EmailMessage]:
    """The minimal plan loaded and the morning of 16/3 run through the relay, as cron runs it:
    dondoc's settings for these servers, and the digest the relay took for vp."""
    env = mail_env(relay, imap)
    assert cli("load", "--now", "2026-01-05", str(FIXTURES / "minimal.yaml")).returncode == 0
    assert cli("run", "--now", "2026-03-16", env=env).returncode == 0
    return env, next(r.message for r in relay.sink.received if r.recipients == ["vp@xa.example.vn"])


def test_a_reply_by_email_updates_the_status_and_is_acknowledged(
    servers: tuple[SmtpServer, ImapServer, int], cli: Cli
) -> None:
    relay, imap, mx_port = servers
    env, digest = morning_digest(relay, imap, cli)

    reply = reply_to(digest, "Văn phòng <vp@xa.example.vn>", "1.1: hoàn thành - đã ban hành Quyết định số 15/QĐ-BCĐ")

    async def send() -> None:
        async with SMTP(hostname="127.0.0.1", port=mx_port, start_tls=False) as client:
            await client.send_message(reply)

    asyncio.run(send())
    result = cli("ingest", "--imap", "--now", "2026-03-16T10:00", env=env)
    assert result.returncode == 0, result.stderr
    assert "recorded" in result.stdout and result.stdout.strip().endswith("ingest: 1 recorded")

    status = json.loads(cli("status", "--json", "--plan", "demo-xa", "--task", "1.1", "--now", "2026-03-16").stdout)
    lead = next(o for o in status["occurrences"] if o["unit"] == "vp")
    assert lead["state"] == "done" and lead["status_class"] == "done_late"
    history = cli("status", "--plan", "demo-xa", "--task", "1.1", "--history", "--unit", "vp", "--now", "2026-03-16")
    assert "done" in history.stdout and reply["Message-ID"] in history.stdout

    relay.sink.received.clear()
    sent = cli("send", "--now", "2026-03-16T10:01", env=env)
    assert sent.stdout.strip() == "send: 1 sent, 0 to retry, 0 failed"
    ack = relay.sink.received[0].message
    assert relay.sink.received[0].recipients == ["vp@xa.example.vn"]
    assert ack["In-Reply-To"] == reply["Message-ID"] and ack["Auto-Submitted"] == "auto-replied"
    assert "Đã ghi nhận 1 nội dung" in str(ack["Subject"])
    assert "đã ghi nhận: hoàn thành" in ack.get_body(("plain",)).get_content()  # type: ignore[union-attr]

    assert imap.messages("INBOX") == [] and len(imap.messages("Processed")) == 1
    assert "\\Seen" in imap.messages("Processed")[0][1]
    again = cli("ingest", "--imap", "--now", "2026-03-16T10:05", env=env)
    assert again.stdout.strip() == "ingest: nothing new"


def test_stdin_and_maildir_sources_record_once(cli: Cli, tmp_path: Path) -> None:
    env = {"DONDOC_FROM": FROM, "DONDOC_SECRET": "e2e-secret", "DONDOC_OUTBOX_DIR": str(tmp_path / "out")}
    assert cli("load", "--now", "2026-01-05", str(FIXTURES / "minimal.yaml")).returncode == 0
    assert cli("run", "--now", "2026-03-16", env=env).returncode == 0
    from email import message_from_bytes, policy

    digests = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in (tmp_path / "out").glob("*.eml")]
    vhxh = next(d for d in digests if "vhxh@xa.example.vn" in str(d["To"]))
    raw = reply_to(vhxh, "vhxh2@xa.example.vn", "1.2 60% - dang soan ban tin thang 2").as_bytes()

    first = cli("ingest", "-", "--now", "2026-03-16T09:00", stdin=raw, env=env)
    assert first.returncode == 0 and "recorded" in first.stdout
    maildir = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "new" / "1.host").write_bytes(raw)
    later = reply_to(vhxh, "vhxh@xa.example.vn", "1.2: 70 phần trăm - đã xong bản thảo")
    (maildir / "new" / "2.host").write_bytes(later.as_bytes())
    second = cli("ingest", "--maildir", str(maildir), "--now", "2026-03-16T09:30", env=env)
    assert second.stdout.strip().splitlines()[-1] == "ingest: 1 duplicate, 1 recorded"
    assert sorted(p.name for p in (maildir / "cur").iterdir()) == ["1.host:2,S", "2.host:2,S"]
    assert list((maildir / "new").iterdir()) == []
    status = json.loads(cli("status", "--json", "--plan", "demo-xa", "--unit", "vhxh", "--now", "2026-03-16").stdout)
    newsletter = [o for o in status["occurrences"] if o["task"] == "1.2" and o["period"] == "2026-01"]
    history = cli("status", "--plan", "demo-xa", "--task", "1.2", "--history", "--now", "2026-03-16").stdout
    assert newsletter[0]["progress"] == 70 and newsletter[0]["state"] == "in_progress", history


def test_the_daemon_fetches_a_reply_and_acknowledges_it_at_once(
    servers: tuple[SmtpServer, ImapServer, int], cli: Cli
) -> None:
    relay, imap, _ = servers
    env, digest = morning_digest(relay, imap, cli)  # cron took the morning's tick
    imap.append(bytes(reply_to(digest, "vp@xa.example.vn", "1.1: xong")))
    relay.sink.received.clear()
    with serving(cli, "--now", "2026-03-16T10:00", "--ingest-every", "1", env=env) as daemon:
        daemon.wait_for(r"event=ingest seconds=\S+ recorded=1 sent=1 failed=0")
        assert daemon.stop() == 0
    assert not [line for line in daemon.lines if "event=run " in line]
    ack = relay.sink.received[0].message
    assert relay.sink.received[0].recipients == ["vp@xa.example.vn"] and "Đã ghi nhận 1" in str(ack["Subject"])
    assert imap.messages("INBOX") == [] and len(imap.messages("Processed")) == 1
