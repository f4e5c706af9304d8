"""花名册: a unit's staff roster as an .xlsx workbook, imported and exported.

The workbook's headers and values (工号, 姓名, 中共党员, 在职 …) are Chinese whatever the interface
language, because this is the file hospital HR offices keep and exchange; only the messages about it
are translated. Export writes exactly what import reads, so export → import changes nothing."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chuangwen.core.spreadsheets import SpreadsheetRefused, read_xlsx_rows

from .models import Department, Person, Unit, phone_validator

BATCH_SIZE = 500
SHEET_TITLE = "花名册"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    width: int = 12
    max_length: int | None = None


COLUMNS = (
    Column("工号", "employee_no", required=True, width=12, max_length=20),
    Column("姓名", "name", required=True, width=10, max_length=30),
    Column("性别", "gender", width=6),
    Column("科室", "department", required=True, width=16),
    Column("职称", "title", width=14, max_length=30),
    Column("岗位", "position", width=14, max_length=30),
    Column("手机", "phone", width=16),
    Column("政治面貌", "political_status", width=14),
    Column("入职日期", "hired_on", width=12),
    Column("在职状态", "is_active", width=10),
)
HEADERS = tuple(c.header for c in COLUMNS)
REQUIRED = tuple(c.header for c in COLUMNS if c.required)

GENDERS = {"男": Person.Gender.MALE, "女": Person.Gender.FEMALE}
POLITICAL = {
    "中共党员": Person.Political.CPC,
    "中共预备党员": Person.Political.PROBATIONARY,
    "共青团员": Person.Political.LEAGUE,
    "民主党派": Person.Political.DEMOCRATIC,
    "群众": Person.Political.MASSES,
}
POLITICAL_ALIASES = {
    "党员": Person.Political.CPC,
    "预备党员": Person.Political.PROBATIONARY,
    "团员": Person.Political.LEAGUE,
}
STATUSES = {"在职": True, "离职": False}
GENDER_LABELS = {v: k for k, v in GENDERS.items()}
POLITICAL_LABELS = {v: k for k, v in POLITICAL.items()}
STATUS_LABELS = {v: k for k, v in STATUSES.items()}

_DATE_TEXT = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RowError:
    """One problem in one spreadsheet row (row 1 is the header)."""

    row: int
    employee_no: str
    column: str
    code: str
    reason: str

    def __str__(self) -> str:
        if self.employee_no:
            return _("Row %(row)s (employee no. %(no)s): %(reason)s") % {
                "row": self.row,
                "no": self.employee_no,
                "reason": self.reason,
            }
        return _("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}


class RosterImportError(Exception):
    """The file was refused and nothing was written: ``message`` says why, ``errors`` lists bad rows."""

    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


@dataclass(frozen=True)
class RosterResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class _CellError(Exception):
    def __init__(self, code: str, reason: str):
        self.code = code
        self.reason = reason


# ---------------------------------------------------------------------------------------------- import


def roster_import(*, unit: Unit, uploaded_file, user) -> RosterResult:
    """Import the roster in ``uploaded_file`` (an .xlsx upload with ``.size``) into ``unit``, as ``user``.

    The whole file is checked first; if anything is wrong, nothing is written and
    ``RosterImportError`` lists every bad row. Otherwise, in one transaction, people new to the unit
    are created, people whose 工号 exists and whose data differ are updated, and identical ones are
    left alone (so a second import of the same file writes nothing). Columns missing from the file
    leave those fields of existing people as they are. History rows name ``user``. The caller checks
    that ``user`` may change the unit's staff."""
    header, rows = _read_sheet(uploaded_file)
    departments = {d.name: d for d in Department.objects.filter(unit=unit)}
    cleaned, errors = _validate(header, rows, departments)
    if errors:
        summary = ngettext(
            "%(n)s problem found; nothing was imported. Correct the file and upload it again.",
            "%(n)s problems found; nothing was imported. Correct the file and upload it again.",
            len(errors),
        )
        raise RosterImportError(summary % {"n": len(errors)}, errors)
    fields = [c.field for c in COLUMNS if c.header in header and c.field != "employee_no"]
    try:
        with transaction.atomic():
            return _write(unit=unit, user=user, rows=cleaned, fields=fields)
    except IntegrityError as exc:
        # Someone added the same 工号 between our read and our write; the transaction rolled back.
        raise RosterImportError(_("The roster changed while importing; please import again.")) from exc


