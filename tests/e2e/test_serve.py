"""`dondoc serve` as an operator runs it: catch-up once, the dashboard, SIGTERM, the token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.browser import is_red, screenshot
from tests.support.cli import Cli
from tests.support.paths import PLANS
from tests.support.running import serving
from tests.support.servers import Databases


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
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


@pytest.mark.render
def test_the_dashboard_shows_every_plan_in_chromium(cli: Cli, tmp_path: Path) -> None:
    with serving(cli, "--now", "2026-04-20T09:00") as daemon:
        daemon.wait_for("event=run ")
        status, headers, body = get(daemon.url)
        assert status == 200 and "Bảng theo dõi thực hiện kế hoạch" in body
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert body.count('href="/plan/') == len(PLANS)
        assert "Kiểm tra và gửi nhắc việc" in body  # the run just made
        image = screenshot(daemon.url, "dashboard-index", tmp_path)
        assert len(image.getcolors(maxcolors=1 << 16) or []) > 20
        for plan in ("dan-tien-71", "gia-loc-57", "kim-thanh-mttq-57", "tan-ky-tt-57", "van-xuan-57"):
            status, _, page = get(f"{daemon.url}plan/{plan}")
            assert status == 200 and "Tất cả kế hoạch" in page and "Tồn tại, hạn chế" in page
            screenshot(f"{daemon.url}plan/{plan}", f"dashboard-{plan}", tmp_path)
        status, _, english = get(f"{daemon.url}plan/dan-tien-71?lang=en")
        assert status == 200 and "All plans" in english and "Shortcomings" in english
        shot = screenshot(f"{daemon.url}plan/dan-tien-71", "dashboard-plan-overdue", tmp_path)
        assert any(is_red(rgb) for _, rgb in shot.getcolors(maxcolors=1 << 16) or [])
        assert get(f"{daemon.url}plan/nope")[0] == 404
        health = json.loads(get(f"{daemon.url}healthz")[2])
        assert health["status"] == "ok" and health["last"]["run"]["summary"]["failed"] == 0
        assert daemon.stop() == 0


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
        assert daemon.stop() == 0
