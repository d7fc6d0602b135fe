"""Renderers of a ``Report``: Markdown, HTML, DOCX, XLSX and JSON, all from the same model.

Prose and labels live in ``templates/<lang>/``: ``report.md.j2``, ``report.html.j2``,
``report.docx.j2`` (the document's content as YAML, laid out by ``officedoc``) and
``report.yaml`` (labels shared by every format, sheet and column names for ``workbook``).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from .emails import Attachment
from .emails import render as render_template
from .errors import UserError
from .figures import CLASSES
from .letterhead import letterhead
from .messages import labels
from .period_words import name_of_period, periods_in_words
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


def period_name(report: Report) -> str:
    """The report's period as an office writes it."""
    return name_of_period(report.period, report.plan.language)


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
