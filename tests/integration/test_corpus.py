"""The reply corpus: realistic raw messages from real clients, each with its expected outcome.

The store is prepared once (plan loaded, the nightly check run and its digests rendered: the
``prepared`` fixture); each message is then ingested alone into a copy of it, after its
placeholders are replaced by the real Message-IDs, subjects and tokens of those digests
(see tests/corpus/cases.yaml).
"""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from dondoc.engine import ingest, store
from dondoc.engine.store import schema
from dondoc.engine.store.bulk import count
from dondoc.engine.vocabulary import InboxState
from tests.support.corpus import CASES, NOW, SETTINGS
from tests.support.paths import CORPUS
from tests.support.servers import Databases

ORIGINAL_ID = b"<CAk424yfgsjL+WNPz70_SUANqSNJqcSdT-0v@mail.gmail.com>"  # of the first case
CAP = SETTINGS.answers_per_day


def copied(prepared: tuple[str, dict[str, str]], databases: Databases) -> tuple[Engine, dict[str, str]]:
    """A store of its own for one test, copied from the prepared one, and the placeholder values."""
    base, values = prepared
    return store.connect(databases.new(template=base)), values


def substituted(raw: bytes, values: dict[str, str]) -> bytes:
    newline = "\r\n" if b"\r\n" in raw else "\n"
    for placeholder, value in values.items():
        raw = raw.replace(placeholder.encode(), value.replace("\n", newline).encode())
    assert b"{{" not in raw, raw[raw.index(b"{{") : raw.index(b"{{") + 40]
    return raw


def matches(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    if (expected["code"], expected["kind"]) != (got["code"], got["kind"]):
        return False
    for key in ("state", "progress", "note", "label", "approved", "period"):
        if key in expected and expected[key] != got.get(key):
            return False
    if "until" in expected and str(expected["until"]) != str(got.get("until")):
        return False
    return "value" not in expected or float(expected["value"]) == float(got["value"])


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["file"] for c in CASES["cases"]])
def test_each_message_ends_as_expected(
    case: dict[str, Any], prepared: tuple[str, dict[str, str]], databases: Databases, tmp_path: Path
) -> None:
    engine, values = copied(prepared, databases)
    raw = substituted((CORPUS / case["file"]).read_bytes(), values)
    got = ingest.ingest(engine, raw, NOW + timedelta(hours=1), SETTINGS)
    summary = f"{got.state} {got.reason} reply={got.reply} recorded={got.recorded} rejected={got.rejected}"
    state = "recorded" if case["outcome"] == "recorded" else "quarantined"
    assert got.state == state, summary
    if case["outcome"] != "recorded":
        assert got.reason == case["reason"], summary
    assert (got.reply or "none") == case["reply"], summary
    expected = case.get("items") or []
    assert len(got.recorded) == len(expected), summary
    for item in expected:
        assert any(matches(item, r.to_json()) for r in got.recorded), f"{item} not in {summary}"
    again = ingest.ingest(engine, raw, NOW + timedelta(hours=2), SETTINGS)
    assert again.state == "duplicate" and again.inbox_id == got.inbox_id


def test_replies_go_out_once_and_thread_under_the_message_they_answer(
    prepared: tuple[str, dict[str, str]], databases: Databases, tmp_path: Path
) -> None:
    engine, values = copied(prepared, databases)
    raw = substituted((CORPUS / CASES["cases"][0]["file"]).read_bytes(), values)
    ingest.ingest(engine, raw, NOW + timedelta(hours=1), SETTINGS)
    with engine.connect() as conn:
        kinds = sorted(
            r.kind for r in conn.execute(select(schema.outbox.c.kind).where(schema.outbox.c.state == "queued"))
        )
    assert kinds == ["ack", "extension"]


def test_every_message_is_recorded_or_quarantined_and_counted_once(
    prepared: tuple[str, dict[str, str]], databases: Databases, tmp_path: Path
) -> None:
    engine, values = copied(prepared, databases)
    raws = [substituted((CORPUS / c["file"]).read_bytes(), values) for c in CASES["cases"]]
    states = [ingest.ingest(engine, raw, NOW + timedelta(hours=1), SETTINGS).state for raw in raws + raws[:5]]
    assert states[len(raws) :] == ["duplicate"] * 5
    with engine.connect() as conn:
        rows = conn.execute(select(schema.inbox.c.state, schema.inbox.c.reason)).all()
    assert len(rows) == len(raws) == states.count(InboxState.RECORDED) + states.count(InboxState.QUARANTINED)  # in = out
    assert all(r.state == "recorded" or r.reason for r in rows)  # a quarantined message always says why


def test_one_sender_gets_at_most_the_daily_cap_of_answers_within_a_batch_and_after(
    prepared: tuple[str, dict[str, str]], databases: Databases, tmp_path: Path
) -> None:
    """A batch counts the answers it queues itself: a looping client that sends many messages
    in one Maildir pass still gets only CAP answers that day."""
    engine, values = copied(prepared, databases)
    raw = substituted((CORPUS / CASES["cases"][0]["file"]).read_bytes(), values)
    assert ORIGINAL_ID in raw
    copies = [raw.replace(ORIGINAL_ID, f"<loop-{n}@mail.gmail.com>".encode()) for n in range(CAP + 5)]
    first = ingest.ingest_all(engine, copies[:-2], NOW + timedelta(hours=1), SETTINGS)
    later = ingest.ingest_all(engine, copies[-2:], NOW + timedelta(hours=2), SETTINGS)
    answered = [r.reply for r in first + later]
    assert answered[: CAP] == ["ack"] * CAP
    assert answered[CAP :] == [None] * 5
    with engine.connect() as conn:
        replies = conn.execute(select(schema.outbox.c.key).where(schema.outbox.c.kind.in_(["ack", "error"]))).all()
    assert len(replies) == CAP


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """What the store holds after ingesting: every row a reply may write (wall-clock stamps left out)."""
    tables = {
        "inbox": [c for c in schema.inbox.c if c.name != "raw"],
        "events": [c for c in schema.events.c if c.name != "recorded_at"],
        "occurrences": list(schema.occurrences.c),
        "outbox": [schema.outbox.c.key, schema.outbox.c.kind, schema.outbox.c.audience, schema.outbox.c.payload],
    }
    with engine.connect() as conn:
        return {
            name: [tuple(str(v) for v in row) for row in conn.execute(select(*cols).order_by(cols[0]))]
            for name, cols in tables.items()
        }


