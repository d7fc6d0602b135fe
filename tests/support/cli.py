"""The installed ``dondoc`` command, run exactly as cron and a user run it."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).with_name("dondoc"))


def cpu_seconds_of_children() -> float:
    """Processor time used so far by the child processes that ended and were waited for: a
    command's cost measured by it (the difference around the command) does not grow, as the
    wall clock does, when other processes keep the machine busy."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


class Cli:
    """Runs ``dondoc`` in ``cwd`` with ``DONDOC_DB`` set to ``db_url``."""

    def __init__(self, cwd: Path, db_url: str) -> None:
        self.cwd, self.db_url = cwd, db_url

    def environment(self, env: dict[str, str] | None = None) -> dict[str, str]:
        return {**os.environ, "DONDOC_DB": self.db_url, **(env or {})}

    def __call__(
        self, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [EXE, *args],
            cwd=self.cwd,
            env=self.environment(env),
            capture_output=True,
            input=stdin.decode() if stdin is not None else None,
            text=True,
            timeout=300,
        )
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        """``dondoc ARGS`` started and left running: its output is read as it comes (text pipes)."""
        return subprocess.Popen(
            [EXE, *args],
            cwd=self.cwd,
            env=self.environment(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
