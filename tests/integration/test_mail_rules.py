"""The rules of issue 22 beyond what one corpus message shows: the loop guard (per address and
per conversation, counted in the store, held answers visible in ``quarantine list``), the
committee's decision told to the unit and followed by the task's coordinators, and a large
legitimate reply read within a small multiple of its size."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from bench import mailcorpus as mc
from dondoc.engine import ingest, store
from dondoc.engine.cli import cli
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from tests.support.paths import ROOT
from tests.support.servers import Databases

CORPUS = mc.load()
AT = CORPUS.now + timedelta(hours=1)
GUARDED = Settings(sender=mc.SETTINGS.sender, secret=mc.SETTINGS.secret, answers_per_day=2)


def reply(mail_store: mc.Prepared, unit: str, sender: str, body: str, n: int, root: str | None = None) -> bytes:
    """A reply from ``sender`` to the digest ``unit`` got; ``root``: the thread it belongs to."""
    values = mail_store.values
    message = EmailMessage()
    message["From"] = sender
    message["To"] = values[f"{{{{REPLY_TO:{unit}}}}}"]
    message["Subject"] = "Re: nhắc việc"
    message["Message-ID"] = f"<rule-{unit}-{n}@mail.example.vn>"
    cited = values[f"{{{{MESSAGE_ID:{unit}}}}}"]
    message["In-Reply-To"] = cited
    message["References"] = f"{root} {cited}" if root else cited
    message.set_content(body)
    return message.as_bytes()


def test_the_loop_guard_holds_answers_per_conversation_and_per_address(
    mail_store: mc.Prepared, databases: Databases
) -> None:
    url = databases.new(template=mail_store.url)
    engine = store.connect(url)
    # vhxh's two addresses take turns in one conversation: two answers in it today, no more
    turns = ["vhxh@xa.example.vn", "vhxh.xa@gmail.com"] * 2
    got = [ingest.ingest(engine, reply(mail_store, "vhxh", a, "Đã nhận.", n), AT, GUARDED) for n, a in enumerate(turns)]
    assert [(g.reason, g.reply, g.held) for g in got] == [("unparsed", "error", None)] * 2 + [
        ("unparsed", None, "thread")
    ] * 2
    # one address in new conversations each time: two answers to it today, no more (one batch)
    raws = [reply(mail_store, "vp", "vanphong@xa.example.vn", "Đã nhận.", n, f"<root-{n}@x>") for n in range(10, 13)]
    later = ingest.ingest_all(engine, raws, AT + timedelta(minutes=5), GUARDED)
    assert [g.held for g in later] == [None, None, "address"]
    with engine.connect() as conn:
        threads = conn.execute(select(schema.outbox.c.thread).where(schema.outbox.c.kind == "error")).scalars().all()
    assert len(threads) == 4 and len(set(threads)) == 3  # counted in the store, by conversation
    listing = CliRunner().invoke(cli, ["--db", url, "quarantine", "list"])
    assert listing.exit_code == 0, listing.output
    assert listing.output.count("held back (thread)") == 2 and listing.output.count("held back (address)") == 1
    assert listing.output.count("  error  ") == 4


def committee_says(mail_store: mc.Prepared, text: str, n: int) -> bytes:
    return reply(mail_store, "committee", "chutich@xa.example.vn", text, n)


def test_the_unit_is_told_the_decision_and_its_coordinators_follow_the_new_deadline(
    mail_store: mc.Prepared, databases: Databases
) -> None:
    url = databases.new(template=mail_store.url)
    engine = store.connect(url)
    asked = ingest.ingest(engine, reply(mail_store, "vp", "vanphong@xa.example.vn", "IV.6: xin gia hạn đến 30/6/2026", 1), AT, mc.SETTINGS)
    assert (asked.state, [r.kind for r in asked.recorded]) == ("recorded", ["extension"])
    granted = ingest.ingest(engine, committee_says(mail_store, "Đồng ý gia hạn IV.6.", 2), AT, mc.SETTINGS)
    assert [(r.unit, r.approved, r.until) for r in granted.recorded] == [("vp", True, "2026-06-30")]
    with engine.connect() as conn:
        rows = conn.execute(
            select(schema.occurrences.c.unit_id, schema.occurrences.c.due).where(schema.occurrences.c.task_id == "IV.6")
        ).all()
        decisions = conn.execute(
            select(schema.outbox.c.recipients, schema.outbox.c.payload).where(schema.outbox.c.kind == "decision")
        ).all()
    assert {unit: due for unit, due in rows} == {"vp": date(2026, 6, 30), "vhxh": date(2026, 6, 30)}
    assert [(r.recipients, [i["code"] for i in r.payload["context"]["items"]]) for r in decisions] == [
        (["vanphong@xa.example.vn"], ["IV.6"])
    ]
    history = CliRunner().invoke(cli, ["--db", url, "status", "--plan", "corpus-xa", "--task", "IV.6", "--history"])
    assert history.exit_code == 0, history.output
    assert "2026-03-16T08:30+07:00" in history.output and "extension_approved" in history.output  # local time


def test_a_refusal_is_told_too_and_moves_nothing(mail_store: mc.Prepared, databases: Databases) -> None:
    engine = store.connect(databases.new(template=mail_store.url))
    ingest.ingest(engine, reply(mail_store, "vp", "vanphong@xa.example.vn", "IV.6: xin gia hạn đến 30/6/2026", 1), AT, mc.SETTINGS)
    refused = ingest.ingest(engine, committee_says(mail_store, "Không đồng ý gia hạn IV.6.", 2), AT, mc.SETTINGS)
    assert [(r.unit, r.approved) for r in refused.recorded] == [("vp", False)]
    with engine.connect() as conn:
        dues = conn.execute(select(schema.occurrences.c.due).where(schema.occurrences.c.task_id == "IV.6")).scalars()
        assert set(dues) == {date(2026, 3, 20)}
        payloads = conn.execute(select(schema.outbox.c.payload).where(schema.outbox.c.kind == "decision")).scalars()
        assert [[i["approved"] for i in p["context"]["items"]] for p in payloads] == [[False]]


def test_a_large_reply_with_its_report_is_read_within_a_small_multiple_of_its_size(
    mail_store: mc.Prepared, databases: Databases, tmp_path: Path
) -> None:
    """A 20 MB reply (a scanned report under the 25 MB limit) is recorded, its memory measured
    alone in a subprocess (as the acceptance test measures the corpus's large messages)."""
    message = EmailMessage()
    message["From"] = "vhxh@xa.example.vn"
    message["To"] = mail_store.values["{{REPLY_TO:vhxh}}"]
    message["Subject"] = "Re: nhắc việc"
    message["Message-ID"] = "<large-report@mail.example.vn>"
    message.set_content("IV.4.1: 60% - báo cáo đính kèm\n")
    scan = base64.b64decode(base64.b64encode(bytes(range(256)) * (15 * 1024 * 4)))  # 15 MB
    message.add_attachment(scan, maintype="application", subtype="pdf", filename="Báo cáo quý I.pdf")
    path = tmp_path / "large.eml"
    path.write_bytes(message.as_bytes())
    command = [sys.executable, "-m", "bench.mailcorpus", "--measure", str(path), databases.new(template=mail_store.url)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout)
    assert got["outcome"]["state"] == "recorded"
    assert [r.get("files") for r in got["outcome"]["recorded"] if r["kind"] == "report"] == [["Báo cáo quý I.pdf"]]
    assert got["size"] > 20_000_000 and got["grew"] <= 5 * got["size"], f"{got['grew'] / got['size']:.1f}x"
