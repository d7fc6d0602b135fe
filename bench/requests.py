"""The report requests of a national period (issue #19): N communes x the five seed plans.

    python -m bench.requests --communes 100 1000 3321 --backends sqlite postgres

For each backend and size: load every plan on ``LOADED`` and run the check the evening before
(``EVE``, untimed: it catches up what was missed since the plans were issued), then, on 04/06/2026,
seven working days before the half-year reports are due (15/06), the check that asks every
reporting unit of every plan for its report (quarter II, the first half and May share that
cut-off, so each unit gets one request listing every item it owes). Timed as cron runs it:

- ``dondoc check``, beside the raw query selecting the same due rows and the raw writes of the
  rows it wrote (its notices, the occurrences they advanced, its digests) into an identical copy;
- ``dondoc ingest --maildir`` of one reply per request, as a unit answers: a line for each item
  the request lists (a status and a result for a task, a value for a target; a report document
  attached when the unit owes only its narrative report), the whole request quoted below; beside
  the raw insert of the rows it wrote (the messages, answers, events, acknowledgements and the
  occurrences it moved) into an identical copy. Every request must end complete.

Peak memory is the largest resident set of the command. PostgreSQL is a throw-away local cluster
(the tests' ``postgres_server``) unless ``--pg-url`` names a server. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update

from bench.check import raw_query_seconds
from bench.generate import generate
from bench.ingest import Accept
from bench.national import EXE, table, timed
from bench.send import settings
from dondoc.engine import outbox, store, tokens
from dondoc.engine.clock import parse_now, to_store
from dondoc.engine.payloads import DigestPayload, ReportRequest, payload_of
from dondoc.engine.reporting import REPORT
from dondoc.engine.store import schema
from dondoc.engine.vocabulary import ItemKind, State
from tests.support.servers import Databases, postgres_server

LOADED, EVE, NOW, REPLIED = "2026-06-01", "2026-06-03", "2026-06-04", "2026-06-04T10:00"
SETTINGS = settings("")
ENV = {**os.environ, "DONDOC_FROM": SETTINGS.sender, "DONDOC_SECRET": SETTINGS.secret or ""}
STATUSES = (
    "hoàn thành - đã triển khai theo kế hoạch",
    "60% - đang triển khai, đã tổ chức 2 hội nghị",
    "đang thực hiện - đã ban hành văn bản hướng dẫn",
    "vướng mắc - chưa bố trí được kinh phí",
)
TABLES = ("outbox", "events", "report_entries", "inbox")  # the tables a command appends to (id order)
CHUNK = 5_000


# ---------------------------------------------------------------- what a command wrote


@dataclass(frozen=True, kw_only=True)
class Marks:
    """Where a database stands before a command: each appended table's last id, the latest notice."""

    last: dict[str, int]
    latest_notice: object  # as the driver reads it (text on SQLite, a datetime on PostgreSQL)

    @classmethod
    def of(cls, url: str) -> Marks:
        with _engine(url) as engine, engine.connect() as conn:
            last = {n: int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {n}").scalar_one()) for n in TABLES}
            latest = conn.exec_driver_sql("SELECT max(created_at) FROM notices").scalar_one()
        assert latest is not None, "the check of the evening before sent nothing"
        return cls(last=last, latest_notice=latest)


@contextmanager
def _engine(url: str) -> Iterator[Engine]:
    """``store.connect``, disposed after (PostgreSQL copies a database only with no one on it)."""
    engine = store.connect(url)
    try:
        yield engine
    finally:
        engine.dispose()


def _mark(conn: Connection) -> str:
    return "?" if conn.dialect.name == "sqlite" else "%s"


def written(conn: Connection, marks: Marks) -> Iterator[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """What a command wrote after ``marks``, table by table in chunks: (statement, columns, rows).
    Appended rows become inserts; the occurrences its notices and events name become updates."""
    p = _mark(conn)
    queries: list[tuple[str, str, tuple[object, ...]]] = [
        (name, f"SELECT * FROM {name} WHERE id > {marks.last[name]} ORDER BY id", ()) for name in TABLES
    ]
    queries.append(("notices", f"SELECT * FROM notices WHERE created_at > {p}", (marks.latest_notice,)))
    touched = (
        f"SELECT * FROM occurrences WHERE id IN (SELECT occurrence_id FROM notices WHERE created_at > {p})"
        f" OR id IN (SELECT occurrence_id FROM events WHERE id > {marks.last['events']})"
    )
    queries.append(("occurrences", touched, (marks.latest_notice,)))
    for name, query, params in queries:
        result = conn.exec_driver_sql(query, params)
        columns = list(result.keys())
        while rows := result.fetchmany(CHUNK):
            yield name, columns, [tuple(r) for r in rows]


def statement(name: str, columns: list[str], p: str) -> tuple[str, list[str]]:
    """The raw statement writing a row of ``name`` again, and the order of the values it takes."""
    if name == "occurrences":
        changed = [c for c in columns if c != "id"]
        return f"UPDATE occurrences SET {', '.join(f'{c} = {p}' for c in changed)} WHERE id = {p}", [*changed, "id"]
    listed = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {name} ({listed}) VALUES ({', '.join([p] * len(columns))})", columns


def raw_write_seconds(source_url: str, target_url: str, marks: Marks) -> tuple[float, int]:
    """The driver writing into ``target_url`` (a copy from before the command) the rows the command
    wrote into ``source_url``, in one transaction, committed: the seconds of the writes and the commit
    (not of reading them), and how many rows."""
    seconds, count = 0.0, 0
    with _engine(source_url) as source, _engine(target_url) as target, source.connect() as reading:
        raw = target.raw_connection()
        write = _writer(reading.dialect.name, raw.cursor())
        for name, columns, rows in written(reading, marks):
            sql, order = statement(name, columns, _mark(reading))
            at = [columns.index(c) for c in order]
            values = [tuple(row[i] for i in at) for row in rows]
            started = time.perf_counter()
            write(sql, values)
            seconds += time.perf_counter() - started
            count += len(values)
        started = time.perf_counter()
        raw.commit()
        seconds += time.perf_counter() - started
        raw.close()
    return seconds, count


def _writer(dialect: str, cursor: Any) -> Callable[[str, list[tuple[Any, ...]]], None]:
    """Many rows through the driver: sqlite3's ``executemany`` in one transaction (dondoc's SQLite
    connections autocommit otherwise); psycopg2's pages of statements, JSON read back as Python
    values written as JSON again."""
    if dialect == "sqlite":
        cursor.execute("BEGIN IMMEDIATE")
        return lambda sql, values: cursor.executemany(sql, values)
    from psycopg2.extras import Json, execute_batch  # type: ignore[import-untyped]

    def write(sql: str, values: list[tuple[Any, ...]]) -> None:
        adapted = [tuple(Json(v) if isinstance(v, (dict, list)) else v for v in row) for row in values]
        execute_batch(cursor, sql, adapted, page_size=1_000)

    return write


# ---------------------------------------------------------------- the requests and their replies


@dataclass(frozen=True, kw_only=True)
class Asked:
    """A report request as queued: the digest that carries it and what it lists."""

    key: str
    plan_id: str
    audience: str
    sender: str  # the unit's first address: the one that answers
    message: bytes
    request: ReportRequest


def requests(url: str, after: int) -> Iterator[Asked]:
    """The report requests of the digests queued after outbox id ``after`` (rendered)."""
    o = schema.outbox.c
    query = select(o.key, o.plan_id, o.audience, o.recipients, o.message, o.payload).where(o.id > after)
    with _engine(url) as engine, engine.connect() as conn:
        for row in conn.execute(query.order_by(o.id).execution_options(yield_per=CHUNK)):
            payload = payload_of(row.payload)
            if not isinstance(payload, DigestPayload):
                continue
            for item in payload.items:
                if item.request is not None and row.audience.startswith("unit:"):
                    yield Asked(
                        key=row.key,
                        plan_id=row.plan_id,
                        audience=row.audience,
                        sender=row.recipients[0],
                        message=bytes(row.message),
                        request=item.request,
                    )


def answer_lines(request: ReportRequest) -> list[str]:
    """A line for each item the request lists, as a unit writes them."""
    lines = []
    for n, item in enumerate(request.items):
        if item.kind == ItemKind.TARGET:
            value = item.milestone if item.milestone is not None else 1.0
            lines.append(f"{item.code}: {value * 0.9:.1f}".replace(".", ","))
        elif item.kind == ItemKind.TASK:
            lines.append(f"{item.code}: {STATUSES[n % len(STATUSES)]}")
    return lines


def reply(asked: Asked, n: int) -> bytes:
    """One unit's answer to its request: its lines (or its report document), the request quoted."""
    original = message_from_bytes(asked.message, policy=policy.default)
    body = original.get_body(("plain",))
    assert isinstance(body, EmailMessage)
    quoted = "\n".join("> " + line for line in body.get_content().splitlines())
    token = tokens.token(SETTINGS.secret or "", asked.key, asked.plan_id, asked.audience)
    message = EmailMessage()
    message["From"] = asked.sender
    message["To"] = tokens.reply_address(SETTINGS.sender, token)
    message["Subject"] = f"Re: {original['Subject']}"
    message["Message-ID"] = f"<request-{n}@bench.example.vn>"
    message["In-Reply-To"] = str(original["Message-ID"])
    lines = "\n".join(answer_lines(asked.request))
    message.set_content(f"{lines}\n\nTrân trọng!\n\nVào Th 5, 4 thg 6, 2026 lúc 07:30 dondoc đã viết:\n{quoted}\n")
    if any(item.code == REPORT for item in asked.request.items):
        message.add_attachment(b"%PDF-1.4 bao cao", maintype="application", subtype="pdf", filename="bao-cao.pdf")
    return message.as_bytes()


@dataclass(frozen=True, kw_only=True)
class Replies:
    """The requests queued (and the items they list), and the replies written to some of them."""

    requests: int = 0
    items: int = 0
    replies: int = 0


def write_replies(url: str, after: int, folder: Path, limit: int | None) -> Replies:
    """A Maildir of one reply to each request queued after ``after``, the first ``limit`` of them."""
    (folder / "new").mkdir(parents=True)
    count = items = 0
    for count, asked in enumerate(requests(url, after), 1):
        if limit is None or count <= limit:
            (folder / "new" / f"{count:07d}.bench").write_bytes(reply(asked, count))
        items += len(asked.request.items)
    return Replies(requests=count, items=items, replies=count if limit is None else min(count, limit))


def reports_done(url: str) -> int:
    o = schema.occurrences.c
    query = select(func.count()).where(o.task_id == REPORT, o.state == State.DONE)
    with _engine(url) as engine, engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


# ---------------------------------------------------------------- one run


def sent_already(url: str) -> None:
    """The catch-up's digests marked sent, as that evening's ``send`` leaves them (not rendered here:
    only the requests' digests are, for the replies to quote them)."""
    with _engine(url) as engine, store.transaction(engine) as conn:
        conn.execute(update(schema.outbox).values(state="sent", sent_at=to_store(parse_now(EVE))))


def seconds(value: float) -> str:
    """Seconds to the hundredth (the shared table shows one decimal, too few for a raw query)."""
    return f"{value:,.2f}"


def bench(kind: str, databases: Databases, communes: int, folder: Path, limit: int | None) -> dict[str, float | str]:
    base = databases.new()
    generate(base, communes, LOADED)
    timed([[EXE, "check", "--now", EVE]], {**ENV, "DONDOC_DB": base})
    sent_already(base)
    checked, unchecked = databases.new(base), databases.new(base)
    raw_query, due = raw_query_seconds(checked, NOW)
    before_check = Marks.of(checked)
    check_s, check_mib = timed([[EXE, "check", "--now", NOW]], {**ENV, "DONDOC_DB": checked})
    check_raw, check_rows = raw_write_seconds(checked, unchecked, before_check)
    with _engine(checked) as engine:  # `send` renders them (untimed): the replies quote them
        outbox.drain(engine, Accept(), SETTINGS, parse_now(NOW))
    replies = folder / f"{kind}-{communes}"
    answered = write_replies(checked, before_check.last["outbox"], replies, limit)
    unreplied, before_ingest, done_before = databases.new(checked), Marks.of(checked), reports_done(checked)
    command = [EXE, "ingest", "--maildir", str(replies), "--now", REPLIED]
    ingest_s, ingest_mib = timed([command], {**ENV, "DONDOC_DB": checked})
    completed = reports_done(checked) - done_before
    assert completed == answered.replies, f"{completed} of {answered.replies} requests answered are complete"
    ingest_raw, ingest_rows = raw_write_seconds(checked, unreplied, before_ingest)
    return {
        "backend": kind,
        "communes": communes,
        "requests": answered.requests,
        "items": answered.items,
        "due rows": due,
        "raw query s": seconds(raw_query),
        "rows check wrote": check_rows,
        "raw writes s": seconds(check_raw),
        "check s": seconds(check_s),
        "check ms/commune": 1000 * check_s / communes,
        "check MiB": check_mib,
        "replies": answered.replies,
        "rows ingest wrote": ingest_rows,
        "raw insert s": seconds(ingest_raw),
        "ingest s": seconds(ingest_s),
        "ingest ms/reply": 1000 * ingest_s / answered.replies,
        "ingest MiB": ingest_mib,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, nargs="+", default=[100, 1000, 3321])
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite"])
    parser.add_argument("--replies", type=int, help="Answer only the first N requests (default: every one).")
    parser.add_argument("--pg-url", help="A PostgreSQL maintenance database URL (default: a throw-away cluster).")
    args = parser.parse_args()
    rows = []
    with ExitStack() as stack:
        for kind in args.backends:
            admin = None
            if kind == "postgres":
                admin = args.pg_url or stack.enter_context(postgres_server())
            for communes in args.communes:
                # Each size in its own folder, removed after its row: 1,000 communes take 14 GB of SQLite
                # files (the catch-up check queues months of digests; four copies of the store).
                with tempfile.TemporaryDirectory(prefix=f"dondoc-requests-{communes}-") as folder:
                    rows.append(bench(kind, Databases(Path(folder), admin), communes, Path(folder), args.replies))
                print(table(rows[-1:]), flush=True)
    print(f"\nloaded {LOADED}, caught up {EVE}, asked {NOW}, replies ingested {REPLIED}; {os.cpu_count()} CPUs\n")
    print(table(rows))


if __name__ == "__main__":
    main()
