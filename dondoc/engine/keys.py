"""Outbox keys: every message dondoc sends is queued under a unique key, built and read here.

A key names what the message is about, so that queueing the same message twice keeps one:

- ``digest:PLAN:AUDIENCE:DAY:HASH``: the check's digest for one audience of one plan on one
  day, HASH naming the notices it carries (a later run the same day with new notices is
  another message);
- ``reply:ADDRESS:SHA[-INBOX.MOMENT]``: the answer to one received message (SHA: its bytes),
  and on a release by the secretariat the answer to the new outcome;
- ``extension:PLAN:UNIT:SHA``: a unit's extension requests forwarded to the committee, once
  per received message;
- ``decision:PLAN:UNIT:SHA``: the committee's decisions in one received message, told to the
  unit whose deadline they decide;
- ``report:PLAN:PERIOD:HASH``: the committee's report, HASH naming its figures (a corrected
  report is sent again);
- ``targets:PLAN:PERIOD``: the committee told, once per period, of the targets at risk and those
  not reported after the period's reports were due.

The key also fixes the Message-ID and the reply token (``tokens.ref_of``), so a re-send is
recognisable. Keys are stored: their formats never change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

from .vocabulary import Audience

REPLY = "reply:"
_SHA = 20  # characters of a received message's sha256 in the keys of its answers


def digest(plan_id: str, audience: Audience, today: date, notices: Iterable[tuple[int, str]]) -> str:
    """The key of a digest carrying these (occurrence, step) notices."""
    named = ",".join(f"{o}:{s}" for o, s in sorted(notices))
    return f"digest:{plan_id}:{audience.key}:{today.isoformat()}:{hashlib.sha1(named.encode()).hexdigest()[:12]}"


def reply(sender: str, sha: str, release: tuple[int, datetime] | None = None) -> str:
    """The key of the answer to a received message; ``release``: (its inbox id, when the
    secretariat released it), for the answer to the new outcome."""
    key = f"{REPLY}{sender}:{sha[:_SHA]}"
    if release is not None:
        inbox_id, at = release
        key += f"-{inbox_id}.{at:%Y%m%d%H%M%S}"
    return key


def replies_to(address: str) -> tuple[str, str]:
    """The range [low, high) of the keys of answers to ``address`` (``;`` follows ``:``)."""
    return f"{REPLY}{address}:", f"{REPLY}{address};"


def replied_to(key: str) -> str:
    """The address an answer's key names."""
    return key[len(REPLY) : key.rindex(":")]


def extension(plan_id: str, unit_id: str, sha: str) -> str:
    """The key of a unit's extension requests in one received message, forwarded to the committee."""
    return f"extension:{plan_id}:{unit_id}:{sha[:_SHA]}"


def decision(plan_id: str, unit_id: str, sha: str) -> str:
    """The key of the committee's decisions on one unit's deadlines in one received message."""
    return f"decision:{plan_id}:{unit_id}:{sha[:_SHA]}"


def report(plan_id: str, period: str, figures: str) -> str:
    """The key of a report to the committee; ``figures``: the report's figures as stable text."""
    return f"report:{plan_id}:{period}:{hashlib.sha256(figures.encode()).hexdigest()[:16]}"


def targets(plan_id: str, period: str) -> str:
    """The key of the targets' follow-up of one period: once per plan and period, whatever happens."""
    return f"targets:{plan_id}:{period}"


def readable(key: str) -> str:
    """What a key is about, for a file name: plan, audience or sender, day or period."""
    return "-".join(key.split(":")[1:4]).replace("/", "_")
