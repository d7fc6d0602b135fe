"""The report form (biểu mẫu báo cáo): the XLSX workbook a report request carries, and its reading
when a unit sends it back filled in (docs/reply-format.md, "Report form").

``build(meta, items)`` lays out one row per item the unit must report on: what it is (code, title,
role, what the unit last said) in protected columns, then yellow unlocked cells to fill (status
from a list, progress 0-100, results, obstacles, proposals, a target's value), checked by data
validation, printable on A4 landscape. A hidden, protected sheet and the workbook's custom
properties carry the identification (plan, unit, report occurrence, period, the caller's signed
token) with a checksum of it and of the items, so a returned form is matched even when forwarded
or renamed.

``read(data)`` never raises: what it cannot take is a ``FormProblem`` (the whole file, or a row
named by its number); ``explain`` words a problem for the sender's error reply. Pure: values in,
bytes or typed values out; every label lives in ``templates/<lang>/form.yaml``.
"""

from __future__ import annotations

from .layout import build
from .model import (
    COLUMNS,
    Column,
    FormItem,
    FormMeta,
    FormProblem,
    FormProblemKind,
    FormReading,
    FormRow,
    ItemKind,
    filename,
    labels,
)
from .reading import MAX_BYTES, MAX_ROWS, explain, read

__all__ = [
    "COLUMNS", "MAX_BYTES", "MAX_ROWS", "Column", "FormItem", "FormMeta", "FormProblem", "FormProblemKind",
    "FormReading", "FormRow", "ItemKind", "build", "explain", "filename", "labels", "read",
]  # fmt: skip
