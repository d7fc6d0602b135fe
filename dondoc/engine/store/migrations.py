"""The versioned schema: ``MIGRATIONS[i]`` takes a database from version ``i`` to ``i+1``.

``migrate`` applies whatever is missing, so an empty database and an old one both end at
``SCHEMA_VERSION``. Only commands that write migrate; one that only reads refuses a schema
that is not current (``require_current``) and says what to run.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, Table, inspect, select, text, update

from ..errors import StoreError
from . import faults, meta
from .dialect import lock_for_migration
from .merges import merge_reports
from .schema import inbox, metadata, occurrences, outbox, plan_revisions, plans, report_entries


def _v1_initial(conn: Connection) -> None:
    metadata.create_all(conn)


def _add_column(conn: Connection, table: Table, name: str) -> None:
    """Add a column that databases created by an older dondoc lack (new ones have it already)."""
    if name not in {c["name"] for c in inspect(conn).get_columns(table.name)}:
        ddl = table.c[name].type.compile(dialect=conn.dialect)
        conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {ddl}"))


def _add_indexes(conn: Connection, table: Table, *names: str) -> None:
    """Create indexes that databases created by an older dondoc lack (new ones have them already)."""
    for index in table.indexes:
        if index.name in names:
            index.create(conn, checkfirst=True)


def _v2_plan_json(conn: Connection) -> None:
    """Keep each revision's validated plan as JSON, so reading a plan back skips YAML.

    A revision that this dondoc no longer accepts keeps no JSON: that plan alone then fails, with
    a line asking to load its file again, and the upgrade goes on for the others."""
    _add_column(conn, plan_revisions, "plan_json")
    cols = plan_revisions.c
    rows = conn.execute(select(cols.plan_id, cols.revision, cols.yaml_text).where(cols.plan_json.is_(None))).all()
    for row in rows:
        dumped = _validated_json(row.yaml_text)
        if dumped is None:
            continue
        conn.execute(
            update(plan_revisions)
            .where(cols.plan_id == row.plan_id, cols.revision == row.revision)
            .values(plan_json=dumped)
        )


def _validated_json(yaml_text: str) -> str | None:
    """A stored plan text re-validated, as JSON; None if this dondoc refuses it."""
    from ..validate import parse_plan  # the backfill re-validates the stored YAML

    try:
        return parse_plan(yaml_text.encode("utf-8"), "<store>").plan.model_dump_json()
    except Exception:  # any refusal: that plan reports it when it is next read, the others upgrade
        return None


def _v3_outbox_payload(conn: Connection) -> None:
    """Digests are queued as data and rendered when first sent."""
    _add_column(conn, outbox, "payload")


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


def _v7_stopped_on(conn: Connection) -> None:
    """An occurrence of a cancelled task keeps the day the cancellation took effect."""
    _add_column(conn, occurrences, "stopped_on")


def _v8_outbox_thread(conn: Connection) -> None:
    """Answers name the conversation they belong to: at most so many a day in one (the loop guard)."""
    _add_column(conn, outbox, "thread")
    _add_indexes(conn, outbox, "ix_outbox_thread")


def _v9_one_report_per_cut_off(conn: Connection) -> None:
    """Periods of several cadences closing the same day make ONE report occurrence (#19): in each
    group of a unit's report occurrences with one cut-off, the longest period's stays, the others
    are retired (never deleted), their events move to it, and it takes the group's furthest state
    (done if any was, the most steps handled: nothing is reminded twice)."""
    merge_reports(conn)


def _v10_report_entries(conn: Connection) -> None:
    """Answers are kept per (item, unit, report occurrence) with their source (#19)."""
    report_entries.create(conn, checkfirst=True)


def _v11_target_reviews(conn: Connection) -> None:
    """Each plan keeps the day the committee next hears of its targets (#19). Every plan's
    occurrences are derived again in full at the next sync, which sets that day (and retires the
    report occurrences of a cut-off that migration 9 left alone, if the plan no longer has them)."""
    _add_column(conn, plans, "review_on")
    conn.execute(update(plans).values(generated_until=None))


MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1_initial,
    _v2_plan_json,
    _v3_outbox_payload,
    _v4_reply_tokens,
    _v5_inbox_detail,
    _v6_plan_notice_index,
    _v7_stopped_on,
    _v8_outbox_thread,
    _v9_one_report_per_cut_off,
    _v10_report_entries,
    _v11_target_reviews,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: Connection) -> int:
    """The version of the schema in the database (0 for an empty one)."""
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    return int(meta.get(conn, "schema_version") or 0)


def refuse_foreign(conn: Connection, version: int) -> None:
    """Refuse a database without dondoc's schema that holds tables: another program's, which dondoc
    must neither read as an empty store nor fill with its own tables."""
    if version == 0:
        tables = sorted(inspect(conn).get_table_names())
        if tables:
            raise faults.foreign(conn.engine.url.render_as_string(hide_password=True), tables)


def migrate(engine: Engine, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to ``target``; return the version it was at."""
    with engine.begin() as conn:
        lock_for_migration(conn)
        start = schema_version(conn)
        refuse_foreign(conn, start)
        _refuse_newer(start)
        for version in range(start, target):
            MIGRATIONS[version](conn)
            meta.set_value(conn, "schema_version", str(version + 1))
    return start


def require_current(version: int) -> None:
    """Refuse a schema at ``version`` that this dondoc would have to migrate (a command that only
    reads never does)."""
    _refuse_newer(version)
    if version < SCHEMA_VERSION:
        raise StoreError(
            f"the database schema is version {version}, older than this dondoc ({SCHEMA_VERSION}), and this "
            "command only reads: run `dondoc migrate` (or any command that writes) first"
        )


def _refuse_newer(version: int) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the database schema is version {version}, newer than this dondoc ({SCHEMA_VERSION}): upgrade dondoc"
        )
