"""Where the tests find the repository, the seed plans, the fixtures and the reply corpus."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted((ROOT / "dondoc" / "plans").glob("*.yaml"))
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "tests" / "corpus"
DOCUMENTS = FIXTURES / "documents"  # plan documents (docx, txt) that `dondoc draft` reads
