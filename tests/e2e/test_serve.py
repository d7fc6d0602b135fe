"""`dondoc serve` as an operator runs it: catch-up once, the dashboard, SIGTERM, the token."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from tests.support.browser import is_red
from tests.support.cli import Cli
from tests.support.pages import Browser
from tests.support.paths import PLANS
from tests.support.running import serving
from tests.support.servers import Databases
from tests.support.simulation import Simulated, copy_of


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture(scope="module")
def loaded(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the five seed plans, loaded once for the module by the CLI."""
    url = databases.new()
    assert Cli(tmp_path_factory.mktemp("loaded"), url)("load", *map(str, PLANS), "--now", "2026-03-01").returncode == 0
    return url


@pytest.fixture
def cli(tmp_path: Path, databases: Databases, loaded: str) -> Cli:
    """The CLI on a database of the test's own that holds the five seed plans (a copy of ``loaded``)."""
    return Cli(tmp_path, databases.new(template=loaded))


def test_a_start_after_the_sending_time_catches_up_once_and_sigterm_stops_cleanly(cli: Cli, tmp_path: Path) -> None:
    with serving(cli, "--now", "2026-03-16T09:00") as daemon:
        daemon.wait_for('event=catch-up send_time="run Asia/Ho_Chi_Minh 07:30" plans=5')
        run = daemon.wait_for(r"event=run seconds=\S+ plans=5 queued=(\d+) notices=\d+ sent=(\d+) retried=0 failed=0")
        assert int(run.group(1)) == int(run.group(2)) > 0
        assert daemon.stop() == 0
    assert daemon.lines[-1].endswith("event=stop")
    written = len(list((tmp_path / "outbox").glob("*.eml")))
    assert written == int(run.group(2))
    # The same day, later: that tick was taken already, so nothing runs and nothing is sent.
    with serving(cli, "--now", "2026-03-16T15:00") as again:
        again.wait_for("event=start")
        assert again.stop() == 0
    assert not [line for line in again.lines if "event=catch-up" in line or "event=run" in line]
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == written
    # The next morning, after downtime: exactly one catch-up run.
    with serving(cli, "--now", "2026-03-17T10:00") as next_day:
        next_day.wait_for("event=run ")
        assert next_day.stop() == 0
    assert sum("event=run " in line for line in next_day.lines) == 1


def test_a_cron_run_counts_as_the_tick(cli: Cli) -> None:
    assert cli("run", "--now", "2026-03-16T07:30").returncode == 0
    with serving(cli, "--now", "2026-03-16T08:00") as daemon:
        daemon.wait_for("event=start")
        assert daemon.stop() == 0
    assert not [line for line in daemon.lines if "event=run " in line]


def test_the_dashboard_serves_every_page(cli: Cli, tmp_path: Path) -> None:
    with serving(cli, "--now", "2026-04-20T09:00") as daemon:
        daemon.wait_for("event=run ")
        status, headers, body = get(daemon.url)
        assert status == 200 and "Theo dõi thực hiện kế hoạch" in body
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert body.count('href="/plan/') >= len(PLANS)
        assert "Kiểm tra và gửi nhắc việc" in get(f"{daemon.url}runs")[2]  # the run just made
        for plan in ("dan-tien-71", "gia-loc-57", "kim-thanh-mttq-57", "tan-ky-tt-57", "van-xuan-57"):
            status, _, page = get(f"{daemon.url}plan/{plan}")
            assert status == 200 and "Tổng quan" in page and "Tồn tại, hạn chế" in page
        status, _, english = get(f"{daemon.url}plan/dan-tien-71?lang=en")
        assert status == 200 and "Overview" in english and "Shortcomings" in english
        status, headers, _ = get(f"{daemon.url}plan/dan-tien-71/report.docx")
        assert status == 200 and headers["Content-Disposition"].startswith("attachment;")
        assert get(f"{daemon.url}plan/nope")[0] == 404
        health = json.loads(get(f"{daemon.url}healthz")[2])
        assert health["status"] == "ok" and health["last"]["run"]["summary"]["failed"] == 0
        assert daemon.stop() == 0


