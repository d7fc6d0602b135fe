"""No line dondoc sends may parse as an update when a reply quotes it back (docs/reply-format.md).

Every template is rendered, in Vietnamese and English, with the plan's real codes, and every
line of its plain-text part (and of its HTML part turned into text) goes through the reply
parser as if written above the quote: nothing may come out as an item.
"""

from __future__ import annotations

from datetime import date, datetime, time
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dondoc.engine import replies
from dondoc.engine.emails import Draft, Sender, build
from dondoc.engine.letters import Letter
from dondoc.engine.plan import Plan
from dondoc.engine.validate import read_plan
from dondoc.engine.vocabulary import Audience
from tests.support.paths import FIXTURES

NOW = datetime.combine(date(2026, 3, 16), time(7, 30), ZoneInfo("Asia/Ho_Chi_Minh"))
SENDER = Sender("dondoc@xa.example.vn", "s")


def plan_in(language: str) -> Plan:
    plan = read_plan(FIXTURES / "minimal.yaml").plan
    return plan.model_copy(update={"plan": plan.plan.model_copy(update={"language": language})})


def item(**values: Any) -> dict[str, Any]:
    base = {
        "occurrence": 1,
        "code": "1.1",
        "title": "Thành lập Ban Chỉ đạo",
        "period": "2026-02-27",
        "role": "lead",
        "unit": "Văn phòng",
        "other_unit": False,
        "due": date(2026, 2, 27),
        "original_due": date(2026, 2, 26),
        "days_left": 0,
        "days_overdue": 11,
        "section": "overdue",
        "step": "escalation",
        "state": "in_progress",
        "progress": 60,
        "last": {"at": date(2026, 3, 10), "kind": "progress", "progress": 60, "text": "đang trình ký"},
    }
    return base | values


def contexts(plan: Plan) -> dict[str, dict[str, Any]]:
    items = [item(), item(code="1.2", period="2026-02", section="soon", days_overdue=0, days_left=3, last=None)]
    items.append(item(code="report", period="2026-Q1", section="report", title=""))
    digest = {
        "plan": plan,
        "items": items,
        "sections": {s: [i for i in items if i["section"] == s] for s in ("overdue", "today", "soon", "report")},
        "by_unit": {"Văn phòng": items},
        "today": NOW.date(),
        "kind": "escalation",
        "examples": ["1.1", "1.2"],
    }
    recorded: list[dict[str, Any]] = [
        {"code": "1.1", "kind": "status", "state": "done", "progress": 100, "role": "lead", "note": "QĐ số 15"},
        {"code": "1.2", "kind": "status", "state": "in_progress", "progress": 60, "role": "coordinator", "note": ""},
        {"code": "1.1", "kind": "extension", "until": "2026-06-30", "note": "chờ hướng dẫn"},
        {"code": "1.1", "kind": "approval", "approved": True, "until": "2026-07-15"},
        {"code": "CT-5G", "kind": "value", "value": 1234.5},
        {"code": "1.1", "kind": "note", "label": "obstacle", "note": "thiếu kinh phí"},
        {"code": "report", "kind": "report", "period": "2026-Q1", "files": ["bao-cao.docx"]},
    ]
    blank = dict.fromkeys(
        ("period", "label", "note", "state", "progress", "role", "until", "value", "approved", "unit")
    )
    recorded = [blank | {"title": "Thành lập Ban Chỉ đạo", "line": 1} | r for r in recorded]
    rejected = [{"line": 3, "text": "IV.99: xong", "reason": "unknown_code"}]
    reply = {"plan": plan, "unit": plan.unit("vp"), "recorded": recorded, "rejected": rejected, "subject": "Re: x"}
    return {
        "digest": digest | {"audience": None, "unit": plan.unit("vp")},
        "escalation_head": digest | {"unit": plan.unit("vp")},
        "escalation_committee": digest | {"unit": None},
        "ack": reply,
        "error": reply | {"reason": "unparsed_lines", "examples": ["1.1", "1.2"], "limits": {"mb": 25, "lines": 5000}},
        "extension": {"plan": plan, "unit": plan.unit("vp"), "items": [item(until="2026-06-30", note="lý do")]},
        "decision": {"plan": plan, "unit": plan.unit("vp"), "items": [r for r in recorded if r["kind"] == "approval"]},
    }


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "template", ["digest", "escalation_head", "escalation_committee", "ack", "error", "extension", "decision"]
)
def test_no_outgoing_line_parses_as_an_update(language: str, template: str) -> None:
    plan = plan_in(language)
    draft = Draft(
        key="k", audience=Audience.unit("vp"), template=template, to=["vp@xa.example.vn"], context=contexts(plan)[template]
    )
    outgoing = build(plan, SENDER, draft, NOW)
    message = message_from_bytes(outgoing.message, policy=policy.default)
    assert isinstance(message, EmailMessage)
    html = message.get_body(("html",))
    assert isinstance(html, EmailMessage)
    texts = [Letter.read(m.as_bytes()).text(5_000) for m in (message, _html_only(html))]
    codes = [t.id for t in plan.tasks]
    for text in texts:
        assert len(text.splitlines()) > 5
        parsed = replies.parse_text(text, codes, [t.id for t in plan.targets], single="1.1", year=2026)
        assert parsed.items == [], [i.text for i in parsed.items]


def _html_only(part: EmailMessage) -> EmailMessage:
    only = EmailMessage()
    only.set_content(part.get_content(), subtype="html")
    return only
