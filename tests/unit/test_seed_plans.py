"""The five seed documents, transcribed in plans/, are valid plans with real content."""

from __future__ import annotations

from pathlib import Path

import pytest

from dondoc.engine.validate import read_plan
from tests.conftest import PLANS

SEEDS = {
    "kim-thanh-mttq-nq57": "000_19392b43ca0e2795.txt",
    "tan-ky-tuyen-truyen-nq57": "001_599092ec2e162244.txt",
    "van-xuan-nq57": "002_0f0d24a244e237fa.txt",
    "gia-loc-nq57": "003_6cab48d7526b3f51.txt",
    "dan-tien-nq71": "004_0639612d418ec4a4.txt",
}


def test_there_is_one_plan_per_seed_document() -> None:
    assert sorted(p.stem for p in PLANS) == sorted(SEEDS)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_seed_plan_is_valid_and_cites_its_document(path: Path) -> None:
    plan = read_plan(path).plan
    head = path.read_text("utf-8").splitlines()[0]
    assert head.startswith("# "), "the file starts with a comment citing the document"
    assert SEEDS[path.stem] in path.read_text("utf-8")
    assert plan.tasks and plan.units and plan.committee.members
    emails = [e for u in plan.units for e in u.email] + [m.email for m in plan.committee.members]
    assert all(e.endswith(".example.vn") for e in emails)
    used = {t.lead for t in plan.tasks} | {c for t in plan.tasks for c in t.coordinators}
    assert used <= {u.id for u in plan.units}


@pytest.mark.parametrize("stem", ["van-xuan-nq57", "gia-loc-nq57"])
def test_documents_with_many_targets_keep_their_milestones(stem: str) -> None:
    plan = read_plan(Path(PLANS[0]).parent / f"{stem}.yaml").plan
    assert len(plan.targets) >= 10
    assert sum(len(t.milestones) for t in plan.targets) > len(plan.targets)  # several milestone years
