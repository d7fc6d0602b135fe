"""Renderers of a ``Report``: Markdown, HTML, DOCX, XLSX and JSON, all from the same model.

Prose and labels live in ``templates/<lang>/``: ``report.md.j2``, ``report.html.j2``,
``report.docx.j2`` (the document's content as YAML, laid out by ``officedoc``) and
``report.yaml`` (labels shared by every format, sheet and column names for ``workbook``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .calendar import period_from_label
from .emails import Attachment
from .emails import render as render_template
from .errors import UserError
from .figures import CLASSES
from .letterhead import letterhead
from .reports import Report
from .vocabulary import REPORT_FORMATS

FORMATS = REPORT_FORMATS
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
# Status class colours: green, amber-green, blue, red, grey, brown (also the order of the stacked bars).
COLOURS = {
    "done_on_time": "#2e7d32",
    "done_late": "#9e9d24",
    "on_track": "#1565c0",
    "overdue": "#c62828",
    "no_deadline": "#757575",
    "stopped": "#6d4c41",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@cache
def labels(lang: str) -> dict[str, Any]:
    """The report labels of a language (``templates/<lang>/report.yaml``)."""
    text = resources.files("dondoc").joinpath(f"templates/{lang}/report.yaml").read_text("utf-8")
    found: dict[str, Any] = yaml.safe_load(text)
    return found


def name_of_period(label: str, lang: str) -> str:
    """A period as an office writes it: "quý I năm 2026", "6 tháng đầu năm 2026" ..."""
    period = period_from_label(label)
    year, _, rest = label.partition("-")
    number = int("".join(c for c in rest if c.isdigit()) or 0)
    key = period.cadence if period.cadence != "semiannual" else f"semiannual_{number}"
    return str(labels(lang)["period"][key]).format(year=year, number=number, roman=ROMAN.get(number, str(number)))


def period_name(report: Report) -> str:
    """The report's period as an office writes it."""
    return name_of_period(report.period, report.plan.language)


def periods_in_words(periods: Sequence[str], lang: str) -> str:
    """A recurring task's periods, runs joined: "tuần 11–24/2026", "tháng 1, 3–5/2026; tháng 1/2027"."""
    words = labels(lang)["periods"]
    by_year: dict[tuple[str, str], list[int]] = {}
    for label in periods:
        year, _, rest = label.partition("-")
        cadence = period_from_label(label, reporting=False).cadence
        by_year.setdefault((cadence, year), []).append(int("".join(c for c in rest if c.isdigit()) or 0))
    parts = []
    for (cadence, year), numbers in by_year.items():
        show = (lambda n: ROMAN.get(n, str(n))) if cadence == "quarterly" else str
        runs = _runs(sorted(set(numbers)))
        text = ", ".join(show(a) if a == b else f"{show(a)}–{show(b)}" for a, b in runs)
        parts.append(str(words[cadence]).format(numbers=text, year=year))
    return "; ".join(parts)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def render(report: Report, fmt: str) -> bytes:
    """The report as the bytes of a file of format ``fmt``."""
    if fmt not in FORMATS:
        raise UserError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "json":
        return (json.dumps(report.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    context = _context(report)
    if fmt == "docx":
        content = yaml.safe_load(render_template(report.plan.language, "report.docx.j2", **context))
        from .officedoc import document  # python-docx: imported by the formats that need it

        return document(content)
    if fmt == "xlsx":
        from .workbook import workbook  # openpyxl

        return workbook(report, context)
    return render_template(report.plan.language, f"report.{fmt}.j2", **context).encode()


def html(report: Report, template: str, **extra: Any) -> str:
    """The report through another HTML template (the dashboard's plan page extends the report's)."""
    return render_template(report.plan.language, template, **_context(report), **extra)


def attachment(report: Report, fmt: str) -> Attachment:
    """The report as a file to attach to an email."""
    name = labels(report.plan.language)["file"].format(plan=report.plan.id, period=report.period)
    return Attachment(f"{name}.{fmt}", MEDIA_TYPES[fmt], render(report, fmt))


def _context(report: Report) -> dict[str, Any]:
    lang = report.plan.language
    words = labels(lang)
    return {
        "r": report,
        "L": words,
        "f": report.figures,
        "period_name": period_name(report),
        "head": letterhead(report.plan, words["letterhead"], report.generated_at.date()),
        "classes": CLASSES,
        "colours": COLOURS,
        "unit_bars": _unit_bars(report),
        "target_bars": _target_bars(report),
        "pname": lambda label: name_of_period(label, lang),
        "pwords": lambda periods: periods_in_words(periods, lang),
        "cap": lambda text: text[:1].upper() + text[1:],
    }


# Chart geometry is computed here and drawn by the HTML template (inline SVG, no script).
BAR_WIDTH = 420


def _unit_bars(report: Report) -> list[dict[str, Any]]:
    """One stacked bar per unit: a segment per status class, scaled to the busiest unit."""
    widest = max((u.figures.items for u in report.units), default=0) or 1
    bars = []
    for unit in report.units:
        x, segments = 0.0, []
        for cls in CLASSES:
            count = unit.figures[cls]
            width = BAR_WIDTH * count / widest
            if count:
                segments.append({"class": cls, "x": round(x, 1), "width": round(width, 1), "count": count})
            x += width
        bars.append({"name": unit.name, "total": unit.figures.items, "segments": segments})
    return bars


ASSESSMENT_COLOURS = {"attained": "done_on_time", "on_course": "on_track", "at_risk": "overdue", "missed": "overdue"}


def _target_bars(report: Report) -> list[dict[str, Any]]:
    """One bar per target: its attainment in percent, capped at 100 for the drawing."""
    return [
        {
            "target": t.target,
            "attainment": t.attainment,
            "width": round(BAR_WIDTH * min(t.attainment or 0, 100) / 100, 1),
            "colour": COLOURS[ASSESSMENT_COLOURS.get(t.assessment, "no_deadline")],
        }
        for t in report.targets
    ]
