"""Headless Chromium driven through the DevTools protocol over a pipe (no extra package): open a
page at a window width, screenshot it into the artefacts, measure horizontal overflow, and collect
every console message, script error and browser log entry (a blocked resource, a CSP report).

    with Browser() as browser:
        shot = browser.open("http://127.0.0.1:8057/", "home", width=390)
        assert not shot.problems and shot.overflow == 0
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.support.browser import ARTEFACTS, tool

HEIGHT = 900  # the window; screenshots take the whole page


@dataclass
class Shot:
    """A page as Chromium showed it."""

    path: Path  # the PNG, in the artefacts
    scroll_width: int  # the document's width, CSS pixels
    width: int  # the window's, as asked (a phone widens its layout to fit a page too wide: measure against this)
    problems: list[str] = field(default_factory=list)  # console messages, errors, log entries

    @property
    def overflow(self) -> int:
        """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
        return max(self.scroll_width - self.width, 0)


class Browser:
    """One headless Chromium for many pages (a new tab for each)."""

    def __init__(self) -> None:
        self._next = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        # Chromium reads commands on fd 3 and writes answers on fd 4: the child's ends are moved
        # there (from numbers above 9, so that moving one never overwrites the other).
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        child_r, child_w = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.process = subprocess.Popen(
            [tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", "--hide-scrollbars", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4, child_r, child_w),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: (os.dup2(child_r, 3), os.dup2(child_w, 4)),
        )  # fmt: skip
        os.close(child_r)
        os.close(child_w)
        self._reader = os.fdopen(self._from_browser, "rb", buffering=0)
        self._buffer = b""
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        with contextlib.suppress(OSError, TimeoutError):
            self._send("Browser.close")
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._to_browser)
        self._reader.close()

    # --- the protocol ----------------------------------------------------------------------

    def _send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive(timeout=60)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self._events.append(reply)

    def _receive(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = self._reader.read(65536)
            if not chunk:
                raise OSError("Chromium closed the pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        found: dict[str, Any] = json.loads(raw)
        return found

    def _wait_for(self, method: str, session: str, timeout: float = 60) -> None:
        """Until the event arrives (it may have come already, while waiting for an answer)."""
        deadline = time.monotonic() + timeout
        while True:
            if any(e.get("method") == method and e.get("sessionId") == session for e in self._events):
                return
            self._events.append(self._receive(max(deadline - time.monotonic(), 0.1)))

    # --- pages -----------------------------------------------------------------------------

    def open(self, url: str, name: str, width: int = 1280) -> Shot:
        """Open ``url`` in a window ``width`` pixels wide; keep its full-page screenshot as
        artefacts/NAME.png."""
        target = self._send("Target.createTarget", url="about:blank")["targetId"]
        session = self._send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self._send(f"{domain}.enable", session)
        mobile = width < 600
        self._send("Emulation.setDeviceMetricsOverride", session, width=width, height=HEIGHT,
                   deviceScaleFactor=1, mobile=mobile)  # fmt: skip
        self._events = [e for e in self._events if e.get("sessionId") != session]
        self._send("Page.navigate", session, url=url)
        self._wait_for("Page.loadEventFired", session)
        measured = self._send(
            "Runtime.evaluate", session, returnByValue=True,
            expression="[document.documentElement.scrollWidth, window.innerWidth, document.documentElement.scrollHeight]",
        )["result"]["value"]  # fmt: skip
        scroll_width, inner, height = (int(v) for v in measured)
        picture = self._send(
            "Page.captureScreenshot", session, format="png", captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": max(scroll_width, inner), "height": height, "scale": 1},
        )["data"]  # fmt: skip
        ARTEFACTS.mkdir(exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        path.write_bytes(base64.b64decode(picture))
        problems = [_problem(e) for e in self._events if e.get("sessionId") == session and _problem(e)]
        self._send("Target.closeTarget", targetId=target)
        return Shot(path=path, scroll_width=scroll_width, width=width, problems=problems)


def _problem(event: dict[str, Any]) -> str:
    """What a console message, a script error or a log entry says ("" for other events)."""
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.consoleAPICalled":
        return f"console.{params.get('type')}: " + " ".join(str(a.get("value", "")) for a in params.get("args", []))
    if method == "Runtime.exceptionThrown":
        return f"error: {params.get('exceptionDetails', {}).get('text', '')}"
    if method == "Log.entryAdded":
        entry = params.get("entry", {})
        return f"log {entry.get('level')} {entry.get('source')}: {entry.get('text')} {entry.get('url', '')}"
    return ""
