"""Time `dondoc send` to a local SMTP sink beside raw aiosmtplib sending the same messages.

    python -m bench.send --messages 10000

Generates communes (the five seed plans each) until the check at ``--now`` queues at least
``--messages`` digests, keeps exactly that many, starts an aiosmtpd sink in its own process,
then times: ``send`` as cron runs it (claim, render each digest once, deliver, record), the
same messages sent again already rendered, and raw aiosmtplib sending the rendered bytes over
one connection with no database at all. Prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiosmtplib import SMTP
from sqlalchemy import delete, func, select, update

from bench.generate import generate
from dondoc.engine import nightly, outbox, store
from dondoc.engine.clock import parse_now
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from dondoc.notifiers.smtp import SmtpConfig, SmtpNotifier
from tests.support.servers import free_port, wait_for_port

MESSAGES_PER_COMMUNE = 80  # measured on the five seed plans loaded 2026-01-05, checked 2026-03-16
SINK = """
import sys, time
from aiosmtpd.controller import Controller
class Count:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"
controller = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
sys.stdin.read()
controller.stop()
"""


def prepare(url: str, wanted: int, loaded: str, now: str) -> int:
    communes = -(-wanted // MESSAGES_PER_COMMUNE) + 1
    generate(url, communes, loaded)
    engine = store.connect(url)
    nightly.check(engine, parse_now(now), settings(""))
    with store.transaction(engine) as conn:
        kept = select(schema.outbox.c.id).order_by(schema.outbox.c.id).limit(wanted)
        conn.execute(delete(schema.outbox).where(schema.outbox.c.id.not_in(kept)))
        return int(conn.execute(select(func.count()).select_from(schema.outbox)).scalar_one())


def settings(smtp_url: str) -> Settings:
    return Settings(smtp_url=smtp_url or None, sender="dondoc@example.vn", secret="bench-secret")


def timed_send(url: str, smtp_url: str, now: str) -> tuple[float, int]:
    engine = store.connect(url)
    config = settings(smtp_url)
    started = time.perf_counter()
    result = outbox.drain(engine, SmtpNotifier(SmtpConfig.from_url(smtp_url)), config, parse_now(now))
    return time.perf_counter() - started, result.sent


def requeue(url: str, *, rendered: bool) -> None:
    """Everything back to queued, as the check left it (``rendered=False``) or as a retry finds it."""
    values = {"state": "queued", "attempts": 0, "next_attempt_at": None, "sent_at": None}
    with store.transaction(store.connect(url)) as conn:
        conn.execute(update(schema.outbox).values(**values, **({} if rendered else {"message": b""})))


async def raw_send(messages: list[tuple[list[str], bytes]], port: int) -> float:
    started = time.perf_counter()
    async with SMTP(hostname="127.0.0.1", port=port, start_tls=False) as client:
        for recipients, message in messages:
            await client.sendmail("dondoc@example.vn", recipients, message)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--now", default="2026-03-16")
    parser.add_argument("--loaded", default="2026-01-05", help="when plans were loaded")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dondoc-bench-send-"))
    url = f"sqlite:///{folder / 'send.db'}"
    count = prepare(url, args.messages, args.loaded, args.now)
    port = free_port()
    sink = subprocess.Popen([sys.executable, "-c", SINK, str(port)], stdin=subprocess.PIPE)
    timings: list[tuple[str, float]] = []
    try:
        wait_for_port(port)
        for connections in (1, 2):
            smtp_url = f"smtp://127.0.0.1:{port}?concurrency={connections}"
            for rendered in (False, True):
                requeue(url, rendered=rendered)
                seconds, sent = timed_send(url, smtp_url, args.now)
                assert sent == count, f"sent {sent} of {count}"
                what = "already rendered" if rendered else "renders each digest"
                timings.append((f"dondoc send, {connections} connection(s), {what}", seconds))
        with store.connect(url).connect() as conn:
            rows = conn.execute(select(schema.outbox.c.recipients, schema.outbox.c.message)).all()
        raw = asyncio.run(raw_send([(list(r.recipients), bytes(r.message)) for r in rows], port))
    finally:
        sink.communicate(b"")
    size = sum(len(r.message) for r in rows) / count / 1024
    print(f"{count} digests, {size:.1f} KiB each on average; sink: aiosmtpd in its own process, loopback, no TLS\n")
    print("| path | seconds | messages/s | vs raw |")
    print("|---|---:|---:|---:|")
    for name, seconds in [("raw aiosmtplib, one connection, same bytes", raw), *timings]:
        print(f"| {name} | {seconds:.2f} | {count / seconds:,.0f} | {raw / seconds:.2f}x |")


if __name__ == "__main__":
    main()
