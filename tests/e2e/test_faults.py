"""Faults at run time, through the installed `dondoc` (issue #23): a plan that fails beside the
others, a database that cannot be used, a backup taken while others write, messages a crashed run
left in 'sending'. Each case with the exact line a person reads.

No output may hold a traceback (``Cli`` checks), SQL, its parameters, a library's help link, or a
password.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.cli import Cli
from tests.support.paths import PLANS
from tests.support.servers import free_port, postgres_server

BROKEN = "gia-loc-57"
BROKEN_LINE = (
    f"Error: plan {BROKEN}: its stored revision 1 is not valid for this dondoc "
    "(tasks.0.cancelled: Extra inputs are not permitted): load its plan file again (`dondoc load FILE`)"
)
OTHERS = {"dan-tien-71", "kim-thanh-mttq-57", "tan-ky-tt-57", "van-xuan-57"}
LOADED = "2026-03-02"
DAYS = ["2026-03-16", "2026-03-25", "2026-04-16"]
LEAKS = ("sqlalche.me", "[SQL", "[parameters", "Traceback", "https://", "psycopg2.")


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def clean(result: subprocess.CompletedProcess[str], *secrets: str) -> subprocess.CompletedProcess[str]:
    """``result``, after checking its output leaks nothing: internals, or the given secrets."""
    said = result.stdout + result.stderr
    for leak in (*LEAKS, *secrets):
        assert leak not in said, said
    return result


# --- one plan that fails, among the others -------------------------------------------------------


def break_plan(path: Path, plan_id: str) -> None:
    """Make the stored revision of ``plan_id`` one a newer dondoc's model refuses (a key it no longer
    has), and ask for its occurrences to be derived again, as after an upgrade."""
    with sqlite3.connect(path) as db:
        (text,) = db.execute("SELECT plan_json FROM plan_revisions WHERE plan_id = ?", (plan_id,)).fetchone()
        plan = json.loads(text)
        plan["tasks"][0]["cancelled"] = True
        db.execute("UPDATE plan_revisions SET plan_json = ? WHERE plan_id = ?", (json.dumps(plan), plan_id))
        db.execute("UPDATE plans SET generated_until = NULL WHERE id = ?", (plan_id,))


Sent = set[tuple[str, tuple[str, ...], frozenset[tuple[str, str, str, str]]]]


def sent(path: Path) -> Sent:
    """Every message in the outbox: its key without the hash of occurrence ids (which differ from
    one database to another: plan, audience and day are left), its recipients, and the (task, unit,
    period, step) notices it carries."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT key, recipients FROM outbox").fetchall()
        notices = db.execute(
            "SELECT n.outbox_key, o.task_id, o.unit_id, o.period, n.step FROM notices n "
            "JOIN occurrences o ON o.id = n.occurrence_id"
        ).fetchall()
    carried: dict[str, set[tuple[str, str, str, str]]] = {}
    for key, *notice in notices:
        carried.setdefault(key, set()).add(tuple(notice))
    return {(key.rsplit(":", 1)[0], tuple(json.loads(to)), frozenset(carried.get(key, ()))) for key, to in rows}


def test_one_broken_plan_leaves_the_four_others_sending_exactly_what_they_send_alone(tmp_path: Path) -> None:
    alone_db, together_db = tmp_path / "alone.db", tmp_path / "together.db"
    alone, together = Cli(tmp_path, url_of(alone_db)), Cli(tmp_path, url_of(together_db))
    others = [str(p) for p in PLANS if "gia-loc" not in p.name]
    assert len(others) == 4
    assert alone("load", *others, "--now", LOADED).returncode == 0
    assert together("load", *map(str, PLANS), "--now", LOADED).returncode == 0
    break_plan(together_db, BROKEN)
    env = {"DONDOC_OUTBOX_DIR": str(tmp_path / "outbox")}
    for day in DAYS:
        by_itself = alone("run", "--now", day, env=env)
        assert by_itself.returncode == 0, by_itself.stderr
        beside = clean(together("run", "--now", day, env=env))
        assert beside.returncode == 1  # something failed, and every other plan ran
        assert beside.stderr.splitlines() == [BROKEN_LINE]
        assert beside.stdout.splitlines()[-1].startswith("send: ") and " 0 failed" in beside.stdout
    messages = sent(together_db)
    assert len(messages) > 20 and {key.split(":")[1] for key, _, _ in messages} == OTHERS
    assert messages == sent(alone_db)
    with sqlite3.connect(together_db) as db:  # each run is recorded with the plan that failed
        summaries = [json.loads(s) for (s,) in db.execute("SELECT summary FROM runs WHERE kind = 'run'")]
    assert [s["plans_failed"] for s in summaries] == [{BROKEN: BROKEN_LINE.split(": ", 2)[2]}] * len(DAYS)


