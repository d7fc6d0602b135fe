"""Property-based fuzzing (hypothesis): 10,000 generated plans and replies, no traceback.

Plans: mutations of real plan files (lines dropped, doubled, swapped, re-indented, values
replaced by odd ones, text cut short) and arbitrary bytes. Every input either is refused
with ``file:line:col: message`` problems, or loads and runs: its occurrences, their steps
and the check's decisions compute over two years.

Replies: messages assembled from what real replies contain (addresses that are and are not
known, true and forged references, auto-reply headers, task codes, status words, dates,
labels, quoted reminders, signatures) in every MIME shape and charset, some of them then
corrupted byte by byte. Every message ends recorded, quarantined with a reason, or known as
a duplicate; the inbox grows by exactly one row per new message.
"""

from __future__ import annotations

import base64
import itertools
import json
import quopri
import re
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from dondoc.engine import ingest, store
from dondoc.engine.errors import PlanInvalid
from dondoc.engine.plan import FIRST_DATE, LAST_DATE, MAX_WORKING_DAYS
from dondoc.engine.store import schema
from dondoc.engine.validate import parse_plan
from tests.support.corpus import NOW, SETTINGS
from tests.support.engine_smoke import run_engine
from tests.support.paths import CORPUS, FIXTURES
from tests.support.servers import Databases

PLAN_EXAMPLES = 5000
REPLY_EXAMPLES = 5000
FUZZ = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=True)
SERIAL = itertools.count()  # every generated reply is a new message (duplicates are the corpus' business); its
# Message-ID has a fixed width, so replaying an example draws from the same ranges
PROBLEM = re.compile(r"^(?P<name>[^:]+):(?P<line>\d+):(?P<col>\d+): \S")

# --- plans ---------------------------------------------------------------------------------

SOURCES = [(CORPUS / "plan.yaml").read_text("utf-8"), (FIXTURES / "minimal.yaml").read_text("utf-8")]
ODD_VALUES = st.one_of(
    st.sampled_from(["", "~", "null", "[]", "{}", "-1", "0", "1e309", "2026-02-30", "31/12/2026", "'", '"', "*a", "&a",
                     "!!python/object:os.system", "yes", "NaN", "27:99", "vp, vp", "[vp, khong-co]", "|", ">",
                     # what issue 23 found the engine could not run, and YAML's silent readings
                     "0001-01-01", "2050-12-31", "2019-06-01", "2101-01-01", "99999999999999999999", ".nan", ".inf",
                     "{2026: .nan}", "1.10", "0x1F", "010", "1_000", "1:30", "on", "250", "251", "canceled", "paused",
                     "&x [vp]", "*x", "!!str 1", "{<<: {}}", "[[[[[[[[[[[[]]]]]]]]]]]]", "2026-02-27T10:00", "report",
                     "[mon, mon]", "[annual, annual]", "[7, 7]", "[vhxh, vhxh]", "[sun]"]),
    st.text(max_size=30),
    st.integers().map(str),
    st.dates().map(lambda d: d.isoformat()),
)  # fmt: skip


@st.composite
def mutated_plans(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["drop", "double", "swap", "indent", "value", "insert", "cut"]))
        if operation == "drop":
            del lines[i]
        elif operation == "double":
            lines.insert(i, lines[i])
        elif operation == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "indent":
            lines[i] = " " * draw(st.integers(0, 7)) + lines[i].lstrip()
        elif operation == "value" and ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + ": " + draw(ODD_VALUES)
        elif operation == "insert":
            lines.insert(i, draw(st.text(max_size=40)))
        elif operation == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines) + "\n"


def loads_or_says_where(raw: bytes) -> None:
    """Refused with positions, or accepted and then run by the engine over two years (a plan
    validation accepts but the engine cannot run would stop every plan of the store)."""
    try:
        plan = parse_plan(raw, "plan.yaml").plan
        run_engine(plan)
    except PlanInvalid as exc:
        assert exc.problems, "refused without a reason"
        lines = raw.count(b"\n") + 2
        for problem in str(exc).splitlines():
            found = PROBLEM.match(problem)
            assert found and found["name"] == "plan.yaml", problem
            assert 1 <= int(found["line"]) <= lines and int(found["col"]) >= 1, problem


