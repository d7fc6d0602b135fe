"""What the ``dondoc`` commands share: one-line errors, the database to write or only to read,
``--now``, the delivery channel, and the lines a run prints.

Engine modules are imported where a command needs them: ``dondoc --help`` and the many short
runs cron makes load only what they use.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .errors import PlanInvalid, UserError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from dondoc.notifiers.base import Notifier

    from .failures import Failure
    from .nightly import CheckResult
    from .outbox import SendResult
    from .payloads import Queued
    from .settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

now_option = click.option(
    "--now", "now_text", metavar="ISO", help="The moment to act at (default: now); a bare date means 07:30 local time."
)


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
        except Exception as exc:
            fault = _store_fault(exc)
            if fault is None:
                raise
            click.echo(f"Error: {fault}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _store_fault(exc: Exception) -> UserError | None:
    """The one line for a failure of the database met in the middle of a command (a file damaged
    past its first page, a server gone): never its SQL, parameters or help link."""
    if not type(exc).__module__.startswith("sqlalchemy"):  # nothing to import for other errors
        return None
    from sqlalchemy.exc import DBAPIError

    from .store.faults import fault

    if not isinstance(exc, DBAPIError):
        return None
    ctx = click.get_current_context(silent=True)
    url = ctx.find_root().obj.get("db") if ctx is not None and ctx.find_root().obj else None
    return fault(exc, url)


def writing(ctx: click.Context) -> Engine:
    """The database, to write (its schema migrated to this dondoc's)."""
    from . import store

    return store.connect(ctx.obj["db"])


def reading(ctx: click.Context) -> Engine:
    """The database, only to read."""
    from . import store

    return store.connect_reading(ctx.obj["db"])


def change_options(func: F) -> F:
    """``--done | --progress N | --blocked TEXT | --note TEXT``, given to the command as one ``change``."""

    @click.option("--done", is_flag=True, help="Mark the task done.")
    @click.option("--progress", type=click.IntRange(0, 100), help="Progress in percent.")
    @click.option("--blocked", metavar="TEXT", help="The obstacle (khó khăn, vướng mắc).")
    @click.option("--note", metavar="TEXT", help="A note.")
    @wraps(func)
    def wrapper(*args: Any, done: bool, progress: int | None, blocked: str | None, note: str | None, **kw: Any) -> Any:
        from .updates import Update
        from .vocabulary import EventKind

        given = {"done": done, "progress": progress is not None, "blocked": blocked, "note": note}
        chosen = [kind for kind, value in given.items() if value]
        if len(chosen) != 1:
            raise click.UsageError("give exactly one of --done, --progress, --blocked, --note")
        change = Update(kind=EventKind(chosen[0]), progress=progress, text=blocked or note or "")
        return func(*args, change=change, **kw)

    return wrapper  # type: ignore[return-value]


def notifier(config: Settings) -> Notifier:
    """SMTP with ``DONDOC_SMTP_URL``, else .eml files in ``DONDOC_OUTBOX_DIR``."""
    if config.smtp_url:
        from dondoc.notifiers.smtp import SmtpConfig, SmtpNotifier  # aiosmtplib: only to send by SMTP

        return SmtpNotifier(SmtpConfig.from_url(config.smtp_url))
    from dondoc.notifiers.files import FileNotifier

    return FileNotifier(config.outbox_dir)


def print_queued(message: Queued) -> None:
    codes = [i.code + ("" if i.period == i.due.isoformat() else f"/{i.period}") for i in message.listed()]
    listed = f": {', '.join(codes)}" if codes else ""  # the committee's targets follow-up lists no item
    click.echo(f"{message.kind:<10} {message.plan_id}  {', '.join(message.recipients)}{listed}")


def print_check(result: CheckResult, now: datetime, dry_run: bool = False) -> bool:
    """The check's line, and one ``Error:`` line per plan that failed; True if any did."""
    verb = "would queue" if dry_run else "queued"
    click.echo(f"check {now.isoformat()}: {verb} {result.queued} messages ({result.notices} notices)")
    return print_failures(result.failed)


def print_failures(failures: Sequence[Failure]) -> bool:
    """One ``Error: plan ID: ...`` line per plan that failed (the others ran); True if any did."""
    for failure in failures:
        click.echo(f"Error: {failure}", err=True)
    return bool(failures)


def print_send(result: SendResult, now: datetime) -> bool:
    """The send's line, its problems, what a run that stopped left behind; True if anything failed."""
    click.echo(f"send: {result.sent} sent, {result.retried} to retry, {result.failed} failed")
    for detail, count in result.problems.items():
        click.echo(f"  {count} × {detail}", err=True)
    if result.resent:
        click.echo(
            f"send: {_messages(result.resent)} left in 'sending' by a run that stopped sent again, with the same "
            "Message-ID (a recipient's mail program can tell a duplicate)"
        )
    retry_from = result.retry_from()
    if result.left.since is not None and retry_from is not None:
        since, again = _local(result.left.since, now), _local(retry_from, now)
        click.echo(
            f"send: {_messages(result.left.messages)} in 'sending' since {since}, taken by a run that stopped "
            f"or is still sending: if still unsent, sent again from {again}"
        )
    return print_failures(result.plans_failed) or bool(result.failed)


def _messages(count: int) -> str:
    return f"{count} message" + ("" if count == 1 else "s")


def _local(stored: datetime, now: datetime) -> str:
    """A stored moment (naive UTC) in the time zone of ``now``, to the minute."""
    return stored.replace(tzinfo=UTC).astimezone(now.tzinfo).strftime("%Y-%m-%d %H:%M")


def exit_failed(failed: bool) -> None:
    """Exit 1 when something failed (a plan, a message), after everything else was done and said."""
    if failed:
        sys.exit(1)
