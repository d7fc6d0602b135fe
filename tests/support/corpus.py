"""The reply corpus (tests/corpus/): its cases, and a store prepared for its messages.

The store is prepared once (plan loaded, the nightly check run and its digests rendered);
each test ingests into a copy of it, after the messages' placeholders are replaced by the
real Message-IDs, subjects and tokens of those digests (see tests/corpus/cases.yaml).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from email.header import Header
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select

from dondoc.engine import nightly, outbox, plans, store, tokens
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from dondoc.engine.validate import read_plan
from dondoc.notifiers.files import FileNotifier
from tests.support.paths import CORPUS
from tests.support.servers import Databases

CASES: dict[str, Any] = yaml.safe_load((CORPUS / "cases.yaml").read_text("utf-8"))
NOW = datetime.combine(CASES["now"], time(7, 30), ZoneInfo("Asia/Ho_Chi_Minh"))
SETTINGS = Settings(sender="dondoc@xa.example.vn", secret="corpus-secret")


def prepare(databases: Databases, folder: Path) -> tuple[str, dict[str, str]]:
    """A store after the check and send at ``NOW`` (its URL), and the placeholder values."""
    base = databases.new()
    engine = store.connect(base)
    plans.load(engine, read_plan(CORPUS / CASES["plan"]), NOW)
    nightly.check(engine, NOW, SETTINGS)
    outbox.drain(engine, FileNotifier(folder / "out"), SETTINGS, NOW)
    values = {"{{DATE}}": format_datetime(NOW + timedelta(hours=1))}
    with engine.connect() as conn:
        for row in conn.execute(select(schema.outbox)).mappings():
            name = row["audience"].split(":")[-1] if row["audience"] != "committee" else "committee"
            if row["audience"].startswith("head:"):
                continue
            token = tokens.IN_SUBJECT.search(row["subject"])
            assert token, row["subject"]
            bad = token.group(1)[:8] + ("a" * 8 if not token.group(1).endswith("a" * 8) else "b" * 8)
            values |= {
                f"{{{{MESSAGE_ID:{name}}}}}": row["message_id"],
                f"{{{{SUBJECT:{name}}}}}": Header(row["subject"], "utf-8").encode(),
                f"{{{{TOKEN:{name}}}}}": token.group(1),
                f"{{{{REPLY_TO:{name}}}}}": tokens.reply_address(SETTINGS.sender, token.group(1)),
                f"{{{{BAD_TOKEN:{name}}}}}": bad,
                f"{{{{BAD_REPLY_TO:{name}}}}}": tokens.reply_address(SETTINGS.sender, bad),
            }
    engine.dispose()  # a PostgreSQL template must have no connections
    return base, values
