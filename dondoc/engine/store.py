"""The store: the only module that speaks SQL (SQLAlchemy 2 Core; SQLite or PostgreSQL).

The schema is versioned: ``MIGRATIONS[i]`` takes a database from version ``i`` to ``i+1``
and ``migrate`` applies whatever is missing, so an empty database and an old one both end
at ``SCHEMA_VERSION``. All timestamps are stored as naive UTC.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from typing import Any, TypeVar

import orjson
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKeyConstraint,
    Index,
    Insert,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    Update,
    and_,
    bindparam,
    case,
    cast,
    create_engine,
    event,
    func,
    insert,
    inspect,
    make_url,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Dialect, RowMapping
from sqlalchemy.exc import ArgumentError, OperationalError

from .errors import Locked, StoreError

T = TypeVar("T")

DEFAULT_URL = "sqlite:///dondoc.db"

metadata = MetaData()
Id = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrements INTEGER only

meta = Table("meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text))

plans = Table(
    "plans",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("code", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("language", String(8), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("generated_until", Date),  # occurrences exist up to this due date
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

plan_revisions = Table(
    "plan_revisions",
    metadata,
    Column("plan_id", String(100), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("source_path", Text, nullable=False),
    Column("yaml_text", Text, nullable=False),
    Column("loaded_at", DateTime, nullable=False),
    Column("plan_json", Text),  # since schema 2: the validated plan
    PrimaryKeyConstraint("plan_id", "revision"),
    ForeignKeyConstraint(["plan_id"], ["plans.id"]),
)

units = Table(
    "units",
    metadata,
    Column("plan_id", String(100), nullable=False),
    Column("id", String(100), nullable=False),
    Column("name", Text, nullable=False),
    Column("emails", JSON, nullable=False),
    Column("head_name", Text),
    Column("head_email", Text),
    Column("active", Boolean, nullable=False),
    PrimaryKeyConstraint("plan_id", "id"),
    ForeignKeyConstraint(["plan_id"], ["plans.id"]),
)

tasks = Table(
    "tasks",
    metadata,
    Column("plan_id", String(100), nullable=False),
    Column("id", String(100), nullable=False),
    Column("title", Text, nullable=False),
    Column("section", String(100)),
    Column("lead", String(100), nullable=False),
    Column("coordinators", JSON, nullable=False),
    Column("kind", String(16), nullable=False),  # due | repeat | ongoing
    Column("due", Date),
    Column("repeat", String(16)),
    Column("start", Date),
    Column("end", Date),
    Column("active", Boolean, nullable=False),
    PrimaryKeyConstraint("plan_id", "id"),
    ForeignKeyConstraint(["plan_id"], ["plans.id"]),
)

targets = Table(
    "targets",
    metadata,
    Column("plan_id", String(100), nullable=False),
    Column("id", String(100), nullable=False),
    Column("title", Text, nullable=False),
    Column("measure", Text, nullable=False),
    Column("direction", String(8), nullable=False),
    Column("milestones", JSON, nullable=False),
    Column("lead", String(100), nullable=False),
    Column("active", Boolean, nullable=False),
    PrimaryKeyConstraint("plan_id", "id"),
    ForeignKeyConstraint(["plan_id"], ["plans.id"]),
)

occurrences = Table(
    "occurrences",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("plan_id", String(100), nullable=False),
    Column("task_id", String(100), nullable=False),  # "report" for periodic reports
    Column("unit_id", String(100), nullable=False),
    Column("period", String(32), nullable=False),
    Column("role", String(16), nullable=False),  # lead | coordinator | report
    Column("period_start", Date),
    Column("original_due", Date),
    Column("due", Date),  # the deadline in force (day-off rule, extension)
    Column("extension_until", Date),
    Column("state", String(16), nullable=False, server_default="not_started"),
    Column("progress", Integer, nullable=False, server_default="0"),
    Column("done_at", DateTime),
    Column("last_update_at", DateTime),
    Column("next_notice_on", Date),  # the working day the next reminder/escalation step fires
    Column("steps_done", Integer, nullable=False, server_default="0"),
    Column("active", Boolean, nullable=False, server_default="1"),
    UniqueConstraint("plan_id", "task_id", "unit_id", "period", name="uq_occurrence"),
    ForeignKeyConstraint(["plan_id"], ["plans.id"]),
)
Index("ix_occurrences_notice", occurrences.c.next_notice_on, occurrences.c.plan_id)  # which plans have work
# A batch of plans' due rows: a seek per plan, not a read of every occurrence of those plans.
Index("ix_occurrences_plan_notice", occurrences.c.plan_id, occurrences.c.next_notice_on)
Index("ix_occurrences_plan_unit", occurrences.c.plan_id, occurrences.c.unit_id)

events = Table(
    "events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("plan_id", String(100), nullable=False),
    Column("occurrence_id", Id),
    Column("target_id", String(100)),
    Column("kind", String(32), nullable=False),
    Column("actor", Text, nullable=False),  # unit id, "secretariat", "committee", "dondoc"
    Column("source", Text),  # Message-ID of the email, or "cli"
    Column("line", Integer),  # line of the email body that said it
    Column("payload", JSON, nullable=False),
    Column("at", DateTime, nullable=False),  # when it happened (the run's `now`)
    Column("recorded_at", DateTime, nullable=False),
)
Index("ix_events_occurrence", events.c.occurrence_id)
Index("ix_events_plan", events.c.plan_id, events.c.at)

notices = Table(
    "notices",
    metadata,
    Column("occurrence_id", Id, nullable=False),
    Column("step", String(16), nullable=False),  # r7, r3, r1, e1, e5, e10 ...
    Column("outbox_key", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
    PrimaryKeyConstraint("occurrence_id", "step"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("plan_id", String(100)),
    Column("kind", String(32), nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("subject", Text, nullable=False),
    Column("message_id", Text, nullable=False),
    Column("message", LargeBinary, nullable=False),  # the whole RFC 5322 message as sent (b"" until rendered)
    Column("payload", JSON),  # since schema 3: what to render (template, audience, items)
    Column("ref", String(16)),  # since schema 4: the message part of its reply token
    Column("audience", String(120)),  # since schema 4: unit:ID | head:ID | committee
    Column("state", String(16), nullable=False),  # queued | sending | sent | failed
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime),
    Column("last_error", Text),
    Column("created_at", DateTime, nullable=False),
    Column("sent_at", DateTime),
)
Index("ix_outbox_state", outbox.c.state, outbox.c.next_attempt_at)
Index("ix_outbox_ref", outbox.c.ref)
Index("ix_outbox_message_id", outbox.c.message_id)

inbox = Table(
    "inbox",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("message_id", Text),
    Column("raw", LargeBinary, nullable=False),  # kept whole, quarantined or not
    Column("sender", Text),
    Column("subject", Text),
    Column("plan_id", String(100)),
    Column("unit_id", String(100)),
    Column("state", String(16), nullable=False),  # recorded | quarantined | released
    Column("reason", Text),
    Column("detail", JSON),  # since schema 5: what was recorded and which lines were not understood
    Column("received_at", DateTime, nullable=False),
)
Index("ix_inbox_message_id", inbox.c.message_id)

runs = Table(
    "runs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("now", DateTime, nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("summary", JSON, nullable=False),
)


# --- migrations ------------------------------------------------------------------------


def _v1_initial(conn: Connection) -> None:
    metadata.create_all(conn)


def _add_column(conn: Connection, table: Table, name: str) -> None:
    """Add a column that databases created by an older dondoc lack (new ones have it already)."""
    if name not in {c["name"] for c in inspect(conn).get_columns(table.name)}:
        ddl = table.c[name].type.compile(dialect=conn.dialect)
        conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {ddl}"))


def _v2_plan_json(conn: Connection) -> None:
    """Keep each revision's validated plan as JSON, so reading a plan back skips YAML."""
    from .validate import parse_plan  # the backfill re-validates the stored YAML

    _add_column(conn, plan_revisions, "plan_json")
    cols = plan_revisions.c
    rows = conn.execute(select(cols.plan_id, cols.revision, cols.yaml_text).where(cols.plan_json.is_(None))).all()
    for row in rows:
        dumped = parse_plan(row.yaml_text.encode("utf-8"), "<store>").plan.model_dump_json()
        conn.execute(
            update(plan_revisions)
            .where(cols.plan_id == row.plan_id, cols.revision == row.revision)
            .values(plan_json=dumped)
        )


