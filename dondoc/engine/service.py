"""The daemon behind ``dondoc serve``: APScheduler fires ticks, the database keeps every state.

- One cron job per sending time (a plan's time zone and ``calendar.send_at``) runs check then
  send for the plans sharing it. It fires every day: the check itself sends nothing on a day
  off unless a step would otherwise be skipped, so make-up Saturdays and holidays need no
  special trigger.
- One interval job fetches replies over IMAP every few minutes when ``DONDOC_IMAP_URL`` is set.
- Every few minutes the plans are read again, so a plan loaded while serving gets its job.
- At start, a sending time whose latest moment passed with no run recorded since is run once:
  downtime is caught up exactly once, and misfires coalesce into one run.

Every run (from cron or from here) is recorded in ``runs``; that is what the catch-up and the
dashboard read. Logs are one ``key=value`` line per event.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time as clock
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from dondoc.notifiers.base import Notifier

from . import failures, ingest, nightly, outbox, sources, store
from . import plans as plan_store
from .clock import to_store
from .errors import Locked, UserError
from .payloads import Queued
from .plan import Plan
from .received import Received
from .settings import Settings

log = logging.getLogger("dondoc")

RECONCILE_EVERY = timedelta(minutes=5)
LOCK_RETRY = timedelta(minutes=1)
LOCK_ATTEMPTS = 5
MISFIRE_GRACE = timedelta(hours=6)


# --- what to fire, and when (pure) -----------------------------------------------------


@dataclass(frozen=True)
class SendTime:
    """The plans that send at one local time in one time zone."""

    timezone: str
    at: time
    plans: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"run {self.timezone} {self.at:%H:%M}"


def send_times(plans: Iterable[Plan]) -> list[SendTime]:
    """Plans grouped by sending time, in a stable order."""
    groups: dict[tuple[str, time], list[str]] = {}
    for plan in plans:
        at = time.fromisoformat(plan.calendar.send_at)
        groups.setdefault((plan.plan.timezone, at), []).append(plan.plan.id)
    return [SendTime(tz, at, tuple(sorted(ids))) for (tz, at), ids in sorted(groups.items())]


def latest_moment(send: SendTime, now: datetime) -> datetime:
    """The latest moment at or before ``now`` when the local clock showed ``send.at``."""
    local = now.astimezone(ZoneInfo(send.timezone))
    moment = datetime.combine(local.date(), send.at, local.tzinfo)
    return moment if moment <= local else datetime.combine(local.date() - timedelta(days=1), send.at, local.tzinfo)


def missed(send: SendTime, summaries: Sequence[Mapping[str, Any]]) -> bool:
    """True unless one of the runs summed up in ``summaries`` (all since the latest moment) covered
    every plan of ``send``."""
    for summary in summaries:
        covered = summary.get("plans")
        if covered is None or set(send.plans) <= set(covered):
            return False
    return True


# --- one run, recorded ------------------------------------------------------------------


@dataclass
class RunOutcome:
    check: nightly.CheckResult
    send: outbox.SendResult
    summary: dict[str, Any] = field(default_factory=dict)


def run_once(
    engine: Engine,
    notifier: Notifier,
    settings: Settings,
    now: datetime,
    plan_ids: Sequence[str] | None = None,
    each: Callable[[Queued], None] = lambda _message: None,
) -> RunOutcome:
    """Check then send (``dondoc run``), and record the run; ``each`` sees every message queued.
    A plan that fails is left out, recorded in the run's summary (``plans_failed``), and the rest goes."""
    started = datetime.now(UTC)
    checked = nightly.check(engine, now, settings, plan_ids=plan_ids, each=each)
    sent = outbox.drain(engine, notifier, settings, now)
    summary: dict[str, Any] = {
        "plans": sorted(plan_ids) if plan_ids is not None else None,
        **_checked(checked),
        "sent": sent.sent,
        "retried": sent.retried,
        "failed": sent.failed,
    }
    failed = failures.summary(checked.failed + [f for f in sent.plans_failed if f not in checked.failed])
    if failed:
        summary["plans_failed"] = failed
    record(engine, "run", now, started, summary)
    return RunOutcome(checked, sent, summary)


def check_once(
    engine: Engine,
    settings: Settings,
    now: datetime,
    dry_run: bool = False,
    each: Callable[[Queued], None] = lambda _message: None,
) -> nightly.CheckResult:
    """The check alone (``dondoc check``), recorded as a run with the plans that failed (a dry run
    changes nothing, and is not recorded)."""
    started = datetime.now(UTC)
    checked = nightly.check(engine, now, settings, dry_run=dry_run, each=each)
    if dry_run:
        return checked
    summary: dict[str, Any] = {"plans": None, **_checked(checked)}
    if checked.failed:
        summary["plans_failed"] = failures.summary(checked.failed)
    record(engine, "check", now, started, summary)
    return checked


