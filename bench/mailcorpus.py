"""Run the mail corpus (tests/mail) through dondoc's ingest, as the unit and as a stranger.

    python -m bench.mailcorpus [--by family|language|category] [--heavy] [--failures] [--json FILE]

The store is prepared once (the corpus plan loaded, its nightly check run and the digests sent
to files); each message is then ingested alone into a fresh copy of it, after its placeholders
are replaced by those digests' Message-IDs, subjects and tokens and its From is set for the
run (see tests/mail/cases.yaml). Prints, per category and sender (LEGEND): messages answered,
messages that recorded something, quoted lines recorded, attachments that are no document but
counted as a report, messages whose outcome is not the expected one, quarantined by reason.

The harness only uses dondoc's public entry points: ``ingest.ingest`` (one message, its own
transaction) and the store's tables to count what a message queued and recorded.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta
from email.header import Header, decode_header, make_header
from email.utils import format_datetime, getaddresses
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, select

from dondoc.engine import ingest, nightly, outbox, plans, store, tokens
from dondoc.engine.settings import Settings
from dondoc.engine.store import schema
from dondoc.engine.validate import read_plan
from dondoc.notifiers.files import FileNotifier

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "mail"
SETTINGS = Settings(sender="dondoc@xa.example.vn", secret="corpus-secret")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SENDERS = ("unit", "stranger")


@dataclass(frozen=True)
class Expect:
    outcome: str  # recorded | quarantined
    reasons: tuple[str, ...]  # acceptable reasons (empty when recorded)
    reply: str  # ack | error | none
    items: tuple[dict[str, Any], ...]

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Expect:
        reason = raw.get("reason")
        reasons = tuple(reason) if isinstance(reason, list) else (reason,) if reason else ()
        return cls(raw["outcome"], reasons, raw["reply"], tuple(raw.get("items") or ()))


@dataclass(frozen=True)
class Case:
    file: str
    category: str
    family: str
    language: str
    answers: str
    expect: dict[str, Expect]  # by sender
    quoted: tuple[str, ...] = ()
    fixed: bool = False  # the From is the attack: never rewritten
    heavy: bool = False

    def raw(self) -> bytes:
        data = (CORPUS / self.file).read_bytes()
        return gzip.decompress(data) if self.file.endswith(".gz") else data


@dataclass(frozen=True)
class Corpus:
    plan: Path
    now: datetime  # when the digests were sent; replies arrive an hour later
    stranger: str
    cases: tuple[Case, ...]


def load(folder: Path = CORPUS) -> Corpus:
    spec = yaml.safe_load((folder / "cases.yaml").read_text("utf-8"))
    cases = tuple(
        Case(
            file=c["file"], category=c["category"], family=c["family"], language=c["language"], answers=c["answers"],
            expect={s: Expect.of(c[s]) for s in SENDERS}, quoted=tuple(c.get("quoted") or ()),
            fixed=c.get("sender") == "fixed", heavy=bool(c.get("heavy")),
        )
        for c in spec["cases"]
    )
    now = datetime.combine(spec["now"], time(7, 30), TZ)
    return Corpus((folder / spec["plan"]).resolve(), now, spec["stranger"], cases)


# ---------------------------------------------------------------- the prepared store


@dataclass(frozen=True)
class Prepared:
    url: str  # the store after the check and send (copy it for each message)
    values: dict[str, str]  # placeholder -> value
    recipients: dict[str, tuple[str, ...]]  # digest name (vp, committee, …) -> the addresses it went to
    plan_addresses: frozenset[str]


def prepare(corpus: Corpus, url: str, folder: Path) -> Prepared:
    """Load the plan, run the nightly check at ``now`` and send its digests to files in ``folder``."""
    engine = store.connect(url)
    source = read_plan(corpus.plan)
    plans.load(engine, source, corpus.now)
    plan = source.plan
    nightly.check(engine, corpus.now, SETTINGS)
    outbox.drain(engine, FileNotifier(folder / "out"), SETTINGS, corpus.now)
    values = {"{{DATE}}": format_datetime(corpus.now + timedelta(hours=1))}
    recipients: dict[str, tuple[str, ...]] = {}
    with engine.connect() as conn:
        for row in conn.execute(select(schema.outbox)).mappings():
            if row["audience"].startswith("head:"):
                continue
            name = row["audience"].split(":")[-1]
            token = tokens.IN_SUBJECT.search(row["subject"])
            assert token, row["subject"]
            recipients[name] = tuple(a.lower() for a in row["recipients"])
            values |= {
                f"{{{{MESSAGE_ID:{name}}}}}": row["message_id"],
                f"{{{{SUBJECT:{name}}}}}": Header(row["subject"], "utf-8").encode(),
                f"{{{{TOKEN:{name}}}}}": token.group(1),
                f"{{{{REPLY_TO:{name}}}}}": tokens.reply_address(SETTINGS.sender, token.group(1)),
            }
    engine.dispose()  # a PostgreSQL template must have no connections
    addresses = {m.email for m in plan.committee.members}
    for unit in plan.units:
        addresses |= set(unit.email) | ({unit.head.email} if unit.head else set())
    return Prepared(url, values, recipients, frozenset(a.lower() for a in addresses))


def substituted(raw: bytes, values: dict[str, str]) -> bytes:
    newline = "\r\n" if b"\r\n" in raw[:4000] else "\n"
    for placeholder, value in values.items():
        raw = raw.replace(placeholder.encode(), value.replace("\n", newline).encode())
    return raw


_FROM = re.compile(rb"^From:[^\n]*\n(?:[ \t][^\n]*\n)*", re.IGNORECASE | re.MULTILINE)
_ANGLE = re.compile(rb"<[^<>]*>")
_BARE = re.compile(rb"[^\s<>,;:()\"']+@[^\s<>,;:()\"']+")


def _from_field(raw: bytes) -> re.Match[bytes] | None:
    end = min((i for i in (raw.find(b"\n\n"), raw.find(b"\r\n\r\n")) if i >= 0), default=len(raw))
    match = _FROM.search(raw, 0, end + 1)
    return match


def sender_of(raw: bytes) -> str:
    """The first address of the From field as written ("" for ``<>``)."""
    match = _from_field(raw)
    if match is None:
        return ""
    value = match.group(0)[5:].decode("utf-8", "replace")
    found = getaddresses([" ".join(value.split())])
    return found[0][1].lower() if found else ""


def with_sender(raw: bytes, address: str) -> bytes:
    """The message with the first address of its From field replaced (display name kept)."""
    match = _from_field(raw)
    if match is None:
        return raw
    value = match.group(0)
    angle = _ANGLE.search(value)
    if angle:
        new = value[: angle.start()] + b"<" + address.encode() + b">" + value[angle.end() :]
    else:
        bare = _BARE.search(value, 5)
        new = value[: bare.start()] + address.encode() + value[bare.end() :] if bare else value
    return raw[: match.start()] + new + raw[match.end() :]


def message_for(case: Case, sender: str, prepared: Prepared, stranger: str) -> bytes:
    """The raw message of ``case`` answering its digest, sent as ``sender`` (unit | stranger)."""
    raw = substituted(case.raw(), prepared.values)
    if case.fixed:
        return raw
    natural = sender_of(raw)
    if sender == "unit":
        allowed = prepared.recipients[case.answers]
        return raw if natural in allowed else with_sender(raw, allowed[0])
    return raw if natural not in prepared.plan_addresses else with_sender(raw, stranger)


# ---------------------------------------------------------------- one run


@dataclass
class Outcome:
    """What one message became, and what it left in the store."""

    state: str
    reason: str | None
    reply: str | None
    recorded: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    queued: list[str] = field(default_factory=list)  # kinds of the outbox rows it queued (ack, error, extension)
    events: int = 0  # events it wrote


def _counts(engine: Any) -> tuple[int, int]:
    with engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(schema.events)).scalar_one()
        last = conn.execute(select(func.coalesce(func.max(schema.outbox.c.id), 0))).scalar_one()
    return int(events), int(last)


def run(raw: bytes, url: str, at: datetime) -> Outcome:
    """Ingest ``raw`` into the store at ``url`` (a fresh copy) and read back what it did."""
    engine = store.connect(url)
    try:
        events, last = _counts(engine)
        got = ingest.ingest(engine, raw, at, SETTINGS)
        events_after, _ = _counts(engine)
        with engine.connect() as conn:
            new = select(schema.outbox.c.kind).where(schema.outbox.c.id > last).order_by(schema.outbox.c.id)
            queued = list(conn.execute(new).scalars())
    finally:
        engine.dispose()
    recorded, rejected = [r.to_json() for r in got.recorded], [r.to_json() for r in got.rejected]
    return Outcome(got.state, got.reason, got.reply, recorded, rejected, queued, events_after - events)


# ---------------------------------------------------------------- judging


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    return value


def matches(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    for key, want in expected.items():
        if key == "unit" and key not in got:
            continue  # the sender's own unit
        have = got.get(key)
        if key == "value":
            ok = have is not None and float(have) == float(want)
        elif key in ("until", "period"):
            ok = str(have) == str(want)
        elif key == "files":
            ok = [_norm(x) for x in have or []] == [_norm(x) for x in want]
        else:
            ok = _norm(have) == _norm(want)
        if not ok:
            return False
    return True


def quoted_recorded(case: Case, outcome: Outcome) -> int:
    """How many recorded items come from lines of the quote."""
    quoted = [_norm(q).casefold() for q in case.quoted]
    return sum(1 for item in outcome.recorded if any(q and q in _norm(item.get("text", "")).casefold() for q in quoted))


def answered(outcome: Outcome) -> bool:
    return outcome.reply is not None or any(k in ("ack", "error") for k in outcome.queued)


DOCUMENTS = (".docx", ".doc", ".odt", ".pdf", ".xlsx")  # what may count as a report (REPLY-FORMAT.md)


def _decoded(name: str) -> str:
    return str(make_header(decode_header(name))) if "=?" in name else name


def wrong_reports(outcome: Outcome) -> int:
    """Attachments counted as a report that are no document (a signature, an image, a .txt, …)."""
    files = [_decoded(f) for item in outcome.recorded if item.get("kind") == "report" for f in item.get("files") or []]
    return sum(1 for f in files if not f.lower().endswith(DOCUMENTS))


def failures(case: Case, sender: str, outcome: Outcome) -> list[str]:
    """Every way ``outcome`` differs from what the corpus expects (empty when it is right)."""
    expect = case.expect[sender]
    out = []
    state = "recorded" if expect.outcome == "recorded" else "quarantined"
    if outcome.state != state:
        out.append(f"state {outcome.state}, expected {state}")
    if state == "quarantined" and outcome.reason not in expect.reasons:
        out.append(f"reason {outcome.reason}, expected {'/'.join(expect.reasons)}")
    if (outcome.reply or "none") != expect.reply:
        out.append(f"reply {outcome.reply or 'none'}, expected {expect.reply}")
    if expect.reply == "none" and answered(outcome):
        out.append(f"answered ({', '.join(outcome.queued)}) though it must not be")
    left = list(outcome.recorded)
    for item in expect.items:
        hit = next((g for g in left if matches(item, g)), None)
        if hit is None:
            out.append(f"missing {item}")
        else:
            left.remove(hit)
    if left:
        shown = "; ".join(str(g.get("text") or g.get("files") or g["code"]) for g in left[:3])
        out.append(f"recorded unexpectedly ({len(left)}): {shown}" + ("; …" if len(left) > 3 else ""))
    if not expect.items and outcome.events:
        out.append(f"{outcome.events} events written though nothing may be recorded")
    if "extension" in outcome.queued and not any(i["kind"] == "extension" for i in expect.items):
        out.append("an extension request was forwarded to the committee")
    if quoted := quoted_recorded(case, outcome):
        out.append(f"{quoted} quoted line(s) recorded")
    return out


# ---------------------------------------------------------------- the whole corpus


@dataclass
class Result:
    case: Case
    sender: str
    outcome: Outcome
    failures: list[str]


def copy_sqlite(template: str, folder: Path, name: str) -> str:
    path = folder / f"{name}.db"
    with sqlite3.connect(template.removeprefix("sqlite:///")) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    return f"sqlite:///{path}"


def run_all(
    corpus: Corpus, cases: Iterable[Case], folder: Path, progress: Callable[[int], None] | None = None
) -> list[Result]:
    prepared = prepare(corpus, f"sqlite:///{folder / 'prepared.db'}", folder)
    at = corpus.now + timedelta(hours=1)
    results = []
    for i, case in enumerate(cases):
        for sender in SENDERS:
            url = copy_sqlite(prepared.url, folder, "run")
            outcome = run(message_for(case, sender, prepared, corpus.stranger), url, at)
            Path(url.removeprefix("sqlite:///")).unlink()
            results.append(Result(case, sender, outcome, failures(case, sender, outcome)))
        if progress:
            progress(i + 1)
    return results


LEGEND = """\
msgs: messages run; answered: an ack or error reply was queued to the sender; recorded: at least
one update recorded; quoted: updates recorded from quoted lines; non-doc: attachments that are no
document (.asc, .p7s, winmail.dat, images, .ics, .vcf, .gz, .txt …) counted as a report; wrong:
messages whose outcome is not the one tests/mail/cases.yaml expects."""


def table(results: list[Result], key: Callable[[Case], str]) -> str:
    """Per group and sender: the counts the issue's 'done when' is about."""
    rows: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in results:
        rows[(key(r.case), r.sender)].append(r)
    head = (
        f"{'':30} {'sender':8} {'msgs':>5} {'answered':>8} {'recorded':>8} {'quoted':>6} {'non-doc':>7} {'wrong':>5}"
        "  quarantined by reason"
    )
    lines = [head, "-" * len(head)]
    for (group, sender), rs in sorted(rows.items(), key=lambda kv: (kv[0][0], SENDERS.index(kv[0][1]))):
        reasons = Counter(r.outcome.reason for r in rs if r.outcome.state == "quarantined")
        lines.append(
            f"{group:30} {sender:8} {len(rs):5} {sum(answered(r.outcome) for r in rs):8} "
            f"{sum(bool(r.outcome.recorded) for r in rs):8} {sum(quoted_recorded(r.case, r.outcome) for r in rs):6} "
            f"{sum(wrong_reports(r.outcome) for r in rs):7} {sum(bool(r.failures) for r in rs):5}  "
            + ", ".join(f"{k} {v}" for k, v in reasons.most_common())
        )
    return "\n".join(lines)