def _v3_outbox_payload(conn: Connection) -> None:
    """Digests are queued as data and rendered when first sent."""
    _add_column(conn, outbox, "payload")


def _add_indexes(conn: Connection, table: Table, *names: str) -> None:
    """Create indexes that databases created by an older dondoc lack (new ones have them already)."""
    for index in table.indexes:
        if index.name in names:
            index.create(conn, checkfirst=True)


def _v4_reply_tokens(conn: Connection) -> None:
    """Replies are matched by token reference and Message-ID, and verified against the audience."""
    _add_column(conn, outbox, "ref")
    _add_column(conn, outbox, "audience")
    _add_indexes(conn, outbox, "ix_outbox_ref", "ix_outbox_message_id")


def _v5_inbox_detail(conn: Connection) -> None:
    """Keep, with each received message, what was recorded from it and what was not understood."""
    _add_column(conn, inbox, "detail")


def _v6_plan_notice_index(conn: Connection) -> None:
    """The check reads a batch of plans' due rows through an index on (plan, next notice)."""
    _add_indexes(conn, occurrences, "ix_occurrences_plan_notice")


MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1_initial,
    _v2_plan_json,
    _v3_outbox_payload,
    _v4_reply_tokens,
    _v5_inbox_detail,
    _v6_plan_notice_index,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    """The version of the schema in the database (0 for an empty one)."""
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return int(value or 0)


