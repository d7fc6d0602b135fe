"""A real Dovecot IMAP server on 127.0.0.1, started by the tests themselves.

As for PostgreSQL (tests/support/servers.py), a missing ``dovecot`` binary is an error,
not a skip: CI installs it (``apt-get install -y dovecot-imapd``).

A server serves one user over plain IMAP and implicit-TLS IMAPS, with a certificate
from a throw-away trustme CA. Everything it uses (configuration, certificate, password
file, runtime sockets, state, log and the user's Maildir) lives under the ``base``
directory given by the caller, so servers share nothing. That directory comes from
``imap_home()``, never from pytest's temporary directories: pytest puts its base
directory back to mode 0700 whenever a session starts, and a second pytest session
(another engineer's, or CI's) would then lock Dovecot's unprivileged processes out of
their users file and Maildir in the middle of this one's tests.

Dovecot never gives mail access to uid 0: as root, the mail processes run as the
``mail`` user, who owns the Maildir, and Dovecot's own users (``dovenull``,
``dovecot``) run the login and auth processes. Started by an ordinary user, every
process runs as that user.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import trustme

from tests.support.servers import free_port, wait_for_port

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60.0  # how long before a server that does not listen is declared broken
# Created at the first login next to INBOX (on disk: Maildir/.Processed, Maildir/.Quarantine).
AUTO_FOLDERS = ("Processed", "Quarantine")
# As root, the first of these users that exists owns the Maildir and runs the mail processes.
MAIL_USERS = ("mail", "nobody")


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int  # plain IMAP, no TLS (cleartext LOGIN allowed)
    tls_port: int  # implicit TLS (IMAPS)
    user: str
    password: str
    maildir: Path  # the user's Maildir++ root: INBOX is the Maildir itself, folder X is ``.X`` in it
    ca_file: Path  # PEM of the CA that signed the server certificate (for 127.0.0.1 and localhost)
    log_file: Path  # this server's own Dovecot log

    def url(self, tls: bool = True, folder: str = "INBOX") -> str:
        """``imaps://user:password@127.0.0.1:PORT/INBOX`` (``imap://`` and the plain port without TLS)."""
        scheme, port = ("imaps", self.tls_port) if tls else ("imap", self.port)
        auth = f"{quote(self.user, safe='')}:{quote(self.password, safe='')}"
        return f"{scheme}://{auth}@{self.host}:{port}/{quote(folder, safe='')}"

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Delivers ``raw`` into ``folder`` with IMAP APPEND, without flags (so unseen).

        imaplib sends bare LF line ends as CRLF, as IMAP requires.
        """
        with self._login() as imap:
            typ, data = imap.append(_mailbox(folder), "", None, raw)
            _check(typ, data, f"APPEND to {folder}")

    def messages(self, folder: str = "INBOX") -> list[tuple[bytes, set[str]]]:
        """Raw bytes and flags of every message in ``folder``, in order.

        Reads only (EXAMINE, BODY.PEEK): nothing is marked seen. ``\\Recent`` belongs to
        the session, not the message, and is left out.
        """
        with self._login() as imap:
            typ, data = imap.select(_mailbox(folder), readonly=True)
            _check(typ, data, f"EXAMINE {folder}")
            if int(data[0] or 0) == 0:
                return []
            typ, fetched = imap.fetch("1:*", "(FLAGS BODY.PEEK[])")
            _check(typ, fetched, f"FETCH in {folder}")
        found: list[tuple[bytes, set[str]]] = []
        for item in fetched:
            if isinstance(item, tuple):  # (b'1 (FLAGS (\\Seen) BODY[] {123}', raw)
                found.append((item[1], _flags(item[0])))
            elif item and found:  # FLAGS after the literal come as b' FLAGS (\\Seen))'
                found[-1][1].update(_flags(item))
        return found

    def _login(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            imap.login(self.user, self.password)
        except BaseException:
            imap.shutdown()
            raise
        return imap


def _mailbox(folder: str) -> str:
    if not folder.isascii():
        raise ValueError(f"only ASCII folder names here (others need IMAP's modified UTF-7): {folder!r}")
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flags(response: bytes) -> set[str]:
    match = re.search(rb"FLAGS \(([^)]*)\)", response)
    if match is None:
        return set()
    return {flag.decode() for flag in match.group(1).split()} - {"\\Recent"}


def _check(typ: str, data: object, what: str) -> None:
    if typ != "OK":
        raise RuntimeError(f"IMAP {what} failed: {typ} {data!r}")


@contextmanager
def imap_home() -> Iterator[Path]:
    """A directory for one Dovecot server, made here and removed at the end of the block.

    It is made with ``tempfile`` beside pytest's base directory, not in it, so that no pytest
    session resets it, and others may enter it (search only: x, not r), as Dovecot's login and
    mail processes must when started by root.
    """
    home = Path(tempfile.mkdtemp(prefix="dondoc-imap-"))
    try:
        home.chmod(0o711)
        if os.geteuid() == 0:
            _open_path_to(home)
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def dovecot_server(base: Path, user: str = "dondoc", password: str = "secret") -> Iterator[ImapServer]:
    """Runs Dovecot configured under ``base`` (an ``imap_home()``, or a folder in it; one server
    per directory).

    On exit the server and every process it started are stopped, whatever happened in
    the block; ``base`` is left in place with the log (``base / "dovecot.log"``).
    """
    binary = _dovecot_binary()
    version = _version(binary)
    base = base.resolve()
    if any(part.startswith("pytest-of-") for part in base.parts):
        raise RuntimeError(f"{base} is in pytest's base directory, which the next pytest session closes: use imap_home()")
    base.mkdir(parents=True, exist_ok=True)
    conf = base / "dovecot.conf"
    if conf.exists():
        raise RuntimeError(f"{base} already holds a Dovecot server: give each server its own directory")
    as_root = os.geteuid() == 0
    if as_root:
        mail = _first_user(MAIL_USERS)
        for name in ("dovenull", "dovecot"):  # default_login_user, default_internal_user
            _first_user((name,))
        _open_path_to(base)
    else:
        mail = pwd.getpwuid(os.geteuid())

    for sub in ("run", "state", "tls"):
        (base / sub).mkdir()
    home = base / "home"
    maildir = home / "Maildir"
    maildir.mkdir(parents=True)
    for path in (home, maildir):
        os.chown(path, mail.pw_uid, mail.pw_gid)
        path.chmod(0o700)

    ca = trustme.CA()
    cert = ca.issue_cert(HOST, "localhost")
    ca_file = base / "tls" / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    (base / "tls" / "cert.pem").write_bytes(b"".join(pem.bytes() for pem in cert.cert_chain_pems))
    cert.private_key_pem.write_to_path(str(base / "tls" / "key.pem"))
    (base / "tls" / "key.pem").chmod(0o600)  # read by the master before it drops privileges

    (base / "users").write_text(f"{user}:{{PLAIN}}{password}:{mail.pw_uid}:{mail.pw_gid}::{home}::\n")
    port = free_port()
    tls_port = free_port()
    while tls_port == port:
        tls_port = free_port()
    conf.write_text(_config(version, base, port, tls_port, mail, as_root))

    log_file, stderr_file = base / "dovecot.log", base / "dovecot.stderr"
    with stderr_file.open("wb") as stderr:  # errors before the log is open (bad configuration)
        proc = subprocess.Popen(
            [binary, "-F", "-c", str(conf)],
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
            start_new_session=True,  # its own process group, to kill whatever it leaves
        )
    try:
        _wait_until_listening(proc, (port, tls_port), stderr_file, log_file)
        yield ImapServer(HOST, port, tls_port, user, password, maildir, ca_file, log_file)
    finally:
        _stop(proc)


def _dovecot_binary() -> str:
    found = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin:/sbin")
    if found is None:
        raise RuntimeError(
            "Dovecot is not installed: run `apt-get install -y dovecot-imapd` (CI must install it: the IMAP tests never skip)"
        )
    return found


def _version(binary: str) -> tuple[int, int]:
    out = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout
    match = re.match(r"(\d+)\.(\d+)", out.strip())  # "2.3.19.1 (9b53102964)"
    if match is None:
        raise RuntimeError(f"cannot read Dovecot's version in {out!r}")
    return int(match.group(1)), int(match.group(2))


def _first_user(names: tuple[str, ...]) -> pwd.struct_passwd:
    for name in names:
        with suppress(KeyError):
            return pwd.getpwnam(name)
    raise RuntimeError(f"Dovecot needs the system user {' or '.join(names)} (Debian's dovecot-core creates them)")


def _open_path_to(path: Path) -> None:
    """Lets Dovecot's unprivileged processes reach ``path``: adds search permission (x, not r)
    for others on each directory above it that lacks it."""
    for directory in [path, *path.parents]:
        info = directory.stat()
        if info.st_mode & stat.S_IXOTH:
            continue
        if info.st_uid != os.geteuid():
            raise RuntimeError(f"Dovecot's unprivileged users cannot enter {directory} (mode {info.st_mode:o})")
        directory.chmod(stat.S_IMODE(info.st_mode) | stat.S_IXOTH)


def _config(
    version: tuple[int, int], base: Path, port: int, tls_port: int, mail: pwd.struct_passwd, as_root: bool
) -> str:
    """dovecot.conf for this Dovecot version: 2.3 syntax, or 2.4's (which renamed most settings)."""
    v24 = version >= (2, 4)
    lines = [f"# Dovecot {version[0]}.{version[1]} test server, written by tests/support/imap_server.py"]
    if v24:  # must come first
        lines += ["dovecot_config_version = 2.4.0", "dovecot_storage_version = 2.4.0"]
    lines += [
        "protocols = imap",
        f"listen = {HOST}",
        f"base_dir = {base / 'run'}",
        f"state_dir = {base / 'state'}",
        f"instance_name = dovecot-test-{port}",
        f"log_path = {base / 'dovecot.log'}",
    ]
    if as_root:
        lines += ["default_login_user = dovenull", "default_internal_user = dovecot"]
    else:  # everything runs as the one user who started it
        lines += [
            f"default_login_user = {mail.pw_name}",
            f"default_internal_user = {mail.pw_name}",
            f"default_internal_group = {grp.getgrgid(mail.pw_gid).gr_name}",
        ]
    lines += [f"first_valid_uid = {mail.pw_uid}", f"last_valid_uid = {mail.pw_uid}", "first_valid_gid = 1"]

    cert, key, users = base / "tls" / "cert.pem", base / "tls" / "key.pem", base / "users"
    lines += ["ssl = yes", "auth_mechanisms = plain login", "auth_failure_delay = 0"]  # a wrong password fails at once
    if v24:
        lines += [
            f"ssl_server_cert_file = {cert}",
            f"ssl_server_key_file = {key}",
            "auth_allow_cleartext = yes",  # LOGIN on the plain port
            "passdb passwd-file {",
            f"  passwd_file_path = {users}",
            "}",
            "userdb passwd-file {",
            f"  passwd_file_path = {users}",
            "}",
            "mail_driver = maildir",
            "mail_path = ~/Maildir",
        ]
    else:
        lines += [
            f"ssl_cert = <{cert}",
            f"ssl_key = <{key}",
            "disable_plaintext_auth = no",  # LOGIN on the plain port
            "passdb {",
            "  driver = passwd-file",
            f"  args = scheme=PLAIN username_format=%u {users}",
            "}",
            "userdb {",
            "  driver = passwd-file",
            f"  args = username_format=%u {users}",
            "}",
            "mail_location = maildir:~/Maildir",
        ]
    lines += ["mail_fsync = never", "namespace inbox {", "  inbox = yes"]
    for name in AUTO_FOLDERS:
        lines += [f"  mailbox {name} {{", "    auto = create", "  }"]
    lines += [
        "}",
        "protocol imap {",
        "  mail_max_userip_connections = 200",  # the default 10 is low for tests with many clients
        "}",
        "service imap-login {",
        "  inet_listener imap {",
        f"    port = {port}",
        "  }",
        "  inet_listener imaps {",
        f"    port = {tls_port}",
        "    ssl = yes",
        "  }",
        "}",
        # no growing delay for every login from 127.0.0.1 after a wrong password (the
        # documented way to turn the penalty off: the listener is not created)
        "service anvil {",
        "  unix_listener anvil-auth-penalty {",
        "    mode = 0",
        "  }",
        "}",
    ]
    if not as_root:  # chroot needs root
        for service in ("imap-login", "anvil"):
            lines += [f"service {service} {{", "  chroot =", "}"]
    return "\n".join(lines) + "\n"


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no file)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty)"


