"""The ``dondoc`` command: a thin layer over the library API.

Settings come from flag > environment > default. User errors print one ``Error: ...`` line
and exit 1; usage errors exit 2; nothing prints a traceback. Each command imports the engine
modules it uses (``cli_support``): ``dondoc --help`` loads none of them.
"""

from __future__ import annotations

import gc
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli_calendar import calendar_command
from .cli_support import (
    change_options,
    exit_failed,
    notifier,
    now_option,
    print_check,
    print_failures,
    print_queued,
    print_send,
    reading,
    user_errors,
    writing,
)
from .clock import parse_now
from .errors import NotFound, PlanInvalid, UserError
from .messages import DEFAULT_LANGUAGE, LANGUAGES, message
from .render import json_dumps, printable, table
from .settings import DEFAULT_DB, from_env
from .vocabulary import REPORT_FORMATS, InboxState

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from .updates import Update


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dondoc")
@click.option(
    "--db",
    envvar="DONDOC_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="Database URL (env DONDOC_DB): sqlite:///file.db or postgresql://...",
)
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """dondoc: follow up a steering committee's plan by email.

    \b
    Write to the database (and bring an older schema up to date): load, check,
    send, run, update, ingest, report --email, quarantine release, migrate, serve.
    Only read it (SELECT rights suffice; an older schema is refused, not changed):
    plans, status, report, calendar, quarantine list/show, diff, backup. No
    database: validate, draft. Exit status: 0 done; 1 an error, or a plan that
    failed (the other plans ran); 2 bad usage.
    """
    ctx.obj = {"db": db}


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Check plan files; print each problem as FILE:LINE:COL: message."""
    from .validate import read_plan

    failed = False
    for name in files:
        try:
            read_plan(name)
        except PlanInvalid as exc:
            click.echo(str(exc))
            failed = True
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@now_option
@click.pass_context
@user_errors
def load(ctx: click.Context, files: tuple[str, ...], now_text: str | None) -> None:
    """Validate and store plans (a new revision when a plan changed; history is kept)."""
    from . import nightly, revisions
    from . import plans as plan_store
    from .validate import read_plan

    sources = [read_plan(name) for name in files]  # all valid, or nothing is stored
    engine = writing(ctx)
    for source in sources:
        now = parse_now(now_text, source.plan.plan.timezone)
        before = plan_store.readable(engine, source.plan.id)
        result = plan_store.load(engine, source, now)
        click.echo(f"{source.path}: {result.plan_id} revision {result.revision} ({result.outcome})")
        if before is not None and result.outcome == "revised":  # what the new revision changes
            lang = source.plan.language
            click.echo(message(lang, "load_changes", path=source.path, revision=result.revision - 1))
            for line in revisions.describe(revisions.diff(before, source.plan), lang):
                click.echo(f"  {line}")
    # their occurrences, for the commands that only read
    synced = nightly.sync_all(engine, parse_now(now_text), {source.plan.id for source in sources})
    exit_failed(print_failures(synced.failed))


@cli.command()
@click.pass_context
@user_errors
def migrate(ctx: click.Context) -> None:
    """Bring the database schema up to this dondoc's version (every command that writes does too)."""
    from . import store

    engine = store.connect(ctx.obj["db"], upgrade=False)
    before = store.migrate(engine)
    after = store.SCHEMA_VERSION
    click.echo(f"schema version {after}" + (f" (was {before})" if before != after else " (up to date)"))


@cli.command()
@click.argument("target", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
@user_errors
def backup(ctx: click.Context, target: Path) -> None:
    """Copy the SQLite database to FILE, consistently, even while dondoc runs (PostgreSQL: pg_dump)."""
    from .store.backup import backup as copy_database

    copied = copy_database(ctx.obj["db"], target)
    size = f"{copied.size / 1_048_576:.1f} MB"
    click.echo(f"backup: {copied.path} written ({copied.plans} plans, schema version {copied.schema}, {size})")


@cli.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the plan here (default: stdout)."
)
@click.option("--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE, show_default=True,
              help="Language of the draft's comments and of the messages.")  # fmt: skip