def _checked(checked: nightly.CheckResult) -> dict[str, int]:
    return {"queued": checked.queued, "notices": checked.notices}


Source = Callable[[sources.Handle], Iterator[Received]]


def imap_source(settings: Settings) -> Source:
    """The IMAP mailbox of ``DONDOC_IMAP_URL`` as a source of replies."""
    if not settings.imap_url:
        raise UserError("set DONDOC_IMAP_URL (imaps://user:pass@host/INBOX) to use --imap")
    config = sources.ImapConfig.from_url(settings.imap_url)
    return lambda handle: sources.imap(config, handle)


def ingest_from(
    engine: Engine,
    settings: Settings,
    now: datetime,
    source: Source,
    each: Callable[[Received], None] = lambda _received: None,
    notifier: Notifier | None = None,
) -> dict[str, int]:
    """Record every message of ``source`` (``each`` sees what became of it), send the answers at
    once when given a ``notifier``, and record the run; return the counts by outcome."""
    started = datetime.now(UTC)
    nightly.sync_all(engine, now)
    counts: dict[str, int] = {}
    for received in source(lambda raws: ingest.ingest_all(engine, raws, now, settings)):
        counts[received.state] = counts.get(received.state, 0) + 1
        each(received)
    if counts and notifier is not None:  # acknowledgements and error replies should not wait for tomorrow's run
        sent = outbox.drain(engine, notifier, settings, now)
        counts |= {"sent": sent.sent, "failed": sent.failed}
    record(engine, "ingest", now, started, counts)
    return counts


def record(engine: Engine, kind: str, now: datetime, started: datetime, summary: dict[str, Any]) -> None:
    """One finished run, for the dashboard and the catch-up."""
    with store.transaction(engine) as conn:
        store.runs.record(
            conn,
            kind=kind,
            now=to_store(now),
            started_at=to_store(started),
            finished_at=to_store(datetime.now(UTC)),
            summary=summary,
        )


def retry_locked(action: Callable[[], Any], attempts: int = 3, pause: float | None = None) -> Any:
    """``action()``, tried again while another writer holds the database: each attempt waits
    ``DONDOC_LOCK_WAIT`` for the lock, then pauses as long again before the next."""
    pause = store.lock_wait_ms() / 1000 if pause is None else pause
    for attempt in range(1, attempts):
        try:
            return action()
        except Locked:
            log_event("locked", logging.WARNING, attempt=attempt, retry_in=f"{pause:g}s")
            clock.sleep(pause)
    return action()  # the last attempt: a Locked error now reaches the caller


# --- structured logs ----------------------------------------------------------------------