def approval(values: dict[str, str]) -> bytes:
    """The committee chair agrees to what was asked, naming no date: the request decides it."""
    message = EmailMessage()
    message["From"] = "chutich@xa.example.vn"
    message["To"] = values["{{REPLY_TO:committee}}"]
    message["Subject"] = "Re: Báo cáo quá hạn"
    message["Message-ID"] = "<approve-as-asked@xa.example.vn>"
    message["In-Reply-To"] = values["{{MESSAGE_ID:committee}}"]
    message.set_content("Đồng ý gia hạn IV.6.\n")
    return message.as_bytes()


def refuse(*args: Any) -> None:
    raise AssertionError("the batch fell back to one message per transaction")


def test_one_batch_of_the_whole_corpus_ends_as_its_messages_do_one_by_one(
    prepared: tuple[str, dict[str, str]], databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Maildir or IMAP pass reads and writes a batch together; it must decide exactly as
    ``ingest -`` does one message at a time: extension requests that committee approvals later
    in the batch decide, the same message twice in the batch, a sender's answers counted."""
    alone, values = copied(prepared, databases)
    together, _ = copied(prepared, databases)
    monkeypatch.setattr(ingest, "_alone", refuse)  # the batch itself must succeed, not its fallback
    raws = [substituted((CORPUS / c["file"]).read_bytes(), values) for c in CASES["cases"]]
    assert CASES["cases"][0]["items"][2] == {
        "unit": "vp",
        "code": "IV.6",
        "kind": "extension",
        "until": date(2026, 6, 30),
    }
    raws.insert(1, approval(values))  # right after the first message asks to extend IV.6
    raws += raws[:3]  # the same messages again, in the same batch
    at = NOW + timedelta(hours=1)
    one_by_one = [ingest.ingest(alone, raw, at, SETTINGS) for raw in raws]
    batched = ingest.ingest_all(together, raws, at, SETTINGS)
    assert [r.state for r in batched[-3:]] == ["duplicate"] * 3
    assert [r.inbox_id for r in batched[-3:]] == [r.inbox_id for r in batched[:3]]
    assert batched[1].recorded[0].to_json() | {"approved": True, "until": "2026-06-30"} == batched[1].recorded[0].to_json()
    assert batched == one_by_one
    assert snapshot(together) == snapshot(alone)


def test_two_extension_requests_in_one_batch_both_reach_the_committee(
    prepared: tuple[str, dict[str, str]], databases: Databases, tmp_path: Path
) -> None:
    """A Maildir pass gives every message the same time: each request still has its own forward."""
    engine, values = copied(prepared, databases)
    first = substituted((CORPUS / CASES["cases"][0]["file"]).read_bytes(), values)
    second = first.replace(ORIGINAL_ID, b"<asks-again@mail.gmail.com>").replace(b"30/6/2026", b"31/7/2026")
    got = ingest.ingest_all(engine, [first, second], NOW + timedelta(hours=1), SETTINGS)
    assert [[r.until for r in g.recorded if r.kind == "extension"] for g in got] == [
        ["2026-06-30"],
        ["2026-07-31"],
    ]
    with engine.connect() as conn:
        forwards = conn.execute(select(schema.outbox.c.payload).where(schema.outbox.c.kind == "extension")).scalars()
        asked = sorted(item["until"] for payload in forwards for item in payload["context"]["items"])
    assert asked == ["2026-06-30", "2026-07-31"]


def test_a_released_message_is_answered_again_with_its_new_outcome(
    prepared: tuple[str, dict[str, str]], databases: Databases, tmp_path: Path
) -> None:
    """``dondoc quarantine release ID --as-unit U``: the sender, told first that the message was not
    understood, now learns what was recorded (a new answer, not the first one's key)."""
    engine, values = copied(prepared, databases)
    raw = substituted((CORPUS / "29-no-reference-new-thread.eml").read_bytes(), values)
    first = ingest.ingest(engine, raw, NOW + timedelta(hours=1), SETTINGS)
    assert (first.state, first.reason, first.reply) == ("quarantined", "no_reference", "error")
    assert first.plan_id is not None
    with store.transaction(engine) as conn:
        vouched = ingest.Vouched(first.plan_id, "cong-an", first.inbox_id)
        again = ingest.receive(conn, raw, NOW + timedelta(hours=2), SETTINGS, vouched=vouched)
    assert (again.state, again.reply, again.inbox_id) == ("recorded", "ack", first.inbox_id)
    with engine.connect() as conn:
        answers = conn.execute(select(schema.outbox.c.kind).where(schema.outbox.c.key.like("reply:%")).order_by("id"))
        assert answers.scalars().all() == ["error", "ack"]
        assert count(conn, schema.inbox) == 1