@user_errors
def draft(document: Path, output: Path | None, lang: str) -> None:
    """Draft a plan file from a plan document (.docx, .pdf with text, .txt)."""
    from . import draft as drafting  # the document readers load only for this command

    try:
        text = drafting.draft_text(document, lang)
    except drafting.DocumentUnreadable as exc:
        raise UserError(exc.said(lang)) from None
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, "utf-8")
    click.echo(message(lang, "draft_written", output=output), err=True)


@cli.command(name="diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", required=False, type=click.Path(dir_okay=False))
@click.pass_context
@user_errors
def diff_command(ctx: click.Context, old: str, new: str | None) -> None:
    """What a new revision changes: OLD NEW, or FILE against the stored revision of its plan."""
    from . import plans as plan_store
    from . import revisions
    from .validate import read_plan

    if new is None:
        changed = read_plan(old).plan
        stored = plan_store.stored(reading(ctx), changed.id)
        if stored is None:
            raise UserError(message(changed.language, "diff_not_stored", id=changed.id, file=old))
    else:
        stored, changed = read_plan(old).plan, read_plan(new).plan
    for line in revisions.describe(revisions.diff(stored, changed), changed.language):
        click.echo(line)


@cli.command(name="plans")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
@user_errors
def plans_command(ctx: click.Context, as_json: bool) -> None:
    """List stored plans: id, code, title, tasks, units, revision."""
    from . import store

    with reading(ctx).connect() as conn:
        rows = store.plans.summaries(conn)
    columns = ["id", "code", "title", "tasks", "units", "targets", "revision"]
    if as_json:
        click.echo(json_dumps([{c: getattr(r, c) for c in columns} for r in rows]))
    else:
        click.echo(table(columns, [[getattr(r, c) for c in columns] for r in rows]))


def _check(ctx: click.Context, now_text: str | None, dry_run: bool) -> None:
    from . import service

    config, now = from_env(), parse_now(now_text)
    checked = service.retry_locked(lambda: service.check_once(writing(ctx), config, now, dry_run, print_queued))
    exit_failed(print_check(checked, now, dry_run))


def _send(ctx: click.Context, now_text: str | None) -> None:
    from . import outbox, service

    config = from_env()
    now = parse_now(now_text)
    sent = service.retry_locked(lambda: outbox.drain(writing(ctx), notifier(config), config, now))
    exit_failed(print_send(sent, now))


@cli.command(name="check")
@now_option
@click.option("--dry-run", is_flag=True, help="Print what would be queued; change nothing.")
@click.pass_context
@user_errors
def check_command(ctx: click.Context, now_text: str | None, dry_run: bool) -> None:
    """Decide the reminders and escalations due now and put them in the outbox."""
    _check(ctx, now_text, dry_run)


@cli.command()
@now_option
@click.pass_context
@user_errors
def send(ctx: click.Context, now_text: str | None) -> None:
    """Drain the outbox (.eml files in DONDOC_OUTBOX_DIR, or SMTP with DONDOC_SMTP_URL)."""
    _send(ctx, now_text)


@cli.command()
@now_option
@click.pass_context
@user_errors
def run(ctx: click.Context, now_text: str | None) -> None:
    """check then send: the one line for cron."""
    from . import service

    config = from_env()
    now = parse_now(now_text)
    outcome = service.retry_locked(
        lambda: service.run_once(writing(ctx), notifier(config), config, now, each=print_queued)
    )
    failed = print_check(outcome.check, now)
    exit_failed(print_send(outcome.send, now) or failed)


@cli.command()
@click.option("--plan", "plan_id", help="Only this plan.")
@click.option("--unit", "unit_id", help="Only this unit.")
@click.option("--task", "task_id", help="Only this task (with --plan).")
@click.option(
    "--history", is_flag=True, help="Every event of the task: who said what, when, in which message and line."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the format in CLI.md).")
@now_option
@click.pass_context
@user_errors
def status(
    ctx: click.Context,
    plan_id: str | None,
    unit_id: str | None,
    task_id: str | None,
    history: bool,
    as_json: bool,
    now_text: str | None,
) -> None:
    """Where every occurrence stands."""
    if (task_id or history) and not plan_id:
        raise click.UsageError("--task and --history need --plan")
    if history and not task_id:
        raise click.UsageError("--history needs --task")
    from .status import as_table, gather

    now = parse_now(now_text)
    with reading(ctx).connect() as conn:
        if history:
            _print_history(conn, plan_id or "", task_id or "", unit_id, as_json)
            return
        standing = gather(conn, now, plan_id, unit_id, task_id)
    if as_json:
        click.echo(json_dumps(standing.to_json(now)))
    else:
        click.echo(table(*as_table(standing.occurrences), limit=40))
    exit_failed(print_failures(standing.failed))


