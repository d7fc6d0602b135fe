"""The schema: every table and index dondoc keeps (SQLAlchemy Core; SQLite or PostgreSQL).

A new table, column or index here also needs a step in ``migrations``, so that databases made by
an older dondoc reach the same shape. All timestamps are stored as naive UTC.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

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
    Column("review_on", Date),  # since schema 9: the day the committee next hears of the targets
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
    Column("stopped_on", Date),  # since schema 7: the day its task's cancellation took effect
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

# Answers kept per report (since schema 8): one row per thing a unit said about one item for one of
# its report occurrences, append-only; the latest per (report, item) counts.
report_entries = Table(
    "report_entries",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("plan_id", String(100), nullable=False),
    Column("report_id", Id, nullable=False),  # the report occurrence it answers
    Column("unit_id", String(100), nullable=False),
    Column("item", String(100), nullable=False),  # a task or target code; "report" for a document
    Column("kind", String(16), nullable=False),  # task | target | report
    Column("period", String(32)),  # the item's own period it is about (a recurring task's), if any
    Column("state", String(16)),  # not_started | in_progress | done | blocked
    Column("progress", Integer),
    Column("result", Text, nullable=False),  # kết quả thực hiện (a document: its file names)
    Column("obstacles", Text, nullable=False),  # khó khăn, vướng mắc
    Column("proposals", Text, nullable=False),  # kiến nghị, đề xuất
    Column("value", Float),  # a target's value
    Column("via", String(16), nullable=False),  # line | form | document | manual
    Column("source", Text),  # the Message-ID of the email, or "cli"
    Column("position", Integer),  # the line of the email body, or the row of the form
    Column("actor", Text, nullable=False),  # the unit, or "secretariat"
    Column("at", DateTime, nullable=False),  # when it was said (the run's `now`)
    Column("recorded_at", DateTime, nullable=False),
)
Index("ix_report_entries_report", report_entries.c.report_id)
Index("ix_report_entries_item", report_entries.c.plan_id, report_entries.c.unit_id, report_entries.c.item)

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
    Column("thread", String(16)),  # since schema 7: the conversation an answer belongs to (the loop guard)
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
Index("ix_outbox_thread", outbox.c.thread, outbox.c.created_at)

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
