"""What the ``dondoc`` commands share: one-line errors, the database to write or only to read,
``--now``, the delivery channel, and the lines a run prints.

Engine modules are imported where a command needs them: ``dondoc --help`` and the many short
runs cron makes load only what they use.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .errors import PlanInvalid, UserError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from dondoc.notifiers.base import Notifier

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

    return wrapper  # type: ignore[return-value]


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


def print_check(result: CheckResult, now: datetime, dry_run: bool = False) -> None:
    verb = "would queue" if dry_run else "queued"
    click.echo(f"check {now.isoformat()}: {verb} {result.queued} messages ({result.notices} notices)")


def print_send(result: SendResult) -> None:
    click.echo(f"send: {result.sent} sent, {result.retried} to retry, {result.failed} failed")
    for detail, count in result.problems.items():
        click.echo(f"  {count} × {detail}", err=True)
    if result.failed:
        sys.exit(1)
