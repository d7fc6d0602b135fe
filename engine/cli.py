"""The ``dondoc`` command: a thin layer over the library API.

Settings come from flag > environment > default. User errors print one ``Error: ...`` line
and exit 1; usage errors exit 2; nothing prints a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click
from sqlalchemy import Engine

from dondoc.notifiers.base import Notifier
from dondoc.notifiers.files import FileNotifier
from dondoc.notifiers.smtp import SmtpConfig, SmtpNotifier

from . import demo as demo_tour
from . import nightly, outbox, settings, store, updates
from . import plans as plan_store
from .clock import parse_now
from .errors import PlanInvalid, UserError
from .render import table
from .status import occurrence_status, target_status
from .validate import read_plan

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(func: F) -> F:
    """Print a ``UserError`` as one line and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PlanInvalid as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
        except UserError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dondoc")
@click.option(
    "--db",
    envvar="DONDOC_DB",
    default=store.DEFAULT_URL,
    show_default=True,
    help="Database URL (env DONDOC_DB): sqlite:///file.db or postgresql://...",
)
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """dondoc: follow up a steering committee's plan by email."""
    ctx.obj = {"db": db}


def _engine(ctx: click.Context) -> Engine:
    return store.connect(ctx.obj["db"])


now_option = click.option(
    "--now", "now_text", metavar="ISO", help="The moment to act at (default: now); a bare date means 07:30 local time."
)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Check plan files; print each problem as FILE:LINE:COL: message."""
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
    sources = [read_plan(name) for name in files]  # all valid, or nothing is stored
    engine = _engine(ctx)
    for source in sources:
        now = parse_now(now_text, source.plan.plan.timezone)
        result = plan_store.load(engine, source, now)
        click.echo(f"{source.path}: {result.plan_id} revision {result.revision} ({result.outcome})")


@cli.command(name="plans")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
@user_errors
def plans_command(ctx: click.Context, as_json: bool) -> None:
    """List stored plans: id, code, title, tasks, units, revision."""
    with _engine(ctx).connect() as conn:
        rows = store.list_plans(conn)
    columns = ["id", "code", "title", "tasks", "units", "targets", "revision"]
    if as_json:
        click.echo(store.json_dumps([{c: r[c] for c in columns} for r in rows]))
    else:
        click.echo(table(columns, [[r[c] for c in columns] for r in rows]))


def _notifier(config: settings.Settings) -> Notifier:
    if config.smtp_url:
        return SmtpNotifier(SmtpConfig.from_url(config.smtp_url))
    return FileNotifier(config.outbox_dir)


def _check(ctx: click.Context, now_text: str | None, dry_run: bool) -> None:
    config = settings.from_env()
    now = parse_now(now_text)
    result = nightly.check(_engine(ctx), now, config, dry_run=dry_run)
    for message in result.messages:
        codes = [i["code"] + ("" if i["period"] == i["due"] else f"/{i['period']}") for i in message.payload["items"]]
        items = ", ".join(codes)
        click.echo(f"{message.kind:<10} {message.plan_id}  {', '.join(message.recipients)}: {items}")
    verb = "would queue" if dry_run else "queued"
    click.echo(f"check {now.isoformat()}: {verb} {len(result.messages)} messages ({result.notices} notices)")


def _send(ctx: click.Context, now_text: str | None) -> None:
    config = settings.from_env()
    result = outbox.drain(_engine(ctx), _notifier(config), config, parse_now(now_text))
    click.echo(f"send: {result.sent} sent, {result.retried} to retry, {result.failed} failed")
    for detail, count in result.problems.items():
        click.echo(f"  {count} × {detail}", err=True)
    if result.failed:
        sys.exit(1)


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
    _check(ctx, now_text, dry_run=False)
    _send(ctx, now_text)


@cli.command()
@click.option("--plan", "plan_id", help="Only this plan.")
@click.option("--unit", "unit_id", help="Only this unit.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the format in CLI.md).")
@now_option
@click.pass_context
@user_errors
def status(ctx: click.Context, plan_id: str | None, unit_id: str | None, as_json: bool, now_text: str | None) -> None:
    """Where every occurrence stands."""
    engine = _engine(ctx)
    now = parse_now(now_text)
    nightly.sync_all(engine, now)
    with engine.connect() as conn:
        heads = [p["id"] for p in store.list_plans(conn) if plan_id in (None, p["id"])]
        if plan_id and not heads:
            raise UserError(f"no plan {plan_id!r} in the store (see `dondoc plans`)")
        found, targets = [], []
        for pid in heads:
            plan = plan_store.current(conn, pid)
            cal = plan_store.calendar_of(plan)
            today = nightly.today_of(plan, now)
            found += [occurrence_status(plan, cal, r, today) for r in store.status_rows(conn, today, pid, unit_id)]
            targets += target_status(plan, store.target_values(conn, pid))
    if as_json:
        click.echo(store.json_dumps({"now": now.isoformat(), "occurrences": found, "targets": targets}))
        return
    columns = ["plan", "task", "unit", "role", "period", "due", "state", "progress", "status_class", "days_overdue"]
    click.echo(table(columns, [[o[c] for c in columns] for o in found], limit=40))


@cli.command()
@click.argument("plan_id", metavar="PLAN")
@click.argument("task_id", metavar="TASK")
@click.option("--unit", "unit_id", required=True, help="The unit the update is about.")
@click.option("--done", is_flag=True, help="Mark the task done.")
@click.option("--progress", type=click.IntRange(0, 100), help="Progress in percent.")
@click.option("--blocked", metavar="TEXT", help="The obstacle (khó khăn, vướng mắc).")
@click.option("--note", metavar="TEXT", help="A note.")
@click.option("--period", help="The period (default: the earliest open one).")
@now_option
@click.pass_context
@user_errors
def update(
    ctx: click.Context,
    plan_id: str,
    task_id: str,
    unit_id: str,
    done: bool,
    progress: int | None,
    blocked: str | None,
    note: str | None,
    period: str | None,
    now_text: str | None,
) -> None:
    """A manual update by the secretariat (recorded as such)."""
    chosen = [
        k for k, v in (("done", done), ("progress", progress is not None), ("blocked", blocked), ("note", note)) if v
    ]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --done, --progress, --blocked, --note")
    change = updates.Update(chosen[0], progress, blocked or note or "")
    engine = _engine(ctx)
    now = parse_now(now_text)
    nightly.sync_all(engine, now)
    with store.transaction(engine) as conn:
        plan = plan_store.current(conn, plan_id)
        row = updates.record(
            conn,
            plan_id,
            task_id,
            unit_id,
            change,
            actor="secretariat",
            source="cli",
            now=now,
            today=nightly.today_of(plan, now),
            period=period,
        )
    click.echo(f"{plan_id} {task_id} {unit_id} {row['period']}: {row['state']} {row['progress']}%")


@cli.command()
@now_option
@click.pass_context
@user_errors
def demo(ctx: click.Context, now_text: str | None) -> None:
    """A self-contained tour on the bundled plans and a temporary database."""
    folder = demo_tour.run(parse_now(now_text), click.echo)
    ctx.obj["db"] = f"sqlite:///{folder / 'dondoc.db'}"
    click.echo(f"\n$ DONDOC_DB={ctx.obj['db']} dondoc plans")
    ctx.invoke(plans_command, as_json=False)


def main() -> None:
    """Console-script entry point: a bug still ends in one line, unless DONDOC_DEBUG is set."""
    try:
        cli(standalone_mode=True)
    except Exception as exc:  # the last guard: a user never sees a traceback
        if os.environ.get("DONDOC_DEBUG"):
            raise
        click.echo(
            f"Error: internal error ({type(exc).__name__}: {exc}); rerun with DONDOC_DEBUG=1 for details", err=True
        )
        sys.exit(1)