def _wait_until_listening(
    proc: subprocess.Popen[bytes], ports: tuple[int, ...], stderr_file: Path, log_file: Path
) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    for port in ports:
        problem = ""
        while True:
            if proc.poll() is not None:
                problem = f"exited with code {proc.returncode}"
                break
            try:
                wait_for_port(port, timeout=0.05)
                break
            except RuntimeError:
                if time.monotonic() > deadline:
                    problem = f"does not listen on {HOST}:{port} after {STARTUP_TIMEOUT} s"
                    break
        if problem:
            raise RuntimeError(
                f"Dovecot {problem}.\n--- {stderr_file}:\n{_tail(stderr_file)}\n--- {log_file}:\n{_tail(log_file)}"
            )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kills the master and all its processes at once, and returns when none is left.

    A throw-away server needs no graceful shutdown (what clients stored is on disk when
    the server answered), and SIGTERM makes the master wait up to seconds for its
    children. Children the master leaves as zombies are reaped by init: they no longer
    run, so they are not waited for.
    """
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 60  # killed processes go at once; a loaded machine may take a while
    while _running_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def _running_in_group(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` that are not zombies (from /proc)."""
    running = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()  # after "pid (comm)"
        except (OSError, IndexError):
            continue  # gone meanwhile
        state, process_group = fields[0], int(fields[2])
        if process_group == pgid and state != "Z":
            running.append(int(stat_file.parent.name))
    return running