def migrate(engine: Engine, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to ``target``; return the version it was at."""
    with engine.begin() as conn:
        _lock_for_migration(conn)
        start = schema_version(conn)
        if start > SCHEMA_VERSION:
            raise StoreError(
                f"the database schema is version {start}, newer than this dondoc ({SCHEMA_VERSION}): upgrade dondoc"
            )
        for version in range(start, target):
            MIGRATIONS[version](conn)
            _set_meta(conn, "schema_version", str(version + 1))
    return start


def _lock_for_migration(conn: Connection) -> None:
    # Two processes starting at once must not both create the tables.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(5700157)"))


_META = select(meta.c.value).where(meta.c.key == bindparam("key"))


def meta_value(conn: Connection, key: str, default: Callable[[], str]) -> str:
    """The stored value of ``key``; the first caller stores ``default()`` (concurrent callers agree)."""
    found = conn.execute(_META, {"key": key}).scalar()
    if found is None:  # only the very first call writes
        insert_ignore(conn, meta, [{"key": key, "value": default()}], ["key"])
        found = conn.execute(_META, {"key": key}).scalar_one()
    return str(found)


def _set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(select(meta.c.key).where(meta.c.key == key)).first():
        conn.execute(update(meta).where(meta.c.key == key).values(value=value))
    else:
        conn.execute(insert(meta).values(key=key, value=value))


# --- connecting ------------------------------------------------------------------------


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``DONDOC_DB``, else ``sqlite:///dondoc.db``."""
    return url or os.environ.get("DONDOC_DB") or DEFAULT_URL


def lock_wait_ms() -> int:
    """How long a SQLite writer waits for another one (``DONDOC_LOCK_WAIT`` seconds, default 30)."""
    try:
        return int(float(os.environ.get("DONDOC_LOCK_WAIT") or 30) * 1000)
    except ValueError:
        raise StoreError(
            f"DONDOC_LOCK_WAIT must be a number of seconds, not {os.environ['DONDOC_LOCK_WAIT']!r}"
        ) from None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={lock_wait_ms()}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # BEGIN IMMEDIATE takes the write lock up front, so that two writers queue on
    # busy_timeout instead of failing halfway with "database is locked".
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _json_text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# JSON columns (digest items, events, received messages' details) are written and read with orjson:
# a national catch-up night serialises 160,000 digests, and the stdlib encoder took a fifth of
# queueing them; orjson also keeps Vietnamese as UTF-8, not six-byte escapes.
_JSON: dict[str, Any] = {"json_serializer": _json_text, "json_deserializer": orjson.loads}


def _with_driver(url: str) -> str:
    """A PostgreSQL URL that names no driver means psycopg2, the one dondoc installs (SQLAlchemy 2.1
    would pick psycopg 3); ``postgres://`` is accepted for ``postgresql://``."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)
    return url


def _server_options(url: str) -> dict[str, Any]:
    """psycopg2 sends bulk updates in pages of statements, not one round trip per row."""
    return {"executemany_mode": "values_plus_batch"} if make_url(url).get_driver_name() == "psycopg2" else {}


def connect(url: str | None = None, *, upgrade: bool = True) -> Engine:
    """An engine for ``url`` with the schema migrated to the current version."""
    url = database_url(url)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, pool_size=2, max_overflow=8, **_JSON)  # kept open: opening runs the pragmas
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "connect", lambda c, _r: setattr(c, "isolation_level", None))
            event.listen(engine, "begin", _sqlite_begin)
        else:
            url = _with_driver(url)
            engine = create_engine(url, pool_pre_ping=True, **_JSON, **_server_options(url))
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database {url!r}: {exc}") from None
    try:
        if upgrade:
            migrate(engine)
    except OperationalError as exc:
        _raise_if_locked(exc)
        raise StoreError(f"cannot open database {url!r}: {exc.orig}") from None
    return engine


def _raise_if_locked(exc: OperationalError) -> None:
    if "locked" in str(exc.orig).lower():
        raise Locked("the database is locked by another writer; try again in a minute") from None


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One short write transaction."""
    try:
        with engine.begin() as conn:
            yield conn
    except OperationalError as exc:
        _raise_if_locked(exc)
        raise


def utcnow_naive(moment: datetime) -> datetime:
    """A timezone-aware moment as the naive UTC value the store keeps."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> int:
    """Insert rows, skipping those that collide on the unique ``keys``; return how many were new."""
    if not rows:
        return 0
    if conn.dialect.name == "postgresql" and len(rows) > 1:
        # SQLAlchemy sends an INSERT .. ON CONFLICT as multi-row statements only with RETURNING
        # (without, psycopg2 makes one round trip per row): the rows that come back are the new ones.
        return len(conn.execute(_new_rows("postgresql", table, tuple(keys)), list(rows)).all())
    return max(execute_many(conn, _insert_ignoring(conn.dialect.name, table, tuple(keys)), rows).rowcount, 0)


def execute_many(conn: Connection, stmt: Insert | Update, rows: Sequence[Mapping[str, Any]]) -> CursorResult[Any]:
    """Run ``stmt`` once per row, every row with the same keys.

    On SQLite the statement is compiled once and the driver runs it over plain tuples: SQLAlchemy's
    per-row parameter handling cost three times the writing itself on a night of a national check.
    Each distinct value is converted by its column's type once (a night's dates repeat). PostgreSQL
    keeps SQLAlchemy's batched path (``insertmanyvalues``): there, round trips are the cost."""
    if conn.dialect.name != "sqlite" or len(rows) <= 1:
        return conn.execute(stmt, list(rows))
    sql, names, processors = _plain(conn.dialect, stmt, tuple(rows[0]))
    memos: list[dict[Any, Any]] = [{} for _ in names]
    plain = [
        tuple(
            value if proc is None else _converted(memo, proc, value)
            for value, proc, memo in zip((row[n] for n in names), processors, memos, strict=True)
        )
        for row in rows
    ]
    return conn.exec_driver_sql(sql, plain)


def _converted(memo: dict[Any, Any], proc: Callable[[Any], Any], value: Any) -> Any:
    key = (type(value), value)  # 1, 1.0 and True are equal, and a JSON column tells them apart
    try:
        return memo[key]
    except KeyError:
        memo[key] = converted = proc(value)
        return converted
    except TypeError:  # not hashable (a JSON document): converted each time
        return proc(value)


