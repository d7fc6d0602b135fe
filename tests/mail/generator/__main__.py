"""Write the corpus: ``python -m tests.mail.generator`` (deterministic; rewrites tests/mail/)."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from . import attacks, dsn, ooo, reply_cases, reports
from .common import STRANGER, Case

ROOT = Path(__file__).resolve().parent.parent

HEADER = """\
# The mail corpus: every message in auto/, replies/ and attacks/ with what must become of it.
# Written by tests/mail/generator (python -m tests.mail.generator); run by bench/mailcorpus.py
# (python -m bench.mailcorpus) and tests/integration/test_mail_corpus.py.
#
# How a message is run: the plan below is loaded and its nightly check run at `now` 07:30
# (Asia/Ho_Chi_Minh) with DONDOC_FROM=dondoc@xa.example.vn and the harness's secret, so dondoc
# really sends the five digests of tests/corpus/plan.yaml; the placeholders {{MESSAGE_ID:x}},
# {{SUBJECT:x}}, {{REPLY_TO:x}}, {{TOKEN:x}} and {{DATE}} (08:30) are replaced by those of the
# digest to `answers` (vp | vhxh | kinh-te | committee); each message is then ingested alone into
# a fresh copy of that store, twice:
#   unit:     From's address replaced by an address the digest went to (kept if it already is one);
#   stranger: From's address kept when it is no address of the plan (a mailer-daemon, a list, an
#             outsider), else replaced by {stranger}.
#   With `sender: fixed` the From is the attack itself and is never rewritten.
#
# Expectation (for each of unit / stranger):
#   outcome: recorded | quarantined
#   reason:  why it is quarantined, or a list of acceptable reasons. Automatic mail: bounce (any
#            DSN, delay warnings and delivery receipts included), automatic (auto-replies, read
#            receipts, robots), feedback (ARF and ARF-like abuse reports, DMARC/TLS reports), list.
#            Replies: unknown_sender, wrong_sender, unparsed (nothing understood), unparsed_lines
#            (some line not understood: the whole message is quarantined, nothing recorded), and
#            the new checks of issue 22: multiple_senders, not_committee, not_after_deadline,
#            past_date, too_large, too_many_lines.
#   reply:   ack | error | none (what the sender is sent back; none for all automatic mail)
#   items:   exactly what is recorded (code, kind; state/progress/note/period/until/value/approved
#            when given; `files` for a report: the decoded names of the document attachments).
# quoted: lines in the quote that would parse as updates: none of them may be recorded.
# attachments: every named part (decoded name, type) and whether it is the unit's report (only
#   documents are: .docx .doc .odt .pdf); a report shows as a `report` item with its `files`.
# heavy: a message too big for the everyday run (bench/mailcorpus.py --heavy includes it).
plan: ../corpus/plan.yaml
now: 2026-03-16
stranger: {stranger}
"""


class Flow(dict):  # type: ignore[type-arg]
    """Written on one line in cases.yaml."""


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


Dumper.add_representer(Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def compact(expect: dict[str, Any]) -> dict[str, Any]:
    items: list[dict[str, Any]] = expect.get("items") or []
    if not items:
        return Flow(expect)
    return {**expect, "items": [Flow(i) for i in items]}


def attachments(case: Case) -> list[Flow]:
    """Every named part outside the text bodies, and whether it is the unit's report."""
    if case.file.endswith(".gz"):
        return []
    reports = {f for i in case.unit.get("items") or [] if i.get("kind") == "report" for f in i["files"]}
    found = []
    for part in email.message_from_bytes(case.raw, policy=email.policy.default).walk():
        name = part.get_filename()
        if name and not part.is_multipart():
            found.append(Flow(name=name, type=part.get_content_type(), report=name in reports))
    return found


def entry(case: Case) -> dict[str, object]:
    out = case.entry()
    out["unit"], out["stranger"] = compact(case.unit), compact(case.stranger)
    if files := attachments(case):
        out["attachments"] = files
    if case.fixed:
        out["sender"] = "fixed"
    if case.heavy:
        out["heavy"] = True
    return out


def main() -> None:
    for folder in ("auto", "replies", "attacks"):
        shutil.rmtree(ROOT / folder, ignore_errors=True)
    cases: list[Case] = [*dsn.all_cases(), *ooo.all_cases(), *reports.all_cases(), *reply_cases.all_cases(), *attacks.all_cases()]
    files = Counter(c.file for c in cases)
    assert max(files.values()) == 1, [f for f, k in files.items() if k > 1]
    for case in cases:
        leftover = re.sub(rb"\{\{(DATE|MESSAGE_ID|SUBJECT|REPLY_TO|TOKEN)(:[a-z-]+)?\}\}", b"", case.raw)
        assert b"{{" not in leftover, (case.file, leftover[leftover.index(b"{{") - 40 : leftover.index(b"{{") + 40])
        path = ROOT / case.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.raw)
    body = yaml.dump({"cases": [entry(c) for c in cases]}, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=200,
                     default_flow_style=False)
    (ROOT / "cases.yaml").write_text(HEADER.format(stranger=STRANGER) + body, "utf-8")
    print(f"{len(cases)} messages:", dict(Counter(c.category for c in cases)))


if __name__ == "__main__":
    main()
