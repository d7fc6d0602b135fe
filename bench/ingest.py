"""Time `dondoc ingest` on realistic replies beside the stdlib parsing the same bytes.

    python -m bench.ingest --replies 10000

Prepares communes until the check at ``--now`` queues enough digests (as bench/send.py),
renders them, then writes one reply per digest to a unit or its head, as a person would:
a status line on top and the whole reminder quoted below, from the unit's address. Times
``email.message_from_bytes`` with the default policy plus reading the body, then the whole of
``ingest`` (parse, match the token, authorise, record, queue the acknowledgement) on a copy
of the database, two ways: in batches of ``sources.BATCH`` per transaction, as a Maildir or
IMAP pass runs it, and one message per transaction, as ``ingest -`` from an MTA does (without
the process start). Prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from collections.abc import AsyncGenerator
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import func, select

from bench.send import prepare, settings
from dondoc.engine import cli, ingest, outbox, plans, sources, store
from dondoc.engine.clock import parse_now
from dondoc.engine.store import schema
from dondoc.notifiers.base import Envelope, Outcome


class Accept:
    """A notifier that accepts everything at once: only the rendering matters here."""

    async def deliver(self, batch: list[Envelope]) -> AsyncGenerator[Outcome, None]:
        for envelope in batch:
            yield Outcome(envelope.key, "sent")

    async def close(self) -> None:
        await asyncio.sleep(0)


def replies(url: str, wanted: int) -> list[bytes]:
    engine = store.connect(url)
    with engine.connect() as conn:
        rows = conn.execute(select(schema.outbox).where(schema.outbox.c.audience.like("unit:%"))).mappings().all()
        found: list[bytes] = []
        for row in rows:
            plan = plans.current(conn, row["plan_id"])
            unit = plan.unit(row["audience"].split(":", 1)[1])
            codes = [i["code"] for i in row["payload"]["items"] if i["code"] != "report"]
            if not codes:  # a report reminder is answered with an attachment, not a line
                continue
            original = message_from_bytes(row["message"], policy=policy.default)
            body = original.get_body(("plain",))
            quoted = "\n".join("> " + line for line in body.get_content().splitlines())  # type: ignore[union-attr]
            for copy in range(4):  # a unit answers a few times (status, then progress, then done)
                reply = EmailMessage()
                reply["From"] = unit.email[0]
                reply["To"] = str(original["Reply-To"])
                reply["Subject"] = f"Re: {original['Subject']}"
                reply["Message-ID"] = f"<{row['id']}.{copy}@bench.example.vn>"
                reply["In-Reply-To"] = str(original["Message-ID"])
                status = f"{codes[0]}: {30 + 20 * copy}% - đang triển khai"
                text = f"{status}\n\nTrân trọng!\n\nVào Th 2, 16 thg 3, 2026 lúc 07:30 dondoc đã viết:\n"
                reply.set_content(text + quoted + "\n")
                found.append(reply.as_bytes())
                if len(found) == wanted:
                    return found
    return found


def main() -> None:
    cli.tune_process()  # as the dondoc command does
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replies", type=int, default=10_000)
    parser.add_argument("--now", default="2026-03-16")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dondoc-bench-ingest-"))
    url = f"sqlite:///{folder / 'ingest.db'}"
    prepare(url, args.replies * 2, "2026-01-05", args.now)
    now = parse_now(args.now)
    outbox.drain(store.connect(url), Accept(), settings(""), now)
    raws = replies(url, args.replies)
    count = len(raws)

    started = time.perf_counter()
    for raw in raws:
        message = message_from_bytes(raw, policy=policy.default)
        message.get_body(("plain", "html")).get_content()  # type: ignore[union-attr]
    parse = time.perf_counter() - started

    later = now.replace(hour=10)
    batched = run(folder, "batched.db", [raws[i : i + sources.BATCH] for i in range(0, count, sources.BATCH)], later)
    single = run(folder, "single.db", [[raw] for raw in raws], later)
    print("| path | seconds | replies/s | vs raw |")
    print("|---|---:|---:|---:|")
    paths = [
        ("stdlib email parse + body", parse),
        (f"dondoc ingest, {sources.BATCH} per transaction (Maildir, IMAP)", batched),
        ("dondoc ingest, one per transaction (stdin)", single),
    ]
    for name, seconds in paths:
        print(f"| {name} | {seconds:.2f} | {count / seconds:,.0f} | {parse / seconds:.2f}x |")


def run(folder: Path, name: str, groups: list[list[bytes]], now: datetime) -> float:
    """Ingest ``groups`` (one transaction each) on a fresh copy of the database; return the seconds."""
    shutil.copy(folder / "ingest.db", folder / name)
    engine = store.connect(f"sqlite:///{folder / name}")
    started = time.perf_counter()
    states: dict[str, int] = {}
    for group in groups:
        for received in ingest.ingest_all(engine, group, now, settings("")):
            states[received.state] = states.get(received.state, 0) + 1
    seconds = time.perf_counter() - started
    with engine.connect() as conn:
        answers = conn.execute(select(func.count()).select_from(schema.outbox).where(schema.outbox.c.kind == "ack"))
        acks = answers.scalar_one()
    print(f"{name}: {', '.join(f'{n} {s}' for s, n in sorted(states.items()))}; {acks} acknowledgements")
    return seconds


if __name__ == "__main__":
    main()
