"""Sending through a real SMTP server (aiosmtpd with STARTTLS, implicit TLS and AUTH), faults included."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import OperationalError

from dondoc.engine import ingest, nightly, outbox, plans, store, tokens
from dondoc.engine.clock import to_store
from dondoc.engine.errors import StoreError
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from dondoc.engine.store.dialect import insert_ignore
from dondoc.engine.store.outbox import Settled
from dondoc.engine.validate import parse_plan, read_plan
from dondoc.notifiers.smtp import SmtpConfig, SmtpNotifier
from tests.support.cli import Cli
from tests.support.paths import FIXTURES, PLANS
from tests.support.smtp_server import SmtpServer, smtp_server

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 3, 16)  # vp, vhxh, the head of vp and the committee all hear something
NOW = datetime.combine(DAY, time(7, 30), TZ)
SENDER = "dondoc@xa.example.vn"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    with smtp_server(tmp_path_factory.mktemp("smtp")) as running:
        yield running


@pytest.fixture
def sink(server: SmtpServer) -> Iterator[SmtpServer]:
    server.sink.received.clear()
    server.sink.faults.clear()
    server.sink.unknown.clear()
    yield server


def settings(url: str | None) -> Settings:
    return Settings(smtp_url=url, sender=SENDER, secret="a-test-secret")


def queued(db_url: str) -> Engine:
    engine = store.connect(db_url)
    plans.load(engine, read_plan(FIXTURES / "minimal.yaml"), NOW)
    assert nightly.check(engine, NOW, settings(None)).queued
    return engine


def drain(engine: Engine, url: str, now: datetime = NOW) -> outbox.SendResult:
    config = settings(url)
    return outbox.drain(engine, SmtpNotifier(SmtpConfig.from_url(url)), config, now)


def states(engine: Engine) -> dict[str, tuple[str, str | None]]:
    """recipients -> (state, last_error) of every outbox message."""
    with engine.connect() as conn:
        rows = conn.execute(select(schema.outbox.c.recipients, schema.outbox.c.state, schema.outbox.c.last_error))
        return {",".join(r.recipients): (r.state, r.last_error) for r in rows}


def test_starttls_and_auth_deliver_one_digest_per_recipient_intact(sink: SmtpServer, db_url: str) -> None:
    engine = queued(db_url)
    result = drain(engine, sink.url(starttls="required"))
    assert (result.sent, result.retried, result.failed) == (4, 0, 0)
    got = {tuple(r.recipients): r for r in sink.sink.received}
    assert sorted(got) == [
        ("chanh.vp@xa.example.vn",),
        ("truongban@xa.example.vn", "vp@xa.example.vn"),
        ("vhxh@xa.example.vn", "vhxh2@xa.example.vn"),
        ("vp@xa.example.vn",),
    ]
    assert all(r.tls and r.authenticated and r.sender == SENDER for r in got.values())
    message = got[("vhxh@xa.example.vn", "vhxh2@xa.example.vn")].message
    assert str(message["Message-ID"]).endswith("@xa.example.vn>")
    assert message["Auto-Submitted"] == "auto-generated" and message["X-Auto-Response-Suppress"] == "All"
    token = tokens.IN_SUBJECT.search(str(message["Subject"]))
    assert token and message["Reply-To"].addresses[0].addr_spec == f"dondoc+{token.group(1)}@xa.example.vn"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert text.startswith("— Vui lòng trả lời phía trên dòng này —\n\nKính gửi Phòng Văn hóa - Xã hội,")
    assert "[1.2] Bản tin hằng tháng, tháng 2/2026" in text and "Phòng Văn hóa - Xã hội" in html
    assert str(message["Subject"]).startswith("[01/KH-UBND] Nhắc việc")
    assert set(states(engine).values()) == {("sent", None)}


def test_implicit_tls_delivers_and_a_second_send_sends_nothing(sink: SmtpServer, store_url: str) -> None:
    engine = queued(store_url)
    assert drain(engine, sink.url(tls="implicit")).sent == 4
    assert drain(engine, sink.url(tls="implicit")).sent == 0
    assert len(sink.sink.received) == 4 and set(sink.sink.by_message_id().values()) == {1}


def test_a_wrong_password_keeps_every_message_for_later(sink: SmtpServer, store_url: str) -> None:
    engine = queued(store_url)
    result = drain(engine, sink.url(password="wrong"))
    assert (result.sent, result.retried, result.failed) == (0, 4, 0)
    assert next(iter(result.problems)).startswith("535")
    assert drain(engine, sink.url(), NOW + timedelta(minutes=6)).sent == 4
    assert len(sink.sink.received) == 4


@pytest.mark.parametrize(
    ("fault", "error"),
    [("421", "421 4.3.0"), ("451", "451 4.3.0"), ("drop", "SMTPServerDisconnected"), ("stall", "SMTPReadTimeoutError")],
)
def test_temporary_faults_are_retried_later_and_delivered_once(
    sink: SmtpServer, store_url: str, fault: str, error: str
) -> None:
    engine = queued(store_url)
    sink.sink.faults["vp@xa.example.vn"] = [fault]  # the vp digest only; the others go through
    result = drain(engine, sink.url(timeout="1"))
    assert (result.sent, result.retried, result.failed) == (3, 1, 0)
    state, detail = states(engine)["vp@xa.example.vn"]
    assert state == "queued" and detail and detail.startswith(error)
    assert drain(engine, sink.url(), NOW + timedelta(minutes=1)).sent == 0  # backoff: not yet
    assert drain(engine, sink.url(), NOW + timedelta(minutes=6)).sent == 1
    assert len(sink.sink.received) == 4 and set(sink.sink.by_message_id().values()) == {1}


def test_a_permanent_refusal_is_failed_with_the_server_answer(sink: SmtpServer, store_url: str) -> None:
    engine = queued(store_url)
    sink.sink.faults["vp@xa.example.vn"] = ["550"]
    result = drain(engine, sink.url())
    assert (result.sent, result.retried, result.failed) == (3, 0, 1)
    assert states(engine)["vp@xa.example.vn"] == ("failed", "550 5.1.1 mailbox unavailable")
    assert drain(engine, sink.url(), NOW + timedelta(days=1)).sent == 0


def test_a_recipient_refused_among_others_is_recorded_and_told(sink: SmtpServer, store_url: str) -> None:
    engine = queued(store_url)
    several = next(k for k in states(engine) if "," in k)
    refused, *others = several.split(",")
    sink.sink.unknown.add(refused)
    result = drain(engine, sink.url())
    assert (result.sent, result.failed) == (4, 0)  # the others have it: never sent again
    assert states(engine)[several] == ("sent", f"{refused}: 550 5.1.1 no such user")
    assert result.problems == {f"refused: {refused}: 550 5.1.1 no such user": 1}
    assert others in [r.recipients for r in sink.sink.received]
    assert all(refused not in r.recipients for r in sink.sink.received)


def test_a_database_failure_while_sending_stops_every_connection(
    sink: SmtpServer, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = queued(store_url)  # four messages
    settle = store.outbox.settle
    settled: list[object] = []

    def failing(conn: Connection, change: Settled) -> None:
        if len(settled) == 1:
            raise OperationalError("UPDATE outbox", {}, Exception("disk I/O error"))
        settled.append(change)
        settle(conn, change)

    monkeypatch.setattr(store.outbox, "settle", failing)
    with pytest.raises(StoreError, match=r"failed: disk I/O error$"):  # one line, the SQL left out
        drain(engine, sink.url(concurrency="1"))
    sink.sink.wait_until_idle()  # nothing goes on: the drain hung up (a worker going on would not)
    assert len(sink.sink.received) <= 3  # the fourth never goes (the third was in flight)
    sending = [s for s, _ in states(engine).values() if s == "sending"]
    assert len(sending) == 3  # after outbox.STALE, the next run sends these again, same Message-IDs


def test_a_run_that_died_after_the_server_accepted_resends_with_the_same_message_id(
    sink: SmtpServer, store_url: str
) -> None:
    engine = queued(store_url)
    assert drain(engine, sink.url()).sent == 4
    with store.transaction(engine) as conn:  # as if the process died before writing 'sent'
        conn.execute(update(schema.outbox).values(state="sending", next_attempt_at=to_store(NOW)))
    assert drain(engine, sink.url(), NOW + timedelta(minutes=5)).sent == 0  # maybe still in flight elsewhere
    assert drain(engine, sink.url(), NOW + timedelta(minutes=16)).sent == 4
    assert set(sink.sink.by_message_id().values()) == {2}  # at-least-once, and the copy is recognisable


@pytest.mark.slow
def test_two_send_processes_at_once_send_each_message_once(sink: SmtpServer, db_url: str, tmp_path: Path) -> None:
    engine = queued(db_url)
    with store.transaction(engine) as conn:  # many messages, so that the two processes overlap
        rows = conn.execute(select(schema.outbox)).mappings().all()
        copies = [
            {**{k: v for k, v in r.items() if k != "id"}, "key": f"{r['key']}:{n}", "message_id": f"<{n}.{r['id']}@x>"}
            for r in rows
            for n in range(60)
        ]
        insert_ignore(conn, schema.outbox, copies, ["key"])
    env = {"DONDOC_SMTP_URL": sink.url(concurrency="3"), "DONDOC_FROM": SENDER, "DONDOC_SECRET": "a-test-secret"}
    procs = [Cli(tmp_path, db_url).start("send", "--now", NOW.isoformat(), env=env) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    sent = [int(out.split("send: ", 1)[1].split()[0]) for out, _ in outputs]
    assert sum(sent) == 4 * 61  # how they share the work depends on timing; that none is sent twice does not
    assert len(sink.sink.received) == 4 * 61 and set(sink.sink.by_message_id().values()) == {1}


def test_a_bad_smtp_url_is_a_one_line_error(cli: Cli) -> None:
    result = cli("send", env={"DONDOC_SMTP_URL": "http://example.com"})
    assert result.returncode == 1
    assert result.stderr.startswith("Error: DONDOC_SMTP_URL must look like smtp://")
    result = cli("send", env={"DONDOC_SMTP_URL": "smtp://h?speed=9"})
    assert (
        result.stderr.strip()
        == "Error: DONDOC_SMTP_URL: unknown option 'speed' (known: starttls, timeout, concurrency, cafile, helo)"
    )


def test_run_on_a_seed_plan_delivers_one_digest_per_recipient(sink: SmtpServer, cli: Cli) -> None:
    plan = next(p for p in PLANS if p.name == "gia-loc-nq57.yaml")
    assert cli("load", "--now", "2026-01-05", str(plan)).returncode == 0  # the plan has no issue date
    env = {"DONDOC_SMTP_URL": sink.url(), "DONDOC_FROM": SENDER}
    result = cli("run", "--now", "2026-03-16", env=env)
    assert result.returncode == 0, result.stderr
    queued_line, sent_line = result.stdout.strip().splitlines()[-2:]
    count = int(queued_line.split("queued ")[1].split()[0])
    assert count > 5 and sent_line == f"send: {count} sent, 0 to retry, 0 failed"
    assert len(sink.sink.received) == count
    digests = [tuple(r.recipients) for r in sink.sink.received if b"X-Dondoc-Key: digest:" in r.raw]
    assert len(digests) == len(set(digests))  # besides, the committee hears of the targets once per period
    assert (
        cli("run", "--now", "2026-03-16", env=env).stdout.strip().splitlines()[-1]
        == "send: 0 sent, 0 to retry, 0 failed"
    )


def test_a_plan_with_its_own_sender_writes_as_it_and_its_replies_come_home(sink: SmtpServer, store_url: str) -> None:
    engine = store.connect(store_url)
    text = (FIXTURES / "minimal.yaml").read_text("utf-8")
    own = text.replace('  code: "01/KH-UBND"\n', '  code: "01/KH-UBND"\n  sender: ubnd@xa-khac.example.vn\n', 1)
    plans.load(engine, parse_plan(own.encode(), "own.yaml"), NOW)
    nightly.check(engine, NOW, settings(None))
    assert drain(engine, sink.url()).sent == 4
    assert {r.sender for r in sink.sink.received} == {"ubnd@xa-khac.example.vn"}  # the envelope too
    message = next(
        r.message for r in sink.sink.received if r.recipients == ["vhxh@xa.example.vn", "vhxh2@xa.example.vn"]
    )
    assert message["From"].addresses[0].addr_spec == "ubnd@xa-khac.example.vn"
    reply_to = message["Reply-To"].addresses[0].addr_spec
    assert reply_to.startswith("ubnd+") and reply_to.endswith("@xa-khac.example.vn")
    reply = (
        f"From: vhxh@xa.example.vn\nTo: {reply_to}\nSubject: Re: nhac viec\nMessage-ID: <r1@xa.example.vn>\n"
        f"In-Reply-To: {message['Message-ID']}\nContent-Type: text/plain; charset=utf-8\n\n1.2 xong\n"
    ).encode()
    received = ingest.ingest(engine, reply, NOW + timedelta(hours=1), settings(None))
    assert received.state == "recorded", received.reason
