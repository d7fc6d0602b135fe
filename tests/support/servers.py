"""Real servers for the tests, started on 127.0.0.1 by the tests themselves.

A server whose binaries are missing is an error, not a skip: scripts/test.sh installs them
(scripts/system-packages.txt), and a silent skip would hide a missing install step.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from dondoc.engine import store

_names = itertools.count()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: run `apt-get install -y postgresql` (scripts/test.sh does)")
    return found[-1]


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        return ["runuser", "-u", "postgres", "--", *args]
    return args


# A throw-away cluster needs no durable storage: in memory (tmpfs), creating a database takes
# a twentieth of the time it takes on this machine's shared disk (0.04 s, not 0.7 s).
MEMORY = Path("/dev/shm")


@contextmanager
def postgres_server(password: str | None = None) -> Iterator[str]:
    """A throw-away PostgreSQL cluster (in memory where /dev/shm exists); yields a URL of its
    maintenance database. With ``password``, connections over TCP must give it (scram-sha-256),
    and the URL carries it."""
    root = Path(tempfile.mkdtemp(prefix="dondoc-pg-", dir=MEMORY if os.access(MEMORY, os.W_OK) else None))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    auth = ["-A", "trust"]
    if password is not None:
        secret = root / "pwfile"
        secret.write_text(password)
        if os.geteuid() == 0:
            shutil.chown(secret, "postgres")
        auth = ["--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={secret}"]
    subprocess.run(
        _as_postgres([_pg_bin("initdb"), "-D", str(data), *auth, "-U", "postgres", "-E", "UTF8", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c fsync=off -c max_connections=200"
    subprocess.run(
        _as_postgres([_pg_bin("pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(root / "log"), "start"]),
        check=True,
        capture_output=True,
    )
    try:
        user = "postgres" if password is None else f"postgres:{password}"
        yield f"postgresql+psycopg2://{user}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


class Databases:
    """Fresh databases: SQLite files in ``folder``, or PostgreSQL databases on the server of ``admin_url``."""

    def __init__(self, folder: Path, admin_url: str | None) -> None:
        self.folder, self.admin_url = folder, admin_url
        self._admin: Engine | None = None
        self._current: str | None = None

    def new(self, template: str | None = None) -> str:
        """A new, empty database's URL; with ``template`` (a URL from here), a copy of that database
        (a PostgreSQL template must have no open connection)."""
        name = f"t{os.getpid()}_{next(_names)}"
        if self.admin_url is None:
            path = self.folder / f"{name}.db"
            if template:  # the backup API: the copy includes what is still in the WAL
                with sqlite3.connect(template.removeprefix("sqlite:///")) as source, sqlite3.connect(path) as copy:
                    source.backup(copy)
            return f"sqlite:///{path}"
        if self._admin is None:
            self._admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with self._admin.connect() as conn:
            copied = f' TEMPLATE "{template.rsplit("/", 1)[-1]}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{copied}'))
        return self.admin_url.rsplit("/", 1)[0] + f"/{name}"

    def current(self) -> str:
        """A new database at dondoc's current schema: a copy of one migrated once here (migrating
        each test's database from nothing took PostgreSQL half a second)."""
        if self._current is None:
            self._current = self.new()
            store.connect(self._current).dispose()
        return self.new(template=self._current)


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")
