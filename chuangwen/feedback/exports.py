"""The complaint archive as .xlsx (投诉登记台账): one row per complaint, in the order of the list,
under a title row, written by ``core.xlsx``.

The complainant's name and phone are written in clear only on rows whose contact the exporter
may see (the unit's office, the handler); every other row has them masked, the same rule as the
pages and the API."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.xlsx import XlsxBook, XlsxColumn

from .selectors import with_contacts

MAX_ROWS = 20_000
CHUNK = 2000


def filename() -> str:
    return f"投诉登记台账-{timezone.localdate():%Y%m%d}.xlsx"


def title() -> str:
    return f"投诉登记台账（{timezone.localdate():%Y-%m-%d}）"


def _columns() -> list[XlsxColumn]:
    return [XlsxColumn(str(t), width, value) for t, width, value in _column_specs()]


def _column_specs():
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


def complaints_workbook(queryset, user, *, progress=None) -> bytes:
    """The complaints of ``queryset`` (already scoped and filtered) as an .xlsx file, at most
    ``MAX_ROWS``; ``progress(done)`` after each chunk (the background export job)."""
    book = XlsxBook()
    sheet = book.sheet(_("Complaints"), _columns(), title=title())
    qs = queryset.select_related("unit", "department", "handling_department", "handler")
    done = 0
    for start in range(0, MAX_ROWS, CHUNK):
        batch = with_contacts(user, qs[start : start + CHUNK])
        done += sheet.extend(batch)
        if progress:
            progress(done)
        if len(batch) < CHUNK:
            break
    return book.save()
