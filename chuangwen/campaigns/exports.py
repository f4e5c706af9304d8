"""责任分解表 as .xlsx, written by ``core.xlsx`` in the layout ``responsibility_table`` reads back:
a title row, the header (frozen, repeated on every printed page), bordered wrapped cells, landscape
A4 fitted to the width, drop-down lists for 阶段, 牵头科室 and 频次."""

from __future__ import annotations

from django.db.models import F
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from chuangwen.core.export_jobs import ordered_rows
from chuangwen.core.xlsx import DATE, XlsxBook, XlsxColumn
from chuangwen.org.models import Department

from .models import Campaign, Task
from .responsibility_table import (
    COLUMNS,
    HEADERS,
    OPTIONS_SHEET,
    RECURRENCE_LABELS,
    SHEET_TITLE,
    STATUS_LABELS,
    person_label,
    title_for,
)

# Short columns are centred, text columns wrap; 完成时限 is a date.
_CENTRED = {"序号", "任务编号", "完成时限", "频次", "状态"}
# Rows below the last task that still get the drop-down lists, for tasks added by hand.
SPARE_ROWS = 200


def export_tasks(campaign: Campaign):
    """The live tasks of the table, in the order they are printed, with everything a row needs
    (four queries whatever the number of tasks)."""
    return (
        Task.objects.filter(campaign=campaign, archived_at__isnull=True)
        .select_related("phase", "department", "person")
        .prefetch_related("items", "co_departments")
        .order_by(F("phase__order").asc(nulls_last=True), "deadline", "code", "id")
    )


def _row(n: int, task: Task) -> list:
    items = sorted(task.items.all(), key=lambda i: (i.order, i.pk))
    co = sorted(task.co_departments.all(), key=lambda d: (d.sort_order, d.pk))
    return [
        n,
        task.code,
        task.phase.name if task.phase_id else "",
        task.title,
        task.description,
        "、".join(i.code for i in items),
        task.department.name,
        person_label(task.person),
        "、".join(d.name for d in co),
        task.deadline,
        task.deliverable,
        RECURRENCE_LABELS.get(task.recurrence, ""),
        STATUS_LABELS.get(task.status, ""),
    ]


def export_workbook(campaign: Campaign, tasks=None) -> bytes:
    """The 责任分解表 as .xlsx bytes: the tasks given (the user's view of them), else every live one."""
    tasks = export_tasks(campaign) if tasks is None else tasks
    return _workbook(campaign, tasks.iterator(chunk_size=500))


def responsibility_job(job, *, progress) -> bytes:
    """The background export (``core.export_jobs``): the tasks the requester chose, in order."""
    campaign = Campaign.objects.select_related("unit").get(pk=job.options["campaign"])
    return _workbook(campaign, ordered_rows(export_tasks(campaign), job.ids, 500), progress=progress)


def _workbook(campaign: Campaign, tasks, *, progress=None) -> bytes:
    columns = [
        XlsxColumn(
            c.header,
            c.width,
            number_format=DATE if c.header == "完成时限" else "",
            align="center" if c.header in _CENTRED else "wrap",
        )
        for c in COLUMNS
    ]
    book = XlsxBook()
    sheet = book.sheet(SHEET_TITLE, columns, title=title_for(campaign), borders=True)
    count = 0
    for count, task in enumerate(tasks, start=1):
        sheet.append(_row(count, task))
        if progress and count % 500 == 0:
            progress(count)
    _validations(book, sheet, campaign, sheet.header_row + max(count, 1) + SPARE_ROWS)
    return book.save()


def _validations(book: XlsxBook, sheet, campaign: Campaign, last_row: int) -> None:
    """Drop-down lists fed from a hidden sheet, so long department lists fit."""
    lists = {
        "阶段": [p.name for p in campaign.phases.order_by("order")],
        "牵头科室": list(
            Department.objects.filter(unit_id=campaign.unit_id, is_active=True)
            .order_by("sort_order", "id")
            .values_list("name", flat=True)
        ),
        "频次": list(RECURRENCE_LABELS.values()),
    }
    options = book.plain_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    columns = list(lists.values())
    options.append(list(lists))
    for i in range(max(len(v) for v in columns)):
        options.append([v[i] if i < len(v) else None for v in columns])
    for col, (header, values) in enumerate(lists.items(), start=1):
        if not values:
            continue
        letter = get_column_letter(col)
        dv = DataValidation(
            type="list", formula1=f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}", allow_blank=True
        )
        target = get_column_letter(HEADERS.index(header) + 1)
        dv.add(f"{target}{sheet.header_row + 1}:{target}{last_row}")
        sheet.add_validation(dv)