@lru_cache(maxsize=64)  # statements are module constants or cached builders; engines come and go (tests)
def _plain(
    dialect: Dialect, stmt: Insert | Update, keys: tuple[str, ...]
) -> tuple[str, tuple[str, ...], list[Callable[[Any], Any] | None]]:
    """SQL text for the driver, the row keys in parameter order, and each one's type conversion."""
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
    names = tuple(compiled.positiontup or ())
    types = [compiled.binds[name].type for name in names]
    return str(compiled), names, [t.dialect_impl(dialect).bind_processor(dialect) for t in types]


@cache
def _insert_ignoring(dialect: str, table: Table, keys: tuple[str, ...]) -> Insert:
    insert_of = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert_of(table).on_conflict_do_nothing(index_elements=list(keys))


@cache
def _new_rows(dialect: str, table: Table, keys: tuple[str, ...]) -> Insert:
    """Insert, skipping collisions on ``keys``, and return the first key of each row inserted."""
    return _insert_ignoring(dialect, table, keys).returning(table.c[keys[0]])


def json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def count(conn: Connection, table: Table, *where: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def chunks(rows: Iterable[T], size: int = 5000) -> Iterator[list[T]]:
    """Rows in lists of ``size``, so bulk inserts stream instead of building one huge list (and
    ``IN`` lists stay well under any driver's limit on parameters)."""
    batch: list[T] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- plans -----------------------------------------------------------------------------


def plan_row(conn: Connection, plan_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(plans).where(plans.c.id == plan_id)).mappings().first()
    return dict(row) if row else None


# Statements run for every received message are built once: building one costs more than
# running it on SQLite.
_HEAD_SHAS = (
    select(plans.c.id, plans.c.revision, plan_revisions.c.sha256)
    .join(plan_revisions, (plan_revisions.c.plan_id == plans.c.id) & (plan_revisions.c.revision == plans.c.revision))
    .where(plans.c.id.in_(bindparam("plan_ids", expanding=True)))
)


def head_shas(conn: Connection, plan_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
    """The current revision of each plan and the sha256 of its text (cheap: no plan JSON read);
    plans not in the store are left out."""
    if not plan_ids:  # a batch of replies that cite nothing dondoc sent
        return {}
    rows = conn.execute(_HEAD_SHAS, {"plan_ids": list(plan_ids)})
    return {str(r.id): (int(r.revision), str(r.sha256)) for r in rows}


def revision_jsons(conn: Connection, heads: Mapping[str, int]) -> dict[str, str]:
    """The validated plan (JSON) of one stored revision of each plan: ``{plan_id: revision}``."""
    found: dict[str, str] = {}
    for part in chunks(list(heads.items()), 100):
        values = {f"p{n}": pid for n, (pid, _) in enumerate(part)} | {f"r{n}": r for n, (_, r) in enumerate(part)}
        found.update((str(r.plan_id), str(r.plan_json)) for r in conn.execute(_revisions_of(len(part)), values))
    return found


@cache
def _revisions_of(count: int) -> Select[Any]:
    """The plan texts of so many (plan, revision) pairs, each pair its own condition: SQLite reads a
    list of pairs (``IN ((?, ?), ...)``) by scanning every stored revision, and each pair by the
    primary key (built once per count: building a statement costs more than running it)."""
    cols = plan_revisions.c
    pairs = [and_(cols.plan_id == bindparam(f"p{n}"), cols.revision == bindparam(f"r{n}")) for n in range(count)]
    return select(cols.plan_id, cols.plan_json).where(or_(*pairs))


def current_sha(conn: Connection, plan_id: str) -> str | None:
    row = conn.execute(
        select(plan_revisions.c.sha256)
        .join(plans, plans.c.id == plan_revisions.c.plan_id)
        .where(plans.c.id == plan_id, plan_revisions.c.revision == plans.c.revision)
    ).first()
    return str(row.sha256) if row else None


def save_revision(conn: Connection, head: dict[str, Any], revision: dict[str, Any]) -> None:
    """Insert or move forward a plan's head row, and append its new revision."""
    if plan_row(conn, head["id"]) is None:
        conn.execute(insert(plans).values(**head, created_at=head["updated_at"]))
    else:
        conn.execute(update(plans).where(plans.c.id == head["id"]).values(**head))
    conn.execute(insert(plan_revisions).values(**revision))


def replace_children(conn: Connection, table: Table, plan_id: str, rows: list[dict[str, Any]]) -> None:
    """Make ``rows`` the active children of a plan; rows no longer listed stay, inactive."""
    conn.execute(update(table).where(table.c.plan_id == plan_id).values(active=False))
    existing = {r[0] for r in conn.execute(select(table.c.id).where(table.c.plan_id == plan_id))}
    for row in rows:
        if row["id"] in existing:
            conn.execute(update(table).where(table.c.plan_id == plan_id, table.c.id == row["id"]).values(**row))
        else:
            conn.execute(insert(table).values(**row))


def list_plans(conn: Connection) -> list[dict[str, Any]]:
    """Every stored plan with its counts of active tasks, units and targets."""
    result = []
    for row in conn.execute(select(plans).order_by(plans.c.id)).mappings():
        counts = {
            name: count(conn, table, table.c.plan_id == row["id"], table.c.active.is_(True))
            for name, table in (("tasks", tasks), ("units", units), ("targets", targets))
        }
        result.append({**dict(row), **counts})
    return result


# --- occurrences -----------------------------------------------------------------------


def plans_to_extend(conn: Connection, until: date) -> list[dict[str, Any]]:
    """Plans whose occurrences stop short of ``until`` (or were reset by a new revision)."""
    query = select(plans).where((plans.c.generated_until.is_(None)) | (plans.c.generated_until < until))
    return [dict(r) for r in conn.execute(query.order_by(plans.c.id)).mappings()]


def existing_occurrences(conn: Connection, plan_id: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    cols = occurrences.c
    query = select(
        cols.id,
        cols.task_id,
        cols.unit_id,
        cols.period,
        cols.original_due,
        cols.due,
        cols.active,
        cols.extension_until,
        cols.state,
        cols.steps_done,
        cols.role,
    ).where(cols.plan_id == plan_id)
    return {(r.task_id, r.unit_id, r.period): dict(r._mapping) for r in conn.execute(query)}


def insert_occurrences(conn: Connection, rows: Iterable[dict[str, Any]]) -> int:
    total = 0
    for batch in chunks(rows):
        total += insert_ignore(conn, occurrences, batch, ["plan_id", "task_id", "unit_id", "period"])
    return total


@cache
def _occurrence_update(columns: tuple[str, ...]) -> Update:
    """The statement setting these columns of one occurrence (built once per set of columns)."""
    return (
        update(occurrences)
        .where(occurrences.c.id == bindparam("oid"))
        .values({c: bindparam(f"v_{c}") for c in columns})
    )


def update_occurrences(conn: Connection, changes: Sequence[dict[str, Any]]) -> None:
    """Apply per-row changes; each dict has ``oid`` and the same set of columns to set."""
    if not changes:
        return
    columns = tuple(k for k in changes[0] if k != "oid")
    stmt = _occurrence_update(columns)
    for batch in chunks(changes):
        execute_many(conn, stmt, [{"oid": ch["oid"], **{f"v_{c}": ch[c] for c in columns}} for ch in batch])


def set_generated_until(conn: Connection, plan_id: str, until: date) -> None:
    conn.execute(update(plans).where(plans.c.id == plan_id).values(generated_until=until))


def reset_generation(conn: Connection, plan_id: str) -> None:
    conn.execute(update(plans).where(plans.c.id == plan_id).values(generated_until=None))


_DUE_COLUMNS = (
    occurrences.c.id,
    occurrences.c.plan_id,
    occurrences.c.task_id,
    occurrences.c.unit_id,
    occurrences.c.period,
    occurrences.c.role,
    occurrences.c.due,
    occurrences.c.original_due,
    occurrences.c.state,
    occurrences.c.progress,
    occurrences.c.steps_done,
)


def due_query(today: date, plan_ids: Sequence[str] | None = None) -> Any:
    """The raw selection of the nightly check: active occurrences with a step due by ``today``."""
    query = select(*_DUE_COLUMNS).where(occurrences.c.next_notice_on <= today, occurrences.c.active.is_(True))
    if plan_ids is not None:
        query = query.where(occurrences.c.plan_id.in_(plan_ids))
    return query.order_by(occurrences.c.plan_id, occurrences.c.id)


def plans_with_due_work(conn: Connection, today: date) -> list[str]:
    query = (
        select(occurrences.c.plan_id)
        .where(occurrences.c.next_notice_on <= today, occurrences.c.active.is_(True))
        .group_by(occurrences.c.plan_id)
        .order_by(occurrences.c.plan_id)
    )
    return [str(r[0]) for r in conn.execute(query)]


def claim_plans(conn: Connection, plan_ids: Sequence[str]) -> list[str]:
    """Lock these plans' rows for this transaction; on PostgreSQL skip those another worker holds."""
    query = select(plans.c.id).where(plans.c.id.in_(plan_ids)).order_by(plans.c.id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return [str(r[0]) for r in conn.execute(query)]


def stream(conn: Connection, query: Any, size: int = 5000) -> Iterator[Any]:
    """Rows of a query fetched in batches (server-side cursor on PostgreSQL)."""
    yield from conn.execute(query, execution_options={"stream_results": True, "yield_per": size})


def record_notices(conn: Connection, rows: Sequence[dict[str, Any]]) -> int:
    return insert_ignore(conn, notices, rows, ["occurrence_id", "step"])


def queue_messages(conn: Connection, rows: Sequence[dict[str, Any]]) -> set[str]:
    """Put messages in the outbox, skipping keys already there; return the keys that were new."""
    if len(rows) == 1:  # one answer to a received message: one statement, no RETURNING
        return {rows[0]["key"]} if insert_ignore(conn, outbox, rows, ["key"]) else set()
    if not rows:
        return set()
    # One statement: the rows that collide are skipped, and only the new ones come back.
    return set(conn.execute(_new_rows(conn.dialect.name, outbox, ("key",)), list(rows)).scalars())


# --- outbox ----------------------------------------------------------------------------


def claim_outbox(conn: Connection, now: datetime, stale_before: datetime, limit: int) -> list[dict[str, Any]]:
    """Take messages to send: queued and due, or left 'sending' by a run that died."""
    cols = outbox.c
    ready = (cols.state == "queued") & ((cols.next_attempt_at.is_(None)) | (cols.next_attempt_at <= now))
    abandoned = (cols.state == "sending") & (cols.next_attempt_at <= stale_before)
    wanted = [cols.id, cols.key, cols.plan_id, cols.kind, cols.audience, cols.message_id, cols.recipients]
    query = select(*wanted, cols.message, cols.payload, cols.attempts).where(ready | abandoned)
    query = query.order_by(cols.id).limit(limit)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    if rows:
        conn.execute(
            update(outbox)
            .where(cols.id.in_([r["id"] for r in rows]))
            .values(state="sending", attempts=cols.attempts + 1, next_attempt_at=now)
        )
    return rows


def settle_outbox(conn: Connection, change: dict[str, Any]) -> None:
    """Record what happened to one sent message: ``mid`` and the columns to set."""
    if conn.dialect.name == "postgresql":
        # One commit per message: not waiting for the disk flush keeps that cheap. Only a crash of
        # the database server itself can lose this commit, and then the message goes again with
        # its Message-ID (a recognisable duplicate); a crash of dondoc loses nothing.
        conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
    values = {c: v for c, v in change.items() if c != "mid"}
    conn.execute(update(outbox).where(outbox.c.id == change["mid"]).values(values))


def set_rendered(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Keep rendered messages (dicts with id, subject, message): a retry sends exactly these bytes."""
    if rows:
        values = [{"mid": r["id"], "subject": r["subject"], "message": r["message"]} for r in rows]
        stmt = update(outbox).where(outbox.c.id == bindparam("mid")).values(subject=bindparam("subject"))
        conn.execute(stmt.values(message=bindparam("message")), values)


# --- status and events -----------------------------------------------------------------


def status_rows(conn: Connection, today: date, plan_id: str | None = None, unit_id: str | None = None) -> Iterator[Any]:
    """Active occurrences whose period has begun by ``today``, in plan, due-date order."""
    cols = occurrences.c
    query = select(occurrences).where(
        cols.active.is_(True), (cols.period_start.is_(None)) | (cols.period_start <= today)
    )
    if plan_id:
        query = query.where(cols.plan_id == plan_id)
    if unit_id:
        query = query.where(cols.unit_id == unit_id)
    yield from stream(conn, query.order_by(cols.plan_id, cols.due, cols.task_id, cols.unit_id))


_FIND = (
    select(occurrences)
    .where(
        occurrences.c.plan_id == bindparam("plan_id"),
        occurrences.c.task_id == bindparam("task_id"),
        occurrences.c.unit_id == bindparam("unit_id"),
        occurrences.c.active.is_(True),
    )
    .order_by(occurrences.c.due)
)
_FIND_OPEN = _FIND.where(
    occurrences.c.state != "done",
    occurrences.c.period.in_(bindparam("prefer", expanding=True))
    | occurrences.c.period_start.is_(None)
    | (occurrences.c.period_start <= bindparam("today")),
)
_ADD_EVENTS = insert(events)
_NO_TARGET = {"occurrence_id": None, "target_id": None}
_SET_OCCURRENCE = update(occurrences).where(occurrences.c.id == bindparam("oid"))


def find_occurrences(conn: Connection, plan_id: str, task_id: str, unit_id: str) -> Sequence[RowMapping]:
    """The active occurrences of a task for a unit, by due date (read-only rows: every reply reads
    them, and copying each into a dict cost more than the query)."""
    return conn.execute(_FIND, {"plan_id": plan_id, "task_id": task_id, "unit_id": unit_id}).mappings().all()


def open_occurrences(
    conn: Connection, plan_id: str, task_id: str, unit_id: str, today: date, prefer: Sequence[str]
) -> Sequence[RowMapping]:
    """Those not done that have begun by ``today`` or are in ``prefer``: what an update without a
    period may be about (a task's done periods pile up over the years; its future ones wait)."""
    values = {"plan_id": plan_id, "task_id": task_id, "unit_id": unit_id, "today": today, "prefer": list(prefer)}
    return conn.execute(_FIND_OPEN, values).mappings().all()


def append_events(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Several events in one statement (a batch of received messages writes them at its end)."""
    if rows:  # one statement needs the same columns in every row: those an event leaves out are NULL
        execute_many(conn, _ADD_EVENTS, [{**_NO_TARGET, **row} for row in rows])


def set_occurrence(conn: Connection, occurrence_id: int, values: dict[str, Any]) -> None:
    conn.execute(_SET_OCCURRENCE, {"oid": occurrence_id, **values})


def silence_task_period(conn: Connection, plan_id: str, task_id: str, period: str) -> None:
    """No more notices for anyone on a task's period (its lead reported it done)."""
    cols = occurrences.c
    conn.execute(
        update(occurrences)
        .where(cols.plan_id == plan_id, cols.task_id == task_id, cols.period == period)
        .values(next_notice_on=None)
    )


def target_values(conn: Connection, plan_id: str | None = None) -> list[dict[str, Any]]:
    """Every recorded target value, oldest first."""
    query = select(events.c.plan_id, events.c.target_id, events.c.payload, events.c.at).where(
        events.c.kind == "target_value"
    )
    if plan_id:
        query = query.where(events.c.plan_id == plan_id)
    return [dict(r) for r in conn.execute(query.order_by(events.c.at, events.c.id)).mappings()]


def plan_events(conn: Connection, plan_id: str) -> list[dict[str, Any]]:
    """Every event of a plan, oldest first, each with its occurrence's task, unit and period."""
    occ = occurrences.c
    query = (
        select(events, occ.task_id, occ.unit_id, occ.period)
        .select_from(events.outerjoin(occurrences, occ.id == events.c.occurrence_id))
        .where(events.c.plan_id == plan_id)
        .order_by(events.c.at, events.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def occurrence_events(conn: Connection, occurrence_id: int) -> list[dict[str, Any]]:
    query = select(events).where(events.c.occurrence_id == occurrence_id).order_by(events.c.at, events.c.id)
    return [dict(r) for r in conn.execute(query).mappings()]


def last_events(conn: Connection, occurrence_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The latest event of each occurrence (what an escalation shows as 'last update')."""
    found: dict[int, dict[str, Any]] = {}
    for ids in chunks(occurrence_ids, 500):
        query = select(events).where(events.c.occurrence_id.in_(ids)).order_by(events.c.at, events.c.id)
        found.update({r["occurrence_id"]: dict(r) for r in conn.execute(query).mappings()})
    return found


# --- inbox -----------------------------------------------------------------------------


# One lookup served by both indexes (SQLite's multi-index OR, PostgreSQL's bitmap OR).
_KNOWN_OF = (
    select(inbox.c.id, inbox.c.sha256, inbox.c.message_id)
    .where(
        inbox.c.sha256.in_(bindparam("shas", expanding=True))
        | inbox.c.message_id.in_(bindparam("mids", expanding=True))
    )
    .order_by(inbox.c.id)
)
_ADD_INBOX = insert(inbox).returning(inbox.c.id)
_ADD_INBOXES = insert(inbox)
_INBOX_IDS = select(inbox.c.sha256, inbox.c.id).where(inbox.c.sha256.in_(bindparam("shas", expanding=True)))


def inbox_known_of(conn: Connection, pairs: Sequence[tuple[str, str]]) -> list[tuple[int, str, str | None]]:
    """(id, sha256, Message-ID), oldest first, of the messages already received with any of these
    (sha256, Message-ID) pairs' bytes or Message-IDs: a batch asks for all of its messages at once."""
    found: list[tuple[int, str, str | None]] = []
    for part in chunks(pairs, 400):
        values = {"shas": [sha for sha, _ in part], "mids": [mid for _, mid in part if mid]}
        found += [(int(r[0]), r[1], r[2]) for r in conn.execute(_KNOWN_OF, values)]
    return found


def add_inbox(conn: Connection, row: dict[str, Any]) -> int:
    return int(conn.execute(_ADD_INBOX, row).scalar_one())


def add_inboxes(conn: Connection, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Store received messages (each new); return their ids by sha256. Two statements: SQLite
    would return ids in the order given only one row at a time."""
    if len(rows) <= 1:  # none, or one message from an MTA: one statement at most
        return {row["sha256"]: add_inbox(conn, row) for row in rows}
    execute_many(conn, _ADD_INBOXES, rows)
    found: dict[str, int] = {}
    for part in chunks([row["sha256"] for row in rows], 400):
        found.update((sha, int(i)) for sha, i in conn.execute(_INBOX_IDS, {"shas": part}))
    return found


def list_inbox(conn: Connection, state: str | None = None) -> list[dict[str, Any]]:
    cols = [c for c in inbox.c if c.name != "raw"]
    query = select(*cols).order_by(inbox.c.id)
    if state:
        query = query.where(inbox.c.state == state)
    return [dict(r) for r in conn.execute(query).mappings()]


def inbox_message(conn: Connection, inbox_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(inbox).where(inbox.c.id == inbox_id)).mappings().first()
    return dict(row) if row else None


def set_inbox(conn: Connection, inbox_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(inbox).where(inbox.c.id == inbox_id).values(**values))


def outbox_messages(conn: Connection) -> list[dict[str, Any]]:
    """Every message in the outbox, in the order it was queued."""
    return [dict(r) for r in conn.execute(select(outbox).order_by(outbox.c.id)).mappings()]


_SENT = select(
    outbox.c.id,
    outbox.c.key,
    outbox.c.plan_id,
    outbox.c.kind,
    outbox.c.audience,
    outbox.c.message_id,
    outbox.c.ref,
    outbox.c.payload,
).order_by(outbox.c.id)
_SENT_BY = _SENT.where(
    outbox.c.ref.in_(bindparam("refs", expanding=True)) | outbox.c.message_id.in_(bindparam("ids", expanding=True))
)


def sent_messages(conn: Connection, refs: Sequence[str], message_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Messages dondoc sent with any of these token references or Message-IDs (what replies
    answer), oldest first: a batch of replies asks for all it cites at once."""
    found: list[dict[str, Any]] = []
    for part in chunks([*[("ref", r) for r in refs], *[("id", i) for i in message_ids]], 400):
        values = {"refs": [v for k, v in part if k == "ref"], "ids": [v for k, v in part if k == "id"]}
        found += [dict(r) for r in conn.execute(_SENT_BY, values).mappings()]
    return sorted({r["id"]: r for r in found}.values(), key=lambda r: int(r["id"]))


def replies_since(conn: Connection, addresses: Collection[str], since: datetime) -> dict[str, int]:
    """How many replies dondoc queued to each of ``addresses`` since ``since`` (a cap against loops)."""
    counts = dict.fromkeys(addresses, 0)
    for part in chunks(sorted(addresses), 100):
        values: dict[str, Any] = {"since": since}
        for n, address in enumerate(part):
            values[f"low{n}"], values[f"high{n}"] = f"reply:{address}:", f"reply:{address};"
        for key in conn.execute(_replies_to(len(part)), values).scalars():
            address = key[len("reply:") : key.rindex(":")]
            if address in counts:  # another address that only shares this one's range is not counted
                counts[address] += 1
    return counts


@cache
def _replies_to(addresses: int) -> Select[Any]:
    """The keys of replies to so many addresses: one key range each, so the unique index on key
    serves them all (built once per count: building a statement costs more than running it)."""
    key = outbox.c.key
    ranges = [and_(key >= bindparam(f"low{n}"), key < bindparam(f"high{n}")) for n in range(addresses)]
    return select(key).where(or_(*ranges), outbox.c.created_at >= bindparam("since"))


def pending_extension(conn: Connection, plan_id: str, task_id: str) -> dict[str, Any] | None:
    """The latest extension request on a task not yet decided: its event and occurrence."""
    query = (
        select(events, occurrences.c.unit_id, occurrences.c.period)
        .join(occurrences, occurrences.c.id == events.c.occurrence_id)
        .where(events.c.plan_id == plan_id, occurrences.c.task_id == task_id)
        .where(events.c.kind.in_(["extension_requested", "extension_approved", "extension_refused"]))
        .order_by(events.c.at.desc(), events.c.id.desc())
        .limit(1)
    )
    row = conn.execute(query).mappings().first()
    return dict(row) if row and row["kind"] == "extension_requested" else None


def plans_knowing(conn: Connection, address: str) -> list[str]:
    """Plans in which ``address`` belongs to a unit or its head (to answer mail that cites nothing)."""
    quoted = f'%"{address}"%'
    query = select(units.c.plan_id).where(
        units.c.active.is_(True), cast(units.c.emails, Text).ilike(quoted) | units.c.head_email.ilike(address)
    )
    return list(dict.fromkeys(conn.execute(query.order_by(units.c.plan_id)).scalars()))


def task_events(conn: Connection, plan_id: str, task_id: str, unit_id: str | None = None) -> list[dict[str, Any]]:
    """Every event of a task's occurrences, oldest first, for ``status --history``.

    An empty list means the task has no occurrence (for that unit); an occurrence without
    events yields one row saying so.
    """
    occ = occurrences.c
    query = (
        select(occ.id, occ.unit_id, occ.period, events.c.at, events.c.kind, events.c.actor)
        .add_columns(events.c.source, events.c.line, events.c.payload)
        .select_from(occurrences.outerjoin(events, events.c.occurrence_id == occ.id))
        .where(occ.plan_id == plan_id, occ.task_id == task_id)
        .order_by(events.c.at, events.c.id, occ.due, occ.unit_id)
    )
    if unit_id:
        query = query.where(occ.unit_id == unit_id)
    found = []
    for row in conn.execute(query).mappings():
        payload = row["payload"] or {}
        said = "; ".join(f"{k}={v}" for k, v in payload.items() if v not in (None, "") and k != "period")
        found.append(
            {
                "at": row["at"].isoformat() if row["at"] else None,
                "unit": row["unit_id"],
                "period": row["period"],
                "kind": row["kind"] or "(no update yet)",
                "actor": row["actor"],
                "source": row["source"],
                "line": row["line"],
                "said": said,
            }
        )
    return found


# --- runs and the dashboard ------------------------------------------------------------


def record_run(conn: Connection, row: dict[str, Any]) -> None:
    """One finished run (kind, now, started_at, finished_at, summary) for the dashboard and catch-up."""
    conn.execute(insert(runs).values(**row))


def last_runs(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    query = select(runs).order_by(runs.c.id.desc()).limit(limit)
    return [dict(r) for r in conn.execute(query).mappings()]


def runs_covering(conn: Connection, kind: str, since: datetime) -> list[dict[str, Any]]:
    """Runs of ``kind`` that acted at or after ``since`` (naive UTC): did anyone take that tick?"""
    query = select(runs.c.now, runs.c.summary).where(runs.c.kind == kind, runs.c.now >= since)
    return [dict(r) for r in conn.execute(query).mappings()]


def plan_overview(conn: Connection, today: date, plan_ids: Sequence[str] | None = None) -> dict[str, dict[str, int]]:
    """Per plan (of ``plan_ids``, or every plan), lead items begun by ``today``: how many, done,
    fallen due (deadline by today), overdue."""
    cols = occurrences.c
    begun = cols.active.is_(True) & (cols.role != "coordinator")
    if plan_ids is not None:
        begun &= cols.plan_id.in_(plan_ids)
    begun &= (cols.period_start.is_(None)) | (cols.period_start <= today)
    is_done = cols.state == "done"
    figures = {
        "total": func.count(),
        "done": func.sum(case((is_done, 1), else_=0)),
        "due": func.sum(case((cols.due <= today, 1), else_=0)),
        "overdue": func.sum(case((~is_done & (cols.due < today), 1), else_=0)),
    }
    query = select(cols.plan_id, *(value.label(name) for name, value in figures.items())).where(begun)
    return {
        row.plan_id: {name: int(getattr(row, name) or 0) for name in figures}
        for row in conn.execute(query.group_by(cols.plan_id))
    }


def state_counts(conn: Connection, table: Table) -> dict[str, int]:
    """How many rows of the outbox or inbox are in each state."""
    query = select(table.c.state, func.count()).group_by(table.c.state)
    return {str(state): int(n) for state, n in conn.execute(query)}


def list_plan_ids(conn: Connection) -> list[dict[str, Any]]:
    """Every stored plan's id, code, title and time zone (no counts: cheap enough to poll)."""
    query = select(plans.c.id, plans.c.code, plans.c.title, plans.c.timezone).order_by(plans.c.id)
    return [dict(r) for r in conn.execute(query).mappings()]
