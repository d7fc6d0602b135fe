"""The read-only dashboard of ``dondoc serve``: one overview page and one page per plan.

Pages are built by plain functions (store connection + path + now -> ``Page``) and served by
the standard library's threading HTTP server: no JavaScript, no external assets, nothing that
writes. Bound to 127.0.0.1 by default; any other address needs ``DONDOC_DASHBOARD_TOKEN``,
given as ``Authorization: Bearer ...`` or once as ``?token=...`` (kept in a cookie).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine

from . import formats, reports, store
from .clock import DEFAULT_TIMEZONE, from_store, local_date
from .emails import render as render_template
from .errors import PlanFailed, UserError
from .failures import blamed_on
from .service import log_event
from .store.occurrences import PlanFigures
from .store.runs import Run

LANGUAGES = ("vi", "en")
LOOPBACK = ("127.0.0.1", "::1", "localhost")
COOKIE = "dondoc_token"
HEADERS = {
    # Everything is inline and nothing runs: forbid the rest.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Page:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"


# --- pages (plain functions) --------------------------------------------------------------


def page(conn: Connection, path: str, lang: str, now: datetime) -> Page:
    """The page at ``path``: ``/``, ``/plan/<id>`` or ``/healthz``."""
    lang = lang if lang in LANGUAGES else "vi"
    if path in ("/", "/index.html"):
        return Page(HTTPStatus.OK, overview(conn, lang, now).encode())
    if path == "/healthz":
        return health(conn)
    if path.startswith("/plan/"):
        plan_id = unquote(path.removeprefix("/plan/"))
        try:
            if store.plans.exists(conn, plan_id):
                with blamed_on(plan_id):
                    return Page(HTTPStatus.OK, plan_page(conn, plan_id, lang, now).encode())
        except PlanFailed as exc:  # that plan's page says so; every other page still works
            log_event("plan-failed", logging.ERROR, plan=plan_id, error=exc.reason)
            return message(HTTPStatus.INTERNAL_SERVER_ERROR, "plan_failed", lang, detail=str(exc))
    return message(HTTPStatus.NOT_FOUND, "missing", lang)


def overview(conn: Connection, lang: str, now: datetime) -> str:
    """Every plan with its open, overdue and done items; quarantine, outbox and the last runs."""
    rows = plan_rows(conn, now)
    runs = [
        {**run._asdict(), "at": from_store(run.now, DEFAULT_TIMEZONE), "seconds": _seconds(run)}
        for run in store.runs.last(conn)
    ]
    context = {
        "plans": rows,
        "totals": {key: sum(r[key] for r in rows) for key in ("total", "open", "due", "overdue", "done")},
        "inbox": store.inbox.states(conn),
        "outbox": store.outbox.states(conn),
        "runs": runs,
        "now": now.astimezone(ZoneInfo(DEFAULT_TIMEZONE)),
    }
    return render_template(lang, "dashboard.html.j2", **context)


def plan_rows(conn: Connection, now: datetime) -> list[dict[str, Any]]:
    """Each plan's id, code, title and figures (items, open, done, fallen due, overdue, overdue share)
    as of its own date at ``now``."""
    stored = store.plans.refs(conn)
    zones = {plan.timezone for plan in stored} or {DEFAULT_TIMEZONE}
    counts: dict[str, PlanFigures] = {}
    for timezone in zones:  # each plan's figures as of its own date (one query in the usual case)
        in_zone = None if len(zones) == 1 else [plan.id for plan in stored if plan.timezone == timezone]
        counts |= store.occurrences.figures(conn, local_date(now, timezone), in_zone)
    rows = []
    for plan in stored:
        figures = counts.get(plan.id, PlanFigures())
        share = round(100 * figures.overdue / figures.due, 1) if figures.due else 0.0
        rows.append({**plan._asdict(), **figures._asdict(), "open": figures.total - figures.done, "share": share})
    return rows


def plan_page(conn: Connection, plan_id: str, lang: str, now: datetime) -> str:
    """The running period's report of one plan, as of now, with the dashboard's navigation."""
    report = reports.gather_running(conn, plan_id, now)
    report = replace(report, plan=replace(report.plan, language=lang))
    return formats.html(report, "dashboard_plan.html.j2")


def health(conn: Connection) -> Page:
    """For monitoring: the last run of each kind, as JSON."""
    last: dict[str, Any] = {}
    for run in store.runs.last(conn, 50):
        last.setdefault(run.kind, {"at": run.started_at.isoformat() + "Z", "summary": run.summary})
    body = json.dumps({"status": "ok", "last": last}, ensure_ascii=False).encode()
    return Page(HTTPStatus.OK, body, "application/json")


def message(status: int, reason: str, lang: str, detail: str = "") -> Page:
    context = {"reason": reason, "status": status, "detail": detail}
    return Page(status, render_template(lang, "dashboard_message.html.j2", **context).encode())


def _seconds(run: Run) -> float | None:
    if run.finished_at is None:
        return None
    took: timedelta = run.finished_at - run.started_at
    return round(took.total_seconds(), 2)


# --- the server -----------------------------------------------------------------------------


def token_for(host: str, token: str | None) -> str | None:
    """The token requests must carry: none on loopback unless one is set; required elsewhere."""
    if host not in LOOPBACK and not token:
        raise UserError(f"serving the dashboard on {host} needs DONDOC_DASHBOARD_TOKEN (or keep --host 127.0.0.1)")
    return token or None


def server(engine: Engine, host: str, port: int, token: str | None, now: Callable[[], datetime]) -> ThreadingHTTPServer:
    """A threading HTTP server for the dashboard (call ``serve_forever`` in a thread)."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "dondoc"
        sys_version = ""

        def do_GET(self) -> None:
            self._answer(head=False)

        def do_HEAD(self) -> None:
            self._answer(head=True)

        def _answer(self, head: bool) -> None:
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            lang = query.get("lang", "vi")
            extra: dict[str, str] = {}
            if token and "token" in query and hmac.compare_digest(query["token"], token):
                # Keep the token in a cookie and drop it from the address bar and history.
                extra = {"Set-Cookie": f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/", "Location": url.path}
                result = Page(HTTPStatus.SEE_OTHER, b"")
            elif token and not self._authorised(token):
                result = message(HTTPStatus.UNAUTHORIZED, "token", lang)
            else:
                with engine.connect() as conn:
                    result = page(conn, url.path, lang, now())
            self._send(result, head, extra)

        def _authorised(self, expected: str) -> bool:
            given = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            if not given:
                cookie = SimpleCookie(self.headers.get("Cookie", ""))
                given = cookie[COOKIE].value if COOKIE in cookie else ""
            return hmac.compare_digest(given, expected)

        def _send(self, result: Page, head: bool, extra: dict[str, str]) -> None:
            self.send_response(result.status)
            for name, value in {**HEADERS, **extra, "Content-Type": result.content_type}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(result.body)))
            self.end_headers()
            if not head:
                self.wfile.write(result.body)

        def log_message(self, format: str, *args: Any) -> None:
            if logging.getLogger("dondoc").isEnabledFor(logging.DEBUG):
                log_event("http", logging.DEBUG, request=format % args)

    try:
        return ThreadingHTTPServer((host, port), Handler)
    except OSError as exc:
        raise UserError(f"cannot serve the dashboard on {host}:{port}: {exc.strerror or exc}") from None
