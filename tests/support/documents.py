"""Office documents as a person sees them: DOCX and XLSX through LibreOffice to PDF, PDF pages
to text (``pdftotext -layout``, page by page) and to PNG (``pdftoppm``), kept in the artefacts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support.browser import ARTEFACTS, tool


def to_pdf(document: Path) -> Path:
    """``document`` (.docx, .xlsx) converted by headless LibreOffice, beside it."""
    home = document.parent / ".lo-home"
    home.mkdir(exist_ok=True)
    subprocess.run(
        [tool("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(document.parent), str(document)],
        check=True, capture_output=True, timeout=180, env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    pdf = document.with_suffix(".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {document.name}"
    return pdf


def page_count(pdf: Path) -> int:
    info = subprocess.run([tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pages(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed."""
    found = []
    for number in range(1, page_count(pdf) + 1):
        command = [tool("pdftotext"), "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"]
        found.append(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return found


def to_pngs(pdf: Path, name: str, resolution: int = 60) -> list[Path]:
    """Every page as a PNG, copied into the artefacts as NAME-page-N.png."""
    prefix = pdf.parent / name
    subprocess.run([tool("pdftoppm"), "-r", str(resolution), "-png", str(pdf), str(prefix)], check=True)
    images = sorted(pdf.parent.glob(f"{name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[-1]))
    ARTEFACTS.mkdir(exist_ok=True)
    kept = []
    for index, image in enumerate(images, start=1):
        target = ARTEFACTS / f"{name}-page-{index}.png"
        shutil.copy(image, target)
        kept.append(target)
    return kept