def _write(*, unit: Unit, user, rows: list[dict], fields: list[str]) -> RosterResult:
    existing = {p.employee_no: p for p in Person.objects.filter(unit=unit)}
    to_create: list[Person] = []
    to_update: list[Person] = []
    changed_fields: set[str] = set()
    for data in rows:
        person = existing.get(data["employee_no"])
        if person is None:
            to_create.append(Person(unit=unit, **data))
            continue
        changed = [f for f in fields if getattr(person, _attname(f)) != _db_value(data[f])]
        if changed:
            for f in changed:
                setattr(person, f, data[f])
            changed_fields.update(changed)
            to_update.append(person)
    if to_create:
        bulk_create_with_history(to_create, Person, batch_size=BATCH_SIZE, default_user=user)
    if to_update:
        now = timezone.now()
        for person in to_update:
            person.updated_at = now
        # Only the columns that changed somewhere: bulk_update's CASE per field is what costs.
        update_fields = [f for f in fields if f in changed_fields] + ["updated_at"]
        bulk_update_with_history(to_update, Person, update_fields, batch_size=BATCH_SIZE, default_user=user)
    return RosterResult(
        created=len(to_create), updated=len(to_update), unchanged=len(rows) - len(to_create) - len(to_update)
    )


def _attname(field: str) -> str:
    return "department_id" if field == "department" else field


def _db_value(value):
    return value.pk if isinstance(value, Department) else value


def _read_sheet(uploaded_file) -> tuple[dict[str, int], list[tuple[int, tuple]]]:
    """Header → column index, and the non-blank data rows with their spreadsheet row numbers."""
    try:
        sheet = read_xlsx_rows(uploaded_file, max_bytes=settings.ROSTER_MAX_BYTES, max_rows=settings.ROSTER_MAX_ROWS)
    except SpreadsheetRefused as exc:
        raise RosterImportError(exc.message) from exc
    first = sheet.rows[0][1] if sheet.rows and sheet.rows[0][0] == 1 else ()
    header: dict[str, int] = {}
    for i, value in enumerate(first):
        name = _SPACES.sub("", _text(value)).rstrip("*")
        if name in HEADERS:
            if name in header:
                raise RosterImportError(_("The column “%(column)s” appears more than once.") % {"column": name})
            header[name] = i
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise RosterImportError(
            _("The file lacks the required columns: %(columns)s.") % {"columns": "、".join(missing)}
        )
    width = max(header.values()) + 1
    rows = [(n, values[:width] + (None,) * (width - len(values))) for n, values in sheet.rows if n > 1]
    if not rows:
        raise RosterImportError(_("The file has no staff rows below the header."))
    return header, rows


