"""Headless Chromium for the tests: screenshot a page, report console messages, keep the PNG."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

ARTEFACTS = Path(__file__).resolve().parents[1] / "artefacts"  # tests/artefacts/, kept out of git


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: scripts/test.sh installs it (scripts/system-packages.txt)"
    return found


def screenshot(url: str, name: str, folder: Path, size: str = "1280,1600") -> Image.Image:
    """Open ``url`` in headless Chromium and return its screenshot (also kept as artefacts/NAME.png).

    Fails if the page logged anything to the console (errors, blocked resources, CSP reports)."""
    shot = folder / f"{name}.png"
    result = subprocess.run(
        [tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
         f"--screenshot={shot}", f"--window-size={size}", url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert shot.exists(), result.stderr[-2000:]
    assert "CONSOLE" not in result.stderr, [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    ARTEFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTEFACTS / shot.name)
    return Image.open(shot).convert("RGB")


def is_red(colour: tuple[int, ...] | float) -> bool:
    """The "overdue" red of the charts (#c62828), allowing for anti-aliasing (``colour`` as
    Pillow's ``getcolors`` gives it: a tuple for an RGB image)."""
    if not isinstance(colour, tuple):
        return False
    r, g, b = colour
    return abs(r - 0xC6) < 8 and g < 0x40 and b < 0x40
