"""The ``dondoc`` command: a thin layer over the library API.

Settings come from flag > environment > default. User errors print one ``Error: ...`` line
and exit 1; usage errors exit 2; nothing prints a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click
from sqlalchemy import Engine

from . import demo as demo_tour
from . import plans as plan_store
from . import store
from .clock import parse_now
from .errors import PlanInvalid, UserError
from .render import table
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
    """Console-script entry point."""
    cli()