def _peak() -> int:
    """This process's peak resident set so far, in bytes: VmHWM belongs to the process's own
    memory map (ru_maxrss would carry the peak of the parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(path: Path, url: str, at: datetime) -> dict[str, Any]:
    """Ingest the message in ``path`` in this process and say how much memory that took, reading
    it included (for a test that runs this alone in a subprocess: ``--measure``)."""
    store.connect(url).dispose()  # imports and the store's first connection are not the message's
    before = _peak()
    raw = path.read_bytes()
    outcome = run(raw, url, at)
    return {"size": len(raw), "grew": _peak() - before, "outcome": asdict(outcome)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--by", choices=("category", "family", "language"), default="category")
    parser.add_argument("--heavy", action="store_true", help="also the 10 MB and 40 MB messages")
    parser.add_argument("--only", help="only the cases whose file contains this text")
    parser.add_argument("--failures", action="store_true", help="list each message not ending as expected")
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--measure", nargs=2, metavar=("MESSAGE", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    corpus = load()
    if args.measure:
        at = corpus.now + timedelta(hours=1)
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1], at), ensure_ascii=False, default=str))
        return
    cases = [c for c in corpus.cases if (args.heavy or not c.heavy) and (not args.only or args.only in c.file)]
    with tempfile.TemporaryDirectory(prefix="mailcorpus-") as tmp:
        results = run_all(corpus, cases, Path(tmp))
    group = {"category": lambda c: c.category, "family": lambda c: f"{c.category}/{c.family}",
             "language": lambda c: f"{c.category}/{c.language}"}[args.by]
    print(table(results, group))
    print()
    print(table(results, lambda c: "automatic" if c.category not in ("reply", "attack") else c.category))
    print("\n" + LEGEND)
    skipped = [c.file for c in corpus.cases if c.heavy and not args.heavy]
    if skipped:
        print(f"\nnot run (heavy, use --heavy): {', '.join(skipped)}")
    if args.failures:
        for r in results:
            if r.failures:
                print(f"{r.case.file} [{r.sender}]: " + "; ".join(r.failures))
    if args.json:
        rows = [{"file": r.case.file, "sender": r.sender, **asdict(r.outcome), "failures": r.failures} for r in results]
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=str), "utf-8")


if __name__ == "__main__":
    main()