def _print_history(conn: Connection, plan_id: str, task_id: str, unit_id: str | None, as_json: bool) -> None:
    from . import plans as plan_store
    from . import store
    from .status import history_entry

    zone = plan_store.current(conn, plan_id).plan.timezone  # an unknown plan is a clear error
    found = [history_entry(row, zone) for row in store.events.task_history(conn, plan_id, task_id, unit_id)]
    if not found:
        raise NotFound(
            f"no occurrence of task {task_id!r} in plan {plan_id!r}" + (f" for {unit_id!r}" if unit_id else "")
        )
    if as_json:
        click.echo(json_dumps(found))
        return
    columns = ["at", "unit", "period", "kind", "actor", "source", "line", "said"]
    rows = [[e["at"], e["unit"], e["period"], e["kind"], e["actor"], e["source"], e["line"], e["said"]] for e in found]
    click.echo(table(columns, rows))


@cli.command()
@click.argument("plan_id", metavar="PLAN")
@click.argument("task_id", metavar="TASK")
@click.option("--unit", "unit_id", required=True, help="The unit the update is about.")
@change_options
@click.option("--period", help="The period (default: the earliest open one).")
@now_option
@click.pass_context
@user_errors
def update(
    ctx: click.Context,
    plan_id: str,
    task_id: str,
    unit_id: str,
    change: Update,
    period: str | None,
    now_text: str | None,
) -> None:
    """A manual update by the secretariat (recorded as such)."""
    from . import nightly, report_answers, store, updates
    from . import plans as plan_store

    said = updates.Statement(
        plan_id=plan_id,
        task_id=task_id,
        unit_id=unit_id,
        update=change,
        actor="secretariat",
        source="cli",
        period=period,
    )
    engine = writing(ctx)
    now = parse_now(now_text)
    for failure in nightly.sync_all(engine, now, {plan_id}).failed:
        raise UserError(str(failure))
    with store.transaction(engine) as conn:
        plan = plan_store.current(conn, plan_id)
        today = plan_store.today_of(plan, now)
        row = updates.record(conn, said, now=now, today=today)
        by = report_answers.Settling(actor="secretariat", source="cli", now=now, today=today)
        report_answers.answer_by_hand(conn, plan, said, row, by)
    click.echo(f"{plan_id} {task_id} {unit_id} {row.period}: {row.state} {row.progress}%")


@cli.command(name="ingest")
@click.argument("source", required=False, metavar="[-]")
@click.option("--maildir", type=click.Path(file_okay=False, path_type=Path), help="Process new mail in this Maildir.")
@click.option("--imap", "use_imap", is_flag=True, help="Fetch unseen mail from DONDOC_IMAP_URL.")
@now_option
@click.pass_context
@user_errors
def ingest_command(
    ctx: click.Context, source: str | None, maildir: Path | None, use_imap: bool, now_text: str | None
) -> None:
    """Read replies (one raw message on stdin, a Maildir, or IMAP) and record what they say."""
    from . import ingest, service, sources

    if [source == "-", maildir is not None, use_imap].count(True) != 1 or source not in (None, "-"):
        raise click.UsageError("give exactly one of -, --maildir DIR or --imap")
    config = from_env()
    read: service.Source
    if source == "-":
        read = lambda handle: iter(handle([sys.stdin.buffer.read()]))  # noqa: E731 (one of three sources)
    elif maildir is not None:
        read = lambda handle: sources.maildir(maildir, handle)  # noqa: E731
    else:
        read = service.imap_source(config)
    counts = service.ingest_from(
        writing(ctx), config, parse_now(now_text), read, lambda received: click.echo(ingest.describe(received))
    )
    summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "nothing new"
    click.echo(f"ingest: {summary}")


