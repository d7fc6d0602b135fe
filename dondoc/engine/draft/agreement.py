"""How far a drafted plan agrees with a reference transcription of the same document.

Tasks are paired one to one, best first, by the words they share: the share of the
reference title's words found in the drafted title and description, averaged with the share
of the drafted title's words found in the reference's (a reference title is often an
abridgement of the paragraph), plus a bonus when both number the task the same way; a pair
needs 0.6. Units are compared by name: a drafted unit is the reference unit whose name or
alias it matches (abbreviations expanded, diacritics ignored). Target milestones are paired
by year and indicator name (word overlap of at least 0.4)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..plan import Plan, Target, Task
from .normalize import fold, jaccard, words
from .units import Registry
from .units import Unit as RegistryUnit

PAIR_AT = 0.6
CODE_BONUS = 0.25
TARGET_AT = 0.4


@dataclass
class Agreement:
    reference_tasks: int = 0
    drafted_tasks: int = 0
    paired: int = 0
    lead_right: int = 0
    coordinators_exact: int = 0
    coordinators_true: int = 0  # pairs (task, unit) found in both
    coordinators_drafted: int = 0
    coordinators_reference: int = 0
    timing_right: int = 0
    milestones_reference: int = 0
    milestones_drafted: int = 0
    milestones_paired: int = 0
    milestones_exact: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Agreement) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)

    @property
    def recall(self) -> float:
        return _ratio(self.paired, self.reference_tasks)

    @property
    def precision(self) -> float:
        return _ratio(self.paired, self.drafted_tasks)

    @property
    def leads(self) -> float:
        return _ratio(self.lead_right, self.paired)

    @property
    def timing(self) -> float:
        return _ratio(self.timing_right, self.paired)

    @property
    def coordinators(self) -> float:
        return _ratio(self.coordinators_exact, self.paired)

    @property
    def coordinators_f1(self) -> float:
        p = _ratio(self.coordinators_true, self.coordinators_drafted)
        r = _ratio(self.coordinators_true, self.coordinators_reference)
        return 2 * p * r / (p + r) if p + r else 1.0

    @property
    def values(self) -> float:
        return _ratio(self.milestones_exact, self.milestones_reference)

    @property
    def values_precision(self) -> float:
        return _ratio(self.milestones_exact, self.milestones_drafted)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def compare(drafted: Plan, reference: Plan) -> Agreement:
    result = Agreement(reference_tasks=len(reference.tasks), drafted_tasks=len(drafted.tasks))
    unit_of = _unit_map(drafted, reference)
    for mine, theirs in pair_tasks(drafted.tasks, reference.tasks):
        result.paired += 1
        lead = unit_of.get(mine.lead)
        if lead == theirs.lead:
            result.lead_right += 1
        else:
            result.misses.append(f"lead {theirs.id}: {mine.lead}->{lead} != {theirs.lead}")
        ours = {unit_of.get(u, "?" + u) for u in mine.coordinators}
        result.coordinators_exact += ours == set(theirs.coordinators)
        result.coordinators_true += len(ours & set(theirs.coordinators))
        result.coordinators_drafted += len(ours)
        result.coordinators_reference += len(theirs.coordinators)
        if _timing(mine) == _timing(theirs):
            result.timing_right += 1
        else:
            result.misses.append(f"timing {theirs.id}: {_timing(mine)} != {_timing(theirs)}")
    paired_ids = {t.id for _, t in pair_tasks(drafted.tasks, reference.tasks)}
    result.misses += [f"missed {t.id}: {t.title[:60]}" for t in reference.tasks if t.id not in paired_ids]
    _targets(drafted.targets, reference.targets, result)
    return result


def pair_tasks(drafted: list[Task], reference: list[Task]) -> list[tuple[Task, Task]]:
    bags = [(_bag(t.title), _bag(f"{t.title} {t.description}")) for t in drafted]
    theirs = [(_bag(t.title), _bag(f"{t.title} {t.description}")) for t in reference]
    scored = []
    for i, (title, text) in enumerate(bags):
        for j, (ref_title, ref_text) in enumerate(theirs):
            score = 0.5 * (_share(ref_title, text) + _share(title, ref_text))
            if drafted[i].id == reference[j].id:
                score += CODE_BONUS
            if score >= PAIR_AT:
                scored.append((score, i, j))
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for _score, i, j in sorted(scored, reverse=True):
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((drafted[i], reference[j]))
    return pairs


def _bag(text: str) -> set[str]:
    return set(words(text))


def _share(part: set[str], whole: set[str]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _timing(task: Task) -> tuple[str, str]:
    if task.due is not None:
        return "due", task.due.isoformat()
    if task.repeat is not None:
        return "repeat", task.repeat
    return "ongoing", ""


def _unit_map(drafted: Plan, reference: Plan) -> dict[str, str]:
    registry = Registry(reference.plan.place or _place(reference))
    registry.units = [RegistryUnit(id=u.id, name=u.name, where=None, aliases=list(u.aliases)) for u in reference.units]
    found: dict[str, str] = {}
    for unit in drafted.units:
        for name in [unit.name, *unit.aliases]:
            match = registry.find(name)
            if match is not None:
                found[unit.id] = match.id
                break
    return found


def _place(plan: Plan) -> str:
    hit = re.search(r"(?:xã|phường|thị trấn)\s+([A-ZĐÀ-Ỹ]\S*(?:\s+[A-ZĐÀ-Ỹ]\S*)*)", plan.plan.issuer)
    return hit.group(1) if hit else ""


def _targets(drafted: list[Target], reference: list[Target], result: Agreement) -> None:
    mine = [(t, year, value) for t in drafted for year, value in t.milestones.items()]
    result.milestones_drafted += len(mine)
    used: set[int] = set()
    for target in reference:
        for year, value in target.milestones.items():
            result.milestones_reference += 1
            best, score = None, TARGET_AT
            for index, (candidate, their_year, _) in enumerate(mine):
                if their_year != year or index in used:
                    continue
                similarity = jaccard(_core(candidate.title), _core(target.title))
                if similarity >= score:
                    best, score = index, similarity
            if best is None:
                result.misses.append(f"target {target.id} {year}: not found")
                continue
            used.add(best)
            result.milestones_paired += 1
            if mine[best][2] == value:
                result.milestones_exact += 1
            else:
                result.misses.append(f"target {target.id} {year}: {mine[best][2]} != {value}")


def _core(title: str) -> str:
    return re.sub(r"\b(ty le|ti le|so|co|duoc|cua|cac|va|tren|dia ban|xa|phuong)\b", " ", fold(title))
