"""The audit log as .xlsx (审计日志): the filtered list, newest first, one row per event, under a
title row, written by ``core.xlsx``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.xlsx import XlsxBook, XlsxColumn

MAX_ROWS = 20_000
CHUNK = 2000


def filename() -> str:
    return f"审计日志-{timezone.localdate():%Y%m%d}.xlsx"


def _where(e) -> str:
    if e.unit_id:
        return e.unit.short_name or e.unit.name
    return e.region.name if e.region_id else ""


def _columns() -> list[XlsxColumn]:
    return [XlsxColumn(str(t), width, value) for t, width, value in _column_specs()]


def _column_specs():
    return [
        (_("Time"), 19, lambda e: timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S")),
        (_("User"), 16, lambda e: e.username),
        (_("Action"), 14, lambda e: e.get_action_display()),
        (_("Object"), 36, lambda e: e.target_repr),
        (_("Unit"), 18, _where),
        (_("Client address"), 16, lambda e: e.client_ip or ""),
        (_("Detail"), 60, lambda e: e.detail_text()),
        (_("Browser"), 40, lambda e: e.user_agent),
    ]


def events_workbook(queryset) -> bytes:
    """The events of ``queryset`` (already scoped and filtered) as an .xlsx file."""
    book = XlsxBook()
    sheet = book.sheet(_("Audit log"), _columns(), title=f"审计日志（{timezone.localdate():%Y-%m-%d}）")
    qs = queryset.select_related("unit", "region")
    for start in range(0, MAX_ROWS, CHUNK):
        batch = list(qs[start : start + CHUNK])
        sheet.extend(batch)
        if len(batch) < CHUNK:
            break
    return book.save()