def _validate(
    header: dict[str, int], rows: list[tuple[int, tuple]], departments: dict[str, Department]
) -> tuple[list[dict], list[RowError]]:
    """Cleaned rows (field → model value) and every problem found, in row order."""
    cleaned: list[dict] = []
    errors: list[RowError] = []
    first_row: dict[str, int] = {}
    parsers = [(c, header[c.header], _PARSERS[c.field]) for c in COLUMNS if c.header in header]
    for row_no, values in rows:
        employee_no = _text(values[header["工号"]])
        data: dict = {}
        row_errors: list[RowError] = []
        for column, index, parse in parsers:
            try:
                value = parse(values[index], departments)
                if column.max_length and len(value) > column.max_length:
                    raise _CellError(
                        "too_long",
                        _("%(column)s is longer than %(max)s characters.")
                        % {"column": column.header, "max": column.max_length},
                    )
                data[column.field] = value
            except _CellError as exc:
                row_errors.append(RowError(row_no, employee_no, column.header, exc.code, exc.reason))
        if employee_no and "employee_no" in data:
            if employee_no in first_row:
                reason = _("Employee number %(no)s is already used in row %(row)s.") % {
                    "no": employee_no,
                    "row": first_row[employee_no],
                }
                row_errors.append(RowError(row_no, employee_no, "工号", "duplicate", reason))
            else:
                first_row[employee_no] = row_no
        errors.extend(row_errors)
        if not row_errors:
            cleaned.append(data)
    return cleaned, errors


def _text(value) -> str:
    """A cell as text: Excel keeps typed numbers as int or float, so 1001.0 reads as "1001"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _required(value, header: str) -> str:
    text = _text(value)
    if not text:
        raise _CellError("required", _("%(column)s is missing.") % {"column": header})
    return text


def _parse_employee_no(value, departments) -> str:
    return _required(value, "工号")


def _parse_name(value, departments) -> str:
    return _required(value, "姓名")


def _parse_plain(value, departments) -> str:
    return _text(value)


def _parse_gender(value, departments) -> str:
    text = _text(value)
    if not text:
        return ""
    if text not in GENDERS:
        raise _CellError("invalid", _("Gender “%(value)s” is not valid; use 男 or 女.") % {"value": text})
    return GENDERS[text]


def _parse_department(value, departments) -> Department:
    name = _required(value, "科室")
    if name not in departments:
        raise _CellError("unknown_department", _("Department “%(name)s” does not exist.") % {"name": name})
    return departments[name]


def _parse_phone(value, departments) -> str:
    text = _SPACES.sub("", _text(value))
    if text and not phone_validator.regex.match(text):
        raise _CellError("invalid", _("Phone number “%(value)s” is not valid.") % {"value": text})
    return text


def _parse_political(value, departments) -> str:
    text = _text(value)
    if not text:
        return Person.Political.MASSES
    status = POLITICAL.get(text) or POLITICAL_ALIASES.get(text)
    if status is None:
        raise _CellError(
            "invalid",
            _("Political status “%(value)s” is not valid; use one of %(choices)s.")
            % {"value": text, "choices": "、".join(POLITICAL)},
        )
    return status


def _parse_date(value, departments) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    match = _DATE_TEXT.match(text)
    try:
        if not match:
            raise ValueError(text)
        return date(int(match[1]), int(match[3]), int(match[4]))
    except ValueError:
        raise _CellError(
            "invalid", _("Date “%(value)s” is not valid; write it as YYYY-MM-DD.") % {"value": text}
        ) from None


def _parse_status(value, departments) -> bool:
    text = _text(value)
    if not text:
        return True
    if text not in STATUSES:
        raise _CellError("invalid", _("Status “%(value)s” is not valid; use 在职 or 离职.") % {"value": text})
    return STATUSES[text]


_PARSERS = {
    "employee_no": _parse_employee_no,
    "name": _parse_name,
    "gender": _parse_gender,
    "department": _parse_department,
    "title": _parse_plain,
    "position": _parse_plain,
    "phone": _parse_phone,
    "political_status": _parse_political,
    "hired_on": _parse_date,
    "is_active": _parse_status,
}

# ---------------------------------------------------------------------------------------------- export

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center")
_TEXT_FIELDS = {"employee_no", "phone"}


def roster_export(queryset, *, with_unit: bool = False) -> bytes:
    """The people of ``queryset`` as an .xlsx roster that ``roster_import`` reads back unchanged.

    With ``with_unit`` a leading 单位 column names each person's unit (import ignores it)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    columns = ([Column("单位", "unit", width=24)] if with_unit else []) + list(COLUMNS)
    _prepare_sheet(sheet, columns)
    for person in queryset.select_related("department", "unit").iterator(chunk_size=2000):
        sheet.append([_export_cell(sheet, column.field, _export_value(person, column.field)) for column in columns])
    return _save(workbook)