@pytest.mark.slow
@settings(FUZZ, max_examples=PLAN_EXAMPLES * 4 // 5)
@given(mutated_plans())
def test_mutated_plans_load_or_are_refused_with_positions(text: str) -> None:
    loads_or_says_where(text.encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@settings(FUZZ, max_examples=PLAN_EXAMPLES // 5)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_arbitrary_bytes_are_refused_with_positions(raw: bytes) -> None:
    loads_or_says_where(raw)


BOUNDED_EXAMPLES = 300
DAYS = st.dates(min_value=FIRST_DATE, max_value=LAST_DATE)
WORKING_DAYS = st.integers(1, MAX_WORKING_DAYS)
UNITS = ["vp", "vhxh", "ca"]


@st.composite
def bounded_plans(draw: st.DrawFn) -> str:
    """A plan (in JSON, which is YAML) anywhere within the documented bounds: dates of 2000-2100,
    day counts up to a working year, any week, any ladder, stopped and paused tasks."""

    def some(items: list[str], least: int = 0) -> list[str]:
        return draw(st.lists(st.sampled_from(items), min_size=least, max_size=len(items), unique=True))

    issued = draw(st.one_of(st.none(), DAYS))
    tasks = [draw(bounded_task(i, issued)) for i in range(draw(st.integers(1, 4)))]
    off = draw(st.lists(DAYS, max_size=3, unique=True))
    plan = {
        "dondoc": 1,
        "plan": {"id": "bounded", "title": "T", **({"issued": issued.isoformat()} if issued else {})},
        "committee": {"name": "C", "secretariat": "vp", "members": [{"name": "M", "email": "m@xa.example.vn"}]},
        "units": [{"id": u, "name": u, "email": f"{u}@xa.example.vn"} for u in UNITS[:-1]]
        + [{"id": "ca", "name": "ca", "email": "ca@xa.example.vn", "head": {"name": "H", "email": "h@xa.example.vn"}}],
        "calendar": {
            "workdays": some(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], 1),
            "holidays": draw(st.sampled_from(["VN", None])),
            "extra_days_off": [d.isoformat() for d in off],
            "extra_workdays": [d.isoformat() for d in draw(st.lists(DAYS, max_size=3, unique=True)) if d not in off],
            "deadline_on_day_off": draw(st.sampled_from(["next_working_day", "keep"])),
        },
        "reporting": {
            "cadences": some(["weekly", "monthly", "quarterly", "semiannual", "nine_months", "annual"]),
            "due_offset": draw(st.integers(0, MAX_WORKING_DAYS)),
        },
        "reminders": {"before": draw(st.lists(WORKING_DAYS, max_size=4, unique=True))},
        "escalation": [
            {"after": after, "notify": some(["lead", "head", "coordinators", "committee", "secretariat"], 1)}
            for after in sorted(draw(st.sets(WORKING_DAYS, max_size=4)))
        ],
        "tasks": tasks,
    }
    return json.dumps(plan, ensure_ascii=False)


@st.composite
def bounded_task(draw: st.DrawFn, index: int, issued: date | None) -> dict[str, object]:
    lead = draw(st.sampled_from(UNITS))
    task: dict[str, object] = {"id": f"{index + 1}.1", "title": "T", "lead": lead}
    task["coordinators"] = draw(st.lists(st.sampled_from([u for u in UNITS if u != lead]), unique=True))
    kind = draw(st.sampled_from(["due", "repeat", "ongoing"]))
    if kind == "due":
        task["due"] = draw(DAYS).isoformat()
    elif kind == "repeat":
        task["repeat"] = draw(st.sampled_from(["weekly", "monthly", "quarterly", "semiannual", "annual"]))
        first = issued or date(2026, 1, 5)
        near = st.dates(min_value=first, max_value=min(first + timedelta(days=900), LAST_DATE))
        start, end = sorted(draw(st.lists(near, min_size=2, max_size=2)))
        task.update({"start": start.isoformat()} if draw(st.booleans()) else {})
        task.update({"end": end.isoformat()} if draw(st.booleans()) else {})
    else:
        task["ongoing"] = True
    status = draw(st.sampled_from(["active", "cancelled", "canceled", "paused"]))
    if status != "active":
        since, until = sorted(draw(st.lists(DAYS, min_size=2, max_size=2)))
        task.update({"status": status, "status_reason": "R", "status_since": since.isoformat()})
        task.update({"paused_until": until.isoformat()} if status == "paused" else {})
    return task


@pytest.mark.slow
@settings(FUZZ, max_examples=BOUNDED_EXAMPLES)
@given(bounded_plans(), st.integers(0, 730))
def test_every_plan_within_the_bounds_is_accepted_and_runs(text: str, later: int) -> None:
    """Validation is not stricter than its documented bounds, and the engine runs all they allow."""
    plan = parse_plan(text.encode(), "bounded.yaml").plan
    start = plan.plan.issued or date(2026, 1, 5)
    run_engine(plan, [start, start + timedelta(days=later)])


# --- replies -------------------------------------------------------------------------------

SENDERS = [
    "vp@xa.example.vn",
    "vhxh@xa.example.vn",
    "chutich@xa.example.vn",
    "la@khac.example.com",
    "MAILER-DAEMON@xa.example.vn",
    "postmaster@xa.example.vn",
    "",
    "khong co dia chi",
    "<>",
]
CODES = ["IV.1.1", "IV.1.10", "IV.2.3", "IV.6", "CT-01", "iv.1.1", "IV 1 1", "IV.9.9", "I.1", "report"]
WORDS = [
    "xong",
    "đã hoàn thành",
    "da hoan thanh",
    "Hoàn thành 100%",
    "đang thực hiện 60%",
    "dang lam",
    "chưa làm",
    "vướng mắc",
    "done",
    "in progress 30%",
    "blocked",
    "xin gia hạn đến 30/6/2026",
    "gia han 31/02/2026",
    "đồng ý gia hạn",
    "không đồng ý",
    "1.234",
    "12,5%",
    "150%",
    "-5%",
    ":",
    "—",
    "Khó khăn:",
    "Kiến nghị:",
    "Ghi chú:",
    "ngày 15/3",
    "2026-03-31",
    "31.12.2026",
]
EXTRA_HEADERS = [("Auto-Submitted", "auto-replied"), ("Precedence", "bulk"), ("List-Id", "<x.example>"),
                 ("X-Autoreply", "yes"), ("Return-Path", "<>"),
                 ("Authentication-Results", "mx.xa.example.vn; dmarc=fail header.from=xa.example.vn")]  # fmt: skip


@st.composite
def body_lines(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        parts = draw(
            st.lists(st.one_of(st.sampled_from(CODES), st.sampled_from(WORDS), st.text(max_size=12)), max_size=5)
        )
        lines.append(draw(st.sampled_from(["", "- ", "* ", "1. ", "> "])) + " ".join(parts))
    if draw(st.booleans()):
        lines += ["", "Vào Th 2, 16 thg 3, 2026 lúc 07:30 dondoc <dondoc@xa.example.vn> đã viết:", "> IV.1.1 ..."]
    if draw(st.booleans()):
        lines += ["--", "Nguyễn Văn A", "Văn phòng"]
    text = "\n".join(lines)
    form = draw(st.sampled_from(["as is", "NFD", "plain ascii", "upper"]))
    if form == "NFD":
        text = unicodedata.normalize("NFD", text)
    elif form == "plain ascii":
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    elif form == "upper":
        text = text.upper()
    return text


def _encoded(text: str, charset: str, encoding: str) -> tuple[str, bytes]:
    data = text.encode(charset, "replace")
    if encoding == "base64":
        return encoding, base64.encodebytes(data)
    if encoding == "quoted-printable":
        return encoding, quopri.encodestring(data)
    return "8bit", data


@st.composite
def replies(draw: st.DrawFn, sent: list[tuple[str, str]]) -> bytes:
    """A reply; ``sent`` holds (recipient, Message-ID) of what dondoc sent, so half the replies
    come from the unit that was written to, answering its own message."""
    anyone = st.tuples(st.sampled_from(SENDERS), st.sampled_from([mid for _, mid in sent] + ["<forged@x>", ""]))
    sender, refs = draw(st.one_of(st.sampled_from(sent), anyone))
    text = draw(body_lines())
    charset = draw(st.sampled_from(["utf-8", "windows-1258", "iso-8859-1", "us-ascii"]))
    encoding, payload = _encoded(text, charset, draw(st.sampled_from(["8bit", "base64", "quoted-printable"])))
    kind = draw(st.sampled_from(["plain", "html", "alternative", "attachment"]))
    head = [f"From: {sender}", "To: dondoc@xa.example.vn", f"Subject: Re: {draw(st.text(max_size=20))!r}",
            f"Message-ID: <{next(SERIAL):08d}@fuzz>", "MIME-Version: 1.0"]  # fmt: skip
    if refs:
        head += [f"In-Reply-To: {refs}", f"References: {refs}"]
    head += [f"{k}: {v}" for k, v in draw(st.lists(st.sampled_from(EXTRA_HEADERS), max_size=2, unique=True))]
    part = f"Content-Type: text/{'html' if kind == 'html' else 'plain'}; charset={charset}\n"
    part += f"Content-Transfer-Encoding: {encoding}\n\n"
    if kind in ("plain", "html"):
        raw = "\n".join(head).encode() + b"\n" + part.encode() + payload
    else:
        subtype = "alternative" if kind == "alternative" else "mixed"
        second = (
            "Content-Type: application/pdf; name=bao-cao.pdf\nContent-Disposition: attachment; filename=bao-cao.pdf\n"
        )
        second += "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n"
        if kind == "alternative":
            second = f"Content-Type: text/html; charset={charset}\nContent-Transfer-Encoding: {encoding}\n\n"
            second += "<div>" + payload.decode("latin-1") + "</div>\n"
        raw = "\n".join([*head, f'Content-Type: multipart/{subtype}; boundary="b"', "", "--b", part]).encode()
        raw += payload + b"\n--b\n" + second.encode("latin-1") + b"\n--b--\n"
    for _ in range(draw(st.integers(0, 2)) if draw(st.booleans()) else 0):  # damage some of them
        at = draw(st.integers(0, max(len(raw) - 1, 0)))
        raw = raw[:at] + draw(st.binary(max_size=3)) + raw[at + draw(st.integers(0, 3)) :]
    return raw


@pytest.fixture(scope="module")
def fuzz_store(prepared: tuple[str, dict[str, str]], databases: Databases) -> tuple[Engine, list[tuple[str, str]]]:
    base, _ = prepared
    engine = store.connect(databases.new(template=base))
    with engine.connect() as conn:
        rows = conn.execute(select(schema.outbox.c.recipients, schema.outbox.c.message_id)).all()
    return engine, [(address, r.message_id) for r in rows for address in r.recipients]


@pytest.mark.slow
def test_generated_replies_are_each_recorded_or_quarantined(fuzz_store: tuple[Engine, list[tuple[str, str]]]) -> None:
    engine, sent = fuzz_store
    counted: dict[str, int] = {}

    @settings(FUZZ, max_examples=REPLY_EXAMPLES)
    @given(replies(sent))
    def one(raw: bytes) -> None:
        before = _inbox_rows(engine)
        received = ingest.ingest(engine, raw, NOW + timedelta(hours=1), SETTINGS)
        assert received.state in ("recorded", "quarantined", "duplicate"), received
        assert received.state == "recorded" or received.state == "duplicate" or received.reason, received
        assert _inbox_rows(engine) == before + (received.state != "duplicate")
        counted[received.state] = counted.get(received.state, 0) + 1

    one()
    print("fuzzed replies:", counted)
    assert sum(counted.values()) >= REPLY_EXAMPLES * 0.9  # hypothesis ran (almost) all of them
    assert counted.get("recorded", 0) and counted.get("quarantined", 0)  # both ways were explored


def _inbox_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.inbox)).scalar_one())
