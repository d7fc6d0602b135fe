"""The read-only dashboard of ``dondoc serve``: the routes and the HTTP server.

Pages are built by plain functions (``views``: store connection + what was asked + now -> HTML)
and served by the standard library's threading HTTP server: no JavaScript, no external assets,
nothing that writes. Bound to 127.0.0.1 by default; any other address needs ``DONDOC_DASHBOARD_TOKEN``,
given as ``Authorization: Bearer ...`` or once as ``?token=...`` (kept in a cookie).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from sqlalchemy import Connection, Engine

from . import store, views
from .emails import render as render_template
from .errors import NotFound, PlanFailed, UserError
from .failures import blamed_on
from .service import log_event

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


@dataclass(frozen=True, kw_only=True)
class Site:
    """What pages need to know of where they are served: the token (for each unit's calendar
    address), the public address of the dashboard (links in calendars) and the sender's domain
    (calendar UIDs)."""

    token: str | None = None
    public_url: str | None = None
    domain: str = "localhost"

    def feed_token(self, plan_id: str, unit_id: str) -> str:
        """A unit's own calendar token: it opens that calendar and nothing else."""
        assert self.token is not None
        return hmac.new(self.token.encode(), f"calendar:{plan_id}:{unit_id}".encode(), "sha256").hexdigest()[:32]

    def feed(self, plan_id: str, unit_id: str) -> str:
        path = f"/plan/{quote(plan_id)}/unit/{quote(unit_id)}/calendar.ics"
        return f"{path}?token={self.feed_token(plan_id, unit_id)}" if self.token else path


@dataclass(frozen=True)
class Page:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    disposition: str = ""  # a download's Content-Disposition


# --- routes -------------------------------------------------------------------------------

_PLAN = re.compile(r"^/plan/([^/]+)(?:/report\.(docx|xlsx|html)|/unit/([^/]+)(/calendar\.ics)?)?/?$")


def page(conn: Connection, path: str, query: dict[str, str], now: datetime, site: Site = Site()) -> Page:
    """The page at ``path``: ``/``, ``/runs``, ``/plan/<id>`` (``?period=``), ``/plan/<id>/report.<fmt>``,
    ``/plan/<id>/unit/<unit>``, ``/plan/<id>/unit/<unit>/calendar.ics`` or ``/healthz``; ``?lang=en``
    for English."""
    lang = query.get("lang", "vi")
    lang = lang if lang in LANGUAGES else "vi"
    if path == "/healthz":
        return health(conn)
    try:
        return _route(conn, path, query, lang, now, site)
    except NotFound:
        return message(HTTPStatus.NOT_FOUND, "missing", lang)
    except PlanFailed as exc:  # that plan's pages say so; every other page still works
        log_event("plan-failed", logging.ERROR, plan=exc.plan_id, error=exc.reason)
        return message(HTTPStatus.INTERNAL_SERVER_ERROR, "plan_failed", lang, detail=str(exc))


def _route(conn: Connection, path: str, query: dict[str, str], lang: str, now: datetime, site: Site) -> Page:
    if path in ("/", "/index.html"):
        return _html(views.home(conn, lang, now))
    if path == "/runs":
        return _html(views.runs(conn, lang, now))
    found = _PLAN.match(path)
    if found is None:
        raise NotFound(path)
    plan_id, fmt, unit_id, ics = (unquote(part) if part else None for part in found.groups())
    assert plan_id is not None
    with blamed_on(plan_id):
        return _plan_route(conn, plan_id, (fmt, unit_id, ics), query, lang, now, site)


def _plan_route(
    conn: Connection,
    plan_id: str,
    parts: tuple[str | None, ...],
    query: dict[str, str],
    lang: str,
    now: datetime,
    site: Site,
) -> Page:
    fmt, unit_id, ics = parts
    period = query.get("period") or None
    if fmt:
        file = views.download(conn, plan_id, fmt, period, lang, now)
        return Page(HTTPStatus.OK, file.content, file.media_type, f'attachment; filename="{file.name}"')
    if unit_id and ics:
        link = f"{site.public_url.rstrip('/')}/plan/{quote(plan_id)}/unit/{quote(unit_id)}" if site.public_url else None
        feed = views.calendar_feed(conn, plan_id, unit_id, now, site.domain, link)
        return Page(HTTPStatus.OK, feed, "text/calendar; charset=utf-8", f'inline; filename="{plan_id}-{unit_id}.ics"')
    if unit_id:
        return _html(views.unit_page(conn, plan_id, unit_id, lang, now, site.feed(plan_id, unit_id)))
    return _html(views.plan_page(conn, plan_id, period, lang, now))


def _html(text: str) -> Page:
    return Page(HTTPStatus.OK, text.encode())


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


# --- the server -----------------------------------------------------------------------------


def token_for(host: str, token: str | None) -> str | None:
    """The token requests must carry: none on loopback unless one is set; required elsewhere."""
    if host not in LOOPBACK and not token:
        raise UserError(f"serving the dashboard on {host} needs DONDOC_DASHBOARD_TOKEN (or keep --host 127.0.0.1)")
    return token or None


def server(engine: Engine, host: str, port: int, site: Site, now: Callable[[], datetime]) -> ThreadingHTTPServer:
    """A threading HTTP server for the dashboard (call ``serve_forever`` in a thread); ``site.token``,
    when set, is what every request must carry (a unit's calendar: its own token, in the address)."""
    token = site.token

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
            lang = lang if lang in LANGUAGES else "vi"
            extra: dict[str, str] = {}
            if token and url.path.endswith("/calendar.ics") and self._feed_allowed(url.path, query.get("token", "")):
                # A calendar application keeps no cookie: the unit's token stays in the address.
                with engine.connect() as conn:
                    result = page(conn, url.path, query, now(), site)
            elif token and "token" in query and hmac.compare_digest(query["token"], token):
                # Keep the token in a cookie and drop it from the address bar and history.
                extra = {"Set-Cookie": f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/", "Location": url.path}
                result = Page(HTTPStatus.SEE_OTHER, b"")
            elif token and not self._authorised(token):
                result = message(HTTPStatus.UNAUTHORIZED, "token", lang)
            else:
                with engine.connect() as conn:
                    result = page(conn, url.path, query, now(), site)
            self._send(result, head, extra)

        def _feed_allowed(self, path: str, given: str) -> bool:
            found = _PLAN.match(path)
            if found is None or not given:
                return False
            plan_id, unit_id = unquote(found.group(1)), unquote(found.group(3) or "")
            return hmac.compare_digest(given, site.feed_token(plan_id, unit_id))

        def _authorised(self, expected: str) -> bool:
            given = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            if not given:
                cookie = SimpleCookie(self.headers.get("Cookie", ""))
                given = cookie[COOKIE].value if COOKIE in cookie else ""
            return hmac.compare_digest(given, expected)

        def _send(self, result: Page, head: bool, extra: dict[str, str]) -> None:
            self.send_response(result.status)
            if result.disposition:
                extra = {**extra, "Content-Disposition": result.disposition}
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