def _export_value(person: Person, field: str):
    if field == "unit":
        return person.unit.name
    if field == "department":
        return person.department.name
    if field == "gender":
        return GENDER_LABELS.get(person.gender, "")
    if field == "political_status":
        return POLITICAL_LABELS.get(person.political_status, "")
    if field == "is_active":
        return STATUS_LABELS[person.is_active]
    return getattr(person, field)


def _export_cell(sheet, field: str, value):
    if field in _TEXT_FIELDS:
        cell = WriteOnlyCell(sheet, value or None)
        cell.number_format = "@"
        return cell
    if field == "hired_on" and value:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value or None


def _prepare_sheet(sheet, columns: list[Column]) -> None:
    """Widths, a frozen bold header row with a fill (before any row, as write-only sheets need)."""
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        # A WriteOnlyCell can be appended to an ordinary sheet too, so both kinds share this code.
        cell = WriteOnlyCell(sheet, column.header)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
        header.append(cell)
    sheet.append(header)


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_GUIDE = (
    ("工号", "必填", "本单位内唯一，按文本填写；已存在的工号将更新该职工信息"),
    ("姓名", "必填", "不超过 30 个字"),
    ("性别", "选填", "男 / 女"),
    ("科室", "必填", "须为本单位已有科室的名称，见右侧“本单位科室”"),
    ("职称", "选填", "如 主治医师、主管护师"),
    ("岗位", "选填", "如 临床医生、护士长"),
    ("手机", "选填", "11 位手机号，或固定电话如 0736-1234567"),
    ("政治面貌", "选填", "中共党员 / 中共预备党员 / 共青团员 / 民主党派 / 群众；空白视为群众"),
    ("入职日期", "选填", "日期格式，或文本 YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD"),
    ("在职状态", "选填", "在职 / 离职；空白视为在职"),
)


def roster_template(*, unit: Unit) -> bytes:
    """An empty roster for ``unit`` to fill in: the header, one example row (to delete), drop-down lists,
    and a 说明 sheet describing each column and listing the unit's departments."""
    departments = list(Department.objects.filter(unit=unit, is_active=True).values_list("name", flat=True))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _prepare_sheet(sheet, list(COLUMNS))
    example = [
        "0001",
        "张三",
        "男",
        departments[0] if departments else "内科",
        "主治医师",
        "临床医生",
        "13800000000",
        "群众",
        date(2020, 7, 1),
        "在职",
    ]
    sheet.append(example)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    sheet["A2"].number_format = sheet["G2"].number_format = "@"
    sheet["I2"].number_format = "yyyy-mm-dd"

    guide = workbook.create_sheet("说明")
    for letter, width in zip("ABCDE", (12, 8, 60, 4, 20), strict=True):
        guide.column_dimensions[letter].width = width
    guide.append(["列名", "是否必填", "说明（第 2 行为示例，导入前请删除）", None, "本单位科室"])
    for row in guide.iter_rows(min_row=1, max_row=1):
        for cell in row:
            if cell.value:
                cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for i in range(max(len(_GUIDE), len(departments))):
        line = list(_GUIDE[i]) if i < len(_GUIDE) else [None, None, None]
        guide.append([*line, None, departments[i] if i < len(departments) else None])

    last = settings.ROSTER_MAX_ROWS + 1
    lists = {
        "C": '"' + ",".join(GENDERS) + '"',
        "H": '"' + ",".join(POLITICAL) + '"',
        "J": '"' + ",".join(STATUSES) + '"',
    }
    if departments:
        lists["D"] = f"'说明'!$E$2:$E${len(departments) + 1}"
    for letter, formula in lists.items():
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)
    return _save(workbook)
