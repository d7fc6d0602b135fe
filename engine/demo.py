"""``dondoc demo``: a self-contained tour on the bundled plans and a temporary database."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path

from . import plans, store
from .validate import read_plan


def bundled_plans() -> list[Path]:
    """The seed plans shipped inside the package (plans/*.yaml)."""
    folder = resources.files("dondoc").joinpath("plans")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


def run(now: datetime, say: Callable[[str], None], workdir: Path | None = None) -> Path:
    """Validate and load every bundled plan into a fresh database; return its folder."""
    folder = workdir or Path(tempfile.mkdtemp(prefix="dondoc-demo-"))
    engine = store.connect(f"sqlite:///{folder / 'dondoc.db'}")
    for path in bundled_plans():
        source = read_plan(path)
        result = plans.load(engine, source, now)
        say(f"{path.name}: {result.plan_id} revision {result.revision} ({result.outcome})")
    return folder