@pytest.mark.render
def test_every_page_as_a_person_sees_it_at_1280_and_390_pixels(simulated: Simulated, tmp_path: Path) -> None:
    """Half a year of the five seeds served by `dondoc serve`: each page in Chromium, wide and on a
    phone: no console message, no error, no horizontal scrolling; the screenshots in the artefacts."""
    cli = Cli(tmp_path, copy_of(simulated, tmp_path))
    with serving(cli, "--now", "2026-07-06T09:00") as daemon:
        daemon.wait_for("event=start")
        pages = {"home": "", "home-en": "?lang=en", "runs": "runs"}
        for plan, unit in UNITS.items():
            pages[f"plan-{plan}"] = f"plan/{plan}"
            pages[f"unit-{plan}-{unit}"] = f"plan/{plan}/unit/{unit}"
        pages["plan-tan-ky-tt-57-h1"] = "plan/tan-ky-tt-57?period=2026-H1"
        pages["plan-gia-loc-57-en"] = "plan/gia-loc-57?lang=en"
        pages["unit-tan-ky-tt-57-ttdv-en"] = "plan/tan-ky-tt-57/unit/ttdv?lang=en"
        with Browser() as browser:
            for name, path in pages.items():
                for width in (1280, 390):
                    shot = browser.open(daemon.url + path, f"dashboard-{name}-{width}", width=width)
                    assert not shot.problems, (name, width, shot.problems)
                    assert shot.overflow == 0, (name, width, shot.scroll_width)
            home = browser.open(daemon.url, "dashboard-home-check", width=1280)
        colours = Image.open(home.path).convert("RGB").getcolors(maxcolors=1 << 18) or []
        assert any(is_red(rgb) for _, rgb in colours)  # a red status, the trend of an overdue plan
        assert daemon.stop() == 0


@pytest.mark.render
def test_the_page_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    """The measuring itself: a page too wide for a phone, and one that logs and fails to load."""
    wide = tmp_path / "wide.html"
    wide.write_text('<meta name="viewport" content="width=device-width"><div style="width:900px">x</div>')
    noisy = tmp_path / "noisy.html"
    noisy.write_text('<img src="missing.png"><script>console.error("boom")</script>')
    with Browser() as browser:
        assert browser.open(wide.as_uri(), "check-wide", width=390).overflow > 400
        problems = browser.open(noisy.as_uri(), "check-noisy", width=1280).problems
    assert any("boom" in p for p in problems) and any("missing.png" in p for p in problems)


# A unit per plan whose page is looked at: the lead of most of its tasks.
UNITS = {
    "dan-tien-71": "vhxh",
    "gia-loc-57": "ubnd",
    "kim-thanh-mttq-57": "mttq",
    "tan-ky-tt-57": "ttdv",
    "van-xuan-57": "vhxh",
}


def test_another_address_needs_a_token(cli: Cli) -> None:
    refused = cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "Error: serving the dashboard on 0.0.0.0 needs DONDOC_DASHBOARD_TOKEN (or keep --host 127.0.0.1)"
    ]
    env = {"DONDOC_DASHBOARD_TOKEN": "s3cret-token"}
    with serving(cli, "--host", "0.0.0.0", "--now", "2026-03-16T06:00", env=env) as daemon:
        url = daemon.url.replace("0.0.0.0", "127.0.0.1")
        assert daemon.wait_for("token=required")
        status, _, body = get(url)
        assert status == 401 and "Cần mã truy cập" in body
        assert get(url, {"Authorization": "Bearer wrong"})[0] == 401
        assert get(url, {"Authorization": "Bearer s3cret-token"})[0] == 200
        status, headers, _ = get(f"{url}plan/dan-tien-71?token=s3cret-token")
        assert status == 303 and headers["Location"] == "/plan/dan-tien-71"
        cookie = headers["Set-Cookie"].split(";")[0]
        assert "HttpOnly" in headers["Set-Cookie"]
        assert get(f"{url}plan/dan-tien-71", {"Cookie": cookie})[0] == 200
        # A unit's calendar: its own token in the address (a calendar application keeps no cookie),
        # which opens that calendar and nothing else.
        status, _, unit_page = get(f"{url}plan/dan-tien-71/unit/vhxh", {"Cookie": cookie})
        feed = re.search(r'href="(/plan/dan-tien-71/unit/vhxh/calendar\.ics\?token=\w+)"', unit_page)
        assert status == 200 and feed
        status, headers, body = get(url.rstrip("/") + feed.group(1))
        assert status == 200 and headers["Content-Type"].startswith("text/calendar") and body.startswith("BEGIN:VCALENDAR")
        unit_token = feed.group(1).rsplit("=", 1)[1]
        assert get(f"{url}plan/dan-tien-71/unit/vhxh/calendar.ics")[0] == 401
        assert get(f"{url}plan/dan-tien-71/unit/co-quan-don-vi/calendar.ics?token={unit_token}")[0] == 401
        assert get(f"{url}?token={unit_token}")[0] == 401  # not the dashboard's token
        assert daemon.stop() == 0