@cli.command(name="report")
@click.option("--plan", "plan_id", required=True, help="The plan to report on.")
@click.option("--period", help="2026-Q1, 2026-H1, 2026-9M, 2026, 2026-03, 2026-W11 (default: the last closed period).")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), help="Default: from -o's extension, else md.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.option("--email", is_flag=True, help="Queue the report to the committee (DOCX attached); `send` delivers it.")
@now_option
@click.pass_context
@user_errors
def report_command(
    ctx: click.Context,
    plan_id: str,
    period: str | None,
    fmt: str | None,
    output: Path | None,
    email: bool,
    now_text: str | None,
) -> None:
    """The period report for the committee."""
    from . import formats, reports

    fmt = fmt or (output.suffix.lstrip(".").lower() if output else "md")
    if fmt not in formats.FORMATS:
        raise click.UsageError(f"cannot tell the format from {output}: add --format")
    from . import store
    from .failures import blamed_on

    now = parse_now(now_text)
    with reading(ctx).connect() as conn:
        if not store.plans.exists(conn, plan_id):
            raise NotFound(f"no plan {plan_id!r} in the store (see `dondoc plans`)")
        with blamed_on(plan_id):  # what fails is this plan's: `Error: plan ID: ...`
            report = reports.gather(conn, plan_id, period, now)
            content = formats.render(report, fmt)
    if output is None and fmt in ("md", "json", "html"):
        click.echo(content.decode(), nl=False)
    else:
        output = output or Path(f"{report.plan.id}-{report.period}.{fmt}")
        output.write_bytes(content)
        click.echo(f"report: {report.plan.id} {report.period} ({fmt}) written to {output}", err=email)
    if email:
        from . import outbox

        files = [formats.attachment(report, "docx")]
        with store.transaction(writing(ctx)) as conn:
            title = formats.period_name(report)
            queued = outbox.queue_report(conn, report, title, files, from_env(), now)
        state = "queued for the committee; `dondoc send` delivers it" if queued else "already queued, not again"
        click.echo(f"report: {report.plan.id} {report.period} {state}", err=True)


@cli.group()
def quarantine() -> None:
    """Messages kept aside: list them, show one, release one after a decision."""


@quarantine.command(name="list")
@click.option("--all", "everything", is_flag=True, help="Every received message, not only those in quarantine.")
@click.pass_context
@user_errors
def quarantine_list(ctx: click.Context, everything: bool) -> None:
    """Messages in quarantine, oldest first (times in the plan's time zone)."""
    from . import quarantine as views

    with reading(ctx.parent).connect() as conn:  # type: ignore[arg-type]
        rows = views.rows(conn, None if everything else InboxState.QUARANTINED)
    click.echo(table(views.COLUMNS, rows))


@quarantine.command(name="show")
@click.argument("inbox_id", type=int, metavar="ID")
@click.option("--raw", is_flag=True, help="Print the message as received (escapes made visible on a terminal).")
@click.pass_context
@user_errors
def quarantine_show(ctx: click.Context, inbox_id: int, raw: bool) -> None:
    """One received message: why it is where it is, and what was (not) understood."""
    from . import quarantine as views
    from . import store

    with reading(ctx.parent).connect() as conn:  # type: ignore[arg-type]
        row = store.inbox.message(conn, inbox_id)
        if row is None:
            raise NotFound(f"no received message #{inbox_id} (see `dondoc quarantine list`)")
        lines = views.page(conn, row)
    if raw and not sys.stdout.isatty():
        sys.stdout.buffer.write(bytes(row.raw))
    elif raw:  # a terminal obeys what a message may carry: show it instead
        click.echo(printable(bytes(row.raw).decode("utf-8", "replace"), keep="\t\n"))
    else:
        click.echo("\n".join(lines))


@quarantine.command(name="release")
@click.argument("inbox_id", type=int, metavar="ID")
@click.option("--as-unit", "unit_id", help="Record the message as coming from this unit (the secretariat vouches).")
@click.option("--plan", "plan_id", help="The plan, when the message names none.")
@now_option
@click.pass_context
@user_errors
def quarantine_release(
    ctx: click.Context, inbox_id: int, unit_id: str | None, plan_id: str | None, now_text: str | None
) -> None:
    """Take a message out of quarantine: handled by hand, or re-read as coming from --as-unit."""
    from . import ingest, store

    engine = writing(ctx)
    now = parse_now(now_text)
    with store.transaction(engine) as conn:
        row = store.inbox.message(conn, inbox_id)
        if row is None or row.state != InboxState.QUARANTINED:
            raise NotFound(f"no message #{inbox_id} in quarantine (see `dondoc quarantine list`)")
        if unit_id is None:
            store.inbox.release(conn, inbox_id)
            click.echo(f"#{inbox_id} released (handled by the secretariat)")
            return
        plan_id = plan_id or row.plan_id
        if plan_id is None:
            raise click.UsageError("this message names no plan: give --plan")
        vouched = ingest.Vouched(plan_id, unit_id, inbox_id)
        received = ingest.receive(conn, bytes(row.raw), now, from_env(), vouched=vouched)
    click.echo(ingest.describe(received))


