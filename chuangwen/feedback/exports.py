"""The complaint archive as .xlsx (投诉登记台账): one row per complaint, in the order of the list,
under a title row, written by ``core.xlsx``.

The complainant's name and phone are written in clear only on rows whose contact the exporter
may see (the unit's office, the handler); every other row has them masked, the same rule as the
pages and the API."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.export_jobs import ordered_batches
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


def _queryset(queryset):
    return queryset.select_related("unit", "department", "handling_department", "handler")


def complaints_workbook(queryset, user) -> bytes:
    """The complaints of ``queryset`` (already scoped and filtered) as an .xlsx file, at most
    ``MAX_ROWS``, written during the request."""
    return _workbook(_slices(_queryset(queryset)), user)


def _slices(qs):
    for start in range(0, MAX_ROWS, CHUNK):
        batch = list(qs[start : start + CHUNK])
        yield batch
        if len(batch) < CHUNK:
            return


def complaints_job(job, *, progress) -> bytes:
    """The background export (``core.export_jobs``): the complaints the requester chose."""
    from .models import Complaint

    batches = ordered_batches(_queryset(Complaint.objects.all()), job.ids[:MAX_ROWS], CHUNK)
    return _workbook(batches, job.requested_by, progress=progress)


def _workbook(batches, user, *, progress=None) -> bytes:
    """Contacts shown or masked per row for ``user`` (``with_contacts``), batch by batch."""
    book = XlsxBook()
    sheet = book.sheet(_("Complaints"), _columns(), title=title())
    done = 0
    for batch in batches:
        rows = with_contacts(user, batch)
        done += sheet.extend(rows)
        if progress:
            progress(done)
    return book.save()
