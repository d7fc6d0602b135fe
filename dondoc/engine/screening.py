"""Who may speak through a received message: automatic mail and forgeries are set aside, a reply
is matched to the message it answers, and its sender must be someone that message went to.

- a From naming several addresses speaks for nobody (automatic mail is judged before, by
  ``automatic``);
- a message that the receiving server says failed SPF, DKIM or DMARC is forged;
- a reply is matched by a signed token (Reply-To plus-address or subject), else by In-Reply-To
  and References; a token that does not verify is a forgery, not a typo;
- the sender must be an address of the unit that message went to (or of the committee).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from . import tokens
from .emails import recipients
from .letters import Letter
from .plan import Plan
from .store.outbox import Sent
from .vocabulary import Audience, AudienceKind, Reason


def refused(letter: Letter) -> Reason | None:
    """Why a message may not speak for anyone: a From naming several addresses (or several From
    fields), or a sender the receiving server found forged."""
    if len(letter.senders) > 1 or len(letter.headers.all("From")) > 1:
        return Reason.MULTIPLE_SENDERS
    return Reason.FORGED if forged(letter, letter.headers.sender) else None


def forged(letter: Letter, sender: str) -> bool:
    """Whether the receiving server found SPF, DKIM or DMARC failing for the sender's domain."""
    domain = sender.rsplit("@", 1)[-1]
    for value in letter.headers.all("Authentication-Results"):
        text = str(value).lower()
        if any(f"{check}=fail" in text for check in ("dmarc", "spf", "dkim")) and (domain in text or "dmarc" in text):
            return True
    return False


@dataclass
class Cited:
    """The messages dondoc sent that a batch of received messages cite, by token reference and
    by Message-ID (read for the whole batch at once)."""

    by_ref: dict[str, list[Sent]] = field(default_factory=dict)
    by_id: dict[str, Sent] = field(default_factory=dict)

    def add(self, rows: Iterable[Sent]) -> None:
        for row in rows:
            if row.ref:
                self.by_ref.setdefault(row.ref, []).append(row)
            self.by_id[row.message_id] = row

    def plan_ids(self) -> list[str]:
        """The plans of the messages replies can answer (those sent to an audience)."""
        return sorted({row.plan_id for row in self.by_id.values() if row.audience and row.plan_id})

    def answered(self, letter: Letter, secret: str) -> tuple[Sent | None, Reason | None]:
        """The message dondoc sent that ``letter`` answers, or why there is none."""
        for value in letter.tokens:
            for row in self.by_ref.get(tokens.split(value)[0], []):
                if row.audience and tokens.verify(secret, value, row.plan_id or "", row.audience):
                    return row, None
        if letter.tokens:
            return None, Reason.BAD_TOKEN
        rows = [self.by_id[c] for c in letter.cited if c in self.by_id]
        rows = [r for r in rows if r.audience and r.plan_id]
        return (max(rows, key=lambda r: r.id), None) if rows else (None, Reason.NO_REFERENCE)


def allowed_senders(plan: Plan, audience: Audience) -> set[str]:
    """The addresses that may answer a message sent to ``audience``."""
    if audience.kind == AudienceKind.COMMITTEE:
        return {a.lower() for a in recipients(plan, audience)}
    unit = plan.units_by_id.get(audience.unit_id)
    if unit is None:  # removed from the plan since the reminder: nobody answers for it now
        return set()
    return {a.lower() for a in unit.email} | ({unit.head.email.lower()} if unit.head else set())


def plan_addresses(plan: Plan) -> set[str]:
    """Every address a plan names: units, heads and committee members."""
    found = {m.email for m in plan.committee.members}
    for unit in plan.units:
        found |= set(unit.email) | ({unit.head.email} if unit.head else set())
    return {a.lower() for a in found}
