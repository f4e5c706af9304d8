"""责任分解表: a campaign's tasks as the .xlsx workbook hospitals print and pass round, exported
and imported.

The sheet's headers and values (牵头科室, 每月两次 …) are Chinese whatever the interface language:
it is the document inspectors expect. Import matches rows by 任务编号 (blank creates a task),
validates the whole file first and writes nothing when any row is wrong; re-importing an
unchanged export changes nothing. 状态 is exported for reading only: the evidence review sets it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from chuangwen.core.spreadsheets import SpreadsheetRefused, read_xlsx_rows
from chuangwen.org.models import Department, Person
from chuangwen.standards.models import Item

from . import services
from .models import Campaign, Task

SHEET_TITLE = "责任分解表"
OPTIONS_SHEET = "选项"
HEADER_ROW = 2
FIRST_ROW = HEADER_ROW + 1
# The header row is looked for in this many rows from the top (a title may come first).
HEADER_SEARCH_ROWS = 10

LEVEL_LABELS = {
    "county": "县级文明单位",
    "city": "市级文明单位",
    "province": "省级文明单位",
    "national": "全国文明单位",
}
RECURRENCE_LABELS = {
    Task.Recurrence.ONCE: "一次性",
    Task.Recurrence.WEEKLY: "每周",
    Task.Recurrence.TWICE_MONTHLY: "每月两次",
    Task.Recurrence.MONTHLY: "每月",
    Task.Recurrence.QUARTERLY: "每季度",
    Task.Recurrence.HALF_YEARLY: "每半年",
    Task.Recurrence.YEARLY: "每年",
}
RECURRENCE_ALIASES = {"一次": "once", "每季": "quarterly", "半年": "half_yearly", "每年一次": "yearly", "": "once"}
STATUS_LABELS = {
    Task.Status.PENDING: "未开始",
    Task.Status.IN_PROGRESS: "进行中",
    Task.Status.SUBMITTED: "已提交",
    Task.Status.ACCEPTED: "已通过",
    Task.Status.RETURNED: "已退回",
}


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    required: bool = False


COLUMNS = (
    Column("序号", 6),
    Column("任务编号", 10, required=True),
    Column("阶段", 12),
    Column("工作任务", 30, required=True),
    Column("工作要求", 40),
    Column("对应测评项目", 14),
    Column("牵头科室", 12, required=True),
    Column("责任人", 14),
    Column("配合科室", 16),
    Column("完成时限", 12, required=True),
    Column("完成标志/成果", 24),
    Column("频次", 10),
    Column("状态", 8),
)
HEADERS = tuple(c.header for c in COLUMNS)
LIST_SEP = re.compile(r"[、,，;；\s]+")
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def title_for(campaign: Campaign) -> str:
    """e.g. 青溪县人民医院2026年创建市级文明单位责任分解表"""
    level = LEVEL_LABELS.get(campaign.target_level, "文明单位")
    return f"{campaign.unit.name}{campaign.year}年创建{level}责任分解表"


def filename_for(campaign: Campaign) -> str:
    return f"{title_for(campaign)}.xlsx"


def person_label(person: Person | None) -> str:
    return f"{person.name}（{person.employee_no}）" if person else ""


# --- export ------------------------------------------------------------------------------------


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
    """The 责任分解表 as .xlsx bytes: a title row, the header row (repeated on every printed
    page), bordered wrapped cells, landscape A4, frozen header, drop-down lists for 阶段, 牵头科室
    and 频次."""
    tasks = export_tasks(campaign) if tasks is None else tasks
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    last = get_column_letter(len(COLUMNS))

    ws.append([title_for(campaign)])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32

    ws.append(list(HEADERS))
    head_fill = PatternFill("solid", fgColor="F2F2F2")
    for i, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i)
        cell.font = Font(bold=True)
        cell.alignment = center
        cell.border = border
        cell.fill = head_fill
        ws.column_dimensions[get_column_letter(i)].width = col.width

    count = 0
    for n, task in enumerate(tasks, start=1):
        ws.append(_row(n, task))
        count = n
        r = HEADER_ROW + n
        for i in range(1, len(COLUMNS) + 1):
            cell = ws.cell(row=r, column=i)
            cell.border = border
            cell.alignment = center if i in (1, 2, 10, 12, 13) else wrap
        ws.cell(row=r, column=10).number_format = "yyyy-mm-dd"

    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    _validations(wb, ws, campaign, max(count, 1) + 200)

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _validations(wb, ws, campaign: Campaign, rows: int) -> None:
    """Drop-down lists fed from a hidden sheet, so long department lists fit."""
    options = wb.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    lists = {
        "阶段": [p.name for p in campaign.phases.order_by("order")],
        "牵头科室": list(
            Department.objects.filter(unit_id=campaign.unit_id, is_active=True)
            .order_by("sort_order", "id")
            .values_list("name", flat=True)
        ),
        "频次": list(RECURRENCE_LABELS.values()),
    }
    end = HEADER_ROW + rows
    for col, (header, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        options.cell(row=1, column=col, value=header)
        for r, v in enumerate(values, start=2):
            options.cell(row=r, column=col, value=v)
        if not values:
            continue
        dv = DataValidation(
            type="list", formula1=f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(values) + 1}", allow_blank=True
        )
        target = get_column_letter(HEADERS.index(header) + 1)
        dv.add(f"{target}{FIRST_ROW}:{target}{end}")
        ws.add_data_validation(dv)


# --- import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in one row of the sheet (rows numbered as the spreadsheet shows them)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRefused(Exception):
    """Nothing was written: ``message`` says why, ``errors`` lists the bad rows."""

    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_codes: list[str] = field(default_factory=list)


@dataclass
class ParsedRow:
    row: int
    task: Task | None
    values: dict


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = DATE_TEXT.match(_text(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


class _Lookups:
    """Everything rows refer to, loaded once (a handful of queries whatever the file's size)."""

    def __init__(self, campaign: Campaign):
        self.departments = {d.name: d for d in Department.objects.filter(unit_id=campaign.unit_id)}
        people = list(Person.objects.filter(unit_id=campaign.unit_id))
        self.people_by_label = {person_label(p): p for p in people}
        self.people_by_no = {p.employee_no: p for p in people}
        self.people_by_name: dict[str, list[Person]] = {}
        for p in people:
            self.people_by_name.setdefault(p.name, []).append(p)
        self.items = {i.code: i for i in Item.objects.filter(standard_id=campaign.standard_id)}
        self.phases = {p.name: p for p in campaign.phases.all()}
        tasks = Task.objects.filter(campaign=campaign).prefetch_related("items", "co_departments")
        self.tasks = {t.code: t for t in tasks if t.code}
        self.recurrences = {label: key for key, label in RECURRENCE_LABELS.items()} | RECURRENCE_ALIASES

    def person(self, text: str) -> tuple[Person | None, str | None]:
        if not text:
            return None, None
        if text in self.people_by_label:
            return self.people_by_label[text], None
        m = re.match(r"^(.+?)[（(](\w+)[)）]$", text)
        if m and m.group(2) in self.people_by_no and self.people_by_no[m.group(2)].name == m.group(1).strip():
            return self.people_by_no[m.group(2)], None
        if text in self.people_by_no:
            return self.people_by_no[text], None
        found = self.people_by_name.get(text, [])
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, _(
                "%(name)s is the name of several staff members: add the employee number, as in %(example)s."
            ) % {
                "name": text,
                "example": person_label(found[0]),
            }
        return None, _("Staff member %(name)s not found in this unit.") % {"name": text}


def _read_rows(data: bytes, filename: str = ""):
    """(row number, cells by header) of the task rows below the header, read under the limits."""
    max_rows = settings.RESPONSIBILITY_TABLE_MAX_ROWS
    try:
        sheet = read_xlsx_rows(
            data,
            max_bytes=settings.RESPONSIBILITY_TABLE_MAX_BYTES,
            max_rows=max_rows,
            header_rows=HEADER_SEARCH_ROWS,
            sheet=SHEET_TITLE,
            filename=filename or "责任分解表.xlsx",
        )
    except SpreadsheetRefused as exc:
        raise ImportRefused(exc.message) from exc
    found = next(
        (
            (position, [_text(v) for v in values])
            for position, (number, values) in enumerate(sheet.rows)
            if number <= HEADER_SEARCH_ROWS and {"工作任务", "牵头科室"} <= {_text(v) for v in values}
        ),
        None,
    )
    if found is None:
        raise ImportRefused(_("No header row with 工作任务 and 牵头科室 found in the first 10 rows."))
    position, header = found
    missing = [c.header for c in COLUMNS if c.required and c.header not in header]
    if missing:
        raise ImportRefused(_("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})
    index = {h: i for i, h in enumerate(header) if h in HEADERS}
    body = []
    for offset, values in sheet.rows[position + 1 :]:
        cells = {h: (values[i] if i < len(values) else None) for h, i in index.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue
        body.append((offset, cells))
        if len(body) > max_rows:
            raise ImportRefused(_("The sheet has more than %(max)s rows.") % {"max": max_rows})
    return body


def _parse_row(n: int, cells: dict, look: _Lookups, seen: set[str]) -> tuple[ParsedRow | None, list[RowError]]:
    errors: list[RowError] = []

    def err(column: str, message: str) -> None:
        errors.append(RowError(n, column, message))

    values: dict = {}
    code = _text(cells.get("任务编号"))
    task = None
    if code:
        if code in seen:
            err("任务编号", _("Task number %(code)s appears twice in the file.") % {"code": code})
        seen.add(code)
        task = look.tasks.get(code)
        if task is None:
            err(
                "任务编号",
                _("Task number %(code)s not found in this campaign; leave it blank for a new task.") % {"code": code},
            )
        elif task.is_archived:
            err("任务编号", _("Task %(code)s has been archived.") % {"code": code})

    if "工作任务" in cells:
        title = _text(cells["工作任务"])
        if not title:
            err("工作任务", _("Enter the task."))
        elif len(title) > 200:
            err("工作任务", _("At most %(max)s characters.") % {"max": 200})
        values["title"] = title
    if "工作要求" in cells:
        values["description"] = _text(cells["工作要求"])
    if "完成标志/成果" in cells:
        deliverable = _text(cells["完成标志/成果"])
        if len(deliverable) > 200:
            err("完成标志/成果", _("At most %(max)s characters.") % {"max": 200})
        values["deliverable"] = deliverable
    if "阶段" in cells:
        name = _text(cells["阶段"])
        values["phase"] = look.phases.get(name) if name else None
        if name and name not in look.phases:
            err(
                "阶段",
                _("Unknown phase %(name)s (the campaign has: %(known)s).")
                % {"name": name, "known": "、".join(look.phases)},
            )
    if "牵头科室" in cells:
        name = _text(cells["牵头科室"])
        values["department"] = look.departments.get(name)
        if not name:
            err("牵头科室", _("Enter the responsible department."))
        elif name not in look.departments:
            err("牵头科室", _("Unknown department %(name)s.") % {"name": name})
    if "配合科室" in cells:
        names = [x for x in LIST_SEP.split(_text(cells["配合科室"])) if x]
        unknown = [x for x in names if x not in look.departments]
        if unknown:
            err("配合科室", _("Unknown department %(name)s.") % {"name": "、".join(unknown)})
        values["co_departments"] = [look.departments[x] for x in names if x in look.departments]
    if "责任人" in cells:
        person, problem = look.person(_text(cells["责任人"]))
        if problem:
            err("责任人", problem)
        values["person"] = person
    if "对应测评项目" in cells:
        codes = [x for x in LIST_SEP.split(_text(cells["对应测评项目"])) if x]
        unknown = [x for x in codes if x not in look.items]
        if unknown:
            err(
                "对应测评项目",
                _("Unknown item code %(codes)s in the campaign's standard.") % {"codes": "、".join(unknown)},
            )
        values["items"] = [look.items[x] for x in dict.fromkeys(codes) if x in look.items]
    if "完成时限" in cells:
        raw = cells["完成时限"]
        deadline = _date(raw)
        if deadline is None:
            if _text(raw):
                err("完成时限", _("%(value)s is not a date; write it like 2026-03-31.") % {"value": _text(raw)})
            else:
                err("完成时限", _("Enter the deadline."))
        values["deadline"] = deadline
    if "频次" in cells:
        label = _text(cells["频次"])
        if label not in look.recurrences:
            known = "、".join(RECURRENCE_LABELS.values())
            err("频次", _("Unknown frequency %(value)s (use one of: %(known)s).") % {"value": label, "known": known})
        values["recurrence"] = look.recurrences.get(label, Task.Recurrence.ONCE)
    if errors:
        return None, errors
    return ParsedRow(n, task, values), []


def _changes(task: Task, values: dict) -> dict:
    """The fields of ``values`` that differ from ``task`` (items and co-departments as sets)."""
    changed = {}
    for name, value in values.items():
        if name in ("items", "co_departments"):
            if {o.pk for o in getattr(task, name).all()} != {o.pk for o in value}:
                changed[name] = value
        elif name in ("phase", "department", "person"):
            if getattr(task, f"{name}_id") != (value.pk if value else None):
                changed[name] = value
        elif getattr(task, name) != value:
            changed[name] = value
    return changed


def import_workbook(*, campaign: Campaign, data: bytes, user, filename: str = "") -> ImportResult:
    """Read a 责任分解表 and apply it: rows with a 任务编号 update that task (only if something
    changed), rows without one create a task. Raises ImportRefused (nothing written) on any bad row
    or when the file exceeds the import limits (checked before and while reading)."""
    body = _read_rows(data, filename)
    if not body:
        raise ImportRefused(_("The sheet has no task rows."))
    look = _Lookups(campaign)
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for n, cells in body:
        row, row_errors = _parse_row(n, cells, look, seen)
        errors += row_errors
        if row:
            parsed.append(row)
    if errors:
        raise ImportRefused(
            _("%(count)s problems found; nothing was imported. Correct the rows below and import again.")
            % {"count": len(errors)},
            errors,
        )
    result = ImportResult()
    with transaction.atomic():
        for row in parsed:
            try:
                if row.task is None:
                    task = services.task_create(campaign=campaign, user=user, **row.values)
                    result.created += 1
                    result.changed_codes.append(task.code)
                    continue
                changes = _changes(row.task, row.values)
                if not changes:
                    result.unchanged += 1
                    continue
                items = changes.pop("items", None)
                co = changes.pop("co_departments", None)
                services.task_update(task=row.task, user=user, items=items, co_departments=co, **changes)
                result.updated += 1
                result.changed_codes.append(row.task.code)
            except ValidationError as exc:
                messages = [m for ms in getattr(exc, "message_dict", {"": exc.messages}).values() for m in ms]
                raise ImportRefused(
                    _("Row %(row)s was refused; nothing was imported.") % {"row": row.row},
                    [RowError(row.row, "", m) for m in messages],
                ) from exc
    return result
