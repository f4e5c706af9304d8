"""The audit log as .xlsx (审计日志): the filtered list, newest first, one row per event."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

MAX_ROWS = 20_000
CHUNK = 2000


def filename() -> str:
    return f"审计日志-{timezone.localdate():%Y%m%d}.xlsx"


def _where(e) -> str:
    if e.unit_id:
        return e.unit.short_name or e.unit.name
    return e.region.name if e.region_id else ""


def _columns():
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
    columns = _columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit log"))
    for i, (_title, width, _get) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title, _width, _get in columns:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B71C1C")
        header.append(cell)
    sheet.append(header)
    qs = queryset.select_related("unit", "region")
    for start in range(0, MAX_ROWS, CHUNK):
        batch = list(qs[start : start + CHUNK])
        for e in batch:
            sheet.append([get(e) for _title, _width, get in columns])
        if len(batch) < CHUNK:
            break
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
