"""Maildir and IMAP sources hand messages over a batch (one transaction) at a time, and mark
them done only once their batch is recorded: a failure leaves the batch where it was. A message
that makes dondoc itself fail is quarantined alone, and the others of its batch are recorded."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dondoc.engine import ingest, sources, store
from dondoc.engine.letters import Letter
from dondoc.engine.received import Received
from dondoc.engine.settings import Settings
from dondoc.engine.vocabulary import InboxState
from tests.support.imap_server import ImapServer

NOW = datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SETTINGS = Settings(sender="dondoc@xa.example.vn", secret="a-test-secret")


class Broken(Exception):
    pass


def raw(n: int) -> bytes:
    message = EmailMessage()
    message["From"] = "vhxh@xa.example.vn"
    message["Message-ID"] = f"<{n}@xa.example.vn>"
    message.set_content(f"T{n}: xong")
    return message.as_bytes()


def recorder(batches: list[list[bytes]], fail_on: int | None = None) -> sources.Handle:
    def handle(raws: list[bytes]) -> list[Received]:
        if len(batches) == fail_on:
            raise Broken
        batches.append(raws)
        return [Received(len(batches), InboxState.RECORDED) for _ in raws]

    return handle


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    folder = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (folder / sub).mkdir(parents=True)
    for n in range(250):
        (folder / "new" / f"{n:03}.host").write_bytes(raw(n))
    return folder


def test_a_maildir_is_read_in_batches_each_moved_after_it_is_recorded(maildir: Path) -> None:
    batches: list[list[bytes]] = []
    handle = recorder(batches)

    def watching(raws: list[bytes]) -> list[Received]:
        still_new = len(list((maildir / "new").iterdir()))
        assert still_new == 250 - sum(len(b) for b in batches)  # nothing of this batch has moved yet
        return handle(raws)

    received = list(sources.maildir(maildir, watching))
    assert [len(b) for b in batches] == [sources.BATCH, sources.BATCH, 50]
    assert len(received) == 250
    assert batches[0][0] == raw(0) and batches[2][-1] == raw(249)  # oldest first
    assert list((maildir / "new").iterdir()) == []
    assert len(list((maildir / "cur").glob("*:2,S"))) == 250


def test_a_failing_batch_stays_in_new_and_the_ones_before_it_are_done(maildir: Path) -> None:
    batches: list[list[bytes]] = []
    with pytest.raises(Broken):
        list(sources.maildir(maildir, recorder(batches, fail_on=1)))
    assert len(list((maildir / "cur").iterdir())) == sources.BATCH
    assert len(list((maildir / "new").iterdir())) == 250 - sources.BATCH


def test_batches_are_bounded_in_bytes_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "BATCH_BYTES", 10)
    groups = list(sources.batches([(1, b"123456"), (2, b"123456"), (3, b"1")]))
    assert groups == [[(1, b"123456"), (2, b"123456")], [(3, b"1")]]


def test_imap_marks_a_batch_seen_and_moves_it_only_once_it_is_recorded(
    dovecot: ImapServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "BATCH", 2)
    for n in range(5):
        dovecot.append(raw(n))
    config = sources.ImapConfig.from_url(dovecot.url() + f"?cafile={dovecot.ca_file}")

    batches: list[list[bytes]] = []
    with pytest.raises(Broken):
        list(sources.imap(config, recorder(batches, fail_on=1)))
    assert len(dovecot.messages("Processed")) == 2  # the first batch
    left = dovecot.messages("INBOX")
    assert len(left) == 3 and all("\\Seen" not in flags for _, flags in left)

    batches.clear()
    assert len(list(sources.imap(config, recorder(batches)))) == 3
    assert [len(b) for b in batches] == [2, 1]
    assert dovecot.messages("INBOX") == []
    assert all(flags == {"\\Seen"} for _, flags in dovecot.messages("Processed"))


def test_a_message_dondoc_fails_on_is_quarantined_and_holds_no_other_back(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = store.connect(db_url)
    judge = ingest._judge

    def failing(conn: Any, letter: Letter, *args: Any) -> Received:
        if letter.headers("Message-ID") == "<1@xa.example.vn>":
            raise RuntimeError("boom")
        return judge(conn, letter, *args)

    monkeypatch.setattr(ingest, "_judge", failing)
    batch = [raw(0), raw(1), raw(2)]
    got = ingest.ingest_all(engine, batch, NOW, SETTINGS)
    assert [(r.state, r.reason) for r in got] == [
        ("quarantined", "no_reference"),
        ("quarantined", "fault"),
        ("quarantined", "no_reference"),
    ]
    with engine.connect() as conn:
        kept = store.inbox.message(conn, got[1].inbox_id)
    assert kept is not None and bytes(kept.raw) == raw(1)
    assert (kept.detail or {})["error"] == "RuntimeError: boom"
    again = ingest.ingest_all(engine, batch, NOW, SETTINGS)  # the next pass: each is known
    assert [r.state for r in again] == ["duplicate"] * 3