def log_event(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """One ``key=value`` line: ``event=run plans=2 queued=3 sent=3 ...``."""
    parts = [f"event={event}"] + [f"{k}={_logfmt(v)}" for k, v in fields.items()]
    log.log(level, " ".join(parts))


def _logfmt(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = ",".join(map(str, value))
    text = str(value)
    if text and not any(c in text for c in ' ="\\'):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def configure_logging() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("time=%(asctime)s level=%(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S%z"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False


def clock_from(start: datetime | None) -> Callable[[], datetime]:
    """The real clock, or one that starts at ``start`` and runs at the real pace (``serve --now``)."""
    if start is None:
        return lambda: datetime.now(UTC)
    offset = start - datetime.now(UTC)
    return lambda: datetime.now(UTC) + offset


# --- the daemon -----------------------------------------------------------------------------


class Service:
    """The scheduler of ``dondoc serve``; ``start`` and ``stop`` are all a caller needs."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        notifier: Callable[[], Notifier],
        ingest_every: timedelta | None,
        clock_now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.engine, self.settings, self.notifier = engine, settings, notifier
        self.ingest_every, self.now = ingest_every, clock_now
        self.unreadable: set[str] = set()  # plans found unreadable, each logged once per reason
        # One worker: a run and an ingest never write at the same time from one process.
        from apscheduler.executors.pool import ThreadPoolExecutor  # the daemon alone needs APScheduler
        from apscheduler.schedulers.background import BackgroundScheduler

        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(1)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
            },
        )

    def start(self) -> None:
        from apscheduler.triggers.interval import IntervalTrigger

        self.scheduler.start()
        jobs = self.reconcile(catch_up=True)
        self.scheduler.add_job(self.reconcile, IntervalTrigger(seconds=RECONCILE_EVERY.total_seconds()), id="plans")
        if self.ingest_every and self.settings.imap_url:
            every = IntervalTrigger(seconds=self.ingest_every.total_seconds())
            self.scheduler.add_job(self.ingest_tick, every, id="ingest", next_run_time=self.now())
        log_event("start", send_times=jobs, ingest=_minutes(self.ingest_every) if self.settings.imap_url else "off")

    def stop(self) -> None:
        """Let a running tick finish, then stop."""
        self.scheduler.shutdown(wait=True)
        log_event("stop")

    def reconcile(self, catch_up: bool = False) -> list[str]:
        """One cron job per sending time of the plans now in the store; on start, catch up once."""
        from apscheduler.triggers.cron import CronTrigger

        wanted = {send.key: send for send in send_times(self._readable_plans())}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("run ") and job.id not in wanted:
                job.remove()
        for key, send in wanted.items():
            trigger = CronTrigger(hour=send.at.hour, minute=send.at.minute, timezone=ZoneInfo(send.timezone))
            self.scheduler.add_job(self.run_tick, trigger, args=[send.plans], id=key, replace_existing=True)
            if catch_up and self._missed(send):
                log_event("catch-up", send_time=key, plans=len(send.plans))
                self.scheduler.add_job(self.run_tick, args=[send.plans], id=f"catch-up {key}")
        return sorted(wanted)

    def _readable_plans(self) -> list[Plan]:
        """Every stored plan that can be read; one that cannot is logged (once for each reason) and
        gets no job until it is loaded again, and the others keep theirs."""
        with self.engine.connect() as conn:
            found, failed = plan_store.all_readable(conn)
        for failure in failed:
            if str(failure) not in self.unreadable:
                self.unreadable.add(str(failure))
                log_event("plan-failed", logging.ERROR, plan=failure.plan_id, error=failure.reason)
        return found

    def _missed(self, send: SendTime) -> bool:
        since = to_store(latest_moment(send, self.now()))
        with self.engine.connect() as conn:
            return missed(send, store.runs.covering(conn, "run", since))

    def run_tick(self, plan_ids: Sequence[str], attempt: int = 1) -> None:
        def action() -> dict[str, Any]:
            summary = run_once(self.engine, self.notifier(), self.settings, self.now(), plan_ids).summary
            failed = summary.pop("plans_failed", {})
            for plan_id, reason in failed.items():
                log_event("plan-failed", logging.ERROR, plan=plan_id, error=reason)
            return {**summary, "plans": len(plan_ids), "plans_failed": len(failed)}

        self._tick("run", action, attempt, lambda n: self.run_tick(plan_ids, n))

    def ingest_tick(self, attempt: int = 1) -> None:
        self._tick(
            "ingest",
            lambda: ingest_from(
                self.engine, self.settings, self.now(), imap_source(self.settings), notifier=self.notifier()
            ),
            attempt,
            self.ingest_tick,
        )

    def _tick(
        self, kind: str, action: Callable[[], dict[str, Any]], attempt: int, retry: Callable[[int], None]
    ) -> None:
        """Run one tick and log one line; a locked database is tried again a minute later."""
        started = clock.monotonic()
        try:
            summary = action()
        except Locked as exc:
            if attempt < LOCK_ATTEMPTS:
                self.scheduler.add_job(retry, "date", run_date=self.now() + LOCK_RETRY, args=[attempt + 1])
            log_event(kind, logging.WARNING, error=str(exc), attempt=attempt)
        except UserError as exc:
            log_event(kind, logging.ERROR, error=str(exc))
        except Exception as exc:  # a bug must not stop the daemon: log it on one line, keep ticking
            log_event(kind, logging.ERROR, error=failures.reason_of(exc))
            if os.environ.get("DONDOC_DEBUG"):
                log.exception("details")
        else:
            log_event(kind, seconds=f"{clock.monotonic() - started:.2f}", **summary)


def _minutes(every: timedelta | None) -> str:
    return f"{every.total_seconds() / 60:g}min" if every else "off"


def serve_until_signalled(service: Service, extra_stop: Callable[[], None]) -> None:
    """Start ``service``, block until SIGTERM or SIGINT, then stop it and ``extra_stop`` gracefully."""
    stopping = threading.Event()

    def handle(signum: int, _frame: Any) -> None:
        log_event("signal", name=signal.Signals(signum).name)
        stopping.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    service.start()
    stopping.wait()
    extra_stop()
    service.stop()
