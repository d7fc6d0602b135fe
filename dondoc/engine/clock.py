"""Time as an argument: parse ``--now`` and turn moments into a plan's local dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from .errors import UserError

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_TIME = time(7, 30)


def parse_now(text: str | None, timezone: str = DEFAULT_TIMEZONE) -> datetime:
    """``--now`` as an aware datetime: ISO date (07:30 local) or date-time (local if no offset)."""
    zone = ZoneInfo(timezone)
    if not text:
        return datetime.now(zone)
    try:
        if len(text.strip()) == 10:
            return datetime.combine(date.fromisoformat(text.strip()), DEFAULT_TIME, zone)
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"--now {text!r} is not an ISO date (2026-03-16) or date-time (2026-03-16T07:30)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of ``moment`` in ``timezone``."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def to_store(moment: datetime) -> datetime:
    """A timezone-aware moment as the store keeps it (naive UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_store(stored: datetime, timezone: str) -> datetime:
    """A moment as the store keeps it (naive UTC), in ``timezone``."""
    return stored.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone))


def shown(stored: datetime, timezone: str) -> str:
    """A stored moment as people read it: local time in ``timezone``, labelled with its offset
    (``2026-03-16 08:30 +07:00``)."""
    local = from_store(stored, timezone)
    offset = local.isoformat()[-6:] if local.utcoffset() else "UTC"
    return f"{local:%Y-%m-%d %H:%M} {offset}"
