"""A ``dondoc`` process left running (``serve``, or a command a test watches while it works).

Its output is read by threads as it comes, so a test waits for a line (an event) rather
than for some time to pass; the timeouts are only how long to wait before declaring that
the line will never come.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import IO

from tests.support.cli import Cli

PATIENCE = 120.0  # seconds before an awaited line is declared missing (a loaded machine is slow)


class Running:
    """``dondoc ARGS`` in the background: its stderr lines in ``lines``, its stdout in ``out``."""

    def __init__(self, cli: Cli, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = cli.start(*args, env=env)
        self.lines: list[str] = []
        self.out: list[str] = []
        self._changed = threading.Condition()
        self._readers = [self._reader(self.process.stderr, self.lines), self._reader(self.process.stdout, self.out)]

    def _reader(self, stream: IO[str] | None, into: list[str]) -> threading.Thread:
        assert stream is not None

        def read() -> None:
            for line in stream:
                with self._changed:
                    into.append(line.rstrip("\n"))
                    self._changed.notify_all()
            with self._changed:
                self._changed.notify_all()

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        return thread

    def _found(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return next((found for line in self.lines if (found := pattern.search(line))), None)

    def _over(self) -> bool:
        return not any(reader.is_alive() for reader in self._readers)

    def wait_for(self, pattern: str, timeout: float = PATIENCE) -> re.Match[str]:
        """The first stderr line matching ``pattern``, once the process has written it."""
        regex = re.compile(pattern)
        with self._changed:
            self._changed.wait_for(lambda: self._found(regex) is not None or self._over(), timeout)
            found = self._found(regex)
        if found is None:
            raise AssertionError(f"no log line matching {pattern!r} in:\n" + "\n".join(self.lines))
        return found

    def finish(self, timeout: float = PATIENCE) -> int:
        """Waits for the process to end and for every line it wrote; returns its exit code."""
        code = self.process.wait(timeout=timeout)
        for reader in self._readers:  # both pipes are at their end once the process is gone
            reader.join(timeout)
        assert self._over(), "the process ended but its output did not"
        return code

    def stop(self) -> int:
        """SIGTERM, as an operator (or systemd) stops the daemon; returns its exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.finish()

    @property
    def url(self) -> str:
        """The dashboard's address, from the daemon's ``event=dashboard`` line."""
        return self.wait_for(r"event=dashboard url=(\S+)").group(1)


@contextmanager
def running(cli: Cli, *args: str, env: dict[str, str] | None = None) -> Iterator[Running]:
    """``dondoc ARGS`` running for the block; killed at its end if it still runs."""
    started = Running(cli, *args, env=env)
    try:
        yield started
    finally:
        if started.process.poll() is None:
            started.process.kill()
        started.finish()
        for stream in (started.process.stdout, started.process.stderr):
            assert stream is not None
            stream.close()


def serving(cli: Cli, *args: str, env: dict[str, str] | None = None) -> AbstractContextManager[Running]:
    """``dondoc serve`` with its dashboard on a free port."""
    return running(cli, "serve", "--port", "0", *args, env=env)
