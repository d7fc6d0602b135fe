"""No line dondoc sends may parse as an update when a reply quotes it back (docs/reply-format.md).

Every template is rendered, in Vietnamese and English, with the plan's real codes, and every
line of its plain-text part (and of its HTML part turned into text) goes through the reply
parser as if written above the quote: nothing may come out as an item.
"""

from __future__ import annotations

from datetime import date, datetime, time
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import SimpleNamespace
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
        "request": None,
    }
    return base | values


def asked(code: str, kind: str = "task", **values: Any) -> dict[str, Any]:
    """A report request's item, as digests list it (payloads.RequestItem)."""
    last = {"on": date(2026, 2, 10), "state": "in_progress", "progress": 60, "result": "hoàn thành 3 hội nghị"}
    base: dict[str, Any] = {"code": code, "kind": kind, "title": "Hoàn thành việc phủ sóng", "role": "lead", "periods": [],
            "last": last, "measure": "", "milestone_year": None, "milestone": None, "last_value": None,
            "last_value_on": None}  # fmt: skip
    return base | values


REQUEST = SimpleNamespace(**{  # `items` is a field of the request, not a dict's method
    "period": "2026-Q1", "covers": ["2026-Q1"], "start": date(2025, 12, 15), "end": date(2026, 3, 14), "total": 5,
    "answered": 1,
    "items": [
        asked("1.2", periods=["2026-W01", "2026-W02", "2026-W03", "2026-W04"]),
        asked("1.1", role="coordinator", last=None),
        asked("CT-5G", "target", measure="%", milestone_year=2026, milestone=60, last_value=48.5,
              last_value_on=date(2026, 2, 1)),
        asked("report", "report", title="", role="report", last=None),
    ],
})  # fmt: skip


def contexts(plan: Plan) -> dict[str, dict[str, Any]]:
    items = [item(), item(code="1.2", period="2026-02", section="soon", days_overdue=0, days_left=3, last=None)]
    items.append(item(code="report", period="2026-Q1", section="report", title="", request=REQUEST, role="report"))
    still_open = [{"occurrence": 9, "code": "1.1", "title": "Hoàn thành việc thành lập", "period": "2026-02-27",
                   "unit": "vp", "due": date(2026, 2, 27), "days_overdue": 12, "state": "in_progress", "progress": 60},
                  {"occurrence": 8, "code": "report", "title": "", "period": "2025", "unit": "vp",
                   "due": date(2025, 12, 15), "days_overdue": 60, "state": "not_started", "progress": 0}]  # fmt: skip
    digest = {
        "plan": plan,
        "items": items,
        "sections": {s: [i for i in items if i["section"] == s] for s in ("overdue", "today", "soon", "report")},
        "by_unit": {"Văn phòng": items},
        "today": NOW.date(),
        "kind": "escalation",
        "examples": ["1.1", "1.2"],
        "reports": [items[-1]],
        "still_open": still_open,
        "still_open_by_unit": {"Văn phòng": 2},
        "recurring": {"code": "1.2", "said": "tuần 1"},
        "forms": ["bieu-mau-bao-cao-vp-nam-2025.xlsx"],
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
    reports = [
        {"period": "2026-H1", "total": 4, "answered": 2, "missing": [{"code": "1.2", "title": "Bản tin hằng tháng"},
                                                                    {"code": "report", "title": "report"}]},
        {"period": "2026-Q1", "total": 1, "answered": 1, "missing": []},
    ]  # fmt: skip
    reply = {"plan": plan, "unit": plan.unit("vp"), "recorded": recorded, "rejected": rejected, "subject": "Re: x",
             "reports": reports}  # fmt: skip
    return {
        "digest": digest | {"audience": None, "unit": plan.unit("vp")},
        "escalation_head": digest | {"unit": plan.unit("vp")},
        "escalation_committee": digest | {"unit": None},
        "ack": reply,
        "error": reply | {"reason": "unparsed_lines", "examples": ["1.1", "1.2"], "limits": {"mb": 25, "lines": 5000},
                          "form_problems": ["bieu-mau.xlsx: Dòng 9 (1.1): cột «Tiến độ (%)» phải là một số"]},
        "extension": {"plan": plan, "unit": plan.unit("vp"), "items": [item(until="2026-06-30", note="lý do")]},
        "decision": {"plan": plan, "unit": plan.unit("vp"), "items": [r for r in recorded if r["kind"] == "approval"]},
        "targets": {"plan": plan, "unit": None, "period": "2026-Q1", "due": "2026-03-16",
                    "at_risk": [watched(value=20.0, value_on="2026-03-01", projected=31.5)], "unreported": [watched()]},
    }  # fmt: skip


def watched(**values: Any) -> dict[str, Any]:
    """A target as the committee's follow-up lists it (target_watch.Watched, as JSON)."""
    base = {"code": "CT-5G", "title": "Tỷ lệ phủ sóng 5G", "measure": "%", "lead": "vhxh", "year": 2026,
            "milestone": 60.0, "value": None, "value_on": None, "projected": None, "never": True}  # fmt: skip
    return base | values


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "template", ["digest", "escalation_head", "escalation_committee", "ack", "error", "extension", "decision", "targets"]
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