def test_a_broken_plan_is_one_line_in_status_check_and_report_and_loading_it_again_mends_it(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    cli = Cli(tmp_path, url_of(db))
    assert cli("load", *map(str, PLANS), "--now", LOADED).returncode == 0
    break_plan(db, BROKEN)
    status = clean(cli("status", "--json", "--now", DAYS[0]))
    assert status.returncode == 1 and status.stderr.splitlines() == [BROKEN_LINE]
    shown = json.loads(status.stdout)
    assert shown["failed"] == [{"plan": BROKEN, "error": BROKEN_LINE.split(": ", 2)[2]}]
    assert {o["plan"] for o in shown["occurrences"]} == OTHERS
    check = clean(cli("check", "--dry-run", "--now", DAYS[0]))
    assert check.returncode == 1 and check.stderr.splitlines() == [BROKEN_LINE]
    report = clean(cli("report", "--plan", BROKEN, "--now", DAYS[0]))
    assert (report.returncode, report.stderr.splitlines()) == (1, [BROKEN_LINE])
    assert cli("report", "--plan", "van-xuan-57", "--now", DAYS[0]).returncode == 0
    mended = cli("load", *map(str, PLANS), "--now", DAYS[0])  # the same text: stored again, as it cannot be read
    assert mended.returncode == 0, mended.stderr
    assert f"{BROKEN} revision 2 (revised)" in mended.stdout and "van-xuan-57 revision 1 (unchanged)" in mended.stdout
    assert cli("status", "--now", DAYS[0]).returncode == 0


def test_a_now_outside_the_calendar_fails_each_plan_in_one_line(tmp_path: Path) -> None:
    cli = Cli(tmp_path, url_of(tmp_path / "d.db"))
    assert cli("load", str(PLANS[0]), str(PLANS[-1]), "--now", LOADED).returncode == 0
    result = clean(cli("check", "--now", "2201-01-05"))
    assert result.returncode == 1
    reason = "the working day asked from 2200-12-31 is outside the years dondoc reckons working days for (1900-2200)"
    assert result.stderr.splitlines() == [f"Error: plan dan-tien-71: {reason}", f"Error: plan van-xuan-57: {reason}"]


# --- the store fails in one plain line -----------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dondoc database with the seed plans loaded and checked, as one file (no -wal beside it)."""
    folder = tmp_path_factory.mktemp("seeded")
    cli = Cli(folder, url_of(folder / "live.db"))
    assert cli("load", *map(str, PLANS), "--now", LOADED).returncode == 0
    assert cli("check", "--now", DAYS[0]).returncode == 0
    assert cli("backup", str(folder / "seeded.db")).returncode == 0
    return folder / "seeded.db"


def copy_of(seeded: Path, path: Path) -> Path:
    path.write_bytes(seeded.read_bytes())
    return path


def damaged(url: str, said: str) -> str:
    return (
        f"Error: the database {url} is damaged or not a database file ({said}): restore it from a backup "
        "(see `dondoc backup` in docs/cli.md)"
    )


def test_a_file_of_random_bytes_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    path.write_bytes(hashlib.sha512(b"not a database").digest() * 64)
    for command in (["status"], ["check"], ["report", "--plan", "x"]):
        result = clean(Cli(tmp_path, url_of(path))(*command))
        assert (result.returncode, result.stderr) == (1, damaged(url_of(path), "file is not a database") + "\n")


def test_a_truncated_database_is_refused_in_one_line(tmp_path: Path, seeded: Path) -> None:
    path = tmp_path / "d.db"
    path.write_bytes(seeded.read_bytes()[: seeded.stat().st_size // 3])
    result = clean(Cli(tmp_path, url_of(path))("status", "--now", DAYS[0]))
    assert (result.returncode, result.stderr) == (1, damaged(url_of(path), "database disk image is malformed") + "\n")


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``path`` (a file, or a folder) that nobody may change, root included (``chattr +i``)."""
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable flag (chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


READ_ONLY = (
    "Error: this command writes, and the database may only be read (attempt to write a readonly database; {url}): "
    "the commands that only read (status, report, plans) still work\n"
)


def test_a_read_only_file_is_read_and_not_written_in_one_line(tmp_path: Path, seeded: Path) -> None:
    path = copy_of(seeded, tmp_path / "d.db")
    cli = Cli(tmp_path, url_of(path))
    with immutable(path):
        assert cli("status", "--now", DAYS[0]).returncode == 0
        result = clean(cli("check", "--now", DAYS[1]))
    assert (result.returncode, result.stderr) == (1, READ_ONLY.format(url=url_of(path)))


def test_a_read_only_uri_is_read_and_not_written_in_one_line(tmp_path: Path, seeded: Path) -> None:
    url = f"sqlite:///file:{copy_of(seeded, tmp_path / 'd.db')}?mode=ro&uri=true"
    cli = Cli(tmp_path, url)
    assert cli("plans").returncode == 0
    result = clean(cli("update", "van-xuan-57", "II.2.2.c.2", "--unit", "vhxh", "--note", "x"))
    assert (result.returncode, result.stderr) == (1, READ_ONLY.format(url=url))


def test_a_folder_dondoc_may_not_write_to_is_said_in_one_line(tmp_path: Path, seeded: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = copy_of(seeded, folder / "d.db")
    with immutable(folder):  # SQLite cannot make d.db-wal and d.db-shm there
        reading, writing = (clean(Cli(tmp_path, url_of(path))(command)) for command in ("status", "check"))
    assert reading.returncode == 0  # a file without a write-ahead log is read in place
    assert (writing.returncode, writing.stderr) == (
        1,
        f"Error: cannot open the database {url_of(path)} (unable to open database file): its folder must exist "
        "and dondoc must be allowed to write there (SQLite keeps -wal and -shm files beside the database)\n",
    )


def test_a_database_of_another_program_is_refused_and_left_exactly_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "accounts.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER)")
        db.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)")
    before = path.read_bytes()
    cli = Cli(tmp_path, url_of(path))
    line = (
        f"Error: the database {url_of(path)} is not a dondoc database (it holds other tables: ledger, people); "
        "dondoc leaves it as it is: give the URL of dondoc's own database, or of a new file\n"
    )
    for command in (["status"], ["check"], ["migrate"], ["load", str(PLANS[0])], ["backup", str(tmp_path / "b.db")]):
        result = clean(cli(*command))
        assert (result.returncode, result.stderr) == (1, line), command
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.db"]  # no -wal, -shm or backup made


def test_a_database_in_memory_is_refused_in_one_line(tmp_path: Path) -> None:
    for url in ("sqlite:///:memory:", "sqlite://"):
        for command in ("status", "check"):
            result = clean(Cli(tmp_path, url)(command))
            assert (result.returncode, result.stderr) == (
                1,
                f"Error: {url} is a database in memory, gone when the command ends: give a file "
                "(sqlite:///dondoc.db) or a PostgreSQL URL in --db or DONDOC_DB\n",
            )


def test_a_database_url_that_cannot_be_read_is_one_line_that_does_not_repeat_it(tmp_path: Path) -> None:
    for url, said in (
        ("postgresql://dondoc:s3cret-Pw@db:5432x/dondoc", "invalid literal for int() with base 10: '5432x'"),
        ("s3cret-Pw", "Could not parse SQLAlchemy URL from given URL string"),
    ):
        result = clean(Cli(tmp_path, url)("status"), "s3cret-Pw")
        assert (result.returncode, result.stderr) == (
            1,
            f"Error: the database URL (--db or DONDOC_DB) cannot be read ({said}): write sqlite:///dondoc.db or "
            "postgresql://user:password@host/database\n",
        )


def test_an_unreachable_postgresql_is_one_line_without_its_password(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql://dondoc:s3cret-Pw@127.0.0.1:{port}/dondoc"
    for command in ("status", "check"):
        result = clean(Cli(tmp_path, url)(command), "s3cret-Pw")
        assert (result.returncode, result.stderr) == (
            1,
            f"Error: cannot connect to the database postgresql://dondoc:***@127.0.0.1:{port}/dondoc: connection to "
            f'server at "127.0.0.1", port {port} failed: Connection refused\n',
        )


@pytest.mark.postgres
def test_a_wrong_postgresql_password_is_one_line_without_the_password(tmp_path: Path) -> None:
    with postgres_server(password="right-pw") as admin:
        port = admin.rsplit(":", 1)[1].split("/")[0]
        assert Cli(tmp_path, admin)("migrate").returncode == 0  # the right one works
        url = f"postgresql://postgres:Wr0ng-pw@127.0.0.1:{port}/postgres"
        for command in ("status", "check"):
            result = clean(Cli(tmp_path, url)(command), "Wr0ng-pw", "right-pw")
            assert (result.returncode, result.stderr) == (
                1,
                f"Error: cannot connect to the database postgresql://postgres:***@127.0.0.1:{port}/postgres: "
                f'connection to server at "127.0.0.1", port {port} failed: password authentication failed for '
                'user "postgres"\n',
            )


# --- backups -------------------------------------------------------------------------------------

WRITER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from dondoc.engine import store
from dondoc.engine.service import record

engine = store.connect(sys.argv[1])
now = datetime.now(UTC)
n = 0
while not Path(sys.argv[2]).exists():
    record(engine, "writer", now, now, {"n": n, "padding": "x" * 20_000})
    n += 1
    if n == 20:
        Path(sys.argv[3]).touch()  # writing for a while: the backup may start
print(n)
"""


def test_a_backup_taken_while_another_process_writes_restores_to_the_same_status(tmp_path: Path, seeded: Path) -> None:
    live = copy_of(seeded, tmp_path / "live.db")
    cli = Cli(tmp_path, url_of(live))
    before = cli("status", "--json", "--now", DAYS[1])
    stop, started = tmp_path / "stop", tmp_path / "started"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url_of(live), str(stop), str(started)], stdout=subprocess.PIPE, text=True
    )
    try:
        while not started.exists():
            assert writer.poll() is None, "the writer stopped"
            time.sleep(0.05)
        copied = cli("backup", str(tmp_path / "backup.db"))
        assert writer.poll() is None  # the writer was still writing when the backup ended
    finally:
        stop.touch()
        writes = int(writer.communicate(timeout=60)[0])
    assert copied.returncode == 0, copied.stderr
    assert copied.stdout.startswith(f"backup: {tmp_path / 'backup.db'} written (5 plans, schema version ")
    assert sorted(p.name for p in tmp_path.glob("backup.db*")) == ["backup.db"]  # one file: no -wal, no .part

    restored = tmp_path / "restored" / "dondoc.db"  # the restore procedure of docs/cli.md: copy it into place
    restored.parent.mkdir()
    restored.write_bytes((tmp_path / "backup.db").read_bytes())
    after = Cli(tmp_path, url_of(restored))("status", "--json", "--now", DAYS[1])
    assert after.returncode == 0 and json.loads(after.stdout) == json.loads(before.stdout)
    with sqlite3.connect(restored) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = db.execute("SELECT count(*) FROM runs WHERE kind = 'writer'").fetchone()[0]
    assert 20 <= kept <= writes  # a snapshot of one moment: the writes committed by then, none half


def test_a_backup_refuses_to_overwrite_and_points_postgresql_to_pg_dump(tmp_path: Path, seeded: Path) -> None:
    cli = Cli(tmp_path, url_of(seeded))
    (tmp_path / "taken.db").write_bytes(b"keep me")
    result = clean(cli("backup", str(tmp_path / "taken.db")))
    assert (result.returncode, result.stderr) == (
        1,
        f"Error: {tmp_path / 'taken.db'} exists already: give a new file name (a backup never overwrites)\n",
    )
    assert (tmp_path / "taken.db").read_bytes() == b"keep me"
    on_pg = clean(Cli(tmp_path, "postgresql://dondoc:pw-secret@db.example/dondoc")("backup", "b.db"), "pw-secret")
    assert (on_pg.returncode, on_pg.stderr) == (
        1,
        "Error: dondoc backup copies SQLite databases; back up PostgreSQL with its own tool: pg_dump "
        "--format=custom --file=FILE DBNAME (restore with pg_restore --clean --dbname=DBNAME FILE)\n",
    )


# --- what a crashed run left in 'sending' --------------------------------------------------------


def test_send_tells_what_a_crashed_run_left_in_sending_and_when_it_goes_again(tmp_path: Path, seeded: Path) -> None:
    path = copy_of(seeded, tmp_path / "d.db")
    with sqlite3.connect(path) as db:  # a run killed while sending two messages, at 07:25 local time
        ids = [i for (i,) in db.execute("SELECT id FROM outbox WHERE state = 'queued' ORDER BY id LIMIT 2")]
        db.execute(
            "UPDATE outbox SET state = 'sending', attempts = 1, next_attempt_at = '2026-03-16 00:25:00.000000' "
            f"WHERE id IN ({ids[0]}, {ids[1]})"
        )
    cli = Cli(tmp_path, url_of(path))
    env = {"DONDOC_OUTBOX_DIR": str(tmp_path / "outbox")}
    first = cli("send", "--now", "2026-03-16T07:30", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == (
        "send: 2 messages in 'sending' since 2026-03-16 07:25, taken by a run that stopped or is still sending: "
        "if still unsent, sent again from 2026-03-16 07:40"
    )
    later = cli("send", "--now", "2026-03-16T07:45", env=env)
    assert later.stdout.splitlines() == [
        "send: 2 sent, 0 to retry, 0 failed",
        "send: 2 messages left in 'sending' by a run that stopped sent again, with the same Message-ID "
        "(a recipient's mail program can tell a duplicate)",
    ]
    assert cli("send", "--now", "2026-03-16T07:50", env=env).stdout == "send: 0 sent, 0 to retry, 0 failed\n"