@cli.command()
@now_option
@click.pass_context
@user_errors
def demo(ctx: click.Context, now_text: str | None) -> None:
    """The whole loop on a bundled plan and a temporary database (no server needed)."""
    from . import demo as demo_tour

    tour = demo_tour.run(parse_now(now_text).date() if now_text else None, click.echo)
    ctx.obj["db"] = tour.url
    when = tour.now.isoformat(timespec="minutes")
    for code in tour.codes:
        click.echo(f"\n$ dondoc status --plan {tour.plan_id} --task {code} --now {when}")
        ctx.invoke(status, plan_id=tour.plan_id, task_id=code, now_text=when)
    click.echo("\n$ dondoc quarantine list")
    ctx.invoke(quarantine_list)
    demo_tour.write_reports(tour, click.echo)
    click.echo(f"\nEverything is in {tour.folder}: emails in outbox/, reports in reports/, the database in dondoc.db.")
    click.echo("Explore with")
    click.echo(f"  export DONDOC_DB={tour.url}; dondoc status --plan {tour.plan_id}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address of the dashboard.")
@click.option("--port", default=8057, show_default=True, type=click.IntRange(0, 65535), help="Port of the dashboard.")
@click.option(
    "--ingest-every",
    default=5.0,
    show_default=True,
    type=click.FloatRange(0),
    envvar="DONDOC_INGEST_EVERY",
    help="Minutes between IMAP fetches when DONDOC_IMAP_URL is set (0: never).",
)
@click.option("--now", "now_text", metavar="ISO", help="Start the clock at this moment instead of the real time.")
@click.pass_context
@user_errors
def serve(ctx: click.Context, host: str, port: int, ingest_every: float, now_text: str | None) -> None:
    """Run `run` at each plan's send_at, `ingest --imap` every few minutes, and the dashboard."""
    import threading

    from . import dashboard, service, store

    config = from_env()
    engine = writing(ctx)
    token = dashboard.token_for(host, os.environ.get("DONDOC_DASHBOARD_TOKEN"))
    now = service.clock_from(parse_now(now_text) if now_text else None)
    service.configure_logging()
    site = dashboard.Site(token=token, public_url=os.environ.get("DONDOC_DASHBOARD_URL"), domain=config.domain)
    http = dashboard.server(store.connect_reading(ctx.obj["db"]), host, port, site, now)  # pages only read
    every = timedelta(minutes=ingest_every) if ingest_every else None
    daemon = service.Service(engine, config, lambda: notifier(config), every, now)
    threading.Thread(target=http.serve_forever, name="dashboard", daemon=True).start()
    service.log_event(
        "dashboard", url=f"http://{host}:{http.server_address[1]}/", token="required" if token else "none"
    )
    service.serve_until_signalled(daemon, http.shutdown)


cli.add_command(calendar_command)


def tune_process() -> None:
    """Collect cyclic garbage less often than Python's default (every 700 new objects): a run makes
    millions of small objects that live until their batch commits, and rescanning them again and
    again took a fifth of a nightly check."""
    gc.set_threshold(50_000, 10, 10)


def main() -> None:
    """Console-script entry point: a bug still ends in one line, unless DONDOC_DEBUG is set."""
    tune_process()
    try:
        cli(standalone_mode=True)
    except Exception as exc:  # the last guard: a user never sees a traceback
        if os.environ.get("DONDOC_DEBUG"):
            raise
        click.echo(
            f"Error: internal error ({type(exc).__name__}: {exc}); rerun with DONDOC_DEBUG=1 for details", err=True
        )
        sys.exit(1)
