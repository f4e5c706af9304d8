"""责任分解表: a campaign's tasks as the .xlsx workbook hospitals print and pass round: its layout,
and the import (``exports.export_workbook`` writes it).

The sheet's headers and values (牵头科室, 每月两次 …) are Chinese whatever the interface language:
it is the document inspectors expect. Import (through ``core.spreadsheets.read_table``) matches
rows by 任务编号 (blank creates a task), validates the whole file first and writes nothing when
any row is wrong; re-importing an unchanged export changes nothing. 状态 is exported for reading
only: the evidence review sets it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuangwen.core import spreadsheets
from chuangwen.core.spreadsheets import RowError, SpreadsheetRefused, read_table
from chuangwen.org.models import Department, Person
from chuangwen.standards.models import Item

from . import services
from .models import Campaign, Task

SHEET_TITLE = "责任分解表"
OPTIONS_SHEET = "选项"
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
READ_COLUMNS = tuple(spreadsheets.Column(c.header, c.header, c.required) for c in COLUMNS)
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


# --- import ------------------------------------------------------------------------------------


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


def _read_rows(data: bytes, filename: str = "") -> list[tuple[int, dict]]:
    """(row number, cells by header) of the non-blank task rows below the header (found in the first
    ``HEADER_SEARCH_ROWS`` rows, under the title), read under the limits."""
    try:
        table = read_table(
            data,
            columns=READ_COLUMNS,
            max_bytes=settings.RESPONSIBILITY_TABLE_MAX_BYTES,
            max_rows=settings.RESPONSIBILITY_TABLE_MAX_ROWS,
            header_search_rows=HEADER_SEARCH_ROWS,
            sheet=SHEET_TITLE,
            filename=filename or "责任分解表.xlsx",
        )
    except SpreadsheetRefused as exc:
        raise ImportRefused(exc.message) from exc
    return [(row.number, row.cells) for row in table.rows if any(_text(v) for v in row.cells.values())]


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
    created = []
    with transaction.atomic():
        for row in parsed:
            try:
                if row.task is None:
                    task = services.task_create(campaign=campaign, user=user, notify=False, **row.values)
                    created.append(task)
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
        # One notice per new task to its heads and person, sent together (group robots get a digest).
        services.tasks_assigned_notify(created)
    return result
