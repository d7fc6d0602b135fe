"""``dondoc calendar``: a unit's deadlines and report due dates as an iCalendar file."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

import click

from .cli_support import now_option, reading, user_errors
from .clock import parse_now
from .settings import from_env


@click.command(name="calendar")
@click.option("--plan", "plan_id", required=True, help="The plan.")
@click.option("--unit", "unit_id", required=True, help="The unit whose deadlines to list.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (.ics).")
@click.option(
    "--link",
    envvar="DONDOC_DASHBOARD_URL",
    metavar="URL",
    help="The dashboard's address (env DONDOC_DASHBOARD_URL): each event links to the unit's page.",
)
@now_option
@click.pass_context
@user_errors
def calendar_command(
    ctx: click.Context, plan_id: str, unit_id: str, output: Path | None, link: str | None, now_text: str | None
) -> None:
    """A unit's deadlines and report due dates as an iCalendar file (.ics), for Outlook or Google Calendar."""
    from . import views

    now = parse_now(now_text)
    page = f"{link.rstrip('/')}/plan/{quote(plan_id)}/unit/{quote(unit_id)}" if link else None
    with reading(ctx).connect() as conn:
        feed = views.calendar_feed(conn, plan_id, unit_id, now, from_env().domain, page)
    if output is None:
        sys.stdout.buffer.write(feed)
        return
    output.write_bytes(feed)
    click.echo(f"calendar: {plan_id} {unit_id} written to {output}")
