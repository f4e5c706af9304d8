"""The complaint archive as .xlsx (投诉登记台账): one row per complaint, in the order of the list.

The complainant's name and phone are written in clear only on rows whose contact the exporter
may see (the unit's office, the handler); every other row has them masked, the same rule as the
pages and the API."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .selectors import with_contacts

MAX_ROWS = 20_000
CHUNK = 2000


def filename() -> str:
    return f"投诉登记台账-{timezone.localdate():%Y%m%d}.xlsx"


def _columns():
    return [
        (_("Reference number"), 16, lambda c: c.reference),
        (_("Unit"), 18, lambda c: c.unit.short_name or c.unit.name),
        (_("Received at"), 17, lambda c: timezone.localtime(c.received_at).strftime("%Y-%m-%d %H:%M")),
        (_("Kind"), 8, lambda c: c.get_kind_display()),
        (_("Channel"), 14, lambda c: c.get_channel_display()),
        (_("Category"), 12, lambda c: c.get_category_display()),
        (_("Department involved"), 14, lambda c: c.department.name if c.department_id else ""),
        (_("What happened"), 60, lambda c: c.content),
        (_("Occurred on"), 12, lambda c: c.occurred_on.isoformat() if c.occurred_on else ""),
        (_("Complainant's name"), 12, lambda c: c.shown_name),
        (_("Complainant's phone"), 15, lambda c: c.shown_phone),
        (_("Status"), 8, lambda c: c.get_status_display()),
        (_("Handler"), 14, lambda c: str(c.handler) if c.handler_id else ""),
        (_("Handling department"), 14, lambda c: c.handling_department.name if c.handling_department_id else ""),
        (_("Reply deadline"), 12, lambda c: c.deadline.isoformat()),
        (
            _("Replied at"),
            17,
            lambda c: timezone.localtime(c.replied_at).strftime("%Y-%m-%d %H:%M") if c.replied_at else "",
        ),
        (_("Reply to the complainant"), 50, lambda c: c.reply_text),
        (_("Complainant's satisfaction"), 10, lambda c: c.get_satisfaction_display()),
        (_("Days overdue"), 8, lambda c: c.days_overdue or ""),
    ]


def complaints_workbook(queryset, user) -> bytes:
    """The complaints of ``queryset`` (already scoped and filtered) as an .xlsx file."""
    columns = _columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Complaints"))
    for i, (_title, width, _get) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title, _width, _get in columns:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B71C1C")
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    qs = queryset.select_related("unit", "department", "handling_department", "handler")
    for start in range(0, MAX_ROWS, CHUNK):
        batch = with_contacts(user, qs[start : start + CHUNK])
        for c in batch:
            sheet.append([get(c) for _title, _width, get in columns])
        if len(batch) < CHUNK:
            break
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
