"""What a draft holds before it is written: every value with where it came from, and the
decisions left to a person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .blocks import Where
from .timing import Timing


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where a drafted value comes from: the place in the document and the words there, or
    ``reason`` (a key of the draft wording catalog) when dondoc chose it."""

    where: Where | None = None
    quote: str = ""
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class Decision:
    """Something only a person can settle, listed at the top of the draft."""

    key: str  # a key of the draft wording catalog
    args: tuple[tuple[str, str], ...] = ()


@dataclass(kw_only=True)
class DraftUnit:
    id: str
    name: str
    source: Source
    external: bool = False
    aliases: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class DraftSection:
    id: str
    title: str
    source: Source


@dataclass(kw_only=True)
class DraftTask:
    id: str
    title: str
    description: str
    section: str
    source: Source
    lead: str = ""  # "" when the document's lead is external: a person chooses
    lead_source: Source = field(default_factory=Source)
    coordinators: list[str] = field(default_factory=list)
    coordinators_source: Source = field(default_factory=Source)
    timing: Timing = field(default_factory=lambda: Timing(kind="ongoing"))
    timing_source: Source = field(default_factory=Source)
    output: str = ""
    output_source: Source = field(default_factory=Source)
    targets: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Milestone:
    year: int
    value: float
    source: Source
    note: str = ""  # a catalog key: "bound", "range", "no_year", "two_values"


@dataclass(kw_only=True)
class DraftTarget:
    id: str
    title: str
    measure: str
    direction: str
    milestones: list[Milestone]
    source: Source
    lead: str = ""  # "" when the document's lead is external: a person chooses
    lead_source: Source = field(default_factory=Source)
    coordinators: list[str] = field(default_factory=list)
    task: str = ""  # the task whose text states it, if any


@dataclass(kw_only=True)
class DraftMeta:
    id: str
    code: str
    code_source: Source
    title: str
    title_source: Source
    issuer: str
    issuer_source: Source
    party: bool
    issued: date | None
    issued_source: Source
    place: str
    signer: str
    signer_source: Source
    bases: list[tuple[str, Source]]
    superior: str = ""  # cơ quan cấp trên, as the header prints it
    superior_source: Source = field(default_factory=Source)


@dataclass(kw_only=True)
class DraftReporting:
    to: str
    to_source: Source
    cadences: list[str]
    cadences_source: Source
    units: list[str]  # reporting.from; empty: the default (every unit that leads a task)
    units_source: Source
    due_offset: int | None = None
    due_offset_source: Source = field(default_factory=Source)


@dataclass(kw_only=True)
class Draft:
    meta: DraftMeta
    committee_name: str
    committee_source: Source
    secretariat: str
    units: list[DraftUnit]
    sections: list[DraftSection]
    tasks: list[DraftTask]
    targets: list[DraftTarget]
    reporting: DraftReporting
    decisions: list[Decision]
    source_name: str
