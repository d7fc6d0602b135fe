"""External units against a real store: a simulated year sends them nothing, whatever the ladder says."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from dondoc.engine import nightly, plans, store
from dondoc.engine.payloads import Queued
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from dondoc.engine.validate import parse_plan
from tests.support.paths import FIXTURES

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SETTINGS = Settings(sender="dondoc@ubnd.example.vn")
# Two partners the document only names: a provincial department (no address) and a telecom company
# whose address the secretariat wrote down anyway. Both coordinate; the ladder tells coordinators.
PARTNERS = """  - id: so-khcn
    name: "Sở Khoa học và Công nghệ"
    external: true
  - id: vnpt
    name: "VNPT"
    email: lienhe@vnpt.example.vn
    external: true
escalation:
  - {after: 1, notify: [lead, coordinators]}
  - {after: 5, notify: [head, coordinators, committee]}
targets:
"""


def at(day: date) -> datetime:
    return datetime.combine(day, time(7, 30), TZ)


def plan_text(*, external: bool = True) -> str:
    text = (FIXTURES / "minimal.yaml").read_text("utf-8").replace("targets:\n", PARTNERS, 1)
    if not external:  # the same partners as ordinary units of the plan
        text = text.replace('    external: true\n  - id: vnpt', "    email: so@tinh.example.vn\n  - id: vnpt")
        text = text.replace("    external: true\nescalation", "escalation")
    text = text.replace("    coordinators: [vhxh]", "    coordinators: [vhxh, so-khcn, vnpt]")
    text = text.replace("    repeat: monthly", "    coordinators: [vnpt]\n    repeat: monthly")
    return text.replace("    lead: vhxh\ntasks:", "    lead: vhxh\n    coordinators: [so-khcn, vnpt]\ntasks:")


def a_year(store_url: str, text: str) -> tuple[Engine, list[Queued]]:
    engine = store.connect(store_url)
    plans.load(engine, parse_plan(text.encode(), "p.yaml"), at(date(2026, 1, 5)))
    sent: list[Queued] = []
    day = date(2026, 1, 5)
    while day <= date(2026, 12, 31):
        nightly.check(engine, at(day), SETTINGS, each=sent.append)
        day += timedelta(1)
    return engine, sent


def test_a_year_with_external_coordinators_sends_them_nothing(store_url: str) -> None:
    engine, sent = a_year(store_url, plan_text())
    audiences = Counter(m.audience.key for m in sent)
    assert audiences["unit:vp"] and audiences["unit:vhxh"] and audiences["committee"]
    assert not [m for m in sent if "so-khcn" in m.audience.key or "vnpt" in m.audience.key]
    assert not [m for m in sent if "lienhe@vnpt.example.vn" in m.recipients]
    o = schema.occurrences.c
    with engine.connect() as conn:
        owed = set(conn.execute(select(o.unit_id).distinct()).scalars())
    assert owed == {"vp", "vhxh"}  # no occurrence, no report: an external unit owes nothing


def test_the_same_partners_inside_the_plan_would_have_been_written_to(store_url: str) -> None:
    _, sent = a_year(store_url, plan_text(external=False))
    assert {"unit:so-khcn", "unit:vnpt"} <= {m.audience.key for m in sent}  # so the test above can fail


def test_marking_a_unit_external_in_a_new_revision_retires_what_it_owed(store_url: str) -> None:
    engine = store.connect(store_url)
    plans.load(engine, parse_plan(plan_text(external=False).encode(), "v1.yaml"), at(date(2026, 1, 5)))
    nightly.sync_all(engine, at(date(2026, 1, 5)))
    plans.load(engine, parse_plan(plan_text().encode(), "v2.yaml"), at(date(2026, 2, 2)))
    later: list[Queued] = []
    nightly.check(engine, at(date(2026, 3, 2)), SETTINGS, each=later.append)
    o = schema.occurrences.c
    with engine.connect() as conn:
        active = set(conn.execute(select(o.unit_id).where(o.active.is_(True)).distinct()).scalars())
        retired = set(conn.execute(select(o.unit_id).where(o.active.is_(False)).distinct()).scalars())
    assert active == {"vp", "vhxh"} and {"so-khcn", "vnpt"} <= retired
    assert later and not [m for m in later if "so-khcn" in m.audience.key or "vnpt" in m.audience.key]
