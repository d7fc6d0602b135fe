"""`dondoc draft` through the installed command: what it cannot read is one clear line."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.cli import EXE


def test_cli_draft_errors_are_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "plan.xls"
    odd.write_bytes(b"\xd0\xcf\x11\xe0junk")
    for path in (odd, tmp_path / "missing.docx", tmp_path / "broken.docx"):
        if path.name == "broken.docx":
            path.write_bytes(b"PK\x03\x04 not a zip")
        done = subprocess.run([EXE, "draft", str(path)], capture_output=True, text=True)
        assert done.returncode == 1
        assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr
